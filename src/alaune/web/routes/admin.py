"""The sources' pages and the admin's forms: sign in with the admin token, then add, remove or
import feeds (every form carries a CSRF token bound to the session)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from alaune import net
from alaune.errors import AlauneError
from alaune.ingest.opml import parse_opml, write_opml
from alaune.ingest.urls import canonical_url
from alaune.model import Source
from alaune.publish.html import Page, render
from alaune.publish.i18n import DEFAULT, LANGUAGES, translator
from alaune.web import auth
from alaune.web.state import COOKIE, SESSION_S, Web, WebState, html

MAX_OPML = 5 * 1024 * 1024

router = APIRouter(include_in_schema=False)


def add_source(
    web: WebState, url: str, outlet: str, language: str, country: str
) -> tuple[Source, bool]:
    """Subscribe to a public feed address (the form's and the API's way): (source, added)."""
    checked = net.check_public_url(url.strip(), allow_private=web.config.allow_private_sources)
    feed_url = canonical_url(checked)
    db = web.store()
    with db.transaction():
        return db.sources.add(
            Source(
                feed_url=feed_url,
                outlet=outlet.strip()[:200] or None,
                language=language.strip()[:10] or None,
                country=country.strip()[:2].upper() or None,
            )
        )


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/sources")
def sources_page(
    web: Web, lang: str, request: Request, done: str = "", error: str = ""
) -> Response:
    if lang not in LANGUAGES:
        return web.not_found(DEFAULT)
    session = web.admin_session(request)
    return html(
        render(
            "sources.html",
            Page(lang, "sources"),
            sources=web.store().sources.all(),
            admin=session is not None,
            csrf=web.csrf.issue(session) if session else "",
            message=done,
            error=error,
        )
    )


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/sources.opml")
def sources_opml(web: Web, lang: str) -> Response:
    body = write_opml(web.store().sources.all())
    return Response(body, media_type="text/x-opml; charset=utf-8")


@router.api_route(methods=["GET", "HEAD"], path="/{lang}/admin")
def login_page(web: Web, lang: str) -> Response:
    if lang not in LANGUAGES:
        return web.not_found(DEFAULT)
    return html(render("login.html", Page(lang, "admin")))


@router.post("/{lang}/admin")
def login(web: Web, lang: str, token: str = Form(default="")) -> Response:
    lang = lang if lang in LANGUAGES else DEFAULT
    if not auth.token_matches(token, web.config.admin_token):
        body = render("login.html", Page(lang, "admin"), error=translator(lang)("Wrong token."))
        return html(body, 403)
    response = RedirectResponse(f"/{lang}/sources", status_code=303)
    response.set_cookie(
        COOKIE,
        auth.sign(web.config.secret, "admin"),
        max_age=SESSION_S,
        httponly=True,
        samesite="strict",
        secure=web.config.base_url.startswith("https://"),
        path="/",
    )
    return response


def _refused(web: WebState, lang: str, request: Request, token: str) -> Response | None:
    """None when the request comes from a signed-in admin with a valid form token."""
    session = web.admin_session(request)
    if session is None:
        return web.message(lang, "Not allowed", "This needs the admin token: sign in first.", 403)
    if not web.csrf.valid(token, session):
        return web.message(
            lang, "Not allowed", "The form has expired: reload the page and try again.", 403
        )
    return None


def _back(lang: str, *, done: str = "", error: str = "") -> Response:
    query = urlencode({k: v for k, v in (("done", done), ("error", error)) if v})
    return RedirectResponse(f"/{lang}/sources" + (f"?{query}" if query else ""), status_code=303)


@router.post("/{lang}/sources/add")
def add_source_form(
    web: Web,
    lang: str,
    request: Request,
    csrf_token: str = Form(default="", alias="csrf"),
    url: str = Form(default=""),
    outlet: str = Form(default=""),
    language: str = Form(default=""),
    country: str = Form(default=""),
) -> Response:
    lang = lang if lang in LANGUAGES else DEFAULT
    refused = _refused(web, lang, request, csrf_token)
    if refused:
        return refused
    _ = translator(lang)
    try:
        src, created = add_source(web, url, outlet, language, country)
    except (net.UnsafeAddress, AlauneError, ValueError) as exc:
        return _back(lang, error=str(exc))
    text = "Added: {url}" if created else "Already there: {url}"
    return _back(lang, done=_(text, url=src.feed_url))


@router.post("/{lang}/sources/{source_id}/remove")
def remove_source_form(
    web: Web,
    lang: str,
    source_id: int,
    request: Request,
    csrf_token: str = Form(default="", alias="csrf"),
) -> Response:
    lang = lang if lang in LANGUAGES else DEFAULT
    refused = _refused(web, lang, request, csrf_token)
    if refused:
        return refused
    db = web.store()
    try:
        with db.transaction():
            src = db.sources.remove(source_id)
    except AlauneError as exc:
        return _back(lang, error=str(exc))
    return _back(lang, done=translator(lang)("Removed: {url}", url=src.feed_url))


@router.post("/{lang}/sources/import")
def import_sources_form(
    web: Web,
    lang: str,
    request: Request,
    opml: Annotated[UploadFile, File()],
    csrf_token: str = Form(default="", alias="csrf"),
) -> Response:
    lang = lang if lang in LANGUAGES else DEFAULT
    refused = _refused(web, lang, request, csrf_token)
    if refused:
        return refused
    data = opml.file.read(MAX_OPML + 1)
    try:
        if len(data) > MAX_OPML:
            raise ValueError("the OPML file is over 5 MB")
        found = parse_opml(data, name=opml.filename or "OPML")
        added = 0
        for src in found:
            net.check_public_url(src.feed_url, allow_private=web.config.allow_private_sources)
        db = web.store()
        with db.transaction():
            added = sum(db.sources.add(s)[1] for s in found)
    except (net.UnsafeAddress, AlauneError, ValueError) as exc:
        return _back(lang, error=str(exc))
    _ = translator(lang)
    return _back(lang, done=_("{n} feeds in the file: {added} added.", n=len(found), added=added))
