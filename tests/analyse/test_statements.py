"""Statements on sentences written for these tests (the eval sets are for scoring only)."""

from __future__ import annotations

import pytest

from newsledger.analyse.linking import link_quantities, nest
from newsledger.analyse.pipeline import load_pipeline
from newsledger.analyse.quantities import quantities_of
from newsledger.analyse.quotes import quote_spans
from newsledger.analyse.statements import statements_of
from newsledger.records import Statement


@pytest.fixture(scope="module")
def nlp(settings):
    return load_pipeline(settings.spacy_model)


def _statements(nlp, text: str, published: str | None = None) -> list[Statement]:
    return list(nest(statements_of(nlp(text), published)))


def _content(text: str, s: Statement) -> list[str]:
    return [text[a:b] for a, b in (s.content_spans or ((s.start, s.end),))]


def test_statements_indirect_with_that(nlp) -> None:
    text = "The mayor said that the bridge would reopen in May."
    (s,) = _statements(nlp, text)
    assert (s.speaker, s.cue, s.direct) == ("The mayor", "said", False)
    assert s.text == "that the bridge would reopen in May"
    assert text[s.speaker_start : s.speaker_end] == "The mayor"


def test_statements_direct_quote_with_cue_after(nlp) -> None:
    text = "\u201cWe were lucky with the wind,\u201d fire chief Jonas Ek said."
    (s,) = _statements(nlp, text)
    assert s.direct and s.speaker == "Jonas Ek" and s.cue == "said"
    assert s.role == "fire chief"
    assert "We were lucky with the wind" in s.text


def test_statements_quote_split_around_its_cue(nlp) -> None:
    text = '"Our forces," he said, "are ready for anything."'
    (s,) = _statements(nlp, text)
    assert _content(text, s) == ['"Our forces,"', '"are ready for anything."']
    assert s.direct


def test_statements_reported_clause_split_by_cue(nlp) -> None:
    text = "The new rules, the minister said, will apply from January."
    (s,) = _statements(nlp, text)
    assert [c.strip(" ,") for c in _content(text, s)] == [
        "The new rules",
        "will apply from January",
    ]
    assert s.speaker == "the minister"


def test_statements_according_to(nlp) -> None:
    text = "About 4,000 residents left their homes, according to the regional fire service."
    (s,) = _statements(nlp, text)
    assert (s.cue, s.speaker) == ("according to", "the regional fire service")
    assert s.text.startswith("About 4,000 residents left their homes")


def test_statements_pronoun_and_surname_resolve_to_full_name(nlp) -> None:
    text = (
        "Defence Minister Rustem Umerov visited the front on Monday. He said the troops "
        "were ready. Later Umerov said that supplies were short."
    )
    speakers = [s.speaker for s in _statements(nlp, text)]
    assert speakers == ["Rustem Umerov", "Rustem Umerov"]


def test_statements_speech_verbs_beyond_said(nlp) -> None:
    text = (
        "The union warned that the strike would spread. The council acknowledged that "
        "it had made mistakes. Ms Lund insisted that nothing had changed."
    )
    cues = [s.cue for s in _statements(nlp, text)]
    assert cues == ["warned", "acknowledged", "insisted"]


def test_statements_name_line_with_colon(nlp) -> None:
    text = "MAYOR HOLT: We will rebuild the harbour.\nEDITOR: Thank you."
    found = _statements(nlp, text)
    assert [(s.speaker, s.cue, s.direct) for s in found] == [
        ("MAYOR HOLT", ":", True),
        ("EDITOR", ":", True),
    ]
    assert found[0].text == "We will rebuild the harbour."


def test_statements_label_lines_are_not_speakers(nlp) -> None:
    assert _statements(nlp, "Update: The road is open again.\nPhoto: the harbour.") == []


def test_statements_quote_then_dash_and_name(nlp) -> None:
    text = "\u201cWe will not leave the town to itself.\u201d \u2015 Anders Holt"
    (s,) = _statements(nlp, text)
    assert s.speaker == "Anders Holt" and s.direct


