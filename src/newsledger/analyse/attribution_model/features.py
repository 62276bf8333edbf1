"""Token features for the two CRF taggers of the attribution model.

The cue tagger reads one sentence at a time; the span tagger reads a window of sentences
around one cue and labels each token as that cue's source, its content, or neither. Both use
the same per-token description (word, parse, entity, quotation marks); the span tagger adds
where the token stands relative to the cue (dependency path, side, distance, clause).

The same functions build the features at training time (``scripts/train_attribution.py``)
and at run time, so what the shipped model saw and what it sees stay one thing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsledger.analyse.attribution import CUE_LEMMAS
from newsledger.analyse.doctext import doc_text
from newsledger.analyse.quotes import doc_quotes

_QUOTE_CHARS = frozenset('"\u201c\u201d\u00ab\u00bb\u201e\u2018\u2019')
_DASHES = frozenset("\u2015\u2014\u2013")


@dataclass(slots=True)
class DocInfo:
    """What the features need of a whole document, computed once."""

    doc: Doc
    text: str
    in_quote: list[bool]  # per token: inside quotation marks
    quote_id: list[int]  # per token: index of its quotation, -1 outside
    sent_of: list[int]  # per token: index of its sentence
    sents: list[Span]
    para_of: list[int]  # per token: index of its paragraph (line)
    static: list[list[str] | None]  # per token: its own and its neighbours' features, cached
    bases: list[list[str] | None]  # per token: its own features, cached
    # the parse as plain lists (indexing a Doc builds a Token object each time)
    texts: list[str]
    lowers: list[str]
    lemmas: list[str]
    pos: list[str]
    deps: list[str]
    ents: list[str]
    heads: list[int]
    lefts: list[int]  # left edge of each token's subtree
    rights: list[int]
    children: list[list[int]]
    quote_marks: list[int]  # running count of quotation-mark tokens up to each token
    words: list[str]  # the word feature (_word)
    tags: list[str]
    iobs: list[str]
    head_lemmas: list[str]  # lemma_.lower(), as the cue lexicon is written
    sent_start: list[bool]
    cue_above: list[bool]  # some ancestor is a cue-lexicon verb

    def static_of(self, i: int) -> list[str]:
        """The features of token ``i`` that do not depend on a cue (computed once)."""
        cached = self.static[i]
        if cached is None:
            sent = self.sents[self.sent_of[i]]
            lo, hi = max(sent.start, i - 2), min(sent.end, i + 3)
            base = [self.base_of(j) for j in range(lo, hi)]
            cached = base[i - lo] + _neighbours(base, i - lo, len(base))
            self.static[i] = cached
        return cached

    def base_of(self, j: int) -> list[str]:
        cached = self.bases[j]
        if cached is None:
            cached = token_base(self, j)
            self.bases[j] = cached
        return cached


def doc_info(doc: Doc) -> DocInfo:
    text = doc_text(doc)
    quotes = doc_quotes(doc)
    starts = [q[0] for q in quotes]
    in_quote, quote_id = [], []
    for token in doc:
        k = bisect.bisect_right(starts, token.idx) - 1
        inside = k >= 0 and token.idx < quotes[k][1]
        in_quote.append(inside)
        quote_id.append(k if inside else -1)
    sents = list(doc.sents)
    sent_of = [0] * len(doc)
    for n, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = n
    para_of = []
    para = 0
    for token in doc:
        para_of.append(para)
        if "\n" in token.text or "\n" in token.whitespace_:
            para += 1
    n = len(doc)
    texts, lowers, lemmas, pos, deps, ents, heads, lefts, rights = ([] for _ in range(9))
    words: list[str] = []
    tags: list[str] = []
    iobs: list[str] = []
    raw_lemmas: list[str] = []
    sent_starts: list[bool] = []
    for token in doc:
        raw_lemmas.append(token.lemma_.lower())
        sent_starts.append(bool(token.is_sent_start))
        words.append(_word(token))
        tags.append(token.tag_)
        iobs.append(token.ent_iob_)
        texts.append(token.text)
        lowers.append(token.lower_)
        lemmas.append(_lemma(token))
        pos.append(token.pos_)
        deps.append(token.dep_)
        ents.append(token.ent_type_)
        heads.append(token.head.i)
        lefts.append(token.left_edge.i)
        rights.append(token.right_edge.i)
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(heads):
        if h != i:
            children[h].append(i)
    quote_marks, count = [], 0
    for t in texts:
        count += t in _QUOTE_CHARS
        quote_marks.append(count)
    cue_verb = [pos[i] == "VERB" and raw_lemmas[i] in CUE_LEMMAS for i in range(n)]
    cue_above: list[bool | None] = [None] * n
    for i in range(n):
        chain, cur = [], i
        while cue_above[cur] is None and heads[cur] != cur:
            chain.append(cur)
            cur = heads[cur]
        above = bool(cue_above[cur]) if cue_above[cur] is not None else False
        if cue_above[cur] is None:
            cue_above[cur] = False  # a root has nothing above it
        for j in reversed(chain):
            above = above or cue_verb[heads[j]]
            cue_above[j] = above
    return DocInfo(
        doc=doc,
        text=text,
        in_quote=in_quote,
        quote_id=quote_id,
        sent_of=sent_of,
        sents=sents,
        para_of=para_of,
        static=[None] * n,
        bases=[None] * n,
        texts=texts,
        lowers=lowers,
        lemmas=lemmas,
        pos=pos,
        deps=deps,
        ents=ents,
        heads=heads,
        lefts=lefts,
        rights=rights,
        children=children,
        quote_marks=quote_marks,
        words=words,
        tags=tags,
        iobs=iobs,
        head_lemmas=raw_lemmas,
        sent_start=sent_starts,
        cue_above=cue_above,  # type: ignore[arg-type]
    )


def _shape(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "UP"
    if text[:1].isupper():
        return "Cap"
    if text.isdigit():
        return "dig"
    if text[:1].isalpha():
        return "low"
    return "sym"


def _word(token: Token) -> str:
    text = token.text
    if "\n" in text:
        return "<NL>"
    if token.is_space:
        return "<SP>"
    if text in _QUOTE_CHARS:
        return "<Q>"
    if text in _DASHES:
        return "<DASH>"
    return token.lower_


def _lemma(token: Token) -> str:
    return "<SP>" if token.is_space else token.lemma_.lower().replace(" ", "_")


def token_base(info: DocInfo, i: int) -> list[str]:
    """Features of token ``i`` on its own: word, lemma, tags, entity, quotes, its head."""
    lemma = info.lemmas[i]
    h = info.heads[i]
    dep, hdep = info.deps[i], info.deps[h]
    ent = info.ents[i]
    n = len(info.texts)
    feats = [
        "w=" + info.words[i],
        "l=" + lemma,
        "p=" + info.pos[i],
        "t=" + info.tags[i],
        "d=" + dep,
        "s=" + _shape(info.texts[i]),
        "e=" + (info.iobs[i] + ent if ent else "O"),
        "hd=" + hdep,
        "hp=" + info.pos[h],
        "hl=" + info.lemmas[h],
        "dhp=" + dep + "|" + info.pos[h],
        "ghd=" + info.deps[info.heads[h]],
        "q=" + ("1" if info.in_quote[i] else "0"),
    ]
    if lemma in CUE_LEMMAS:
        feats.append("cuelex")
    if info.head_lemmas[h] in CUE_LEMMAS:
        feats.append("hcuelex")
    if info.sent_start[i]:
        feats.append("sstart")
    if i + 1 == n or info.sent_start[i + 1]:
        feats.append("send")
    return feats


# Neighbours' words: only function words and marks unless NEIGHBOUR_LEX (topic words of the
# training corpus next to a cue say little about cues in other news).
NEIGHBOUR_LEX = False
_FUNCTION_WORDS = frozenset(
    "w=" + w
    for w in """<Q> <NL> <DASH> , . : ; ( ) that to according as in the a he she they it who
    which said says told also has have had was is would will not""".split()
)


def _neighbours(base: list[list[str]], i: int, n: int, sents: list[int] | None = None) -> list[str]:
    """Features of the two tokens on each side, within the token's sentence (a window's
    own edges are not marked: they would teach that the first words of a text say nothing)."""
    out = []
    for off in (-2, -1, 1, 2):
        j = i + off
        if 0 <= j < n:
            word, lemma, pos, dep = base[j][0], base[j][1], base[j][2], base[j][4]
            if NEIGHBOUR_LEX or word in _FUNCTION_WORDS:
                out.append(f"{off}:{word}")
            out.append(f"{off}:{pos}")
            if abs(off) == 1:
                if NEIGHBOUR_LEX:
                    out.append(f"{off}:{lemma}")
                out.append(f"{off}:{dep}")
        else:
            out.append(f"{off}:<s>")
    return out


# ----------------------------------------------------------------- cue tagger
def cue_features(info: DocInfo, sent: Span) -> list[list[str]]:
    """One feature list per token of ``sent`` for the cue tagger."""
    texts, lowers, deps, pos, children = info.texts, info.lowers, info.deps, info.pos, info.children
    marks = info.quote_marks
    first, last = sent.start, sent.end
    out = []
    for i in range(first, last):
        k = i - first
        text = texts[i]
        feats = list(info.static_of(i))
        kids = children[i]
        kid_deps = {deps[c] for c in kids}
        for dep in ("ccomp", "nsubj", "nsubjpass", "xcomp", "dobj", "agent", "parataxis"):
            if dep in kid_deps:
                feats.append("c=" + dep)
        if any(deps[c] == "ccomp" and info.in_quote[c] for c in kids):
            feats.append("c=qccomp")
        # a quotation mark next to the token's clause: “...,” she said / said: “...”
        lo, hi = max(first, i - 3), min(last, i + 4)
        if marks[hi - 1] - (marks[lo - 1] if lo > 0 else 0):
            feats.append("nearq")
        if text == ":" and k > 0:
            feats.append("colon_after=" + pos[i - 1])
        if k == 0:
            feats.append("first")
        if k > 0 and lowers[i - 1] == "according":
            feats.append("prev_according")
        for c in kids:
            dep = deps[c]
            if dep in ("prt", "prep", "mark", "aux", "neg", "advmod", "dative"):
                feats.append(f"ch={dep}|{lowers[c]}")
            elif dep in ("nsubj", "nsubjpass"):
                feats.append("subj_e=" + (info.ents[c] or pos[c]))
            elif dep == "ccomp":
                mark = next((lowers[m] for m in children[c] if deps[m] == "mark"), "-")
                feats.append("ccomp_mark=" + mark)
        feats.append(f"ld={info.lemmas[i]}|{deps[i]}")
        if pos[i] in ("VERB", "AUX", "NOUN"):
            lo, hi = info.lefts[i], info.rights[i]
            if marks[hi] - (marks[lo - 1] if lo > 0 else 0):
                feats.append("sub_q")
        if info.cue_above[i]:
            feats.append("anc_cue")
        if k > 0 and texts[i - 1] in _QUOTE_CHARS:
            feats.append("after_q")
        if k > 1 and texts[i - 1] == "," and texts[i - 2] in _QUOTE_CHARS:
            feats.append("after_qc")
        if i + 1 < last and texts[i + 1] in _QUOTE_CHARS:
            feats.append("before_q")
        if text in _DASHES or text[-1:] in _DASHES:
            feats.append("dash")
            if k > 0 and texts[i - 1] in _QUOTE_CHARS or text[:1] in _QUOTE_CHARS:
                feats.append("dash_after_q")
        out.append(feats)
    return out


# ----------------------------------------------------------------- span tagger
def cue_head(doc: Doc, start: int, end: int) -> Token:
    """The token of a cue span whose head lies outside it (the verb of "has said")."""
    tokens = doc[start:end]
    for token in tokens:
        if not (start <= token.head.i < end) or token.head.i == token.i:
            return token
    return tokens[0]


# Sentences read on each side of a cue's sentence (within its paragraph): two in training,
# one when tagging (the same scores on dev at half the cost).
TRAIN_WINDOW = 2
WINDOW = 1


def window_of(info: DocInfo, cue_start: int, cue_end: int, width: int = WINDOW) -> tuple[int, int]:
    """Token range read for a cue: its sentence and ``width`` on each side, in its paragraph."""
    n = info.sent_of[cue_start]
    para = info.para_of[cue_start]
    first, last = n, n
    while first > 0 and n - first < width and info.para_of[info.sents[first - 1].end - 1] == para:
        first -= 1
    while (
        last + 1 < len(info.sents)
        and last - n < width
        and info.para_of[info.sents[last + 1].start] == para
    ):
        last += 1
    return info.sents[first].start, info.sents[last].end


def _bucket(d: int) -> str:
    if d <= 3:
        return str(d)
    if d <= 6:
        return "4-6"
    if d <= 10:
        return "7-10"
    if d <= 20:
        return "11-20"
    return "21+"


def span_features(
    info: DocInfo, cue_start: int, cue_end: int, start: int, end: int
) -> list[list[str]]:
    """One feature list per token of ``doc[start:end]`` for the source/content tagger of the
    cue at tokens ``cue_start:cue_end``."""
    doc = info.doc
    heads, deps, pos, lemmas = info.heads, info.deps, info.pos, info.lemmas
    h = cue_head(doc, cue_start, cue_end).i
    cue_lemma = lemmas[h]
    cue_pos = pos[h]
    cue_sent = info.sent_of[h]
    cue_quote = info.quote_id[h]
    sub_lo, sub_hi = info.lefts[h], info.rights[h]  # a projective parse: subtrees are spans
    cue_ancestors: dict[int, int] = {}
    cur, n = h, 0
    while heads[cur] != cur and n < 100:
        cur, n = heads[cur], n + 1
        cue_ancestors[cur] = n
    cue_dep = deps[h]
    out = []
    for i in range(start, end):
        feats = list(info.static_of(i))
        if cue_start <= i < cue_end:
            feats.append("CUE")
            out.append(feats)
            continue
        side = "L" if i < cue_start else "R"
        dist = cue_start - i if side == "L" else i - cue_end + 1
        feats.append("side=" + side)
        feats.append("dist=" + side + _bucket(dist))
        feats.append("sentrel=" + str(max(-2, min(2, info.sent_of[i] - cue_sent))))
        qid = info.quote_id[i]
        if qid >= 0:
            feats.append("q_cue=" + ("same" if qid == cue_quote else "other"))
        if sub_lo <= i <= sub_hi and (path := _path_ints(heads, i, h)) is not None:
            top = path[-1] if path else i
            top_dep = deps[top]
            rel = "in_sub=" + top_dep
            feats.append(rel)
            feats.append("path=" + ">".join(deps[t] for t in path[-3:]))
            feats.append("sub|p=" + top_dep + "|" + pos[i])
            if lemmas[i] in CUE_LEMMAS:
                feats.append("sub_cuelex=" + top_dep)
            feats.append("in_sub_depth=" + _bucket(len(path)))
            feats.append("in_sub_top=" + top_dep + "|" + side)
            if top_dep in ("nsubj", "nsubjpass", "agent"):
                feats.append("subj_path=" + deps[i])
        elif i in cue_ancestors:
            rel = "anc=" + _bucket(cue_ancestors[i])
            feats.append(rel)
            feats.append("anc_dep=" + deps[i])
            feats.append("anc|p=" + pos[i] + "|" + side)
        else:
            # reached through a common ancestor: the cue clause sits inside this token's clause
            cur, steps = i, 0
            while heads[cur] != cur and heads[cur] not in cue_ancestors and steps < 12:
                cur, steps = heads[cur], steps + 1
            if heads[cur] in cue_ancestors:
                rel = "lca=" + _bucket(cue_ancestors[heads[cur]])
                feats.append(rel)
                feats.append("lca_top=" + deps[cur])
                feats.append("lca|side=" + deps[cur] + "|" + side + "|" + pos[i])
            else:
                rel = "lca=none"
                feats.append(rel)
        feats.append("cl=" + cue_lemma)
        feats.append("cp=" + cue_pos)
        feats.append("cdep=" + cue_dep + "|" + side)
        feats.append("rel|cdep=" + rel + "|" + cue_dep + "|" + side)
        out.append(feats)
    return out


def _path_ints(heads: list[int], i: int, target: int, limit: int = 12) -> list[int] | None:
    """Token ``i`` and its ancestors below ``target`` (None if target is not above it)."""
    path: list[int] = []
    cur = i
    for _ in range(limit):
        if cur == target:
            return path
        path.append(cur)
        if heads[cur] == cur:
            return None
        cur = heads[cur]
    return None
