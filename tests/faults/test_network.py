"""Hostile servers over real sockets: each answer of ``tests/faults/hostile.py`` ends in bounded
time and memory, with its reason recorded on the source or the article, and a healthy feed polled
in the same run is stored as if nothing had happened.

Everything goes through ``ingest_feeds`` into a real database, except the DNS rebinding check,
which needs a name that resolves one way for the check and another for the connection: there the
test plays the DNS (an httpx network backend and the fetcher's resolver), never alaune.
"""

from __future__ import annotations

import asyncio
import socket
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpcore
import httpx
import pytest

from alaune.config import FetchOptions, Options, PollOptions
from alaune.errors import FetchError
from alaune.ingest.fetch import Fetcher
from alaune.ingest.urls import canonical_url
from alaune.model import Source, Status
from alaune.pipeline.ingest import feed_source, ingest_feeds
from alaune.pipeline.report import IngestReport
from alaune.store import Store
from tests.faults.hostile import BROKEN, CASES, CHARSET_FEEDS, CHARSET_PAGES, ITEMS, HostileServer

TOTAL = 1.0  # the fetcher's whole-request timeout in these tests
LIMIT = 1 << 20  # its body limit
MEMORY = 16 << 20  # what a run may allocate at its peak (16 times the body limit)
BACKOFF_1 = PollOptions().backoff_base_s
CAPPED = FetchOptions().max_retry_after  # a Retry-After of a year is cut to this
# Page failures that the next run tries again; the others are final.
RETRIED = {"timeout", "connection_broken", "http_429"}
HEALTHY = "/feed/healthy.xml"


def fast_options(tmp_path: Path, **fetch: Any) -> Options:
    base = {"min_host_interval": 0, "connect_timeout": 1, "read_timeout": 0.5,
            "total_timeout": TOTAL, "max_body_bytes": LIMIT, "retry_wait_limit": 0.5,
            "per_host_concurrency": 8}  # fmt: skip
    return Options(db_path=tmp_path / "t.db").with_fetch(**{**base, **fetch})


@pytest.fixture
def opts(tmp_path: Path) -> Options:
    return fast_options(tmp_path)


@pytest.fixture
def db(opts: Options) -> Iterator[Store]:
    with Store(opts.db_path) as store:
        yield store
        assert store.integrity_ok()


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    with HostileServer() as srv:
        yield srv
    assert srv.errors == []


@pytest.fixture
def sentinel() -> Iterator[HostileServer]:
    """A server on another loopback address: the place a redirect must not reach."""
    with HostileServer("127.0.0.2") as srv:
        yield srv


def subscribe(store: Store, *urls: str) -> list[Source]:
    return [feed_source(store, u) for u in urls]


def measured(store: Store, sources: list[Source], opts: Options,
             **kw: Any) -> tuple[IngestReport, float, int]:  # fmt: skip
    """Runs ingest; returns the report, the seconds and the peak of allocated bytes."""
    report = IngestReport()
    tracemalloc.start()
    try:
        started = time.monotonic()
        asyncio.run(ingest_feeds(store, sources, opts, report, **kw))
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, elapsed, peak


def reason_of(store: Store, src: Source) -> str:
    saved = store.sources.get(src.id or 0)
    assert saved.last_error, f"{src.feed_url} has no recorded error"
    return saved.last_error.split(":")[0]


def feed_drops(store: Store) -> list[tuple[str, str]]:
    rows = store.conn.execute("SELECT reason, target FROM drops WHERE stage = 'feed'")
    return sorted((r, t) for r, t in rows if r != "duplicate_item")


def article_at(store: Store, url: str) -> tuple[Status, str | None, int]:
    row = store.conn.execute(
        "SELECT status, drop_reason, fetch_attempts FROM articles WHERE url = ?",
        (canonical_url(url),),
    ).fetchone()
    assert row is not None, f"no article {url}"
    return Status(row[0]), row[1], row[2]


