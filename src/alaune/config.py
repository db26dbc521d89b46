"""One typed options object, built once from defaults, environment and CLI arguments."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from alaune import __version__
from alaune.errors import InputError

DB_ENV = "ALAUNE_DB"


def default_db_path() -> Path:
    """``$ALAUNE_DB``, else ``$XDG_DATA_HOME/alaune/alaune.db`` (``~/.local/share/...``)."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "alaune" / "alaune.db"


# Politeness and patience can be set from the environment, e.g. for a private mirror of feeds
# that allows more than the defaults: ALAUNE_HOST_INTERVAL=0 ALAUNE_HOST_CONCURRENCY=8.
ALLOW_PRIVATE_ENV = "ALAUNE_ALLOW_PRIVATE_SOURCES"
FETCH_ENV: dict[str, tuple[str, type]] = {
    "ALAUNE_HOST_INTERVAL": ("min_host_interval", float),
    "ALAUNE_HOST_CONCURRENCY": ("per_host_concurrency", int),
    "ALAUNE_TIMEOUT": ("total_timeout", float),
}


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how defensively we talk HTTP."""

    user_agent: str = f"alaune/{__version__} (self-hosted news briefing; feed and page reader)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # A whole request (headers and body) must finish within this, so that a server that trickles
    # one byte every few seconds cannot hold a worker forever.
    total_timeout: float = 60.0
    max_body_bytes: int = 10 * 1024 * 1024  # after decompression: a gzip bomb stops here
    max_redirects: int = 5
    # A redirect to a private, loopback, link-local (cloud metadata), CGNAT, multicast or
    # unspecified address is refused unless it stays on the address the original URL reached
    # (SSRF). True lifts that, for a LAN whose feeds redirect between private hosts.
    allow_private_redirects: bool = False
    per_host_concurrency: int = 2
    min_host_interval: float = 1.0  # seconds between two requests to one host
    max_retry_after: float = 6 * 3600.0  # we never promise to wait longer than this
    retry_wait_limit: float = 5.0  # a Retry-After this short is waited for within the run
    respect_robots: bool = True
    allowed_content_types: tuple[str, ...] = (
        "text/html",
        "application/xhtml+xml",
    )


@dataclass(frozen=True, slots=True)
class PollOptions:
    """The polling schedule of sources."""

    min_interval_s: int = 15 * 60
    max_interval_s: int = 24 * 3600
    default_interval_s: int = 3600
    backoff_base_s: int = 15 * 60
    backoff_max_s: int = 2 * 24 * 3600
    disable_after_errors: int = 50  # after this many failures in a row a source stops being polled


@dataclass(frozen=True, slots=True)
class Options:
    """Everything a run needs to know; made once (from the CLI) and passed down."""

    db_path: Path = field(default_factory=default_db_path)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    poll: PollOptions = field(default_factory=PollOptions)
    fetch_pages: bool = True  # fetch the article page behind each new feed item
    max_pages_per_run: int = 5000
    progress: bool = True

    @classmethod
    def from_env(cls, db_path: Path | None = None, **changes: Any) -> Options:
        """Defaults, then the environment (``FETCH_ENV``), then the caller's changes."""
        fetch: dict[str, Any] = {}
        for var, (name, kind) in FETCH_ENV.items():
            raw = os.environ.get(var)
            if raw is None:
                continue
            try:
                value = kind(raw)
            except ValueError:
                value = -1
            if value < 0:
                raise InputError(f"{var}={raw!r}: give a number of {name.replace('_', ' ')} >= 0")
            fetch[name] = value
        # the switch `alaune serve` reads for sources on private networks also lets the
        # fetcher follow redirects and links into them (a LAN whose feeds point between hosts)
        if os.environ.get(ALLOW_PRIVATE_ENV) == "1":
            fetch["allow_private_redirects"] = True
        opts = cls(db_path=db_path or default_db_path(), **changes)
        return opts.with_fetch(**fetch) if fetch else opts

    def with_fetch(self, **changes: Any) -> Options:
        """A copy with some fetch options changed (tests use it for short timeouts)."""
        return replace(self, fetch=replace(self.fetch, **changes))