def test_statements_nested_reports_link_to_their_parent(nlp) -> None:
    text = "Zelensky said the intelligence showed that 3,000 soldiers had arrived."
    found = _statements(nlp, text)
    outer = next(s for s in found if s.cue == "said")
    inner = next(s for s in found if s.cue == "showed")
    assert inner.parent == found.index(outer) and outer.parent is None
    assert inner.speaker == "the intelligence"


def test_statements_time_of_saying_resolves(nlp) -> None:
    text = "Kovalenko said on Monday that the first units had come under fire."
    (s,) = _statements(nlp, text, published="2024-11-06")
    assert (s.time_text, s.time) == ("Monday", "2024-11-04")


def test_statements_scare_quotes_are_not_direct(nlp) -> None:
    text = "Umerov said the forces had fought \u201csmall-scale\u201d battles near the border."
    (s,) = _statements(nlp, text)
    assert not s.direct


def test_statements_quantities_link_to_their_statement(nlp) -> None:
    doc = nlp("The Pentagon believes at least 10,000 North Koreans are in Russia.")
    statements = nest(statements_of(doc))
    (q,) = link_quantities(quantities_of(doc), statements)
    assert q.statement == 0 and q.speaker == "The Pentagon"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said \u201cyes\u201d and left.", ["\u201cyes\u201d"]),
        ('She said "no way" twice.', ['"no way"']),
        ("They wrote ''not now'' on the wall.", ["''not now''"]),
        (
            "\u201cFirst paragraph\n\u201cSecond paragraph.\u201d",
            ["\u201cFirst paragraph\n\u201cSecond paragraph.\u201d"],
        ),
        ("\u201cUnclosed quote\nNext paragraph.", ["\u201cUnclosed quote"]),
        (
            'The chief said "We tried.\nNobody came.\nThen it rained.\u201d\nShe left.',
            ['"We tried.\nNobody came.\nThen it rained.\u201d'],
        ),
        (
            'He said, "It was loud.\nIt was insane. "\nA "vigil" followed.',
            ['"It was loud.\nIt was insane. "', '"vigil"'],
        ),
        (
            'It ended. "\nA guard said "no" and "never".',
            ['"no"', '"never"'],
        ),
        (
            'He said "mixed marks\u201d, then "straight ones".',
            ['"mixed marks\u201d', '"straight ones"'],
        ),
        (
            '"We saw two boats.\n"Both fled.\nThen we left, "the captain said.',
            ['"We saw two boats.\n"Both fled.\nThen we left, "'],
        ),
        (
            'There was \u201cno evidence" of it.\n"We see no link," the mayor said.',
            ['\u201cno evidence"', '"We see no link,"'],
        ),
    ],
    ids=[
        "curly",
        "straight",
        "double-single",
        "runs-on",
        "unbalanced",
        "runs-on-lines-curly",
        "runs-on-lines-straight",
        "stray-mark-at-line-end",
        "straight-after-curly",
        "straight-paragraphs-reopened",
        "curly-closed-by-straight",
    ],
)
def test_statements_quote_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in quote_spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "speaker", "said"),
    [
        (
            "Depot fire in Varnhelm under control, says fire chief",
            "fire chief",
            "Depot fire in Varnhelm under control",
        ),
        (
            "The harbour will reopen on Friday, says the port authority.",
            "the port authority",
            "The harbour will reopen on Friday",
        ),
    ],
)
def test_statements_inverted_headline_cue(nlp, text: str, speaker: str, said: str) -> None:
    (s,) = _statements(nlp, text)
    assert (s.speaker, s.text) == (speaker, said)


def test_statements_a_place_before_a_colon_is_a_dateline_not_a_speaker(nlp) -> None:
    text = (
        "Paris: Jewellery stolen in shop raid\nFour men smashed their car into a jewellery store."
    )
    assert _statements(nlp, text) == []
    (s,) = _statements(nlp, "PENCE: We will win this election in November.")
    assert (s.speaker, s.direct) == ("PENCE", True)


