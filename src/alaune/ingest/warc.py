"""WARC/1.0 and 1.1 archives (gzip or not) -> articles, with fastwarc.

Response records become articles (URL from WARC-Target-URI, fetch time from WARC-Date); other
records are passed over, and non-HTML or non-200 responses are dropped with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from alaune.errors import InputError
from alaune.ingest.charset import decode_html
from alaune.ingest.htmlmeta import declared_language
from alaune.ingest.urls import canonical_url
from alaune.model import Article, Drop, Status

_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAGE_BYTES = 10 * 1024 * 1024


def _record_to_article(record: object, source: str) -> Article | Drop:
    target = record.headers.get("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    try:
        url = canonical_url(target.strip("<> "))
    except ValueError as exc:
        return Drop("warc", "bad_url", target or source, str(exc))
    status = record.http_headers.status_code if record.http_headers else None  # type: ignore[attr-defined]
    if status is None and record.content_length == 0:  # type: ignore[attr-defined]
        # fastwarc hands over a record cut off by the end of the file as an empty one.
        return Drop("warc", "truncated_record", url, "the archive ends inside this record")
    if status != 200:
        return Drop(
            "warc", f"http_{status}" if status else "not_http", url, f"HTTP status {status}"
        )
    ctype = (record.http_content_type or "").split(";")[0].strip().lower()  # type: ignore[attr-defined]
    if ctype and ctype not in _HTML_TYPES:
        return Drop("warc", "not_html", url, f"content type {ctype}")
    if record.content_length > MAX_PAGE_BYTES:  # type: ignore[attr-defined]
        return Drop("warc", "too_large", url, f"{record.content_length} bytes")  # type: ignore[attr-defined]
    body = record.reader.read()  # type: ignore[attr-defined]
    if not body.strip():
        return Drop("warc", "empty_body", url, "the response has no body")
    text, _charset = decode_html(body, record.http_headers.get("Content-Type"))  # type: ignore[attr-defined]
    fetched = record.record_date  # type: ignore[attr-defined]
    if fetched is not None and fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return Article(
        url=url,
        origin="warc",
        fetched_at=fetched,
        html=text.encode("utf-8"),
        language=declared_language(text),
        status=Status.FETCHED,
    )


def read_warc(path: Path) -> Iterator[Article | Drop]:
    """Every response record of one archive, as an article or a drop. A damaged archive yields
    what it could read and then a drop that says where it stopped."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read the WARC file {path}: {exc.strerror or exc}") from exc
    count = 0
    with stream:
        try:
            records = ArchiveIterator(
                stream, record_types=WarcRecordType.response, parse_http=True, auto_decode="all"
            )
            for record in records:
                count += 1
                try:
                    yield _record_to_article(record, str(path))
                except Exception as exc:  # one bad record never stops the archive
                    yield Drop(
                        "warc", "bad_record", f"{path}#{count}", f"{type(exc).__name__}: {exc}"
                    )
        except Exception as exc:
            yield Drop(
                "warc", "damaged_archive", str(path), f"stopped after {count} records: {exc}"
            )
    if count == 0:
        yield Drop("warc", "no_records", str(path), "no readable WARC response record in the file")
