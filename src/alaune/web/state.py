"""What the web app's routes share: its configuration, the editions and pages kept in memory,
each worker thread's store connection, the form tokens, and the replies every route gives."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse

from alaune.publish.feed_items import FeedSite
from alaune.publish.html import Page, render
from alaune.publish.i18n import DEFAULT, LANGUAGES, translator
from alaune.store import Store
from alaune.web import auth
from alaune.web.site import Editions

if TYPE_CHECKING:
    from alaune.web.app import WebConfig

HEADLINE = "Today's most important news"
COOKIE = "alaune_admin"
SESSION_S = 7 * 24 * 3600


class PageCache:
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


class Stamps:
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
        rows = store.editions.built("UTC")
        with self.lock:
            self.stamps = {(lang, day): built for lang, day, built in rows}
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


@dataclass
class WebState:
    """The one object the routes share (``app.state.web``)."""

    config: WebConfig
    editions: Editions = field(default_factory=Editions)
    pages: PageCache = field(default_factory=PageCache)
    stamps: Stamps = field(default_factory=Stamps)
    local: threading.local = field(default_factory=threading.local)
    csrf: auth.Csrf = field(init=False)  # the admin forms' tokens, keyed by the secret

    def __post_init__(self) -> None:
        self.csrf = auth.Csrf(self.config.secret)

    def store(self) -> Store:
        """This thread's connection (WAL lets readers run beside the pipeline writing)."""
        if getattr(self.local, "store", None) is None:
            self.local.store = Store(self.config.db_path)
        opened: Store = self.local.store
        return opened

    def message(self, lang: str, heading: str, text: str, status: int) -> HTMLResponse:
        _ = translator(lang)
        page = Page(lang if lang in LANGUAGES else DEFAULT, "")
        return html(render("message.html", page, heading=_(heading), text=_(text)), status)

    def not_found(self, lang: str) -> HTMLResponse:
        return self.message(lang, "Page not found", "There is no such page here.", 404)

    def admin_session(self, request: Request) -> str | None:
        signed = request.cookies.get(COOKIE)
        return signed if auth.unsign(self.config.secret, signed, SESSION_S) == "admin" else None

    def bearer(self, authorization: str | None) -> bool:
        scheme, _, token = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and auth.token_matches(
            token.strip(), self.config.admin_token
        )

    def site(self, lang: str) -> FeedSite:
        title = f"alaune — {translator(lang)(HEADLINE)}"
        return FeedSite(base_url=self.config.base_url, title=title, lang=lang)


def html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status)


def problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


async def _web(request: Request) -> WebState:
    # async: resolved on the event loop, so the edition pages (async) need no thread hand-off
    state: WebState = request.app.state.web
    return state


Web = Annotated[WebState, Depends(_web)]
