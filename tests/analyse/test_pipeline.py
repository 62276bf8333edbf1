from __future__ import annotations

import pytest

from newsledger.analyse.pipeline import analyse_batch, load_pipeline
from newsledger.errors import ConfigError
from newsledger.records import AnalysedArticle, Article


def test_pipeline_sentences_and_mentions_point_into_clean_text(settings) -> None:
    article = Article(
        id="a",
        source="mem",
        raw_text=(
            "Ukrainian Defense Minister Rustem Umerov said five units would be deployed in Kursk.\n"
            '<source type="image/webp" src\n'
            "The Pentagon believes at least 10,000 North Koreans are already in Russia."
        ),
    )
    (result,) = analyse_batch(settings.spacy_model, [article])
    assert isinstance(result, AnalysedArticle)
    text = result.clean.text
    assert len(result.analysis.sentences) == 2
    for s in result.analysis.sentences:
        assert text[s.start : s.end] == s.text
    labels = {(m.text, m.label) for m in result.analysis.mentions}
    assert any("Umerov" in t and label == "PERSON" for t, label in labels)
    assert ("Russia", "GPE") in labels
    assert all(text[m.start : m.end] == m.text for m in result.analysis.mentions)


def test_pipeline_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no_such_pipeline"):
        load_pipeline("no_such_pipeline")


def test_pipeline_an_article_past_its_time_limit_is_a_problem(settings, monkeypatch) -> None:
    import time

    from newsledger.analyse import pipeline
    from newsledger.records import ErrorKind, Problem

    real = pipeline.analysis_of

    def slow(doc, published=None, attribution="model"):
        if "stall" in doc.text:
            time.sleep(5)
        return real(doc, published, attribution)

    monkeypatch.setattr(pipeline, "analysis_of", slow)
    articles = [
        Article(id="slow", source="mem", raw_text="This text will stall the rules."),
        Article(id="fine", source="mem", raw_text="The mayor said 40 homes flooded."),
    ]
    slow_result, fine_result = analyse_batch(settings.spacy_model, articles, seconds=0.5)
    assert isinstance(slow_result, Problem) and slow_result.kind is ErrorKind.ANALYSIS
    assert "max_article_seconds" in slow_result.message
    assert isinstance(fine_result, AnalysedArticle)


def test_pipeline_a_line_break_ends_a_sentence(settings) -> None:
    text = (
        "Depot fire under control, says fire chief\n"
        "The fire at the depot was brought under control on Tuesday morning.\n\n"
        "Around 150 firefighters worked through the night"
    )
    (result,) = analyse_batch(settings.spacy_model, [Article(id="a", raw_text=text, source="t")])
    assert isinstance(result, AnalysedArticle)
    assert [s.text.strip() for s in result.analysis.sentences] == [
        "Depot fire under control, says fire chief",
        "The fire at the depot was brought under control on Tuesday morning.",
        "Around 150 firefighters worked through the night",
    ]
