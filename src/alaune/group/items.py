"""Reading the items `alaune cluster` groups: one JSON object per line.

Each line: ``{"id", "title", "text", "published", "lang"?, "outlet"?, "url"?}``; ``published``
in ISO 8601 (a time without offset is taken as UTC). A bad line is reported with its number and
what to fix, never skipped silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from alaune.errors import InputError
from alaune.group.stories import StoryItem

T = TypeVar("T")


class ItemsError(InputError):
    """An items file cannot be grouped as it is."""


def published_time(value: Any, where: str) -> datetime:
    """An item's ISO 8601 publication time (UTC when it has no offset)."""
    if not isinstance(value, str) or not value.strip():
        raise ItemsError(f'{where}: "published" is missing; give an ISO 8601 time')
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ItemsError(
            f'{where}: "published" is {value!r}, not an ISO 8601 time such as '
            "2023-12-12T08:30:00+00:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def text_field(record: dict[str, Any], key: str, where: str, required: bool) -> str:
    """A text field of an item ("" when absent and not required)."""
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ItemsError(f'{where}: "{key}" must be text')
    return value


def json_lines(lines: Iterable[str], name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object) for each non-blank line; raises ItemsError naming the first bad line."""
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
        yield where, record


def read_lines(path: Path, parse: Callable[[Iterable[str], str], T]) -> T:
    """A JSONL file parsed by ``parse``, with clear errors for unreadable or non-UTF-8 files."""
    try:
        with path.open(encoding="utf-8") as handle:
            return parse(handle, str(path))
    except OSError as exc:
        raise ItemsError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ItemsError(f"{path} is not UTF-8 text; convert it to UTF-8 JSON lines") from None


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
