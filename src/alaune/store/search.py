"""Full-text search over the stored articles (SQLite FTS5), grouped by story for the reader."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

# A user's words become quoted FTS5 terms: no operator, column filter or syntax error can come
# from what they type.
_TERM = re.compile(r"\w[\w'’-]*", re.UNICODE)


def fts_query(text: str, max_terms: int = 12) -> str | None:
    """A safe FTS5 query for every word of ``text`` (all must match; the last may be a prefix),
    or None when there is no word."""
    terms = [t.replace('"', "") for t in _TERM.findall(text)][:max_terms]
    if not terms:
        return None
    quoted = [f'"{t}"' for t in terms]
    if len(terms[-1]) >= 3:
        quoted[-1] += "*"
    return " ".join(quoted)


@dataclass(frozen=True, slots=True)
class Hit:
    """An article that matches, with its story."""

    article_id: int
    url: str
    title: str
    outlet: str | None
    lang: str | None
    published: str | None
    story_id: str | None
    snippet: str


class SearchQueries:
    """Searching the articles."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def articles(self, text: str, limit: int = 50) -> list[Hit]:
        """The best matching articles (titles weigh most), newest first among equals."""
        query = fts_query(text)
        if query is None:
            return []
        rows = self.conn.execute(
            "SELECT a.id, a.url, a.title, COALESCE(a.outlet, a.site_name), a.language,"
            " COALESCE(a.published_at, a.fetched_at), m.story_id,"
            " snippet(articles_fts, -1, '[', ']', '…', 16)"
            " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            " LEFT JOIN story_members m ON m.article_id = a.id"
            " WHERE articles_fts MATCH ? AND a.status != 'dropped'"
            " ORDER BY bm25(articles_fts, 5.0, 2.0, 1.0), 6 DESC LIMIT ?",
            (query, limit),
        ).fetchall()
        return [Hit(*r) for r in rows]
