"""Feed items given as a file: one JSON object per line, stored as if a feed had brought them.

Each line: ``{"id", "title", "text", "published", "outlet", "url", "lang"?}`` (the format of the
labelled days in ``../shared/data/stories``). ``text`` is the item's lead. A bad line is reported
with its number and what to fix, and nothing of the file is stored: a half-read file would leave
the user guessing what is in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from alaune.group.items import ItemsError, published_time, text_field
from alaune.ingest.urls import canonical_url
from alaune.model import Article


def parse_jsonl(lines: Iterable[str], name: str = "items") -> list[Article]:
    """The articles of a JSONL stream of feed items; raises ItemsError naming the first bad line."""
    articles: list[Article] = []
    seen: set[str] = set()
    now = datetime.now(UTC)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ItemsError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise ItemsError(f"{where}: expected a JSON object")
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
    try:
        with path.open(encoding="utf-8") as handle:
            return parse_jsonl(handle, str(path))
    except OSError as exc:
        raise ItemsError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ItemsError(f"{path} is not UTF-8 text; convert it to UTF-8 JSON lines") from None
