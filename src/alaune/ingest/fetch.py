"""The HTTP fetcher: polite (per-host limits, robots.txt, Retry-After), defensive (timeouts,
size limits that hold after decompression, redirect limits), and translated to ``FetchError``.

The transport is injectable (httpx) so that tests talk to local servers only.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import brotli
import httpx

from alaune.config import FetchOptions
from alaune.errors import FetchError
from alaune.ingest.urls import host_of

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_ROBOTS_MAX = 512 * 1024


@dataclass(slots=True)
class Response:
    """A finished fetch. ``body`` is decompressed; ``moved_to`` is set when every redirect on the
    way was permanent (the caller may update a stored URL)."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""
    not_modified: bool = False
    moved_to: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        """The media type, without parameters, lower-cased."""
        value: str = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower()


def parse_retry_after(value: str | None, limit: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), limit)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), limit)


class _Decoder:
    """Content-Encoding decoding whose output is bounded, so a bomb stops at the limit."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.encoding = encoding
        self._z: Any = None
        self._br: Any = None
        self._deflate_pending = False
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)
        elif encoding == "deflate":
            # RFC 9110 says zlib-wrapped, but many servers send raw deflate; wbits 47 does not
            # cover raw streams, so those are told apart by their first byte (0x78 = zlib).
            self._z = None
            self._deflate_pending = True
        elif encoding == "br":
            self._br = brotli.Decompressor()
        elif encoding not in ("", "identity"):
            raise FetchError("bad_encoding", f"unsupported Content-Encoding {encoding!r}")

    def _grow(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.limit:
            kind = "decompression_bomb" if self.encoding not in ("", "identity") else "too_large"
            raise FetchError(kind, f"body larger than {self.limit} bytes after decoding")
        return chunk

    def feed(self, data: bytes) -> bytes:
        if self._deflate_pending and data:
            self._deflate_pending = False
            self._z = zlib.decompressobj(zlib.MAX_WBITS if data[0] == 0x78 else -zlib.MAX_WBITS)
        try:
            if self._z is not None:
                out = [self._grow(self._z.decompress(data, 1 << 16))]
                while self._z.unconsumed_tail:
                    out.append(self._grow(self._z.decompress(self._z.unconsumed_tail, 1 << 16)))
                return b"".join(out)
            if self._br is not None:
                # brotli hands out at most the limit per call, even when it says it can take
                # more input: drain it until it has nothing left for this input.
                out = [self._grow(self._br.process(data, output_buffer_limit=1 << 16))]
                while more := self._br.process(b"", output_buffer_limit=1 << 16):
                    out.append(self._grow(more))
                return b"".join(out)
        except (zlib.error, brotli.error) as exc:
            raise FetchError("bad_encoding", f"corrupt {self.encoding} body: {exc}") from exc
        return self._grow(data)

    def finish(self) -> bytes:
        """Whatever the decompressor still holds at the end of the body."""
        if self._z is not None:
            try:
                return self._grow(self._z.flush())
            except zlib.error as exc:
                raise FetchError("bad_encoding", f"corrupt {self.encoding} body: {exc}") from exc
        return b""


class _HostGate:
    """At most N requests at once to one host, and a minimum interval between their starts."""

    def __init__(self, concurrency: int) -> None:
        self.sem = asyncio.Semaphore(concurrency)
        self.lock = asyncio.Lock()
        self.next_start = 0.0

    async def wait_turn(self, interval: float) -> None:
        async with self.lock:
            delay = self.next_start - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self.next_start = time.monotonic() + interval


class Fetcher:
    """Fetches feeds and pages; every failure is a ``FetchError`` with a reason code."""

    def __init__(
        self, options: FetchOptions, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.options = options
        timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
        self.client = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self.requests = 0

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self.options.per_host_concurrency)
        return gate

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
        robots: bool = False,
        max_bytes: int | None = None,
        content_types: tuple[str, ...] | None = None,
    ) -> Response:
        """GET ``url`` following redirects; raises ``FetchError``.

        ``robots`` checks robots.txt for the URL and every redirect target; ``content_types``
        refuses other media types before their body is downloaded."""
        if robots:
            await self._check_robots(url)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        permanent = True
        current = url
        retried = False
        while True:
            resp = await self._one(
                current, headers, max_bytes or self.options.max_body_bytes, content_types
            )
            if resp.status in _REDIRECTS:
                target = resp.headers.get("location")
                if not target:
                    raise FetchError("bad_redirect", "redirect without a Location", url=current)
                target = urljoin(current, target.strip())
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError("bad_redirect", f"redirect to {target[:100]!r}", url=current)
                if target in seen:
                    raise FetchError("redirect_loop", f"redirect loop via {target[:200]}", url=url)
                if len(seen) > self.options.max_redirects:
                    raise FetchError(
                        "too_many_redirects",
                        f"more than {self.options.max_redirects} redirects",
                        url=url,
                    )
                permanent = permanent and resp.status in _PERMANENT
                if robots:
                    await self._check_robots(target)
                seen.append(target)
                current = target
                continue
            if resp.status in (429, 503):
                wait = parse_retry_after(
                    resp.headers.get("retry-after"), self.options.max_retry_after
                )
                if wait is not None and wait <= self.options.retry_wait_limit and not retried:
                    retried = True  # a short pause asked for politely: wait and try once more
                    await asyncio.sleep(wait)
                    continue
                raise FetchError(
                    f"http_{resp.status}",
                    f"server busy (HTTP {resp.status})"
                    + (f", retry after {wait:.0f}s" if wait is not None else ""),
                    url=url,
                    status_code=resp.status,
                    retry_after=wait,
                )
            resp.redirects = seen[1:]
            if resp.redirects and permanent:
                resp.moved_to = current
            if resp.status == 304:
                resp.not_modified = True
                return resp
            if resp.status >= 400 or resp.status < 200:
                raise FetchError(
                    f"http_{resp.status}",
                    f"HTTP {resp.status}",
                    url=url,
                    status_code=resp.status,
                )
            return resp

    async def _one(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        content_types: tuple[str, ...] | None = None,
    ) -> Response:
        gate = self._gate(host_of(url))
        async with gate.sem:
            await gate.wait_turn(self.options.min_host_interval)
            self.requests += 1
            try:
                async with asyncio.timeout(self.options.total_timeout):
                    return await self._get(url, headers, max_bytes, content_types)
            except TimeoutError as exc:
                raise FetchError(
                    "timeout", f"no complete answer in {self.options.total_timeout:.0f}s", url=url
                ) from exc
            except httpx.TimeoutException as exc:
                raise FetchError("timeout", f"timed out ({type(exc).__name__})", url=url) from exc
            except httpx.ConnectError as exc:
                raise FetchError("connect_error", f"cannot connect: {exc}", url=url) from exc
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                raise FetchError("connection_broken", f"connection broken: {exc}", url=url) from exc
            except httpx.InvalidURL as exc:
                raise FetchError("bad_url", f"invalid URL: {exc}", url=url) from exc
            except httpx.HTTPError as exc:
                raise FetchError("http_error", f"{type(exc).__name__}: {exc}", url=url) from exc
            except FetchError as exc:
                exc.url = exc.url or url
                raise

    async def _get(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        content_types: tuple[str, ...] | None,
    ) -> Response:
        async with self.client.stream("GET", url, headers=headers) as r:
            resp = Response(url=str(r.url), status=r.status_code, headers=r.headers)
            if not 200 <= r.status_code < 300:
                return resp  # bodies of errors and redirects are not read
            if content_types and resp.content_type and resp.content_type not in content_types:
                raise FetchError("not_html", f"the page is {resp.content_type}, not HTML")
            declared = r.headers.get("content-length", "")
            encoding = r.headers.get("content-encoding", "").strip().lower()
            if declared.isdigit() and int(declared) > max_bytes and encoding in ("", "identity"):
                raise FetchError("too_large", f"Content-Length {declared} over {max_bytes}")
            decoder = _Decoder(encoding, max_bytes)
            chunks = [decoder.feed(raw) async for raw in r.aiter_raw()]
            chunks.append(decoder.finish())
            resp.body = b"".join(chunks)
            return resp

    async def _check_robots(self, url: str) -> None:
        if not self.options.respect_robots:
            return
        verdict = await self.allowed(url)
        if verdict is None:
            # RFC 9309: while robots.txt cannot be read, assume everything is disallowed; the
            # page is left for a later run, not given up.
            raise FetchError("robots_unavailable", "robots.txt cannot be read now", url=url)
        if not verdict:
            raise FetchError("robots_disallowed", "robots.txt forbids this page", url=url)

    async def allowed(self, url: str) -> bool | None:
        """Whether robots.txt lets our User-Agent fetch ``url`` (RFC 9309; cached per host);
        None while the host's robots.txt cannot be read."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._robots:
                self._robots[key] = await self._load_robots(key)
        rules = self._robots[key]
        if rules is None:
            return None
        return rules.can_fetch(self.options.user_agent, url)

    async def _load_robots(self, origin: str) -> RobotFileParser | None:
        rules = RobotFileParser()
        try:
            resp = await self.fetch(f"{origin}/robots.txt", max_bytes=_ROBOTS_MAX)
        except FetchError as exc:
            if (
                exc.status_code is not None
                and 400 <= exc.status_code < 500
                and exc.status_code != 429
            ):
                rules.parse([])  # no robots.txt: everything is allowed
                return rules
            return None  # unreachable or failing: RFC 9309 says assume full disallow for now
        rules.parse(resp.body.decode("utf-8", "replace").splitlines())
        return rules
