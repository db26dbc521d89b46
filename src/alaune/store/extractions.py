"""Extraction queries: pages to extract, their results, and the learned site templates."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from alaune.drops import Reason
from alaune.model import Status
from alaune.records import ArticleExtra
from alaune.store._convert import ts, unpack


def _utc(iso: str | None) -> str | None:
    return ts(datetime.fromisoformat(iso)) if iso else None


# Keys seen on one page only are forgotten once a host has this many pages: they are articles'
# own lines, and keeping them would grow the table with every page.
_FORGET_SINGLETONS_AFTER = 50


class ExtractionQueries:
    """Reading pages for the extract stage and writing back what it found."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def pages(
        self, *, redo: bool, batch: int = 200
    ) -> Iterator[list[tuple[int, str, bytes, bool]]]:
        """Batches of (id, url, html, already extracted once) to extract, by id.

        Without ``redo`` only pages never extracted; with it every page kept (re-extraction
        after an upgrade)."""
        last = 0
        where = "html IS NOT NULL" + ("" if redo else " AND extracted_at IS NULL")
        while True:
            rows = self.conn.execute(
                f"SELECT id, url, html, extracted_at IS NOT NULL FROM articles"
                f" WHERE {where} AND id > ? ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [(r[0], r[1], unpack(r[2]) or b"", bool(r[3])) for r in rows]

    def save(self, article_id: int, record: dict[str, Any], version: int) -> None:
        """Store an extraction (``Extraction.to_json()``); no text left drops the article."""
        extra = dict(record)
        core = {
            k: extra.pop(k)
            for k in (
                "title",
                "text",
                "authors",
                "published",
                "updated",
                "language",
                "site_name",
                "canonical_url",
                "paywalled",
            )
        }
        text = bool(core["text"])
        status, reason = (Status.EXTRACTED, None) if text else (Status.DROPPED, Reason.NO_TEXT)
        self.conn.execute(
            "UPDATE articles SET title = COALESCE(?, title), text = ?, authors = ?,"
            " published_at = COALESCE(?, published_at), modified_at = ?,"
            " language = COALESCE(?, language), site_name = ?, canonical_url = ?, paywalled = ?,"
            " extra = ?, status = ?, drop_reason = ?, extracted_at = ?, extractor_version = ?"
            " WHERE id = ?",
            (
                core["title"],
                core["text"],
                json.dumps(core["authors"], ensure_ascii=False),
                _utc(core["published"]),
                _utc(core["updated"]),
                core["language"],
                core["site_name"],
                core["canonical_url"],
                int(bool(core["paywalled"])),
                ArticleExtra(extra).to_json(),
                str(status),
                None if reason is None else str(reason),
                datetime.now(UTC).isoformat(timespec="seconds"),
                version,
                article_id,
            ),
        )

    def failed(self, article_id: int, reason: Reason, version: int) -> None:
        """The extractor broke on this page: dropped with a reason, and marked as tried, so that
        later runs neither retry it nor count it again in its host's template."""
        self.conn.execute(
            "UPDATE articles SET status = ?, drop_reason = ?, extracted_at = ?,"
            " extractor_version = ? WHERE id = ?",
            (str(Status.DROPPED), str(reason), datetime.now(UTC).isoformat(timespec="seconds"),
             version, article_id),
        )  # fmt: skip

    def template_counts(self, host: str) -> tuple[int, Counter[str]]:
        """A host's learned template: (pages counted, key counts); (0, empty) when none yet."""
        row = self.conn.execute(
            "SELECT pages, counts FROM site_templates WHERE host = ?", (host,)
        ).fetchone()
        if row is None:
            return 0, Counter()
        return int(row[0]), Counter(json.loads(row[1]))

    def save_template(self, host: str, pages: int, counts: Counter[str]) -> None:
        """Persist a host's counts (so templates improve as more pages arrive)."""
        if pages >= _FORGET_SINGLETONS_AFTER:
            counts = Counter({k: n for k, n in counts.items() if n > 1})
        self.conn.execute(
            "INSERT INTO site_templates (host, pages, counts, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (host) DO UPDATE SET pages = excluded.pages, counts = excluded.counts,"
            " updated_at = excluded.updated_at",
            (
                host,
                pages,
                json.dumps(counts, ensure_ascii=False),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
