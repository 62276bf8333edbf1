"""Ties the claims of one article together: statements reported inside other statements, and
the statement each figure belongs to."""

from __future__ import annotations

from dataclasses import replace

from newsledger.records import Quantity, Statement


def _spans(statement: Statement) -> tuple[tuple[int, int], ...]:
    return statement.content_spans or ((statement.start, statement.end),)


def _innermost(
    start: int, end: int, statements: tuple[Statement, ...], exclude: int | None = None
) -> int | None:
    """Index of the narrowest statement whose content holds ``[start, end)``."""
    best: int | None = None
    for k, statement in enumerate(statements):
        if k == exclude:
            continue
        if any(s <= start and end <= e for s, e in _spans(statement)):
            if best is None or (
                statement.end - statement.start < statements[best].end - statements[best].start
            ):
                best = k
    return best


def nest(statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """Set ``parent`` on a statement whose source and cue sit inside another's content
    ("Zelensky said the intelligence showed that ...")."""
    parents = []
    for k, statement in enumerate(statements):
        anchor = statement.cue_start if statement.cue_start is not None else statement.start
        end = statement.cue_end if statement.cue_end is not None else statement.end
        parents.append(_innermost(anchor, end, statements, exclude=k))
    # "Umerov said he anticipates ...": the inner cue repeats the outer speaker; keep one
    keep = [
        k
        for k, (statement, parent) in enumerate(zip(statements, parents, strict=True))
        if parent is None or statements[parent].speaker != statement.speaker
    ]
    renumber = {old: new for new, old in enumerate(keep)}
    nested = []
    for k in keep:
        parent, seen = parents[k], {k}
        while parent is not None and parent not in renumber and parent not in seen:
            seen.add(parent)  # two contents can hold each other's cues: no endless walk
            parent = parents[parent]
        if parent is not None and parent not in renumber:
            parent = None
        statement = statements[k]
        nested.append(
            replace(statement, parent=renumber[parent]) if parent is not None else statement
        )
    return tuple(nested)


def link_quantities(
    quantities: tuple[Quantity, ...], statements: tuple[Statement, ...]
) -> tuple[Quantity, ...]:
    """Point each figure at the statement it was said in, and credit it to that statement's
    speaker: the reported clause or quotation a figure sits in decides who gave it (one
    engine for statements and figures). A figure outside every statement keeps the source
    its own sentence names ("..., according to X"), or none."""
    linked = []
    cues = {s.cue_start for s in statements if s.cue_start is not None}
    for quantity in quantities:
        k = _innermost(quantity.start, quantity.end, statements)
        if k is None:
            linked.append(_outside(quantity, cues))
            continue
        statement = statements[k]
        if statement.speaker is not None:
            quantity = replace(
                quantity,
                speaker=statement.speaker,
                speaker_start=statement.speaker_start,
                speaker_end=statement.speaker_end,
                cue=statement.cue,
                cue_start=statement.cue_start,
                cue_end=statement.cue_end,
            )
        linked.append(replace(quantity, statement=k))
    return tuple(linked)


def _outside(quantity: Quantity, cues: set[int]) -> Quantity:
    """A figure outside every statement: its own sentence's source stands, unless that source's
    cue heads a statement, whose content then decides, and does not hold the figure."""
    if quantity.cue_start is None or quantity.cue_start not in cues:
        return quantity
    return replace(
        quantity,
        speaker=None,
        speaker_start=None,
        speaker_end=None,
        cue=None,
        cue_start=None,
        cue_end=None,
    )
