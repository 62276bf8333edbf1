"""Property tests: cleaning and analysis of arbitrary Unicode text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.analyse.clean import clean
from newsledger.analyse.pipeline import analyse_batch
from newsledger.config import Settings
from newsledger.records import AnalysedArticle, Article, Problem

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=3000)
NEWSY = st.lists(
    st.sampled_from(
        [
            "The mayor said",
            " 40 ",
            "people",
            " were evacuated",
            ".",
            '"',
            "\u201c",
            "\n\n",
            "Share this",
            "<div>",
            " according to police",
            " on Monday",
            "\u200b",
            "\ufffd",
            "1,200 km",
            " 3.5 ",
            "½",
            "٣",
            "\x0c",
        ]
    )
    | TEXT.map(lambda t: t[:40]),
    max_size=60,
).map("".join)


@given(text=TEXT | NEWSY)
def test_fuzz_cleaning_keeps_its_offsets(text: str) -> None:
    cleaned = clean(text)
    for removal in cleaned.removals:
        assert 0 <= removal.start <= removal.end <= len(text)
        assert text[removal.start : removal.end] == removal.text


@settings(max_examples=10)
@given(texts=st.lists(NEWSY | TEXT, min_size=1, max_size=3))
def test_fuzz_analysis_of_any_text_gives_one_result_per_article(texts: list[str]) -> None:
    articles = [Article(id=f"a{n}", raw_text=t or " ", source="fuzz") for n, t in enumerate(texts)]
    results = analyse_batch(Settings().spacy_model, articles, 30)
    assert len(results) == len(articles)
    for result in results:
        assert isinstance(result, (AnalysedArticle, Problem))
        if isinstance(result, AnalysedArticle):
            text = result.clean.text
            assert all(0 <= s.start <= s.end <= len(text) for s in result.analysis.sentences)
            assert all(0 <= q.start <= q.end <= len(text) for q in result.analysis.quantities)
