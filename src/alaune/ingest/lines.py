"""JSON lines, read with errors a user can act on: the helpers of the two JSONL inputs, feed
items (`alaune ingest --jsonl`, `alaune.ingest.jsonl`) and the items `alaune cluster` groups
(`alaune.group.items`).

A bad line is reported with its number and what to fix, never skipped silently. These sit in
ingest, the lower of the two layers, so that group reads its input through ingest and ingest
never imports group.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from alaune.errors import InputError
from alaune.model import EARLIEST, plausible_time

T = TypeVar("T")


class ItemsError(InputError):
    """A JSON-lines file of items cannot be read as it is."""


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
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    if not plausible_time(when, datetime.now(UTC)):
        raise ItemsError(
            f'{where}: "published" is {value!r}, which cannot be a publication time (give one '
            f"from {EARLIEST.year} to two days from now)"
        )
    return when


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
