"""A local HTTP server that replays real feed days and misbehaves on demand (tests, benchmarks).

``FeedServer(day="2023-12-05")`` serves one RSS 2.0 document per feed file of that day, read from
``../shared/data/rss/rsslinkdb-2023-12-05_12``. Each item's link points back to the server
(``/article/<id>``), where a small HTML page made of the item's title and lead waits for the page
stage. Documents carry an ETag and Last-Modified and answer conditional requests with 304.
``hosts=("127.0.0.1", "127.0.0.2")`` listens on several loopback addresses and spreads feeds and
pages over them (per-host politeness then has something to do).

Misbehaving endpoints, each on its own path, work without the shared data:

  /feed/_sample                a small feed with accented text (French, Polish, German)
  /moved/<code>/<path>         a redirect with that status (301, 302, 307, 308) to /<path>
                               (percent-decoded first: the target may carry a query)
  /chain/<n>/<path>            n redirects in a row, the last one to /<path>
  /loop/a                      /loop/a -> /loop/b -> /loop/a ...
  /status/<code>               that status; ?retry_after=N adds a Retry-After header
  /flaky/<code>/<secs>/<path>  <code> + Retry-After <secs> the first time, then /<path>
  /stall/trickle               headers at once, then one byte every ?every= seconds (default 1)
  /stall/silent                reads the request and never answers
  /wrong-charset.xml, .html    UTF-8 bytes served as charset=iso-8859-1
  /big/declared, /big/streamed ?size= bytes (default 12 MiB), with or without a Content-Length
  /bomb.xml, /bomb.html        gzip: 1.1 MB on the wire, 1.1 GiB inflated
  /home.html                   an HTML page (given where a feed is expected)
  /malformed.xml               an XML document that is not well formed and not a feed
  /files/report.pdf            application/pdf
  /private/<name>, /news/<name>  pages; robots_disallow=["/private/"] forbids the first
  /robots.txt                  allows all, or robots_disallow; robots_status=503 makes it fail
  /pages-feed.xml              a feed whose items link to the pages of PAGE_CASES (?cases=a,b)
  /index.php?feed=rss2         a WordPress-style feed address (/index.php alone is the home page)
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import hashlib
import html
import json
import re
import select
import socket
import struct
import sys
import threading
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree as ET

from alaune.ingest.urls import canonical_url

SHARED = Path(__file__).resolve().parents[3] / "shared"
RSS_DAYS = SHARED / "data" / "rss" / "rsslinkdb-2023-12-05_12"
BOMB_INFLATED = 1100 << 20
SAMPLE_SLUG = "_sample"
# The page stage's cases: name -> path (linked from /pages-feed.xml).
PAGE_CASES = {
    "ok": "/news/ok.html",
    "pdf": "/files/report.pdf",
    "robots": "/private/secret.html",
    "gone": "/status/404",
    "error": "/status/500",
    "bomb": "/bomb.html",
    "big": "/big/streamed.html",
    "charset": "/wrong-charset.html",
    "redirect_to_robots": "/moved/302/private/moved.html",
}
SAMPLE = [
    {"title": "Élections à Montréal : la participation dépasse les prévisions",
     "description": "Les électeurs se sont déplacés en nombre malgré le froid.",
     "link": "https://example.org/fr/elections", "language": "fr",
     "date_published": "2023-12-05T08:00:00+00:00", "album": "Échos du monde"},
    {"title": "Łódź: nowe połączenie kolejowe do Warszawy już w grudniu",
     "description": "Pociągi pojadą szybciej, a bilety będą tańsze — zapowiada spółka.",
     "link": "https://example.org/pl/kolej", "language": "pl",
     "date_published": "2023-12-05T09:30:00+00:00", "album": "Échos du monde"},
    {"title": "Zürich prüft Gebühren für Straßen in der Innenstadt",
     "description": "Der Stadtrat will die Verkehrsbelastung senken; Anwohner sind skeptisch.",
     "link": "https://example.org/de/zuerich", "language": "de",
     "date_published": "2023-12-05T11:15:00+00:00", "album": "Échos du monde"},
]  # fmt: skip
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HTML_HOME = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Daily News</title>'
    '<link rel="alternate" type="application/rss+xml" href="/feed/_sample"></head>'
    "<body><h1>Daily News</h1><p>Top stories<br>of the day</p><img src=/logo.png></body></html>"
)


def day_dir(day: str) -> Path:
    """The folder of one day's feed files."""
    return RSS_DAYS / day


