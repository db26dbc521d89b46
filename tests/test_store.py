"""The store: WAL, migrations that upgrade in place, idempotent upserts, atomic transactions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alaune.drops import Drop, Reason, Stage
from alaune.errors import SourceNotFound, StoreError
from alaune.model import Article, Source, Status
from alaune.store import SCHEMA_VERSION, Store
from alaune.store.db import migrate

T0 = datetime(2023, 12, 5, 10, 0, tzinfo=UTC)


def test_wal_and_foreign_keys(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == SCHEMA_VERSION


def test_old_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path, migrate_to=1) as old:
        assert old.schema_version == 1
        old.conn.execute(
            "INSERT INTO articles (url, origin, content_hash, status, created_at, updated_at)"
            " VALUES ('https://a.example/1', 'feed', 'h', 'pending', 'x', 'x')"
        )
        with pytest.raises(sqlite3.OperationalError):
            old.conn.execute("SELECT * FROM drops")
    with Store(path) as new:
        assert new.schema_version == SCHEMA_VERSION
        art = new.articles.get("https://a.example/1")
        assert art is not None and art.authors == [] and art.status is Status.PENDING
        new.record_drop(Drop(Stage.FEED, Reason.HTTP_404, "https://a.example/feed"))
        assert new.stats.summary()["drops"] == {"http_404": 1}


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this alaune"):
        Store(path)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, I am not SQLite " * 100)
    with pytest.raises(StoreError, match="not a usable alaune database"):
        Store(path)


def test_migrations_are_idempotent(store: Store) -> None:
    assert migrate(store.conn) == SCHEMA_VERSION


def _page(html: bytes, when: datetime) -> Article:
    return Article(url="https://n.example/a", origin="warc", fetched_at=when, html=html,
                   status=Status.FETCHED)  # fmt: skip


def test_upsert_outcomes(store: Store) -> None:
    assert store.articles.upsert(_page(b"<p>v1</p>", T0)) == "inserted"
    assert store.articles.upsert(_page(b"<p>v1</p>", T0 + timedelta(hours=1))) == "unchanged"
    assert store.articles.upsert(_page(b"<p>v2</p>", T0 + timedelta(hours=2))) == "updated"
    assert store.articles.upsert(_page(b"<p>v0</p>", T0 - timedelta(days=300))) == "older"
    assert store.articles.count() == 1
    art = store.articles.get("https://n.example/a")
    assert art is not None and art.html == b"<p>v2</p>"
    version = store.conn.execute("SELECT version FROM articles").fetchone()[0]
    assert version == 2


def test_feed_item_never_wipes_a_fetched_page(store: Store) -> None:
    item = Article(
        url="https://n.example/a", origin="feed", title="T", summary="lead", fetched_at=T0
    )
    assert store.articles.upsert(item) == "inserted"
    (art_id, url, attempts) = store.articles.pending_pages(10)[0]
    assert (url, attempts) == ("https://n.example/a", 0)
    store.articles.set_page(art_id, b"<html>page</html>", T0, "fr")
    again = Article(url=url, origin="feed", title="T", summary="lead", fetched_at=T0)
    assert store.articles.upsert(again) == "unchanged"
    renamed = Article(url=url, origin="feed", title="T (updated)", summary="lead", fetched_at=T0)
    assert store.articles.upsert(renamed) == "updated"
    art = store.articles.get(url)
    assert art is not None
    assert (art.title, art.html, art.status, art.language) == (
        "T (updated)", b"<html>page</html>", Status.FETCHED, "fr",
    )  # fmt: skip
    assert store.articles.pending_pages(10) == []


def test_page_failures_leave_the_queue_when_final(store: Store) -> None:
    store.articles.upsert(Article(url="https://n.example/b", origin="feed", title="B"))
    (art_id, _, _) = store.articles.pending_pages(10)[0]
    store.articles.set_failed(art_id, Reason.TIMEOUT, final=False)
    assert store.articles.pending_pages(10)[0][2] == 1
    store.articles.set_failed(art_id, Reason.HTTP_404, final=True)
    assert store.articles.pending_pages(10) == []
    art = store.articles.get("https://n.example/b")
    assert art is not None and (art.status, art.drop_reason) == (Status.FAILED, "http_404")


def test_transaction_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.articles.upsert(Article(url="https://n.example/1", origin="feed", title="1"))
        raise RuntimeError("crash in the middle")
    assert store.articles.count() == 0


def test_drops_are_counted_not_duplicated(store: Store) -> None:
    for _ in range(3):
        store.record_drop(Drop(Stage.WARC, Reason.NOT_HTML, "https://n.example/x.png", "image/png"))
    rows = store.conn.execute("SELECT seen FROM drops").fetchall()
    assert [r[0] for r in rows] == [3]


def test_sources_roundtrip_and_due(store: Store) -> None:
    src, created = store.sources.add(Source(feed_url="https://n.example/rss", language="fr",
                                            country="FR"))  # fmt: skip
    assert created and src.id is not None
    assert store.sources.add(Source(feed_url="https://n.example/rss"))[1] is False
    now = datetime.now(UTC)
    assert [s.feed_url for s in store.sources.due(now)] == ["https://n.example/rss"]
    src.next_poll_at = now + timedelta(hours=1)
    src.etag = '"abc"'
    store.sources.save(src)
    assert store.sources.due(now) == []
    again = store.sources.get(src.id)
    assert again.etag == '"abc"' and again.next_poll_at == src.next_poll_at.replace(microsecond=0)
    store.sources.remove("https://n.example/rss")
    with pytest.raises(SourceNotFound, match="alaune sources list"):
        store.sources.get("https://n.example/rss")


def test_source_stats_by_status(store: Store) -> None:
    now = datetime.now(UTC)
    states = {"ok": (now, 0, True), "failing": (now, 2, True), "off": (now, 9, False),
              "new": (None, 0, True)}  # fmt: skip
    for name, (polled, errors, active) in states.items():
        src, _ = store.sources.add(Source(feed_url=f"https://{name}.example/rss"))
        src.last_polled_at, src.error_count, src.active = polled, errors, active
        store.sources.save(src)
    by_status = store.stats.summary()["sources"]["by_status"]
    assert by_status == {"ok": 1, "failing": 1, "disabled": 1, "never_polled": 1}
