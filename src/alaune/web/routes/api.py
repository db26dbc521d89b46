"""The JSON API under ``/api`` (registered first: "/api/search" must not be read as the search
page of a language called "api")."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse, Response

from alaune import net
from alaune.errors import AlauneError
from alaune.model import Source
from alaune.publish.i18n import DEFAULT
from alaune.web.routes.admin import add_source
from alaune.web.state import Web, problem

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

router = APIRouter()


@router.get("/api/editions", tags=["editions"], summary="The kept editions of a language")
def api_editions(web: Web, lang: str = DEFAULT) -> Any:
    return [{"date": d, "built_at": b, "stories": n} for d, b, n in web.store().editions.days(lang)]


@router.get("/api/editions/{day}", tags=["editions"], summary="One day's edition")
def api_edition(web: Web, day: str, lang: str = DEFAULT) -> Any:
    edition = web.editions.get(web.store(), day, lang) if DAY.match(day) else None
    return edition.as_dict() if edition else problem(404, f"no edition of {day} in {lang}")


@router.get("/api/stories/{story_id}", tags=["stories"], summary="A story as last told")
def api_story(web: Web, story_id: str, lang: str = DEFAULT) -> Any:
    db = web.store()
    current = db.stories.resolve(story_id)
    found = web.editions.story(db, current, lang)
    if found is None:
        return problem(404, f"story {story_id} is in no edition")
    return {
        "date": found[0],
        "merged_into": current if current != story_id else None,
        "story": found[1].as_dict(),
    }


@router.get("/api/articles/{article_id}", tags=["articles"], summary="One stored article")
def api_article(web: Web, article_id: int) -> Any:
    shown = web.store().articles.shown(article_id)
    return shown if shown else problem(404, f"no article {article_id}")


@router.get("/api/search", tags=["articles"], summary="Full-text search over the articles")
def api_search(web: Web, q: str, limit: int = 50) -> Any:
    return [asdict(h) for h in web.store().search.articles(q[:200], max(1, min(limit, 200)))]


@router.get("/api/sources", tags=["sources"], summary="The subscribed feeds")
def api_sources(web: Web) -> Any:
    return [_public(s) for s in web.store().sources.all()]


@router.post(
    "/api/sources",
    tags=["sources"],
    status_code=201,
    summary="Subscribe to a feed (Authorization: Bearer ADMIN_TOKEN)",
)
def api_add_source(
    web: Web, body: dict[str, str], authorization: str | None = Header(default=None)
) -> Any:
    if not web.bearer(authorization):
        return problem(401, "this needs the admin token: Authorization: Bearer TOKEN")
    try:
        src, created = add_source(
            web,
            body.get("url", ""),
            body.get("outlet", ""),
            body.get("language", ""),
            body.get("country", ""),
        )
    except (net.UnsafeAddress, AlauneError, ValueError) as exc:
        return problem(400, str(exc))
    return JSONResponse(_public(src), status_code=201 if created else 200)


@router.delete(
    "/api/sources/{source_id}",
    tags=["sources"],
    status_code=204,
    response_class=Response,
    summary="Unsubscribe (Authorization: Bearer ADMIN_TOKEN)",
)
def api_remove_source(
    web: Web, source_id: int, authorization: str | None = Header(default=None)
) -> Response:
    if not web.bearer(authorization):
        return problem(401, "this needs the admin token: Authorization: Bearer TOKEN")
    db = web.store()
    try:
        with db.transaction():
            db.sources.remove(source_id)
    except AlauneError as exc:
        return problem(404, str(exc))
    return Response(status_code=204)


def _public(src: Source) -> dict[str, Any]:
    """A source as the API shows it (its polling state included, nothing secret)."""
    out = asdict(src)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = value.astimezone(UTC).isoformat()
    return out
