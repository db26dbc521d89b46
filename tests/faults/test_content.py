"""Hostile documents: alaune's parsers and stages survive them in bounded time and memory, each
with a recorded reason, and the normal item beside the hostile one in the same run goes through
untouched. (The content half of the hardening suite; ``test_network.py`` is the network half.)

Every fixture is generated here. Time bounds are generous (a slow, shared two-core machine) but
real. Memory is the growth of the process's peak RSS, which counts the C parsers (lexbor, lxml,
expat) too; where the peak cannot be reset, the peak of Python's own allocations.

What reaches the web layer, for the colleague who escapes it: titles, authors and texts are
plain text, never markup, but they may hold "<", ">", "&" and quotes as characters (a title
that says ``<script>alert(1)</script>`` in so many letters keeps them); links and image
addresses are http(s) only; control characters, lone surrogates and bidirectional overrides are
taken out before anything is stored.
"""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from alaune.config import Options
from alaune.extract.metadata import extract_metadata
from alaune.ingest.feeds import MAX_ITEMS, parse_feed
from alaune.model import Article, Status
from alaune.pipeline.extract import extract_stored
from alaune.pipeline.ingest import feed_source, ingest_feeds, ingest_html, ingest_warc
from alaune.pipeline.report import IngestReport
from alaune.store import Store

SITE = "https://journal.example"
FETCHED = datetime(2024, 3, 14, 8, 0, tzinfo=UTC)
NOW = datetime(2024, 3, 14, 12, 0, tzinfo=UTC)

# --- measuring ---------------------------------------------------------------------------------


