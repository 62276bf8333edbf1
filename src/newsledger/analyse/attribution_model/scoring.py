"""Run-time scoring of the two attribution taggers, a whole document at a time.

``features.py`` describes every token as a list of feature strings, and CRFsuite turns each
string into an attribute id and adds up its weights. Done token by token and cue by cue,
that was most of the model's cost. Here the same features are computed with numpy for all the
tokens of a document at once, as attribute ids looked up in tables made from the model's own
attribute names; their weights (read from the model files) are summed into one score per
token and label, and Viterbi decodes the labels as CRFsuite does (first best on ties), so the
labels are CRFsuite's: ``tests/analyse/test_attribution_scoring.py`` checks it, and
``features.py`` stays the one description of the features (training reads it).

What is computed once per document: the parse as integer arrays (``doc.to_array``), every
token's cue-independent features (its word, lemma, tags, head, neighbours) for both taggers,
and the cue tagger's own features; per cue only the features of where a token stands relative
to that cue (side, distance, dependency path), for all the cues of the document together.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from spacy.strings import StringStore
from spacy.tokens import Doc

from newsledger.analyse.attribution import CUE_LEMMAS
from newsledger.analyse.attribution_model import features as F
from newsledger.analyse.doctext import doc_text
from newsledger.analyse.quotes import doc_quotes

Array = npt.NDArray[Any]
T = TypeVar("T")
PAD, UNK = 0, 1  # vocabulary ids: padding of a multi-part key, a value no attribute names
_R = 1 << 20  # radix of multi-part keys (the vocabulary stays far below it)
_OFFSETS = (-2, -1, 1, 2)

# Feature templates, by the prefix of their attribute names (features.py writes them).
SINGLE = (
    "w=",
    "l=",
    "p=",
    "t=",
    "d=",
    "s=",
    "e=",
    "hd=",
    "hp=",
    "hl=",
    "ghd=",
    "q=",
    *(f"{off}:{kind}=" for off in _OFFSETS for kind in ("w", "p", "d")),
    "c=",
    "colon_after=",
    "subj_e=",
    "ccomp_mark=",
    "cl=",
    "cp=",
    "side=",
    "dist=",
    "sentrel=",
    "q_cue=",
    "in_sub=",
    "sub_cuelex=",
    "in_sub_depth=",
    "subj_path=",
    "anc=",
    "anc_dep=",
    "lca=",
    "lca_top=",
)
# multi-part values and how their parts are split
MULTI = {
    "dhp=": lambda v: v.split("|", 1),
    "ld=": lambda v: v.rsplit("|", 1),
    "ch=": lambda v: v.split("|", 1),
    "sub|p=": lambda v: v.split("|", 1),
    "in_sub_top=": lambda v: v.split("|", 1),
    "anc|p=": lambda v: v.split("|", 1),
    "cdep=": lambda v: v.split("|", 1),
    "lca|side=": lambda v: v.split("|", 2),
    "rel|cdep=": lambda v: v.rsplit("|", 2),
    "path=": lambda v: (["", "", ""] + v.split(">"))[-3:],
}
FLAGS = (
    "cuelex",
    "hcuelex",
    "sstart",
    "send",
    *(f"{off}:<s>" for off in _OFFSETS),
    "nearq",
    "first",
    "prev_according",
    "sub_q",
    "anc_cue",
    "after_q",
    "after_qc",
    "before_q",
    "dash",
    "dash_after_q",
    "CUE",
)
_NEWLINE_CHAR = re.compile("\n")
_MASK = 0xFFFFFFFFFFFFFFFF  # keys of spaCy's string store are unsigned 64-bit
_SINGLE = frozenset(SINGLE)
_BUCKETS = ("0", "1", "2", "3", "4-6", "7-10", "11-20", "21+")
_IOB = ("", "I", "O", "B")
_CHILD_FLAG_DEPS = ("ccomp", "nsubj", "nsubjpass", "xcomp", "dobj", "agent", "parataxis")
_CHILD_WORD_DEPS = ("prt", "prep", "mark", "aux", "neg", "advmod", "dative")
_CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis")
# Strings the run-time code compares with, whether or not an attribute names them.
REQUIRED = (
    *_BUCKETS,
    *"<NL> <SP> <Q> <DASH> O - 0 1 L R same other none qccomp according".split(),
    *"VERB AUX NOUN ccomp mark nsubj nsubjpass agent".split(),
    *_CHILD_FLAG_DEPS,
    *_CHILD_WORD_DEPS,
)


class Vocabulary:
    """Every string that is part of an attribute name of either tagger, as a small id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {"": PAD}

    def add(self, value: str) -> int:
        known = self.ids.get(value)
        if known is None:
            known = self.ids[value] = len(self.ids) + 1
        return known

    def __getitem__(self, value: str) -> int:
        return self.ids.get(value, UNK)

    def __len__(self) -> int:
        return len(self.ids) + 1


