"""Copies: reprints of one text group together, different texts stay apart, originals are chosen."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from alaune.group.dedup import (
    CopyGroup,
    CopyIndex,
    CopyItem,
    group_copies,
    jaccard,
    reprint_of,
    shingles,
    words,
)

T0 = datetime(2025, 3, 14, 6, 0, tzinfo=UTC)

# Invented stories, written for these tests.
FERRY_EN = """By Martha Keel, Harbour Correspondent
The regional ferry operator suspended all crossings to the northern islands on Thursday after a
routine inspection found cracks in the loading ramp at the main terminal, stranding several
hundred travellers on the eve of the spring festival.
Engineers from the port authority said the damage was discovered during a scheduled check and
that repairs could take between four and six days, depending on the delivery of replacement steel
plates from the mainland.
The operator said it would charter two smaller passenger boats to carry residents with medical
appointments and essential workers, but that vehicles and freight would have to wait until the
ramp reopened.
Local shopkeepers on the islands warned that fresh produce could run short by the weekend, and
the island council asked the regional government to fund an emergency supply flight.
A spokeswoman for the operator apologised for the disruption and promised refunds for every
cancelled ticket, adding that safety had to come first."""

FERRY_EN_REPRINT = (
    FERRY_EN.replace(
        "By Martha Keel, Harbour Correspondent", "From staff and agency reports | Updated 09:40"
    )
    + """
The festival organisers said on Thursday evening that the opening parade would be postponed by a
week so that visitors stuck on the mainland could still attend, and that tickets already sold
would remain valid."""
)

VIGNES_FR = """Par Hélène Vautrin, correspondante à Mâcon
Les vignerons de la côte mâconnaise ont commencé les vendanges avec près de deux semaines d'avance
cette année, après un été marqué par une chaleur persistante et des orages de grêle qui ont touché
plusieurs parcelles au nord de la commune.
Selon le syndicat viticole, les rendements devraient être inférieurs d'environ un quart à ceux de
l'an dernier, mais la qualité des raisins récoltés jusqu'ici est jugée excellente par les
œnologues de la cave coopérative.
Plusieurs domaines ont dû faire appel à des saisonniers venus d'autres régions, faute de
main-d'œuvre locale disponible à cette période de l'année, et certains exploitants ont choisi de
vendanger la nuit pour préserver la fraîcheur des grappes.
La chambre d'agriculture a annoncé une réunion publique la semaine prochaine pour évoquer les
aides prévues en cas de pertes liées à la grêle, ainsi que les assurances récoltes.
Le maire a salué le travail des équipes et espère que la fête des vendanges attirera autant de
visiteurs que l'an passé."""

VIGNES_FR_REPRINT = (
    VIGNES_FR.replace(
        "Par Hélène Vautrin, correspondante à Mâcon", "La rédaction avec AFP - publié à 11 h 05"
    )
    + """
Dans la commune voisine, les producteurs de crémant ont eux aussi avancé leur calendrier et
prévoient de terminer la récolte avant la fin du mois, si la météo reste clémente."""
)

FOOTER = (
    "Our journalism is funded by readers like you and we never put it behind a paywall. "
    "Sign up for the morning briefing to get the day's main stories delivered to your inbox."
)

BRIDGE = """The city council voted on Tuesday to close the old river bridge to cars from next
month, after an engineering report found that two of its supporting piers had shifted during the
winter floods. Buses and bicycles will still be allowed to cross, but delivery lorries will be
sent on a ten kilometre detour through the industrial estate. Traders on the east bank said they
feared losing customers and asked for free parking near the market square during the works. The
council said it expected the repairs to last until the autumn and would publish a timetable once
contractors had been chosen."""

ORCHESTRA = """The youth orchestra of the valley will tour four countries this summer, its
director announced at a concert on Saturday night, the first time the ensemble has performed
abroad since it was founded twelve years ago. Sixty musicians aged between fourteen and
twenty-one will travel by coach and play in churches, town halls and one open-air festival. Parents
have raised most of the money through bake sales and a sponsored walk, and a local bank has paid
for the instruments to be insured. The programme includes a new piece written by a former member
of the orchestra who now studies composition."""


def item(
    item_id: str,
    text: str,
    hours: float | None = 0,
    *,
    is_wire: bool = False,
) -> CopyItem:
    published = None if hours is None else T0 + timedelta(hours=hours)
    return CopyItem(item_id, text, published, outlet=f"outlet-{item_id}", is_wire=is_wire)


def as_sets(groups: list[CopyGroup]) -> set[frozenset[str]]:
    return {frozenset(g.members) for g in groups}


@pytest.mark.parametrize(("original", "reprint"), [(FERRY_EN, FERRY_EN_REPRINT),
                                                   (VIGNES_FR, VIGNES_FR_REPRINT)])  # fmt: skip
def test_reprint_with_new_byline_and_paragraph_is_a_copy(original: str, reprint: str) -> None:
    # The edit is real: not the same words, and well short of identical shingles.
    similarity = jaccard(shingles(words(original)), shingles(words(reprint)))
    assert 0.5 <= similarity < 0.9
    groups = group_copies([item("a", original, 0), item("b", reprint, 3), item("c", BRIDGE, 1)])
    assert groups == [CopyGroup("a", ("a", "b")), CopyGroup("c", ("c",))]
    assert reprint_of(groups) == {"b": "a"}


def test_stories_sharing_a_footer_are_not_copies() -> None:
    bridge, orchestra = f"{BRIDGE}\n{FOOTER}", f"{ORCHESTRA}\n{FOOTER}"
    # The footer is shared shingles, but far from half of them.
    assert 0.0 < jaccard(shingles(words(bridge)), shingles(words(orchestra))) < 0.2
    groups = group_copies([item("a", bridge), item("b", orchestra)])
    assert as_sets(groups) == {frozenset({"a"}), frozenset({"b"})}
    assert reprint_of(groups) == {}


