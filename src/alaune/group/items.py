"""Reading the items `alaune cluster` groups: one JSON object per line.

Each line: ``{"id", "title", "text", "published", "lang"?, "outlet"?, "url"?}``; ``published``
in ISO 8601 (a time without offset is taken as UTC). A bad line is reported with its number and
what to fix, never skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from alaune.group.stories import StoryItem
from alaune.ingest.lines import ItemsError, json_lines, published_time, read_lines, text_field


def parse_items(lines: Iterable[str], name: str = "items") -> list[StoryItem]:
    """The items of a JSONL stream; raises ItemsError naming the first bad line."""
    items: list[StoryItem] = []
    seen: set[str] = set()
    for where, record in json_lines(lines, name):
        raw_id = record.get("id")
        if not isinstance(raw_id, str | int) or str(raw_id) == "":
            raise ItemsError(f'{where}: "id" is missing')
        item_id = str(raw_id)
        if item_id in seen:
            raise ItemsError(f"{where}: the id {item_id!r} appears twice; ids must be unique")
        seen.add(item_id)
        title = text_field(record, "title", where, required=False)
        text = text_field(record, "text", where, required=False)
        if not title.strip() and not text.strip():
            raise ItemsError(f'{where}: the item has neither "title" nor "text"')
        items.append(
            StoryItem(
                id=item_id,
                title=title,
                text=text,
                published=published_time(record.get("published"), where),
                lang=text_field(record, "lang", where, required=False) or None,
                outlet=text_field(record, "outlet", where, required=False) or None,
                url=text_field(record, "url", where, required=False) or None,
            )
        )
    return items


def read_items(path: Path) -> list[StoryItem]:
    """The items of a JSONL file."""
    return read_lines(path, parse_items)