def _status_kb(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise KeyError(name)


def _reset_peak_rss() -> bool:
    """Reset the process's peak RSS (Linux: clear_refs 5); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        _status_kb("VmHWM")
    except (OSError, KeyError):
        return False
    return True


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[None]:
    """The block finishes within ``seconds`` and grows peak memory by under ``megabytes``."""
    gc.collect()
    by_rss = _reset_peak_rss()
    base = _status_kb("VmRSS") if by_rss else 0
    if not by_rss:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        if by_rss:
            grown = (_status_kb("VmHWM") - base) / 1024
        else:
            grown = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s (bound: {seconds} s)"
    assert grown < megabytes, f"peak memory grew by {grown:.0f} MB (bound: {megabytes} MB)"


# --- generated pages ---------------------------------------------------------------------------

WORDS = ["conseil", "municipal", "budget", "école", "rivière", "quartier", "marché", "printemps",
         "élection", "ministre", "route", "village", "projet", "habitants", "réunion", "tribunal",
         "hôpital", "récolte", "chantier", "gare"]  # fmt: skip


def paragraph(n: int, rnd: random.Random, words: int = 60) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(words)) + f", paragraphe numéro {n}."


def article_page(title: str, *, head: str = "", body: str = "", seed: int = 0) -> str:
    """A plain article page (one line, as many CMSs write them)."""
    rnd = random.Random(seed)
    text = body or "".join(f"<p>{paragraph(i, rnd)}</p>" for i in range(8))
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><article><h1>{title}</h1>{text}</article></body></html>"
    )


NORMAL_PAGE = article_page("Le conseil municipal vote le budget des écoles", seed=1)


BIG_PARAGRAPHS = 22_000


def big_single_line() -> str:
    """10 MB of varied paragraphs and not one line break."""
    rnd = random.Random(7)
    body = "".join(f"<p>{paragraph(n, rnd)}</p>" for n in range(BIG_PARAGRAPHS))
    return article_page("Une page de dix mégaoctets", body=body)


def wrap(inner: str) -> str:
    return f"<!doctype html><html><head><title>Hostile</title></head><body>{inner}</body></html>"


# name -> (page maker, the (status, reason) it must end with, seconds, megabytes)
HOSTILE_PAGES: dict[str, tuple[Callable[[], str], set[tuple[str, str | None]], float, float]] = {
    "10 MB on one line": (big_single_line, {("extracted", None)}, 60, 1000),
    "10 MB in one text node": (
        lambda: wrap("<p>" + "mot " * 2_500_000 + "</p>"),
        {("dropped", "no_text"), ("extracted", None)},
        40,
        1000,
    ),
    "100,000 nested divs": (
        lambda: wrap("<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000),
        {("dropped", "page_too_deep")},
        10,
        200,
    ),
    "100,000 divs left open": (
        lambda: wrap("<div>" * 100_000 + "deep"),
        {("dropped", "page_too_deep")},
        10,
        200,
    ),
    "16,000 nested tables": (
        lambda: wrap("<table><tr><td>" * 16_000 + "deep"),
        {("dropped", "page_too_deep")},
        10,
        200,
    ),
    "700,000 spans": (
        lambda: wrap("<span>x</span>" * 700_000),
        {("dropped", "too_many_elements")},
        10,
        300,
    ),
    "5,000,000 unclosed tags": (  # "<a" and never a ">"
        lambda: "<!doctype html><html><body>" + "<a" * 5_000_000,
        {("dropped", "no_text")},
        30,
        600,
    ),
    # under the guard, over lxml's 256 levels: trafilatura gets an empty tree, no exception
    "1,990 nested divs around the text": (
        lambda: wrap("<div>" * 1_990 + NORMAL_PAGE + "</div>" * 1_990),
        {("dropped", "no_text"), ("extracted", None)},
        10,
        200,
    ),
    "3,000 nested tables (under the guard)": (
        lambda: wrap("<table><tr><td>" * 3_000 + "deep"),
        {("dropped", "no_text"), ("extracted", None)},
        15,
        300,
    ),
}


def store_pages(store: Store, pages: dict[str, bytes]) -> None:
    with store.transaction():
        for path, html in pages.items():
            store.articles.upsert(
                Article(
                    url=f"{SITE}/{path}",
                    origin="html",
                    fetched_at=FETCHED,
                    html=html,
                    status=Status.FETCHED,
                )
            )


def outcome(store: Store, path: str) -> tuple[str, str | None]:
    row = store.conn.execute(
        "SELECT status, drop_reason FROM articles WHERE url = ?", (f"{SITE}/{path}",)
    ).fetchone()
    return row[0], row[1]


def stored_text(store: Store, path: str) -> str:
    row = store.conn.execute("SELECT text FROM articles WHERE url = ?", (f"{SITE}/{path}",))
    return str(row.fetchone()[0] or "")


def assert_normal_page_extracted(store: Store, path: str = "normal") -> None:
    assert outcome(store, path) == ("extracted", None)
    assert "paragraphe numéro 7." in stored_text(store, path)


def all_stored_text(store: Store) -> list[str]:
    """Every text value of every table, read back from SQLite: reading fails on text that is
    not valid UTF-8, so this is also the round trip check."""
    tables = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    found: list[str] = []
    for table in tables:
        for row in store.conn.execute(f'SELECT * FROM "{table}"'):
            found += [v for v in row if isinstance(v, str)]
    return found


def unsafe_characters(text: str) -> set[str]:
    """Characters no stored text should hold: controls, lone surrogates, bidi overrides."""
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    return {
        ch
        for ch in text
        if ch in bidi or (unicodedata.category(ch) in {"Cc", "Cs"} and ch not in "\n\t")
    }


# --- extraction: huge, deep and hostile pages ---------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE_PAGES))
def test_hostile_page_through_the_extract_stage(store: Store, name: str) -> None:
    make, expected, seconds, megabytes = HOSTILE_PAGES[name]
    store_pages(store, {"normal": NORMAL_PAGE.encode(), "hostile": make().encode()})
    with bounded(seconds, megabytes):
        report = extract_stored(store)
    assert report.pages == 2
    assert outcome(store, "hostile") in expected
    assert_normal_page_extracted(store)
    if outcome(store, "hostile")[1] not in (None, "no_text"):  # refused: counted as failed
        assert sum(report.failed.values()) == 1
    if name == "10 MB on one line":  # read to its last paragraph, not cut at some buffer size
        assert stored_text(store, "hostile").endswith(f"paragraphe numéro {BIG_PARAGRAPHS - 1}.")


def alaune(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alaune", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
        check=False,
    )


def test_extract_command_on_hostile_files(tmp_path: Path) -> None:
    big, deep = tmp_path / "big.html", tmp_path / "deep.html.gz"
    big.write_text(big_single_line(), encoding="utf-8")
    deep.write_bytes(gzip.compress(HOSTILE_PAGES["100,000 nested divs"][0]().encode()))
    start = time.perf_counter()
    proc = alaune("extract", str(big), "--url", f"{SITE}/big", "--format", "json")
    assert time.perf_counter() - start < 90  # interpreter and models included
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert len(record["text"]) > 5_000_000 and record["title"] == "Une page de dix mégaoctets"

    start = time.perf_counter()
    proc = alaune("extract", str(deep), "--url", f"{SITE}/deep", "--format", "json")
    assert time.perf_counter() - start < 30
    assert "Traceback" not in proc.stderr and proc.returncode == 1 and proc.stdout == ""
    assert "the page nests elements too deep to be an article" in proc.stderr


HOSTILE_TITLE = "&lt;script&gt;alert('og')&lt;/script&gt; Le\x1b[31m budget \u202egnp.exe"
HOSTILE_HEAD = (
    f'<meta property="og:title" content="{HOSTILE_TITLE}">'
    '<meta name="author" content="Jean\x07 Dupont\u202e">'
    '<meta property="og:image" content="javascript:alert(1)">'
    '<meta property="og:site_name" content="Journal\x07\u2066">'
    '<link rel="canonical" href="javascript:alert(2)">'
    '<script type="application/ld+json">{"@type": "NewsArticle",'
    ' "author": {"@type": "Person", "name": "Ana\\ud800 Lopez\\u0007"},'
    ' "articleSection": "Ville\\udfff", "keywords": ["budget\\ud800", "école"],'
    ' "image": {"url": "http://[broken", "caption": "Une photo\\u202e"}}</script>'
)
HOSTILE_BODY = (
    "<p>Le <a href=\"javascript:alert(3)\">conseil</a> a voté <img src='javascript:alert(4)'"
    " onerror='alert(5)'> le budget \x01\x02\x1b[2J \u202e des écoles, après un long débat"
    " entre les élus de la majorité et ceux de l'opposition municipale.</p>"
    "<script>document.write('<p>injecté</p>')</script>"
    + "".join(f"<p>{paragraph(i, random.Random(3))}</p>" for i in range(6))
)


def test_hostile_content_is_kept_as_plain_data(store: Store) -> None:
    page = article_page(HOSTILE_TITLE, head=HOSTILE_HEAD, body=HOSTILE_BODY)
    store_pages(store, {"hostile": page.encode(), "normal": NORMAL_PAGE.encode()})
    extract_stored(store)
    assert outcome(store, "hostile") == ("extracted", None)
    row = store.conn.execute(
        "SELECT title, text, authors, canonical_url, site_name, extra FROM articles WHERE url = ?",
        (f"{SITE}/hostile",),
    ).fetchone()
    title, text, authors, canonical, site_name, extra = row
    # markup the page escaped is text: kept, letter for letter, for the web layer to escape
    assert title == "<script>alert('og')</script> Le[31m budget gnp.exe"
    assert json.loads(authors) == ["Ana Lopez"]  # JSON-LD first: "Ana\ud800 Lopez\u0007"
    assert canonical is None and site_name == "Journal"
    assert json.loads(extra)["image"] is None  # javascript: and broken addresses are no image
    assert "alert" not in text and "injecté" not in text and "<" not in text
    assert "a voté le budget [2J des écoles" in text
    for value in all_stored_text(store):
        assert not unsafe_characters(value), value[:200]
    assert_normal_page_extracted(store)


def test_json_ld_nested_too_deep_only_loses_the_json_ld(store: Store) -> None:
    script = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    page = article_page("Un titre", head=script)
    store_pages(store, {"deep-ld": page.encode(), "normal": NORMAL_PAGE.encode()})
    with bounded(20, 300):
        extract_stored(store)
    assert outcome(store, "deep-ld") == ("extracted", None)
    assert_normal_page_extracted(store)


DATES = {
    "9999-12-31T23:59:59-14:00": None,
    "1900-01-01T00:00:00Z": None,
    "0001-01-01T00:00:00+14:00": None,
    "Mon, 01 Jan 0001 00:00:00 +1400": None,  # email.utils would read year 1 as 2001
    "²²²²²²²²²²": None,  # ten digits to str.isdigit, not to int
    "not a date at all": None,
    "2023-12-05T10:00:00-08:00": "2023-12-05T18:00:00+00:00",
    "Tue, 05 Dec 2023 10:00:00 -0330": "2023-12-05T13:30:00+00:00",
}


@pytest.mark.parametrize(("raw", "expected"), DATES.items())
def test_html_meta_dates_out_of_the_window_are_ignored(raw: str, expected: str | None) -> None:
    head = f'<meta property="article:published_time" content="{raw}">'
    meta = extract_metadata(article_page("Un titre", head=head), f"{SITE}/a", now=NOW)
    found = meta.published.astimezone(UTC).isoformat() if meta.published else None
    assert found == expected
    assert meta.title == "Un titre"


# --- feeds, through a local server into the store -----------------------------------------------


class Site:
    """A local HTTP server answering each path with the bytes and content type set for it."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path not in routes:
                    self.send_error(404)
                    return
                body, ctype = routes[self.path]
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, body: bytes, ctype: str = "application/rss+xml") -> str:
        self.routes[path] = (body, ctype)
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def poll(store: Store, *urls: str) -> IngestReport:
    """One ingest run over these feeds (subscribing to them), pages not fetched."""
    sources = [feed_source(store, u) for u in urls]
    opts = Options(db_path=Path("unused.db"), fetch_pages=False).with_fetch(
        min_host_interval=0, connect_timeout=2, read_timeout=10, total_timeout=30
    )
    report = IngestReport()
    asyncio.run(ingest_feeds(store, sources, opts, report))
    return report