def test_statements_a_transcript_quoted_a_paragraph_at_a_time(nlp) -> None:
    text = (
        "The interview went as follows:\n"
        '"HOST: Will the senator attend the debate tomorrow?\n'
        '"PENCE: She will not be there, and we will win this election in November.'
    )
    found = [(s.speaker, s.direct, s.text[:9]) for s in _statements(nlp, text)]
    assert found == [("HOST", True, "Will the "), ("PENCE", True, "She will ")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Lindsay Lohan's lawyer says the actress checked into rehab on Thursday.",
            "Lindsay Lohan's lawyer",
        ),
        (
            "When Frederick LaRue's name started appearing in newspapers, he told a reporter "
            "that he was no millionaire.",
            "Frederick LaRue",
        ),
    ],
    ids=["owner-is-not-the-speaker", "pronoun-to-a-possessive-mention"],
)
def test_statements_possessive_names(nlp, text: str, speaker: str) -> None:
    assert [s.speaker for s in _statements(nlp, text)] == [speaker]


def _figures(nlp, text: str) -> dict[float, str | None]:
    doc = nlp(text)
    statements = nest(statements_of(doc))
    return {q.value: q.speaker for q in link_quantities(quantities_of(doc), statements)}


def test_statements_cue_set_off_by_dashes_reports_only_up_to_the_dash(nlp) -> None:
    text = (
        "On Friday \u2014 the day the coroner said the driver had been hit twice \u2014 "
        "a crowd of 300 people gathered."
    )
    (s,) = _statements(nlp, text)
    assert s.text == "the driver had been hit twice"
    assert _figures(nlp, text)[300] is None  # the crowd is the outlet's own figure


def test_statements_source_after_a_dash(nlp) -> None:
    text = "The guards fired 11 shots \u2014 the coroner said that seven hit the car."
    (s,) = _statements(nlp, text)
    assert (s.speaker, s.text) == ("the coroner", "that seven hit the car")
    figures = _figures(nlp, text)
    assert figures[11] is None and figures[7] == "the coroner"


def test_statements_figure_in_the_source_phrase_is_not_its_claim(nlp) -> None:
    figures = _figures(nlp, "The 42-year-old pilot and his crew of 12 said the engine failed.")
    assert figures[12] is None


def test_statements_showed_up_is_no_cue(nlp) -> None:
    assert _statements(nlp, "About 40 young men showed up across the street.") == []
    assert _figures(nlp, "About 40 young men showed up across the street.")[40] is None


def test_statements_words_before_a_closing_cue_run_to_the_sentence_start(nlp) -> None:
    text = (
        "A storm hit the coast on Sunday, flooding nine towns and killing 14 people, "
        "officials said."
    )
    (s,) = _statements(nlp, text)
    assert s.text.endswith("killing 14 people") and s.speaker == "officials"
    assert _figures(nlp, text)[14] == "officials"


@pytest.mark.parametrize(
    ("text", "speaker", "said"),
    [
        ("The survey puts the magnitude at 6.4.", "The survey", "the magnitude at 6.4"),
        ("Channel 9 estimated the crowd at 300.", "Channel 9", "the crowd at 300"),
        ("Police put the death toll at 12 on Monday.", "Police", "the death toll at 12"),
    ],
)
def test_statements_a_figure_put_at(nlp, text: str, speaker: str, said: str) -> None:
    (s,) = _statements(nlp, text)
    assert (s.speaker, s.text, s.direct) == (speaker, said, False)


def test_statements_put_to_a_vote_is_no_figure(nlp) -> None:
    assert _statements(nlp, "The council put the matter to a vote at 9 pm.") == []


def test_statements_subject_parsed_as_an_object_of_the_clause_before(nlp) -> None:
    text = (
        "The main town still has power and water connections and officials say they are "
        "sending tents to those who lost their homes."
    )
    (s,) = _statements(nlp, text)
    assert s.speaker == "officials" and s.text.startswith("they are sending tents")


