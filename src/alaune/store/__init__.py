"""The store: SQLite in WAL mode; the only place that speaks SQL."""

from alaune.store.db import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