def page_text(store: Store, url: str) -> str:
    art = store.articles.get(canonical_url(url))
    assert art is not None and art.status == Status.FETCHED and art.html is not None, url
    return art.html.decode("utf-8")


def assert_healthy(store: Store, server: HostileServer, src: Source, name: str = "healthy",
                   pages: bool = True) -> None:  # fmt: skip
    """The healthy feed's three items are stored with their text, and their pages fetched."""
    saved = store.sources.get(src.id or 0)
    assert (saved.error_count, saved.last_error, saved.last_ok_at is not None) == (0, None, True)
    for n, (title, lead) in enumerate(ITEMS):
        url = server.url(f"/page/{name}/{n}.html")
        art = store.articles.get(canonical_url(url))
        assert art is not None and (art.title, art.summary) == (f"{title} #{n}", lead)
        if pages:
            assert title in page_text(store, url)


# ---------------------------------------------------------------- every case, as a feed
# seconds to the next poll, where the case is about it
NEXT_POLL = {"retry_year_503": CAPPED, "retry_date_429": CAPPED, "retry_year_500": BACKOFF_1,
             "retry_odd_429": BACKOFF_1, "status_429": BACKOFF_1}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_feed(server: HostileServer, db: Store, opts: Options, name: str) -> None:
    case = CASES[name]
    bad, good = subscribe(db, server.url(f"/case/{name}"), server.url(HEALTHY))
    report, elapsed, peak = measured(db, [bad, good], opts)
    # a slow case ends by the whole-request timeout; any other ends before it could
    assert elapsed < (TOTAL + 1.5 if case.slow else TOTAL), elapsed
    assert peak < MEMORY, peak
    assert reason_of(db, bad) == case.reason
    assert feed_drops(db) == [(case.reason, bad.feed_url)]
    assert report.drops == {case.reason: 1} and report.feeds_failed == 1
    assert db.sources.get(bad.id or 0).active
    assert_healthy(db, server, good)
    if name in NEXT_POLL:
        saved = db.sources.get(bad.id or 0)
        assert saved.next_poll_at == saved.last_polled_at + timedelta(seconds=NEXT_POLL[name])  # type: ignore[operator]


# ---------------------------------------------------------------- every case, as a page
@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.page])
def test_hostile_page(server: HostileServer, db: Store, opts: Options, name: str) -> None:
    case = CASES[name]
    [src] = subscribe(db, server.url(f"/pages.xml?cases={name}"))
    report, elapsed, peak = measured(db, [src], opts)
    assert elapsed < (TOTAL + 1.5 if case.slow else TOTAL), elapsed
    assert peak < MEMORY, peak
    status = Status.PENDING if case.reason in RETRIED else Status.FAILED
    assert article_at(db, server.url(f"/case/{name}.html")) == (status, case.reason, 1)
    assert report.drops == {case.reason: 1}
    assert (report.pages_fetched, report.pages_failed) == (1, 1)
    assert ITEMS[0][0] in page_text(db, server.url("/page/pages/0.html"))


def test_all_cases_in_one_run(server: HostileServer, db: Store, tmp_path: Path) -> None:
    opts = fast_options(tmp_path, per_host_concurrency=64)
    names = list(CASES)
    pages = ",".join(n for n in names if CASES[n].page)
    sources = subscribe(db, *(server.url(f"/case/{n}") for n in names),
                        server.url(f"/pages.xml?cases={pages}"), server.url(HEALTHY))  # fmt: skip
    report, elapsed, peak = measured(db, sources, opts)
    assert elapsed < 2 * TOTAL + 1.5, elapsed  # the slow feeds, then the slow pages, at once
    assert peak < 4 * MEMORY, peak
    assert [reason_of(db, s) for s in sources[: len(names)]] == [CASES[n].reason for n in names]
    for n in pages.split(","):
        assert article_at(db, server.url(f"/case/{n}.html"))[1] == CASES[n].reason
    assert report.feeds_ok == 2
    assert_healthy(db, server, sources[-1])


