"""What the web pages and the static export share: the editions read from the store (kept
decoded in memory), and the pages made of them (rendered by ``alaune.publish.html``).

Pages are made from the editions the pipeline stored (`alaune run`, `alaune edition`): a page
is read and rendered once per edition build, then served from memory until a newer build of the
same day replaces it.
"""

from __future__ import annotations

from collections import OrderedDict

from alaune.publish.html import Page, archive_html, edition_html, story_html
from alaune.records import Edition, ToldStory
from alaune.store import Store


class Editions:
    """The stored editions, parsed once per build (a small cache: the last few days)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._cache: OrderedDict[tuple[str, str, str], Edition] = OrderedDict()

    def get(self, store: Store, day: str, lang: str, tz: str = "UTC") -> Edition | None:
        """The edition of a day, or None."""
        built = store.editions.built_at(day, lang, tz)
        if built is None:
            return None
        key = (day, lang, built)
        if key not in self._cache:
            edition = store.editions.edition(day, lang, tz)
            if edition is None:  # removed since: nothing to keep
                return None
            self._cache[key] = edition
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        self._cache.move_to_end(key)
        return self._cache[key]

    def recent(self, store: Store, lang: str, count: int = 3) -> list[Edition]:
        """The newest editions of a language, newest first (for the feeds)."""
        days = [d for d, _, _ in store.editions.days(lang, limit=count)]
        return [e for d in days if (e := self.get(store, d, lang)) is not None]

    def story(self, store: Store, story_id: str, lang: str) -> tuple[str, ToldStory] | None:
        """(day, story as told) from the newest edition showing it, in the language when one
        does, else in another."""
        for code in (lang, *[c for c in store.editions.languages() if c != lang]):
            day = store.editions.latest_telling(story_id, code)
            edition = self.get(store, day, code) if day else None
            told = edition.story(story_id) if edition else None
            if told:
                return day or "", told
        return None


def edition_page(store: Store, editions: Editions, page: Page, day: str) -> str | None:
    """The HTML of a day's edition, or None when there is none."""
    edition = editions.get(store, day, page.lang)
    if edition is None:
        return None
    previous, following = store.editions.neighbours(page.lang, day)
    return edition_html(edition, page, previous, following)


def story_page(store: Store, editions: Editions, page: Page, story_id: str) -> str | None:
    """The HTML of a story's page, or None when no edition tells it."""
    found = editions.story(store, story_id, page.lang)
    if found is None:
        return None
    day, story = found
    return story_html(story, day, page)


def archive_page(store: Store, page: Page) -> str:
    """The list of the language's editions."""
    return archive_html(store.editions.days(page.lang), page)