def rss(items: str, head: str = "", title: str = "Le Journal") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
        f"<title>{title}</title><link>{SITE}/</link>{items}</channel></rss>"
    ).encode()


def rss_item(n: int | str, title: str = "", extra: str = "") -> str:
    return (
        f"<item><title>{title or f'Article {n}'}</title><link>{SITE}/a/{n}</link>"
        f"<guid>{SITE}/a/{n}</guid>{extra}</item>"
    )


def atom(entries: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom</title><id>urn:feed</id><updated>2024-03-14T08:00:00Z</updated>{entries}"
        "</feed>"
    ).encode()


def atom_entry(n: int | str, title: str = "", extra: str = "") -> str:
    return (
        f"<entry><title>{title or f'Article {n}'}</title><link href='{SITE}/a/{n}'/>"
        f"<id>urn:a:{n}</id><updated>2024-03-14T08:00:00Z</updated>{extra}</entry>"
    )


def json_feed(items: list[dict[str, object]], **top: object) -> bytes:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", **top, "items": items}
    return json.dumps(doc).encode()


NORMAL_FEED = rss("".join(rss_item(f"normal-{i}", f"Nouvelle {i}") for i in range(3)))


def article_titles(store: Store, feed_url: str) -> list[str]:
    rows = store.conn.execute(
        "SELECT title FROM articles WHERE feed_url = ? ORDER BY id", (feed_url,)
    ).fetchall()
    return [r[0] for r in rows]