@pytest.mark.parametrize("name", ["gzip_bomb", "br_bomb"])
def test_bomb_at_the_default_limit(server: HostileServer, db: Store, tmp_path: Path,
                                   name: str) -> None:  # fmt: skip
    opts = fast_options(tmp_path, max_body_bytes=FetchOptions().max_body_bytes, total_timeout=10)
    feed, pages = subscribe(db, server.url(f"/case/{name}"),
                            server.url(f"/pages.xml?cases={name}"))  # fmt: skip
    report, elapsed, peak = measured(db, [feed, pages], opts)
    assert report.drops == {"decompression_bomb": 2}
    assert reason_of(db, feed) == "decompression_bomb"
    assert article_at(db, server.url(f"/case/{name}.html"))[1] == "decompression_bomb"
    assert elapsed < 5 and peak < 64 << 20, (elapsed, peak)


# ---------------------------------------------------------------- redirects to private addresses
def redirect(server: HostileServer, target: str) -> str:
    return server.url("/redirect?to=" + quote(target, safe=""))


def have_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


# {s}: the sentinel's port; {p}: the hostile server's own port
PRIVATE_TARGETS = [
    "http://127.0.0.2:{s}/feed/far.xml",  # another loopback address
    "http://2130706434:{s}/feed/far.xml",  # 127.0.0.2 in decimal
    "http://0x7f.2:{s}/feed/far.xml",  # 127.0.0.2 as inet_aton reads it
    "http://[::ffff:127.0.0.2]:{s}/feed/far.xml",  # IPv4-mapped IPv6
    "http://0.0.0.0:{p}/feed/zero.xml",  # unspecified: Linux connects it to this very server
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://224.0.0.1/",  # multicast
    "http://[fd00::1]/",  # unique local IPv6
    "http://[fe80::1]/",  # link-local IPv6
]


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
def test_redirect_to_a_private_address_is_refused_without_connecting(
    server: HostileServer, sentinel: HostileServer, db: Store, opts: Options, target: str
) -> None:
    port = server.base.rsplit(":", 1)[1]
    target = target.format(s=sentinel.base.rsplit(":", 1)[1], p=port)
    bad, good = subscribe(db, redirect(server, target), server.url(HEALTHY))
    report, elapsed, _ = measured(db, [bad, good], opts)
    assert reason_of(db, bad) == "private_address" and report.drops == {"private_address": 1}
    assert feed_drops(db) == [("private_address", bad.feed_url)]
    assert elapsed < 1.0  # no connection was tried (connecting to 10.0.0.1 would take 1 s)
    assert sentinel.accepted == 0 and server.hits["/feed/zero.xml"] == 0
    assert_healthy(db, server, good)


@pytest.mark.skipif(not have_ipv6_loopback(), reason="no IPv6 loopback here")
def test_redirect_to_ipv6_loopback_is_refused(server: HostileServer, db: Store,
                                              opts: Options) -> None:  # fmt: skip
    with HostileServer("::1") as six:
        [bad] = subscribe(db, redirect(server, six.url("/feed/far.xml")))
        measured(db, [bad], opts)
    assert reason_of(db, bad) == "private_address" and six.accepted == 0


def test_redirect_to_localhost_from_another_loopback_address(db: Store, opts: Options) -> None:
    # a loopback name counts as loopback, and is not the address the feed was reached at
    with HostileServer("127.0.0.2") as origin, HostileServer("127.0.0.1") as local:
        port = local.base.rsplit(":", 1)[1]
        [bad] = subscribe(db, redirect(origin, f"http://localhost:{port}/feed/far.xml"))
        measured(db, [bad], opts)
    assert reason_of(db, bad) == "private_address" and local.accepted == 0


