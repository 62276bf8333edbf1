"""The per-article stage: clean, then sentences and entity mentions from spaCy.

``analyse_batch`` is a pure function of its articles and the loaded pipeline: no I/O, no
state besides the pipeline cache, so it runs the same in-process, in a pool or on Dask.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsledger.analyse.clean import clean
from newsledger.analyse.doctext import doc_ents, doc_text
from newsledger.analyse.linking import link_quantities, nest
from newsledger.analyse.quantities import quantities_of
from newsledger.analyse.statements import statements_of
from newsledger.analyse.timeguard import AnalysisTimeout, time_limit
from newsledger.errors import ConfigError
from newsledger.records import (
    AnalysedArticle,
    Analysis,
    Article,
    CleanText,
    ErrorKind,
    Mention,
    Problem,
    Sentence,
)
from newsledger.vocabulary import Attribution

LOGGER = logging.getLogger(__name__)
_PIPELINES: dict[str, Language] = {}
PIPE_BATCH = 32
DEFAULT_SECONDS = 60.0
# Rank and title abbreviations the stock tokenizer splits at the full stop, which then ends
# the sentence inside a name: "Troy police Lt. Gerry Scherlinck said."
TITLE_ABBREVIATIONS = tuple(
    f"{word}."
    for word in """Lt Lieut Sgt Capt Cpt Cpl Pvt Spc Col Maj Brig Gens Cmdr Cdr Comdr Det Insp
    Supt Ofc Tpr Atty Asst Pres Hon Msgr Cllr Reps Sens Sr""".split()
)


@Language.component("newsledger_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: in news text it ends a headline, a dateline or a
    paragraph, which the parser would otherwise run into the next line."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and (
            "\n" in before.whitespace_ or (before.is_space and "\n" in before.text)
        ):
            token.is_sent_start = True
    return doc


def load_pipeline(name: str) -> Language:
    """The spaCy pipeline ``name`` (a package or a path), loaded once per process."""
    if name not in _PIPELINES:
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError) as exc:
            raise ConfigError(
                f"cannot load the spaCy pipeline {name!r}: {exc}. Install it as a package "
                "(the default comes with newsledger) or set spacy_model to an installed one."
            ) from None
        nlp.max_length = max(nlp.max_length, 1_000_001)
        add_special_case = getattr(
            nlp.tokenizer, "add_special_case", None
        )  # a custom one may lack it
        if add_special_case is not None:
            for abbreviation in TITLE_ABBREVIATIONS:
                add_special_case(abbreviation, [{"ORTH": abbreviation}])
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("newsledger_line_breaks", before="parser")
        _PIPELINES[name] = nlp
    return _PIPELINES[name]


def analysis_of(
    doc: Doc, published: str | None = None, attribution: Attribution = Attribution.MODEL
) -> Analysis:
    """Sentences, entity mentions and numeric claims of a parsed document, as offsets into its
    text; relative dates resolve against ``published``; ``attribution`` chooses who finds the
    statements."""
    text = doc_text(doc)  # a span's text is its slice of the document's (cheaper than .text)
    sentences = tuple(
        Sentence(s.start_char, s.end_char, words)
        for s in doc.sents
        if (words := text[s.start_char : s.end_char]).strip()
    )
    mentions = tuple(
        Mention(e.start_char, e.end_char, e.label_, text[e.start_char : e.end_char])
        for e in doc_ents(doc)
    )
    statements = nest(statements_of(doc, published, attribution))
    quantities = link_quantities(quantities_of(doc, published), statements)
    return Analysis(
        sentences=sentences, mentions=mentions, quantities=quantities, statements=statements
    )


def analyse_batch(
    model: str,
    articles: Sequence[Article],
    seconds: float = DEFAULT_SECONDS,
    attribution: Attribution = Attribution.MODEL,
) -> list[AnalysedArticle | Problem]:
    """Clean and analyse each article; one that breaks the pipeline becomes a Problem."""
    nlp = load_pipeline(model)
    cleaned = [clean(a.raw_text) for a in articles]
    docs: list[Doc | Problem]
    try:
        docs = list(nlp.pipe((c.text for c in cleaned), batch_size=PIPE_BATCH))
    except (ValueError, RuntimeError, IndexError) as exc:
        LOGGER.info("batch failed in the pipeline (%s); retrying one article at a time", exc)
        docs = [_parse_one(nlp, a, c.text) for a, c in zip(articles, cleaned, strict=True)]
    return [
        d if isinstance(d, Problem) else _analysed(a, c, d, seconds, attribution)
        for a, c, d in zip(articles, cleaned, docs, strict=True)
    ]


def _parse_one(nlp: Language, article: Article, text: str) -> Doc | Problem:
    try:
        return nlp(text)
    except (ValueError, RuntimeError, IndexError) as exc:
        return Problem(
            article.source,
            article.position,
            ErrorKind.ANALYSIS,
            f"the NLP pipeline failed on article {article.id!r}: {exc}",
        )


def _analysed(
    article: Article, cleaned: CleanText, doc: Doc, seconds: float, attribution: Attribution
) -> AnalysedArticle | Problem:
    try:
        with time_limit(seconds):
            return AnalysedArticle(
                article, cleaned, analysis_of(doc, article.published, attribution)
            )
    except AnalysisTimeout:
        LOGGER.debug("analysis of article %r stopped after %s s", article.id, seconds)
        return Problem(
            article.source,
            article.position,
            ErrorKind.ANALYSIS,
            f"the analysis of article {article.id!r} took longer than {seconds} s "
            "(max_article_seconds); the article was not stored",
        )
    except Exception as exc:  # one article that trips a rule must not end a batch of thousands
        # one line in the summary and a row in the errors table; the traceback with -vv
        LOGGER.debug("analysis failed on article %r", article.id, exc_info=True)
        return Problem(
            article.source,
            article.position,
            ErrorKind.INTERNAL,
            f"newsledger's analysis failed on article {article.id!r} "
            f"({type(exc).__name__}: {exc}); please report it with the article",
        )