def drops(store: Store) -> dict[str, int]:
    return dict(store.stats.summary()["drops"])


def source_error(store: Store, url: str) -> str | None:
    src = store.sources.find(url)
    assert src is not None
    return src.last_error


def assert_normal_feed_stored(store: Store, url: str) -> None:
    assert article_titles(store, url) == ["Nouvelle 0", "Nouvelle 1", "Nouvelle 2"]
    assert source_error(store, url) is None


def many_items(kind: str, n: int) -> bytes:
    if kind == "rss":
        return rss("".join(f"<item><link>{SITE}/m/{i}</link></item>" for i in range(n)))
    if kind == "atom":
        return atom("".join(f"<entry><link href='{SITE}/m/{i}'/></entry>" for i in range(n)))
    return json_feed([{"id": str(i), "url": f"{SITE}/m/{i}"} for i in range(n)])


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_a_feed_of_100000_items_is_read_up_to_the_cap(site: Site, store: Store, kind: str) -> None:
    hostile = site.serve(f"/many.{kind}", many_items(kind, 100_000))
    normal = site.serve("/normal.xml", NORMAL_FEED)
    with bounded(30, 400):
        poll(store, hostile, normal)
    assert len(article_titles(store, hostile)) == MAX_ITEMS
    assert store.articles.get(f"{SITE}/m/0") is not None  # the first items, in order
    assert store.articles.get(f"{SITE}/m/{MAX_ITEMS}") is None
    assert drops(store)["too_many_items"] == 1
    assert_normal_feed_stored(store, normal)


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_parse_a_feed_of_100000_items_in_bounded_time(kind: str) -> None:
    data = many_items(kind, 100_000)
    with bounded(10, 300):
        result = parse_feed(data, f"{SITE}/feed", now=NOW)
    assert len(result.items) == MAX_ITEMS and result.error is None
    (drop,) = result.drops
    assert drop.reason == "too_many_items" and drop.detail.startswith(f"{100_000 - MAX_ITEMS} ")


def laughs(root: str, one_line: bool) -> str:
    decls = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    return f"<!DOCTYPE {root} [" + ("" if one_line else "\n").join(decls) + "]>"


@pytest.mark.parametrize("one_line", [True, False], ids=["one line", "a line each"])
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_billion_laughs_do_not_expand(site: Site, store: Store, kind: str, one_line: bool) -> None:
    if kind == "rss":
        doc = rss(rss_item("lol", "&lol9;", "<description>&lol9;</description>")
                  + rss_item("good", "Good"), laughs("rss", one_line), title="&lol9;")  # fmt: skip
    else:
        doc = atom(atom_entry("lol", "&lol9;", "<summary>&lol9;</summary>")
                   + atom_entry("good", "Good"), laughs("feed", one_line))  # fmt: skip
    hostile = site.serve(f"/lol.{kind}", doc)
    normal = site.serve("/normal.xml", NORMAL_FEED)
    # expat would expand it up to its amplification limit: 0.7 s and 65 MB, then refuse
    with bounded(2, 16):
        poll(store, hostile, normal)
    assert "Good" in article_titles(store, hostile)
    for value in all_stored_text(store):
        assert "lollol" not in value
    assert_normal_feed_stored(store, normal)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A listening socket that records who connects to it (nobody should)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(1024) or b"(connected)")
                except OSError:
                    seen.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], seen
    stop.set()
    thread.join()
    sock.close()


