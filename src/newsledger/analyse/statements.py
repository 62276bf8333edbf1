"""Who said what: statements with source, cue and content, direct or reported, nested.

Three passes over a parsed article:

1. cue verbs ("said", "told", "warned", "called for", "shows") with a source (subject or
   passive agent) and a content (the clause, object or infinitive they govern);
2. "according to X" and "X's data shows"-style cues, and layouts: "NAME: words" lines and
   a quote followed by a dash and a name;
3. quotations: a quote that the parse split over sentences is joined back to its cue, a quote
   split around its cue ("A," he said, "B.") becomes one statement in two fragments, and a
   paragraph that is a quote with no cue continues the previous speaker.

Offsets point into the clean text. Every statement keeps the source mention as written
(``speaker_span``) and the fullest name it stands for (``speaker``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsledger.analyse.attribution import (
    CUE_VERBS,
    INFO_NOUNS,
    KICKER_WORDS,
    NOT_CUES,
    OBJECT_CUES,
    PARTICLE_PREPS,
    QUOTE_VERBS,
    other_phrasal_verb,
    resolve_name,
    responds_to_event,
    shows_finding,
    withheld,
)
from newsledger.analyse.dates import resolve_date
from newsledger.analyse.doctext import doc_ents, doc_text
from newsledger.analyse.quotes import doc_quotes, inside_quote, quotes_opening
from newsledger.records import Statement
from newsledger.titles import PERSON_NOUNS, is_title
from newsledger.vocabulary import Attribution

_QUOTE_CHARS = '"\u201c\u201d\u00ab\u00bb\u201e'
_OPENERS = "\u201c\u00ab\u201e"
_CLOSERS = "\u201d\u00bb"
# Line labels that are not speakers: "Interview: ...", "Update: ..."
_LABELS = frozenset(
    """