def test_statements_whom_it_was_told_is_not_what_was_said(nlp) -> None:
    text = 'A neighbour told the Evening Star "They ran out of the house so fast."'
    (s,) = _statements(nlp, text)
    assert (s.speaker, s.text, s.direct) == (
        "A neighbour",
        '"They ran out of the house so fast."',
        True,
    )


def test_statements_scare_quoted_object_stays_in_the_content(nlp) -> None:
    text = "She called the plan a \u201cdisaster.\u201d"
    (s,) = _statements(nlp, text)
    assert s.text.startswith("the plan")


def test_statements_words_opening_a_quotation_run_to_its_close(nlp) -> None:
    text = (
        'According to the fire service, crews saw one "blaze spread to the roof.\n'
        "The crew then entered the building.\n"
        'Both firefighters left safely. "\n'
        "The road stayed shut."
    )
    (s,) = _statements(nlp, text)
    assert s.speaker == "the fire service"
    assert s.text.endswith('Both firefighters left safely. "')


def test_statements_source_after_a_dash_reports_only_its_quotation(nlp) -> None:
    text = 'His family doubt the account\u2014his sister Mara said, "He was unarmed."'
    (s,) = _statements(nlp, text)
    assert s.speaker == "Mara" and s.text == '"He was unarmed."'


def test_statements_the_two_are_the_pair_named_before(nlp) -> None:
    text = (
        "At a meeting in Oslo, Finance Minister Lena Berg and the bank's chief economist, "
        "Tomas Lind, spoke about the housing market.\nThe two agreed to meet again in May."
    )
    (s,) = [s for s in _statements(nlp, text) if s.cue == "agreed"]
    assert s.speaker == "Lena Berg and Tomas Lind"


def test_statements_a_cue_the_rules_do_not_list_takes_the_parse_subject(nlp) -> None:
    from newsledger.analyse.statements import _subject_of

    text = "The governor expressed hope that the roads would reopen."
    doc = nlp(text)
    cue = (text.index("expressed"), text.index("expressed") + len("expressed"))
    content = ((text.index("that"), len(text) - 1),)
    assert _subject_of(doc, cue, content) == (0, len("The governor"))
    assert _subject_of(doc, cue, ((0, len(text) - 1),)) is None  # the subject is in the words
    doc = nlp("It expressed hope that the roads would reopen.")
    assert _subject_of(doc, (3, 12), ((23, 46),)) is None  # "it" names nobody


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'We saw smoke,' the guard said.", ["'We saw smoke,'"]),
        (
            "\u2018It was loud.\nThen it stopped.\nWe ran,\u2019 said a neighbour.",
            ["\u2018It was loud.\nThen it stopped.\nWe ran,\u2019"],
        ),
        ("The boys' bikes and Lopez' car don't start in the '90s style.", []),
        ('She said "it\'s fine," and left.', ['"it\'s fine,"']),
    ],
    ids=["straight", "curly-lines", "apostrophes", "inside-double"],
)
def test_statements_single_quote_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in quote_spans(text)] == expected


def test_statements_single_quoted_words_are_direct(nlp) -> None:
    text = "'The man is an emotional wreck,' Judge Vera Holm said, according to the Post."
    (s,) = [s for s in _statements(nlp, text) if s.speaker == "Vera Holm"]
    assert s.direct and s.text == "'The man is an emotional wreck,'"


@pytest.mark.parametrize(
    "text",
    [
        "The jurors showed little emotion as the tape was played.",
        "Two mothers pressed up against a storefront for safety.",
        "A 32-year-old climber described as lacking experience died on Sunday.",
        "She was planning to marry her boyfriend in May.",
        "He had planned to spend four days in the hills.",
        "Witnesses are seen cowering in fear around her.",
        "The suspect is thought to have fled on foot.",
        "It has been revealed that both officers were sued twice.",
    ],
)
def test_statements_verbs_that_report_nothing_said(nlp, text: str) -> None:
    assert _statements(nlp, text) == []