def xxe_documents(secret: Path, port: int) -> dict[str, bytes]:
    file, http = f"file://{secret}", f"http://127.0.0.1:{port}/x"
    docs: dict[str, bytes] = {}
    for name, ref in (("file", file), ("http", http)):
        entity = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{ref}">]>'
        docs[f"rss-{name}"] = rss(
            rss_item(f"rss-{name}", "A &xxe;", "<description>&xxe;</description>"), entity
        )
        entity = entity.replace("rss", "feed")
        docs[f"atom-{name}"] = atom(
            atom_entry(f"atom-{name}", "A &xxe;", "<summary>&xxe;</summary>"), entity
        )
    docs["parameter"] = rss(
        rss_item("parameter"), f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{http}"> %p;]>'
    )
    docs["dtd"] = rss(rss_item("dtd"), f'<!DOCTYPE rss SYSTEM "{http}">')
    return docs


def test_external_entities_are_neither_read_nor_fetched(
    site: Site, store: Store, tmp_path: Path, listener: tuple[int, list[bytes]]
) -> None:
    port, seen = listener
    token = f"secret-{uuid.uuid4().hex}"
    secret = tmp_path / "secret.txt"
    secret.write_text(token)
    urls = [site.serve(f"/{name}.xml", doc) for name, doc in xxe_documents(secret, port).items()]
    normal = site.serve("/normal.xml", NORMAL_FEED)
    poll(store, *urls, normal)
    # each parser once more, outside the ingest run, on the same documents
    for name, doc in xxe_documents(secret, port).items():
        result = parse_feed(doc, f"{SITE}/{name}")
        assert all(token not in f"{a.title} {a.summary}" for a in result.items)
    time.sleep(0.5)  # a fetch started by a parser would have connected by now
    assert seen == []
    for value in all_stored_text(store):
        assert token not in value
    for name in xxe_documents(secret, port):  # the items themselves are kept
        assert store.articles.get(f"{SITE}/a/{name}") is not None, name
    assert_normal_feed_stored(store, normal)


def test_a_repeated_item_is_stored_once(site: Site, store: Store) -> None:
    again = rss_item("x", "X again", "<description>second copy</description>")
    tracked = rss_item("x", "X tracked").replace(f"{SITE}/a/x<", f"{SITE}/a/x?utm_source=rss#top<")
    first = site.serve("/first.xml", rss(rss_item("x", "X") + again + tracked + rss_item("y")))
    second = site.serve("/second.xml", atom(atom_entry("x", "X in Atom") + atom_entry("z")))
    third = site.serve(
        "/third.json",
        json_feed(
            [
                {"id": "1", "url": f"{SITE}/a/x"},
                {"id": "1", "url": f"{SITE}/a/x"},
                {"id": "2", "url": f"{SITE}/a/w"},
            ]
        ),
        "application/feed+json",
    )
    report = poll(store, first, second, third)
    urls = [r[0] for r in store.conn.execute("SELECT url FROM articles ORDER BY url")]
    assert urls == [f"{SITE}/a/{k}" for k in "wxyz"]
    assert report.drops["duplicate_item"] == 3  # two in the RSS feed, one in the JSON Feed
    assert drops(store)["duplicate_item"] == 1  # one URL: one row, seen three times
    for url in (first, second, third):
        assert source_error(store, url) is None


FEED_DATES = {
    "Fri, 31 Dec 9999 23:59:59 -1400": None,
    "Mon, 01 Jan 1900 00:00:00 -0500": None,
    "Mon, 01 Jan 0001 00:00:00 +1400": None,
    "not a date": None,
    "Tue, 05 Dec 2023 10:00:00 -0800": "2023-12-05T18:00:00+00:00",
}
JSON_DATES = {
    "9999-12-31T23:59:59-14:00": None,
    "1900-01-01T00:00:00Z": None,
    "0001-01-01T00:00:00+14:00": None,
    "31/12/9999": None,
    "not a date": None,
    "Tue, 05 Dec 2023 10:00:00 -0800": "2023-12-05T18:00:00+00:00",  # RFC 822 in a JSON Feed
    "2023-12-05T10:00:00-08:00": "2023-12-05T18:00:00+00:00",
}


def published(store: Store, url: str) -> str | None:
    art = store.articles.get(url)
    assert art is not None, url  # the item is kept, whatever its date
    return art.published_at.astimezone(UTC).isoformat() if art.published_at else None


