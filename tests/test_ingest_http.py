"""Feed and page ingest over real HTTP: a local server replays a real day and misbehaves on cue.

Every test goes through ``ingest_feeds`` (or the ``alaune`` command) into a real database and checks
exactly what was stored, which reason was recorded and when the source is polled next.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from alaune.config import Options, PollOptions
from alaune.ingest.urls import canonical_url
from alaune.model import Source, Status
from alaune.pipeline.ingest import feed_source, ingest_feeds
from alaune.pipeline.report import IngestReport
from alaune.store import Store
from alaune.text import one_line, strip_html
from tests.support.feedserver import (
    PAGE_CASES,
    SAMPLE,
    FeedServer,
    day_dir,
    gzip_bomb,
    have_day,
    load_day,
)

DAY = "2023-12-05"
needs_day = pytest.mark.skipif(
    not have_day(DAY),
    reason=f"{day_dir(DAY)} is absent (the shared data lives beside the checkout)",
)
CLI = [sys.executable, "-c", "from alaune.cli import main; main()"]
SAMPLE_FEED = "/feed/_sample"
BACKOFF_1 = PollOptions().backoff_base_s  # the wait after a first failure (15 min)


def fast_options(tmp_path: Path, **fetch: object) -> Options:
    """Short timeouts and no politeness delay: the server is ours."""
    base: dict[str, object] = {
        "min_host_interval": 0,
        "connect_timeout": 1,
        "total_timeout": 2,
        "read_timeout": 1,
        "max_body_bytes": 1 << 20,
        "retry_wait_limit": 2,
    }
    return Options(db_path=tmp_path / "t.db").with_fetch(**{**base, **fetch})


@pytest.fixture
def opts(tmp_path: Path) -> Options:
    return fast_options(tmp_path)


@pytest.fixture
def db(opts: Options) -> Iterator[Store]:
    with Store(opts.db_path) as store:
        yield store
        assert store.integrity_ok()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer(robots_disallow=["/private/"]) as srv:
        yield srv
    assert srv.errors == []


def subscribe(store: Store, *urls: str) -> list[Source]:
    return [feed_source(store, u) for u in urls]


def run(store: Store, sources: list[Source], opts: Options) -> IngestReport:
    report = IngestReport()
    asyncio.run(ingest_feeds(store, sources, opts, report))
    return report


def drop_rows(store: Store) -> list[tuple[str, str, str]]:
    return sorted(tuple(r) for r in store.conn.execute("SELECT stage, reason, target FROM drops"))


def article_at(store: Store, url: str) -> tuple[Status, str | None, int]:
    row = store.conn.execute(
        "SELECT status, drop_reason, fetch_attempts FROM articles WHERE url = ?", (url,)
    ).fetchone()
    assert row is not None, f"no article {url}"
    return Status(row[0]), row[1], row[2]


def counters(report: IngestReport) -> dict[str, object]:
    out = report.as_dict()
    del out["elapsed_s"]
    return out


# ---------------------------------------------------------------- a good feed
def test_feed_and_its_pages_are_stored_exactly(server: FeedServer, db: Store,
                                               opts: Options) -> None:  # fmt: skip
    [src] = subscribe(db, server.url(SAMPLE_FEED))
    report = run(db, [src], opts)
    assert counters(report) == {
        "feeds": {"polled": 1, "ok": 1, "not_modified": 0, "failed": 0}, "items_seen": 3,
        "records_seen": 0, "articles": {"inserted": 3}, "pages": {"fetched": 3, "failed": 0},
        "drops": {},
    }  # fmt: skip
    for item in SAMPLE:
        art = db.articles.get(canonical_url(server.article_url(item["link"])))
        assert art is not None and art.status == Status.FETCHED
        # RSS 2.0 items have no language of their own: the channel's (the first item's) is kept
        assert (art.title, art.summary, art.language, art.outlet, art.source_id) == (
            item["title"], item["description"], "fr", "Échos du monde", src.id)  # fmt: skip
        assert art.published_at is not None
        assert art.published_at.isoformat() == item["date_published"]
        assert art.html is not None and item["title"] in art.html.decode("utf-8")
    saved = db.sources.get(src.feed_url)
    assert (saved.error_count, saved.last_error, saved.title) == (0, None, "Échos du monde")
    assert saved.etag and saved.last_modified == "Tue, 05 Dec 2023 11:15:00 GMT"
    # items 90 and 105 minutes apart: the next poll comes after the median gap
    assert saved.poll_interval_s == 5850
    assert saved.next_poll_at == saved.last_polled_at + timedelta(seconds=5850)  # type: ignore[operator]
    assert len(server.hits("/robots.txt")) == 1
    assert db.stats.summary()["drops"] == {}


def test_second_poll_is_conditional_and_stores_nothing_twice(server: FeedServer, db: Store,
                                                             opts: Options) -> None:  # fmt: skip
    [src] = subscribe(db, server.url(SAMPLE_FEED))
    run(db, [src], opts)
    again = run(db, [db.sources.get(src.feed_url)], opts)
    assert counters(again)["feeds"] == {"polled": 1, "ok": 0, "not_modified": 1, "failed": 0}
    assert again.outcomes == {} and again.pages_fetched == 0
    first, second = server.hits(SAMPLE_FEED)
    assert (first.status, second.status) == (200, 304)
    saved = db.sources.get(src.feed_url)
    assert second.headers["if-none-match"] == saved.etag
    assert second.headers["if-modified-since"] == saved.last_modified
    assert db.articles.count() == 3 and len(server.hits("/article/")) == 3
    assert saved.next_poll_at == saved.last_polled_at + timedelta(seconds=5850)  # type: ignore[operator]


def test_same_feed_without_validators_is_unchanged(db: Store, opts: Options) -> None:
    with FeedServer(conditional=False) as server:
        [src] = subscribe(db, server.url(SAMPLE_FEED))
        run(db, [src], opts)
        again = run(db, [db.sources.get(src.feed_url)], opts)
    assert [h.status for h in server.hits(SAMPLE_FEED)] == [200, 200]
    assert again.feeds_ok == 1 and again.outcomes == {"unchanged": 3}
    assert db.articles.count() == 3 and again.pages_fetched == 0


def test_wrong_charset_header_keeps_the_right_text(server: FeedServer, db: Store,
                                                   opts: Options) -> None:  # fmt: skip
    [src] = subscribe(db, server.url("/wrong-charset.xml"))
    report = run(db, [src], opts)
    assert report.outcomes == {"inserted": 3}
    stored = [db.articles.get(canonical_url(server.article_url(i["link"]))) for i in SAMPLE]
    assert [(a.title, a.summary) if a else None for a in stored] == [
        (i["title"], i["description"]) for i in SAMPLE
    ]
    assert server.hits("/wrong-charset.xml")[0].status == 200


# ---------------------------------------------------------------- redirects
@pytest.mark.parametrize(("code", "moves"), [(301, True), (308, True), (302, False), (307, False)])
def test_redirected_feed(server: FeedServer, db: Store, opts: Options, code: int,
                         moves: bool) -> None:  # fmt: skip
    old, new = server.url(f"/moved/{code}{SAMPLE_FEED}"), server.url(SAMPLE_FEED)
    [src] = subscribe(db, old)
    report = run(db, [src], opts)
    assert report.feeds_ok == 1 and report.outcomes == {"inserted": 3}
    assert db.sources.get(src.id or 0).feed_url == (new if moves else old)
    assert db.sources.count() == 1
    again = run(db, [db.sources.get(src.id or 0)], opts)
    assert again.feeds_not_modified == 1
    # a permanent move is followed for good; a temporary one is asked again
    assert len(server.hits("/moved/")) == (1 if moves else 2)


def test_permanent_redirect_target_is_stored_canonical(server: FeedServer, db: Store,
                                                       opts: Options) -> None:  # fmt: skip
    target = quote("feed/_sample?utm_source=moved", safe="/")
    [src] = subscribe(db, server.url(f"/moved/301/{target}"))
    run(db, [src], opts)
    assert db.sources.get(src.id or 0).feed_url == canonical_url(server.url(SAMPLE_FEED))


def test_five_redirects_are_followed(server: FeedServer, db: Store, opts: Options) -> None:
    [src] = subscribe(db, server.url(f"/chain/5{SAMPLE_FEED}"))
    report = run(db, [src], opts)
    assert report.outcomes == {"inserted": 3}
    assert len(server.hits("/chain/")) == 5
    assert db.sources.get(src.id or 0).feed_url == src.feed_url  # 302s: the address stays


# ---------------------------------------------------------------- failing feeds
# (path, reason, seconds to the next poll, at most this many seconds spent)
FEED_FAILURES = [
    ("/status/404", "http_404", BACKOFF_1, 1),
    ("/status/410", "http_410", BACKOFF_1, 1),
    ("/status/500", "http_500", BACKOFF_1, 1),
    ("/status/503?retry_after=120", "http_503", BACKOFF_1, 1),
    ("/status/429?retry_after=3600", "http_429", 3600, 1),
    ("/loop/a", "redirect_loop", BACKOFF_1, 1),
    ("/chain/6/feed/_sample", "too_many_redirects", BACKOFF_1, 1),
    ("/stall/silent", "timeout", BACKOFF_1, 2.5),  # read_timeout 1 s
    ("/stall/trickle?every=0.2", "timeout", BACKOFF_1, 3.5),  # total_timeout 2 s
    ("/big/declared?size=2000000", "too_large", BACKOFF_1, 1),
    ("/big/streamed?size=2000000", "too_large", BACKOFF_1, 1),
    ("/bomb.xml", "decompression_bomb", BACKOFF_1, 3),
    ("/malformed.xml", "malformed_feed", BACKOFF_1, 1),
]


@pytest.mark.parametrize(("path", "reason", "wait", "limit"), FEED_FAILURES,
                         ids=[f[1] + ":" + f[0] for f in FEED_FAILURES])  # fmt: skip
def test_failing_feed(server: FeedServer, db: Store, opts: Options, path: str, reason: str,
                      wait: int, limit: float) -> None:  # fmt: skip
    [src] = subscribe(db, server.url(path))
    started = time.monotonic()
    report = run(db, [src], opts)
    assert time.monotonic() - started < limit
    assert counters(report) == {
        "feeds": {"polled": 1, "ok": 0, "not_modified": 0, "failed": 1}, "items_seen": 0,
        "records_seen": 0, "articles": {}, "pages": {"fetched": 0, "failed": 0},
        "drops": {reason: 1},
    }  # fmt: skip
    assert db.articles.count() == 0
    assert drop_rows(db) == [("feed", reason, src.feed_url)]
    assert db.stats.summary()["drops"] == {reason: 1}
    saved = db.sources.get(src.feed_url)
    assert (
        saved.error_count == 1 and saved.last_error and saved.last_error.startswith(reason + ": ")
    )
    assert (saved.etag, saved.last_ok_at, saved.active) == (None, None, reason != "http_410")
    assert saved.next_poll_at == saved.last_polled_at + timedelta(seconds=wait)  # type: ignore[operator]
    assert not server.hits("/feed/")  # no redirect ever reached the feed
    if path.startswith("/status/"):
        assert len(server.hits(path)) == 1  # a long Retry-After is not waited for in the run


def test_unreachable_host_is_a_connect_error(db: Store, opts: Options) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [src] = subscribe(db, f"http://127.0.0.1:{port}/feed.xml")
    report = run(db, [src], opts)
    assert report.drops == {"connect_error": 1} and report.feeds_failed == 1
    assert drop_rows(db) == [("feed", "connect_error", src.feed_url)]
    assert (db.sources.get(src.feed_url).last_error or "").startswith("connect_error: ")


def test_backoff_doubles_on_the_second_failure(server: FeedServer, db: Store,
                                              opts: Options) -> None:  # fmt: skip
    [src] = subscribe(db, server.url("/status/404"))
    run(db, [src], opts)
    run(db, [db.sources.get(src.feed_url)], opts)
    saved = db.sources.get(src.feed_url)
    assert saved.error_count == 2 and saved.active
    assert saved.next_poll_at == saved.last_polled_at + timedelta(seconds=2 * BACKOFF_1)  # type: ignore[operator]
    assert [tuple(r) for r in db.conn.execute("SELECT seen FROM drops")] == [(2,)]
    assert db.stats.summary()["drops"] == {"http_404": 1}


@pytest.mark.parametrize("code", [429, 503])
def test_short_retry_after_is_waited_for(server: FeedServer, db: Store, opts: Options,
                                         code: int) -> None:  # fmt: skip
    [src] = subscribe(db, server.url(f"/flaky/{code}/1{SAMPLE_FEED}"))
    started = time.monotonic()
    report = run(db, [src], opts)
    assert time.monotonic() - started >= 1.0
    assert [h.status for h in server.hits("/flaky/")] == [code, 200]
    assert report.feeds_ok == 1 and report.outcomes == {"inserted": 3} and report.drops == {}
    saved = db.sources.get(src.feed_url)
    assert (saved.error_count, saved.last_error) == (0, None)


def test_gzip_bomb_stops_early_in_bounded_memory(server: FeedServer, db: Store,
                                                 opts: Options) -> None:  # fmt: skip
    gzip_bomb()  # made before measuring: the server's own 1.1 MB is not the client's
    [src] = subscribe(db, server.url("/bomb.xml"))
    tracemalloc.start()
    try:
        started = time.monotonic()
        report = run(db, [src], opts)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.drops == {"decompression_bomb": 1}
    assert elapsed < 3 and peak < 32 << 20, (elapsed, peak)


def test_html_page_given_as_a_feed_is_not_a_feed(server: FeedServer, db: Store,
                                                 opts: Options) -> None:  # fmt: skip
    [src] = subscribe(db, server.url("/home.html"))
    report = run(db, [src], opts)
    assert report.drops == {"not_a_feed": 1}
    assert drop_rows(db) == [("feed", "not_a_feed", src.feed_url)]


def test_wordpress_feed_address_keeps_its_query(server: FeedServer, db: Store,
                                                opts: Options) -> None:  # fmt: skip
    [src] = subscribe(db, server.url("/index.php?feed=rss2"))
    report = run(db, [src], opts)
    assert src.feed_url.endswith("/index.php?feed=rss2")
    assert report.outcomes == {"inserted": 3}


# ---------------------------------------------------------------- the page stage
# name in PAGE_CASES -> (status, drop reason, fetch attempts) after one run
PAGES = {
    "ok": (Status.FETCHED, None, 1),
    "pdf": (Status.FAILED, "not_html", 1),
    "robots": (Status.FAILED, "robots_disallowed", 1),
    "gone": (Status.FAILED, "http_404", 1),
    "error": (Status.PENDING, "http_500", 1),
    "bomb": (Status.FAILED, "decompression_bomb", 1),
    "big": (Status.FAILED, "too_large", 1),
    "charset": (Status.FETCHED, None, 1),
}


def test_page_stage_outcomes(server: FeedServer, db: Store, opts: Options) -> None:
    [src] = subscribe(db, server.url("/pages-feed.xml?cases=" + ",".join(PAGES)))
    report = run(db, [src], opts)
    urls = {name: canonical_url(server.url(PAGE_CASES[name])) for name in PAGES}
    assert {n: article_at(db, u) for n, u in urls.items()} == PAGES
    failures = {n: r for n, (_, r, _) in PAGES.items() if r}
    assert (report.pages_fetched, report.pages_failed) == (2, len(failures))
    assert report.drops == {r: 1 for r in failures.values()}
    assert drop_rows(db) == sorted(("page", r, urls[n]) for n, r in failures.items())
    assert not server.hits("/private/")  # robots.txt is obeyed
    charset = db.articles.get(urls["charset"])
    assert charset is not None and charset.html is not None
    assert SAMPLE[1]["title"] in charset.html.decode("utf-8")
    # a server error is retried by the next runs, up to three attempts, then given up
    for attempts in (2, 3):
        run(db, [], opts)
        want = Status.PENDING if attempts < 3 else Status.FAILED
        assert article_at(db, urls["error"]) == (want, "http_500", attempts)
    assert len(server.hits("/status/500")) == 3
    assert len(server.hits("/news/")) == 1 and len(server.hits("/files/")) == 1
    run(db, [], opts)
    assert len(server.hits("/status/500")) == 3


def test_redirect_to_a_disallowed_page_is_not_followed(server: FeedServer, db: Store,
                                                       opts: Options) -> None:  # fmt: skip
    [src] = subscribe(db, server.url("/pages-feed.xml?cases=redirect_to_robots"))
    run(db, [src], opts)
    url = canonical_url(server.url(PAGE_CASES["redirect_to_robots"]))
    assert article_at(db, url) == (Status.FAILED, "robots_disallowed", 1)
    assert not server.hits("/private/")


def test_unreachable_robots_txt_leaves_pages_for_later(db: Store, opts: Options) -> None:
    with FeedServer(robots_status=503) as server:
        [src] = subscribe(db, server.url(SAMPLE_FEED))
        report = run(db, [src], opts)
    assert report.pages_fetched == 0 and not server.hits("/article/")
    assert db.stats.summary()["articles"]["by_status"] == {"pending": 3}


# ---------------------------------------------------------------- politeness
@pytest.mark.parametrize("per_host", [1, 3])
def test_per_host_concurrency_is_respected(tmp_path: Path, db: Store, per_host: int) -> None:
    opts = fast_options(tmp_path, per_host_concurrency=per_host, total_timeout=10, read_timeout=5)
    with FeedServer(hosts=("127.0.0.1", "127.0.0.2"), delay=0.03) as server:
        sources = subscribe(db, *(server.url(f"{SAMPLE_FEED}?copy={i}", i % 2) for i in range(24)))
        report = run(db, sources, opts)
    assert report.feeds_ok == 24 and report.pages_fetched == 3
    assert sorted(server.max_active.values()) == [per_host, per_host]
    assert server.max_total > per_host  # both hosts were served at once
    assert server.errors == []


# ---------------------------------------------------------------- a whole real day
def _expected_day(server: FeedServer) -> dict[str, str]:
    """Canonical served link -> title, computed from the JSON files, not from the server."""
    out: dict[str, str] = {}
    for items in load_day(DAY).values():
        for item in items:
            out[canonical_url(server.article_url(item["link"]))] = one_line(
                strip_html(item["title"] or "")
            )
    return out


@needs_day
def test_one_bad_source_does_not_stop_the_others(server: FeedServer, db: Store,
                                                 opts: Options) -> None:  # fmt: skip
    with FeedServer(day=DAY) as day:
        good = subscribe(db, *day.feed_urls())
        bad = {server.url(p): r for p, r, _, _ in FEED_FAILURES}
        report = run(db, [*subscribe(db, *bad), *good], replace(opts, fetch_pages=False))
        expected = _expected_day(day)
    assert (report.feeds_ok, report.feeds_failed) == (len(good), len(bad))
    assert (
        db.articles.count()
        == len(expected)
        == len({canonical_url(i["link"]) for items in load_day(DAY).values() for i in items})
    )
    for url, reason in bad.items():
        assert (db.sources.get(url).last_error or "").split(":")[0] == reason, url
    assert all(db.sources.get(s.feed_url).last_ok_at for s in good)


@needs_day
@pytest.mark.timeout(120)
def test_whole_day_with_pages(tmp_path: Path, db: Store) -> None:
    opts = fast_options(tmp_path, total_timeout=10, read_timeout=5)
    with FeedServer(day=DAY, hosts=("127.0.0.1", "127.0.0.2")) as server:
        sources = subscribe(db, *server.feed_urls())
        report = run(db, sources, opts)
        expected = _expected_day(server)
        assert report.feeds_ok == len(sources) == 168
        assert report.outcomes == {"inserted": len(expected)}
        stored = dict(db.conn.execute("SELECT url, title FROM articles").fetchall())
        assert stored == expected
        assert db.stats.summary()["articles"]["by_status"] == {"fetched": len(expected)}
        assert db.stats.summary()["drops"] == {}
        # the same day again: every feed answers 304, nothing is stored twice
        again = run(db, [db.sources.get(s.id or 0) for s in sources], opts)
        assert (again.feeds_not_modified, again.outcomes, again.pages_fetched) == (168, {}, 0)
        # and once more without validators: every item is seen, none is new
        server.conditional = False
        third = run(db, [db.sources.get(s.id or 0) for s in sources], opts)
        assert (third.feeds_ok, third.outcomes) == (168, {"unchanged": len(expected)})
        assert db.articles.count() == len(expected)
        assert sorted(server.max_active.values()) == [2, 2]  # FetchOptions.per_host_concurrency
    assert server.errors == []


# ---------------------------------------------------------------- the command line
def alaune(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60, check=False)


def test_cli_ingest_feed_prints_a_summary(server: FeedServer, tmp_path: Path) -> None:
    db, url = str(tmp_path / "cli.db"), server.url(SAMPLE_FEED)
    first = alaune("ingest", "--feed", url, "--no-pages", "--db", db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[:2] == [
        "feeds: 1 polled, 1 ok, 0 not modified, 0 failed",
        "articles: 3 new, 0 updated, 0 unchanged",
    ]
    assert first.stdout.splitlines()[2].startswith("time: ")
    second = alaune("ingest", "--feed", url, "--no-pages", "--json", "--db", db)
    assert second.returncode == 0, second.stderr
    counts = json.loads(second.stdout)
    assert counts["feeds"] == {"polled": 1, "ok": 0, "not_modified": 1, "failed": 0}
    assert counts["articles"] == {} and counts["drops"] == {}
    stats = json.loads(alaune("stats", "--json", "--db", db).stdout)
    assert stats["articles"]["by_status"] == {"pending": 3}


@pytest.mark.parametrize("url", ["not a feed address", "ftp://example.org/feed.xml"])
def test_cli_bad_feed_address_is_one_line(tmp_path: Path, url: str) -> None:
    proc = alaune("ingest", "--feed", url, "--db", str(tmp_path / "cli.db"))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("Error: --feed needs")
    assert "Traceback" not in proc.stderr


def test_cli_failing_feed_is_reported_not_raised(server: FeedServer, tmp_path: Path) -> None:
    proc = alaune("ingest", "--feed", server.url("/status/410"), "--db", str(tmp_path / "c.db"))
    assert "Traceback" not in proc.stderr
    assert "feeds: 1 polled, 0 ok, 0 not modified, 1 failed" in proc.stdout
    assert "skipped: 1 (http_410 1)" in proc.stdout
