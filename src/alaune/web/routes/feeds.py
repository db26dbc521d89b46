"""The feeds of a language: Atom, RSS 2.0 and JSON Feed of its newest editions, kept rendered
until one of them is rebuilt."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from alaune.publish import feeds
from alaune.publish.i18n import DEFAULT, LANGUAGES
from alaune.web.state import Web, WebState

router = APIRouter(include_in_schema=False)

_MAKE = {"atom": feeds.to_atom, "rss": feeds.to_rss, "json": feeds.to_json_feed}
_MEDIA = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}


def _feed(web: WebState, lang: str, kind: str) -> Response:
    if lang not in LANGUAGES:
        return web.not_found(DEFAULT)
    recent = web.editions.recent(web.store(), lang)
    stamp = tuple(e.built_at for e in recent)
    self_url = f"{web.config.base_url}/{lang}/feed.{kind}"
    make = _MAKE[kind]
    body = web.pages.get(
        ("feed", lang, kind, stamp), lambda: make(web.site(lang), recent, self_url)
    )
    return Response(body or "", media_type=f"{_MEDIA[kind]}; charset=utf-8")


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/feed.atom")
def feed_atom(web: Web, lang: str) -> Response:
    return _feed(web, lang, "atom")


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/feed.rss")
def feed_rss(web: Web, lang: str) -> Response:
    return _feed(web, lang, "rss")


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/feed.json")
def feed_json(web: Web, lang: str) -> Response:
    return _feed(web, lang, "json")
