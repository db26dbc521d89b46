"""The ingest shell: feeds, pages, WARC archives and local files into the store.

Each feed's items and its new polling state are committed in one transaction, so a crash can never
leave a source marked "seen" (new ETag) without the items it served.
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from alaune.config import Options
from alaune.drops import Drop, Reason, Stage
from alaune.errors import FetchError, InputError
from alaune.ingest.charset import decode_html
from alaune.ingest.feeds import item_times, parse_feed
from alaune.ingest.fetch import Fetcher
from alaune.ingest.htmlmeta import declared_language
from alaune.ingest.local import read_html_file
from alaune.ingest.schedule import backoff, next_poll, poll_interval
from alaune.ingest.urls import canonical_url
from alaune.ingest.warc import read_warc
from alaune.model import Article, Source
from alaune.pipeline.report import IngestReport
from alaune.store import Store

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_MAX_PAGE_ATTEMPTS = 3
_BATCH = 200
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")

# progress(stage, advance, total): the CLI turns it into progress bars; tests ignore it.
Progress = Callable[[str, int, int], None]


def _noop(stage: str, advance: int, total: int) -> None:
    pass


def _store_drop(store: Store, report: IngestReport, drop: Drop) -> None:
    store.record_drop(drop)
    report.drops[drop.reason] += 1


def store_articles(
    store: Store,
    items: Iterable[Article | Drop],
    report: IngestReport,
    progress: Progress = _noop,
    stage: str = "records",
) -> None:
    """Upsert articles (and record drops) in batched transactions."""
    batch: list[Article | Drop] = []

    def flush() -> None:
        with store.transaction():
            for thing in batch:
                if isinstance(thing, Drop):
                    _store_drop(store, report, thing)
                else:
                    report.outcomes[store.articles.upsert(thing)] += 1
        progress(stage, len(batch), 0)
        batch.clear()

    for thing in items:
        report.records_seen += 1
        batch.append(thing)
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()


def ingest_warc(
    store: Store, paths: list[Path], report: IngestReport, progress: Progress = _noop
) -> None:
    """Every response record of the archives, stored once per canonical URL."""
    for path in paths:
        store_articles(store, read_warc(path), report, progress, "WARC records")


def ingest_html(store: Store, path: Path, url: str, report: IngestReport) -> None:
    """One saved page."""
    store_articles(store, [read_html_file(path, url)], report)


def _source_failed(
    store: Store,
    report: IngestReport,
    src: Source,
    failure: Drop,
    opts: Options,
    now: datetime,
    retry_after: float | None = None,
) -> None:
    src.error_count += 1
    src.last_error = f"{failure.reason}: {failure.detail}"[:500]
    src.last_polled_at = now
    wait = float(backoff(src.error_count, opts.poll))
    if retry_after:
        wait = max(wait, retry_after)
    src.next_poll_at = next_poll(now, wait)
    # A feed that is gone for good, or that failed for weeks, stops being polled.
    if failure.reason == Reason.HTTP_410 or src.error_count >= opts.poll.disable_after_errors:
        src.active = False
    store.sources.save(src)
    _store_drop(store, report, failure)


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def utf8_feed(body: bytes, content_type: str | None) -> bytes:
    """A feed in UTF-8 (declared, or by XML's default) with a few broken bytes, made valid
    UTF-8 with U+FFFD for those bytes; any other body as it is.

    feedparser meets a broken byte by reading the whole document again as windows-1252, which
    garbles every accented letter of the feed to mend one. Latin text mislabelled UTF-8 breaks
    at nearly every accented letter and decodes almost none, so more decoded than broken
    non-ASCII characters says UTF-8 with some damage (the mislabelled case stays feedparser's).
    """
    if body.isascii() or body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    header = _CHARSET.search(content_type or "")
    prolog = _XML_ENCODING.match(body[:512])
    declared = header.group(1) if header else prolog.group(1).decode() if prolog else "utf-8"
    if _codec(declared) != "utf-8":
        return body
    text = body.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    decoded = len(text) - len(text.encode("ascii", "ignore")) - broken
    return text.encode("utf-8") if decoded > broken else body


def _canonical_or_none(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return canonical_url(url)
    except ValueError:
        return None


async def poll_source(
    store: Store, fetcher: Fetcher, src: Source, opts: Options, report: IngestReport
) -> None:
    """Fetch one feed, store its items, update its polling state. Never raises."""
    now = datetime.now(UTC)
    report.feeds_polled += 1
    try:
        resp = await fetcher.fetch(
            src.feed_url, etag=src.etag, last_modified=src.last_modified, accept=FEED_ACCEPT
        )
    except FetchError as err:
        report.feeds_failed += 1
        failure = Drop(Stage.FEED, err.reason, src.feed_url, str(err))
        with store.transaction():
            _source_failed(store, report, src, failure, opts, now, err.retry_after)
        return
    moved = _canonical_or_none(resp.moved_to)
    if moved and moved != src.feed_url and store.sources.find(moved) is None:
        log.info("feed moved permanently: %s -> %s", src.feed_url, moved)
        src.feed_url = moved
    src.last_polled_at = now
    if resp.not_modified:
        report.feeds_not_modified += 1
        src.error_count, src.last_error = 0, None
        src.next_poll_at = next_poll(now, src.poll_interval_s or opts.poll.default_interval_s)
        with store.transaction():
            store.sources.save(src)
        return
    body = utf8_feed(resp.body, resp.headers.get("content-type"))
    # In a thread: parsing a large feed can take seconds (100,000 items: 10 s), and on the
    # event loop it would stall every other fetch of the run until their timeouts fired.
    result = await asyncio.to_thread(parse_feed, body, resp.url, dict(resp.headers), now)
    report.items_seen += len(result.items)
    with store.transaction():
        for drop in result.drops:
            _store_drop(store, report, drop)
        if result.error is not None:
            failure = Drop(Stage.FEED, result.error, src.feed_url, result.detail)
            if failure.reason != Reason.EMPTY_FEED:
                report.feeds_failed += 1
                _source_failed(store, report, src, failure, opts, now)
                return
        for art in result.items:
            art.source_id = src.id
            art.outlet = src.outlet or result.title or None
            art.language = art.language or src.language
            report.outcomes[store.articles.upsert(art)] += 1
        if result.error is not None:  # empty: not a failure of the source, but worth counting
            _store_drop(store, report, failure)
        report.feeds_ok += 1
        src.title = src.title or result.title
        src.site_url = src.site_url or result.site_url
        src.language = src.language or result.language
        src.etag = resp.headers.get("etag")
        src.last_modified = resp.headers.get("last-modified")
        src.error_count, src.last_error, src.last_ok_at = 0, None, now
        src.poll_interval_s = poll_interval(item_times(result), opts.poll)
        src.next_poll_at = next_poll(now, src.poll_interval_s)
        store.sources.save(src)


async def fetch_page(
    store: Store, fetcher: Fetcher, article_id: int, url: str, attempts: int, report: IngestReport
) -> None:
    """Fetch the page behind a feed item and keep its HTML. Never raises."""
    try:
        resp = await fetcher.fetch(
            url,
            accept=PAGE_ACCEPT,
            robots=True,
            content_types=fetcher.options.allowed_content_types,
            linked_from=store.articles.feed_of(article_id),
        )
        if not resp.body.strip():
            raise FetchError(Reason.EMPTY_BODY, "the page is empty", url=url)
    except FetchError as err:
        final = not err.reason.retryable or attempts + 1 >= _MAX_PAGE_ATTEMPTS
        report.pages_failed += 1
        with store.transaction():
            # The host's robots.txt being down says nothing of the page: it waits, untried.
            if err.reason != Reason.ROBOTS_UNAVAILABLE:
                store.articles.set_failed(article_id, err.reason, final=final)
            _store_drop(store, report, Drop(Stage.PAGE, err.reason, url, str(err)))
        return
    text, _ = decode_html(resp.body, resp.headers.get("content-type"))
    with store.transaction():
        store.articles.set_page(
            article_id, text.encode("utf-8"), datetime.now(UTC), declared_language(text)
        )
    report.pages_fetched += 1


async def _guarded(work: Awaitable[None], what: str, store: Store, report: IngestReport) -> None:
    """One bad source or page never stops the run: unexpected errors are recorded and logged."""
    try:
        await work
    except Exception as exc:
        log.exception("unexpected error on %s", what)
        drop = Drop(Stage.INGEST, Reason.INTERNAL_ERROR, what, f"{type(exc).__name__}: {exc}")
        _store_drop(store, report, drop)


async def ingest_feeds(
    store: Store,
    sources: list[Source],
    opts: Options,
    report: IngestReport,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: Progress = _noop,
    concurrency: int = 32,
) -> None:
    """Poll ``sources``, then fetch the pages of new items (when ``opts.fetch_pages``)."""
    async with Fetcher(opts.fetch, transport=transport) as fetcher:
        limit = asyncio.Semaphore(concurrency)

        async def one_source(src: Source) -> None:
            async with limit:
                await _guarded(
                    poll_source(store, fetcher, src, opts, report), src.feed_url, store, report
                )
            progress("feeds", 1, len(sources))

        await asyncio.gather(*(one_source(s) for s in sources))
        if not opts.fetch_pages:
            return
        pending = store.articles.pending_pages(opts.max_pages_per_run, _MAX_PAGE_ATTEMPTS)

        async def one_page(article_id: int, url: str, attempts: int) -> None:
            async with limit:
                await _guarded(
                    fetch_page(store, fetcher, article_id, url, attempts, report),
                    url,
                    store,
                    report,
                )
            progress("pages", 1, len(pending))

        await asyncio.gather(*(one_page(*p) for p in pending))


def feed_source(store: Store, url: str) -> Source:
    """The stored source for a feed URL, subscribing to it if needed."""
    try:
        feed_url = canonical_url(url)
    except ValueError as exc:
        raise InputError(f"--feed needs an http(s) feed address: {exc}") from exc
    with store.transaction():
        src, _ = store.sources.add(Source(feed_url=feed_url))
    return src


def import_sources(store: Store, found: list[Source]) -> int:
    """Add sources; returns how many were new."""
    with store.transaction():
        return sum(store.sources.add(s)[1] for s in found)