def test_statements_confirmed_at_the_end_of_the_sentence(nlp) -> None:
    text = "A Danish and a Swiss skier have died in avalanches in the Alps, police confirmed today."
    (s,) = _statements(nlp, text)
    assert s.speaker == "police" and s.text.startswith("A Danish and a Swiss skier")


def test_statements_a_headline_that_ends_with_its_source(nlp) -> None:
    text = (
        'Two hikers killed in rockfall on ridge: Police\n"We will reopen the trail": Mayor Ruiz\n'
    )
    found = _statements(nlp, text)
    assert [(s.speaker, s.cue, s.direct) for s in found] == [
        ("Police", ":", False),
        ("Mayor Ruiz", ":", True),
    ]
    assert found[0].text == "Two hikers killed in rockfall on ridge"
    assert _statements(nlp, "Storm reaches the coast: Live updates\nPhoto: Reuters\n") == []


def test_statements_the_accused_of_a_passive_accusation_is_no_source(nlp) -> None:
    text = "Mark Delaney stands accused of firing 13 shots. Delaney was charged with murder."
    assert [s.speaker for s in _statements(nlp, text)] == []
    (s,) = _statements(nlp, "Prosecutors accused Delaney of firing 13 shots.")
    assert s.speaker == "Prosecutors"


def test_statements_according_to_before_a_dash_credits_the_words_before(nlp) -> None:
    text = (
        "Ruiz then shot the three guards, according to police -- the men were hit on the "
        "third floor and the driver on the stairs near the exit."
    )
    (s,) = _statements(nlp, text)
    assert (s.speaker, _content(text, s)) == ("police", ["Ruiz then shot the three guards"])


def test_statements_a_kicker_before_a_colon_is_no_speaker(nlp) -> None:
    text = "CHARGED WITH MURDER: What the papers left out about the guard\nMAYOR HOLT: We rebuild."
    assert [s.speaker for s in _statements(nlp, text)] == ["MAYOR HOLT"]


def test_statements_a_closing_cue_reports_the_whole_clause_across_dashes(nlp) -> None:
    text = (
        "The guard who allegedly shot three drivers — wounding two– at the depot Friday night "
        "has been charged with assault, theft and other related charges, says District "
        "Attorney Mara Quist."
    )
    (s,) = _statements(nlp, text)
    assert s.speaker == "District Attorney Mara Quist"
    assert s.text.startswith("The guard who allegedly shot three drivers")


def test_statements_he_is_the_person_the_report_turned_to(nlp) -> None:
    text = (
        '"It held up well," Owen said.\n'
        "Anchorage lawyer William Ingaldson, the building's owner, came to see the damage.\n"
        "He said he had owned the property for six years.\n"
    )
    assert [s.speaker for s in _statements(nlp, text)] == ["Owen", "William Ingaldson"]


def test_statements_a_name_modifying_a_noun_is_no_antecedent(nlp) -> None:
    text = (
        "Palmer does not own the site, Janette Bower said.\n"
        "While the city had no plan for the Mat Maid properties, ideas had been raised, she said.\n"
    )
    assert [s.speaker for s in _statements(nlp, text)] == ["Janette Bower", "Janette Bower"]


def test_statements_responding_to_an_event_says_nothing(nlp) -> None:
    assert _statements(nlp, "Crews from two departments responded to the blaze.") == []
    (s,) = _statements(nlp, "The mayor responded that the homes would be rebuilt.")
    assert s.speaker == "The mayor"


def test_statements_label_lines_and_datelines_are_not_speakers(nlp) -> None:
    text = (
        "Story Created: Aug 7, 2012 at 9:56 AM\n"
        "ALASKA-Shortly after 3:30 Tuesday morning someone called 911 and reported a fire at "
        "the warehouse in downtown Palmer.\n"
    )
    assert [s.speaker for s in _statements(nlp, text)] == ["someone"]


