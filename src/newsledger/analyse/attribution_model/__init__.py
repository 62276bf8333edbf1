"""The trained attribution model: two CRF taggers (python-crfsuite) over spaCy parse features.

1. The cue tagger labels the cue words of each sentence that could hold one ("said",
   "according to", "told reporters", a colon after a name) as B-CUE / I-CUE.
2. For each cue found, the span tagger reads a window of sentences around it and labels each
   token as that cue's source (SRC), its content (CON), the cue itself or nothing. Features
   say where the token stands relative to the cue: its dependency path to the cue, the side,
   the distance, whether it is inside the same quotation.

``tag(doc)`` returns one ``Tagged`` per cue, with character spans. The weights ship in this
package (``cue.crfsuite``, ``span.crfsuite``), trained by ``scripts/train_attribution.py`` on
PolNeAR's training split (see docs/attribution-model.md); each process loads them once.

At run time the features are computed and scored a document at a time with numpy
(``scoring.py``); ``tag_reference`` builds them as strings for CRFsuite, as training does, and
gives the same attributions (a test holds the two together).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from newsledger.analyse.attribution_model.features import (
    WINDOW,
    DocInfo,
    cue_features,
    cue_head,
    doc_info,
    span_features,
    window_of,
)
from newsledger.analyse.attribution_model.scoring import SPACE, Parse, Scorer, Window

MODEL_DIR = Path(str(resources.files(__package__)))
CUE_MODEL = "cue.crfsuite"
SPAN_MODEL = "span.crfsuite"
CUE_WORDS = "cue_words.txt"
# A token starts a cue when the cue tagger gives it at least this probability (chosen on dev).
CUE_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Tagged:
    """One attribution the model found: character spans into the document text."""

    cue: tuple[int, int]
    source: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]
    cue_tokens: tuple[int, int]  # token range of the cue


class Model:
    """The two taggers and the cue-word list, loaded from ``directory``."""

    def __init__(self, directory: Path = MODEL_DIR) -> None:
        import pycrfsuite

        self.cue = pycrfsuite.Tagger()
        self.cue.open(str(directory / CUE_MODEL))
        self.span = pycrfsuite.Tagger()
        self.span.open(str(directory / SPAN_MODEL))
        self.cue_words = frozenset((directory / CUE_WORDS).read_text().split())
        self.threshold = CUE_THRESHOLD
        self.scorer = Scorer(directory / CUE_MODEL, directory / SPAN_MODEL, self.cue_words)
        labels = self.scorer.span.labels
        self._labels = (labels.index("O"), labels.index("SRC"), labels.index("CON"))
        voc = self.scorer.vocabulary
        self._clause = frozenset(voc[d] for d in _CLAUSE_DEPS)

    def candidate(self, info: DocInfo, start: int, end: int) -> bool:
        """Whether a sentence has a word a cue has been seen made of (only those are tagged)."""
        doc = info.doc
        return any(
            doc[i].lower_ in self.cue_words or doc[i].lemma_.lower() in self.cue_words
            for i in range(start, end)
        )

    def cues(self, info: DocInfo) -> list[tuple[int, int]]:
        """Token ranges of the cues of the document."""
        out = []
        for sent in info.sents:
            if not self.candidate(info, sent.start, sent.end):
                continue
            labels = self.cue.tag(cue_features(info, sent))
            if self.threshold < 0.5:
                labels = self._lenient(labels)
            start = None
            for k, label in enumerate([*labels, "O"]):
                i = sent.start + k
                if start is not None and label != "I-CUE":
                    out.append((start, i))
                    start = None
                if label == "B-CUE" or (label == "I-CUE" and start is None):
                    start = i
        return out

    def _lenient(self, labels: list[str]) -> list[str]:
        """Viterbi labels, plus a cue wherever its marginal probability reaches the threshold
        (the tagger is more precise than it recalls)."""
        out = list(labels)
        for k in range(len(out)):
            if out[k] != "O":
                continue
            if self.cue.marginal("B-CUE", k) >= self.threshold:
                out[k] = "I-CUE" if k > 0 and out[k - 1] != "O" else "B-CUE"
            elif k > 0 and out[k - 1] != "O" and self.cue.marginal("I-CUE", k) >= self.threshold:
                out[k] = "I-CUE"
        return out

    def spans(self, info: DocInfo, cue: tuple[int, int]) -> list[str]:
        start, end = window_of(info, *cue)
        labels: list[str] = self.span.tag(span_features(info, cue[0], cue[1], start, end))
        return labels

    def tag(self, doc: Doc, extra_cues: tuple[tuple[int, int], ...] = ()) -> list[Tagged]:
        """The attributions of ``doc``: one per cue the cue tagger finds, and one per cue of
        ``extra_cues`` (token ranges, from the rules) that overlaps none of those."""
        scorer = self.scorer
        p = scorer.parse(doc)
        cues = scorer.cues(p)
        for extra in extra_cues:
            if not any(a < extra[1] and extra[0] < b for a, b in cues):
                cues.append(extra)
        cues.sort()
        windows = []
        for cue in cues:
            head = _head(p, *cue)
            start, end = _window(p, *cue)
            windows.append(Window(cue, head, start, end, *_edges(doc, head)))
        outside, src, con = self._labels
        out = []
        for window, labels in zip(windows, scorer.spans(p, windows), strict=True):
            labels = _structural_ids(p, window, labels, self._labels, self._clause)
            content = _runs_ids(p, window.start, labels, con, outside)
            if not content:
                continue
            source = _runs_ids(p, window.start, labels, src, outside)
            a, b = window.cue
            out.append(
                Tagged((int(p.idx[a]), int(p.ends[b - 1])), tuple(source), tuple(content), (a, b))
            )
        return out

    def tag_reference(self, doc: Doc, extra_cues: tuple[tuple[int, int], ...] = ()) -> list[Tagged]:
        """``tag`` through CRFsuite over the feature strings of features.py (as in training)."""
        info = doc_info(doc)
        out = []
        cues = self.cues(info)
        for extra in extra_cues:
            if not any(a < extra[1] and extra[0] < b for a, b in cues):
                cues.append(extra)
        for cue in sorted(cues):
            start, end = window_of(info, *cue)
            labels = self.span.tag(span_features(info, cue[0], cue[1], start, end))
            labels = _structural(doc, cue, start, labels)
            content = _runs(doc, start, labels, "CON")
            if not content:
                continue
            source = _runs(doc, start, labels, "SRC")
            cue_chars = (doc[cue[0]].idx, doc[cue[1] - 1].idx + len(doc[cue[1] - 1]))
            out.append(Tagged(cue_chars, tuple(source), tuple(content), cue))
        return out


_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})


def _head(p: Parse, start: int, end: int) -> int:
    """The token of a cue whose head lies outside it (features.cue_head)."""
    for i in range(start, end):
        h = int(p.heads[i])
        if not start <= h < end or h == i:
            return i
    return start


def _window(p: Parse, cue_start: int, cue_end: int, width: int = WINDOW) -> tuple[int, int]:
    """features.window_of over the arrays: the cue's sentence and ``width`` on each side,
    within its paragraph."""
    starts, ends, para_of = p.sent_starts, p.sent_ends, p.para_of
    n = int(p.sent_of[cue_start])
    para = para_of[cue_start]
    first = last = n
    while first > 0 and n - first < width and para_of[ends[first - 1] - 1] == para:
        first -= 1
    while last + 1 < len(starts) and last - n < width and para_of[starts[last + 1]] == para:
        last += 1
    return int(starts[first]), int(ends[last])


def _edges(doc: Doc, i: int) -> tuple[int, int]:
    token = doc[i]
    return token.left_edge.i, token.right_edge.i


def _structural_ids(
    p: Parse,
    window: Window,
    labels: list[int],
    ids: tuple[int, int, int],
    clause: frozenset[int],
) -> list[int]:
    """_structural over the arrays: a source token inside the clause the cue governs is
    content, one above the cue is nothing."""
    outside, src, con = ids
    out = list(labels)
    sources = [k for k, label in enumerate(out) if label == src]
    if not sources:
        return out
    h = window.head
    a, b = window.cue
    deps = p.dep
    clause_roots = {
        c
        for c in np.nonzero(p.heads == h)[0].tolist()
        if c != h and deps[c] in clause and not a <= c < b
    }
    above = set()
    cur = h
    while p.heads[cur] != cur:
        cur = int(p.heads[cur])
        above.add(cur)
    anc = p.ancestors()
    for k in sources:
        i = window.start + k
        if clause_roots and clause_roots.intersection(anc[i].tolist()):
            out[k] = con
        elif i in above:
            out[k] = outside  # the verb of an outer report is not the inner source
    return out


def _runs_ids(
    p: Parse, start: int, labels: list[int], wanted: int, outside: int
) -> list[tuple[int, int]]:
    """_runs over the arrays: character spans of the runs of ``wanted``; runs parted only by
    punctuation join."""
    if wanted not in labels:
        return []
    end = start + len(labels)
    quiet = (p.is_punct[start:end] | p.has(SPACE)[start:end]).tolist()  # punctuation, space
    runs: list[list[int]] = []
    gap_ok = True
    for k, label in enumerate(labels):
        i = start + k
        if label == wanted:
            if runs and (gap_ok and runs[-1][1] < i or runs[-1][1] == i):
                runs[-1][1] = i + 1
            else:
                runs.append([i, i + 1])
            gap_ok = True
        elif runs and runs[-1][1] <= i:
            if not quiet[k] or label != outside:
                gap_ok = False
    spans = []
    for a, b in runs:
        while b > a + 1 and quiet[b - 1 - start]:
            b -= 1
        if all(quiet[a - start : b - start]):
            continue
        spans.append((int(p.idx[a]), int(p.ends[b - 1])))
    return spans


def _structural(doc: Doc, cue: tuple[int, int], start: int, labels: list[str]) -> list[str]:
    """A token of the clause the cue governs is never its source ("Prices will rise, the
    senator said": "Prices" is what was said)."""
    head = cue_head(doc, *cue)
    clause: set[int] = set()
    for child in head.children:
        if child.dep_ in _CLAUSE_DEPS and not cue[0] <= child.i < cue[1]:
            clause.update(t.i for t in child.subtree)
    above = {t.i for t in head.ancestors}
    out = list(labels)
    for k, label in enumerate(out):
        if label == "SRC" and start + k in clause:
            out[k] = "CON"
        elif label == "SRC" and start + k in above:
            out[k] = "O"  # the verb of an outer report is not the inner source
    return out


def _runs(doc: Doc, start: int, labels: list[str], wanted: str) -> list[tuple[int, int]]:
    """Character spans of the runs of ``wanted``; runs parted only by punctuation join."""
    runs: list[list[int]] = []
    gap_ok = True
    for k, label in enumerate(labels):
        i = start + k
        token = doc[i]
        if label == wanted:
            if runs and gap_ok and runs[-1][1] < i:
                runs[-1][1] = i + 1
            elif runs and runs[-1][1] == i:
                runs[-1][1] = i + 1
            else:
                runs.append([i, i + 1])
            gap_ok = True
        elif runs and runs[-1][1] <= i:
            if not (token.is_punct or token.is_space) or label != "O":
                gap_ok = False
    spans = []
    for a, b in runs:
        while b > a + 1 and (doc[b - 1].is_space or doc[b - 1].is_punct):
            b -= 1
        if all(t.is_punct or t.is_space for t in doc[a:b]):
            continue
        spans.append((doc[a].idx, doc[b - 1].idx + len(doc[b - 1])))
    return spans


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model, loaded once per process."""
    return Model()


def tag(doc: Doc, extra_cues: tuple[tuple[int, int], ...] = ()) -> list[Tagged]:
    """Every attribution the shipped model finds in ``doc``."""
    return model().tag(doc, extra_cues)