def test_a_pair_below_the_threshold_never_joins() -> None:
    # Half the story cut and other text put in its place: LSH may propose the pair, the exact
    # Jaccard check must refuse it.
    half = FERRY_EN[: len(FERRY_EN) // 2]
    other = half + "\n" + ORCHESTRA
    similarity = jaccard(shingles(words(FERRY_EN)), shingles(words(other)))
    assert 0.2 < similarity < 0.5
    assert len(group_copies([item("a", FERRY_EN), item("b", other)])) == 2
    assert len(group_copies([item("a", FERRY_EN), item("b", other)], threshold=0.2)) == 1


def test_the_wire_copy_is_the_original_even_when_later() -> None:
    reprint = item("a-paper", FERRY_EN_REPRINT, 1)
    wire = item("z-agency", FERRY_EN, 5, is_wire=True)
    undated = item("0-undated", FERRY_EN, None)
    groups = group_copies([reprint, wire, undated])
    assert groups == [CopyGroup("z-agency", ("0-undated", "a-paper", "z-agency"))]
    assert reprint_of(groups) == {"a-paper": "z-agency", "0-undated": "z-agency"}


def test_without_a_wire_copy_the_earliest_is_the_original() -> None:
    early, late = item("b", FERRY_EN_REPRINT, 1), item("a", FERRY_EN, 4)
    undated = item("0", FERRY_EN, None)  # no date: never preferred over a dated copy
    assert group_copies([late, undated, early]) == [CopyGroup("b", ("0", "a", "b"))]
    # A tie on the time goes to the smallest id; naive times count as UTC.
    naive = CopyItem("c", FERRY_EN, datetime(2025, 3, 14, 7, 0))
    assert group_copies([naive, early]) == [CopyGroup("b", ("b", "c"))]
    assert group_copies([item("d", FERRY_EN, 1), early])[0].original == "b"


def test_exact_copies_differ_only_in_spacing_case_and_punctuation() -> None:
    messy = FERRY_EN.upper().replace(" ", "  \n ").replace(",", " ,").replace(".", "!")
    short = "Ferry crossings suspended after ramp cracks found"
    short_messy = "  FERRY crossings — suspended after ramp-cracks found!  "
    groups = group_copies(
        [item("a", FERRY_EN), item("b", messy, 2), item("c", short), item("d", short_messy, -1)]
    )
    assert as_sets(groups) == {frozenset({"a", "b"}), frozenset({"c", "d"})}
    assert reprint_of(groups) == {"b": "a", "c": "d"}


def test_short_texts_only_group_when_identical() -> None:
    titles = [
        item("a", "Storm closes northern ferry routes"),
        item("b", "Storm closes northern ferry routes today"),
        item("c", "Storm closes northern ferry routes."),
        item("d", "Police said on Monday that the suspect"),
        item("e", "Police said on Monday that the victim"),
    ]
    # Half their shingles are shared: long texts this alike would be copies.
    for x, y in [(0, 1), (3, 4)]:
        shared = jaccard(shingles(words(titles[x].text)), shingles(words(titles[y].text)))
        assert shared == 0.5
    groups = group_copies(titles)
    assert as_sets(groups) == {frozenset({"a", "c"}), frozenset({"b"}), frozenset({"d"}),
                               frozenset({"e"})}  # fmt: skip


def test_empty_texts_are_copies_of_nothing() -> None:
    groups = group_copies([item("a", ""), item("b", " … "), item("c", "")])
    assert len(groups) == 3
    assert len(shingles([])) == 0


def corpus() -> list[CopyItem]:
    """Copies, near copies and strangers, with times and a wire copy."""
    texts = [FERRY_EN, VIGNES_FR, BRIDGE, ORCHESTRA]
    edits = [FERRY_EN_REPRINT, VIGNES_FR_REPRINT, f"{BRIDGE}\n{FOOTER}", f"{ORCHESTRA}\n{FOOTER}"]
    items = []
    for n, (text, edit) in enumerate(zip(texts, edits, strict=True)):
        items += [
            item(f"{n}-orig", text, n),
            item(f"{n}-edit", edit, n + 0.5),
            item(f"{n}-same", text.lower(), n - 0.5),
            item(f"{n}-wire", edit, n + 2, is_wire=n % 2 == 0),
            item(f"{n}-title", text.split("\n")[0][:30], n),
        ]
    return items


def test_grouping_does_not_depend_on_input_order() -> None:
    items = corpus()
    expected = group_copies(items)
    # Each story's copies are one group; the titles stay alone.
    assert sorted(len(g.members) for g in expected) == [1] * 4 + [4] * 4
    assert reprint_of(expected)["0-orig"] == "0-wire"
    assert reprint_of(expected)["1-orig"] == "1-same"
    rng = random.Random(5)
    for _ in range(10):
        shuffled = items[:]
        rng.shuffle(shuffled)
        assert group_copies(shuffled) == expected


def test_streaming_index_gives_the_groups_of_group_copies() -> None:
    items = sorted(corpus(), key=lambda i: (i.published or T0, i.id))
    index = CopyIndex()
    answers = {i.id: index.add(i) for i in items}
    assert index.groups() == group_copies(items)
    assert len(index) == len(items) and "2-edit" in index
    # In time order the first of the group is the answer until the wire copy arrives.
    assert answers["0-orig"] == "0-same" and answers["0-edit"] == "0-same"
    assert answers["0-wire"] == "0-wire" and index.original_of("0-same") == "0-wire"
    assert answers["3-edit"] == "3-same"  # an added footer is an edit like any other
    with pytest.raises(ValueError, match="already"):
        index.add(items[0])
