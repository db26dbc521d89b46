"""`alaune serve`: the editions as web pages, feeds and a JSON API (FastAPI, server-rendered,
no script needed), with an admin part for the sources behind a token.

Pages read what the pipeline stored; each worker thread has its own SQLite connection (WAL lets
readers run beside the pipeline writing). Rendered pages are kept in memory until the edition
they show is rebuilt, so that a busy front page costs a dictionary look-up.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, File, Form, Header, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from alaune import __version__, net
from alaune.errors import AlauneError
from alaune.ingest.opml import parse_opml, write_opml
from alaune.ingest.urls import canonical_url
from alaune.model import Source
from alaune.store import Store
from alaune.web import auth, feeds, headers
from alaune.web.i18n import DEFAULT, LANGUAGES, negotiate, translator
from alaune.web.site import Editions, Page, archive_page, edition_page, render, story_page

HEADLINE = "Today's most important news"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COOKIE = "alaune_admin"
_SESSION_S = 7 * 24 * 3600

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How the server runs: its database, public address, secrets and what admins may add."""

    db_path: Path
    base_url: str = "http://127.0.0.1:8000"
    admin_token: str = ""
    secret: bytes = b""
    allow_private_sources: bool = False

    @classmethod
    def for_db(
        cls, db_path: Path, base_url: str | None = None, allow_private_sources: bool = False
    ) -> WebConfig:
        """The configuration of a database: its admin token and secret key live beside it."""
        folder = db_path.parent
        folder.mkdir(parents=True, exist_ok=True)
        return cls(
            db_path=db_path,
            base_url=(base_url or "http://127.0.0.1:8000").rstrip("/"),
            admin_token=auth.admin_token(folder),
            secret=auth.secret_key(folder),
            allow_private_sources=allow_private_sources,
        )


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI wrapper: no per-request
    middleware object)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [
            (k.lower().encode(), v.encode()) for k, v in headers.security_headers().items()
        ]

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


