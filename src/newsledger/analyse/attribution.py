"""Who a sentence credits a claim to: the cue ("said", "according to", "estimated") that governs
a token, and the source it names, with pronouns and bare surnames resolved from earlier text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from newsledger.analyse.doctext import doc_ents, doc_text
from newsledger.titles import is_title

# Verbs whose subject (or passive agent) is the source of what they govern.
SPEECH_VERBS = frozenset(
    """
say tell state report announce add note warn claim estimate believe indicate confirm deny insist
argue write post mention acknowledge predict expect anticipate think assert explain suggest show
reveal disclose allege declare testify admit concede caution stress emphasise emphasize reiterate
point observe remark comment tweet reckon calculate project forecast assess conclude find put
record count tally quote cite brief inform assure maintain contend recall describe characterize
characterise accuse urge announce respond reply answer ask promise vow pledge signal agree
""".split()
)
# The cue vocabulary of newsledger, in one place: statements (analyse/statements.py), the
# attribution model's features and the figures' sources all read it from here.
# Verbs whose subject is the source of the clause, object or infinitive they govern.
CUE_VERBS = frozenset(
    """
say tell add note write show find cite report agree announce suggest ask acknowledge call
attack want warn claim argue plan support pledge describe criticize criticise recall decline
respond urge question mention point blast declare continue insist explain believe think
state estimate confirm deny indicate reveal predict expect anticipate assert admit concede
caution stress emphasize emphasise reiterate observe remark comment tweet post promise vow
signal accuse demand propose recommend allege contend maintain testify conclude complain praise
hope fear worry doubt refuse reject dismiss defend urge charge blame threaten boast counter
reply answer inform assure advise disclose announce concur predict forecast project reckon
calculate assess imply acknowledge lament decry condemn welcome applaud slam tout predict
""".split()
)
# Verbs whose object (not a clause) is what is said: "reported her presence", "cited polls".
OBJECT_CUES = frozenset(
    """
stress highlight publish recognize recognise emphasize emphasise question oppose endorse
champion tout unveil outline release issue express voice
report announce cite call attack criticize criticise describe support reject deny confirm
reveal disclose acknowledge mention question blast slam praise welcome condemn decry tout
propose recommend demand promise pledge defend dismiss accuse blame charge predict
""".split()
)
# Verbs that take a "that" clause without reporting anyone's words or views.
NOT_CUES = frozenset(
    """
make ensure mean be have do get take go come seem appear happen become matter prove turn
require cause keep let help see
""".split()
)
# Verbs that can introduce a quotation ("...," she joked).
QUOTE_VERBS = CUE_VERBS | frozenset(
    """
joke quip laugh sigh shout scream yell cry chant sing whisper mutter exclaim smile snap
retort continue muse offer fume scoff sneer gush marvel rage rave
""".split()
)
PARTICLE_PREPS = {"call": ("for", "on"), "point": ("to",), "refer": ("to",)}
# Particles that turn a cue verb into another verb: "showed up", "put off", "added up"
# ("pointed out", "found out", "hit back" stay cues).
_NON_CUE_PARTICLES = frozenset({"up", "off", "on", "away", "in", "over", "down"})


def other_phrasal_verb(verb: Token) -> bool:
    """A cue verb made another verb by its particle: "30 young men showed up"."""
    return any(c.dep_ == "prt" and c.lower_ in _NON_CUE_PARTICLES for c in verb.children)


# Every lemma that can head a cue, for the model's features.
CUE_LEMMAS = SPEECH_VERBS | QUOTE_VERBS | OBJECT_CUES | frozenset({"accord", "according"})

# Verbs that make a source only when what they give is an estimate or a figure.
GIVING_VERBS = frozenset({"offer", "give", "provide", "publish", "release", "issue", "produce"})
INFO_NOUNS = frozenset(
    """
