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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from newsledger.analyse.attribution_model.features import (
    DocInfo,
    cue_features,
    cue_head,
    doc_info,
    span_features,
    window_of,
)

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
        return self.span.tag(span_features(info, cue[0], cue[1], start, end))

    def tag(self, doc: Doc, extra_cues: tuple[tuple[int, int], ...] = ()) -> list[Tagged]:
        """The attributions of ``doc``: one per cue the cue tagger finds, and one per cue of
        ``extra_cues`` (token ranges, from the rules) that overlaps none of those."""
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


def _structural(doc: Doc, cue: tuple[int, int], start: int, labels: list[str]) -> list[str]:
    """A token of the clause the cue governs is never its source ("Prices will rise, the
    senator said": "Prices" is what was said)."""
    head = cue_head(doc, *cue)
    clause = set()
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
