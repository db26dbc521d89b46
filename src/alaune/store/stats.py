"""Counts for `alaune stats`."""

from __future__ import annotations

import sqlite3
from typing import Any

from alaune.drops import Reason


class StatsQueries:
    """Aggregates over articles, drops and sources."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _group(self, sql: str) -> dict[str, int]:
        return {str(k): int(n) for k, n in self.conn.execute(sql).fetchall()}

    def _by_reason(self, sql: str) -> dict[Reason, int]:
        """Counts by reason; a reason of an older version is read back as it was stored."""
        return {Reason.read(k): n for k, n in self._group(sql).items()}

    def summary(self) -> dict[str, Any]:
        """What `alaune stats --json` prints."""
        q = self.conn.execute
        articles = {
            "total": int(q("SELECT COUNT(*) FROM articles").fetchone()[0]),
            "by_status": self._group("SELECT status, COUNT(*) FROM articles GROUP BY status"),
            "by_language": self._group(
                "SELECT COALESCE(language, 'unknown'), COUNT(*) FROM articles GROUP BY 1"
            ),
            "by_origin": self._group("SELECT origin, COUNT(*) FROM articles GROUP BY origin"),
            "failed_by_reason": self._by_reason(
                "SELECT drop_reason, COUNT(*) FROM articles"
                " WHERE drop_reason IS NOT NULL GROUP BY 1"
            ),
        }
        drops = self._by_reason("SELECT reason, COUNT(*) FROM drops GROUP BY reason")
        drops_by_stage = self._group("SELECT stage, COUNT(*) FROM drops GROUP BY stage")
        sources = {
            "total": int(q("SELECT COUNT(*) FROM sources").fetchone()[0]),
            "active": int(q("SELECT COUNT(*) FROM sources WHERE active = 1").fetchone()[0]),
            "failing": int(q("SELECT COUNT(*) FROM sources WHERE error_count > 0").fetchone()[0]),
            "never_polled": int(
                q("SELECT COUNT(*) FROM sources WHERE last_polled_at IS NULL").fetchone()[0]
            ),
            "by_status": self._group(
                "SELECT CASE WHEN active = 0 THEN 'disabled'"
                " WHEN last_polled_at IS NULL THEN 'never_polled'"
                " WHEN error_count > 0 THEN 'failing' ELSE 'ok' END, COUNT(*)"
                " FROM sources GROUP BY 1"
            ),
            "by_language": self._group(
                "SELECT COALESCE(language, 'unknown'), COUNT(*) FROM sources GROUP BY 1"
            ),
            "by_country": self._group(
                "SELECT COALESCE(country, 'unknown'), COUNT(*) FROM sources GROUP BY 1"
            ),
            "by_last_error": self._by_reason(
                "SELECT substr(last_error, 1, instr(last_error || ':', ':') - 1), COUNT(*)"
                " FROM sources WHERE last_error IS NOT NULL GROUP BY 1"
            ),
        }
        one = "SELECT COUNT(*) FROM stories WHERE merged_into IS NULL"
        stories = {
            "total": int(q(one).fetchone()[0]),
            "with_several_reports": int(q(one + " AND size > 1").fetchone()[0]),
            "merged_into_another": int(
                q("SELECT COUNT(*) FROM stories WHERE merged_into IS NOT NULL").fetchone()[0]
            ),
            "reports_in_stories": int(q("SELECT COUNT(*) FROM story_members").fetchone()[0]),
            "reprints": int(
                q("SELECT COUNT(*) FROM story_members WHERE original_id IS NOT NULL").fetchone()[0]
            ),
        }
        return {
            "articles": articles,
            "drops": drops,
            "drops_by_stage": drops_by_stage,
            "sources": sources,
            "stories": stories,
        }
