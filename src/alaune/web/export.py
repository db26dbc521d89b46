"""`alaune export`: the editions as a static site that any web server can serve.

The same pages as `alaune serve` (less search and the sources' admin), one folder per address
so that `/fr/2023-12-12` is `fr/2023-12-12/index.html`; the feeds; each edition's JSON under
`api/`. Links are absolute from the site's root (`--base-path` for a site in a sub-folder).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from alaune.publish import feeds
from alaune.publish.feed_items import FeedSite
from alaune.publish.html import Page, render
from alaune.publish.i18n import LANGUAGES, translator
from alaune.store import Store
from alaune.web.site import Editions, archive_page, edition_page, story_page


@dataclass(slots=True)
class ExportReport:
    """What an export wrote."""

    pages: int = 0
    editions: int = 0
    stories: int = 0
    feeds: int = 0

    def line(self, out: Path) -> str:
        """The summary the CLI prints."""
        line = (
            f"exported {self.editions} editions, {self.stories} story pages, {self.feeds} feeds "
            f"({self.pages} pages in all) to {out}"
        )
        if self.editions and not self.feeds:
            line += "; no feeds: give --base-url, the site's public address, for their links"
        return line


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def export_site(
    store: Store,
    out: Path,
    *,
    base_url: str = "",
    base_path: str = "/",
    langs: tuple[str, ...] = LANGUAGES,
) -> ExportReport:
    """Write the static site of every kept edition into ``out``."""
    root = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    report = ExportReport()
    editions = Editions()
    static = files("alaune.publish").joinpath("static", "style.css")
    (out / "static").mkdir(parents=True, exist_ok=True)
    (out / "static" / "style.css").write_bytes(static.read_bytes())
    for lang in langs:
        days = [d for d, _, _ in store.editions.days(lang)]
        if not days:
            continue
        told: set[str] = set()
        for n, day in enumerate(days):
            page = Page(lang, day, root=root, static=True, feeds=bool(base_url))
            body = edition_page(store, editions, page, day)
            if body is None:
                continue
            _write(out / lang / day / "index.html", body)
            if n == 0:
                latest = edition_page(
                    store,
                    editions,
                    Page(lang, "", root=root, static=True, feeds=bool(base_url)),
                    day,
                )
                _write(out / lang / "index.html", latest or body)
            edition = editions.get(store, day, lang)
            assert edition is not None
            _write(
                out / "api" / "editions" / f"{day}.{lang}.json",
                edition.to_json(),
            )
            report.editions += 1
            told.update(s.id for s in edition.stories)
        for story_id in sorted(told):
            page = Page(lang, f"story/{story_id}", root=root, static=True, feeds=bool(base_url))
            body = story_page(store, editions, page, story_id)
            if body is not None:
                _write(out / lang / "story" / story_id / "index.html", body)
                report.stories += 1
        _write(
            out / lang / "archive" / "index.html",
            archive_page(
                store, Page(lang, "archive", root=root, static=True, feeds=bool(base_url))
            ),
        )
        if not base_url:
            continue  # a feed's links must be absolute: no feeds without the site's address
        site = FeedSite(
            base_url=(base_url or "").rstrip("/") + root.rstrip("/"),
            title=f"alaune — {translator(lang)(HEADLINE)}",
            lang=lang,
        )
        recent = editions.recent(store, lang)
        for kind, make in (
            ("atom", feeds.to_atom),
            ("rss", feeds.to_rss),
            ("json", feeds.to_json_feed),
        ):
            _write(
                out / lang / f"feed.{kind}",
                make(site, recent, f"{site.base_url}/{lang}/feed.{kind}"),
            )
            report.feeds += 1
    first = next((lang for lang in langs if (out / lang / "index.html").exists()), langs[0])
    _write(
        out / "index.html",
        render("redirect.html", Page(first, "", root=root, static=True, feeds=bool(base_url))),
    )
    report.pages = sum(1 for _ in out.rglob("*.html"))
    return report


HEADLINE = "Today's most important news"


def clear(out: Path) -> None:
    """Empty an export folder made before (never a folder that is not one)."""
    if (out / "static" / "style.css").exists() and (out / "index.html").exists():
        shutil.rmtree(out)