def test_statements_the_writers_generic_you_is_no_source(nlp) -> None:
    text = "With prices frozen you have to wonder how the club plans to pay for it."
    assert _statements(nlp, text) == []


def test_statements_he_said_continues_a_person_the_tagger_called_a_group(nlp) -> None:
    """The tagger labels "Thanos Verykios" NORP; the apposition to "a lecturer" and the later
    "Professor Verykios" show a person, so "he said" is his, not the minister quoted before."""
    text = (
        '"We are all shocked," Prime Minister Olav Berg said.\n'
        "A lecturer in history at the University of Patras, Thanos Verykios, did not teach "
        "today because the roads were closed.\n"
        '"The streets were empty," he said.\n'
        "Professor Verykios blames the police for the delay.\n"
        '"Nobody came for hours," he said.'
    )
    speakers = [s.speaker for s in _statements(nlp, text)]
    assert speakers[:2] == ["Olav Berg", "Thanos Verykios"]
    assert all(s.endswith("Verykios") for s in speakers[2:]) and len(speakers) == 4


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Firefighters found a body in the house, Boston police Lt. Tom Wade said.", "Tom Wade"),
        ("The road was closed for hours, said Sgt. Ann Cole of the state police.", "Ann Cole"),
    ],
    ids=["lt", "sgt"],
)
def test_statements_a_rank_abbreviation_does_not_end_the_sentence(
    nlp, text: str, speaker: str
) -> None:
    (s,) = _statements(nlp, text)
    assert speaker in (s.speaker or "")
    assert s.text.startswith(("Firefighters", "The road"))


@pytest.mark.parametrize(
    "text",
    [
        "Police would not say how many people were hurt.",
        "The family declined to release the names of the two children.",
        "The club refused to give a figure for the transfer fee.",
    ],
    ids=["would-not-say-how-many", "declined-to-release", "refused-to-give"],
)
def test_statements_a_withheld_answer_is_no_statement(nlp, text: str) -> None:
    assert _statements(nlp, text) == []


def test_statements_a_negated_cue_with_a_claim_still_reports_it(nlp) -> None:
    (s,) = _statements(nlp, "The minister did not deny that 40 soldiers had died.")
    assert s.speaker == "The minister" and "40 soldiers" in s.text


def test_statements_a_cue_after_a_semicolon_reports_only_its_clause(nlp) -> None:
    text = "2 dead, 5 hurt in factory blast; police say owner had been warned\n"
    (s,) = _statements(nlp, text)
    assert s.text == "owner had been warned"
    figures = _figures(nlp, text)
    assert figures[2.0] is None and figures[5.0] is None


def test_statements_a_semicolon_inside_the_quotation_is_the_speakers(nlp) -> None:
    (s,) = _statements(nlp, '"We lost three men; we will not give up," the colonel said.')
    assert "three men" in s.text and s.direct


def test_statements_a_verb_coordinated_with_the_cue_is_the_outlets(nlp) -> None:
    text = (
        "Guards at first told visitors to wait in the hall but minutes later cleared the "
        "museum, about 12 miles east of the capital."
    )
    statements = _statements(nlp, text)
    assert all("cleared" not in s.text for s in statements)
    assert _figures(nlp, text)[12.0] is None


def test_statements_a_headline_kicker_is_reported_a_transcript_line_direct(nlp) -> None:
    text = (
        "Mayor: Flood defences held overnight\n"
        "The river rose all night.\n"
        "Okafor: We never closed the bridge.\n"
    )
    statements = _statements(nlp, text)
    assert [(s.speaker, s.direct) for s in statements] == [("Mayor", False), ("Okafor", True)]


def test_statements_a_mood_is_no_source(nlp) -> None:
    text = "Shares fell, as concerns grew about the debt crisis and fears it will spread."
    assert all(s.speaker not in ("concerns", "fears") for s in _statements(nlp, text))


