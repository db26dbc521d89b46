"""The edition: items files in, ranked stories told faithfully out, in text, JSON and HTML."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import escape

from alaune.config import Options
from alaune.eval.edition import evaluate, unfaithful
from alaune.ingest.jsonl import parse_jsonl
from alaune.ingest.lines import ItemsError
from alaune.pipeline.edition import build_edition
from alaune.pipeline.extract import extract_stored
from alaune.pipeline.ingest import feed_source, ingest_feeds, store_articles
from alaune.pipeline.report import IngestReport
from alaune.pipeline.stories import group_stored
from alaune.publish.html import to_html
from alaune.publish.text import to_text
from alaune.records import Edition
from alaune.store import Store
from tests.conftest import shared_path
from tests.support.feedserver import FeedServer, have_day

CLI = [sys.executable, "-c", "from alaune.cli import main; main()"]
T0 = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)


def item(n: int, outlet: str, title: str, text: str, lang: str = "en", hours: float = 0) -> str:
    return json.dumps({
        "id": str(n), "outlet": outlet, "lang": lang, "title": title, "text": text,
        "published": (T0 + timedelta(hours=hours)).isoformat(),
        "url": f"https://{outlet.lower().replace(' ', '')}.example/{n}",
    })  # fmt: skip


# Two events told by several outlets, one told by one outlet only, and a weather forecast.
FLOOD = [
    ("Harbour Post", "Flood forces Valmorin to evacuate 3,000 residents",
     "Rising water from the Lisse river forced the town of Valmorin to evacuate 3,000 residents "
     "on Tuesday. “We have never seen the river this high,” the mayor, Ana Ferreira, said."),
    ("Daily Ledger", "Valmorin evacuates thousands as the Lisse bursts its banks",
     "The Lisse river burst its banks overnight and Valmorin ordered 3,000 people to leave. "
     "Rescue teams used boats to reach the old town."),
    ("Le Courrier", "Crue de la Lisse : Valmorin évacue 3 000 habitants",
     "La crue de la Lisse a contraint Valmorin à évacuer 3 000 habitants mardi. « Nous n'avons "
     "jamais vu le fleuve aussi haut », a déclaré la maire, Ana Ferreira.", "fr"),
    ("Evening Star", "Valmorin flood: 3,000 residents leave as the Lisse rises",
     "About 3,000 residents of Valmorin left their homes on Tuesday as the Lisse river rose."),
]  # fmt: skip
STRIKE = [
    ("Harbour Post", "Dock workers strike halts the port of Brenmouth",
     "A strike by dock workers halted all cargo traffic at the port of Brenmouth on Tuesday."),
    ("Daily Ledger", "Brenmouth port at a standstill as dock workers walk out",
     "Dock workers walked out at Brenmouth, leaving cargo ships waiting off the port."),
]  # fmt: skip
ALONE = ("Evening Star", "Local bakery wins a regional award", "The bakery won a prize.")
WEATHER = [("Harbour Post", "Weather forecast: sun after the rain", "Sunny spells tomorrow."),
           ("Daily Ledger", "Weather forecast: a bright weekend", "Dry and bright.")]  # fmt: skip


def day_items() -> list[str]:
    rows = [*FLOOD, *STRIKE, ALONE, *WEATHER]
    return [item(n, r[0], r[1], r[2], *(r[3:] or ["en"]), hours=n * 0.5)
            for n, r in enumerate(rows)]  # fmt: skip


@pytest.fixture
def edition_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "e.db")
    store_articles(store, parse_jsonl(day_items()), IngestReport())
    group_stored(store)
    return store


def test_an_edition_ranks_tells_and_sets_aside(edition_store: Store) -> None:
    with edition_store as store:
        edition = build_edition(store, T0.date(), "en", top=5)
        stories = edition.stories
        # the flood (4 outlets, 2 languages) before the strike (2 outlets); the bakery (one
        # outlet) and the weather (not news) are set aside with their reasons
        assert [len(s.articles) for s in stories] == [4, 2]
        assert edition.stories_dropped == {"single_outlet": 1, "weather": 1}
        flood = stories[0]
        assert flood.headline.lang == "en" and "Valmorin" in flood.headline.text
        assert flood.score.counts["independent_outlets"] == 4
        assert flood.score.counts["languages"] == 2
        assert flood.score.total > stories[1].score.total
        assert 1 <= len(flood.summary) <= 3
        assert all(not s.original_language for s in flood.summary)
        assert {q.speaker for q in flood.quotes} >= {"Ana Ferreira"}
        facts = flood.key_facts
        assert "Ana Ferreira" in facts.people
        # the models may take an invented town for a person: it is named either way
        assert "Valmorin" in facts.people + facts.places + facts.organisations
        assert flood.coverage.independent_sources == 4
        assert unfaithful(store, edition) == []
        # the scores and reasons are kept
        reasons = dict(store.conn.execute("SELECT dropped, COUNT(*) FROM story_scores GROUP BY 1"))
        assert reasons == {None: 2, "single_outlet": 1, "weather": 1}
        assert store.editions.edition(T0.date().isoformat(), "en", "UTC") == edition
        # in French the French report's headline leads
        french = build_edition(store, T0.date(), "fr", top=5)
        assert french.stories[0].headline.text.startswith("Crue de la Lisse")
        assert french.title == "Les nouvelles les plus importantes de la journée"


def test_text_and_html_show_the_edition_and_escape_sources(edition_store: Store) -> None:
    with edition_store as store:
        edition = build_edition(store, T0.date(), "en", top=5)
    hostile = json.loads(edition.to_json())
    hostile["stories"][0]["headline"]["text"] = '<script>alert("x")</script> Flood'
    page = to_html(Edition.from_dict(hostile))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and 'lang="en"' in page
    text = to_text(edition)
    assert text.splitlines()[0].startswith("Today's most important news — 2026-03-10")
    assert "1. " in text and "Why here: score" in text and "told by one outlet only" in text


def test_an_empty_day_says_so(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        edition = build_edition(store, date(2026, 1, 1), "fr")
    assert edition.stories == ()
    assert "Aucun sujet" in to_text(edition)


def test_items_file_errors_name_the_line() -> None:
    good = item(1, "A", "Title", "Lead")
    with pytest.raises(ItemsError, match="line 2: not JSON"):
        parse_jsonl([good, "{oops"])
    with pytest.raises(ItemsError, match='line 1: "url" is missing'):
        parse_jsonl([json.dumps({"title": "t", "published": "2026-01-01T00:00:00"})])
    with pytest.raises(ItemsError, match='"published" is'):
        parse_jsonl([json.dumps({"title": "t", "url": "https://a.example/1", "published": "x"})])
    # the same address twice is one article
    assert len(parse_jsonl([good, good])) == 1


def test_edition_command(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join(day_items()), encoding="utf-8")
    db = str(tmp_path / "c.db")

    def alaune(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*CLI, *args, "--db", db], capture_output=True, text=True,
                              timeout=120, check=False)  # fmt: skip

    assert alaune("ingest", "--jsonl", str(items)).returncode == 0
    out = alaune("edition", "--date", "2026-03-10", "--lang", "en", "--format", "json")
    assert out.returncode == 0, out.stderr
    edition = json.loads(out.stdout)
    assert edition["stories"][0]["articles"][0]["url"].startswith("https://")
    bad = alaune("edition", "--date", "10/03/2026")
    assert bad.returncode == 1 and "not a date" in bad.stderr and "Traceback" not in bad.stderr
    bad = alaune("edition", "--tz", "Mars/Olympus")
    assert bad.returncode == 1 and "unknown time zone" in bad.stderr
    bad = alaune("edition", "--weight", "fame=2")
    assert bad.returncode == 1 and "unknown score part" in bad.stderr


# The floor reached on the labelled day: of its 8 stories covered by 7+ outlets, 7 are among
# the first 12 (the COP28 talks are told in pieces too small to rank). Raise it as it improves.
WIDE_WITHIN_FLOOR = 7


def test_labelled_day_edition_gate() -> None:
    result = evaluate(shared_path("data/stories/rsslinkdb-2023-12-12"), lang="en")
    assert len(result["wide_stories"]) == 8
    assert len(result["wide_within"]) >= WIDE_WITHIN_FLOOR, result["missing"]
    assert result["repeated"] == []
    assert result["unfaithful"] == []


@pytest.mark.skipif(not have_day("2023-12-05"), reason="the shared feed days are absent")
@pytest.mark.timeout(240)
def test_a_real_day_through_feeds_pages_stories_and_edition(tmp_path: Path) -> None:
    opts = Options(db_path=tmp_path / "d.db").with_fetch(min_host_interval=0, total_timeout=10)
    with FeedServer(day="2023-12-05") as server, Store(opts.db_path) as store:
        sources = [feed_source(store, u) for u in server.feed_urls()]
        asyncio.run(ingest_feeds(store, sources, opts, IngestReport()))
        extract_stored(store)
        group_stored(store)
        edition = build_edition(store, date(2023, 12, 5), "en", top=10)
        assert len(edition.stories) == 10
        for story in edition.stories:
            assert story.coverage.independent_sources >= 2
            assert story.summary and story.headline.text
            assert story.score.total == pytest.approx(sum(story.score.parts.values()))
        totals = [s.score.total for s in edition.stories]
        assert totals == sorted(totals, reverse=True)
        assert unfaithful(store, edition) == []
        assert store.integrity_ok()
    assert server.errors == []


@pytest.mark.skipif(not have_day("2023-12-05"), reason="the shared feed days are absent")
@pytest.mark.timeout(300)
def test_the_main_job_builds_the_days_editions(tmp_path: Path) -> None:
    db = tmp_path / "run.db"
    env = {**os.environ, "ALAUNE_HOST_INTERVAL": "0", "ALAUNE_HOST_CONCURRENCY": "8"}
    with FeedServer(day="2023-12-05") as server:
        with Store(db) as store:
            for url in server.feed_urls()[:60]:
                feed_source(store, url)
        proc = subprocess.run([*CLI, "run", "--date", "2023-12-05", "--db", str(db)], env=env,
                              capture_output=True, text=True, timeout=280, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    written = [Path(line.split(": ", 1)[1]) for line in proc.stdout.splitlines()
               if line.startswith("edition: ")]  # fmt: skip
    assert sorted(p.name for p in written) == [
        "2023-12-05.en.html", "2023-12-05.en.json", "2023-12-05.fr.html", "2023-12-05.fr.json",
    ]  # fmt: skip
    french = json.loads((tmp_path / "editions" / "2023-12-05.fr.json").read_text("utf-8"))
    assert french["stories"] and french["edition"]["lang"] == "fr"
    page = (tmp_path / "editions" / "2023-12-05.fr.html").read_text("utf-8")
    assert "Les nouvelles les plus importantes de la journée" in page
    assert str(escape(french["stories"][0]["headline"]["text"])) in page


def test_a_story_without_the_editions_language_is_told_in_english_before_others() -> None:
    from alaune.model import Member
    from alaune.tell.story import headline, reading

    def m(n: int, lang: str, title: str) -> Member:
        return Member(n, "s", f"https://o{n}.example/a", title, "", "", T0, lang, f"O{n}")

    members = [m(1, "pl", "Powódź w Valmorin"), m(2, "en", "Flood in Valmorin")]
    assert reading(members, "fr") == "en" and reading(members, "pl") == "pl"
    shown = headline(members, "fr", {})
    assert shown.text == "Flood in Valmorin" and shown.original_language
    assert headline(members, "pl", {}).text == "Powódź w Valmorin"
