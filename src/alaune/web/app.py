"""`alaune serve`: the editions as web pages, feeds and a JSON API (FastAPI, server-rendered,
no script needed), with an admin part for the sources behind a token.

``create_app`` assembles the routers of ``web/routes`` (api, pages, admin, feeds) around one
shared ``WebState``. Pages read what the pipeline stored; each worker thread has its own SQLite
connection (WAL lets readers run beside the pipeline writing). Rendered pages are kept in memory
until the edition they show is rebuilt, so that a busy front page costs a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from alaune import __version__
from alaune.publish.i18n import DEFAULT, LANGUAGES
from alaune.web import auth, headers
from alaune.web.routes import admin, api, feeds, pages
from alaune.web.state import WebState, problem

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
    web = WebState(config)
    app.state.web = web
    static_dir = files("alaune.publish").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")
    # the order counts: the API first ("/api/search" is not the search page of a language
    # "api"), the day's page last ("archive", "search", "feed.atom" are not days)
    for router in (api.router, pages.router, admin.router, feeds.router, pages.days):
        app.include_router(router)

    @app.exception_handler(404)
    def handle_404(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return problem(404, "no such resource")
        first = request.url.path.strip("/").split("/")[0]
        return web.not_found(first if first in LANGUAGES else DEFAULT)

    app.add_middleware(_Wrap, wrapper=SecurityHeaders)
    return app


class _Wrap:
    """Lets ``add_middleware`` take a plain ASGI wrapper class."""

    def __init__(self, app: ASGIApp, wrapper: Callable[[ASGIApp], ASGIApp]) -> None:
        self.inner = wrapper(app)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        await self.inner(scope, receive, send)
