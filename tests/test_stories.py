"""Stories: reports of one event grouped across outlets, languages and days.

The reports below are written for these tests (invented events, real-world style). The eval gate
runs on the shared labelled day and skips when ../shared is absent.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from alaune.eval.clusters import load_story_day, score_table
from alaune.eval.stories import evaluate, predict
from alaune.group.features import DocFreq
from alaune.group.items import parse_items
from alaune.group.placement import cluster
from alaune.group.stories import StoryIndex, StoryItem, story_id
from alaune.ingest.lines import ItemsError
from alaune.ingest.urls import canonical_url
from alaune.model import Article
from alaune.pipeline.stories import group_stored
from alaune.store import Store
from tests.conftest import shared_path

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)

FLOOD = [
    ("fr", "Inondations à Valence : la ville évacue trois quartiers près du fleuve",
     "La mairie de Valence a ordonné mardi l'évacuation de trois quartiers après la crue "
     "soudaine du Turia, qui a atteint quatre mètres en une nuit."),
    ("de", "Hochwasser in Valencia: Stadt evakuiert drei Viertel am Fluss",
     "Die Stadtverwaltung von Valencia hat am Dienstag drei Stadtviertel räumen lassen, "
     "nachdem der Turia über Nacht auf vier Meter angestiegen war."),
    ("en", "Valencia evacuates three districts as Turia river floods",
     "Valencia city hall ordered three neighbourhoods evacuated on Tuesday after the Turia "
     "river rose four metres overnight."),
]  # fmt: skip
STRIKE = [
    ("fr", "Grève des contrôleurs aériens : Lisbonne annule 300 vols",
     "L'aéroport de Lisbonne a annulé mercredi 300 vols en raison d'une grève des contrôleurs "
     "aériens portugais qui réclament des hausses de salaire."),
    ("de", "Fluglotsenstreik: Lissabon streicht 300 Flüge",
     "Der Flughafen Lissabon hat am Mittwoch 300 Flüge gestrichen, weil die portugiesischen "
     "Fluglotsen für höhere Löhne streiken."),
]  # fmt: skip
# Same topic as FLOOD (floods in Spain), another event: a different city, river and day.
OTHER_FLOOD = (
    "en",
    "Seville farmers count losses after Guadalquivir bursts its banks",
    "Farmers near Seville said on Friday that the Guadalquivir flood destroyed the orange "
    "harvest on 2,000 hectares, a week after heavy rain in Andalusia.",
)


def _items(rows: list[tuple[str, str, str]], start: datetime, prefix: str) -> list[StoryItem]:
    return [
        StoryItem(f"{prefix}{n}", title, text, start + timedelta(minutes=17 * n), lang)
        for n, (lang, title, text) in enumerate(rows)
    ]


def test_reports_in_three_languages_of_one_event_make_one_story() -> None:
    items = _items(FLOOD, T0, "flood") + _items(STRIKE, T0 + timedelta(hours=1), "strike")
    items.append(StoryItem("other", OTHER_FLOOD[1], OTHER_FLOOD[2], T0 + timedelta(hours=3)))
    stories = cluster(items)
    assert len({stories[f"flood{n}"] for n in range(3)}) == 1
    assert stories["strike0"] == stories["strike1"]
    assert stories["strike0"] != stories["flood0"]
    # the same topic is not the same story
    assert stories["other"] not in {stories["flood0"], stories["strike0"]}


def test_grouping_is_deterministic_whatever_the_input_order() -> None:
    items = _items(FLOOD, T0, "f") + _items(STRIKE, T0, "s")
    first = cluster(items)
    shuffled = items[:]
    random.Random(4).shuffle(shuffled)
    assert cluster(shuffled) == first
    # a story's id comes from its first report
    assert first["f0"] == story_id("f0")


def test_a_copy_joins_its_originals_story() -> None:
    items = _items(FLOOD[:1], T0, "a") + _items(STRIKE[:1], T0, "b")
    reprint = StoryItem("copy", STRIKE[0][1], STRIKE[0][2], T0 + timedelta(hours=2), "fr")
    stories = cluster([*items, reprint], copies={"copy": "a0"})
    assert stories["copy"] == stories["a0"]


def test_a_story_closes_after_its_window() -> None:
    first = _items(FLOOD[:1], T0, "early")
    late = _items(FLOOD[2:], T0 + timedelta(days=6), "late")
    stories = cluster(first + late)
    assert stories["early0"] != stories["late0"]


def _article(n: int, lang: str, title: str, text: str, when: datetime) -> Article:
    return Article(
        url=f"https://news{n}.example/{lang}/{n}",
        origin="feed",
        title=title,
        summary=text,
        language=lang,
        outlet=f"News {n}",
        published_at=when,
    )


def test_stored_stories_continue_the_next_day_with_the_same_id(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        for n, (lang, title, text) in enumerate(FLOOD[:2]):
            store.articles.upsert(_article(n, lang, title, text, T0 + timedelta(minutes=n)))
        first = group_stored(store)
        assert (first.placed, first.new_stories) == (2, 1)
        day_one = store.stories.sizes()
        assert list(day_one.values()) == [2]
        (sid,) = day_one

        # the next day: an English follow-up and an unrelated report
        lang, title, text = FLOOD[2]
        store.articles.upsert(_article(7, lang, title, text, T0 + timedelta(days=1)))
        lang, title, text = STRIKE[0]
        store.articles.upsert(_article(8, lang, title, text, T0 + timedelta(days=1, hours=1)))
        second = group_stored(store)
        assert (second.placed, second.new_stories, second.continued) == (2, 1, 1)
        assert store.stories.sizes()[sid] == 3
        # a re-run has nothing left to place and changes nothing
        assert group_stored(store).placed == 0
        assert store.stories.sizes()[sid] == 3
        assert store.integrity_ok()


def test_a_reprint_in_the_store_is_recorded_as_a_copy(tmp_path: Path) -> None:
    lang, title, text = FLOOD[2]
    with Store(tmp_path / "c.db") as store:
        store.articles.upsert(_article(1, lang, title, text, T0))
        store.articles.upsert(_article(2, lang, title, text + " (AP)", T0 + timedelta(hours=1)))
        report = group_stored(store)
        assert (report.placed, report.new_stories, report.copies) == (2, 1, 1)
        counts = store.stats.summary()["stories"]
        assert counts == {
            "total": 1,
            "with_several_reports": 1,
            "merged_into_another": 0,
            "reports_in_stories": 2,
            "reprints": 1,
        }


def test_items_file_errors_name_the_line() -> None:
    good = json.dumps({"id": "a", "title": "T", "published": "2026-03-10T08:00:00Z"})
    with pytest.raises(ItemsError, match="line 2: not JSON"):
        parse_items([good, "{oops"])
    with pytest.raises(ItemsError, match='line 1: "published" is missing'):
        parse_items([json.dumps({"id": "a", "title": "T"})])
    with pytest.raises(ItemsError, match="appears twice"):
        parse_items([good, good])
    (item,) = parse_items([json.dumps({"id": 3, "text": "x", "published": "2026-03-10T08:00"})])
    assert item.id == "3" and item.published.tzinfo is not None


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]
)
def test_an_item_with_an_impossible_time_is_refused_naming_its_line(when: str) -> None:
    good = json.dumps({"id": "a", "title": "T", "published": "2026-03-10T08:00:00Z"})
    bad = json.dumps({"id": "b", "title": "T", "published": when})
    with pytest.raises(ItemsError, match=r'line 2: "published" .* cannot be a publication time'):
        parse_items([good, bad])


def test_a_stored_report_dated_in_year_one_is_placed_and_blocks_nothing(tmp_path: Path) -> None:
    # such rows were stored before JSONL times were checked; stories then failed for good
    # (OverflowError in the held window's arithmetic)
    with Store(tmp_path / "a.db") as store:
        for n, (lang, title, text) in enumerate(FLOOD[:2]):
            store.articles.upsert(_article(n, lang, title, text, T0 + timedelta(minutes=n)))
        lang, title, text = STRIKE[0]
        store.articles.upsert(_article(5, lang, title, text, datetime(1, 1, 1, tzinfo=UTC)))
        report = group_stored(store)
        assert (report.placed, report.new_stories) == (3, 2)
        assert sorted(store.stories.sizes().values()) == [1, 2]
        assert store.integrity_ok()


def test_cluster_command_writes_one_line_per_item(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    rows = [
        {"id": f"i{n}", "title": title, "text": text, "lang": lang,
         "published": (T0 + timedelta(minutes=n)).isoformat()}
        for n, (lang, title, text) in enumerate(FLOOD + STRIKE)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "alaune", "cluster", "--input", str(path), "--format", "tsv"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = [line.split("\t") for line in proc.stdout.splitlines()]
    assert [i for i, _ in lines] == [r["id"] for r in rows]
    assert len({s for _, s in lines[:3]}) == 1 and lines[3][1] == lines[4][1] != lines[0][1]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "alaune", "cluster", "--input", str(bad)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1 and "line 1" in proc.stderr and "Traceback" not in proc.stderr


# The floors over every shared labelled day, mean and worst (the grouping is judged by both,
# never by one day). Measured through the stored path `alaune run` takes, at the commit that
# made eval go through it: B3 F1 .867 .849 .896 .902 .919 .911 (mean .891, worst .849), pairwise
# F1 .576 .402 .379 .373 .554 .743 (mean .505, worst .373). The thresholds were tuned on
# 2023-12-12 alone, before the other days were labelled. Raise the floors as the grouping
# improves on days it was not fitted on; lowering one needs a reason in the commit message.
FLOORS = {
    "bcubed_F1": {"mean": 0.89, "worst": 0.845},
    "pair_F1": {"mean": 0.50, "worst": 0.37},
}


def labelled_days() -> list[Path]:
    days = sorted(p for p in shared_path("data/stories").iterdir() if p.is_dir())
    assert len(days) >= 6, "the six shared labelled days are expected"
    return days


def test_eval_gate_over_every_shared_day() -> None:
    scores = {day.name: evaluate(day)["alaune"] for day in labelled_days()}
    below = {}
    for metric, floor in FLOORS.items():
        values = [s[metric] for s in scores.values()]
        got = {"mean": sum(values) / len(values), "worst": min(values)}
        below |= {f"{metric} {k}": round(got[k], 4) for k in floor if got[k] < floor[k]}
    per_day = {d: (round(s["bcubed_F1"], 3), round(s["pair_F1"], 3)) for d, s in scores.items()}
    assert not below, f"under the floors {FLOORS}: {below}; per day (B3, pair): {per_day}"


def test_the_offline_grouping_is_the_stored_paths() -> None:
    """`alaune cluster` (items in memory) and the stored path (`alaune run`) are one placement:
    the same partition of a labelled day."""
    day = labelled_days()[-1]
    rows, gold = load_story_day(day)
    items = [
        StoryItem(
            r["id"], r["title"], r["text"], datetime.fromisoformat(r["published"]), r["lang"],
            r["outlet"], canonical_url(r["url"]),
        )
        for r in rows
    ]  # fmt: skip
    stored, _ = predict(day)
    offline = cluster(items)
    assert partition(offline) == partition(stored)
    again = score_table(gold, offline, {r["id"]: r["lang"] for r in rows})
    assert again["bcubed_F1"] == pytest.approx(evaluate(day)["alaune"]["bcubed_F1"])


def partition(assignment: dict[str, str]) -> set[frozenset[str]]:
    """The groups of an assignment, whatever their ids."""
    groups: dict[str, set[str]] = {}
    for item, story in assignment.items():
        groups.setdefault(story, set()).add(item)
    return {frozenset(g) for g in groups.values()}


def test_a_report_close_to_two_stories_merges_them_and_the_younger_id_redirects(
    tmp_path: Path,
) -> None:
    x, y = np.zeros(512, dtype=np.float32), np.zeros(512, dtype=np.float32)
    x[0], y[1] = 1.0, 1.0
    both = (x + y) / np.sqrt(2)
    texts = {
        "a": "Harbour cranes halted in Antwerp by dockworkers",
        "b": "Rotterdam pilots refuse night shifts at the port",
        "c": "Antwerp dockworkers and Rotterdam pilots join forces in one port strike",
    }
    index = StoryIndex(DocFreq(texts.values()))
    sa = index.add(StoryItem("a", texts["a"], "", T0), x)
    sb = index.add(StoryItem("b", texts["b"], "", T0 + timedelta(hours=1)), y)
    assert sa != sb
    sc = index.add(StoryItem("c", texts["c"], "", T0 + timedelta(hours=2)), both)
    assert sc == sa and index.resolve(sb) == sa and index.merges == [(sb, sa)]

    # in the store: members move, the merged id redirects, sizes add up
    with Store(tmp_path / "m.db") as store:
        for n, key in enumerate("ab"):
            store.articles.upsert(_article(n, "en", texts[key], "", T0 + timedelta(hours=n)))
        group_stored(store)
        first, second = sorted(store.stories.sizes())
        with store.transaction():
            store.stories.merge(second, first)
        assert store.stories.sizes() == {first: 2}
        assert store.stories.resolve(second) == first
        assert all(store.stories.of_article(i) == first for i in (1, 2))
        assert store.integrity_ok()


def test_embeddings_from_a_pool_of_processes_equal_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import alaune.group.features as features

    texts = [f"{title}. {text}" for _, title, text in FLOOD + STRIKE] * 4
    monkeypatch.setattr(features, "POOL_MIN_TEXTS", 10)
    monkeypatch.setattr(features, "_CHUNK", 6)
    alone = features.Embedder().encode(texts)
    pooled = features.Embedder(workers=2).encode(texts)
    assert pooled.shape == (len(texts), 512)
    assert np.array_equal(pooled, alone)


def test_archive_to_stories_end_to_end(tmp_path: Path) -> None:
    """WARC pages in, extracted, grouped: every extracted page is in exactly one story, and a
    second run changes nothing."""
    warcs = sorted(shared_path("data/warc").glob("*.warc.gz"))[:2]
    db = str(tmp_path / "e2e.db")

    def alaune(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "alaune", *args, "--db", db],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    alaune("ingest", "--warc", *map(str, warcs))
    alaune("extract")
    out = alaune("stories", "--workers", "1")
    assert "reports placed" in out
    stats = json.loads(alaune("stats", "--json"))
    placed = stats["stories"]["reports_in_stories"]
    assert placed == stats["articles"]["total"] - stats["articles"]["by_status"].get("failed", 0)
    assert 0 < stats["stories"]["total"] <= placed
    assert "nothing to group" in alaune("stories")
    assert json.loads(alaune("stats", "--json"))["stories"] == stats["stories"]


def test_regional_language_tags_are_one_language() -> None:
    index = StoryIndex(DocFreq())
    assert index._lang("en-US") == index._lang("en") == index._lang("EN_gb") != index._lang("pl")
    assert index._lang(None) == index._lang("") == 0


def test_a_report_naming_a_storys_own_name_joins_it_on_less_evidence() -> None:
    # three reports of one government's formation, all naming its leader; a fourth naming him
    # on another angle of the event (a minister's portrait) is not as close, yet joins
    texts = {
        "a": "Parliament elects Okonkwo as prime minister after a long night vote",
        "b": "Prime minister Okonkwo presents his cabinet to the parliament",
        "c": "Markets welcome the new government of Okonkwo and its budget plans",
        "d": "The new farm minister picked by Okonkwo grew up on a cocoa estate",
        "e": "The new farm minister grew up on a cocoa estate, says her biography",
        "f": "Fishermen in the south strike against the fuel prices",
    }
    docfreq = DocFreq(texts.values())
    assert docfreq.is_name("okon") and not docfreq.is_name("mini")
    index = StoryIndex(docfreq)
    x, y, other = np.eye(3, 512, dtype=np.float32)
    story = {k: index.add(StoryItem(k, texts[k], "", T0 + timedelta(hours=n)), x) for n, k in
             enumerate("abc")}  # fmt: skip
    assert len(set(story.values())) == 1
    index.add(StoryItem("f", texts["f"], "", T0 + timedelta(hours=3)), y)
    angle = (0.45 * x + np.sqrt(1 - 0.45**2) * other).astype(np.float32)  # cosine 0.45 with x
    when = T0 + timedelta(hours=4)
    ranked = index.ranked(docfreq.vector(texts["d"]), angle, when, None)
    top, margin, relief = ranked[0]
    assert top == story["a"] and margin < 0 <= margin + relief
    # the same angle without the name: no relief, too far to join
    unnamed = index.ranked(docfreq.vector(texts["e"]), angle, when, None)
    assert unnamed[0][0] == story["a"] and unnamed[0][1] < 0 and unnamed[0][2] == 0
    assert index.add(StoryItem("d", texts["d"], "", when), angle) == story["a"]
    # once its reports have left the window, the story owns no name any more
    later = T0 + timedelta(days=4)
    assert all(r[2] == 0 for r in index.ranked(docfreq.vector(texts["d"]), angle, later, None))


def test_a_name_is_a_word_written_with_a_capital_inside_sentences() -> None:
    docfreq = DocFreq(["Rain in Gdańsk. Rain again", "The mayor of Gdańsk said rain would stop"])
    assert docfreq.is_name("gdan")
    # "Rain" opens sentences only, and is written "rain" inside one
    assert not docfreq.is_name("rain")
    assert not DocFreq(["大雨で東京の電車が止まった"]).is_name("大雨で東")


def test_day_out_validation_never_scores_a_day_with_settings_chosen_on_it() -> None:
    from alaune.eval import cv
    from alaune.group.features import Embedder
    from alaune.group.stories import Settings

    embedder = Embedder()
    days = [cv.load_day(d, embedder) for d in labelled_days()]
    grid = [Settings(), Settings(threshold=0.46, cross_threshold=0.38)]
    v = cv.validate(days, grid)
    table = [[cv.objective(cv.score(day, s)) for day in days] for s in grid]
    for held, chosen in enumerate(v.chosen):
        others = [d for d in range(len(days)) if d != held]
        means = [sum(row[d] for d in others) / len(others) for row in table]
        assert chosen == grid[means.index(max(means))]
        assert v.scores[held] == cv.score(days[held], chosen)
    assert v.unfitted[0] == cv.score(days[0], Settings())
    assert "| mean |" in cv.format_validation(v) and "| worst |" in cv.format_validation(v)


def test_eval_stories_cv_needs_three_days(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "alaune", "eval", "stories", "--cv", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1 and "3 or more" in proc.stderr and "Traceback" not in proc.stderr


def test_a_merge_made_as_the_index_is_rebuilt_is_kept() -> None:
    """The placer rebuilds its index from the window's reports when it holds too many: a merge
    made by the report that triggers the rebuild still redirects the merged story."""
    from alaune.group.placement import Placer
    from alaune.group.stories import Settings

    vectors = np.eye(512, dtype=np.float32)
    texts = {
        "a": "Harbour cranes halted in Antwerp by dockworkers",
        "b": "Rotterdam pilots refuse night shifts at the port",
        "c": "Antwerp dockworkers and Rotterdam pilots join forces in one port strike",
    }
    old = [f"Unrelated item number {n} about gardening tools" for n in range(4)]
    placer = Placer(DocFreq([*texts.values(), *old]), {}, Settings(window=timedelta(hours=1)), 6)
    for n, title in enumerate(old):  # out of the window by the time a, b and c come
        placer.place(StoryItem(f"old{n}", title, "", T0 - timedelta(hours=5)), vectors[10 + n])
    sa = placer.place(StoryItem("a", texts["a"], "", T0), vectors[0]).story
    sb = placer.place(StoryItem("b", texts["b"], "", T0 + timedelta(minutes=10)), vectors[1]).story
    rows = placer.index.rows
    both = (vectors[0] + vectors[1]) / np.sqrt(2)
    c = placer.place(StoryItem("c", texts["c"], "", T0 + timedelta(minutes=20)), both)
    assert placer.index.rows < rows + 1  # the index was rebuilt by c's placement
    assert c.merges == ((sb, sa),) and c.story == sa
    assert placer.resolve(sb) == sa
