"""Opening the database: WAL, foreign keys, migrations, transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alaune.drops import Drop
from alaune.errors import StoreError
from alaune.store.articles import ArticleQueries
from alaune.store.editions import EditionQueries
from alaune.store.extractions import ExtractionQueries
from alaune.store.migrations import MIGRATIONS
from alaune.store.search import SearchQueries
from alaune.store.sources import SourceQueries
from alaune.store.stats import StatsQueries
from alaune.store.stories import StoryQueries

SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    """The current time as stored: ISO 8601, UTC, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target``; each step commits on its own. Returns the version."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the database has schema version {version}, newer than this alaune knows "
            f"({SCHEMA_VERSION}); upgrade alaune or use another --db"
        )
    while version < target:
        script = MIGRATIONS[version]
        # executescript commits first; wrap the step so a crash leaves the old version intact.
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
        )
        version += 1
    return version


class Store:
    """The alaune database. One connection, used from one thread."""

    def __init__(self, path: Path | str, *, migrate_to: int = SCHEMA_VERSION) -> None:
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # NORMAL keeps every committed transaction through a process crash (kill -9); only a
            # power cut can lose the last few, never corrupt the file.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA busy_timeout = 30000")
            migrate(conn, migrate_to)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"{path} is not a usable alaune database ({exc}); name another file with --db"
            ) from exc
        self.conn = conn
        self.sources = SourceQueries(conn)
        self.articles = ArticleQueries(conn)
        self.stats = StatsQueries(conn)
        self.extractions = ExtractionQueries(conn)
        self.stories = StoryQueries(conn)
        self.editions = EditionQueries(conn)
        self.search = SearchQueries(conn)

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a crash inside leaves the database as it was before."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def record_drop(self, drop: Drop) -> None:
        """Remember something skipped; seen again, it is counted, not duplicated."""
        at = now_iso()
        self.conn.execute(
            "INSERT INTO drops (stage, reason, target, detail, first_at, last_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (stage, reason, target) DO UPDATE"
            " SET seen = seen + 1, last_at = excluded.last_at, detail = excluded.detail",
            (str(drop.stage), str(drop.reason), drop.target, drop.detail[:500], at, at),
        )

    def integrity_ok(self) -> bool:
        """``PRAGMA integrity_check`` and foreign keys both clean."""
        ok = self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return ok and not self.conn.execute("PRAGMA foreign_key_check").fetchall()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