def _key(parts: Sequence[int]) -> int:
    """One integer of up to three vocabulary ids."""
    key = 0
    for part in parts:
        key = key * _R + part
    return key


def _keys(parts: Sequence[Array]) -> Array:
    """``_key`` of arrays of vocabulary ids, element by element."""
    key = np.zeros_like(parts[0])
    for part in parts:
        key = key * _R + part
    return key


def _strings(data: bytes, offset: int) -> dict[str, int]:
    """The strings of a CRFsuite string database (CQDB chunk) at ``offset``, with their ids."""
    chunk, _, _, _, count, backward = struct.unpack_from("<4sIIIII", data, offset)
    if chunk != b"CQDB":
        raise ValueError("not a CRFsuite string database")
    out = {}
    for record in struct.unpack_from(f"<{count}I", data, offset + backward):
        if record:
            ident, size = struct.unpack_from("<II", data, offset + record)
            start = offset + record + 8
            out[data[start : start + size - 1].decode("utf-8")] = ident
    return out


class Crf:
    """One tagger's weights, read from its CRFsuite file, and its lookup tables."""

    def __init__(self, path: Path, vocabulary: Vocabulary) -> None:
        data = path.read_bytes()
        magic, _, kind, _, _, n_labels, _, off_features, off_labels, off_attrs = struct.unpack_from(
            "<4sI4sIIIIIII", data, 0
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError(f"{path}: not a CRFsuite model")
        labels = _strings(data, off_labels)
        self.labels = [name for name, _ in sorted(labels.items(), key=lambda x: x[1])]
        names = {i: name for name, i in _strings(data, off_attrs).items()}
        self.none = len(names)  # the attribute id of "no feature": a row of zeros
        self.weights = np.zeros((self.none + 1, n_labels))
        self.transitions = np.zeros((n_labels, n_labels))
        chunk, _, count = struct.unpack_from("<4sII", data, off_features)
        if chunk != b"FEAT":
            raise ValueError(f"{path}: not a CRFsuite model")
        records = np.frombuffer(
            data,
            dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
            count=count,
            offset=off_features + 12,
        )
        state = records[records["type"] == 0]
        self.weights[state["src"], state["dst"]] = state["w"]
        trans = records[records["type"] == 1]
        self.transitions[trans["src"], trans["dst"]] = trans["w"]
        self.flags = dict.fromkeys(FLAGS, self.none)
        parsed = []
        self.unread: list[str] = []  # attribute names no template here reads (none should be)
        add = vocabulary.add
        for attr, name in names.items():
            if name in self.flags:
                self.flags[name] = attr
                continue
            cut = name.find("=") + 1
            prefix = name[:cut]
            split = MULTI.get(prefix)
            if split is not None:
                parsed.append((attr, prefix, [add(v) if v else PAD for v in split(name[cut:])]))
            elif cut and prefix in _SINGLE:
                parsed.append((attr, prefix, [add(name[cut:])]))
            else:
                self.unread.append(name)
        self._parsed = parsed
        self.single: dict[str, Array] = {}
        self.multi: dict[str, dict[int, int]] = {prefix: {} for prefix in MULTI}

    def finish(self, vocabulary: Vocabulary) -> None:
        """Build the dense tables once every attribute of both taggers is in ``vocabulary``."""
        size = len(vocabulary) + 1
        self.single = {prefix: np.full(size, self.none, dtype=np.int64) for prefix in SINGLE}
        for attr, prefix, parts in self._parsed:
            if prefix in MULTI:
                self.multi[prefix][_key(parts)] = attr
            else:
                self.single[prefix][parts[0]] = attr
        del self._parsed

    def lookup(self, prefix: str, keys: Array) -> Array:
        """Attribute ids of multi-part ``keys`` of template ``prefix``."""
        if not len(keys):
            return np.zeros(0, dtype=np.int64)
        table = self.multi[prefix]
        unique, inverse = np.unique(keys, return_inverse=True)
        none = self.none
        ids = np.fromiter(
            (table.get(k, none) for k in unique.tolist()), dtype=np.int64, count=len(unique)
        )
        return ids[inverse.reshape(-1)]

    def flag(self, name: str, mask: Array) -> Array:
        return np.where(mask, self.flags[name], self.none)

    def viterbi(self, scores: Array, lengths: Array) -> list[list[int]]:
        """Best label ids of ``B`` sequences at once: ``scores`` (B, T, L) state scores,
        padded past each sequence's length; ties go to the first label, as in CRFsuite."""
        batch, steps, n_labels = scores.shape
        order = np.argsort(-lengths, kind="stable")
        scores = scores[order]
        lengths = lengths[order]
        # sequences still going at each step: a prefix of the longest-first order
        going = (lengths[None, :] > np.arange(steps)[:, None]).sum(axis=1).tolist()
        trans = self.transitions
        delta = scores[:, 0, :].copy()
        # cand[t, b, i, j]: the best score of sequence b at step t - 1 ending in i, then j
        cand = np.empty((steps, batch, n_labels, n_labels))
        for t in range(1, steps):
            k = going[t]
            c = cand[t, :k]
            np.add(delta[:k, :, None], trans, out=c)
            np.add(c.max(axis=1), scores[:k, t], out=delta[:k])
        back = cand.argmax(axis=2)  # rows past a sequence's end are never read
        # back-pointers walked for all sequences at once, each from its own last step
        label = delta.argmax(axis=1)
        paths = np.empty((batch, steps), dtype=np.intp)
        rows = np.arange(batch)
        for t in range(steps - 1, 0, -1):
            k = going[t]
            paths[:k, t] = label[:k]
            label[:k] = back[t, rows[:k], label[:k]]
        paths[:, 0] = label
        out: list[list[int]] = [[]] * batch
        for b, (path, n) in enumerate(zip(paths.tolist(), lengths.tolist(), strict=True)):
            out[order[b]] = path[:n]
        return out


# ------------------------------------------------------------------ the parse as arrays
_ATTRS = (
    "ORTH",
    "LOWER",
    "LEMMA",
    "POS",
    "TAG",
    "DEP",
    "ENT_TYPE",
    "ENT_IOB",
    "HEAD",
    "SENT_START",
    "IDX",
    "IS_PUNCT",
)
# bits of what a token's text is
SPACE, _QUOTE, _NEWLINE, _DASH, _FIRST_QUOTE, _COLON, _COMMA = (1 << k for k in range(7))


@dataclass(slots=True)
class Parse:
    """One document's tokens as arrays of vocabulary ids and flags."""

    n: int
    idx: Array
    ends: Array
    heads: Array
    sent_of: Array
    sent_starts: Array
    sent_ends: Array
    first: Array  # the first token of each token's sentence
    last: Array  # the token after each token's sentence
    para_of: Array
    bits: Array
    is_punct: Array
    word: Array
    lower: Array
    lemma: Array
    pos: Array
    tag: Array
    dep: Array
    ent: Array  # the "e=" value
    entpos: Array  # entity type, or part of speech outside entities
    shape: Array
    cue_lemma: Array  # lemma in the cue lexicon
    candidate: Array  # word or lemma seen in a training cue
    in_quote: Array
    quote_id: Array
    marks: Array  # marks[i]: quotation-mark tokens before token i (length n + 1)
    _ancestors: Array | None = None

    def has(self, bit: int) -> Array:
        flags: Array = (self.bits & bit) != 0
        return flags

    def ancestors(self) -> Array:
        """(n, D): each token, its head, its head's head ... (a root repeats itself); at least
        14 columns, as many as the deepest token needs."""
        if self._ancestors is None:
            cols = [np.arange(self.n)]
            while True:
                nxt = self.heads[cols[-1]]
                if len(cols) >= 14 and (nxt == cols[-1]).all():
                    break
                cols.append(nxt)
                if len(cols) > 102:
                    break
            self._ancestors = np.stack(cols, axis=1)
        return self._ancestors

    def subtree_edges(self) -> tuple[Array, Array]:
        """Leftmost and rightmost token of each token's subtree."""
        lefts = np.arange(self.n)
        rights = lefts.copy()
        children = np.nonzero(self.heads != lefts)[0]
        parents = self.heads[children]
        while True:
            new_l, new_r = lefts.copy(), rights.copy()
            np.minimum.at(new_l, parents, lefts[children])
            np.maximum.at(new_r, parents, rights[children])
            if (new_l == lefts).all() and (new_r == rights).all():
                return lefts, rights
            lefts, rights = new_l, new_r

    def cue_above(self) -> Array:
        """Whether a strict ancestor of each token is a cue-lexicon verb."""
        roots = self.heads == np.arange(self.n)
        verb = self.cue_verb
        assert verb is not None
        above = np.zeros(self.n, dtype=bool)
        while True:
            new = (verb[self.heads] | above[self.heads]) & ~roots
            if (new == above).all():
                return above
            above = new

    cue_verb: Array | None = None


class Lexicon:
    """What the tables need of each spaCy string (word, lemma, tag ...), cached by key."""

    def __init__(self, vocabulary: Vocabulary, cue_words: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self.cue_words = cue_words
        self.orth: dict[int, tuple[int, int, int, int]] = {}
        self.lower: dict[int, tuple[int, bool]] = {}
        self.lemma: dict[int, tuple[int, bool, bool]] = {}
        self.plain: dict[int, int] = {}
        self.ent: dict[tuple[int, int], int] = {}
        voc = vocabulary
        self.special = {k: voc[k] for k in ("<NL>", "<SP>", "<Q>", "<DASH>")}

    def _orth(self, key: int, strings: StringStore) -> tuple[int, int, int, int]:
        text = strings[key]
        bits = 0
        if text.isspace():
            bits |= SPACE
        if text in F._QUOTE_CHARS:
            bits |= _QUOTE
        if "\n" in text:
            bits |= _NEWLINE
        if text[-1:] in F._DASHES:
            bits |= _DASH
        if text[:1] in F._QUOTE_CHARS:
            bits |= _FIRST_QUOTE
        if text == ":":
            bits |= _COLON
        if text == ",":
            bits |= _COMMA
        if "\n" in text:
            word = self.special["<NL>"]
        elif bits & SPACE:
            word = self.special["<SP>"]
        elif text in F._QUOTE_CHARS:
            word = self.special["<Q>"]
        elif text in F._DASHES:
            word = self.special["<DASH>"]
        else:
            word = -1  # the lower-case form
        value = (word, self.vocabulary[F._shape(text)], bits, len(text))
        if len(self.orth) > 500_000:
            self.orth.clear()
        self.orth[key] = value
        return value

    def map(
        self, cache: dict[int, T], keys: Array, make: Callable[[int], T]
    ) -> tuple[list[T], Array]:
        """The value of each distinct key (from ``cache`` or ``make``), and for each key the
        index of its value."""
        unique, inverse = np.unique(keys, return_inverse=True)
        values = []
        for key in unique.tolist():
            value = cache.get(key)
            if value is None:
                value = make(key)
                if len(cache) > 500_000:
                    cache.clear()
                cache[key] = value
            values.append(value)
        return values, inverse.reshape(-1)


def parse_of(doc: Doc, lexicon: Lexicon) -> Parse:
    strings = doc.vocab.strings
    voc = lexicon.vocabulary
    n = len(doc)
    arr = doc.to_array(list(_ATTRS)).astype(np.int64) if n else np.zeros((0, len(_ATTRS)), np.int64)
    orth_k, lower_k, lemma_k, pos_k, tag_k, dep_k, ent_k, iob, head_rel, sstart, idx, punct = (
        arr[:, k] for k in range(len(_ATTRS))
    )
    # arrays of uint64 keys read back as int64: the same keys, negative above 2**63
    orth_values, inv = lexicon.map(
        lexicon.orth, orth_k, lambda k: lexicon._orth(k & _MASK, strings)
    )
    table = np.array(orth_values, dtype=np.int64).reshape(-1, 4)
    word_special, shape, bits, length = (table[inv, k] for k in range(4))

    def lower_of(key: int) -> tuple[int, bool]:
        text = strings[key & _MASK]
        return voc[text], text in lexicon.cue_words

    lowers, inv = lexicon.map(lexicon.lower, lower_k, lower_of)
    lower = np.array([v[0] for v in lowers], dtype=np.int64)[inv]
    lower_cand = np.array([v[1] for v in lowers], dtype=np.bool_)[inv]

    def lemma_of(key: int) -> tuple[int, bool, bool]:
        raw = strings[key & _MASK].lower()
        return voc[raw.replace(" ", "_")], raw in CUE_LEMMAS, raw in lexicon.cue_words

    lemmas, inv = lexicon.map(lexicon.lemma, lemma_k, lemma_of)
    lemma = np.array([v[0] for v in lemmas], dtype=np.int64)[inv]
    cue_lemma = np.array([v[1] for v in lemmas], dtype=np.bool_)[inv]
    lemma_cand = np.array([v[2] for v in lemmas], dtype=np.bool_)[inv]

    def plain(key: int) -> int:
        return voc[strings[key & _MASK]]

    def ids(keys: Array) -> Array:
        values, inv = lexicon.map(lexicon.plain, keys, plain)
        out: Array = np.array(values, dtype=np.int64)[inv]
        return out

    pos, tag, dep, ent_type = ids(pos_k), ids(tag_k), ids(dep_k), ids(ent_k)
    space = (bits & SPACE) != 0
    word = np.where(word_special >= 0, word_special, lower)
    lemma = np.where(space, voc["<SP>"], lemma)
    has_ent = ent_k != 0
    # "e=": IOB letter and type inside an entity, "O" outside
    ent = np.full(n, voc["O"], dtype=np.int64)
    if has_ent.any():
        where = np.nonzero(has_ent)[0]
        cache = lexicon.ent
        found = []
        for key, letter in zip(ent_k[where].tolist(), iob[where].tolist(), strict=True):
            value = cache.get((key, letter))
            if value is None:
                value = cache[(key, letter)] = voc[_IOB[letter] + strings[key & _MASK]]
            found.append(value)
        ent[where] = found
    entpos = np.where(has_ent, ent_type, pos)
    heads = np.arange(n) + head_rel
    starts = np.nonzero(sstart == 1)[0]
    if n and (not len(starts) or starts[0] != 0):
        starts = np.concatenate([[0], starts])
    sent_ends = np.append(starts[1:], n)
    sent_of = np.cumsum(np.isin(np.arange(n), starts)) - 1
    ends = idx + length
    text = doc_text(doc)
    para_mark = np.zeros(n + 1, dtype=np.int64)
    pos_nl = [m.start() for m in _NEWLINE_CHAR.finditer(text)]
    if pos_nl and n:
        owner = np.searchsorted(idx, np.array(pos_nl), side="right") - 1
        owner = owner[owner >= 0]
        para_mark[owner + 1] = 1
    para_of = np.cumsum(para_mark)[:n]
    quotes = doc_quotes(doc)
    if quotes and n:
        q_starts = np.array([q[0] for q in quotes])
        q_ends = np.array([q[1] for q in quotes])
        k = np.searchsorted(q_starts, idx, side="right") - 1
        in_quote = (k >= 0) & (idx < q_ends[np.maximum(k, 0)])
        quote_id = np.where(in_quote, k, -1)
    else:
        in_quote = np.zeros(n, dtype=bool)
        quote_id = np.full(n, -1, dtype=np.int64)
    marks = np.concatenate([[0], np.cumsum((bits & _QUOTE) != 0)])
    parse = Parse(
        n=n,
        idx=idx,
        ends=ends,
        heads=heads,
        sent_of=sent_of,
        sent_starts=starts,
        sent_ends=sent_ends,
        first=starts[sent_of],
        last=sent_ends[sent_of],
        para_of=para_of,
        bits=bits,
        is_punct=punct != 0,
        word=word,
        lower=lower,
        lemma=lemma,
        pos=pos,
        tag=tag,
        dep=dep,
        ent=ent,
        entpos=entpos,
        shape=shape,
        cue_lemma=cue_lemma,
        candidate=lower_cand | lemma_cand,
        in_quote=in_quote,
        quote_id=quote_id,
        marks=marks,
    )
    parse.cue_verb = (pos == voc["VERB"]) & cue_lemma
    return parse


# ------------------------------------------------------------------ features as ids
def static_ids(crf: Crf, p: Parse, voc: Vocabulary) -> Array:
    """(n, K) attribute ids of every token's cue-independent features (token_base and
    _neighbours in features.py)."""
    s = crf.single
    none = crf.none
    n = p.n
    h = p.heads
    i = np.arange(n)
    first, last = p.first, p.last
    starts = np.zeros(n + 1, dtype=bool)
    starts[p.sent_starts] = True
    starts[n] = True
    quote01 = np.array([voc["0"], voc["1"]])[p.in_quote.astype(np.int64)]
    cols = [
        s["w="][p.word],
        s["l="][p.lemma],
        s["p="][p.pos],
        s["t="][p.tag],
        s["d="][p.dep],
        s["s="][p.shape],
        s["e="][p.ent],
        s["hd="][p.dep[h]],
        s["hp="][p.pos[h]],
        s["hl="][p.lemma[h]],
        crf.lookup("dhp=", p.dep * _R + p.pos[h]),
        s["ghd="][p.dep[h[h]]],
        s["q="][quote01],
        crf.flag("cuelex", p.cue_lemma),
        crf.flag("hcuelex", p.cue_lemma[h]),
        crf.flag("sstart", starts[:n]),
        crf.flag("send", starts[1:]),
    ]
    for off in _OFFSETS:
        j = i + off
        inside = (j >= first) & (j < last)
        jj = np.clip(j, 0, max(n - 1, 0))
        cols.append(np.where(inside, s[f"{off}:w="][p.word[jj]], none))
        cols.append(np.where(inside, s[f"{off}:p="][p.pos[jj]], none))
        if abs(off) == 1:
            cols.append(np.where(inside, s[f"{off}:d="][p.dep[jj]], none))
        cols.append(crf.flag(f"{off}:<s>", ~inside))
    return np.stack(cols, axis=1)


def cue_scores(crf: Crf, p: Parse, voc: Vocabulary) -> Array:
    """(n, L) cue-tagger state scores of every token (token_base, _neighbours and
    cue_features in features.py)."""
    s = crf.single
    none = crf.none
    n = p.n
    i = np.arange(n)
    first, last = p.first, p.last
    k = i - first
    prev = np.maximum(i - 1, 0)
    prev2 = np.maximum(i - 2, 0)
    nxt = np.minimum(i + 1, max(n - 1, 0))
    quote = p.has(_QUOTE)
    lefts, rights = p.subtree_edges()
    lo = np.maximum(first, i - 3)
    hi = np.minimum(last, i + 4)
    vna = np.isin(p.pos, [voc["VERB"], voc["AUX"], voc["NOUN"]])
    after_q = (k > 0) & quote[prev]
    dash = p.has(_DASH)
    cols = [
        crf.flag("nearq", p.marks[hi] - p.marks[lo] > 0),
        np.where(p.has(_COLON) & (k > 0), s["colon_after="][p.pos[prev]], none),
        crf.flag("first", k == 0),
        crf.flag("prev_according", (k > 0) & (p.lower[prev] == voc["according"])),
        crf.lookup("ld=", p.lemma * _R + p.dep),
        crf.flag("sub_q", vna & (p.marks[rights + 1] - p.marks[lefts] > 0)),
        crf.flag("anc_cue", p.cue_above()),
        crf.flag("after_q", after_q),
        crf.flag("after_qc", (k > 1) & p.has(_COMMA)[prev] & quote[prev2]),
        crf.flag("before_q", (i + 1 < last) & quote[nxt]),
        crf.flag("dash", dash),
        crf.flag("dash_after_q", dash & (after_q | p.has(_FIRST_QUOTE))),
    ]
    ids = np.concatenate([static_ids(crf, p, voc), np.stack(cols, axis=1)], axis=1)
    scores: Array = crf.weights[ids].sum(axis=1)
    # what a token's children say about it
    child = np.nonzero(p.heads != i)[0]
    parent = p.heads[child]
    cdep = p.dep[child]
    rows, attrs = [], []
    flag_deps = np.isin(cdep, [voc[d] for d in _CHILD_FLAG_DEPS])
    if flag_deps.any():
        pairs = np.unique(parent[flag_deps] * _R + cdep[flag_deps])
        rows.append(pairs // _R)
        attrs.append(s["c="][pairs % _R])
    ccomp = cdep == voc["ccomp"]
    qccomp = np.unique(parent[ccomp & p.in_quote[child]])
    rows.append(qccomp)
    attrs.append(np.full(len(qccomp), s["c="][voc["qccomp"]]))
    word_deps = np.isin(cdep, [voc[d] for d in _CHILD_WORD_DEPS])
    rows.append(parent[word_deps])
    attrs.append(crf.lookup("ch=", cdep[word_deps] * _R + p.lower[child[word_deps]]))
    subj = np.isin(cdep, [voc["nsubj"], voc["nsubjpass"]])
    rows.append(parent[subj])
    attrs.append(s["subj_e="][p.entpos[child[subj]]])
    if ccomp.any():
        marks = child[cdep == voc["mark"]]
        first_mark = np.full(n, n, dtype=np.int64)
        np.minimum.at(first_mark, p.heads[marks], marks)
        clause = child[ccomp]
        fm = first_mark[clause]
        mark_word = np.where(fm < n, p.lower[np.minimum(fm, max(n - 1, 0))], voc["-"])
        rows.append(parent[ccomp])
        attrs.append(s["ccomp_mark="][mark_word])
    rows_a = np.concatenate(rows)
    attrs_a = np.concatenate(attrs)
    if len(rows_a):
        np.add.at(scores, rows_a, crf.weights[attrs_a])
    return scores


# index into _BUCKETS of each distance from 0 to 21 (features._bucket)
_BUCKET_OF = np.array([0, 1, 2, 3, *[4] * 3, *[5] * 4, *[6] * 10, 7])


def _bucket(d: Array) -> Array:
    """Index into _BUCKETS of each distance (features._bucket)."""
    bucket: Array = _BUCKET_OF[np.clip(d, 0, len(_BUCKET_OF) - 1)]
    return bucket


@dataclass(slots=True)
class Window:
    """The tokens the span tagger reads for one cue."""

    cue: tuple[int, int]
    head: int
    start: int
    end: int
    sub_lo: int  # spaCy's left and right edge of the head's subtree
    sub_hi: int


def span_scores(
    crf: Crf, p: Parse, voc: Vocabulary, static: Array, windows: list[Window]
) -> list[Array]:
    """(end - start, L) span-tagger state scores of each window's tokens for its cue
    (span_features in features.py), all the document's cues at once."""
    s = crf.single
    none = crf.none
    n_cues = len(windows)
    tokens = np.concatenate([np.arange(w.start, w.end) for w in windows])
    owner = np.concatenate([np.full(w.end - w.start, c) for c, w in enumerate(windows)])
    heads_c = np.array([w.head for w in windows])
    cs = np.array([w.cue[0] for w in windows])[owner]
    ce = np.array([w.cue[1] for w in windows])[owner]
    h = heads_c[owner]
    in_cue = (tokens >= cs) & (tokens < ce)
    rel = ~in_cue
    left = tokens < cs
    side = np.where(left, 0, 1)
    side_voc = np.array([voc["L"], voc["R"]])
    side_id = side_voc[side]
    dist = np.where(left, cs - tokens, tokens - ce + 1)
    dist_voc = np.array([[voc[sd + b] for b in _BUCKETS] for sd in ("L", "R")])
    sentrel_voc = np.array([voc[str(v)] for v in (-2, -1, 0, 1, 2)])
    sentrel = np.clip(p.sent_of[tokens] - p.sent_of[h], -2, 2) + 2
    qid = p.quote_id[tokens]
    q_cue = np.where(qid == p.quote_id[h], voc["same"], voc["other"])
    anc = p.ancestors()
    # distance of each token from each cue's head when it is above it (1..100), else 0
    above = np.zeros((n_cues, p.n), dtype=np.int64)
    for c, w in enumerate(windows):
        cur, steps = w.head, 0
        while p.heads[cur] != cur and steps < 100:
            cur, steps = p.heads[cur], steps + 1
            above[c, cur] = steps
    chain = anc[tokens]  # (m, D)
    # in the cue head's subtree, at most 11 steps below it
    below = chain[:, :12] == h[:, None]
    depth = below.argmax(axis=1)
    sub_lo = np.array([w.sub_lo for w in windows])[owner]
    sub_hi = np.array([w.sub_hi for w in windows])[owner]
    in_sub = below.any(axis=1) & rel & (tokens >= sub_lo) & (tokens <= sub_hi)
    rows = np.arange(len(tokens))
    top = chain[rows, np.maximum(depth - 1, 0)]
    top_dep = p.dep[top]
    path = [
        np.where(depth >= need, p.dep[chain[rows, np.maximum(depth - need, 0)]], PAD)
        for need in (3, 2, 1)
    ]
    # an ancestor of the cue head
    anc_dist = above[owner, tokens]
    is_anc = (anc_dist > 0) & rel & ~in_sub
    # joined to it through a common ancestor
    parent_above = above[owner[:, None], chain[:, 1:14]] > 0
    stop = (chain[:, 1:14] == chain[:, 0:13]) | parent_above
    stop = stop[:, :12]
    walked = np.where(stop.any(axis=1), stop.argmax(axis=1), 12)
    cur = chain[rows, walked]
    lca_dist = above[owner, chain[rows, walked + 1]]
    other = rel & ~in_sub & ~is_anc
    lca = other & (lca_dist > 0)
    lca_none = other & (lca_dist == 0)
    bucket_voc = np.array([voc[b] for b in _BUCKETS])
    in_sub_rel = _prefixed(voc, "in_sub=")
    anc_rel = np.array([voc["anc=" + b] for b in _BUCKETS])
    lca_rel = np.array([voc["lca=" + b] for b in _BUCKETS])
    rel_id = np.select(
        [in_sub, is_anc, lca],
        [in_sub_rel[top_dep], anc_rel[_bucket(anc_dist)], lca_rel[_bucket(lca_dist)]],
        voc["lca=none"],
    )
    cue_dep = p.dep[h]
    subj_top = np.isin(top_dep, [voc["nsubj"], voc["nsubjpass"], voc["agent"]])
    cols = [
        np.where(rel, s["side="][side_id], none),
        np.where(rel, s["dist="][dist_voc[side, _bucket(dist)]], none),
        np.where(rel, s["sentrel="][sentrel_voc[sentrel]], none),
        np.where(rel & (qid >= 0), s["q_cue="][q_cue], none),
        # in the subtree
        np.where(in_sub, s["in_sub="][top_dep], none),
        np.where(in_sub, crf.lookup("path=", _keys(path)), none),
        np.where(in_sub, crf.lookup("sub|p=", top_dep * _R + p.pos[tokens]), none),
        np.where(in_sub & p.cue_lemma[tokens], s["sub_cuelex="][top_dep], none),
        np.where(in_sub, s["in_sub_depth="][bucket_voc[_bucket(depth)]], none),
        np.where(in_sub, crf.lookup("in_sub_top=", top_dep * _R + side_id), none),
        np.where(in_sub & subj_top, s["subj_path="][p.dep[tokens]], none),
        # above the cue
        np.where(is_anc, s["anc="][bucket_voc[_bucket(anc_dist)]], none),
        np.where(is_anc, s["anc_dep="][p.dep[tokens]], none),
        np.where(is_anc, crf.lookup("anc|p=", p.pos[tokens] * _R + side_id), none),
        # through a common ancestor
        np.where(lca, s["lca="][bucket_voc[_bucket(lca_dist)]], none),
        np.where(lca, s["lca_top="][p.dep[cur]], none),
        np.where(
            lca,
            crf.lookup("lca|side=", _keys([p.dep[cur], side_id, p.pos[tokens]])),
            none,
        ),
        np.where(lca_none, s["lca="][voc["none"]], none),
        # the cue itself
        np.where(rel, s["cl="][p.lemma[h]], none),
        np.where(rel, s["cp="][p.pos[h]], none),
        np.where(rel, crf.lookup("cdep=", cue_dep * _R + side_id), none),
        np.where(rel, crf.lookup("rel|cdep=", _keys([rel_id, cue_dep, side_id])), none),
        crf.flag("CUE", in_cue),
    ]
    ids = np.stack(cols, axis=1)
    scores = static[tokens] + crf.weights[ids].sum(axis=1)
    bounds = np.cumsum([0] + [w.end - w.start for w in windows])
    return [scores[bounds[c] : bounds[c + 1]] for c in range(n_cues)]


_PREFIXED: dict[tuple[int, str], Array] = {}


def _prefixed(voc: Vocabulary, prefix: str) -> Array:
    """For each vocabulary id, the id of ``prefix`` + its string (UNK when unknown)."""
    key = (id(voc), prefix)
    table = _PREFIXED.get(key)
    if table is None:
        table = np.full(len(voc) + 1, UNK, dtype=np.int64)
        for value, k in voc.ids.items():
            table[k] = voc[prefix + value]
        _PREFIXED[key] = table
    return table


# ------------------------------------------------------------------ the two taggers
class Scorer:
    """The cue tagger and the span tagger, each document scored at once."""

    def __init__(self, cue_path: Path, span_path: Path, cue_words: frozenset[str]) -> None:
        voc = Vocabulary()
        for value in REQUIRED:
            voc.add(value)
        self.cue = Crf(cue_path, voc)
        self.span = Crf(span_path, voc)
        self.cue.finish(voc)
        self.span.finish(voc)
        self.vocabulary = voc
        self.lexicon = Lexicon(voc, cue_words)
        self.begin = self.cue.labels.index("B-CUE")
        self.inside = self.cue.labels.index("I-CUE")
        self.outside = self.cue.labels.index("O")

    def parse(self, doc: Doc) -> Parse:
        return parse_of(doc, self.lexicon)

    def cues(self, p: Parse) -> list[tuple[int, int]]:
        """Token ranges of the cues, from the sentences that have a word seen in a cue."""
        if not p.n:
            return []
        starts, ends = p.sent_starts, p.sent_ends
        wanted = np.nonzero(np.add.reduceat(p.candidate.astype(np.int64), starts) > 0)[0]
        if not len(wanted):
            return []
        scores = cue_scores(self.cue, p, self.vocabulary)
        first, lengths = starts[wanted], ends[wanted] - starts[wanted]
        labels = _decode(self.cue, scores, first, lengths)
        flat = np.array([y for path in labels for y in path], dtype=np.int64)
        # runs of B/I labels, as Model.cues_reference reads them
        tokens = np.concatenate([np.arange(a, a + m) for a, m in zip(first, lengths, strict=True)])
        sent_first = np.zeros(len(tokens), dtype=bool)
        sent_first[np.cumsum(lengths) - lengths] = True
        prev = np.concatenate([[self.outside], flat[:-1]])
        prev[sent_first] = self.outside
        opens = (flat == self.begin) | ((flat == self.inside) & (prev == self.outside))
        goes_on = (flat == self.inside) & ~sent_first
        breaks = np.append(np.nonzero(~goes_on)[0], len(flat))
        out = []
        for k in np.nonzero(opens)[0].tolist():
            end = int(breaks[np.searchsorted(breaks, k, side="right")])
            out.append((int(tokens[k]), int(tokens[k]) + end - k))
        return out

    def spans(self, p: Parse, windows: list[Window]) -> list[list[int]]:
        """The span tagger's label ids for each window."""
        if not windows:
            return []
        static = self.span.weights[static_ids(self.span, p, self.vocabulary)].sum(axis=1)
        scores = span_scores(self.span, p, self.vocabulary, static, windows)
        lengths = np.array([len(x) for x in scores])
        steps = int(lengths.max())
        padded = np.zeros((len(scores), steps, scores[0].shape[1]))
        for b, x in enumerate(scores):
            padded[b, : len(x)] = x
        return self.span.viterbi(padded, lengths)


def _decode(crf: Crf, scores: Array, first: Array, lengths: Array) -> list[list[int]]:
    steps = int(lengths.max())
    index = first[:, None] + np.minimum(np.arange(steps)[None, :], (lengths - 1)[:, None])
    return crf.viterbi(scores[index], lengths)
