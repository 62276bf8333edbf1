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
from newsledger.analyse.quotes import quote_spans

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


def doc_info(doc: Doc) -> DocInfo:
    text = doc_text(doc)
    quotes = quote_spans(text)
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
    return DocInfo(doc, text, in_quote, quote_id, sent_of, sents, para_of)


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


def token_base(info: DocInfo, token: Token) -> list[str]:
    """Features of a token on its own: word, lemma, tags, entity, quotes, its head."""
    lemma = _lemma(token)
    head = token.head
    feats = [
        "w=" + _word(token),
        "l=" + lemma,
        "p=" + token.pos_,
        "t=" + token.tag_,
        "d=" + token.dep_,
        "s=" + _shape(token.text),
        "e=" + (token.ent_iob_ + token.ent_type_ if token.ent_type_ else "O"),
        "hd=" + head.dep_,
        "hp=" + head.pos_,
        "hl=" + _lemma(head),
        "dhp=" + token.dep_ + "|" + head.pos_,
        "ghd=" + head.head.dep_,
        "q=" + ("1" if info.in_quote[token.i] else "0"),
    ]
    if lemma in CUE_LEMMAS:
        feats.append("cuelex")
    if head.lemma_.lower() in CUE_LEMMAS:
        feats.append("hcuelex")
    if token.is_sent_start:
        feats.append("sstart")
    if token.i + 1 == len(token.doc) or token.doc[token.i + 1].is_sent_start:
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
        if 0 <= j < n and (sents is None or sents[j] == sents[i]):
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
    tokens = list(sent)
    base = [token_base(info, t) for t in tokens]
    out = []
    for k, token in enumerate(tokens):
        feats = base[k] + _neighbours(base, k, len(tokens))
        deps = {c.dep_ for c in token.children}
        for dep in ("ccomp", "nsubj", "nsubjpass", "xcomp", "dobj", "agent", "parataxis"):
            if dep in deps:
                feats.append("c=" + dep)
        if any(c.dep_ == "ccomp" and info.in_quote[c.i] for c in token.children):
            feats.append("c=qccomp")
        # a quotation mark next to the token's clause: “...,” she said / said: “...”
        near = tokens[max(0, k - 3) : k + 4]
        if any(t.text in _QUOTE_CHARS for t in near):
            feats.append("nearq")
        if token.text == ":" and k > 0:
            feats.append("colon_after=" + tokens[k - 1].pos_)
        if k == 0:
            feats.append("first")
        if k > 0 and tokens[k - 1].lower_ == "according":
            feats.append("prev_according")
        lemma = _lemma(token)
        for child in token.children:
            if child.dep_ in ("prt", "prep", "mark", "aux", "neg", "advmod", "dative"):
                feats.append(f"ch={child.dep_}|{child.lower_}")
            elif child.dep_ in ("nsubj", "nsubjpass"):
                feats.append("subj_e=" + (child.ent_type_ or child.pos_))
            elif child.dep_ == "ccomp":
                marks = [m.lower_ for m in child.children if m.dep_ == "mark"]
                feats.append("ccomp_mark=" + (marks[0] if marks else "-"))
        feats.append(f"ld={lemma}|{token.dep_}")
        if token.pos_ in ("VERB", "AUX", "NOUN"):
            sub = token.subtree
            if any(t.text in _QUOTE_CHARS for t in sub):
                feats.append("sub_q")
        if any(a.lemma_.lower() in CUE_LEMMAS and a.pos_ == "VERB" for a in token.ancestors):
            feats.append("anc_cue")
        if k > 0 and tokens[k - 1].text in _QUOTE_CHARS:
            feats.append("after_q")
        if k > 1 and tokens[k - 1].text == "," and tokens[k - 2].text in _QUOTE_CHARS:
            feats.append("after_qc")
        if k + 1 < len(tokens) and tokens[k + 1].text in _QUOTE_CHARS:
            feats.append("before_q")
        if token.text in _DASHES or token.text[-1:] in _DASHES:
            feats.append("dash")
            if k > 0 and tokens[k - 1].text in _QUOTE_CHARS or token.text[:1] in _QUOTE_CHARS:
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