estimate estimates figure figures number numbers tally count toll data assessment assessments
calculation calculations projection projections forecast forecasts statistic statistics report
reports survey surveys poll polls study studies analysis census statement statements
""".split()
)
# Pronouns and the entity labels of what they can stand for.
_PRONOUNS = {
    "he": ("PERSON",),
    "she": ("PERSON",),
    "i": ("PERSON",),
    "it": ("ORG", "GPE", "NORP"),
    "they": ("PERSON", "ORG", "NORP", "GPE"),
    "we": ("PERSON", "ORG", "NORP", "GPE"),
}
_SOURCE_DEPS = ("nsubj", "nsubjpass")
# A line that opens with a short name and a colon: "Kovalenko: Thank you ..."
_SPEAKER_LINE = re.compile(r"(?P<name>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}):\s+\S")
# words a headline's kicker has and a speaker's name does not ("CHARGED WITH MURDER: ...")
KICKER_WORDS = frozenset("with in on at to for from by after over into is are was will".split())
_LIST_DEPS = frozenset({"conj", "cc", "compound", "flat", "punct", "nummod", "amod"})


@dataclass(frozen=True, slots=True)
class Source:
    """A source and the cue that credits it; spans are character offsets into the doc."""

    name: str
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int


def source_of(token: Token, sentence: Span | None = None) -> Source | None:
    """The source the sentence credits ``token`` to, or None for the outlet's own words."""
    sentence = sentence or token.sent
    below: Token | None = None  # the ancestor's child on the way up from the token
    for ancestor in _ancestors(token):
        source = _from_according_to(ancestor) or _from_cue_verb(ancestor)
        if source is not None and _credits(token, source, below):
            return _resolved(source, token.doc, sentence)
        below = ancestor
        for child in ancestor.children:
            if child.dep_ == "acl" and child.lemma_.lower() in SPEECH_VERBS | GIVING_VERBS:
                agent = _agent(child)
                if agent is not None:
                    return _resolved(_source(agent, child), token.doc, sentence)
    for candidate in sentence:  # "..., according to X." attached elsewhere in the sentence
        source = _from_according_to(candidate)
        if source is not None:
            return _resolved(source, token.doc, sentence)
    return _from_speaker_line(token.doc, sentence)


def _credits(token: Token, source: Source, below: Token | None) -> bool:
    """Whether a cue found above ``token`` governs it: not a figure inside the source's own
    phrase ("the 30-year-old sergeant"), nor one in a verb coordinated with the cue ("Police
    told workers to stay but later evacuated the building, 15 miles north"), nor one before a
    semicolon that a later cue follows ("1 dead, 2 hurt; police say he had worked there")."""
    if source.start <= token.idx < source.end:
        return False
    if below is not None and below.dep_ == "conj" and below.pos_ in ("VERB", "AUX"):
        return False
    between = doc_text(token.doc)[token.idx : source.cue_start]
    return ";" not in between or any(q in between for q in _QUOTE_MARKS)  # quoted: its words


_QUOTE_MARKS = ('"', "\u201c", "\u201d")


def _ancestors(token: Token) -> list[Token]:
    return [token, *token.ancestors]


def _from_cue_verb(verb: Token) -> Source | None:
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    giving = lemma in GIVING_VERBS and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in INFO_NOUNS for c in verb.children
    )
    if (lemma not in SPEECH_VERBS and not giving) or other_phrasal_verb(verb):
        return None
    if withheld(verb):
        return None  # "police would not say", "declined to release the names"
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ != "there"), None)
    if lemma == "show" and not shows_finding(verb):
        return None  # "Prosecutors showed the footage at the trial of the two youths"
    if lemma == "respond" and responds_to_event(verb):
        return None  # "Crews responded to the blaze"
    if subject is not None:
        return _source(subject, verb)
    agent = _agent(verb)
    if agent is not None:
        return _source(agent, verb)
    for child in verb.children:  # "a statement from the ministry"
        if child.dep_ == "nsubjpass" and child.lemma_.lower() in INFO_NOUNS:
            owner = _owner_of_info_noun(child)
            if owner is not None:
                return _source(owner, verb)
    return None