class _Pages:
    """Rendered pages by key, the newest few hundred."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], make: Callable[[], str | None]) -> str | None:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        page = make()
        if page is not None:
            with self.lock:
                self.items[key] = page
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
        return page


class _Stamps:
    """When each edition was built, read from the store at most once per ``ttl`` seconds: a
    rebuilt edition shows within a second, and a page view costs no query."""

    def __init__(self, ttl: float = 1.0) -> None:
        self.ttl = ttl
        self.read_at = -ttl
        self.stamps: dict[tuple[str, str], str] = {}
        self.newest: dict[str, str] = {}
        self.lock = threading.Lock()

    def _fresh(self, store: Store) -> None:
        now = time.monotonic()
        if now - self.read_at < self.ttl:
            return
        rows = store.conn.execute(
            "SELECT lang, day, built_at FROM editions WHERE tz = 'UTC'"
        ).fetchall()
        with self.lock:
            self.stamps = {(r[0], r[1]): r[2] for r in rows}
            self.newest = {}
            for lang, day in self.stamps:
                self.newest[lang] = max(day, self.newest.get(lang, day))
            self.read_at = now

    def built(self, store: Store, lang: str, day: str) -> str | None:
        self._fresh(store)
        return self.stamps.get((lang, day))

    def latest(self, store: Store, lang: str) -> str | None:
        self._fresh(store)
        return self.newest.get(lang)


def create_app(config: WebConfig) -> FastAPI:
    """The web application over one database."""
    app = FastAPI(
        title="alaune",
        version=__version__,
        description="The day's most important news stories, each told once with its sources.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    local = threading.local()
    editions = Editions()
    pages = _Pages()
    stamps = _Stamps()
    csrf = auth.Csrf(config.secret)
    static_dir = files("alaune.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    def store() -> Store:
        if getattr(local, "store", None) is None:
            local.store = Store(config.db_path)
        opened: Store = local.store
        return opened

    def html(body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status_code=status)

    def message(lang: str, heading: str, text: str, status: int) -> HTMLResponse:
        _ = translator(lang)
        page = Page(lang if lang in LANGUAGES else DEFAULT, "")
        return html(render("message.html", page, heading=_(heading), text=_(text)), status)

    def not_found(lang: str) -> HTMLResponse:
        return message(lang, "Page not found", "There is no such page here.", 404)

    def admin_session(request: Request) -> str | None:
        signed = request.cookies.get(_COOKIE)
        return signed if auth.unsign(config.secret, signed, _SESSION_S) == "admin" else None

    def site(lang: str) -> feeds.FeedSite:
        title = f"alaune — {translator(lang)(HEADLINE)}"
        return feeds.FeedSite(base_url=config.base_url, title=title, lang=lang)

    # ------------------------------------------------------------------ API (first: "/api/search"
    # must not be read as the search page of a language called "api")
    def bearer(authorization: str | None) -> bool:
        scheme, _, token = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and auth.token_matches(token.strip(), config.admin_token)

    def problem(status: int, detail: str) -> JSONResponse:
        return JSONResponse({"detail": detail}, status_code=status)

    @app.get("/api/editions", tags=["editions"], summary="The kept editions of a language")
    def api_editions(lang: str = DEFAULT) -> Any:
        return [{"date": d, "built_at": b, "stories": n} for d, b, n in store().editions.days(lang)]

    @app.get("/api/editions/{day}", tags=["editions"], summary="One day's edition")
    def api_edition(day: str, lang: str = DEFAULT) -> Any:
        edition = editions.get(store(), day, lang) if _DAY.match(day) else None
        return edition if edition else problem(404, f"no edition of {day} in {lang}")

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="A story as last told")
    def api_story(story_id: str, lang: str = DEFAULT) -> Any:
        db = store()
        current = db.stories.resolve(story_id)
        found = editions.story(db, current, lang)
        if found is None:
            return problem(404, f"story {story_id} is in no edition")
        return {
            "date": found[0],
            "merged_into": current if current != story_id else None,
            "story": found[1],
        }

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One stored article")
    def api_article(article_id: int) -> Any:
        row = (
            store()
            .conn.execute(
                "SELECT a.id, a.url, a.title, a.summary, a.text, a.language, a.outlet,"
                " a.published_at, a.status, a.paywalled, m.story_id, m.original_id FROM articles a"
                " LEFT JOIN story_members m ON m.article_id = a.id WHERE a.id = ?",
                (article_id,),
            )
            .fetchone()
        )
        return dict(row) if row else problem(404, f"no article {article_id}")

    @app.get("/api/search", tags=["articles"], summary="Full-text search over the articles")
    def api_search(q: str, limit: int = 50) -> Any:
        return [asdict(h) for h in store().search.articles(q[:200], max(1, min(limit, 200)))]

    @app.get("/api/sources", tags=["sources"], summary="The subscribed feeds")
    def api_sources() -> Any:
        return [_public(s) for s in store().sources.all()]

    @app.post(
        "/api/sources",
        tags=["sources"],
        status_code=201,
        summary="Subscribe to a feed (Authorization: Bearer ADMIN_TOKEN)",
    )
    def api_add_source(
        body: dict[str, str], authorization: str | None = Header(default=None)
    ) -> Any:
        if not bearer(authorization):
            return problem(401, "this needs the admin token: Authorization: Bearer TOKEN")
        try:
            src, created = add_source(
                body.get("url", ""),
                body.get("outlet", ""),
                body.get("language", ""),
                body.get("country", ""),
            )
        except (net.UnsafeAddress, AlauneError, ValueError) as exc:
            return problem(400, str(exc))
        return JSONResponse(_public(src), status_code=201 if created else 200)

    @app.delete(
        "/api/sources/{source_id}",
        tags=["sources"],
        status_code=204,
        response_class=Response,
        summary="Unsubscribe (Authorization: Bearer ADMIN_TOKEN)",
    )
    def api_remove_source(
        source_id: int, authorization: str | None = Header(default=None)
    ) -> Response:
        if not bearer(authorization):
            return problem(401, "this needs the admin token: Authorization: Bearer TOKEN")
        db = store()
        try:
            with db.transaction():
                db.sources.remove(source_id)
        except AlauneError as exc:
            return problem(404, str(exc))
        return Response(status_code=204)

    # ------------------------------------------------------------------ pages
    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        icon = static_dir.joinpath("favicon.svg").read_bytes()
        return Response(
            icon, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"}
        )

    @app.get("/", include_in_schema=False)
    def root(accept_language: str | None = Header(default=None)) -> Response:
        return RedirectResponse(f"/{negotiate(accept_language)}/", status_code=302)

    # The edition pages are the busiest: they are served from the event loop, from memory,
    # with no thread hand-off; the list of editions is read again at most once a second.
    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/", include_in_schema=False)
    async def today(lang: str) -> Response:
        if lang not in LANGUAGES:
            return not_found(DEFAULT)
        day = stamps.latest(store(), lang)
        if day is None:
            return message(lang, "No edition yet", "Run alaune run to build today's edition.", 200)
        return day_page(lang, day, path="")

    def day_page(lang: str, day: str, path: str) -> Response:
        db = store()
        built = stamps.built(db, lang, day)
        if built is None:
            return not_found(lang)
        key = ("edition", lang, day, path, built, stamps.latest(db, lang))
        body = pages.get(key, lambda: edition_page(db, editions, Page(lang, path), day))
        return html(body) if body else not_found(lang)

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/archive", include_in_schema=False)
    def archive(lang: str) -> Response:
        if lang not in LANGUAGES:
            return not_found(DEFAULT)
        return html(archive_page(store(), Page(lang, "archive")))

    @app.api_route(
        methods=["GET", "HEAD"], path="/{lang}/story/{story_id}", include_in_schema=False
    )
    def story(lang: str, story_id: str) -> Response:
        if lang not in LANGUAGES:
            return not_found(DEFAULT)
        db = store()
        current = db.stories.resolve(story_id)
        if current != story_id:  # merged into another story: its address moves there
            return RedirectResponse(f"/{lang}/story/{current}", status_code=301)
        day = db.editions.latest_telling(story_id, lang) or ""
        key = ("story", lang, story_id, day, editions.latest_day(db, lang))
        body = pages.get(
            key, lambda: story_page(db, editions, Page(lang, f"story/{story_id}"), story_id)
        )
        if body is None:
            return message(lang, "Page not found", "This story is not in an edition yet.", 404)
        return html(body)

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/search", include_in_schema=False)
    def search(lang: str, q: str = "") -> Response:
        if lang not in LANGUAGES:
            return not_found(DEFAULT)
        db = store()
        groups: list[dict[str, Any]] = []
        by_story: dict[str, dict[str, Any]] = {}
        for hit in db.search.articles(q[:200]) if q.strip() else []:
            key = hit.story_id or f"article-{hit.article_id}"
            if key not in by_story:
                told = editions.story(db, hit.story_id, lang) if hit.story_id else None
                by_story[key] = {
                    "title": told[1]["headline"]["text"] if told else hit.title,
                    "story_url": f"/{lang}/story/{hit.story_id}" if told else None,
                    "hits": [],
                }
                groups.append(by_story[key])
            by_story[key]["hits"].append(hit)
        page = Page(lang, f"search?q={quote(q)}" if q else "search")
        return html(render("search.html", page, query=q, groups=groups))

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/sources", include_in_schema=False)
    def sources_page(lang: str, request: Request, done: str = "", error: str = "") -> Response:
        if lang not in LANGUAGES:
            return not_found(DEFAULT)
        session = admin_session(request)
        return html(
            render(
                "sources.html",
                Page(lang, "sources"),
                sources=store().sources.all(),
                admin=session is not None,
                csrf=csrf.issue(session) if session else "",
                message=done,
                error=error,
            )
        )

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/sources.opml", include_in_schema=False)
    def sources_opml(lang: str) -> Response:
        body = write_opml(store().sources.all())
        return Response(body, media_type="text/x-opml; charset=utf-8")

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/admin", include_in_schema=False)
    def login_page(lang: str) -> Response:
        if lang not in LANGUAGES:
            return not_found(DEFAULT)
        return html(render("login.html", Page(lang, "admin")))

    @app.post("/{lang}/admin", include_in_schema=False)
    def login(lang: str, token: str = Form(default="")) -> Response:
        lang = lang if lang in LANGUAGES else DEFAULT
        if not auth.token_matches(token, config.admin_token):
            body = render("login.html", Page(lang, "admin"), error=translator(lang)("Wrong token."))
            return html(body, 403)
        response = RedirectResponse(f"/{lang}/sources", status_code=303)
        response.set_cookie(
            _COOKIE,
            auth.sign(config.secret, "admin"),
            max_age=_SESSION_S,
            httponly=True,
            samesite="strict",
            secure=config.base_url.startswith("https://"),
            path="/",
        )
        return response

    def admin_form(lang: str, request: Request, token: str) -> Response | None:
        """None when the request comes from a signed-in admin with a valid form token."""
        session = admin_session(request)
        if session is None:
            return message(lang, "Not allowed", "This needs the admin token: sign in first.", 403)
        if not csrf.valid(token, session):
            return message(
                lang, "Not allowed", "The form has expired: reload the page and try again.", 403
            )
        return None

    def back(lang: str, *, done: str = "", error: str = "") -> Response:

        query = urlencode({k: v for k, v in (("done", done), ("error", error)) if v})
        return RedirectResponse(
            f"/{lang}/sources" + (f"?{query}" if query else ""), status_code=303
        )

    @app.post("/{lang}/sources/add", include_in_schema=False)
    def add_source_form(
        lang: str,
        request: Request,
        csrf_token: str = Form(default="", alias="csrf"),
        url: str = Form(default=""),
        outlet: str = Form(default=""),
        language: str = Form(default=""),
        country: str = Form(default=""),
    ) -> Response:
        lang = lang if lang in LANGUAGES else DEFAULT
        refused = admin_form(lang, request, csrf_token)
        if refused:
            return refused
        _ = translator(lang)
        try:
            src, created = add_source(url, outlet, language, country)
        except (net.UnsafeAddress, AlauneError, ValueError) as exc:
            return back(lang, error=str(exc))
        text = "Added: {url}" if created else "Already there: {url}"
        return back(lang, done=_(text, url=src.feed_url))

    @app.post("/{lang}/sources/{source_id}/remove", include_in_schema=False)
    def remove_source_form(
        lang: str,
        source_id: int,
        request: Request,
        csrf_token: str = Form(default="", alias="csrf"),
    ) -> Response:
        lang = lang if lang in LANGUAGES else DEFAULT
        refused = admin_form(lang, request, csrf_token)
        if refused:
            return refused
        db = store()
        try:
            with db.transaction():
                src = db.sources.remove(source_id)
        except AlauneError as exc:
            return back(lang, error=str(exc))
        return back(lang, done=translator(lang)("Removed: {url}", url=src.feed_url))

    @app.post("/{lang}/sources/import", include_in_schema=False)
    def import_sources_form(
        lang: str,
        request: Request,
        opml: Annotated[UploadFile, File()],
        csrf_token: str = Form(default="", alias="csrf"),
    ) -> Response:
        lang = lang if lang in LANGUAGES else DEFAULT
        refused = admin_form(lang, request, csrf_token)
        if refused:
            return refused
        data = opml.file.read(5 * 1024 * 1024 + 1)
        try:
            if len(data) > 5 * 1024 * 1024:
                raise ValueError("the OPML file is over 5 MB")
            found = parse_opml(data, name=opml.filename or "OPML")
            added = 0
            for src in found:
                net.check_public_url(src.feed_url, allow_private=config.allow_private_sources)
            db = store()
            with db.transaction():
                added = sum(db.sources.add(s)[1] for s in found)
        except (net.UnsafeAddress, AlauneError, ValueError) as exc:
            return back(lang, error=str(exc))
        _ = translator(lang)
        return back(
            lang, done=_("{n} feeds in the file: {added} added.", n=len(found), added=added)
        )

    def add_source(url: str, outlet: str, language: str, country: str) -> tuple[Source, bool]:
        checked = net.check_public_url(url.strip(), allow_private=config.allow_private_sources)
        feed_url = canonical_url(checked)
        db = store()
        with db.transaction():
            return db.sources.add(
                Source(
                    feed_url=feed_url,
                    outlet=outlet.strip()[:200] or None,
                    language=language.strip()[:10] or None,
                    country=country.strip()[:2].upper() or None,
                )
            )

    # ------------------------------------------------------------------ feeds
    def feed(lang: str, kind: str) -> Response:
        if lang not in LANGUAGES:
            return not_found(DEFAULT)
        db = store()
        recent = editions.recent(db, lang)
        stamp = tuple(e["edition"].get("built_at", "") for e in recent)
        self_url = f"{config.base_url}/{lang}/feed.{kind}"
        make = {"atom": feeds.to_atom, "rss": feeds.to_rss, "json": feeds.to_json_feed}[kind]
        body = pages.get(("feed", lang, kind, stamp), lambda: make(site(lang), recent, self_url))
        media = {
            "atom": "application/atom+xml",
            "rss": "application/rss+xml",
            "json": "application/feed+json",
        }[kind]
        return Response(body or "", media_type=f"{media}; charset=utf-8")

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/feed.atom", include_in_schema=False)
    def feed_atom(lang: str) -> Response:
        return feed(lang, "atom")

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/feed.rss", include_in_schema=False)
    def feed_rss(lang: str) -> Response:
        return feed(lang, "rss")

    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/feed.json", include_in_schema=False)
    def feed_json(lang: str) -> Response:
        return feed(lang, "json")

    # last of all: "archive", "search", "api/editions" are not days
    @app.api_route(methods=["GET", "HEAD"], path="/{lang}/{day}", include_in_schema=False)
    async def edition_of(lang: str, day: str) -> Response:
        if lang not in LANGUAGES or not _DAY.match(day):
            return not_found(lang if lang in LANGUAGES else DEFAULT)
        return day_page(lang, day, path=day)

    @app.exception_handler(404)
    def handle_404(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return problem(404, "no such resource")
        first = request.url.path.strip("/").split("/")[0]
        return not_found(first if first in LANGUAGES else DEFAULT)

    app.add_middleware(_Wrap, wrapper=SecurityHeaders)
    return app


class _Wrap:
    """Lets ``add_middleware`` take a plain ASGI wrapper class."""

    def __init__(self, app: ASGIApp, wrapper: Callable[[ASGIApp], ASGIApp]) -> None:
        self.inner = wrapper(app)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        await self.inner(scope, receive, send)


def _public(src: Source) -> dict[str, Any]:
    """A source as the API shows it (its polling state included, nothing secret)."""
    out = asdict(src)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = value.astimezone(UTC).isoformat()
    return out
