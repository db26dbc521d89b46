"""The HTML pages: the front page of a language, a day's edition, a story, the archive, search.

The edition pages are the busiest: they are served from the event loop, from memory, with no
thread hand-off; the list of editions is read again at most once a second."""

from __future__ import annotations

from importlib.resources import files
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Header
from fastapi.responses import RedirectResponse, Response

from alaune.publish.html import Page, render
from alaune.publish.i18n import DEFAULT, LANGUAGES, negotiate
from alaune.web.routes.api import DAY
from alaune.web.site import archive_page, edition_page, story_page
from alaune.web.state import Web, WebState, html

router = APIRouter(include_in_schema=False)
# last of all, once every other route is in: "archive", "search", "api/editions" are not days
days = APIRouter(include_in_schema=False)


@router.get("/favicon.ico")
def favicon() -> Response:
    icon = files("alaune.publish").joinpath("static", "favicon.svg").read_bytes()
    return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


@router.get("/")
def root(accept_language: str | None = Header(default=None)) -> Response:
    return RedirectResponse(f"/{negotiate(accept_language)}/", status_code=302)


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/")
async def today(web: Web, lang: str) -> Response:
    if lang not in LANGUAGES:
        return web.not_found(DEFAULT)
    day = web.stamps.latest(web.store(), lang)
    if day is None:
        return web.message(lang, "No edition yet", "Run alaune run to build today's edition.", 200)
    return _day_page(web, lang, day, path="")


def _day_page(web: WebState, lang: str, day: str, path: str) -> Response:
    db = web.store()
    built = web.stamps.built(db, lang, day)
    if built is None:
        return web.not_found(lang)
    key = ("edition", lang, day, path, built, web.stamps.latest(db, lang))
    body = web.pages.get(key, lambda: edition_page(db, web.editions, Page(lang, path), day))
    return html(body) if body else web.not_found(lang)


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/archive")
def archive(web: Web, lang: str) -> Response:
    if lang not in LANGUAGES:
        return web.not_found(DEFAULT)
    return html(archive_page(web.store(), Page(lang, "archive")))


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/story/{story_id}")
def story(web: Web, lang: str, story_id: str) -> Response:
    if lang not in LANGUAGES:
        return web.not_found(DEFAULT)
    db = web.store()
    current = db.stories.resolve(story_id)
    if current != story_id:  # merged into another story: its address moves there
        return RedirectResponse(f"/{lang}/story/{current}", status_code=301)
    day = db.editions.latest_telling(story_id, lang) or ""
    key = ("story", lang, story_id, day, db.editions.latest_day(lang))
    body = web.pages.get(
        key, lambda: story_page(db, web.editions, Page(lang, f"story/{story_id}"), story_id)
    )
    if body is None:
        return web.message(lang, "Page not found", "This story is not in an edition yet.", 404)
    return html(body)


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/search")
def search(web: Web, lang: str, q: str = "") -> Response:
    if lang not in LANGUAGES:
        return web.not_found(DEFAULT)
    db = web.store()
    groups: list[dict[str, Any]] = []
    by_story: dict[str, dict[str, Any]] = {}
    for hit in db.search.articles(q[:200]) if q.strip() else []:
        key = hit.story_id or f"article-{hit.article_id}"
        if key not in by_story:
            told = web.editions.story(db, hit.story_id, lang) if hit.story_id else None
            by_story[key] = {
                "title": told[1].headline.text if told else hit.title,
                "story_url": f"/{lang}/story/{hit.story_id}" if told else None,
                "hits": [],
            }
            groups.append(by_story[key])
        by_story[key]["hits"].append(hit)
    page = Page(lang, f"search?q={quote(q)}" if q else "search")
    return html(render("search.html", page, query=q, groups=groups))


@days.api_route(methods=["GET", "HEAD"], path="/{lang}/{day}")
async def edition_of(web: Web, lang: str, day: str) -> Response:
    if lang not in LANGUAGES or not DAY.match(day):
        return web.not_found(lang if lang in LANGUAGES else DEFAULT)
    return _day_page(web, lang, day, path=day)