def withheld(verb: Token) -> bool:
    """A cue its subject refused ("declined to release the names of the two men") or did
    not use on the question it names ("would not say how many shots were fired"); a negated
    cue with a claim ("did not deny that ...") still reports one."""
    if verb.lemma_.lower() in _REFUSALS:
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REFUSALS:
        return True
    return any(c.dep_ == "neg" for c in verb.children) and any(
        c.dep_ in ("ccomp", "dobj", "xcomp") and c.left_edge.lower_ in _QUESTION_WORDS
        for c in verb.children
    )


_REFUSALS = frozenset({"decline", "refuse"})
_QUESTION_WORDS = frozenset("how what whether if who whom why when where which".split())


# What can "show" a finding: a record or a test, not a person showing an object.
_RECORDS = INFO_NOUNS | frozenset(
    """
autopsy video footage record records document documents test tests image images map maps
chart charts photo photos picture pictures result results evidence scan scans
""".split()
)


def shows_finding(verb: Token) -> bool:
    """Whether a "show" reports a finding: it governs a clause ("showed that ..."), or a
    record or a test shows it ("the data show 12 deaths"); not "the juries showed little
    emotion" or "prosecutors showed the footage"."""
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if not passive and any(c.dep_ == "ccomp" for c in verb.children):
        return True  # ("the jury was shown the moment ...": they saw it, nobody found it)
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.lemma_.lower() in _RECORDS or c.lower_ in _RECORDS)
        for c in verb.children
    )


_REMARKS = frozenset(
    """
question questions request requests query queries criticism comment comments letter email
call calls report reports statement allegation allegations claim claims accusation
accusations charge charges remark remarks message messages inquiry inquiries
""".split()
)


def responds_to_event(verb: Token) -> bool:
    """A "respond" that answers no one: "crews responded to the blaze" (not "responded that
    ...", "responded to questions", nor a quoted reply)."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return False
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "to":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            return not any(o.lower_ in _REMARKS for o in objects)
    return False


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _from_according_to(token: Token) -> Source | None:
    """``according to X`` (and ``according to a statement from X``)."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    source_token = _owner_of_info_noun(obj) if obj.lemma_.lower() in INFO_NOUNS else None
    span = _source(source_token or obj, token)
    to_end = to.idx + len(to)
    return Source(span.name, span.start, span.end, "according to", token.idx, to_end)


