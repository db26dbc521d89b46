"""A single local HTML file (optionally .gz) -> one article."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

from alaune.errors import InputError
from alaune.ingest.charset import decode_html
from alaune.ingest.htmlmeta import declared_language
from alaune.ingest.urls import canonical_url
from alaune.model import Article, Status

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_html_file(path: Path, url: str) -> Article:
    """Read a saved page; ``url`` is where it was published (its identity in the store)."""
    try:
        canonical = canonical_url(url)
    except ValueError as exc:
        raise InputError(f"--url must be the page's http(s) address: {exc}") from exc
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB; is it a page?")
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    if not data.strip():
        raise InputError(f"{path} is empty")
    text, _ = decode_html(data)
    fetched = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return Article(
        url=canonical,
        origin="html",
        fetched_at=fetched,
        html=text.encode("utf-8"),
        language=declared_language(text),
        status=Status.FETCHED,
    )