def test_feed_dates_out_of_the_window_are_dropped_and_the_items_kept(
    site: Site, store: Store
) -> None:
    items = "".join(
        rss_item(f"r{i}", extra=f"<pubDate>{raw}</pubDate>") for i, raw in enumerate(FEED_DATES)
    )
    entries = "".join(
        atom_entry(f"a{i}", extra=f"<published>{raw}</published>")
        for i, raw in enumerate(JSON_DATES)
    )
    json_items: list[dict[str, object]] = [
        {"id": str(i), "url": f"{SITE}/a/j{i}", "date_published": raw}
        for i, raw in enumerate(JSON_DATES)
    ]
    json_items.append({"id": "n", "url": f"{SITE}/a/jn", "date_published": 12345})
    urls = [
        site.serve("/dates.xml", rss(items)),
        site.serve("/dates.atom", atom(entries)),
        site.serve("/dates.json", json_feed(json_items), "application/feed+json"),
    ]
    poll(store, *urls)
    for i, expected in enumerate(FEED_DATES.values()):
        assert published(store, f"{SITE}/a/r{i}") == expected
    for i, expected in enumerate(JSON_DATES.values()):
        assert published(store, f"{SITE}/a/j{i}") == expected
        # an Atom entry without a sound <published> has its <updated>
        assert published(store, f"{SITE}/a/a{i}") == (expected or "2024-03-14T08:00:00+00:00")
    assert published(store, f"{SITE}/a/jn") is None


def charset_feeds() -> dict[str, tuple[bytes, str]]:
    title = "Été à Zürich : «la rentrée» ça continue"
    utf8 = rss(rss_item("utf8-as-latin", title))
    return {
        "utf8-as-latin": (utf8, "application/rss+xml; charset=iso-8859-1"),
        "no-charset": (
            rss(rss_item("no-charset", title)).replace(b' encoding="utf-8"', b""),
            "application/xml",
        ),
        "latin-as-utf8": (
            rss(rss_item("latin-as-utf8", title))
            .replace(b"utf-8", b"iso-8859-1")
            .decode("utf-8")
            .encode("latin-1"),
            "text/xml; charset=utf-8",
        ),
        "broken-bytes": (
            rss(rss_item("broken-bytes", "Un titre cassé")).replace(
                "cassé".encode(), b"cass\xe9 \xff\xfe\xc3("
            ),
            "application/rss+xml",
        ),
        "utf16-no-bom": (
            rss(rss_item("utf16-no-bom", title))
            .replace(b"utf-8", b"utf-16")
            .decode("utf-8")
            .encode("utf-16-le"),
            "application/rss+xml",
        ),
        "nul-bytes": (rss(rss_item("nul-bytes", "Un\x00titre\x00nul")), "application/rss+xml"),
        "mojibake": (rss(rss_item("mojibake", "Ã‰tÃ© Ã  ZÃ¼rich")), "application/rss+xml"),
        "control-chars": (
            rss(rss_item("control-chars", "Un &#x1b;[31mtitre\u202e inversé")),
            "application/rss+xml",
        ),
    }


def test_wrong_and_broken_charsets_in_feeds(site: Site, store: Store) -> None:
    feeds = charset_feeds()
    urls = {}
    for name, (body, ctype) in feeds.items():
        urls[name] = site.serve(f"/{name}.xml", body, ctype)
    lone = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "\ud800 Lone",
            "home_page_url": f"{SITE}/\ud800",
            "items": [
                {
                    "id": "1",
                    "url": f"{SITE}/a/lone",
                    "title": "a\ud800b \udfff",
                    "summary": "s\ud800s",
                    "authors": [{"name": "Ana\ud800"}],
                },
                {"id": "2", "url": f"{SITE}/a/\ud800", "title": "bad link"},
                {"id": "3", "url": f"{SITE}/a/lone-ok", "title": "Fine"},
            ],
        }
    ).encode()
    urls["lone"] = site.serve("/lone.json", lone, "application/feed+json")
    normal = site.serve("/normal.xml", NORMAL_FEED)
    poll(store, *urls.values(), normal)
    texts = all_stored_text(store)  # reads back every text from SQLite: valid UTF-8 or fails
    for value in texts:
        assert not unsafe_characters(value), value[:200]
    title = "Été à Zürich : «la rentrée» ça continue"
    for name in ("utf8-as-latin", "no-charset", "latin-as-utf8", "utf16-no-bom"):
        art = store.articles.get(f"{SITE}/a/{name}")
        assert art is not None and art.title == title, name
    for name in ("broken-bytes", "nul-bytes", "mojibake", "control-chars"):
        assert store.articles.get(f"{SITE}/a/{name}") is not None, name
    assert store.articles.get(f"{SITE}/a/nul-bytes").title == "Untitrenul"  # type: ignore[union-attr]
    lone_art = store.articles.get(f"{SITE}/a/lone")
    assert lone_art is not None
    assert (lone_art.title, lone_art.summary, lone_art.authors) == ("ab", "ss", ["Ana"])
    assert store.articles.get(f"{SITE}/a/lone-ok") is not None
    assert drops(store)["item_bad_link"] == 1  # the link with a lone surrogate: a reason
    assert_normal_feed_stored(store, normal)


