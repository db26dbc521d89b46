"""A hostile HTTP server on a loopback address: one path per way a server can hurt a fetcher.

Raw sockets, not ``http.server``: a hostile answer is bytes that no well-behaved framework
writes (headers trickled a byte at a time, a 10 GB Content-Length, a reset inside the body).
Every answer closes its connection; a thread serves each one, and ``close()`` wakes the
endless ones. The tests (``tests/faults``) and the soak benchmark (``benchmarks/soak.py``)
share it.

  /robots.txt                 allows everything
  /feed/<name>.xml            a healthy RSS feed of 3 items (accented text) linking to pages
                              below; ?fresh=1 serves 3 new items on every request, ?delay=S
                              answers after S seconds
  /page/<name>/<n>.html       a healthy article page
  /case/<name>[.html]         the hostile answers of CASES (``.html``: served as a page)
  /pages.xml?cases=a,b        a feed whose items link to those cases as pages (and to each
                              &path=/P), and to one healthy page; ?fresh=1 makes the links
                              new on every request (so that the pages are fetched again)
  /redirect?to=URL            302 to URL (redirects to private addresses)
  /items.xml?n=N              a valid feed of N items
  /dup/<a|b>.xml              items repeating a GUID within a feed and across the two
  /charset/<name>.<xml|html>  CHARSET_FEEDS and CHARSET_PAGES: wrong, missing and broken
"""

from __future__ import annotations

import email.utils
import html
import random
import re
import select
import socket
import socketserver
import struct
import sys
import threading
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import brotli

GB10 = 10_000_000_000
_CHUNK = 1 << 16
YEAR_S = 365 * 24 * 3600