def _path_to(token: Token, target: Token, limit: int = 12) -> tuple[list[Token], int] | None:
    """Ancestors of ``token`` up to and including ``target`` (None if target is no ancestor)."""
    path = []
    cur = token
    for _ in range(limit):
        if cur.i == target.i:
            return path, len(path)
        path.append(cur)
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def window_of(info: DocInfo, cue_start: int, cue_end: int) -> tuple[int, int]:
    """Token range read for a cue: its sentence and the two on each side, in its paragraph."""
    n = info.sent_of[cue_start]
    para = info.para_of[cue_start]
    first, last = n, n
    while first > 0 and n - first < 2 and info.para_of[info.sents[first - 1].end - 1] == para:
        first -= 1
    while (
        last + 1 < len(info.sents)
        and last - n < 2
        and info.para_of[info.sents[last + 1].start] == para
    ):
        last += 1
    return info.sents[first].start, info.sents[last].end


# The span tagger leans on structure; word identity makes it learn the topics of its corpus.
LEXICAL_SPAN = True
_LEXICAL = ("w=", "l=", "hl=")


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
    head = cue_head(doc, cue_start, cue_end)
    cue_lemma = _lemma(head)
    cue_sent = info.sent_of[head.i]
    cue_quote = info.quote_id[head.i]
    subtree = {t.i for t in head.subtree}
    cue_ancestors = {t.i: n for n, t in enumerate(head.ancestors, 1)}
    tokens = list(doc[start:end])
    base = [token_base(info, t) for t in tokens]
    if not LEXICAL_SPAN:
        base = [[f for f in b if not f.startswith(_LEXICAL)] for b in base]
    cue_dep = head.dep_
    sents = [info.sent_of[t.i] for t in tokens]
    out = []
    for k, token in enumerate(tokens):
        i = token.i
        feats = base[k] + _neighbours(base, k, len(tokens), sents)
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
        if i in subtree:
            path, _ = _path_to(token, head) or ([], 0)
            top = path[-1] if path else token
            feats.append("in_sub=" + top.dep_)
            feats.append("path=" + ">".join(t.dep_ for t in path[-3:]))
            feats.append("sub|p=" + top.dep_ + "|" + token.pos_)
            if _lemma(token) in CUE_LEMMAS:
                feats.append("sub_cuelex=" + top.dep_)
            feats.append("in_sub_depth=" + _bucket(len(path)))
            feats.append("in_sub_top=" + top.dep_ + "|" + side)
            if top.dep_ in ("nsubj", "nsubjpass", "agent"):
                feats.append("subj_path=" + token.dep_)
        elif i in cue_ancestors:
            feats.append("anc=" + _bucket(cue_ancestors[i]))
            feats.append("anc_dep=" + token.dep_)
            feats.append("anc|p=" + token.pos_ + "|" + side)
        else:
            # reached through a common ancestor: the cue clause sits inside this token's clause
            cur, steps = token, 0
            while cur.head.i != cur.i and cur.head.i not in cue_ancestors and steps < 12:
                cur, steps = cur.head, steps + 1
            if cur.head.i in cue_ancestors:
                feats.append("lca=" + _bucket(cue_ancestors[cur.head.i]))
                feats.append("lca_top=" + cur.dep_)
                feats.append("lca|side=" + cur.dep_ + "|" + side + "|" + token.pos_)
            else:
                feats.append("lca=none")
        feats.append("cl=" + cue_lemma)
        feats.append("cp=" + head.pos_)
        feats.append("cdep=" + cue_dep + "|" + side)
        rel = next((f for f in feats if f.startswith(("in_sub=", "anc=", "lca_top=", "lca="))), "")
        feats.append("rel|cdep=" + rel + "|" + cue_dep + "|" + side)
        out.append(feats)
    return out