def test_hostile_markup_in_feed_summaries_is_read_in_linear_time(site: Site, store: Store) -> None:
    cases = ["<!--" * 60_000, "<a" * 120_000, "<![" * 80_000, "<a x='" * 40_000 + "'"]
    items = "".join(
        rss_item(f"markup-{i}", extra=f"<description><![CDATA[{c}]]></description>")
        for i, c in enumerate(cases)
    )
    hostile = site.serve("/markup.xml", rss(items))
    normal = site.serve("/normal.xml", NORMAL_FEED)
    with bounded(10, 200):
        poll(store, hostile, normal)
    assert article_titles(store, hostile) == [f"Article markup-{i}" for i in range(len(cases))]
    assert_normal_feed_stored(store, normal)


def deep_json(levels: int) -> bytes:
    return b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + (
        b"[" * levels + b"]" * levels + b"}"
    )


@pytest.mark.parametrize(
    "doc",
    [
        deep_json(100_000),
        b'{"items": [{"url": "https://journal.example/a/1", "x": '
        + b'{"a": ' * 100_000
        + b"1"
        + b"}" * 100_000
        + b"}]}",
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=["items nested", "an item nested", "a nested array"],
)
def test_json_nested_100000_deep_is_a_bad_feed(site: Site, store: Store, doc: bytes) -> None:
    with bounded(5, 100):
        result = parse_feed(doc, f"{SITE}/deep.json")
    assert result.error == "malformed_feed" and not result.items
    hostile = site.serve("/deep.json", doc, "application/feed+json")
    normal = site.serve("/normal.xml", NORMAL_FEED)
    poll(store, hostile, normal)
    assert (source_error(store, hostile) or "").startswith("malformed_feed")
    assert_normal_feed_stored(store, normal)


def test_a_50_mb_json_feed_is_read_in_bounded_time() -> None:
    items = b",".join(b'{"url": "%s/a/%d", "title": "T"}' % (SITE.encode(), i)
                      for i in range(1_200_000))  # fmt: skip
    feed = b'{"version": "https://jsonfeed.org/version/1.1", "items": [' + items + b"]}"
    array = b"[" + items + b"]"
    assert len(feed) > 50_000_000
    with bounded(30, 1500):
        result = parse_feed(feed, f"{SITE}/big.json", now=NOW)
    assert len(result.items) == MAX_ITEMS and result.drops[0].reason == "too_many_items"
    with bounded(30, 1500):
        result = parse_feed(array, f"{SITE}/array.json", now=NOW)
    assert not result.items and result.error == "malformed_feed"  # an array is no JSON Feed


# --- pages with wrong charsets, through ingest and extraction ---------------------------------


def charset_pages() -> dict[str, bytes]:
    title = "Été à Zürich : «la rentrée» ça continue"
    page = article_page(title, seed=5)
    return {
        "utf8-as-latin": page.replace('charset="utf-8"', 'charset="iso-8859-1"').encode(),
        "latin-no-charset": page.replace('<meta charset="utf-8">', "").encode("latin-1"),
        "utf16-no-bom": page.replace('<meta charset="utf-8">', "").encode("utf-16-le"),
        "utf16-declared": page.replace('charset="utf-8"', 'charset="utf-16"').encode(),
        "nul-bytes": page.replace("Été", "É\x00té").encode(),
        "broken-bytes": page.encode().replace("rentrée".encode(), b"rentr\xe9e \xff\xc3("),
        "escape-codec": page.replace('charset="utf-8"', 'charset="unicode_escape"')
        .replace("ça", "\\ud800ça")
        .encode(),
        "hex-codec": page.replace('charset="utf-8"', 'charset="hex"').encode(),
        "utf7": page.replace('charset="utf-8"', 'charset="utf-7"').encode(),
    }


@pytest.mark.parametrize("name", list(charset_pages()))
def test_wrong_and_broken_charsets_in_pages(store: Store, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.html"
    path.write_bytes(charset_pages()[name])
    (tmp_path / "normal.html").write_text(NORMAL_PAGE, encoding="utf-8")
    report = IngestReport()
    ingest_html(store, path, f"{SITE}/{name}", report)
    ingest_html(store, tmp_path / "normal.html", f"{SITE}/normal", report)
    extract_stored(store)
    status, reason = outcome(store, name)
    assert (status, reason) == ("extracted", None)
    row = store.conn.execute("SELECT title FROM articles WHERE url = ?", (f"{SITE}/{name}",))
    title = row.fetchone()[0]
    expected = "Été à Zürich : «la rentrée» ça continue"
    if name == "escape-codec":  # refused: the escape is read as the letters it is written in
        expected = expected.replace("ça", "\\ud800ça")
    if name != "broken-bytes":  # a few broken bytes garble a word, never the page
        assert title == expected
    for value in all_stored_text(store):
        assert not unsafe_characters(value), value[:200]
    assert_normal_page_extracted(store)


# --- WARC archives: damaged, lying, empty, not WARC ---------------------------------------------


def warc_record(url: str, body: bytes, length: int | None = None) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: 2024-03-14T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) if length is None else length}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def records(prefix: str, n: int = 5, length: dict[int, int] | None = None) -> list[bytes]:
    return [
        warc_record(
            f"{SITE}/{prefix}/{i}",
            article_page(f"Page {i}", seed=i).encode(),
            (length or {}).get(i),
        )
        for i in range(n)
    ]