def test_statements_a_source_drops_the_preposition_the_tagger_took(nlp) -> None:
    (s,) = _statements(nlp, "Officers at first told workers to stay in their offices.")
    assert s.speaker == "Officers"


def test_statements_a_report_of_a_report_keeps_each_to_its_words(nlp) -> None:
    text = "Neighbours said the gunman fled on foot, Sgt. Ann Cole said."
    by_speaker = {s.speaker: s.text for s in _statements(nlp, text)}
    assert by_speaker["Neighbours"] == "the gunman fled on foot"
    assert "the gunman fled on foot" in by_speaker["Ann Cole"]


def test_statements_a_line_ending_in_a_cue_and_colon_introduces_the_next_paragraph(nlp) -> None:
    text = (
        "The pollster spoke at length. Caddell continued:\n\n"
        '"The issue is partisan.\n\n"It was later found to be pneumonia."\n\n'
        "The governor added:\nIt is typical of her.\n\n"
        "The recipe has three parts:\nflour, water and salt."
    )
    found = [(s.speaker, s.cue, s.direct, s.text) for s in _statements(nlp, text)]
    assert found == [
        (
            "Caddell",
            "continued:",
            True,
            '"The issue is partisan.\n\n"It was later found to be pneumonia."',
        ),
        ("The governor", "added:", False, "It is typical of her."),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"At the time, I thought it was a brick, but it was a bullet," testified Ana Ruiz, '
            "who was walking with her son and who can be seen in the video.",
            [
                (
                    "Ana Ruiz",
                    "testified",
                    '"At the time, I thought it was a brick, but it was a bullet,"',
                )
            ],
        ),
        (
            "When the prosecutor asked whether she shielded her son with her body, Ruiz quietly "
            'answered, "Yes."',
            [
                ("the prosecutor", "asked", "whether she shielded her son with her body"),
                ("Ruiz", "answered", '"Yes."'),
            ],
        ),
        ('"Never," the mayor replied.', [("the mayor", "replied", '"Never,"')]),
    ],
    ids=["inverted-testified", "answer-after-question", "one-word-reply"],
)
def test_statements_a_quotation_beside_its_cue_the_tagger_missed(nlp, text, expected) -> None:
    found = [(s.speaker, s.cue, s.text) for s in _statements(nlp, text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        ("The gunman fired on the orders of his brother, prosecutors charge.", True),
        ("The plan will fail, critics fear.", True),
        ("The city charges a fee for parking.", False),
        ("Prosecutors charge that he fired from the roof.", False),
    ],
)
def test_statements_a_cue_closing_its_sentence_reports_the_clause_before(
    nlp, text: str, closing: bool
) -> None:
    from newsledger.analyse.statements import _closing_cue

    doc = nlp(text)
    (root,) = [t for t in doc if t.dep_ == "ROOT"]
    assert _closing_cue(root) is closing


def test_statements_the_rules_alone_read_a_reply_beside_its_quotation(nlp) -> None:
    from newsledger.vocabulary import Attribution

    doc = nlp('"Never," the mayor replied.\nThe "super PACs" paid for it all.')
    found = [(s.speaker, s.text) for s in statements_of(doc, None, Attribution.RULES)]
    assert found == [("the mayor", '"Never,"')]


def test_statements_releasing_a_thing_is_no_statement_releasing_words_is(nlp) -> None:
    thing = "Prosecutors have released new video in the trial of two men accused of the killing."
    assert _statements(nlp, thing) == []
    (said,) = _statements(nlp, "Police released a statement saying two men were arrested.")
    assert (said.speaker, said.text) == ("Police", "two men were arrested")


def test_statements_a_report_by_an_outlet_is_the_outlet_s(nlp) -> None:
    text = "Lane confessed to the shooting, according to initial reports by the Daily Ledger."
    (s,) = _statements(nlp, text)
    assert (s.speaker, s.text) == ("the Daily Ledger", "Lane confessed to the shooting")