interview update note source photo photos video watch related correction summary headline
analysis opinion exclusive breaking listen transcript read background context editor's note
editors note disclaimer warning live fact check q a updated published posted modified
""".split()
) | {"editor's note", "fact check", "read more", "see also", "last updated", "first published"}
# last words of a label line ("Story Created:", "Page Updated:")
_LABEL_ENDS = frozenset("created updated modified published posted edited credit credits".split())
# A line that opens with a short name and a colon, in quotation marks too when a transcript is
# quoted a paragraph at a time: "PENCE: Well, look ..."
_COLON_LINE = re.compile(
    r"[\"\u201c]?(?P<name>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}):\s+(?=\S)"
)
# A line that ends with a colon and its source, as headlines credit one: "Two hurt: Police"
_COLON_TAIL = re.compile(
    r"(?m)^(?P<words>[^\n:]{12,}?)[ \t]*:[ \t]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?: [A-Za-z][\w.'\u2019-]*){0,3})[ \t]*$"
)
_TAIL_SOURCES = frozenset(
    "police officials official sources source report study minister ministry spokesman "
    "spokeswoman spokesperson army military government authorities witnesses".split()
)
_DASH_SOURCE = re.compile(
    r"[\u201d\"]\s*[\u2015\u2014\u2013-]{1,2}\s*(?P<name>[A-Z][\w.'\u2019-]*"
    r"(?: [A-Z][\w.'\u2019-]*){0,4})"
)
_SUBJECT_DEPS = ("nsubj",)
_CONTENT_DEPS = ("ccomp", "xcomp", "csubj", "parataxis")


@dataclass(frozen=True, slots=True)
class _Found:
    """A statement under construction: token-level spans before text offsets are fixed."""

    content: tuple[tuple[int, int], ...]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    source_name: str | None
    transcript: bool = False  # words of a "NAME: ..." line: direct speech without marks


def statements_of(
    doc: Doc, published: str | None = None, attribution: Attribution = Attribution.MODEL
) -> tuple[Statement, ...]:
    """Every statement of the document, in text order. ``attribution`` chooses who finds
    them: the trained model (with the rules for layouts it does not learn) or the rules."""
    quotes = doc_quotes(doc)
    if attribution == Attribution.MODEL:
        found = _model_statements(doc, quotes)
    else:
        found = _rule_statements(doc, quotes)
    found = [c for f in found if (c := _sourced(doc, _own_clause(doc, _quoted_by(doc, f), quotes)))]
    found.extend(_continuations(doc, found, quotes))
    found = _dedupe(_unnested(doc, found))
    statements = [_statement(doc, f, quotes, published) for f in sorted(found, key=_start)]
    return tuple(
        s for s in _pronouns_continue(doc, statements) if s.speaker is not None or s.direct
    )


_PERSONAL = frozenset({"he", "she", "him", "her"})
_PRONOUN_REACH = 600  # characters back to the speaker a "he said" continues


def _pronouns_continue(doc: Doc, statements: list[Statement]) -> list[Statement]:
    """ "He said ..." is most often a person named earlier in the same sentence ("Williams
    blasted outsiders who he said ..."), else the person quoted just before: a personal
    pronoun takes the speaker of the latest statement before it whose speaker is a named
    person (within a few paragraphs), before falling back to the latest name in the text.
    A quotation that continues a pronoun's words continues the person it was resolved to."""
    text = doc_text(doc)
    people = {e.text for e in doc_ents(doc) if e.label_ == "PERSON"}
    out: list[Statement] = []
    last: tuple[int, str] | None = None  # where the latest named person spoke, and who
    for statement in statements:
        mention = (
            text[statement.speaker_start : statement.speaker_end]
            if statement.speaker_start is not None
            else statement.speaker or ""
        ).lower()
        if mention in _PERSONAL:
            anchor = statement.speaker_start or statement.start
            named = _named_before_in_sentence(doc, anchor)
            if named is not None:
                statement = replace(statement, speaker=named)
            elif (
                last is not None
                and 0 <= anchor - last[0] <= _PRONOUN_REACH
                and not _subject_named_since(doc, last[0], anchor)
            ):
                statement = replace(statement, speaker=last[1])
        if statement.speaker and _is_person(statement.speaker, people):
            last = (max(statement.end, statement.speaker_end or 0), statement.speaker)
        out.append(statement)
    return out


def _subject_named_since(doc: Doc, start: int, end: int) -> bool:
    """Whether a person is the subject of a whole sentence between ``start`` and ``end``
    ("Lawyer Ana Ruiz, the owner, was there. He said ..."): a report that turns to a new
    person names them first, so "he" is the latest name, not the speaker before."""
    token = _token_at(doc, end)
    if token is None:
        return False
    return any(
        ent.label_ == "PERSON" and _is_sentence_subject(ent.root)
        for ent in doc_ents(doc)
        if ent.start_char >= start and ent.end <= token.sent.start
    )


def _is_sentence_subject(token: Token) -> bool:
    """The subject of its sentence's main verb, itself or as the subject's apposition ("A
    professor of economics, Yanis Varoufakis, did not go to work")."""
    if token.dep_ == "appos":
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT"


def _named_before_in_sentence(doc: Doc, char: int) -> str | None:
    """The latest person named before ``char`` in the sentence that holds it: a PERSON
    entity, or a proper-noun subject of a clause the pronoun sits in (one the entity
    recogniser missed)."""
    token = _token_at(doc, char)
    if token is None:
        return None
    sentence = doc[token.sent.start : token.i]
    names = [
        (e.end, e.text)
        for e in doc_ents(doc)
        if e.label_ == "PERSON"
        and e.start >= sentence.start
        and e.end <= token.i
        and e.root.dep_ != "compound"  # "the Mat Maid properties" names no one
    ]
    for subject in sentence:
        if (
            subject.dep_ == "nsubj"
            and subject.pos_ == "PROPN"
            and subject.head in token.ancestors  # the clause the pronoun sits in
        ):
            run = [t for t in subject.subtree if t.pos_ == "PROPN" and t.i <= subject.i]
            names.append((subject.i + 1, " ".join(t.text for t in run)))
    return _POSSESSIVE.sub("", max(names)[1]) if names else None


_POSSESSIVE = re.compile("['\u2019]s?$")


def _is_person(name: str, people: set[str]) -> bool:
    if name in people or any(name.endswith(p) or p.endswith(name) for p in people):
        return True
    surnames = {p.split()[-1] for p in people if " " in p}
    if " " in name and name.split()[-1] in surnames:
        return True  # "Professor Varoufakis" after "Yanis Varoufakis"
    words = name.lower().replace(",", " ").split()
    return bool(words) and words[0] not in _PLURAL_OPENERS and words[-1] in PERSON_NOUNS


_PLURAL_OPENERS = frozenset({"two", "three", "some", "many", "several", "the two", "both"})


def _rule_statements(doc: Doc, quotes: list[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = []
    for sentence in doc.sents:
        found.extend(_verb_statements(doc, sentence))
        found.extend(_according_to(doc, sentence))
    found.extend(_colon_lines(doc))
    found.extend(_colon_tails(doc))
    found.extend(_colon_intros(doc, quotes))
    found.extend(_dash_quotes(doc, quotes))
    found = _merge_quotes(doc, found, quotes)
    found.extend(_quote_cues(doc, found, quotes))
    return _same_paragraph_quotes(doc, found, quotes)


def _model_statements(doc: Doc, quotes: list[tuple[int, int]]) -> list[_Found]:
    """The trained tagger's attributions, with the rules where they are surer:

    - layouts the tagger does not learn win over it: "NAME: words" transcript lines, a quote
      followed by a dash and a name, and "according to X";
    - every speech-verb cue the rules find ("said", "told", "added") is offered to the span
      tagger too; when it finds no content for it, the rules' reading stands;
    - a cue clause set inside what it reports ("The rules, the minister said, apply from
      May") keeps the rules' two fragments when the tagger saw only one.
    """
    from newsledger.analyse.attribution_model import tag

    text = doc_text(doc)
    rules: list[_Found] = [*_colon_lines(doc), *_colon_tails(doc), *_colon_intros(doc, quotes)]
    rules.extend(_dash_quotes(doc, quotes))
    verbs: dict[tuple[int, int], _Found] = {}
    for sentence in doc.sents:
        rules.extend(_according_to(doc, sentence))
        for item in _verb_statements(doc, sentence):
            if item.cue is not None:
                verbs.setdefault(item.cue, item)
    extra = []
    speech = {}
    speech_placed = set()  # "put the toll at 12": the parse reads these best
    for cue, item in verbs.items():
        span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
        if span is None:
            continue
        placed = bool(_placed_figure(span[0]))
        if placed or span[0].lemma_.lower() in _SPEECH_ONLY or _closing_cue(span[0]):
            extra.append((span.start, span.end))
            speech[cue] = item
        if placed:
            speech_placed.add(cue)
    found = []
    for tagged in tag(doc, tuple(extra)):
        cue = tagged.cue
        if any(_overlaps(cue, r.cue) or _overlaps(cue, r.source) for r in rules):
            continue
        source = _nearest(tagged.source, cue)
        if source is not None and _dateline_place(doc, source):
            source = None  # "ALASKA-Shortly after 3:30 someone reported a fire"
        if _denied(doc, cue) or _reports_nothing(doc, cue):
            continue  # "offered no details", "did not say", "showed the footage"
        if text[cue[0] : cue[1]].lower() in _HEARSAY:
            continue  # "The singer reportedly left": the singer is the topic, not a source
        if source is not None and text[source[0] : source[1]].lower() == "you":
            if not inside_quote(quotes, cue[0]):
                continue  # "you have to wonder how ...": the writer's aside, nobody's words
        if source is None and text[cue[0] : cue[1]].lower().split()[-1:] in _NOBODY_CUES:
            continue  # "is said to be", "Paris: Jewellery stolen": nobody is speaking
        if text[cue[0] : cue[1]] == ":" and source is not None:
            label = text[source[0] : source[1]].lower()
            if label in _LABELS or _is_place(doc, *source):
                continue  # "Paris: Jewellery stolen", "Update: ..."
        content = _others_quotes_dropped(doc, cue, tagged.content, quotes)
        if not content or _quoted_stray(doc, cue, content, quotes):
            continue
        source, name = _relative_named(doc, source)
        rule = next((r for c, r in verbs.items() if _overlaps(c, cue)), None)
        if source is None and rule is not None and rule.source is not None:
            # the tagger found words but no one: the parse names the cue's subject
            source, name = rule.source, rule.source_name
            if _overlaps_any(content, (source,)):
                content = rule.content
        elif source is None and rule is None:
            source = _subject_of(doc, cue, content)  # "A and B expressed concern about ..."
        if source is None and _follows_quote(doc, cue, quotes):
            continue  # '"...," testified Ana Ruiz': the quotation's own pass reads it
        if rule is not None and (
            (_both_sides(rule, cue) and not _both_sides_spans(content, cue))
            or _extends(rule.content, content, cue)
            or cue in speech_placed
        ):
            content = rule.content
        found.append(_Found(content, source, cue, name))
    for cue, item in speech.items():
        if not any(_overlaps(cue, f.cue) for f in found + rules) and not _quoted_stray(
            doc, cue, item.content, quotes
        ):
            found.append(item)
    found = _merge_quotes(doc, found, quotes) + rules
    return found + _quote_cues(doc, found, quotes)


def _spoken(text: str, quote: tuple[int, int]) -> bool:
    """A quotation of words said rather than a term or title: its words end with the
    punctuation of speech inside the marks ('"Never," she replied')."""
    inner = text[quote[0] : quote[1]].rstrip("\"'\u201d\u2019 ")
    return inner.endswith((",", ".", "?", "!"))


def _others_quotes_dropped(
    doc: Doc,
    cue: tuple[int, int],
    content: tuple[tuple[int, int], ...],
    quotes: list[tuple[int, int]],
) -> tuple[tuple[int, int], ...]:
    """The content without a quotation that another verb right next to it introduces: in
    'When Goldman asked whether she hid, Armstead answered, "Yes."' the "Yes." is hers."""
    kept = []
    for start, end in content:
        k = bisect_right(quotes, (start, len(doc_text(doc)))) - 1  # the last opening by start
        quote = quotes[k] if k >= 0 and end <= quotes[k][1] else None
        if quote is not None:
            other = _cue_before(doc, quote[0]) if cue[1] <= quote[0] else None
            if other is not None and cue[1] <= other[0].idx:
                continue  # another cue stands between this one and the quotation
        kept.append((start, end))
    return tuple(kept)


def _follows_quote(doc: Doc, cue: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    """Whether only punctuation stands between a quotation and the cue after it."""
    k = bisect_right(quotes, (cue[0], cue[0])) - 1
    return k >= 0 and not _WORD.search(doc_text(doc), quotes[k][1], cue[0])


def _closing_cue(verb: Token) -> bool:
    """A cue that closes its sentence after the clause it reports ("..., prosecutors
    charge."): whatever the verb, the layout says it reports what comes before."""
    sentence = verb.sent
    return (
        verb.dep_ == "ROOT"
        and any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
        and all(t.is_punct or t.is_space for t in sentence[verb.i - sentence.start + 1 :])
    )


def _subject_of(
    doc: Doc, cue: tuple[int, int], content: tuple[tuple[int, int], ...]
) -> tuple[int, int] | None:
    """The parse's subject of a cue the rules do not list, when it is not part of the
    content: who "expressed concern" or "voiced doubts"."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or span.root.pos_ not in ("VERB", "AUX"):
        return None
    subject = _source_token(span.root)
    if subject is None or subject.pos_ == "PRON" and subject.lower_ not in _NAMING_PRONOUNS:
        return None
    source = _char_span(_source_phrase(subject))
    return None if source is None or _overlaps_any(content, (source,)) else source


_NAMING_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})  # a subject that is someone


def _quoted_stray(
    doc: Doc,
    cue: tuple[int, int],
    content: tuple[tuple[int, int], ...],
    quotes: list[tuple[int, int]],
) -> bool:
    """A cue within a quotation reports only what it governs ("I told them we would win");
    a verb there credited with words it does not govern ("he was writing a play" inside a
    longer quotation), or with words before it in the same quotation, is part of the
    quotation, not a cue of it."""
    around = next(((s, e) for s, e in quotes if s < cue[0] and cue[1] < e), None)
    if around is None:
        return False
    if any(around[0] <= start and end <= cue[0] for start, end in content):
        return True  # words before it in its own quotation: no mark closed them
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None:
        return False
    governed = {t.i for t in span.root.subtree}
    for start, end in content:
        words = doc.char_span(start, end, alignment_mode="expand")
        if words is not None and any(t.i not in governed and not t.is_punct for t in words):
            return True
    return False


# Cues that, with nobody named, report hearsay rather than a statement ("is said to be",
# "reportedly"), or a colon that follows no speaker.
_HEARSAY = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "rumoredly"})
_NOBODY_CUES = [[w] for w in (":", "said", "reportedly", "allegedly", "reported", "rumored")]


def _reports_nothing(doc: Doc, cue: tuple[int, int]) -> bool:
    """A tagged cue whose verb reports nothing anyone said: a "show" of no finding ("the
    juries showed little emotion"), a particle verb ("pressed up against"), a participle
    that describes its noun ("a climber described as ..."), or a past plan told as
    narrative ("she was planning to marry", "he had planned to spend four days"), or the
    accused of a passive accusation ("Lopez stands accused of ...", "was charged with")."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    lemma = verb.lemma_.lower()
    if lemma == "show" and not shows_finding(verb):
        return True
    if lemma == "respond" and responds_to_event(verb):
        return True
    if other_phrasal_verb(verb):
        return True
    if lemma in _RELEASING and not _releases_words(verb):
        return True
    if _passive_unsaid(verb) and verb.dep_ == "acl":
        return True
    if any(t.lemma_.lower() in _ACCUSING and _passive_unsaid(t) for t in span):
        return True
    return lemma in _INTENDING and any(
        c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_ in ("be", "have") for c in verb.children
    )


def _releases_words(verb: Token) -> bool:
    """Whether what is released, issued or published is something said ("released a
    statement", "issued figures", "published that ..."), not a thing ("released new video",
    "released the hostages")."""
    if any(c.dep_ in ("ccomp", "parataxis") for c in verb.children):
        return True
    released = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return not released or any(
        c.lemma_.lower() in INFO_NOUNS or c.lemma_.lower() in _SAID_THINGS for c in released
    )


_RELEASING = frozenset({"release", "issue", "publish"})
_SAID_THINGS = frozenset(
    "detail details information finding findings result results letter note transcript "
    "warning advisory update bulletin communique declaration".split()
)


def _passive_unsaid(verb: Token) -> bool:
    """A past participle with no "by" agent: who did it goes unsaid."""
    return verb.tag_ == "VBN" and not any(c.dep_ == "agent" for c in verb.children)


_INTENDING = frozenset({"plan", "expect", "intend"})
_ACCUSING = frozenset({"accuse", "charge", "suspect"})


def _denied(doc: Doc, cue: tuple[int, int]) -> bool:
    """A cue that says nothing was said: it gives "no" details, comment or figure, or is
    withheld ("would not say", "declined to release the names")."""
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    if withheld(head):
        return True
    for child in head.children:
        if child.dep_ == "dobj" and any(d.lower_ == "no" for d in child.children):
            return True
    return False


def _own_clause(doc: Doc, found: _Found, quotes: list[tuple[int, int]]) -> _Found | None:
    """A cue reports its own clause, not the outlet's words beside it: none before a
    semicolon ahead of the cue ("1 dead, 2 hurt; police say he had worked there") and none
    in a verb coordinated with the cue ("Police told workers to stay inside but later
    evacuated the building"). Semicolons and verbs inside quotations do not count. None
    when nothing is left."""
    span = doc.char_span(*found.cue, alignment_mode="expand") if found.cue else None
    if span is None or found.transcript:
        return found
    verb = span.root
    floor = max(
        (t.idx + 1 for t in verb.sent if t.text == ";" and t.i < verb.i),
        default=0,
    )
    if floor and inside_quote(quotes, floor - 1):
        floor = 0
    ceiling = min(
        (
            _coordinated_start(verb, c)
            for c in verb.children
            if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i and not _is_cue(c)
        ),
        default=len(doc_text(doc)),
    )
    if inside_quote(quotes, ceiling):
        ceiling = len(doc_text(doc))
    text = doc_text(doc)
    content = []
    for start, end in found.content:
        start, end = max(start, floor), min(end, ceiling)
        while start < end and (text[start].isspace() or text[start] in ",;"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
            end -= 1
        if end > start:
            content.append((start, end))
    if not content:
        return None
    return replace(found, content=tuple(content))


def _coordinated_start(verb: Token, conj: Token) -> int:
    """Where a verb coordinated with ``verb`` begins: its conjunction ("but"), else its
    leftmost word."""
    cc = [c for c in verb.children if c.dep_ == "cc" and verb.i < c.i < conj.i]
    return (cc[-1] if cc else conj.left_edge).idx


def _sourced(doc: Doc, found: _Found | None) -> _Found | None:
    """The statement with its source read right: none when the source is a mood, not a
    speaker ("as concerns grew about the crisis"), and without a preposition the tagger
    took along ("Police at | first told workers")."""
    if found is None or found.source is None:
        return found
    span = doc.char_span(*found.source, alignment_mode="expand")
    if span is None:
        return found
    if span.root.lemma_.lower() in _FEELINGS:
        return None
    tokens = list(span)
    while len(tokens) > 1 and tokens[-1].pos_ == "ADP":
        tokens.pop()
    if len(tokens) == len(span):
        return found
    return replace(found, source=(tokens[0].idx, tokens[-1].idx + len(tokens[-1])))


_FEELINGS = frozenset(
    "concern fear worry hope doubt speculation rumour rumor anxiety unease alarm".split()
)


def _relative_named(
    doc: Doc, source: tuple[int, int] | None
) -> tuple[tuple[int, int] | None, str | None]:
    """A source mention that opens with a relative pronoun ("who", "who he") stands for the
    noun phrase its clause hangs from: "police who claim ..." -> "police"."""
    if source is None:
        return None, None
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None or span[0].lower_ not in _RELATIVES:
        return source, None
    rest = [t for t in span[1:] if not t.is_punct]
    if rest and rest[0].pos_ in ("PRON", "PROPN", "NOUN"):
        return (rest[0].idx, span[-1].idx + len(span[-1])), None  # "who he" -> "he"
    for token in reversed(doc[span.sent.start : span.start]):
        if token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in ("DATE", "TIME"):
            return source, " ".join(t.text for t in _source_phrase(token) if t.i < span.start)
    return source, None


def _extends(
    rule: tuple[tuple[int, int], ...], tagged: tuple[tuple[int, int], ...], cue: tuple[int, int]
) -> bool:
    """The parse's words before a cue hold the tagger's and more ("An earthquake hit on
    Sunday, killing 10 people, officials said": the tagger stops at the comma; "The woman
    who shot three — killing two — was charged, says the prosecutor": at a dash)."""
    if len(rule) != 1 or len(tagged) != 1 or rule[0][1] > cue[0] or tagged[0][1] > cue[0]:
        return False
    return rule[0][0] <= tagged[0][0] and tagged[0][1] <= rule[0][1] and rule != tagged


def _both_sides(found: _Found, cue: tuple[int, int]) -> bool:
    return _both_sides_spans(found.content, cue)


def _both_sides_spans(spans: tuple[tuple[int, int], ...], cue: tuple[int, int]) -> bool:
    return any(e <= cue[0] for _, e in spans) and any(s >= cue[1] for s, _ in spans)


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _overlaps_any(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    return any(_overlaps(x, y) for x in a for y in b)


def _nearest(spans: tuple[tuple[int, int], ...], cue: tuple[int, int]) -> tuple[int, int] | None:
    """The source fragment closest to the cue."""
    if not spans:
        return None
    return min(spans, key=lambda s: min(abs(s[0] - cue[1]), abs(cue[0] - s[1])))


def _start(found: _Found) -> int:
    return found.content[0][0]


# ---------------------------------------------------------------- pass 1: cue verbs
def _verb_statements(doc: Doc, sentence: Span) -> list[_Found]:
    out = []
    for verb in sentence:
        if verb.pos_ not in ("VERB", "AUX") or not _is_cue(verb) or withheld(verb):
            continue
        source = _source_token(verb) or _relative_source(verb) or _as_noted_source(verb)
        if source is None:
            continue
        if source.lower_ in _FIRST_PERSON and verb.lemma_.lower() not in _SPEECH_ONLY:
            continue  # "I think", "we want" inside quotes: opinions of the quoted speaker
        content = _content_tokens(verb, source)
        cue_clause = {verb.i}
        if not content and (verb.dep_ == "parataxis" or _as_noted_source(verb) is source):
            # "Acts of protest, Mr. Obama said, are acts of patriotism": the cue clause sits
            # inside the content it reports
            cue_clause = {t.i for t in verb.subtree}
            content = [t for t in verb.head.subtree if t.i not in cue_clause]
        if not content:
            continue
        source_tokens = _source_phrase(source)
        while (
            source_tokens[-1].i + 1 < verb.i and verb.doc[source_tokens[-1].i + 1].pos_ == "PROPN"
        ):
            source_tokens.append(verb.doc[source_tokens[-1].i + 1])  # "Maj. | Charlie Dietz"
        fragments = _fragments(content, {t.i for t in source_tokens} | cue_clause)
        if not fragments:
            continue
        antecedent = _antecedent(verb, source)
        out.append(_Found(fragments, _char_span(source_tokens), _cue_span(verb), antecedent))
    return out


_FIRST_PERSON = frozenset({"i", "we", "you"})


def _is_cue(verb: Token) -> bool:
    """A listed cue verb, or any verb reporting a "that" clause ("X recognizes that ...")."""
    lemma = verb.lemma_.lower()
    if other_phrasal_verb(verb):
        return False
    if lemma in CUE_VERBS or _placed_figure(verb):
        return True
    if lemma in NOT_CUES:
        return False
    return any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.children
    )


_SPEECH_ONLY = frozenset(
    {
        "say",
        "tell",
        "add",
        "note",
        "write",
        "tweet",
        "post",
        "announce",
        "state",
        "report",
        "explain",
        "insist",
        "argue",
        "warn",
        "claim",
        "confirm",
        "deny",
    }
)


def _fragments(tokens: list[Token], exclude: set[int]) -> tuple[tuple[int, int], ...]:
    """Character spans of the runs of ``tokens`` left when the source and cue are taken out
    ("Acts of protest, Mr. Obama said, are acts of patriotism" -> two fragments)."""
    runs: list[list[Token]] = []
    for token in sorted(tokens, key=lambda t: t.i):
        if token.i in exclude:
            runs.append([])
            continue
        if not runs or (runs[-1] and token.i != runs[-1][-1].i + 1):
            runs.append([])
        runs[-1].append(token)
    spans = []
    for run in runs:
        while run and run[-1].is_punct and run[-1].text not in _QUOTE_CHARS:
            run.pop()
        while run and run[0].is_punct and run[0].text not in _QUOTE_CHARS:
            run.pop(0)
        if run and any(not t.is_punct for t in run):
            spans.append((run[0].idx, run[-1].idx + len(run[-1])))
    return tuple(spans)


_RELATIVES = frozenset({"which", "who", "that"})


def _relative_source(verb: Token) -> Token | None:
    """ "the British Government, which stated that ...": the relative pronoun is the mention."""
    if verb.dep_ != "relcl":
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in _RELATIVES), None)


def _antecedent(verb: Token, source: Token) -> str | None:
    """The name a relative-pronoun source stands for: the noun its clause describes."""
    if source.lower_ not in _RELATIVES or verb.dep_ != "relcl":
        return None
    for token in reversed(verb.doc[verb.sent.start : source.i]):
        # the nearest noun before "which", skipping a date ("the Government on Sunday, which")
        if token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in ("DATE", "TIME"):
            return " ".join(t.text for t in _source_phrase(token) if t.i < source.i)
    return None


def _as_noted_source(verb: Token) -> Token | None:
    """ "..., as noted in the statement": the passive cue's "in"/"by" object is the source,
    and the clause it hangs from is the content."""
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    for prep in verb.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("in", "by"):
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _source_token(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if len(subjects) > 1 and subjects[-1].i > verb.i:  # "Fire under control, says fire chief"
        return subjects[-1]
    for child in _subjects(verb):
        if child.lower_ not in ("there", "which", "that", "what"):
            if child.lower_ == "it" and verb.lemma_.lower() not in (
                "say",
                "state",
                "report",
                "announce",
                "show",
                "find",
            ):
                return None
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.tag_ == "VBG":  # "..., saying that"
        return next(iter(_subjects(verb.head)), None)
    relayed = _as_saying_head(verb)
    if relayed is not None:  # "X was quoted as saying ..."
        return _passive_subject(relayed)
    if verb.dep_ == "conj":
        left = verb.doc[verb.i - 1]
        if left.pos_ in ("NOUN", "PROPN") and left.dep_ in ("conj", "dobj", "pobj"):
            return left  # "... has power and officials say": a subject parsed as an object
        # "X said A and added B"
        return next(iter(_subjects(verb.head)), None)
    return None


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, the nearest before it first: a parse that makes a dateline a
    second subject ("ALASKA-Shortly after 3:30 someone called") keeps the real one first."""
    found = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    return sorted(found, key=lambda c: (c.i > verb.i, -c.i if c.i < verb.i else c.i))


# Verbs that give a figure for something: "put the toll at 12", "estimated the crowd at 70".
_PLACING = frozenset({"put", "estimate", "place", "peg", "measure", "record"})


def _placed_figure(verb: Token) -> list[Token]:
    """What "X put the magnitude at 6.1" reports (the object and its figure), or nothing."""
    if verb.lemma_.lower() not in _PLACING:
        return []
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    at = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"), None)
    if obj is None or at is None or any(c.lower_ == "to" for c in verb.children):
        return []  # "put the matter to a vote at 9"
    if not any(t.like_num and t.ent_type_ != "TIME" for t in at.subtree):
        return []  # "put the matter to a vote at 9 pm": a time, not a figure
    return sorted([*obj.subtree, *at.subtree], key=lambda t: t.i)


def _content_tokens(verb: Token, source: Token) -> list[Token]:
    """The tokens of what the cue governs (empty when it governs nothing said)."""
    placed = _placed_figure(verb)
    if placed:
        return placed
    if source.i > verb.i:  # an inverted headline: what was said is the subject before the cue
        before = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i < verb.i]
        if before:
            return list(before[0].subtree)
    for child in verb.children:
        if child.dep_ in _CONTENT_DEPS and child.i != source.i:
            if child.dep_ == "xcomp" and verb.lemma_.lower() not in (
                "want",
                "plan",
                "promise",
                "pledge",
                "vow",
                "refuse",
                "decline",
                "urge",
                "threaten",
                "hope",
            ):
                continue
            clause = _subtree_without(child, verb)
            if sum(not t.is_punct for t in clause) >= 2:
                return clause
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "dobj" and lemma in OBJECT_CUES and child.lower_ not in ("it", "this"):
            return list(child.subtree)
        if child.dep_ == "prep" and child.lower_ in PARTICLE_PREPS.get(lemma, ()):
            obj = [t for c in child.children if c.dep_ == "pobj" for t in c.subtree]
            if obj:
                return obj
    return _rest_of_sentence(verb) if lemma in _SPEECH_ONLY | {"argue", "report"} else []


def _rest_of_sentence(verb: Token) -> list[Token]:
    """When the parse lost a speech verb's clause: from a later "that" (or, with no object
    in between, right after the verb) to the end of the sentence."""
    sentence = verb.sent
    after = [t for t in sentence if t.i > verb.i]
    that = next((t for t in after if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is not None:
        tokens = [t for t in after if t.i >= that.i]
    elif (
        after
        and after[0].dep_ in ("dobj", "det", "amod", "nsubj", "compound")
        and verb.lemma_.lower() in ("argue", "claim", "insist", "warn", "state", "write")
    ):
        tokens = after
    else:
        return []
    while tokens and tokens[-1].is_punct and tokens[-1].text not in _QUOTE_CHARS:
        tokens.pop()
    return tokens if len(tokens) >= 3 else []


def _subtree_without(child: Token, verb: Token) -> list[Token]:
    """The clause a cue governs, with its leading "that" kept and the cue itself left out."""
    tokens = [t for t in child.subtree if t.i != verb.i]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in _QUOTE_CHARS):
        tokens.pop()
    while tokens and tokens[0].is_punct and tokens[0].text not in _QUOTE_CHARS:
        tokens.pop(0)
    return tokens


def _source_phrase(source: Token) -> list[Token]:
    """The source mention: its noun phrase up to a comma-set clause ("Stein, who's ...")."""
    tokens = []
    for token in source.subtree:
        if token.i > source.i and token.text == ",":
            break
        tokens.append(token)
    return tokens


def _cue_span(verb: Token) -> tuple[int, int]:
    start, end = verb.idx, verb.idx + len(verb)
    for child in verb.children:  # "called for", "pointed to"
        if child.dep_ in ("prt",) or (
            child.dep_ == "prep" and child.lower_ in PARTICLE_PREPS.get(verb.lemma_.lower(), ())
        ):
            if child.i == verb.i + 1:
                end = child.idx + len(child)
    return start, end


def _extent(tokens: list[Token]) -> tuple[int, int]:
    """Characters from the first to the end of the last of ``tokens`` (not empty)."""
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def _char_span(tokens: list[Token]) -> tuple[int, int] | None:
    return _extent(tokens) if tokens else None


# ---------------------------------------------------------------- pass 2: other cues
_DASH_TOKENS = frozenset({"-", "--", "\u2013", "\u2014", "\u2015"})


def _according_to(doc: Doc, sentence: Span) -> list[_Found]:
    out = []
    for token in sentence:
        if (
            token.lower_ != "according"
            or token.i + 1 >= sentence.end
            or doc[token.i + 1].lower_ != "to"
        ):
            continue
        to = doc[token.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        source = list(obj.subtree)
        phrase_start, phrase_end = token.i, max(t.i for t in source)
        before = [t for t in sentence if t.i < phrase_start and not t.is_punct]
        after = [t for t in sentence if t.i > phrase_end and not t.is_punct]
        dash_after = phrase_end + 1 < sentence.end and doc[phrase_end + 1].text in _DASH_TOKENS
        # "... shot the three victims, according to police -- the women were ...": the
        # dash opens words of the outlet's own
        content = before if len(before) >= len(after) or (before and dash_after) else after
        if not content:
            continue
        cue = (token.idx, to.idx + len(to))
        out.append(_Found((_extent(content),), _extent(source), cue, None))
    return out


def _colon_lines(doc: Doc) -> list[_Found]:
    """ "PENCE: We will win." - a name, a colon, and the words of that person (as said,
    except in the headline: "Sheriff: Office shooting kills 1" is the outlet's summary)."""
    out = []
    text = doc_text(doc)
    for match in _COLON_LINE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if line_start != match.start():
            continue
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        colon = match.end("name")
        name_words = match.group("name").lower().split()
        if end - match.end() < 3 or match.group("name").lower() in _LABELS:
            continue
        if name_words[-1] in _LABEL_ENDS:
            continue  # "Story Created: Aug 7", "Last Modified: ..."
        if KICKER_WORDS.intersection(name_words):
            continue  # a kicker, not a name: "CHARGED WITH MURDER: What the media ..."
        if _is_place(doc, match.start("name"), colon):
            continue  # a dateline or a headline's place: "Paris: Jewellery stolen in raid"
        out.append(
            _Found(
                ((match.end(), end),),
                (match.start("name"), colon),
                (colon, colon + 1),
                None,
                transcript=True,
            )
        )
    if out and _headline_kicker(text, out[0]):
        out[0] = replace(out[0], transcript=False)  # the outlet's summary, not words said
    return out


def _colon_intros(doc: Doc, quotes: list[tuple[int, int]]) -> list[_Found]:
    """ "Caddell continued:" / "The Times reports:" at the end of a line, and the paragraph
    after it (a quotation over several paragraphs whole): the words the line introduces."""
    out = []
    text = doc_text(doc)
    for match in _COLON_END.finditer(text):
        colon = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
        if colon is None or colon.start == 0:
            continue
        verb = doc[colon.start - 1]
        if verb.pos_ not in ("VERB", "AUX") or not _is_cue(verb) or withheld(verb):
            continue
        source = _source_token(verb)
        if source is None or verb.sent.start > source.i:
            continue
        start = match.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        quote = next(iter(quotes_opening(quotes, start, start + 1)), None)
        if quote is not None and quote[1] > end:
            end = quote[1]  # a quotation of several paragraphs
        source_tokens = _source_phrase(source)
        cue = (_cue_span(verb)[0], match.start() + 1)  # "continued:", the colon with it
        out.append(_Found(((start, end),), _char_span(source_tokens), cue, None))
    return out


# a colon ending a line, and where the next paragraph starts
_COLON_END = re.compile(r":[ \t\u00a0]*\n\s*(?=\S)")


def _headline_kicker(text: str, found: _Found) -> bool:
    """Whether a name-colon line is the headline ("Sheriff: Office shooting kills 1"): the
    article's first line, with no full stop at its end."""
    start, end = found.source[0] if found.source else 0, found.content[-1][1]
    return not text[:start].strip() and not text[:end].rstrip().endswith((".", "!", "?", '"'))


def _colon_tails(doc: Doc) -> list[_Found]:
    """ "Two killed in crash: Police" - a line of news, a colon, and who gave it."""
    out = []
    text = doc_text(doc)
    for match in _COLON_TAIL.finditer(text):
        name = doc.char_span(*match.span("name"), alignment_mode="expand")
        words = doc.char_span(*match.span("words"), alignment_mode="expand")
        if name is None or words is None or not any(t.pos_ in ("VERB", "AUX") for t in words):
            continue
        if not (
            name[-1].lower_ in _TAIL_SOURCES
            or name[-1].ent_type_ in ("PERSON", "ORG", "NORP")
            or name[0].lower_ in PERSON_NOUNS  # "Mayor Lopez"
        ):
            continue
        colon = text.rindex(":", match.end("words"), match.start("name"))
        out.append(_Found((match.span("words"),), match.span("name"), (colon, colon + 1), None))
    return out


def _dateline_place(doc: Doc, span: tuple[int, int]) -> bool:
    """A place at the start of a line with a dash after it: the dateline, not a source."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, span[0]) + 1
    after = text[span[1] : span[1] + 3].lstrip(" ")
    return (
        not text[line_start : span[0]].strip()
        and after[:1] in ("-", "\u2013", "\u2014")
        and _is_place(doc, *span)
    )


def _is_place(doc: Doc, start: int, end: int) -> bool:
    """Whether the characters ``start:end`` are a place the entity recogniser found."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and all(t.ent_type_ in ("GPE", "LOC") for t in span)


def _dash_quotes(doc: Doc, quotes: list[tuple[int, int]]) -> list[_Found]:
    """“We will win.” ― Mike Pence: a quote, a dash and the name."""
    out = []
    for match in _DASH_SOURCE.finditer(doc_text(doc)):
        quote = next((q for q in quotes if q[1] == match.start() + 1), None)
        if quote is None:
            continue
        dash = doc_text(doc).index(match.group(0)[1:].strip()[0], match.start() + 1)
        out.append(
            _Found((quote,), (match.start("name"), match.end("name")), (dash, dash + 1), None)
        )
    return out


# ---------------------------------------------------------------- pass 3: quotations
def _merge_quotes(doc: Doc, found: list[_Found], quotes: list[tuple[int, int]]) -> list[_Found]:
    """Grow each content fragment to the whole quotation it sits in, and add the second half
    of a quote split around its cue."""
    merged = []
    for item in found:
        cue = item.cue
        grown: list[tuple[int, int]] = []
        for start, end in item.content:
            for q_start, q_end in quotes:
                if cue is not None and q_start <= cue[0] < q_end:
                    continue
                if q_start < end and start < q_end:
                    start, end = min(start, q_start), max(end, q_end)
            if grown and start <= grown[-1][1]:
                grown[-1] = (grown[-1][0], max(end, grown[-1][1]))
            else:
                grown.append((start, end))
        if cue is not None:
            grown.extend(_second_half(doc, cue, grown[-1][1], quotes))
        merged.append(replace(item, content=tuple(grown)))
    return merged


def _second_half(
    doc: Doc, cue: tuple[int, int], content_end: int, quotes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """“Our forces,” he said, “are ready.”: the quote right after the cue clause."""
    if content_end > cue[0]:
        return []
    for q_start, q_end in quotes:
        between = doc_text(doc)[cue[1] : q_start]
        if q_start >= cue[1] and len(between) <= 3 and between.strip() in (",", "", ":", ", "):
            return [(q_start, q_end)]
    return []


_QUOTE_WINDOW = 8
_MIN_QUOTE_WORDS = 4


def _covered(found: list[_Found], start: int, end: int) -> bool:
    return any(s < end and start < e for f in found for s, e in f.content)


def _quote_cues(doc: Doc, found: list[_Found], quotes: list[tuple[int, int]]) -> list[_Found]:
    """A quotation of words said (``_spoken``) that no clause pass caught, with its cue right
    after it ("...," said Smith / "...," he added) or right before it (He told reporters:
    "...")."""
    out: list[_Found] = []
    text = doc_text(doc)
    for q_start, q_end in quotes:
        if not _spoken(text, (q_start, q_end)) or _covered(found + out, q_start, q_end):
            continue  # a term or title in marks, or words a cue already reports
        cue = _cue_after(doc, q_end) or _cue_before(doc, q_start)
        if cue is None:
            continue
        verb, source = cue
        source_tokens = _source_phrase(source)
        out.append(_Found(((q_start, q_end),), _char_span(source_tokens), _cue_span(verb), None))
    return out


def _token_at(doc: Doc, char: int) -> Token | None:
    """The token at character ``char``, or the first after the spaces there."""
    text = doc_text(doc)
    while char < len(text) - 1 and text[char].isspace():
        char += 1
    span = doc.char_span(char, min(char + 1, len(text)), alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _cue_after(doc: Doc, q_end: int) -> tuple[Token, Token] | None:
    first = _token_at(doc, q_end)
    if first is None:
        return None
    for token in doc[first.i : min(first.i + _QUOTE_WINDOW, len(doc))]:
        if "\n" in token.text or token.text in _OPENERS:
            return None
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in QUOTE_VERBS:
            source = _source_token(token)
            if source is None and all(t.is_punct for t in doc[first.i : token.i]):
                source = _inverted_source(token)  # '"...," said Mr. King'
            return (token, source) if source is not None else None
    return None


def _inverted_source(verb: Token) -> Token | None:
    """ "...," said Mr. King: the source after the verb."""
    for token in verb.doc[verb.i + 1 : min(verb.i + 4, len(verb.doc))]:
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            while (
                token.head.i > token.i
                and token.head.pos_ in ("PROPN", "NOUN")
                and token.dep_ in ("compound", "amod")
            ):
                token = token.head
            return token
    return None


def _cue_before(doc: Doc, q_start: int) -> tuple[Token, Token] | None:
    text = doc_text(doc)
    at = q_start - 1
    while at >= 0 and text[at].isspace():
        at -= 1
    last = _token_at(doc, at) if at >= 0 else None
    if last is None or last.text not in (":", ","):
        return None
    for token in reversed(doc[max(0, last.i - _QUOTE_WINDOW) : last.i]):
        if "\n" in token.text or token.text in ".!?":
            return None
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in QUOTE_VERBS:
            source = _source_token(token)
            return (token, source) if source is not None else None
    return None


def _same_paragraph_quotes(
    doc: Doc, found: list[_Found], quotes: list[tuple[int, int]]
) -> list[_Found]:
    """Quotes later in the same paragraph, with no cue of their own, belong to the statement
    before them: “A,” he said. “B.” is one statement in two fragments."""
    text = doc_text(doc)
    merged = list(found)
    for q_start, q_end in quotes:
        if _covered(merged, q_start, q_end):
            continue
        paragraph_start = text.rfind("\n", 0, q_start) + 1
        before = [
            f
            for f in merged
            if paragraph_start <= f.content[-1][1] <= q_start
            and f.cue is not None
            and f.source is not None
            and any(qs <= f.content[-1][0] < qe for qs, qe in quotes)
        ]
        if not before:
            continue
        last = max(before, key=lambda f: f.content[-1][1])
        gap = text[last.content[-1][1] : q_start]
        cue_in_gap = last.cue is not None and last.cue[0] >= last.content[-1][1]
        if len(gap) > 120 or (not cue_in_gap and gap.strip(" .,")):
            continue
        merged[merged.index(last)] = replace(last, content=last.content + ((q_start, q_end),))
    return merged


def _continuations(doc: Doc, found: list[_Found], quotes: list[tuple[int, int]]) -> list[_Found]:
    """A paragraph that is only a quotation, with no cue, continues the previous speaker."""
    covered = [s for f in found for s in f.content]
    out = []
    text = doc_text(doc)
    for q_start, q_end in quotes:
        if any(s <= q_start < e or s < q_end <= e for s, e in covered):
            continue
        line_start = text.rfind("\n", 0, q_start) + 1
        line_end = text.find("\n", q_end)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:q_start].strip() or text[q_end:line_end].strip(" .,"):
            continue
        previous = [f for f in found if f.content[-1][1] <= q_start and f.source is not None]
        if not previous:
            continue
        last = max(previous, key=lambda f: f.content[-1][1])
        name = last.source_name or text[last.source[0] : last.source[1]]  # type: ignore[index]
        out.append(_Found(((q_start, q_end),), None, None, name))
    return out


_RELAY_LEAD = re.compile(r"^[\s,]*(?:as\s+)?(?:saying\s+)?(?:that\s+)?")


def _quoted_by(doc: Doc, found: _Found) -> _Found:
    """ "X was quoted by Y as saying ...": X spoke and Y only passed it on, so the passive
    subject is the source, whoever the tagger or the rules took for it."""
    if found.cue is None:
        return found
    span = doc.char_span(found.cue[0], found.cue[1], alignment_mode="expand")
    relay = _relay(span.root) if span is not None else None
    if relay is None:
        return found
    verb, said = relay
    subject = _passive_subject(verb)
    if subject is None or subject.lower_ in _RELATIVES:
        return found
    whole = _extent(list(subject.subtree))
    source = _extent([t for t in subject.subtree if not t.is_punct or t.i < subject.i])
    text = doc_text(doc)
    content = []
    for start, end in found.content:
        for part_start, part_end in ((start, min(end, whole[0])), (max(start, whole[1]), end)):
            words = _RELAY_LEAD.sub("", text[part_start:part_end])
            part_start = part_end - len(words)
            part_end = part_start + len(words.rstrip(" ,"))
            if _WORD.search(words):
                content.append((part_start, part_end))
    if not content:  # the tagger took the speaker for the words: read them off the parse
        content = list(_fragments(_content_tokens(said, subject), set()))
    if not content:
        return found
    return replace(found, source=source, source_name=None, content=tuple(content))


def _relay(token: Token) -> tuple[Token, Token] | None:
    """For a cue of "X was quoted (by Y) as saying": the "quoted" and the "saying"."""
    relayed = _as_saying_head(token)
    token = token if relayed is None else relayed
    if token.lemma_.lower() != "quote":
        return None
    said = next(
        (t for t in token.subtree if t.i > token.i and t.lemma_.lower() in ("say", "tell")), None
    )
    return (token, said) if said is not None else None


def _as_saying_head(token: Token) -> Token | None:
    """For the "saying" of "X was quoted as saying": the verb its "as" hangs from."""
    return token.head.head if token.dep_ == "pcomp" and token.head.lower_ == "as" else None


def _passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _unnested(doc: Doc, found: list[_Found]) -> list[_Found]:
    """ "Witnesses said the shooter used a rifle, Lt. Gerry Scherlinck said": when one
    statement's words run over the source and cue of a later one whose words are its own,
    they stop before that source."""
    out = list(found)
    for k, inner in enumerate(out):
        if inner.cue is None or inner.transcript:
            continue
        for outer in out:
            if outer.cue is None or outer.source is None or outer.cue[0] <= inner.cue[1]:
                continue
            if outer.content[-1][1] > outer.cue[0] or outer.content[0][0] < inner.cue[1]:
                continue  # "He said that officials said ...": a report inside the words
            start, end = inner.content[-1]
            stop = min(outer.source[0], outer.cue[0])
            if not (start < stop < end and end >= outer.cue[1]):
                continue
            text = doc_text(doc)
            while stop > start and (text[stop - 1].isspace() or text[stop - 1] in ",;"):
                stop -= 1
            out[k] = inner = replace(inner, content=(*inner.content[:-1], (start, stop)))
    return out


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One statement per content: keep the first found for identical content spans."""
    seen: set[tuple[tuple[int, int], ...]] = set()
    unique = []
    for item in found:
        if item.content in seen or item.content[0][1] <= item.content[0][0]:
            continue
        seen.add(item.content)
        unique.append(item)
    return unique


# ---------------------------------------------------------------- assembly
def _statement(
    doc: Doc, found: _Found, quotes: list[tuple[int, int]], published: str | None
) -> Statement:
    text = doc_text(doc)
    found, said_on = _trimmed(doc, found, quotes)
    start, end = found.content[0][0], found.content[-1][1]
    content = " ".join(text[s:e] for s, e in found.content)
    direct = found.transcript or _is_direct(text, found, quotes)
    speaker, role = found.source_name, None
    if speaker is None and found.source is not None:
        source = _report_agent(doc, found.source) or found.source
        name, name_start, role = split_role(doc, _before_apposition(text, source))
        if role is None and found.source[1] - found.source[0] > len(name):
            role = text[name_start + len(name) : found.source[1]].strip(" ,") or None
        speaker = resolve_name(doc, name, name_start)
    if speaker is not None:
        speaker = " ".join(speaker.split()) or None  # "RussiaToday\n" -> "RussiaToday"
    time_text = said_on or _time_phrase(doc, found)
    return Statement(
        start=start,
        end=end,
        text=content,
        content_spans=found.content if len(found.content) > 1 else (),
        speaker=speaker,
        speaker_start=found.source[0] if found.source else None,
        speaker_end=found.source[1] if found.source else None,
        cue=text[found.cue[0] : found.cue[1]] if found.cue else None,
        cue_start=found.cue[0] if found.cue else None,
        cue_end=found.cue[1] if found.cue else None,
        direct=direct,
        role=role,
        time_text=time_text,
        time=resolve_date(time_text, published) if time_text else None,
    )


_WORD = re.compile(r"\w+")
# "WASHINGTON (Reuters) - ", "KABUL, Afghanistan — ": a dateline opening a paragraph.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+)*(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)*)?"
    r"(?: \([^)\n]{1,40}\))?|\([^)\n]{1,40}\)) ?[\u2014\u2013-]{1,2} "
)


def _is_direct(text: str, found: _Found, quotes: list[tuple[int, int]]) -> bool:
    """Direct speech: most of the content's words are inside quotation marks (the words as
    said, whatever their length); a few quoted words inside a paraphrase (scare quotes, a
    title) leave it reported. The statement has a cue or a speaker by construction."""
    words = quoted = 0
    starts = [qs for qs, _ in quotes]  # quotations are in text order and never overlap
    for s, e in found.content:
        for match in _WORD.finditer(text, s, e):
            words += 1
            k = bisect_right(starts, match.start()) - 1
            if k >= 0 and match.start() < quotes[k][1]:
                quoted += 1
    if not words or not quoted:
        return False
    if found.cue is not None or found.source is not None:
        leading = text[found.content[0][0] : found.content[0][1]].lstrip()
        if leading.lower().startswith("that ") and quoted < words:
            words -= 1  # "said that “...”": the that is the reporter's
    return quoted * 2 > words


_DASH = re.compile(r"[\u2014\u2013]| --? ")


def _between_dashes(doc: Doc, found: _Found, quotes: list[tuple[int, int]]) -> _Found:
    """A source and cue set off by dashes keep to them: "on Wednesday — the same day the
    autopsy showed he was shot seven times — the crowd grew" reports no more than the
    words before the second dash, "... fired 11 shots — the autopsy showed that ..." has
    the autopsy for source, not the clause before the dash, and "his family doubt it — his
    sister said, "..."" reports the quotation only. Dashes inside quotations do not count."""
    if found.cue is None or found.source is None or found.source[0] > found.cue[0]:
        return found
    token = _token_at(doc, found.cue[0])
    if token is None:
        return found
    text = doc_text(doc)
    dashes = [
        m.span()
        for m in _DASH.finditer(text, token.sent.start_char, token.sent.end_char)
        if not inside_quote(quotes, m.start())
    ]
    before = [d for d in dashes if d[1] <= found.cue[0]]
    if not before:
        return found
    opening = before[-1]
    source = found.source
    if source[0] < opening[0] and opening[1] < source[1]:
        source = (opening[1], source[1])  # the source is what follows the dash
    elif not opening[1] <= source[0]:
        return found
    after = next((d for d in dashes if d[0] >= found.cue[1]), None)
    end = after[0] if after is not None else len(text)
    cut = [
        (max(a, opening[1]), min(b, end)) for a, b in found.content if b > opening[1] and a < end
    ]
    content = tuple((a, a + len(text[a:b].rstrip())) for a, b in cut if text[a:b].strip())
    return replace(found, source=source, content=content or found.content)


def _to_quote_end(found: _Found, quotes: list[tuple[int, int]]) -> _Found:
    """Words that open a quotation and stop inside it run on to its closing mark ("the
    NYPD's statement said the officer saw one "break away ... / ... struck him." ")."""
    *rest, (start, end) = found.content
    around = next((q for q in quotes_opening(quotes, start, end) if end < q[1]), None)
    if around is None or (found.cue is not None and around[0] <= found.cue[0] < around[1]):
        return found
    return replace(found, content=(*rest, (start, around[1])))


# Cues whose object is whom it was told, or what the quotation describes, not the words.
_ADDRESSED = frozenset({"tell", "describe", "inform", "assure", "remind", "warn"})


def _addressee_dropped(doc: Doc, found: _Found, quotes: list[tuple[int, int]]) -> _Found:
    """ "A witness told the Daily News "The cops ..."", "described the scene to a TV crew,
    "...": whom it was said to, before the quotation, is not part of what was said."""
    if found.cue is None:
        return found
    (start, end), *rest = found.content
    quote = next(iter(quotes_opening(quotes, start + 1, end)), None)
    cue = doc.char_span(found.cue[0], found.cue[1], alignment_mode="expand")
    if quote is None or cue is None or start < found.cue[1]:
        return found
    verb = cue.root
    addressee = {
        t.i
        for c in verb.children
        if c.dep_ == "dative"
        or (c.dep_ == "prep" and c.lower_ == "to")
        or (c.dep_ == "dobj" and verb.lemma_.lower() in _ADDRESSED)
        for t in c.subtree
        if t.idx < quote[0]
    }
    before = doc.char_span(start, quote[0], alignment_mode="expand")
    if before is None or any(not t.is_punct and t.i not in addressee for t in before):
        return found
    return replace(found, content=((quote[0], end), *rest))


def _trimmed(doc: Doc, found: _Found, quotes: list[tuple[int, int]]) -> tuple[_Found, str | None]:
    """The content without a dateline before it and without a time phrase standing between
    the cue and the words ("said on Monday that ..."): that time is when it was said; a
    source and cue set off by dashes keep to them."""
    text = doc_text(doc)
    found = _to_quote_end(_between_dashes(doc, found, quotes), quotes)
    found = _addressee_dropped(doc, found, quotes)
    (first_start, first_end), *rest = found.content
    said_on = None
    line_start = text.rfind("\n", 0, first_start) + 1
    if not text[line_start:first_start].strip():
        match = _DATELINE.match(text, first_start, first_end)
        if match and match.end() < first_end:
            first_start = match.end()
    if found.cue is not None and found.cue[1] <= first_start + 1:
        span = doc.char_span(first_start, first_end, alignment_mode="expand")
        if span is not None:
            k = 0
            while (
                k < len(span)
                and span[k].ent_type_ == ""
                and span[k].lower_ in ("on", "in", "last", "this", "earlier", "late")
            ):
                k += 1
            while k < len(span) and span[k].ent_type_ in ("DATE", "TIME"):
                k += 1
            if k and span[k - 1].ent_type_ in ("DATE", "TIME") and k < len(span):
                said_on = text[span[0].idx : span[k - 1].idx + len(span[k - 1])]
                said_on = said_on.removeprefix("on ").removeprefix("On ")
                while k < len(span) and span[k].is_punct:
                    k += 1
                if k < len(span):
                    first_start = span[k].idx
                else:
                    said_on = None
    if first_start == found.content[0][0]:
        return found, said_on
    return replace(found, content=((first_start, first_end), *rest)), said_on


def _report_agent(doc: Doc, source: tuple[int, int]) -> tuple[int, int] | None:
    """Who made the report a source names: "initial reports by the Daily News" is the Daily
    News, "a statement from the ministry" the ministry."""
    span = doc.char_span(*source, alignment_mode="expand")
    if span is None or span.root.lemma_.lower() not in _REPORT_NOUNS:
        return None
    by = next((c for c in span.root.children if c.dep_ == "prep" and c.lower_ in _BY), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    if agent is None or agent.pos_ != "PROPN" or agent.i >= span.end:
        return None
    tokens = [t for t in agent.subtree if t.i < span.end]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


_REPORT_NOUNS = frozenset("report statement article story account release".split())
_BY = frozenset({"by", "from"})


def _before_apposition(text: str, source: tuple[int, int]) -> tuple[int, int]:
    """ "Andrii Kovalenko, chief of the council's ..." -> "Andrii Kovalenko": the name before
    an apposition set off by a comma, when it reads as a name."""
    phrase = text[source[0] : source[1]]
    head, comma, _ = phrase.partition(",")
    words = head.split()
    if comma and 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return source[0], source[0] + len(head.rstrip())
    return source


def split_role(doc: Doc, source: tuple[int, int]) -> tuple[str, int, str | None]:
    """("Rustem Umerov", start, "Ukrainian Defense Minister") from "Ukrainian Defense Minister
    Rustem Umerov": a person's name in the source mention, where it starts, and the title or
    role written with it."""
    text = doc_text(doc)
    phrase = text[source[0] : source[1]]
    people = [
        e
        for e in doc_ents(doc)
        if e.label_ == "PERSON" and source[0] <= e.start_char and e.end_char <= source[1]
    ]
    if len(people) != 1:
        return phrase, source[0], None
    person = people[0]
    owner = person[-1].tag_ == "POS" or (person.end < len(doc) and doc[person.end].tag_ == "POS")
    if owner and person.end_char < source[1]:
        return phrase, source[0], None  # "Lindsay Lohan's lawyer" is the lawyer, not Lohan
    start = person.start
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].idx >= source[0]
        and not is_title(doc[start - 1].text)
        and doc[start - 1].text[:1].isupper()
    ):
        start -= 1  # the tagger took "Umerov" but not "Rustem"
    person = doc[start : person.end]
    words = person.text.split()
    while len(words) > 1 and is_title(words[0]):
        words.pop(0)  # "Maj. Charlie Dietz" -> "Charlie Dietz"
    name = " ".join(words)
    around = text[source[0] : person.start_char] + " " + text[person.end_char : source[1]]
    role = " ".join(around.replace(",", " ").split()) or None
    if name != person.text:
        role = " ".join(filter(None, [role, person.text[: len(person.text) - len(name)].strip()]))
    return name, person.end_char - len(name), role


def _span_ents(doc: Doc, span: Span) -> list[Span]:
    """``span.ents`` from the document's cached entities (spaCy's order and stop rule)."""
    out: list[Span] = []
    for ent in doc_ents(doc):
        if ent.start >= span.start:
            if ent.end > span.end:
                break
            out.append(ent)
    return out


def _time_phrase(doc: Doc, found: _Found) -> str | None:
    """When it was said: a date next to the cue ("said on Tuesday", "in a Tuesday address")."""
    if found.cue is None:
        return None
    cue = doc.char_span(found.cue[0], found.cue[1], alignment_mode="expand")
    if cue is None:
        return None
    sentence = cue.sent
    for ent in _span_ents(doc, sentence):
        if ent.label_ != "DATE":
            continue
        if any(s <= ent.start_char < e for s, e in found.content):
            continue  # a date inside what was said is not when it was said
        return ent.text
    return None
