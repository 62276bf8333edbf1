"""The attribution model's run-time scoring (numpy, a document at a time) against the feature
strings of features.py scored through CRFsuite, as in training: the same scores, the same
attributions. Texts written for these tests."""

from __future__ import annotations

import numpy as np
import pycrfsuite
import pytest

from newsledger.analyse.attribution_model import CUE_MODEL, MODEL_DIR, SPAN_MODEL, model
from newsledger.analyse.attribution_model.features import (
    cue_features,
    cue_head,
    doc_info,
    span_features,
    window_of,
)
from newsledger.analyse.attribution_model.scoring import (
    Window,
    cue_scores,
    span_scores,
    static_ids,
)
from newsledger.analyse.pipeline import load_pipeline
from newsledger.analyse.quotes import quote_spans

TEXTS = [
    # speech verbs, quotes split around their cue, nested reports, a colon line
    "RIVERTON (Wire) - The mayor said on Tuesday that the bridge would reopen in May.\n\n"
    "\u201cWe are ready,\u201d she told reporters, \u201cand the money is there.\u201d\n\n"
    "Officials, who asked not to be named, said the report showed that costs had doubled, "
    "according to a senior aide.\n\n"
    "SMITH: We will not give up.\n",
    # dashes, straight quotes, an inverted cue, a question, a title in quotes
    '"A fine result," said coach Mara Lindqvist \u2014 who has won twice \u2014 after the game. '
    'Is that all? "No," insists the mayor. The critic called the film "Casablanca" a classic.\n'
    "\u201cWe will rebuild\u201d \u2015 Governor Heidar Alishvandi\n"
    "He believes the new tax law will hurt poor people, and he added that more was to come.",
    # long sentences, a colon, nothing said at all, line breaks inside a paragraph
    "Paris: Jewellery stolen in raid\n"
    "The storm, which forecasters had expected to weaken, instead grew stronger over the "
    "warm water of the gulf, flattening four villages, killing at least ten people and "
    "leaving thousands without power, the agency said in a statement late on Sunday.\n"
    "Police offered no details. Prices rose. 'Tis the season, as the saying goes.",
    "",
    "Hello.",
]


@pytest.fixture(scope="module")
def nlp(settings):
    return load_pipeline(settings.spacy_model)


def _attributes(path) -> dict[str, int]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return {name: int(i) for name, i in tagger.info().attributes.items()}


def _reference(crf, attributes: dict[str, int], features: list[list[str]]) -> np.ndarray:
    """Scores as CRFsuite computes them: each feature string's weights, summed."""
    out = np.zeros((len(features), len(crf.labels)))
    for k, token in enumerate(features):
        for name in token:
            if name in attributes:
                out[k] += crf.weights[attributes[name]]
    return out


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_scores_are_crfsuites_on_the_feature_strings(nlp, text: str) -> None:
    doc = nlp(text)
    m = model()
    scorer = m.scorer
    info = doc_info(doc)
    parse = scorer.parse(doc)
    cue_attrs = _attributes(MODEL_DIR / CUE_MODEL)
    scores = cue_scores(scorer.cue, parse, scorer.vocabulary)
    for sent in info.sents:
        expected = _reference(scorer.cue, cue_attrs, cue_features(info, sent))
        np.testing.assert_allclose(scores[sent.start : sent.end], expected, atol=1e-9)
    cues = [(t.i, t.i + 1) for t in doc if t.pos_ in ("VERB", "ADP") or t.text in ":\u2015"]
    if not cues:
        return
    windows = []
    for cue in cues:
        head = cue_head(doc, *cue)
        start, end = window_of(info, *cue)
        windows.append(Window(cue, head.i, start, end, head.left_edge.i, head.right_edge.i))
    static = scorer.span.weights[static_ids(scorer.span, parse, scorer.vocabulary)].sum(axis=1)
    span_attrs = _attributes(MODEL_DIR / SPAN_MODEL)
    got = span_scores(scorer.span, parse, scorer.vocabulary, static, windows)
    for window, scored in zip(windows, got, strict=True):
        features = span_features(info, *window.cue, window.start, window.end)
        expected = _reference(scorer.span, span_attrs, features)
        np.testing.assert_allclose(scored, expected, atol=1e-9)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_attributions_are_those_of_crfsuite(nlp, text: str) -> None:
    doc = nlp(text)
    m = model()
    extra = tuple((t.i, t.i + 1) for t in doc if t.lemma_ in ("say", "add"))
    assert m.tag(doc, extra) == m.tag_reference(doc, extra)


def test_viterbi_breaks_ties_on_the_first_label() -> None:
    crf = model().scorer.span
    flat = np.zeros((1, 3, len(crf.labels)))
    saved = crf.transitions.copy()
    try:
        crf.transitions[:] = 0.0
        assert crf.viterbi(flat, np.array([3])) == [[0, 0, 0]]
    finally:
        crf.transitions[:] = saved


def test_viterbi_of_padded_sequences_is_that_of_each_alone() -> None:
    crf = model().scorer.span
    rng = np.random.default_rng(16)
    lengths = np.array([3, 5, 1, 5])
    scores = rng.normal(0, 3, (4, 5, len(crf.labels)))
    together = crf.viterbi(scores, lengths)
    for b, n in enumerate(lengths):
        alone = crf.viterbi(scores[b : b + 1, :n], np.array([n]))
        assert together[b] == alone[0]


def test_quote_pairing_reads_marks_doubled_quotes_and_line_ends() -> None:
    text = "He said ''no'' and \u201cyes\u201d.\n\u201cOpen\nstill \"open\" then\u201d"
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ["''no''", "\u201cyes\u201d", "\u201cOpen", '"open"']


def test_every_attribute_of_the_shipped_taggers_has_a_template() -> None:
    scorer = model().scorer
    assert scorer.cue.unread == [] and scorer.span.unread == []
