"""Feed items given as a file: one JSON object per line, stored as if a feed had brought them.

Each line: ``{"id", "title", "text", "published", "outlet", "url", "lang"?}`` (the format of the
labelled days in ``../shared/data/stories``). ``text`` is the item's lead. A bad line is reported
with its number and what to fix, and nothing of the file is stored: a half-read file would leave
the user guessing what is in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from alaune.ingest.lines import ItemsError, json_lines, published_time, read_lines, text_field
from alaune.ingest.urls import canonical_url
from alaune.model import Article


def parse_jsonl(lines: Iterable[str], name: str = "items") -> list[Article]:
    """The articles of a JSONL stream of feed items; raises ItemsError naming the first bad line."""
    articles: list[Article] = []
    seen: set[str] = set()
    now = datetime.now(UTC)
    for where, record in json_lines(lines, name):
        link = text_field(record, "url", where, required=False).strip()
        if not link:
            raise ItemsError(f'{where}: "url" is missing; each item needs the address it links to')
        try:
            url = canonical_url(link)
        except ValueError as exc:
            raise ItemsError(f'{where}: "url" {link!r} is not a web address ({exc})') from None
        if url in seen:
            continue  # the same article twice in one file: once is enough
        seen.add(url)
        title = text_field(record, "title", where, required=False).strip()
        lead = text_field(record, "text", where, required=False).strip()
        if not title and not lead:
            raise ItemsError(f'{where}: the item has neither "title" nor "text"')
        articles.append(
            Article(
                url=url,
                origin="jsonl",
                fetched_at=now,
                published_at=published_time(record.get("published"), where),
                title=title,
                summary=lead,
                language=text_field(record, "lang", where, required=False) or None,
                outlet=text_field(record, "outlet", where, required=False) or None,
            )
        )
    return articles


def read_jsonl(path: Path) -> list[Article]:
    """The articles of a JSONL file of feed items."""
    return read_lines(path, parse_jsonl)