# Three items with letters that break when a charset is guessed wrong.
ITEMS = [
    ("Élections à Montréal : la participation dépasse les prévisions",
     "Les électeurs se sont déplacés en nombre malgré le froid."),
    ("Zürich prüft Gebühren für Straßen in der Innenstadt",
     "Der Stadtrat will die Verkehrsbelastung senken; Anwohner sind skeptisch."),
    ("Noël : les marchés de Strasbourg et de Colmar ouvrent leurs portes",
     "Des milliers de visiteurs sont attendus dès le premier week-end de décembre."),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Case:
    """A hostile answer and the reason alaune must record for it."""

    reason: str
    page: bool = True  # also served as an article page (``/case/<name>.html``)
    slow: bool = False  # ends only by a timeout


CASES: dict[str, Case] = {
    "slow_headers": Case("timeout", slow=True),  # headers trickled a byte at a time, forever
    "slow_body": Case("timeout", slow=True),  # body trickled a byte at a time, forever
    "silent": Case("timeout", slow=True),  # reads the request, never answers
    "reset": Case("connection_broken"),  # TCP reset in the middle of the body
    "truncated": Case("connection_broken"),  # Content-Length larger than the body, then FIN
    "endless_headers": Case("connection_broken"),  # header lines without end
    "garbage_reply": Case("connection_broken"),  # bytes that are not HTTP at all
    "endless_chunked": Case("too_large"),  # chunked body without end
    "huge_short": Case("too_large"),  # Content-Length 10 GB, a short body
    "huge_endless": Case("too_large"),  # Content-Length 10 GB, a body without end
    "huge_gzip": Case("decompression_bomb"),  # Content-Length 10 GB of gzip: it would inflate
    "gzip_bomb": Case("decompression_bomb"),
    "deflate_bomb": Case("decompression_bomb"),
    "br_bomb": Case("decompression_bomb"),
    "gzip_trailing": Case("too_large"),  # a small gzip body, then garbage without end
    "redirect_loop": Case("redirect_loop"),
    "redirect_endless": Case("too_many_redirects"),  # a new address at each hop
    "status_429": Case("http_429"),
    "retry_year_503": Case("http_503", page=False),  # Retry-After: a year, in seconds
    "retry_date_429": Case("http_429", page=False),  # Retry-After: a date a year ahead
    "retry_year_500": Case("http_500", page=False),  # a Retry-After on a 500 means nothing
    "retry_odd_429": Case("http_429", page=False),  # Retry-After: "²" (a digit to str.isdigit)
    "html_for_feed": Case("not_a_feed", page=False),
    "garbage_feed": Case("malformed_feed", page=False),
    "empty_feed": Case("not_a_feed", page=False),
}
# name -> (Content-Type, body): feeds of ITEMS whose charset is wrong, missing or broken.
CHARSET_FEEDS = ("latin1_prolog", "cp1252_as_utf8", "undeclared", "bogus_label", "invalid_utf8")
CHARSET_PAGES = ("latin1_undeclared", "cp1252_as_utf8", "bogus_label", "invalid_utf8")
BROKEN = b"\xff\xfe"  # never valid in UTF-8: what invalid_utf8 puts into the first title


@dataclass(slots=True)
class Request:
    """The request line and headers of one request."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]


def _read_request(conn: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        more = conn.recv(4096)
        if not more or len(data) > 65536:
            return None
        data += more
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    parts = urlsplit(lines[0].split(" ")[1])
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    return Request(parts.path, parse_qs(parts.query), headers)


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


def _send(conn: socket.socket, status: int, body: bytes, ctype: str, **extra: str) -> None:
    head = {"Content-Type": ctype, "Content-Length": str(len(body)), "Connection": "close"}
    conn.sendall(_head(status, {**head, **{k.replace("_", "-"): v for k, v in extra.items()}}))
    conn.sendall(body)


def rss(title: str, items: list[tuple[str, str, str]], encoding: str | None = "utf-8") -> str:
    """An RSS 2.0 document of (title, description, link) items (text; encode it as you like)."""
    esc = html.escape
    prolog = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    body = "".join(
        f"<item><title>{esc(t)}</title><description>{esc(d)}</description><link>{esc(link)}"
        f"</link><guid>{esc(link)}</guid></item>"
        for t, d, link in items
    )
    return f'{prolog}<rss version="2.0"><channel><title>{esc(title)}</title>{body}</channel></rss>'


def page_html(title: str, text: str, meta: str | None = "utf-8") -> str:
    """An article page; ``meta`` is the charset its <meta> declares (None: none)."""
    head = f'<meta charset="{meta}">' if meta else ""
    return (
        f"<!DOCTYPE html><html lang=fr><head>{head}<title>{html.escape(title)}</title></head>"
        f"<body><article><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
        f"<p>{html.escape(text)} {html.escape(title)}</p></article></body></html>"
    )


def _bomb_blocks(kind: str) -> Iterator[bytes]:
    """A compressed stream of zeros without end: a MiB of them per ~1 KB on the wire."""
    zeros = bytes(1 << 20)
    if kind == "br":
        comp = brotli.Compressor(quality=1)
        while True:
            yield comp.process(zeros) + comp.flush()
    raw = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = raw.compress(zeros) + raw.flush(zlib.Z_FULL_FLUSH)  # self-contained: repeatable
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" if kind == "gzip" else b"\x78\xda"
    while True:
        yield block


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = True
    allow_reuse_address = True
    request_queue_size = 256  # socketserver's 5 drops SYNs of a burst: 1 s retransmit stalls
    app: HostileServer

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], OSError):
            self.app.errors.append(traceback.format_exc())


class _TCPServer6(_TCPServer):
    address_family = socket.AF_INET6


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        self.server.app._handle(self.request)


class HostileServer:
    """The server; a context manager. ``accepted`` counts connections, ``hits`` the requests."""

    def __init__(self, host: str = "127.0.0.1", *, trickle: float = 0.1) -> None:
        self.trickle = trickle  # seconds between two bytes of a trickled answer
        self.accepted = 0
        self.hits: Counter[str] = Counter()  # path -> requests
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._conns: set[socket.socket] = set()
        self._fresh: Counter[str] = Counter()
        server_class = _TCPServer6 if ":" in host else _TCPServer
        self._srv = server_class((host, 0), _Handler)
        self._srv.app = self
        port = self._srv.server_address[1]
        self.base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._srv.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        """The absolute address of ``path`` on this server."""
        return self.base + path

    @property
    def requests(self) -> int:
        """Requests answered (or refused) so far."""
        with self._lock:
            return sum(self.hits.values())

    def close(self) -> None:
        """Stop serving; wakes every endless answer and joins the threads."""
        self._closing.set()
        self._srv.shutdown()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with suppress(OSError):  # already gone
                conn.shutdown(socket.SHUT_RDWR)
        self._srv.server_close()
        self._thread.join()

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ serving
    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(30)  # a client that stops reading cannot hold a thread for ever
        with self._lock:
            self.accepted += 1
            self._conns.add(conn)
        try:
            req = _read_request(conn)
            if req is not None:
                with self._lock:
                    self.hits[req.path] += 1
                self._route(conn, req)
        except OSError:
            pass  # the client hung up: what a hostile answer is meant to make it do
        finally:
            with self._lock:
                self._conns.discard(conn)

    def _route(self, conn: socket.socket, req: Request) -> None:
        path = req.path
        if path == "/robots.txt":
            return _send(conn, 200, b"User-agent: *\nDisallow:\n", "text/plain")
        if m := re.fullmatch(r"/feed/([\w-]+)\.xml", path):
            if self._closing.wait(float(req.arg("delay", "0"))):
                return None
            return self._healthy_feed(conn, m[1], req.arg("fresh") == "1")
        if m := re.fullmatch(r"/page/([\w-]+)/(\d+)\.html", path):
            title, text = ITEMS[int(m[2]) % len(ITEMS)]
            body = page_html(f"{title} ({m[1]} {m[2]})", text).encode()
            return _send(conn, 200, body, "text/html; charset=utf-8")
        if (m := re.fullmatch(r"/case/(\w+?)(\.html)?", path)) and m[1] in CASES:
            ctype = "text/html; charset=utf-8" if m[2] else "application/rss+xml"
            case: Callable[[socket.socket, Request, str], None] = getattr(self, f"_case_{m[1]}")
            return case(conn, req, ctype)
        if path == "/pages.xml":
            names = [n for n in req.arg("cases").split(",") if n]
            with self._lock:
                turn = self._fresh[path] if req.arg("fresh") == "1" else 0
                self._fresh[path] += 1
            tail = f"?turn={turn}" if turn else ""
            items = [(f"Page {n}", n, self.url(f"/case/{n}.html{tail}")) for n in names]
            items += [(f"Path {p}", p, self.url(p)) for p in req.query.get("path", [])]
            items.append((*ITEMS[0], self.url(f"/page/pages/{turn}.html")))
            return _send(conn, 200, rss("Pages", items).encode(), "application/rss+xml")
        if path == "/redirect":
            return _send(conn, 302, b"", "text/plain", Location=req.arg("to"))
        if path == "/items.xml":
            n = int(req.arg("n", "100000"))
            # a lean item, so that 100,000 of them fit the body limit: the parser is tested
            many = "".join(f"<item><link>{self.base}/page/items/{i}.html</link></item>"
                           for i in range(n))  # fmt: skip
            doc = f'<rss version="2.0"><channel><title>Items</title>{many}</channel></rss>'
            return _send(conn, 200, doc.encode(), "application/rss+xml")
        if m := re.fullmatch(r"/dup/([ab])\.xml", path):
            return self._dup_feed(conn, m[1])
        if m := re.fullmatch(r"/charset/(\w+)\.(xml|html)", path):
            return self._charset(conn, m[1], m[2])
        return _send(conn, 404, b"not found", "text/plain")

    def _healthy_feed(self, conn: socket.socket, name: str, fresh: bool) -> None:
        with self._lock:
            first = 3 * self._fresh[name] if fresh else 0
            self._fresh[name] += 1
        items = [(f"{ITEMS[n % 3][0]} #{n}", ITEMS[n % 3][1], self.url(f"/page/{name}/{n}.html"))
                 for n in range(first, first + 3)]  # fmt: skip
        _send(conn, 200, rss(f"Healthy {name}", items).encode(), "application/rss+xml")

    def _dup_feed(self, conn: socket.socket, which: str) -> None:
        # GUIDs that are links (isPermaLink by default) and no <link>: the GUID is the address.
        guids = ["1", "2", "1"] if which == "a" else ["1", "3"]
        body = "".join(
            f"<item><title>Dup {which} {g}</title><guid>{self.url(f'/page/dup/{g}.html')}</guid>"
            "</item>"
            for g in guids
        )
        doc = f'<rss version="2.0"><channel><title>Dup {which}</title>{body}</channel></rss>'
        _send(conn, 200, doc.encode(), "application/rss+xml")

    def _charset(self, conn: socket.socket, name: str, ext: str) -> None:
        if ext == "xml" and name in CHARSET_FEEDS:
            items = [(t, d, self.url(f"/page/charset/{i}.html")) for i, (t, d) in enumerate(ITEMS)]
            kinds = {
                "latin1_prolog": ("", "iso-8859-1", "iso-8859-1"),
                "cp1252_as_utf8": ("; charset=utf-8", None, "cp1252"),
                "undeclared": ("", None, "utf-8"),
                "bogus_label": ("; charset=x-no-such-charset", None, "utf-8"),
                "invalid_utf8": ("; charset=utf-8", "utf-8", "utf-8"),
            }
            param, prolog, codec = kinds[name]
            body = rss("Échos du monde", items, prolog).encode(codec)
            if name == "invalid_utf8":
                body = body.replace("Montréal".encode(), b"Montr" + BROKEN + b"al", 1)
            return _send(conn, 200, body, "application/rss+xml" + param)
        if ext == "html" and name in CHARSET_PAGES:
            kinds2 = {
                "latin1_undeclared": ("", None, "iso-8859-1"),
                "cp1252_as_utf8": ("; charset=utf-8", None, "cp1252"),
                "bogus_label": ("; charset=x-no-such-charset", None, "utf-8"),
                "invalid_utf8": ("; charset=utf-8", "utf-8", "utf-8"),
            }
            param, meta, codec = kinds2[name]
            text = " ".join(f"{t}. {d}" for t, d in ITEMS)  # a few lines, as a short article
            body = page_html(ITEMS[0][0], text, meta=meta).encode(codec)
            if name == "invalid_utf8":
                body = body.replace("Montréal".encode(), b"Montr" + BROKEN + b"al", 1)
            return _send(conn, 200, body, "text/html" + param)
        return _send(conn, 404, b"no such charset case", "text/plain")

    # ------------------------------------------------------------------ the hostile cases
    def _endless(self, conn: socket.socket, chunks: Iterator[bytes]) -> None:
        """Sends until the client hangs up or the server closes."""
        for chunk in chunks:
            if self._closing.is_set():
                return
            conn.sendall(chunk)

    def _trickle(self) -> Iterator[bytes]:
        while not self._closing.wait(self.trickle):
            yield b"a"

    def _case_slow_headers(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\nX-Slow: ")
        self._endless(conn, self._trickle())

    def _case_slow_body(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(_head(200, {"Content-Type": ctype, "Content-Length": "1000000"}))
        self._endless(conn, self._trickle())

    def _case_silent(self, conn: socket.socket, req: Request, ctype: str) -> None:
        while not self._closing.wait(0.05):
            ready, _, _ = select.select([conn], [], [], 0)
            if ready and not conn.recv(1, socket.MSG_PEEK):
                return  # the client gave up

    def _case_reset(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(_head(200, {"Content-Type": ctype, "Content-Length": "1000000"}))
        conn.sendall(b"<rss>" + b" " * 8000)
        time.sleep(0.05)  # let the start of the body arrive: the reset comes mid-body
        # SO_LINGER 0: close() sends a RST instead of a FIN
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    def _case_truncated(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(_head(200, {"Content-Type": ctype, "Content-Length": "100000"}))
        conn.sendall(b"<rss>" + b" " * 995)

    def _case_endless_headers(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        line = b"X-Filler: " + b"a" * 1000 + b"\r\n"
        self._endless(conn, iter(lambda: line, None))

    def _case_garbage_reply(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(b"\x00\xff" + random.Random(7).randbytes(4096))

    def _case_endless_chunked(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(_head(200, {"Content-Type": ctype, "Transfer-Encoding": "chunked"}))
        chunk = b"%x\r\n" % _CHUNK + b"<!-- pad -->".ljust(_CHUNK) + b"\r\n"
        self._endless(conn, iter(lambda: chunk, None))

    def _case_huge_short(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(_head(200, {"Content-Type": ctype, "Content-Length": str(GB10)}))
        conn.sendall(b"<rss>" + b" " * 95)

    def _case_huge_endless(self, conn: socket.socket, req: Request, ctype: str) -> None:
        conn.sendall(_head(200, {"Content-Type": ctype, "Content-Length": str(GB10)}))
        self._endless(conn, iter(lambda: b" " * _CHUNK, None))

    def _case_huge_gzip(self, conn: socket.socket, req: Request, ctype: str) -> None:
        head = {"Content-Type": ctype, "Content-Length": str(GB10), "Content-Encoding": "gzip"}
        conn.sendall(_head(200, head))
        # not gzip at all: a client that read any of it would say bad_encoding, not refuse it
        self._endless(conn, iter(lambda: b" " * _CHUNK, None))

    def _bomb(self, conn: socket.socket, ctype: str, kind: str, encoding: str) -> None:
        # no Content-Length: the body ends when the connection does (never, here)
        conn.sendall(_head(200, {"Content-Type": ctype, "Content-Encoding": encoding}))
        self._endless(conn, _bomb_blocks(kind))

    def _case_gzip_bomb(self, conn: socket.socket, req: Request, ctype: str) -> None:
        self._bomb(conn, ctype, "gzip", "gzip")

    def _case_deflate_bomb(self, conn: socket.socket, req: Request, ctype: str) -> None:
        self._bomb(conn, ctype, "deflate", "deflate")

    def _case_br_bomb(self, conn: socket.socket, req: Request, ctype: str) -> None:
        self._bomb(conn, ctype, "br", "br")

    def _case_gzip_trailing(self, conn: socket.socket, req: Request, ctype: str) -> None:
        comp = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        items = [(t, d, self.url("/page/trailing/0.html")) for t, d in ITEMS]
        small = comp.compress(rss("Trailing", items).encode()) + comp.flush()
        conn.sendall(_head(200, {"Content-Type": ctype, "Content-Encoding": "gzip"}) + small)
        self._endless(conn, iter(lambda: b"\x00garbage" * 8192, None))

    def _case_redirect_loop(self, conn: socket.socket, req: Request, ctype: str) -> None:
        to = req.path if "b" in req.query else req.path + "?b=1"
        _send(conn, 302, b"", "text/plain", Location=to)

    def _case_redirect_endless(self, conn: socket.socket, req: Request, ctype: str) -> None:
        hop = int(req.arg("hop", "0")) + 1
        _send(conn, 302, b"", "text/plain", Location=f"{req.path}?hop={hop}")

    def _case_status_429(self, conn: socket.socket, req: Request, ctype: str) -> None:
        _send(conn, 429, b"slow down", "text/plain")

    def _case_retry_year_503(self, conn: socket.socket, req: Request, ctype: str) -> None:
        _send(conn, 503, b"maintenance", "text/plain", Retry_After=str(YEAR_S))

    def _case_retry_date_429(self, conn: socket.socket, req: Request, ctype: str) -> None:
        when = datetime.now(UTC) + timedelta(days=365)
        date = email.utils.format_datetime(when, usegmt=True)
        _send(conn, 429, b"come back next year", "text/plain", Retry_After=date)

    def _case_retry_year_500(self, conn: socket.socket, req: Request, ctype: str) -> None:
        _send(conn, 500, b"broken", "text/plain", Retry_After=str(YEAR_S))

    def _case_retry_odd_429(self, conn: socket.socket, req: Request, ctype: str) -> None:
        head = b"HTTP/1.1 429 X\r\nContent-Length: 0\r\nRetry-After: \xb2\r\n\r\n"
        conn.sendall(head)  # \xb2 is "²" in Latin-1, which httpx decodes headers with

    def _case_html_for_feed(self, conn: socket.socket, req: Request, ctype: str) -> None:
        _send(conn, 200, page_html(*ITEMS[0]).encode(), "text/html; charset=utf-8")

    def _case_garbage_feed(self, conn: socket.socket, req: Request, ctype: str) -> None:
        _send(conn, 200, b"<" + random.Random(3).randbytes(20000), "application/rss+xml")

    def _case_empty_feed(self, conn: socket.socket, req: Request, ctype: str) -> None:
        _send(conn, 200, b"", "application/rss+xml")
