"""The one HTML renderer of an edition: the site's pages (`alaune serve`), the static export's
and the CLI's self-contained file (``to_html``) come from one template set.

Every source text is escaped by the templates (autoescape); the self-contained file carries its
stylesheet inline and a Content-Security-Policy that allows no script.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from alaune.publish.i18n import LANGUAGES, translator
from alaune.records import Edition, ToldStory

_ENV = Environment(
    loader=PackageLoader("alaune.publish", "templates"),
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
    standalone: bool = False  # one file on its own (the CLI's): no site around it

    def alternates(self) -> list[tuple[str, str]]:
        """The same page in the other interface languages."""
        if self.standalone:
            return []
        return [(code, f"{self.root}{code}/{self.path}") for code in LANGUAGES if code != self.lang]


@cache
def _stylesheet() -> Markup:
    """The site's stylesheet, for a file that cannot link to it (our own file: not escaped)."""
    css = files("alaune.publish").joinpath("static", "style.css").read_text(encoding="utf-8")
    return Markup(css)


def render(template: str, page: Page, **values: Any) -> str:
    """A template rendered for a page, in its language."""
    return _ENV.get_template(template).render(
        lang=page.lang,
        root=page.root,
        static=page.static or page.standalone,
        feeds=page.feeds and not page.standalone,
        standalone=page.standalone,
        stylesheet=_stylesheet() if page.standalone else "",
        # a static server finds "story/ID/index.html" at "story/ID/", without a redirect
        slash="/" if page.static else "",
        alternates=page.alternates(),
        _=translator(page.lang),
        **values,
    )


def edition_html(
    edition: Edition, page: Page, previous: str | None = None, following: str | None = None
) -> str:
    """A day's edition page, with links to the days before and after when there are some."""
    return render(
        "edition.html",
        page,
        edition=edition,
        day=edition.day,
        previous=previous,
        following=following,
    )


def story_html(story: ToldStory, day: str, page: Page) -> str:
    """A story's page, as the edition of ``day`` tells it."""
    return render("story.html", page, s=story, day=day)


def archive_html(days: list[tuple[str, str, int]], page: Page) -> str:
    """The list of a language's editions: (day, built at, stories shown), newest first."""
    return render("archive.html", page, days=days)


def to_html(edition: Edition) -> str:
    """The edition as one self-contained HTML page (`alaune edition --format html`)."""
    return edition_html(edition, Page(edition.lang, "", standalone=True))