def _owner_of_info_noun(noun: Token) -> Token | None:
    """``a statement from X`` / ``X's data`` -> X."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _source(head: Token, cue: Token) -> Source:
    tokens = _phrase(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return Source(doc_text(head.doc)[start:end], start, end, cue.text, cue.idx, cue.idx + len(cue))


def _phrase(head: Token) -> list[Token]:
    """The noun phrase of ``head``: its left modifiers and listed conjuncts, no clauses."""
    end = head.i
    for child in head.rights:
        if child.dep_ == "punct" and child.text != ",":
            break
        if child.dep_ not in _LIST_DEPS:
            break
        end = child.right_edge.i if child.dep_ == "conj" else child.i
    tokens = list(head.doc[head.left_edge.i : end + 1])
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while len(tokens) > 1 and tokens[0].is_punct:
        tokens.pop(0)
    return tokens


def resolve_name(doc: Doc, name: str, start: int) -> str:
    """The fullest name a source mention at ``start`` stands for (pronouns, surnames, "our X"
    inside an interview answer), or the mention itself."""
    span = doc.char_span(start, start + len(name), alignment_mode="expand")
    sentence = span.sent if span is not None else next(iter(doc.sents))
    return _resolved(Source(name, start, start + len(name), "", 0, 0), doc, sentence).name


def _resolved(source: Source, doc: Doc, sentence: Span) -> Source:
    """Replace a pronoun or a bare surname by the fullest earlier name it stands for."""
    name = source.name
    if name.lower() in ("we", "i", "us", "me") or name.lower().startswith(("our ", "my ")):
        line = _from_speaker_line(doc, sentence)  # first person inside an interview answer
        if line is not None:
            return Source(
                line.name, source.start, source.end, source.cue, source.cue_start, source.cue_end
            )
    if name.lower() in ("it", "they"):
        # an organisation's "it" most often continues the subject of the sentence before
        full = _previous_subject(doc, sentence.start_char, proper_only=False) or _previous_entity(
            doc, _PRONOUNS[name.lower()], sentence.start_char, source.start
        )
    elif name.lower() in _PRONOUNS:
        full = _previous_entity(doc, _PRONOUNS[name.lower()], sentence.start_char, source.start)
    elif _PAIR.match(name):
        full = _pair_before(doc, sentence.start_char)
    elif " " not in name and name[:1].isupper():
        full = _fuller_name(doc, name, source.start)
    elif name.lower().startswith("the "):
        full = _role_noun(doc, name, source.start)
    else:
        return source
    if full is None:
        return source
    return Source(full, source.start, source.end, source.cue, source.cue_start, source.cue_end)


def _previous_entity(
    doc: Doc, labels: tuple[str, ...], sentence_start: int, before: int
) -> str | None:
    """The most recent entity of ``labels`` named before ``before`` (this sentence first)."""
    people = [e for e in doc_ents(doc) if e.label_ in labels and e.end_char <= before]
    if not people:
        return _previous_subject(doc, sentence_start) if "PERSON" in labels else None
    in_sentence = [e for e in people if e.start_char >= sentence_start]
    chosen = _bare_name((in_sentence or people)[-1])
    if len(chosen) > 1:
        return chosen.text
    return _fuller_name(doc, chosen.text, chosen.end_char) or chosen.text


# "The two", "both men", "the pair": the two people the sentence before named together.
_PAIR = re.compile(
    r"(?i)^(?:the )?(?:two|both|pair)(?: (?:men|women|leaders|ministers|officials|officers))?$"
)


def _pair_before(doc: Doc, sentence_start: int) -> str | None:
    """ "A and B" when the sentence before names two people joined by "and" ("Minister A and
    the EU's envoy, B, met ...")."""
    previous = [s for s in _sentences(doc) if s.end_char <= sentence_start][-1:]
    text = doc_text(doc)
    for sentence in previous:
        people = [
            e
            for e in doc_ents(doc)
            if e.label_ == "PERSON" and sentence.start_char <= e.start_char < sentence.end_char
        ]
        for first, second in pairwise(people):
            between = text[first.end_char : second.start_char]
            if re.search(r"\band\b", between) and len(between) <= 60:
                return f"{_bare_name(first).text} and {_bare_name(second).text}"
    return None


def _bare_name(entity: Span) -> Span:
    """An entity mention without what the tagger took along: a leading conjunction or adverb
    ("When Frederick LaRue's" -> "Frederick LaRue") and a trailing possessive."""
    start, end = entity.start, entity.end
    while start < end - 1 and entity.doc[start].pos_ not in ("PROPN", "NOUN", "ADJ", "NUM"):
        start += 1
    while end - 1 > start and entity.doc[end - 1].tag_ == "POS":
        end -= 1
    return entity.doc[start:end]


def _previous_subject(doc: Doc, sentence_start: int, proper_only: bool = True) -> str | None:
    """The subject of the sentence before: a name (the tagger may miss a person's name), or
    with ``proper_only`` off any noun phrase ("The South Korean intelligence agency")."""
    previous = None
    for sentence in _sentences(doc):
        if sentence.end_char > sentence_start:
            break
        previous = sentence
    if previous is None:
        return None
    for token in previous:
        if token.dep_ == "nsubj" and (
            token.pos_ == "PROPN" or not proper_only and token.pos_ == "NOUN"
        ):
            return doc[token.left_edge.i : token.i + 1].text
    return None


def _sentences(doc: Doc) -> list[Span]:
    """``doc.sents`` as a list, read once per document."""
    sentences: list[Span] | None = doc.user_data.get(_SENTS)
    if sentences is None:
        sentences = doc.user_data[_SENTS] = list(doc.sents)
    return sentences


_SENTS = "newsledger.sents"


def _fuller_name(doc: Doc, surname: str, before: int) -> str | None:
    """The longest earlier entity mention that ends with ``surname`` ("Kovalenko" -> "Andriy
    Kovalenko")."""
    best = None
    for ent in doc_ents(doc):
        if ent.start_char >= before:
            break
        words = ent.text.split()
        if len(words) > 1 and words[-1] == surname and (best is None or len(ent.text) > len(best)):
            best = ent.text
    if best is None:  # the tagger missed the full name: "Rustem Umerov" written as words
        pattern = re.compile(r"\b((?:[A-Z][\w'\u2019-]+ ){1,2})" + re.escape(surname) + r"\b")
        for match in pattern.finditer(doc_text(doc), 0, before):
            given = match.group(1).split()
            while given and (
                is_title(given[0])
                or given[0].lower() in _ROLE_WORDS
                or given[0].lower() in STOP_WORDS
            ):
                given.pop(0)  # "Minister Rustem Umerov", "When Rustem Umerov" -> "Rustem Umerov"
            if given:
                return " ".join([*given, surname])
    return best


# Capitalised words before a surname that are not given names: titles, and role words.
_ROLE_WORDS = frozenset(
    {
        "defense",
        "defence",
        "foreign",
        "ukrainian",
        "russian",
        "american",
        "british",
        "korean",
        "the",
        "a",
        "said",
    }
)


def _role_noun(doc: Doc, name: str, before: int) -> str | None:
    """ "the agency" -> the latest earlier noun phrase that ends in "agency" and says more."""
    words = name.lower().split()
    if len(words) != 2 or words[0] != "the":
        return None
    head = words[1]
    best = None
    for end_char, root, size, chunk in _noun_chunks(doc, before):
        if end_char > before:
            break
        if root == head and size > 2:
            best = chunk
    return best.text if best is not None else None


@dataclass(slots=True)
class _Chunks:
    """The noun chunks of a document read so far, and the rest (None once all are read)."""

    read: list[tuple[int, str, int, Span]]  # (end offset, root word, tokens, chunk)
    rest: Iterator[Span] | None


def _noun_chunks(doc: Doc, before: int) -> list[tuple[int, str, int, Span]]:
    """The document's noun chunks as (end offset, root word, tokens, chunk), read once and
    only as far as ``before`` and one chunk past it."""
    state: _Chunks | None = doc.user_data.get(_CHUNKS)
    if state is None:
        state = doc.user_data[_CHUNKS] = _Chunks([], iter(doc.noun_chunks))
    chunks = state.read
    while state.rest is not None and (not chunks or chunks[-1][0] <= before):
        chunk = next(state.rest, None)
        if chunk is None:
            state.rest = None
            break
        chunks.append((chunk.end_char, chunk.root.lower_, len(chunk), chunk))
    return chunks


_CHUNKS = "newsledger.noun_chunks"


def _from_speaker_line(doc: Doc, sentence: Span) -> Source | None:
    """Interview layout: the paragraph opens with ``Name:``, so its words are that person's."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, sentence.start_char) + 1
    match = _SPEAKER_LINE.match(text, line_start)
    if not match or KICKER_WORDS.intersection(match.group("name").lower().split()):
        return None
    name = match.group("name")
    start, end = line_start, line_start + len(name)
    full = _fuller_name(doc, name, start) if " " not in name else None
    colon = end
    return Source(full or name, start, end, ":", colon, colon + 1)
