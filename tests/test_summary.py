"""Sentences and the extractive summary of a story.

The articles below are written for these tests: a fictional flood of the river Ossel in the
fictional town of Brevanne, reported by invented outlets in English, French and Polish.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from alaune.group.features import DocFreq, cosine
from alaune.tell.sentences import split_sentences
from alaune.tell.summary import Source, summarise, usable

T0 = datetime(2026, 4, 14, 6, 0, tzinfo=UTC)


def texts(text: str, lang: str | None = None) -> list[str]:
    return [span.text for span in split_sentences(text, lang)]


# --- sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Mr. Obrin and Dr. Vale met Gen. Tasker at 9 a.m. in the U.S. capital. They agreed.",
            "en",
            ["Mr. Obrin and Dr. Vale met Gen. Tasker at 9 a.m. in the U.S. capital.", "They agreed."],
        ),
        (
            "J. K. Marlowe signed copies at Harlan Books Inc. on Friday. Fans queued for hours.",
            "en",
            ["J. K. Marlowe signed copies at Harlan Books Inc. on Friday.", "Fans queued for hours."],
        ),
        (
            "Growth reached 3.5 percent in 2025. It was 2.1 percent, i.e. less, a year before.",
            "en",
            ["Growth reached 3.5 percent in 2025.", "It was 2.1 percent, i.e. less, a year before."],
        ),
        (
            "Am 12. Dezember stieg der Pegel in Halden, z. B. am Nr. 4 der Uferstraße, zum 3. Mal "
            "über die Marke. Die Feuerwehr war bzw. ist im Einsatz.",
            "de",
            ["Am 12. Dezember stieg der Pegel in Halden, z. B. am Nr. 4 der Uferstraße, zum 3. Mal "
             "über die Marke.", "Die Feuerwehr war bzw. ist im Einsatz."],
        ),
        (
            "W 2023 r. rząd ogłosił m.in. nowy plan, tzw. tarczę, np. dla rolników. Prof. Nowak "
            "z ul. Długiej i dr hab. Lis skrytykowali go ok. godz. 10 na mocy art. 5 ust. 2.",
            "pl",
            ["W 2023 r. rząd ogłosił m.in. nowy plan, tzw. tarczę, np. dla rolników.",
             "Prof. Nowak z ul. Długiej i dr hab. Lis skrytykowali go ok. godz. 10 na mocy art. 5 "
             "ust. 2."],
        ),
        (
            "M. Durand et Mme Lefort ont visité Brevanne. « Nous avons tout perdu. Tout », a dit "
            "une habitante. Le préfet est arrivé.",
            "fr",
            ["M. Durand et Mme Lefort ont visité Brevanne.",
             "« Nous avons tout perdu. Tout », a dit une habitante.", "Le préfet est arrivé."],
        ),
        (
            '"The water came at night. We ran," said Ms. Ardent. Police closed the road.',
            "en",
            ['"The water came at night. We ran," said Ms. Ardent.', "Police closed the road."],
        ),
        (
            "„Wir haben alles verloren. Alles“, sagte sie. Dann kam der Regen.",
            "de",
            ["„Wir haben alles verloren. Alles“, sagte sie.", "Dann kam der Regen."],
        ),
        (
            '"We lost everything." The mayor nodded. (It was late.) Then she left.',
            "en",
            ['"We lost everything."', "The mayor nodded.", "(It was late.)", "Then she left."],
        ),
        (
            "He waited… and waited. Then help came... Nobody slept. Will it rain? Yes! It will.",
            "en",
            ["He waited… and waited.", "Then help came...", "Nobody slept.", "Will it rain?",
             "Yes!", "It will."],
        ),
        (
            "Flood in Brevanne\nThe river rose. 2,000 people left.\n\nMore rain is due.",
            None,
            ["Flood in Brevanne", "The river rose.", "2,000 people left.", "More rain is due."],
        ),
    ],
)  # fmt: skip
def test_split_sentences(text: str, lang: str | None, expected: list[str]) -> None:
    assert texts(text, lang) == expected


def test_ordinals_split_elsewhere_than_german() -> None:
    # "zum 3. Mal" is an ordinal in German only; in English a number can end a sentence
    assert texts("The count reached 12. Officials left.", "en") == [
        "The count reached 12.",
        "Officials left.",
    ]
    assert len(texts("Es war zum 3. Mal so.", "de")) == 1


def test_a_stray_quote_does_not_stop_splitting() -> None:
    text = 'He said "stop. The police came. Then nothing happened.'
    assert texts(text, "en") == ['He said "stop.', "The police came.", "Then nothing happened."]


def test_spans_are_verbatim_offsets() -> None:
    text = "  The Ossel rose.   It flooded Brevanne!\n\n   Residents left. \n"
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["The Ossel rose.", "It flooded Brevanne!", "Residents left."]
    for span in spans:
        assert text[span.start : span.end] == span.text


# Pieces that exercise the rules (terminators, quotes, abbreviations, line breaks) among any text
_PIECES = st.one_of(
    st.sampled_from(
        [" ", ". ", "! ", "? ", "… ", "...", "\n", "\r\n", "\t", '"', "'", "«", "»", " » ",
         "„", "“", "”", "(", ")", "[", "]", "Mr.", "U.S.", "z. B.", "12.", "3.5", "J.", "m.in.",
         "The", "river", "Łódź", "ß", "\u00a0", "\u2028"]
    ),
    st.text(max_size=6),
)  # fmt: skip


@given(st.lists(_PIECES, max_size=80).map("".join), st.sampled_from([None, "en", "de", "fr", "pl"]))
def test_split_sentences_invariants(text: str, lang: str | None) -> None:
    spans = split_sentences(text, lang)
    previous_end = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text and span.text == span.text.strip()
        assert previous_end <= span.start < span.end
        previous_end = span.end
    # nothing but whitespace is left out
    covered = "".join(s.text for s in spans)
    assert "".join(text.split()) == "".join(covered.split())


# --- the story -------------------------------------------------------------------------------

GAZETTE = Source(
    "gazette-1",
    "en",
    "River Ossel floods Brevanne, 2,000 evacuated",
    "The river Ossel burst its banks in Brevanne on Tuesday night, forcing about 2,000 residents "
    "to leave their homes. Rescue teams in boats pulled 40 people from flooded houses near the old "
    "stone bridge, the town's fire service said. Mayor Helen Marchetti said the water had risen "
    "by three metres in less than six hours. Read more: our live coverage of the storms across "
    "the region this week. Is the town ready for the next flood, and who will pay for it?",
    T0,
    "Northfield Gazette",
)
# The same wire dispatch, lightly edited by another outlet
MERIDIAN = Source(
    "meridian-7",
    "en",
    "Brevanne flood: 2,000 residents evacuated",
    "The river Ossel burst its banks in Brevanne late on Tuesday, forcing about 2,000 residents "
    "to leave their homes. Rescue teams in boats pulled 40 people from flooded houses near the old "
    "stone bridge, the town's fire service said. Sign up for our newsletter to get the morning "
    "headlines in your inbox every day.",
    T0 + timedelta(hours=1),
    "Daily Meridian",
)
LEDGER = Source(
    "ledger-3",
    "en",
    "Brevanne wakes up under water after Ossel flood",
    "Floodwater from the Ossel covered the centre of Brevanne on Wednesday morning after a night "
    "of heavy rain across the valley. Two schools are being used as shelters for the families "
    "who had to leave their homes, officials said. Farmers downstream said the flood destroyed "
    "most of the spring crops in the valley.",
    T0 + timedelta(hours=3),
    "Evening Ledger",
)
COURRIER = Source(
    "courrier-2",
    "fr",
    "Crue de l'Ossel : 2 000 habitants évacués à Brevanne",
    "L'Ossel est sorti de son lit mardi soir à Brevanne, obligeant quelque 2 000 habitants à "
    "quitter leur domicile. Les pompiers ont secouru 40 personnes en bateau près du vieux pont "
    "de pierre, selon le service d'incendie. Lire aussi : les images de la crue dans toute la "
    "vallée de l'Ossel. La maire Helen Marchetti a annoncé l'ouverture de deux gymnases pour "
    "accueillir les sinistrés.",
    T0 + timedelta(hours=2),
    "Le Courrier de l'Ossel",
)
STORY = [GAZETTE, MERIDIAN, LEDGER, COURRIER]
BY_ID = {s.article_id: s for s in STORY}


def _source(sentence_id: str, sources: list[Source]) -> Source:
    return next(s for s in sources if s.article_id == sentence_id)


def test_sentences_are_verbatim_and_usable() -> None:
    summary = summarise(STORY, "en")
    assert 1 <= len(summary) <= 3
    for s in summary:
        source = BY_ID[s.article_id]
        assert source.text[s.start : s.end] == s.text
        assert s.lang == source.lang
        assert s.text == split_sentences(source.text, source.lang)[s.position].text
        assert usable(s.text, s.lang)


@pytest.mark.parametrize("wanted", [1, 2, 3])
def test_at_most_the_sentences_asked(wanted: int) -> None:
    summary = summarise(STORY, "en", sentences=wanted)
    assert len(summary) == wanted


def test_edition_language_is_preferred() -> None:
    assert {s.lang for s in summarise(STORY, "fr")} == {"fr"}
    assert {s.lang for s in summarise(STORY, "en")} == {"en"}


def test_other_languages_when_the_edition_language_has_no_source() -> None:
    summary = summarise(STORY, "pl")
    assert summary
    assert {s.lang for s in summary} <= {"en", "fr"}


def test_one_sentence_in_the_edition_language_is_too_few_for_more() -> None:
    lone = Source(
        "kurier-9",
        "pl",
        "Powódź w Brevanne",
        "Rzeka Ossel wylała we wtorek wieczorem w Brevanne, a z domów ewakuowano około dwóch "
        "tysięcy mieszkańców.",
        T0 + timedelta(hours=4),
        "Kurier Doliny",
    )
    stories = [*STORY, lone]
    assert [s.article_id for s in summarise(stories, "pl", sentences=1)] == ["kurier-9"]
    assert {s.lang for s in summarise(stories, "pl", sentences=3)} != {"pl"}


def test_wire_copies_are_not_repeated() -> None:
    summary = summarise([GAZETTE, MERIDIAN, LEDGER], "en", sentences=3)
    assert len(summary) >= 2
    freq = DocFreq(s.text for s in summary)
    for a, b in itertools.combinations(summary, 2):
        assert cosine(freq.vector(a.text), freq.vector(b.text)) < 0.6, (a.text, b.text)
    leads = {"gazette-1", "meridian-7"}
    assert sum(1 for s in summary if s.position == 0 and s.article_id in leads) == 1


def test_a_reprint_is_no_candidate_unless_it_is_the_only_voice() -> None:
    reprint = Source(
        MERIDIAN.article_id,
        MERIDIAN.lang,
        MERIDIAN.title,
        MERIDIAN.text,
        MERIDIAN.published,
        MERIDIAN.outlet,
        reprint=True,
    )
    with_originals = summarise([GAZETTE, reprint, LEDGER, COURRIER], "en", sentences=4)
    assert with_originals
    assert "meridian-7" not in {s.article_id for s in with_originals}
    alone_in_english = summarise([reprint, COURRIER], "en", sentences=2)
    assert {s.article_id for s in alone_in_english} == {"meridian-7"}


def test_boilerplate_questions_and_cut_leads_are_skipped() -> None:
    summary = summarise(STORY, None, sentences=4, max_chars=5000)
    chosen = " ".join(s.text for s in summary)
    assert "Read more" not in chosen
    assert "Sign up" not in chosen
    assert "Lire aussi" not in chosen
    assert "?" not in chosen


@pytest.mark.parametrize(
    "sentence",
    [
        "Read more: the river Ossel flooded Brevanne and its valley overnight.",
        "Czytaj także: rzeka Ossel zalała w nocy Brevanne i całą dolinę.",
        "Abonnez-vous pour lire la suite de cet article sur la crue de l'Ossel.",
        "Photo: Jan Aldren for the Northfield Gazette, taken near the old bridge.",
        "© 2026 Northfield Gazette. All rights reserved by the publishing group here.",
        "Who will pay for the damage caused by the flood in Brevanne this week?",
        "The river Ossel burst its banks in Brevanne on Tuesday night, forcing about...",
        "The river Ossel burst its banks in Brevanne on Tuesday night, forcing about […]",
        "The river Ossel burst its banks in Brevanne on Tuesday night, forcing about",
        "See the pictures of the flood at https://example.org/brevanne-flood today.",
        "THE RIVER OSSEL BURST ITS BANKS IN BREVANNE ON TUESDAY NIGHT.",
        "but the river Ossel burst its banks in Brevanne on Tuesday night.",
        "But the river Ossel burst its banks in Brevanne on Tuesday night.",
        "Mais l'Ossel est sorti de son lit mardi soir à Brevanne, dit-on.",
        '"and then the river Ossel burst its banks in Brevanne," she said.',
        "Contact the newsroom at desk@gazette-news.example.com with your flood pictures.",
        "The Ossel flooded Brevanne.",
    ],
)
def test_unusable_sentences(sentence: str) -> None:
    assert not usable(sentence, "pl" if "Czytaj" in sentence else None)


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("The river Ossel burst its banks in Brevanne on Tuesday night, forcing 2,000 out.", "en"),
        ("« Nous avons tout perdu en une nuit », a déclaré une habitante de Brevanne.", "fr"),
        ("A rescue team pulled 40 people from flooded houses near the old bridge.", "en"),
        ('"The water came at night and we had to run," said resident Tom Ardent.', "en"),
        ("2,000 people were evacuated from the old town of Brevanne on Tuesday night.", "en"),
        ("„Das Wasser kam in der Nacht“, sagte eine Bewohnerin aus Brevanne am Mittwoch.", "de"),
    ],
)
def test_usable_sentences(sentence: str, lang: str) -> None:
    assert usable(sentence, lang)


def test_nothing_usable_gives_nothing() -> None:
    cut = Source(
        "feed-1",
        "en",
        "Flood in Brevanne",
        "The river Ossel burst its banks in Brevanne on Tuesday night, forcing about 2,000 [...]",
        T0,
    )
    promo = Source("feed-2", "en", "Flood", "Subscribe now. Follow us for more!", T0)
    assert summarise([cut, promo], "en") == []
    assert summarise([], "en") == []


def test_the_lead_wins_at_equal_centrality() -> None:
    rescue = "Rescue teams pulled forty residents from flooded houses near the Brevanne bridge."
    weather = "Forecasters expect a dry and sunny weekend along most of the northern coast."
    # the same sentence, second in "a" (which would win a tie on ids) and first in "b"
    a = Source("a", "en", "Brevanne rescue", f"{weather} {rescue}", T0)
    b = Source("b", "en", "Brevanne rescue", rescue, T0)
    [chosen] = summarise([a, b], "en", sentences=1)
    assert (chosen.article_id, chosen.position, chosen.text) == ("b", 0, rescue)


def test_the_first_of_two_equal_sentences_is_chosen() -> None:
    first = "Rescue teams pulled forty residents from flooded houses near the Brevanne bridge."
    second = "Near the Brevanne bridge, rescue teams pulled forty residents from flooded houses."
    for x, y in [(first, second), (second, first)]:
        source = Source("one", "en", "Brevanne rescue", f"{x} {y}", T0)
        [chosen] = summarise([source], "en", sentences=1)
        assert (chosen.text, chosen.position) == (x, 0)


def test_at_most_two_sentences_of_one_article() -> None:
    summary = summarise([GAZETTE], "en", sentences=4, max_chars=5000)
    assert len(summary) == 2


def test_reading_order_follows_publication() -> None:
    summary = summarise(STORY, None, sentences=4, max_chars=5000)
    assert len(summary) >= 3
    keys = [(BY_ID[s.article_id].published, s.position) for s in summary]
    assert keys == sorted(keys)


def test_max_chars_but_never_empty() -> None:
    summary = summarise(STORY, "en", sentences=3, max_chars=250)
    assert sum(len(s.text) + 1 for s in summary) - 1 <= 250
    assert len(summarise(STORY, "en", sentences=3, max_chars=10)) == 1


def test_deterministic_under_reordering() -> None:
    expected = summarise(STORY, "en", sentences=3)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = STORY[:]
        rng.shuffle(shuffled)
        assert summarise(shuffled, "en", sentences=3) == expected


# --- meaning -------------------------------------------------------------------------------

POLISH = [
    Source(
        f"pl-{i}",
        "pl",
        title,
        text,
        T0 + timedelta(hours=i),
        f"Gazeta {i}",
    )
    for i, (title, text) in enumerate(
        [
            ("Powódź w Brevanne: rzeka Ossel wylała",
             "Rzeka Ossel wylała we wtorek w nocy w Brevanne i zalała centrum miasteczka. "
             "Strażacy ewakuowali około dwóch tysięcy mieszkańców z zalanych domów."),
            ("Woda zalała Brevanne, tysiące ewakuowanych",
             "Woda z rzeki Ossel zalała w nocy ulice Brevanne i zmusiła tysiące ludzi do "
             "ucieczki. Burmistrz miasta ogłosił stan klęski żywiołowej w całej dolinie."),
        ]
    )
]  # fmt: skip
SPORT = Source(
    "en-sport",
    "en",
    "Local derby postponed",
    "The weekend derby between the two local football clubs was postponed by the league "
    "organisers on Monday.",
    T0,
    "Valley Sports",
)
FLOOD_EN = Source(
    "en-flood",
    "en",
    "Valley under water",
    "Officials spoke to reporters on Wednesday morning at the town hall. They gave a short "
    "statement to the press about the night. A councillor thanked the volunteers for their long "
    "night of work. The water destroyed the spring harvest and left hundreds of families "
    "without shelter.",
    T0 + timedelta(hours=5),
    "Valley Post",
)
# Three meanings: the flood, football, anything else
_FLOOD_WORDS = ("water", "flood", "woda", "powódź", "wylała", "zalała", "ossel")
_SPORT_WORDS = ("football", "derby", "league")


def fake_meaning(batch: list[str]) -> NDArray[np.float32]:
    rows = []
    for text in batch:
        low = text.lower()
        row = [
            float(any(w in low for w in _FLOOD_WORDS)),
            float(any(w in low for w in _SPORT_WORDS)),
            0.1,
        ]
        rows.append(np.array(row) / np.linalg.norm(row))
    return np.array(rows, dtype=np.float32)


def test_meaning_judges_a_sentence_central_across_languages() -> None:
    sources = [*POLISH, SPORT, FLOOD_EN]
    # words alone: no English sentence shares words with the Polish story; the lead wins
    [by_words] = summarise(sources, "en", sentences=1)
    assert by_words.article_id == "en-sport"
    [by_meaning] = summarise(sources, "en", sentences=1, meaning=fake_meaning)
    assert by_meaning.article_id == "en-flood"
    assert by_meaning.text.startswith("The water destroyed")


def test_meaning_skips_translations_of_a_chosen_sentence() -> None:
    def same_meaning(batch: list[str]) -> NDArray[np.float32]:
        rows = np.ones((len(batch), 4), dtype=np.float32)
        return rows / 2.0

    summary = summarise([GAZETTE, COURRIER], None, sentences=3, meaning=same_meaning)
    assert len(summary) == 1
    assert len(summarise([GAZETTE, COURRIER], None, sentences=3)) > 1
