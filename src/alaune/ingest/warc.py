"""WARC/1.0 and 1.1 archives (gzip or not) -> articles, with fastwarc.

Response records become articles (URL from WARC-Target-URI, fetch time from WARC-Date); other
records are passed over, and non-HTML or non-200 responses are dropped with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from alaune.drops import Drop, Reason, Stage
from alaune.errors import InputError
from alaune.ingest.charset import decode_html
from alaune.ingest.htmlmeta import declared_language
from alaune.ingest.urls import canonical_url
from alaune.model import Article, Status

_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAGE_BYTES = 10 * 1024 * 1024


def _record_to_article(record: object, source: str) -> tuple[Article | Drop, bool]:
    """The article a response record holds, or why it is dropped; and whether its body is
    shorter than its header declared (the file may end inside it: read_warc decides)."""
    target = record.headers.get("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    status = record.http_headers.status_code if record.http_headers else None  # type: ignore[attr-defined]
    if status is None and record.content_length == 0:  # type: ignore[attr-defined]
        # fastwarc hands over a record cut off by the end of the file as an empty one; cut
        # inside its header, it has no URL either (checked first: that is no "bad_url").
        cut = "the archive ends inside this record"
        return Drop(Stage.WARC, Reason.TRUNCATED_RECORD, target or source, cut), False
    try:
        url = canonical_url(target.strip("<> "))
    except ValueError as exc:
        return Drop(Stage.WARC, Reason.BAD_URL, target or source, str(exc)), False
    if status != 200:
        reason = Reason.http(status) if status else Reason.NOT_HTTP
        return Drop(Stage.WARC, reason, url, f"HTTP status {status}"), False
    ctype = (record.http_content_type or "").split(";")[0].strip().lower()  # type: ignore[attr-defined]
    if ctype and ctype not in _HTML_TYPES:
        return Drop(Stage.WARC, Reason.NOT_HTML, url, f"content type {ctype}"), False
    size = record.content_length  # type: ignore[attr-defined]
    if size > MAX_PAGE_BYTES:
        return Drop(Stage.WARC, Reason.TOO_LARGE, url, f"{size} bytes"), False
    body = record.reader.read()  # type: ignore[attr-defined]
    # a decoded body can be shorter than declared too (chunked), but only the last record of a
    # file can be cut off by its end: read_warc checks that one
    short = len(body) < size
    if not body.strip():
        return Drop(Stage.WARC, Reason.EMPTY_BODY, url, "the response has no body"), False
    text, _charset = decode_html(body, record.http_headers.get("Content-Type"))  # type: ignore[attr-defined]
    fetched = record.record_date  # type: ignore[attr-defined]
    if fetched is not None and fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    article = Article(
        url=url,
        origin="warc",
        fetched_at=fetched,
        html=text.encode("utf-8"),
        language=declared_language(text),
        status=Status.FETCHED,
    )
    return article, short


def read_warc(path: Path) -> Iterator[Article | Drop]:
    """Every response record of one archive, as an article or a drop. A damaged archive yields
    what it could read and then a drop that says where it stopped; a last record cut off by the
    end of the file is a drop, not half a page."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read the WARC file {path}: {exc.strerror or exc}") from exc
    count = 0
    last: tuple[Article | Drop, bool] | None = None  # held back until the next record comes
    with stream:
        try:
            records = ArchiveIterator(
                stream, record_types=WarcRecordType.response, parse_http=True, auto_decode="all"
            )
            for record in records:
                count += 1
                if last is not None:
                    yield last[0]
                try:
                    last = _record_to_article(record, str(path))
                except Exception as exc:  # one bad record never stops the archive
                    detail = f"{type(exc).__name__}: {exc}"
                    last = Drop(Stage.WARC, Reason.BAD_RECORD, f"{path}#{count}", detail), False
        except Exception as exc:
            if last is not None:
                yield last[0]
                last = None
            yield Drop(
                Stage.WARC,
                Reason.DAMAGED_ARCHIVE,
                str(path),
                f"stopped after {count} records: {exc}",
            )
    if last is not None:
        item, short = last
        if short and isinstance(item, Article):
            item = Drop(
                Stage.WARC, Reason.TRUNCATED_RECORD, item.url, "the archive ends inside this record"
            )
        yield item
    if count == 0:
        yield Drop(
            Stage.WARC, Reason.NO_RECORDS, str(path), "no readable WARC response record in the file"
        )
