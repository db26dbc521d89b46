"""Article queries: idempotent upserts keyed by canonical URL."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Literal

from alaune.drops import Reason
from alaune.model import Article, Status
from alaune.records import ArticleExtra
from alaune.store._convert import pack, parse_ts, ts, unpack

Outcome = Literal["inserted", "updated", "unchanged", "older"]

_COLUMNS = (
    "id, url, origin, source_id, feed_url, outlet, fetched_at, published_at, language, title,"
    " summary, text, authors, html, status, drop_reason, feed_rank"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        url=row["url"],
        origin=row["origin"],
        source_id=row["source_id"],
        feed_url=row["feed_url"],
        outlet=row["outlet"],
        fetched_at=parse_ts(row["fetched_at"]),
        published_at=parse_ts(row["published_at"]),
        language=row["language"],
        title=row["title"],
        summary=row["summary"],
        text=row["text"],
        authors=json.loads(row["authors"]),
        html=unpack(row["html"]),
        status=Status(row["status"]),
        drop_reason=Reason.read(row["drop_reason"]) if row["drop_reason"] else None,
        feed_rank=row["feed_rank"],
    )


def _content(art: Article, digest: str) -> tuple[object, ...]:
    """The stored columns of an article from ``origin`` to ``drop_reason``, in table order."""
    return (
        art.origin,
        art.source_id,
        art.feed_url,
        art.outlet,
        ts(art.fetched_at),
        ts(art.published_at),
        art.language,
        art.title,
        art.summary,
        art.text,
        json.dumps(art.authors),
        pack(art.html),
        digest,
        str(art.status),
        None if art.drop_reason is None else str(art.drop_reason),
    )


class ArticleQueries:
    """The articles table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def upsert(self, art: Article) -> Outcome:
        """Store ``art`` once per canonical URL.

        Same content: nothing changes. New content: the row is updated in place (its version goes
        up), unless the incoming copy was fetched before the stored one (an old crawl of the same
        page), which is ignored. A feed item seen again never wipes a page already fetched.
        """
        row = self.conn.execute(
            "SELECT id, content_hash, fetched_at, html IS NOT NULL AS has_html"
            " FROM articles WHERE url = ?",
            (art.url,),
        ).fetchone()
        now = _now()
        digest = art.content_hash
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO articles (url, origin, source_id, feed_url, outlet, fetched_at,"
                " published_at, language, title, summary, text, authors, html, content_hash,"
                " status, drop_reason, created_at, updated_at, feed_rank)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (art.url, *_content(art, digest), now, now, art.feed_rank),
            )
            art.id = cur.lastrowid
            return "inserted"
        art.id = row["id"]
        if art.html is None and row["has_html"]:
            return self._refresh_feed_fields(art, now)
        if row["content_hash"] == digest:
            return "unchanged"
        stored_at = parse_ts(row["fetched_at"])
        if art.fetched_at and stored_at and art.fetched_at < stored_at:
            return "older"
        self.conn.execute(
            "UPDATE articles SET origin = ?, source_id = COALESCE(?, source_id),"
            " feed_url = COALESCE(?, feed_url), outlet = COALESCE(?, outlet), fetched_at = ?,"
            " published_at = COALESCE(?, published_at), language = COALESCE(?, language),"
            " title = COALESCE(NULLIF(?, ''), title), summary = COALESCE(NULLIF(?, ''), summary),"
            " text = COALESCE(NULLIF(?, ''), text), authors = ?, html = ?, content_hash = ?,"
            " status = ?, drop_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?",
            (*_content(art, digest), now, art.id),
        )
        return "updated"

    def _refresh_feed_fields(self, art: Article, now: str) -> Outcome:
        """A feed item for a page we already hold: only its feed-side fields may change."""
        cur = self.conn.execute(
            "UPDATE articles SET title = ?, summary = ?, published_at = COALESCE(?, published_at),"
            " updated_at = ? WHERE id = ? AND (title != ? OR summary != ?)",
            (art.title, art.summary, ts(art.published_at), now, art.id, art.title, art.summary),
        )
        return "updated" if cur.rowcount else "unchanged"

    def set_page(
        self, article_id: int, html: bytes, fetched_at: datetime, language: str | None = None
    ) -> None:
        """Keep the fetched page of a feed item; it is now ready for extraction."""
        probe = Article(url="", origin="page", html=html)
        self.conn.execute(
            "UPDATE articles SET html = ?, content_hash = ?, fetched_at = ?, status = ?,"
            " drop_reason = NULL, fetch_attempts = fetch_attempts + 1, updated_at = ?,"
            " language = COALESCE(language, ?) WHERE id = ?",
            (
                pack(html),
                probe.content_hash,
                ts(fetched_at),
                str(Status.FETCHED),
                _now(),
                language,
                article_id,
            ),
        )

    def set_failed(self, article_id: int, reason: Reason, *, final: bool) -> None:
        """A page fetch failed; a final failure takes the article out of the queue."""
        self.conn.execute(
            "UPDATE articles SET fetch_attempts = fetch_attempts + 1, drop_reason = ?,"
            " status = CASE WHEN ? THEN ? ELSE status END, updated_at = ? WHERE id = ?",
            (str(reason), final, str(Status.FAILED), _now(), article_id),
        )

    def set_batch_fields(
        self, article_id: int, site_name: str | None, paywalled: bool | None, wire: list[str]
    ) -> None:
        """What a batch extraction found beyond the Article fields (`alaune batch --load`): the
        site's name, the paywall flag and the wire agencies, in the ``extra`` JSON that
        `alaune extract` writes too."""
        self.conn.execute(
            "UPDATE articles SET site_name = ?, paywalled = ?, extra = ? WHERE id = ?",
            (
                site_name,
                paywalled,
                ArticleExtra.of_agencies(wire).to_json(),
                article_id,
            ),
        )

    def pending_pages(self, limit: int, max_attempts: int = 3) -> list[tuple[int, str, int]]:
        """Feed items whose page is still to fetch, oldest first: (id, url, attempts so far)."""
        rows = self.conn.execute(
            "SELECT id, url, fetch_attempts FROM articles WHERE status = ? AND fetch_attempts < ?"
            " ORDER BY id LIMIT ?",
            (str(Status.PENDING), max_attempts, limit),
        ).fetchall()
        return [(r["id"], r["url"], r["fetch_attempts"]) for r in rows]

    def feed_of(self, article_id: int) -> str | None:
        """The feed whose item gave the article, if one did."""
        row = self.conn.execute("SELECT feed_url FROM articles WHERE id = ?", (article_id,))
        found = row.fetchone()
        return str(found[0]) if found and found[0] else None

    def get(self, url: str) -> Article | None:
        """The article stored under a canonical URL."""
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM articles WHERE url = ?", (url,)).fetchone()
        return _row_to_article(row) if row else None

    def count(self) -> int:
        """How many articles are stored."""
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def shown(self, article_id: int) -> dict[str, object] | None:
        """An article as the API shows it: its text and facts, and its story if it has one."""
        row = self.conn.execute(
            "SELECT a.id, a.url, a.title, a.summary, a.text, a.language, a.outlet,"
            " a.published_at, a.status, a.paywalled, m.story_id, m.original_id FROM articles a"
            " LEFT JOIN story_members m ON m.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        return dict(row) if row else None

    def words(self, article_id: int) -> str | None:
        """Everything an article says (title, text and feed lead, a line apart), or None."""
        row = self.conn.execute(
            "SELECT title, text, summary FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return "\n".join(row) if row else None