def have_day(day: str) -> bool:
    """Whether the shared data holds that day."""
    return day_dir(day).is_dir()


def load_day(day: str) -> dict[str, list[dict[str, Any]]]:
    """slug -> items, one entry per feed file of the day."""
    feeds: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(day_dir(day).glob("*_entries.json")):
        slug = re.sub(r"[^A-Za-z0-9._-]", "-", path.name.removesuffix("_entries.json")) or "_none"
        assert slug not in feeds, f"two feed files make slug {slug}"
        feeds[slug] = json.loads(path.read_text(encoding="utf-8"))
    return feeds


def article_id(link: str) -> str:
    """The stable id of an item's page: a hash of its canonical link (so variants share a page)."""
    with suppress(ValueError):
        link = canonical_url(link)
    return hashlib.blake2b(link.encode("utf-8", "replace"), digest_size=8).hexdigest()


@functools.cache
def gzip_bomb() -> bytes:
    """A valid gzip member of BOMB_INFLATED zero bytes, made without ever holding them: one
    compressed MiB (full flush: self-contained, repeatable), repeated, then the trailer."""
    zeros = bytes(1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    count = BOMB_INFLATED >> 20
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    trailer = comp.flush(zlib.Z_FINISH) + struct.pack("<II", crc, BOMB_INFLATED & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + block * count + trailer


def _clean(text: Any) -> str:
    return _NOT_XML.sub("", str(text or ""))


def _when(value: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def rss_document(title: str, site: str, items: list[tuple[dict[str, Any], str]],
                 declaration: bool = True) -> bytes:  # fmt: skip
    """An RSS 2.0 document; ``items`` are (item, its link as served)."""
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    lang = next((i.get("language") for i, _ in items if i.get("language")), None)
    for tag, text in (("title", title), ("link", site), ("description", f"{title} (replayed)"),
                      ("language", lang)):  # fmt: skip
        if text:
            ET.SubElement(channel, tag).text = _clean(text)
    for item, link in items:
        node = ET.SubElement(channel, "item")
        ET.SubElement(node, "title").text = _clean(item.get("title"))
        ET.SubElement(node, "link").text = link
        ET.SubElement(node, "guid", isPermaLink="true").text = link
        ET.SubElement(node, "description").text = _clean(item.get("description"))
        when = _when(item.get("date_published"))
        if when:
            ET.SubElement(node, "pubDate").text = email.utils.format_datetime(when, usegmt=True)
    doc: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=declaration)
    return doc


def article_page(item: dict[str, Any], meta: bool = True) -> bytes:
    """The HTML page behind a feed item."""
    title = html.escape(_clean(item.get("title")))
    lang = html.escape(str(item.get("language") or "en"))
    head = '<meta charset="utf-8">' if meta else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{head}<title>{title}</title></head><body>'
        f"<article><h1>{title}</h1><p>{html.escape(_clean(item.get('description')))}</p>"
        "</article></body></html>"
    ).encode("utf-8", "replace")


@dataclass(frozen=True, slots=True)
class Doc:
    """A served document and its validators."""

    body: bytes
    content_type: str
    etag: str
    modified: str

    @classmethod
    def of(cls, body: bytes, content_type: str, modified: datetime | None = None) -> Doc:
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        when = modified or datetime(2023, 12, 5, tzinfo=UTC)
        return cls(body, content_type, etag, email.utils.format_datetime(when, usegmt=True))

    def fresh(self, headers: Any) -> bool:
        """Whether a conditional request already holds this version (RFC 9110 13.2.2)."""
        tags = headers.get("If-None-Match")
        if tags is not None:
            return any(t.strip().removeprefix("W/") in (self.etag, "*") for t in tags.split(","))
        try:
            since = email.utils.parsedate_to_datetime(headers.get("If-Modified-Since"))
        except (TypeError, ValueError):
            return False
        return since >= email.utils.parsedate_to_datetime(self.modified)


@dataclass(slots=True)
class Hit:
    """One request as the server saw it."""

    path: str  # with the query
    host: str  # the Host header
    headers: dict[str, str]  # names lower-cased
    started: float
    status: int = 0  # 0: no answer
    elapsed: float = 0.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection goes away on its own
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    server: _Server
    hit: Hit
    active: bool

    def setup(self) -> None:
        super().setup()
        with self.server.app._lock:
            self.server.app._connections.add(self.connection)

    def finish(self) -> None:
        with self.server.app._lock:
            self.server.app._connections.discard(self.connection)
        super().finish()

    def do_GET(self) -> None:
        self.server.app._serve(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the request log is FeedServer.requests


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True  # server_close() joins the handler threads
    app: FeedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            self.app.errors.append(traceback.format_exc())


class FeedServer:
    """The server; a context manager. ``url(path)`` names its pages, ``requests`` logs the hits,
    ``max_active`` is the most requests it served at once per Host header."""

    def __init__(self, day: str | None = None, *, hosts: Sequence[str] = ("127.0.0.1",),
                 delay: float = 0.0, feed_delay: float | None = None,
                 robots_disallow: Sequence[str] = (), robots_status: int = 200,
                 conditional: bool = True, compress: bool = True) -> None:  # fmt: skip
        self.day, self.delay, self.conditional, self.compress = day, delay, conditional, compress
        self.feed_delay = delay if feed_delay is None else feed_delay
        self.robots_disallow, self.robots_status = list(robots_disallow), robots_status
        self.requests: list[Hit] = []
        self.errors: list[str] = []
        self.max_active: Counter[str] = Counter()
        self.max_total = 0
        self._active: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._connections: set[socket.socket] = set()
        self._docs: dict[str, Doc] = {}
        self._gzipped: dict[str, bytes] = {}
        self._seen: Counter[str] = Counter()
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        for host in hosts:
            srv = _Server((host, 0), _Handler)
            srv.app = self
            self._servers.append(srv)
        self.bases = [f"http://{h}:{s.server_address[1]}"
                      for h, s in zip(hosts, self._servers, strict=True)]  # fmt: skip
        self.feeds = load_day(day) if day else {}
        self.feeds[SAMPLE_SLUG] = SAMPLE
        self.articles = {article_id(i["link"]): i for items in self.feeds.values() for i in items}
        for srv in self._servers:
            thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
            thread.start()
            self._threads.append(thread)

    # ---------------------------------------------------------------- addresses
    def url(self, path: str, host: int = 0) -> str:
        """The address of ``path`` on the ``host``-th listening address."""
        return self.bases[host] + path

    def _host_of(self, key: str) -> int:
        return int(hashlib.blake2b(key.encode(), digest_size=4).hexdigest(), 16) % len(self.bases)

    def feed_url(self, slug: str) -> str:
        """Where the feed of that slug is served."""
        return self.url(f"/feed/{slug}", self._host_of(slug))

    def feed_urls(self) -> list[str]:
        """The day's feeds (the sample feed left out)."""
        return [self.feed_url(s) for s in self.feeds if s != SAMPLE_SLUG]

    def article_url(self, link: str) -> str:
        """Where the page of the item with that original link is served."""
        aid = article_id(link)
        return self.url(f"/article/{aid}", self._host_of(aid))

    def hits(self, prefix: str = "") -> list[Hit]:
        """The requests whose path starts with ``prefix``."""
        with self._lock:
            return [h for h in self.requests if h.path.startswith(prefix)]

    # ---------------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Stop serving; wakes stalled handlers and joins every thread."""
        self._closing.set()
        for srv in self._servers:
            srv.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for srv in self._servers:
            srv.server_close()
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- serving
    def _serve(self, h: _Handler) -> None:
        h.hit = Hit(h.path, h.headers.get("Host", ""), {k.lower(): v for k, v in h.headers.items()},
                    time.monotonic())  # fmt: skip
        with self._lock:
            self.requests.append(h.hit)
            self._active[h.hit.host] += 1
            self.max_active[h.hit.host] = max(self.max_active[h.hit.host], self._active[h.hit.host])
            self.max_total = max(self.max_total, sum(self._active.values()))
        h.active = True
        try:
            parts = urlsplit(h.path)
            wait = self.feed_delay if parts.path.startswith("/feed/") else self.delay
            if not (wait > 0 and self._closing.wait(wait)):
                self._route(h, parts.path, parse_qs(parts.query))
        except (ConnectionError, TimeoutError):
            h.close_connection = True
        finally:
            self._answering(h, h.hit.status)
            h.hit.elapsed = time.monotonic() - h.hit.started

    def _answering(self, h: _Handler, status: int) -> None:
        """Called before the first byte of an answer leaves: when the client sees it, the request
        log already says so, and the request no longer counts as active (so that counts never run
        ahead of what the client can have had in flight)."""
        h.hit.status = status
        if h.active:
            h.active = False
            with self._lock:
                self._active[h.hit.host] -= 1

    def _route(self, h: _Handler, path: str, query: dict[str, list[str]]) -> int:
        def arg(name: str, default: str | None) -> Any:
            return query.get(name, [default])[0]

        if path == "/robots.txt":
            rules = "".join(f"Disallow: {p}\n" for p in self.robots_disallow) or "Disallow:\n"
            return self._send(
                h, self.robots_status, f"User-agent: *\n{rules}".encode(), "text/plain"
            )
        if path.startswith("/feed/") and path[6:] in self.feeds:
            return self._doc(h, path, lambda: self._feed_doc(path[6:]))
        if path.startswith("/article/") and path[9:] in self.articles:
            return self._doc(h, path, lambda: Doc.of(article_page(self.articles[path[9:]]),
                                                     "text/html; charset=utf-8"))  # fmt: skip
        if path.startswith(("/private/", "/news/")):
            return self._doc(h, path, lambda: Doc.of(article_page(SAMPLE[0]), "text/html"))
        if m := re.fullmatch(r"/moved/(30[1278])/(.+)", path):
            target = unquote(m[2])  # percent-encoded: any target, query and all
            return self._send(h, int(m[1]), location=target if "://" in target else "/" + target)
        if m := re.fullmatch(r"/chain/(\d+)/(.+)", path):
            left = int(m[1]) - 1
            return self._send(h, 302, location=f"/chain/{left}/{m[2]}" if left else "/" + m[2])
        if path in ("/loop/a", "/loop/b"):
            return self._send(h, 301, location="/loop/b" if path == "/loop/a" else "/loop/a")
        if m := re.fullmatch(r"/status/(\d{3})", path):
            retry = arg("retry_after", None)
            return self._send(h, int(m[1]), b"nothing here", "text/plain", retry_after=retry)
        if m := re.fullmatch(r"/flaky/(\d{3})/(\d+)/(.+)", path):
            with self._lock:
                self._seen[h.path] += 1
                first = self._seen[h.path] == 1
            if first:
                return self._send(h, int(m[1]), b"busy", "text/plain", retry_after=m[2])
            return self._route(h, "/" + m[3], query)
        if path == "/stall/trickle":
            return self._stream(
                h, "application/rss+xml", 100_000, self._drip(float(arg("every", "1")))
            )
        if path == "/stall/silent":
            self._wait_for_hangup(h)
            return 0
        if path == "/wrong-charset.xml":
            body = self._feed_doc(SAMPLE_SLUG, declaration=False).body
            return self._send(h, 200, body, "application/rss+xml; charset=iso-8859-1")
        if path == "/wrong-charset.html":
            body = article_page(SAMPLE[1], meta=False)
            return self._send(h, 200, body, "text/html; charset=iso-8859-1")
        if m := re.fullmatch(r"/big/(declared|streamed)(\.html)?", path):
            kind = "text/html" if m[2] else "application/rss+xml"
            size, pad = int(arg("size", str(12 << 20))), b"<!-- padding -->" * 4096
            chunks = (pad[: size - at] for at in range(0, size, len(pad)))
            return self._stream(h, kind, size if m[1] == "declared" else None, chunks)
        if path in ("/bomb.xml", "/bomb.html"):
            kind = "text/html" if path.endswith(".html") else "application/rss+xml"
            return self._send(h, 200, gzip_bomb(), kind, encoding="gzip")
        if path == "/home.html" or (path == "/index.php" and arg("feed", "") != "rss2"):
            return self._send(h, 200, _HTML_HOME.encode(), "text/html; charset=utf-8")
        if path == "/index.php":
            return self._doc(h, h.path, lambda: self._feed_doc(SAMPLE_SLUG))
        if path == "/malformed.xml":
            body = b'<?xml version="1.0"?>\n<error><message>Database & cache down</message>\n'
            return self._send(h, 200, body, "application/xml")
        if path == "/files/report.pdf":
            return self._send(h, 200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "application/pdf")
        if path == "/pages-feed.xml":  # ?cases=a,b picks some of PAGE_CASES
            wanted = arg("cases", ",".join(PAGE_CASES)).split(",")
            items = [({"title": f"Page case {k}", "description": k}, self.url(PAGE_CASES[k]))
                     for k in wanted]  # fmt: skip
            return self._send(h, 200, rss_document("Page cases", self.url("/"), items),
                              "application/rss+xml")  # fmt: skip
        return self._send(h, 404, b"not found", "text/plain")

    def _feed_doc(self, slug: str, declaration: bool = True) -> Doc:
        items = self.feeds[slug]
        title = next((i.get("album") for i in items if i.get("album")), None) or slug
        links = [(i, self.article_url(i["link"])) for i in items]
        body = rss_document(title, self.url("/"), links, declaration)
        dates = [d for d in (_when(i.get("date_published")) for i in items) if d]
        return Doc.of(body, "application/rss+xml; charset=utf-8", max(dates, default=None))

    def _doc(self, h: _Handler, key: str, make: Callable[[], Doc]) -> int:
        doc = self._docs.get(key)
        if doc is None:
            doc = self._docs[key] = make()
        validators = {"ETag": doc.etag, "Last-Modified": doc.modified}
        if self.conditional and doc.fresh(h.headers):
            return self._send(h, 304, headers=validators)
        body, encoding = doc.body, None
        if self.compress and "gzip" in h.headers.get("Accept-Encoding", "") and len(body) > 512:
            if key not in self._gzipped:
                self._gzipped[key] = gzip.compress(body, compresslevel=5, mtime=0)
            body, encoding = self._gzipped[key], "gzip"
        return self._send(h, 200, body, doc.content_type, encoding=encoding, headers=validators)

    def _send(self, h: _Handler, status: int, body: bytes = b"", content_type: str | None = None,
              *, location: str | None = None, retry_after: str | None = None,
              encoding: str | None = None,
              headers: dict[str, str] | None = None) -> int:  # fmt: skip
        self._answering(h, status)
        h.send_response(status)
        extra = {"Content-Type": content_type, "Location": location, "Retry-After": retry_after,
                 "Content-Encoding": encoding, **(headers or {})}  # fmt: skip
        for name, value in extra.items():
            if value is not None:
                h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        for at in range(0, len(body), 1 << 16):
            h.wfile.write(body[at : at + (1 << 16)])
        return status

    def _stream(self, h: _Handler, content_type: str, length: int | None,
                chunks: Iterable[bytes]) -> int:  # fmt: skip
        """Headers at once, then the body as it comes; the connection ends with it."""
        self._answering(h, 200)
        h.close_connection = True
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        if length is not None:
            h.send_header("Content-Length", str(length))
        h.end_headers()
        for chunk in chunks:
            h.wfile.write(chunk)
        return 200

    def _drip(self, every: float) -> Iterator[bytes]:
        while not self._closing.wait(every):
            yield b" "

    def _wait_for_hangup(self, h: _Handler) -> None:
        h.close_connection = True
        while not self._closing.wait(0.05):
            ready, _, _ = select.select([h.connection], [], [], 0)
            if ready and not h.connection.recv(1, socket.MSG_PEEK):
                return  # the client gave up
