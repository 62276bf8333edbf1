"""The TF-IDF vectors of a batch of new articles, weighed with the document frequencies of
everything linked before and of the batch itself (the batch's terms are counted first)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from newsledger.ledger.links import Linkable, LinkStore
from newsledger.link.text_features import Vector, terms, weigh

# Entity kinds that tell one event from another; dates and numbers are left out (a weekday
# or a figure is shared by unrelated stories, and differs between reports of one story).
STORY_LABELS = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "EVENT",
    "FAC",
    "NORP",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
)


def batch_vectors(store: LinkStore, new: Mapping[str, Linkable]) -> dict[str, Vector]:
    """Vectors of the ``new`` articles: their clean text and named entities, weighed with
    smoothed idf over the linked articles and the batch (a term never seen counts once)."""
    entities = store.entities(new, STORY_LABELS)
    counts = {key: terms(new[key].text, entities.get(key, [])) for key in sorted(new)}
    batch_df: Counter[str] = Counter()
    for found in counts.values():
        batch_df.update(found.keys())
    store.count_terms(batch_df)
    documents = store.linked_count() + len(counts)
    stored = store.document_frequencies(batch_df)
    idf = {t: math.log((1 + documents) / (1 + stored.get(t, 1))) + 1 for t in batch_df}
    return {key: weigh(found, idf) for key, found in counts.items()}
