"""The HTTP fetcher: polite (per-host limits, robots.txt, Retry-After), defensive (timeouts,
size limits that hold after decompression, redirect limits, no redirect into a private network),
and translated to ``FetchError``.

The transport is injectable (httpx) so that tests talk to local servers only.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from alaune.config import FetchOptions
from alaune.drops import Reason
from alaune.errors import FetchError
from alaune.ingest.decoding import BodyDecoder
from alaune.ingest.urls import host_of
from alaune.net import (
    Resolver,
    Unresolvable,
    UnsafeAddress,
    one_spelling,
    private_addresses,
    why_not_public,
)

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
    # ASCII digits only: str.isdigit() is also true of "²" or "٣", which float() refuses (a
    # header decoded as Latin-1 can hold them), and a ValueError here would escape the fetch.
    if value.isascii() and value.isdigit():
        return min(float(value), limit)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), limit)


@dataclass(slots=True)
class _Trip:
    """One fetch and its redirects: where the original URL connected, and how many hops."""

    url: str
    origin: str | None = None  # the peer address of the first hop (None: the transport hides it)
    hops: int = 0
    public_only: bool = False  # no hop, the first included, may reach a non-public address


def _peer(r: httpx.Response) -> str | None:
    """The address the response came from, as the socket says (after DNS, whatever it said)."""
    stream = r.extensions.get("network_stream")
    addr = stream.get_extra_info("server_addr") if stream is not None else None
    return one_spelling(str(addr[0])) if addr else None


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
    """Fetches feeds and pages; every failure is a ``FetchError`` with a reason code.

    ``resolve(host, port)`` looks up redirect targets for the private-address check (default:
    getaddrinfo); the connection itself resolves through httpx."""

    def __init__(
        self,
        options: FetchOptions,
        transport: httpx.AsyncBaseTransport | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.options = options
        self._resolve = resolve  # how redirect targets are looked up (default: getaddrinfo)
        self._public_feeds: dict[str, bool] = {}
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
        linked_from: str | None = None,
    ) -> Response:
        """GET ``url`` following redirects; raises ``FetchError``.

        ``robots`` checks robots.txt for the URL and every redirect target; ``content_types``
        refuses other media types before their body is downloaded; ``linked_from`` is the feed
        whose item gave ``url``: a public feed's links may not lead to a non-public address."""
        public_only = linked_from is not None and await self._is_public(linked_from, url)
        if public_only:
            try:
                await self._check_target(url, _Trip(linked_from or url, public_only=True))
            except FetchError as exc:
                raise FetchError(
                    exc.reason,
                    f"a public feed's link refused: {exc}".replace("redirect to ", ""),
                    url=url,
                ) from None
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
        trip = _Trip(url, public_only=public_only)
        while True:
            resp = await self._one(
                current, headers, max_bytes or self.options.max_body_bytes, content_types, trip
            )
            if resp.status in _REDIRECTS:
                target = resp.headers.get("location")
                if not target:
                    raise FetchError(
                        Reason.BAD_REDIRECT, "redirect without a Location", url=current
                    )
                target = urljoin(current, target.strip())
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(
                        Reason.BAD_REDIRECT, f"redirect to {target[:100]!r}", url=current
                    )
                if target in seen:
                    raise FetchError(
                        Reason.REDIRECT_LOOP, f"redirect loop via {target[:200]}", url=url
                    )
                if len(seen) > self.options.max_redirects:
                    raise FetchError(
                        Reason.TOO_MANY_REDIRECTS,
                        f"more than {self.options.max_redirects} redirects",
                        url=url,
                    )
                permanent = permanent and resp.status in _PERMANENT
                # before robots.txt, whose fetch would connect to the target's host
                await self._check_target(target, trip)
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
                    Reason.http(resp.status),
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
                    Reason.http(resp.status),
                    f"HTTP {resp.status}",
                    url=url,
                    status_code=resp.status,
                )
            return resp

    async def _check_target(self, target: str, trip: _Trip) -> None:
        """Refuses, without connecting, a redirect to a host that is (or resolves to) a
        non-public address other than the one the original URL connected to.

        A feed's server must not be able to make us request the cloud metadata service or a
        service on our LAN by redirecting there (SSRF). A private mirror may redirect within
        itself: same address, or same host name (then the peer check in ``_get`` holds it to
        the same address, whichever the name resolves to first)."""
        if self.options.allow_private_redirects:
            return
        if urlsplit(target).hostname == urlsplit(trip.url).hostname:
            return
        try:
            async with asyncio.timeout(self.options.connect_timeout):
                found = await asyncio.to_thread(private_addresses, target, resolve=self._resolve)
        except Unresolvable:
            return  # connecting fails the same way; if DNS answers then, the peer check holds
        except UnsafeAddress as exc:
            raise FetchError(Reason.BAD_REDIRECT, str(exc), url=trip.url) from exc
        except TimeoutError as exc:
            raise FetchError(
                Reason.TIMEOUT, f"cannot resolve {target[:200]}", url=trip.url
            ) from exc
        for addr, why in found:
            if one_spelling(addr) != trip.origin:
                raise FetchError(
                    Reason.PRIVATE_ADDRESS,
                    f"redirect to {target[:200]} refused: {addr} is {why}",
                    url=trip.url,
                )

    async def _is_public(self, feed: str, url: str) -> bool:
        """Whether the page ``url`` that ``feed`` links to must stay on public addresses: the
        feed is on one and names another host (a feed on the internet must not make us fetch
        the cloud metadata service or a LAN host by linking to it, as a redirect could not
        either). A feed on a private address is the user's own mirror: its links may stay
        private. Cached per feed host."""
        if self.options.allow_private_redirects:
            return False
        host = urlsplit(feed).hostname
        if host == urlsplit(url).hostname:
            return False
        known = self._public_feeds.get(host or "")
        if known is None:
            try:
                async with asyncio.timeout(self.options.connect_timeout):
                    found = await asyncio.to_thread(private_addresses, feed, resolve=self._resolve)
                known = not found
            except (UnsafeAddress, TimeoutError):
                known = True  # a feed we cannot place is held to the stricter rule
            self._public_feeds[host or ""] = known
        return known

    def _check_peer(self, peer: str | None, url: str, trip: _Trip) -> None:
        """The same rule, applied to the address a redirect actually connected to.

        DNS rebinding: a name can resolve to a public address when ``_check_target`` asks and to
        a private one a moment later when the connection is made. Only the socket's own peer
        address is the truth; the request has gone out by then, but nothing of the answer is
        read or kept."""
        if trip.hops == 0 and not trip.public_only:
            trip.origin = peer
        elif not self.options.allow_private_redirects and peer is not None:
            why = why_not_public(peer)
            if why is not None and peer != trip.origin:
                raise FetchError(
                    Reason.PRIVATE_ADDRESS, f"{url[:200]} connected to {peer}, {why}", url=trip.url
                )
        trip.hops += 1

    async def _one(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        content_types: tuple[str, ...] | None,
        trip: _Trip,
    ) -> Response:
        gate = self._gate(host_of(url))
        async with gate.sem:
            await gate.wait_turn(self.options.min_host_interval)
            self.requests += 1
            try:
                async with asyncio.timeout(self.options.total_timeout):
                    return await self._get(url, headers, max_bytes, content_types, trip)
            except TimeoutError as exc:
                raise FetchError(
                    Reason.TIMEOUT,
                    f"no complete answer in {self.options.total_timeout:g}s",
                    url=url,
                ) from exc
            except httpx.TimeoutException as exc:
                raise FetchError(
                    Reason.TIMEOUT, f"timed out ({type(exc).__name__})", url=url
                ) from exc
            except httpx.ConnectError as exc:
                raise FetchError(Reason.CONNECT_ERROR, f"cannot connect: {exc}", url=url) from exc
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                what = str(exc) or type(exc).__name__  # a reset says nothing of itself
                raise FetchError(
                    Reason.CONNECTION_BROKEN, f"connection broken: {what}", url=url
                ) from exc
            except httpx.InvalidURL as exc:
                raise FetchError(Reason.BAD_URL, f"invalid URL: {exc}", url=url) from exc
            except httpx.HTTPError as exc:
                raise FetchError(
                    Reason.HTTP_ERROR, f"{type(exc).__name__}: {exc}", url=url
                ) from exc
            except FetchError as exc:
                exc.url = exc.url or url
                raise

    async def _get(
        self,
        url: str,
        headers: dict[str, str],
        max_bytes: int,
        content_types: tuple[str, ...] | None,
        trip: _Trip,
    ) -> Response:
        async with self.client.stream("GET", url, headers=headers) as r:
            self._check_peer(_peer(r), url, trip)
            resp = Response(url=str(r.url), status=r.status_code, headers=r.headers)
            if not 200 <= r.status_code < 300:
                return resp  # bodies of errors and redirects are not read
            if content_types and resp.content_type and resp.content_type not in content_types:
                raise FetchError(Reason.NOT_HTML, f"the page is {resp.content_type}, not HTML")
            declared = r.headers.get("content-length", "").strip()
            encoding = r.headers.get("content-encoding", "").strip().lower()
            decoder = BodyDecoder(encoding, max_bytes)
            if declared.isascii() and declared.isdigit() and int(declared) > decoder.raw_limit:
                # refused before reading; compressed, it would inflate past the limit: a bomb
                kind = (
                    Reason.TOO_LARGE
                    if decoder.raw_limit == max_bytes
                    else Reason.DECOMPRESSION_BOMB
                )
                raise FetchError(kind, f"Content-Length {declared} over {max_bytes}")
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
            raise FetchError(Reason.ROBOTS_UNAVAILABLE, "robots.txt cannot be read now", url=url)
        if not verdict:
            raise FetchError(Reason.ROBOTS_DISALLOWED, "robots.txt forbids this page", url=url)

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