def test_page_redirected_to_a_private_address(server: HostileServer, sentinel: HostileServer,
                                              db: Store, opts: Options) -> None:  # fmt: skip
    path = "/redirect?to=" + quote(sentinel.url("/page/far/0.html"), safe="")
    [src] = subscribe(db, server.url("/pages.xml?path=" + quote(path, safe="")))
    report, _, _ = measured(db, [src], opts)
    assert article_at(db, server.url(path)) == (Status.FAILED, "private_address", 1)
    assert sentinel.accepted == 0  # not even for its robots.txt
    assert report.pages_fetched == 1  # the healthy page of the same feed


def test_a_mirror_may_redirect_within_its_own_address(server: HostileServer, db: Store,
                                                      opts: Options) -> None:  # fmt: skip
    with HostileServer("127.0.0.1") as other_port:
        same = subscribe(db, redirect(server, other_port.url("/feed/moved.xml")),
                         redirect(server, "/feed/relative.xml"))  # fmt: skip
        report, _, _ = measured(db, same, opts)
    assert report.feeds_ok == 2 and report.drops == {}
    assert other_port.hits["/feed/moved.xml"] == 1
    assert_healthy(db, other_port, same[0], "moved")
    assert_healthy(db, server, same[1], "relative")


def test_a_name_with_two_loopback_addresses_may_redirect_within_itself(
    server: HostileServer, opts: Options
) -> None:
    port = server.base.rsplit(":", 1)[1]
    url = f"http://localhost:{port}/redirect?to=%2Ffeed%2Fself.xml"

    async def fetch() -> list[str]:
        # localhost as many systems resolve it, to both loopback addresses: the check must not
        # refuse the one the connection did not use (the peer check still holds it to that one)
        async with Fetcher(opts.fetch, resolve=lambda h, p: ["127.0.0.1", "::1"]) as fetcher:
            return (await fetcher.fetch(url)).redirects

    assert asyncio.run(fetch()) == [f"http://localhost:{port}/feed/self.xml"]


@pytest.mark.parametrize(("resolved", "refused"), [(["127.0.0.1"], False),
                                                   (["127.0.0.1", "10.0.0.1"], True)])  # fmt: skip
def test_a_name_is_held_to_the_origin_address(server: HostileServer, opts: Options,
                                              resolved: list[str], refused: bool) -> None:  # fmt: skip
    with HostileServer("127.0.0.1") as named:
        port = named.base.rsplit(":", 1)[1]
        url = redirect(server, f"http://localhost:{port}/feed/named.xml")

        async def fetch() -> int:
            async with Fetcher(opts.fetch, resolve=lambda h, p: resolved) as fetcher:
                return (await fetcher.fetch(url)).status

        if refused:  # one of its addresses is elsewhere on the LAN
            with pytest.raises(FetchError, match=r"10\.0\.0\.1") as caught:
                asyncio.run(fetch())
            assert caught.value.reason == "private_address" and named.accepted == 0
        else:  # another name of the address the feed was reached at
            assert asyncio.run(fetch()) == 200 and named.hits["/feed/named.xml"] == 1


def test_private_redirects_can_be_allowed(server: HostileServer, sentinel: HostileServer,
                                          db: Store, tmp_path: Path) -> None:  # fmt: skip
    opts = fast_options(tmp_path, allow_private_redirects=True)
    [src] = subscribe(db, redirect(server, sentinel.url("/feed/far.xml")))
    report, _, _ = measured(db, [src], opts)
    assert report.feeds_ok == 1 and sentinel.hits["/feed/far.xml"] == 1
    assert_healthy(db, sentinel, src, "far")


