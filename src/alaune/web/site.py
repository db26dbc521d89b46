"""What the web pages and the static export share: the templates, the editions read from the
store (kept parsed in memory), and how each page is put together.

Pages are made from the editions the pipeline stored (`alaune run`, `alaune edition`): a page
is read and rendered once per edition build, then served from memory until a newer build of the
same day replaces it.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from alaune.store import Store
from alaune.web.i18n import LANGUAGES, translator

_ENV = Environment(
    loader=PackageLoader("alaune.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class Page:
    """Where a page is and what it links to."""

    lang: str
    path: str  # without the language: "" for the edition, "archive", "story/ID", "2023-12-12"
    root: str = "/"
    static: bool = False
    feeds: bool = True  # a static export made without the site's address has none

    def alternates(self) -> list[tuple[str, str]]:
        """The same page in the other interface languages."""
        return [(code, f"{self.root}{code}/{self.path}") for code in LANGUAGES if code != self.lang]


def render(template: str, page: Page, **values: Any) -> str:
    """A template rendered for a page, in its language."""
    return _ENV.get_template(template).render(
        lang=page.lang,
        root=page.root,
        static=page.static,
        feeds=page.feeds,
        # a static server finds "story/ID/index.html" at "story/ID/", without a redirect
        slash="/" if page.static else "",
        alternates=page.alternates(),
        _=translator(page.lang),
        **values,
    )


class Editions:
    """The stored editions, parsed once per build (a small cache: the last few days)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._cache: OrderedDict[tuple[str, str, str], dict[str, Any]] = OrderedDict()

    def get(self, store: Store, day: str, lang: str, tz: str = "UTC") -> dict[str, Any] | None:
        """The edition of a day, or None."""
        row = store.conn.execute(
            "SELECT built_at FROM editions WHERE day = ? AND lang = ? AND tz = ?", (day, lang, tz)
        ).fetchone()
        if row is None:
            return None
        key = (day, lang, row[0])
        if key not in self._cache:
            body = store.conn.execute(
                "SELECT body FROM editions WHERE day = ? AND lang = ? AND tz = ?", (day, lang, tz)
            ).fetchone()
            self._cache[key] = json.loads(body[0])
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        self._cache.move_to_end(key)
        return self._cache[key]

    def latest_day(self, store: Store, lang: str, tz: str = "UTC") -> str | None:
        """The newest day with an edition in the language."""
        row = store.conn.execute(
            "SELECT MAX(day) FROM editions WHERE lang = ? AND tz = ?", (lang, tz)
        ).fetchone()
        return row[0] if row and row[0] else None

    def recent(self, store: Store, lang: str, count: int = 3) -> list[dict[str, Any]]:
        """The newest editions of a language, newest first (for the feeds)."""
        days = [d for d, _, _ in store.editions.days(lang, limit=count)]
        return [e for d in days if (e := self.get(store, d, lang)) is not None]

    def story(self, store: Store, story_id: str, lang: str) -> tuple[str, dict[str, Any]] | None:
        """(day, story as told) from the newest edition showing it, in the language when one
        does, else in another."""
        for code in (lang, *[c for c in store.editions.languages() if c != lang]):
            day = store.editions.latest_telling(story_id, code)
            edition = self.get(store, day, code) if day else None
            if edition:
                for s in edition["stories"]:
                    if s["id"] == story_id:
                        return day or "", s
        return None


def neighbours(store: Store, lang: str, day: str) -> tuple[str | None, str | None]:
    """The days with an edition just before and just after ``day``."""
    before = store.conn.execute(
        "SELECT MAX(day) FROM editions WHERE lang = ? AND day < ?", (lang, day)
    ).fetchone()[0]
    after = store.conn.execute(
        "SELECT MIN(day) FROM editions WHERE lang = ? AND day > ?", (lang, day)
    ).fetchone()[0]
    return before, after


def edition_page(store: Store, editions: Editions, page: Page, day: str) -> str | None:
    """The HTML of a day's edition, or None when there is none."""
    edition = editions.get(store, day, page.lang)
    if edition is None:
        return None
    previous, following = neighbours(store, page.lang, day)
    return render(
        "edition.html", page, edition=edition, day=day, previous=previous, following=following
    )


def story_page(store: Store, editions: Editions, page: Page, story_id: str) -> str | None:
    """The HTML of a story's page, or None when no edition tells it."""
    found = editions.story(store, story_id, page.lang)
    if found is None:
        return None
    day, story = found
    return render("story.html", page, s=story, day=day)


def archive_page(store: Store, page: Page) -> str:
    """The list of the language's editions."""
    return render("archive.html", page, days=store.editions.days(page.lang))
