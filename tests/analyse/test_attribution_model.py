"""The trained attribution model and the statements built on it, on sentences written for
these tests (PolNeAR's texts are for training and scoring only, never copied here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.analyse.attribution_model import Model, model, tag
from newsledger.analyse.linking import link_quantities, nest
from newsledger.analyse.pipeline import load_pipeline
from newsledger.analyse.quantities import quantities_of
from newsledger.analyse.statements import statements_of
from newsledger.records import Statement

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nlp(settings):
    return load_pipeline(settings.spacy_model)


def _statements(nlp, text: str, attribution: str = "model") -> list[Statement]:
    return list(nest(statements_of(nlp(text), None, attribution)))


def _one(nlp, text: str) -> Statement:
    found = _statements(nlp, text)
    assert len(found) == 1, found
    return found[0]


def _said(text: str, s: Statement) -> str:
    return text[s.speaker_start : s.speaker_end] if s.speaker_start is not None else ""


# ------------------------------------------------------------ short quotes with a cue
@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ('"A fine result," the coach said.', "the coach", "said"),
        ("\u201cIs that all?\u201d she asked.", "she", "asked"),
        ('"We will rebuild!" insists the mayor.', "the mayor", "insists"),
    ],
    ids=["two-word-quote", "question", "inverted-cue"],
)
def test_model_a_short_quote_with_cue_and_speaker_is_a_direct_statement(
    nlp, text: str, speaker: str, cue: str
) -> None:
    s = _one(nlp, text)
    assert s.direct
    assert _said(text, s) == speaker
    assert s.cue == cue


def test_model_a_quote_after_said_and_a_comma_is_direct(nlp) -> None:
    text = 'The mayor said, "We will rebuild."'
    s = _one(nlp, text)
    assert s.direct and s.speaker == "The mayor"
    assert "We will rebuild" in s.text


def test_model_a_quoted_title_inside_a_paraphrase_stays_reported(nlp) -> None:
    text = 'The mayor claims that her favourite film is "Casablanca".'
    s = _one(nlp, text)
    assert not s.direct
    assert "favourite film" in s.text


def test_model_scare_quotes_inside_a_paraphrase_stay_reported(nlp) -> None:
    text = "The minister said the talks had been a \u201creset\u201d of relations with the north."
    s = _one(nlp, text)
    assert not s.direct and s.speaker == "The minister"


# ------------------------------------------------------------ who said it
def test_model_he_continues_the_person_quoted_just_before(nlp) -> None:
    text = (
        '"We will not be silenced," said Paul Okafor, a protester outside the hall. '
        "The march then passed the office of Mayor Tom Reyes. "
        "He believes the new tax law will hurt poor people."
    )
    found = _statements(nlp, text)
    believes = next(s for s in found if s.cue == "believes")
    assert believes.speaker == "Paul Okafor"


def test_model_according_to_wins_and_takes_the_figure(nlp) -> None:
    text = (
        "Republicans in the state assembly on Monday were planning a flood relief bill worth "
        "$2 billion, according to a senior legislative aide."
    )
    doc = nlp(text)
    statements = nest(statements_of(doc))
    s = next(s for s in statements if s.cue == "according to")
    assert s.speaker == "a senior legislative aide"
    (figure,) = [q for q in link_quantities(quantities_of(doc), statements) if q.value == 2e9]
    assert figure.speaker == "a senior legislative aide"


def test_model_a_figure_in_a_reported_clause_belongs_to_its_speaker(nlp) -> None:
    text = "The fire chief said 40 homes had flooded and 12 people were hurt."
    doc = nlp(text)
    statements = nest(statements_of(doc))
    figures = link_quantities(quantities_of(doc), statements)
    assert figures and all(q.speaker == "The fire chief" for q in figures)


def test_model_an_appositive_is_the_role_not_the_name(nlp) -> None:
    text = "Mara Lindqvist, head of the regional water board, said the dam was safe."
    s = _one(nlp, text)
    assert s.speaker == "Mara Lindqvist"
    assert s.role and "water board" in s.role


def test_model_a_relative_pronoun_source_stands_for_its_noun(nlp) -> None:
    text = "The teenager was stopped by police officers who claim he was carrying a knife."
    found = _statements(nlp, text)
    claim = next(s for s in found if s.cue == "claim")
    assert claim.speaker and "officers" in claim.speaker


# ------------------------------------------------------------ content boundaries and time
def test_model_no_dateline_in_the_content_and_the_time_goes_to_said_on(nlp) -> None:
    text = "RIVERTON (Wire) - The council said on Tuesday that the old bridge would reopen."
    s = _one(nlp, text)
    assert "RIVERTON" not in s.text and "Tuesday" not in s.text
    assert s.time_text == "Tuesday"
    assert "bridge would reopen" in s.text


def test_model_a_quote_split_around_its_cue_is_one_statement(nlp) -> None:
    text = '"Our crews," the harbour master said, "worked through the night."'
    s = _one(nlp, text)
    assert len(s.content_spans) == 2 and s.direct


# ------------------------------------------------------------ what is not a statement
@pytest.mark.parametrize(
    "text",
    [
        'She starred in "The Long Night" last year.',
        'The band played "Harbour Lights" twice before midnight.',
        "The painting is said to be worth millions.",
        "The singer reportedly left the tour in March.",
        "The committee offered no details of the new budget.",
    ],
    ids=["quoted-title", "song-name", "said-to-be", "reportedly", "no-details"],
)
def test_model_no_statement_without_anyone_saying_something(nlp, text: str) -> None:
    assert _statements(nlp, text) == []


# ------------------------------------------------------------ the switch and the model
def test_model_rules_still_work_when_the_model_is_switched_off(nlp) -> None:
    text = "The mayor said that the bridge would reopen in May."
    (s,) = _statements(nlp, text, attribution="rules")
    assert (s.speaker, s.cue) == ("The mayor", "said")


def test_model_is_loaded_once_per_process_and_tags_character_spans(nlp) -> None:
    assert model() is model()
    text = "The governor told reporters that schools would close on Friday."
    (found,) = tag(nlp(text))
    assert text[found.cue[0] : found.cue[1]] == "told"
    assert [text[a:b] for a, b in found.source] == ["The governor"]
    assert "schools would close" in text[found.content[0][0] : found.content[-1][1]]


def test_model_weights_ship_inside_the_package_and_are_small() -> None:
    from newsledger.analyse.attribution_model import MODEL_DIR

    files = sorted(p.name for p in MODEL_DIR.iterdir() if p.suffix in (".crfsuite", ".txt"))
    assert files == ["cue.crfsuite", "cue_words.txt", "span.crfsuite"]
    assert sum((MODEL_DIR / f).stat().st_size for f in files) < 30 * 1024 * 1024


def test_train_script_trains_a_working_model_on_a_tiny_slice(shared, tmp_path, nlp) -> None:
    polnear = shared / "eval" / "polnear"
    if not (polnear / "train" / "articles.jsonl").exists():
        pytest.skip(f"PolNeAR training split not found under {polnear}")
    out = tmp_path / "model"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "train_attribution.py"),
            "--polnear",
            str(polnear),
            "--limit",
            "3",
            "--iterations",
            "5",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    trained = Model(out)
    assert trained.cue_words and (out / "span.crfsuite").stat().st_size > 0
    tagged = trained.tag(nlp("The senator said the vote would be close."))
    assert all(t.content for t in tagged)


def test_model_a_quote_open_over_lines_is_one_statement_of_its_speaker(nlp) -> None:
    text = (
        'Ana Ruiz said, "We lost the ovens first.\n'
        "Then the roof went, and the flour with it.\n"
        'We will open again in spring."\n'
        "Firefighters arrived an hour later."
    )
    found = _statements(nlp, text)
    quoted = [s for s in found if "ovens" in s.text]
    assert len(quoted) == 1, found
    whole = quoted[0]
    assert whole.speaker == "Ana Ruiz" and whole.direct and whole.cue == "said"
    assert "the flour with it" in whole.text and "open again in spring" in whole.text
    assert not any("Firefighters" in s.text for s in found)


def test_model_quoted_by_a_medium_credits_the_person_quoted(nlp) -> None:
    text = (
        "Lena Ostrova, the mayor of Karsby, was quoted by the regional radio as saying "
        "that 40 families had been moved to the school.\n"
        "The storm flooded 300 homes, harbour officials were quoted by Reuters as saying."
    )
    found = _statements(nlp, text)
    assert [(s.speaker, s.text) for s in found] == [
        ("Lena Ostrova", "40 families had been moved to the school"),
        ("harbour officials", "The storm flooded 300 homes"),
    ]


def test_model_a_pronoun_is_first_the_person_named_in_its_sentence(nlp) -> None:
    text = (
        '"We will not leave," said Tomas Brandt, a fisherman.\n'
        "But Councilwoman Ines Varga, a critic of the port, blasted planners who she said "
        "ignored the harbour.\n"
        '"They never came here," Varga wrote.\n'
        '"Not once."'
    )
    found = _statements(nlp, text)
    said = next(s for s in found if "ignored the harbour" in s.text)
    assert said.speaker is not None and said.speaker.endswith("Ines Varga")
    last = next(s for s in found if "Not once" in s.text)
    assert last.speaker is not None and last.speaker.endswith("Varga")


def test_model_a_verb_inside_a_longer_quotation_is_not_its_cue(nlp) -> None:
    text = (
        '"She trained every morning," the coach wrote.\n'
        '"She was running before dawn; she was writing a diary of every race; '
        'her team won the cup."'
    )
    found = _statements(nlp, text)
    assert not any(s.cue == "writing" for s in found)
    assert all(s.speaker == "the coach" for s in found), found


def test_model_fumed_introduces_a_quotation(nlp) -> None:
    s = _one(nlp, '"Keep your trucks off our street," the shopkeeper fumed.')
    assert s.speaker == "the shopkeeper" and s.cue == "fumed" and s.direct