# ---------------------------------------------------------------- DNS rebinding
class RebindingBackend(httpcore.AsyncNetworkBackend):
    """The DNS at connect time: names of ``table`` connect to the address given there."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.real = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Any = None) -> httpcore.AsyncNetworkStream:  # fmt: skip
        return await self.real.connect_tcp(
            self.table.get(host, host), port, timeout, local_address, socket_options
        )

    async def sleep(self, seconds: float) -> None:
        await self.real.sleep(seconds)


def rebinding_transport(table: dict[str, str]) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport()
    # httpx has no resolver hook; its connection pool takes a network backend
    transport._pool = httpcore.AsyncConnectionPool(network_backend=RebindingBackend(table))
    return transport


def test_name_checked_public_but_connected_private_is_refused(
    server: HostileServer, sentinel: HostileServer, opts: Options
) -> None:
    port = sentinel.base.rsplit(":", 1)[1]
    url = redirect(server, f"http://rebind.test:{port}/feed/far.xml")

    async def fetch() -> None:
        transport = rebinding_transport({"rebind.test": "127.0.0.2"})
        # the check's DNS says public; the connection's says 127.0.0.2
        async with Fetcher(opts.fetch, transport, lambda h, p: ["93.184.216.34"]) as fetcher:
            await fetcher.fetch(url)

    with pytest.raises(FetchError) as caught:
        asyncio.run(fetch())
    assert caught.value.reason == "private_address"
    assert "127.0.0.2" in str(caught.value)
    assert sentinel.accepted == 1  # it did connect: only the peer address could tell


def test_unresolvable_name_that_connects_private_is_stored_refused(
    server: HostileServer, sentinel: HostileServer, db: Store, opts: Options
) -> None:
    port = sentinel.base.rsplit(":", 1)[1]
    # .test never resolves (RFC 6761): the check lets the connection try, which lands privately
    bad, good = subscribe(db, redirect(server, f"http://rebind.test:{port}/feed/far.xml"),
                          server.url(HEALTHY))  # fmt: skip
    transport = rebinding_transport({"rebind.test": "127.0.0.2"})
    report, _, _ = measured(db, [bad, good], opts, transport=transport)
    assert reason_of(db, bad) == "private_address" and report.drops == {"private_address": 1}
    assert db.articles.get(canonical_url(sentinel.url("/page/far/0.html"))) is None
    assert_healthy(db, server, good)


def _fetch_linked(opts: Options, url: str, feed: str,
                  transport: httpx.AsyncHTTPTransport | None = None) -> int:  # fmt: skip
    """Fetch ``url`` as the page of an item of ``feed``; every name resolves to a public
    address for the private-address checks (the connection itself goes where ``transport``
    says)."""

    async def fetch() -> int:
        async with Fetcher(opts.fetch, transport, lambda h, p: ["93.184.216.34"]) as fetcher:
            return (await fetcher.fetch(url, linked_from=feed)).status

    return asyncio.run(fetch())


def test_a_public_feed_may_not_link_to_a_private_page(sentinel: HostileServer,
                                                      opts: Options) -> None:  # fmt: skip
    page = sentinel.url("/page/far/0.html")
    with pytest.raises(FetchError) as caught:
        _fetch_linked(opts, page, "https://news.test/feed.xml")
    assert caught.value.reason == "private_address" and caught.value.url == page
    assert "127.0.0.2" in str(caught.value) and sentinel.accepted == 0
    # the same link in a feed of the user's own mirror (a private address) is followed
    assert _fetch_linked(opts, page, "http://127.0.0.1:9/feed.xml") == 200
    assert sentinel.accepted == 1


def test_a_public_feeds_link_that_connects_private_is_refused(sentinel: HostileServer,
                                                              opts: Options) -> None:  # fmt: skip
    port = sentinel.base.rsplit(":", 1)[1]
    transport = rebinding_transport({"page.test": "127.0.0.2"})
    with pytest.raises(FetchError) as caught:
        _fetch_linked(opts, f"http://page.test:{port}/page/far/0.html",
                      "https://news.test/feed.xml", transport)  # fmt: skip
    assert caught.value.reason == "private_address" and "127.0.0.2" in str(caught.value)


# ---------------------------------------------------------------- charsets
def expected_titles(name: str) -> list[str]:
    titles = [t for t, _ in ITEMS]
    if name == "invalid_utf8":  # each broken byte is one replacement character, the rest intact
        titles[0] = titles[0].replace("Montréal", "Montr" + "\ufffd" * len(BROKEN) + "al")
    return titles


@pytest.mark.parametrize("name", CHARSET_FEEDS)
def test_feed_charset(server: HostileServer, db: Store, opts: Options, name: str) -> None:
    bad, good = subscribe(db, server.url(f"/charset/{name}.xml"), server.url(HEALTHY))
    report, _, _ = measured(db, [bad, good], replace(opts, fetch_pages=False))
    assert report.feeds_ok == 2 and report.drops == {}
    urls = [canonical_url(server.url(f"/page/charset/{i}.html")) for i in range(3)]
    stored = [db.articles.get(u) for u in urls]
    assert [a.title if a else None for a in stored] == expected_titles(name)
    assert [a.summary if a else None for a in stored] == [d for _, d in ITEMS]
    assert db.sources.get(bad.id or 0).title == "Échos du monde"
    assert_healthy(db, server, good, pages=False)


@pytest.mark.parametrize("name", CHARSET_PAGES)
def test_page_charset(server: HostileServer, db: Store, opts: Options, name: str) -> None:
    [src] = subscribe(db, server.url(f"/pages.xml?path=/charset/{name}.html"))
    report, _, _ = measured(db, [src], opts)
    assert report.pages_fetched == 2 and report.drops == {}
    text = page_text(db, server.url(f"/charset/{name}.html"))
    assert expected_titles(name)[0] in text and ITEMS[0][1] in text


# ---------------------------------------------------------------- feeds that are too much
def test_feed_of_100k_items(server: HostileServer, db: Store, tmp_path: Path) -> None:
    opts = fast_options(tmp_path, max_body_bytes=8 << 20, read_timeout=2, total_timeout=3)
    opts = replace(opts, fetch_pages=False)
    # the healthy feed answers a second late: it is in flight while the big one is read and
    # parsed, and must not time out for it
    big, good = subscribe(db, server.url("/items.xml?n=100000"),
                          server.url(HEALTHY + "?delay=1"))  # fmt: skip
    report = IngestReport()
    started = time.monotonic()
    asyncio.run(ingest_feeds(db, [big, good], opts, report))
    elapsed = time.monotonic() - started
    assert elapsed < 10, elapsed
    assert report.feeds_ok == 2 and report.drops == {"too_many_items": 1}
    kept = db.conn.execute("SELECT COUNT(*) FROM articles WHERE source_id = ?", (big.id,))
    assert kept.fetchone()[0] == 1000 == report.outcomes["inserted"] - 3
    assert db.articles.get(canonical_url(server.url("/page/items/999.html"))) is not None
    assert db.articles.get(canonical_url(server.url("/page/items/1000.html"))) is None
    assert feed_drops(db) == [("too_many_items", big.feed_url)]
    assert_healthy(db, server, good, pages=False)


def test_duplicate_guids_within_and_across_feeds(server: HostileServer, db: Store,
                                                 opts: Options) -> None:  # fmt: skip
    a, b = subscribe(db, server.url("/dup/a.xml"), server.url("/dup/b.xml"))
    report, _, _ = measured(db, [a, b], opts)
    urls = [canonical_url(server.url(f"/page/dup/{g}.html")) for g in (1, 2, 3)]
    assert report.feeds_ok == 2 and db.articles.count() == 3
    assert report.outcomes["inserted"] == 3 and report.drops == {"duplicate_item": 1}
    assert all(db.articles.get(u) is not None for u in urls)
    assert [server.hits[f"/page/dup/{g}.html"] for g in (1, 2, 3)] == [1, 1, 1]


def test_the_private_sources_switch_also_lets_the_fetcher_in(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:  # fmt: skip
    assert not Options.from_env(tmp_path / "a.db").fetch.allow_private_redirects
    monkeypatch.setenv("ALAUNE_ALLOW_PRIVATE_SOURCES", "1")
    assert Options.from_env(tmp_path / "a.db").fetch.allow_private_redirects
