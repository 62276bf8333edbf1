"""Story clustering over the nearest-neighbour graph, on hand-made similarities."""

from __future__ import annotations

from itertools import combinations

from newsledger.link.clusters import (
    MIN_EDGE,
    STORY_NEIGHBOURS,
    STORY_THRESHOLD,
    cluster,
    edges,
    nearest_lists,
    possible_edges,
)


def _topic(events: dict[str, int], same: float, across: float) -> dict[tuple[str, str], float]:
    """Every pair of articles of one topic: ``same`` within an event, ``across`` between."""
    keys = [f"{event}{n:02}" for event, size in events.items() for n in range(size)]
    return {(a, b): same if a[0] == b[0] else across for a, b in combinations(sorted(keys), 2)}


def test_two_events_of_one_topic_stay_apart() -> None:
    pairs = _topic({"a": 8, "b": 8}, same=0.35, across=0.15)
    lists = nearest_lists(pairs, {k for pair in pairs for k in pair}, {})
    labels = cluster({k for pair in pairs for k in pair}, edges(lists))
    assert {labels[k] for k in labels if k[0] == "a"} == {"a00"}
    assert {labels[k] for k in labels if k[0] == "b"} == {"b00"}
    # what the nearest-neighbour graph is for: over all pairs, the topic words would win
    everything = {k for pair in pairs for k in pair}
    assert len(set(cluster(everything, pairs).values())) == 1


def test_a_large_story_holds_together() -> None:
    """Each of 60 articles links only to its nearest few, and the story is still one: the
    linkage counts the edges two clusters could share, not every pair."""
    keys = [f"s{n:02}" for n in range(60)]
    lists = {
        key: [(keys[(n + step) % 60], 0.3) for step in range(1, STORY_NEIGHBOURS + 1)]
        for n, key in enumerate(keys)
    }
    assert len(set(cluster(keys, edges(lists)).values())) == 1
    assert possible_edges(30, 30) == STORY_NEIGHBOURS * 30
    assert possible_edges(2, 3) == 6


def test_weak_neighbours_do_not_make_a_story() -> None:
    pairs = {("a", "b"): STORY_THRESHOLD / 2}
    lists = nearest_lists(pairs, {"a", "b"}, {})
    assert cluster({"a", "b"}, edges(lists)) == {"a": "a", "b": "b"}


def test_an_article_nobody_else_covered_stays_alone_beside_a_large_story() -> None:
    """Its nearest articles are all in one large story, but only as near as two reports of
    different events are: that is no reason to join it."""
    keys = [f"s{n:02}" for n in range(40)]
    pairs = {(a, b): 0.4 for a, b in combinations(keys, 2)}
    pairs |= {(key, "zz"): MIN_EDGE * 0.9 for key in keys[:10]}
    lists = nearest_lists(pairs, [*keys, "zz"], {})
    labels = cluster([*keys, "zz"], edges(lists))
    assert labels["zz"] == "zz" and len({labels[k] for k in keys}) == 1


def test_a_known_article_ranks_a_new_one_against_its_neighbours() -> None:
    held = [(f"k{n}", 0.6) for n in range(STORY_NEIGHBOURS)]
    lists = nearest_lists(
        {("new", "old"): 0.3, ("new2", "old"): 0.9}, {"new", "new2"}, {"old": held}
    )
    assert [other for other, _ in lists["old"]] == ["new2"] + [k for k, _ in held[:-1]]
    assert lists["new"] == [("old", 0.3)]  # the new article keeps its edge all the same
    assert ("new", "old") in edges(lists)


def test_known_stories_never_merge_but_take_new_articles() -> None:
    graph = {("o1", "o2"): 0.9, ("n1", "o1"): 0.5, ("n1", "o2"): 0.5}
    labels = cluster({"o1", "o2", "n1"}, graph, stories={"o1": "S1", "o2": "S2"})
    assert labels["o1"] != labels["o2"]
    assert labels["n1"] in {labels["o1"], labels["o2"]}