def gz(parts: list[bytes]) -> bytes:
    return b"".join(gzip.compress(p) for p in parts)


def corrupt_member(parts: list[bytes]) -> bytes:
    members = [gzip.compress(p) for p in parts]
    broken = bytearray(members[2])
    broken[20:60] = bytes(40)
    members[2] = bytes(broken)
    return b"".join(members)


# name -> (archive bytes, pages kept, the drop reasons it must record)
HOSTILE_WARCS: dict[str, tuple[Callable[[], bytes], int, set[str]]] = {
    "truncated mid-record (gzip)": (
        lambda: gz(records("w"))[: -len(gzip.compress(records("w")[-1])) // 2],
        4,
        {"truncated_record"},
    ),
    "truncated mid-record": (
        lambda: b"".join(records("w"))[: -len(records("w")[-1]) // 2],
        4,
        {"truncated_record"},
    ),
    "truncated inside a header": (
        lambda: b"".join(records("w"))[: len(records("w")[0]) + 40],  # no URL yet
        1,
        {"truncated_record"},
    ),
    "corrupt gzip member in the middle": (
        lambda: corrupt_member(records("w")),
        2,
        {"damaged_archive"},
    ),
    "Content-Length larger than the record": (
        lambda: b"".join(records("w", length={2: 10**6})),
        2,
        {"truncated_record"},
    ),
    "Content-Length smaller than the record": (
        lambda: b"".join(records("w", length={2: 40})),
        2,
        {"empty_body", "damaged_archive"},
    ),
    "Content-Length negative": (
        lambda: b"".join(records("w", length={2: -5})),
        2,
        {"damaged_archive"},
    ),
    "Content-Length of 10**18": (
        lambda: b"".join(records("w", length={2: 10**18})),
        2,
        {"too_large"},
    ),
    "0 bytes": (lambda: b"", 0, {"no_records"}),
    "gzip of something else": (
        lambda: gzip.compress(b"name,value\nlaughing,42\n" * 1000),
        0,
        {"no_records", "damaged_archive"},
    ),
    "plain text": (lambda: b"not an archive at all\n" * 100, 0, {"no_records"}),
}


@pytest.mark.parametrize("name", list(HOSTILE_WARCS))
def test_hostile_warc(store: Store, tmp_path: Path, name: str) -> None:
    make, kept, reasons = HOSTILE_WARCS[name]
    good = tmp_path / "good.warc.gz"
    good.write_bytes(gz(records("good", 3)))
    hostile = tmp_path / "hostile.warc.gz"
    hostile.write_bytes(make())
    report = IngestReport()
    with bounded(10, 200):
        ingest_warc(store, [hostile, good], report)
    stored = [r[0] for r in store.conn.execute("SELECT url FROM articles ORDER BY url")]
    assert stored == sorted([f"{SITE}/good/{i}" for i in range(3)] + [
        f"{SITE}/w/{i}" for i in range(kept)])  # fmt: skip
    assert set(drops(store)) & reasons, drops(store)
    assert set(drops(store)) <= reasons | {"truncated_record", "damaged_archive", "no_records"}


def test_ingest_command_on_hostile_archives(tmp_path: Path) -> None:
    paths = []
    for i, (make, _kept, _reasons) in enumerate(HOSTILE_WARCS.values()):
        path = tmp_path / f"hostile-{i}.warc.gz"
        path.write_bytes(make())
        paths.append(str(path))
    good = tmp_path / "good.warc.gz"
    good.write_bytes(gz(records("good", 3)))
    db = str(tmp_path / "cli.db")
    proc = alaune("ingest", "--warc", *paths, str(good), "--db", db, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    for reason in ("truncated_record", "damaged_archive", "no_records", "too_large"):
        assert reason in proc.stdout
    with closing(sqlite3.connect(db)) as conn:
        urls = {r[0] for r in conn.execute("SELECT url FROM articles")}
    assert {f"{SITE}/good/{i}" for i in range(3)} <= urls
    for args in (["--warc", str(tmp_path)], ["--warc", str(tmp_path / "absent.warc")]):
        proc = alaune("ingest", *args, "--db", db)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
