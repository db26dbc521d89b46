"""Schema migrations, applied in order; ``PRAGMA user_version`` records how far a database is.

Never edit a migration that has shipped: add a new one, so that old databases upgrade in place.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: sources and articles
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        feed_url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        site_url TEXT,
        outlet TEXT,
        language TEXT,
        country TEXT,
        ownership TEXT,
        category TEXT,
        etag TEXT,
        last_modified TEXT,
        next_poll_at TEXT,
        poll_interval_s INTEGER,
        error_count INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_polled_at TEXT,
        last_ok_at TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        added_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        feed_url TEXT,
        outlet TEXT,
        fetched_at TEXT,
        published_at TEXT,
        language TEXT,
        title TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        html BLOB,
        content_hash TEXT NOT NULL,
        status TEXT NOT NULL,
        drop_reason TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX articles_status ON articles(status);
    CREATE INDEX articles_published ON articles(published_at);
    """,
    # 2: drops are data; page fetch attempts; authors; article versions
    """
    CREATE TABLE drops (
        id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        seen INTEGER NOT NULL DEFAULT 1,
        UNIQUE (stage, reason, target)
    );
    CREATE INDEX drops_reason ON drops(reason);
    ALTER TABLE articles ADD COLUMN authors TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE articles ADD COLUMN fetch_attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX articles_source ON articles(source_id);
    """,
    # 3: extraction results and learned site templates
    """
    ALTER TABLE articles ADD COLUMN extracted_at TEXT;
    ALTER TABLE articles ADD COLUMN extractor_version INTEGER;
    ALTER TABLE articles ADD COLUMN site_name TEXT;
    ALTER TABLE articles ADD COLUMN canonical_url TEXT;
    ALTER TABLE articles ADD COLUMN modified_at TEXT;
    ALTER TABLE articles ADD COLUMN paywalled INTEGER;
    ALTER TABLE articles ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX articles_extracted ON articles(extracted_at);
    CREATE TABLE site_templates (
        host TEXT PRIMARY KEY,
        pages INTEGER NOT NULL,
        counts TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 4: stories and their members (with the embedding each report was placed by)
    """
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        size INTEGER NOT NULL DEFAULT 0,
        merged_into TEXT REFERENCES stories(id)
    );
    CREATE INDEX stories_last ON stories(last_at);
    CREATE TABLE story_members (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id),
        original_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        embedding BLOB NOT NULL,
        assigned_at TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);
    """,
    # 5: what the edition needs: a feed item's position in its feed (prominence), per-source
    # weights set by the user, each story's score for a day with its parts or its drop reason,
    # and the editions built
    """
    ALTER TABLE articles ADD COLUMN feed_rank INTEGER;
    ALTER TABLE sources ADD COLUMN weight REAL NOT NULL DEFAULT 1.0;
    CREATE TABLE story_scores (
        story_id TEXT NOT NULL REFERENCES stories(id),
        day TEXT NOT NULL,
        tz TEXT NOT NULL,
        score REAL NOT NULL,
        parts TEXT NOT NULL,
        dropped TEXT,
        computed_at TEXT NOT NULL,
        PRIMARY KEY (story_id, day, tz)
    );
    CREATE INDEX story_scores_day ON story_scores(day, tz, score);
    CREATE TABLE editions (
        day TEXT NOT NULL,
        lang TEXT NOT NULL,
        tz TEXT NOT NULL,
        built_at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (day, lang, tz)
    );
    """,
    # 6: the web edition: full-text search over articles (FTS5, kept in step by triggers; it
    # reads the text from the articles table, so nothing is stored twice) and which stories each
    # edition shows (a story's page finds its latest telling without reading every edition)
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, summary, text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts(rowid, title, summary, text)
        SELECT id, title, summary, text FROM articles;
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, summary, text)
            VALUES (new.id, new.title, new.summary, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
            VALUES ('delete', old.id, old.title, old.summary, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, summary, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
            VALUES ('delete', old.id, old.title, old.summary, old.text);
        INSERT INTO articles_fts(rowid, title, summary, text)
            VALUES (new.id, new.title, new.summary, new.text);
    END;
    CREATE TABLE edition_stories (
        day TEXT NOT NULL,
        lang TEXT NOT NULL,
        tz TEXT NOT NULL,
        story_id TEXT NOT NULL,
        rank INTEGER NOT NULL,
        PRIMARY KEY (day, lang, tz, story_id)
    );
    CREATE INDEX edition_stories_story ON edition_stories(story_id, lang);
    """,
]
