"""The web edition in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright.

The pages are served by `alaune serve`'s application on 127.0.0.1 over the invented day of
``tests/support/webserver.py``. Nothing leaves the machine: the fixture has no images, the only
external address a test follows (a source link) is answered by a route inside the browser, and
every test ends by checking that the page logged no error, made no request elsewhere, failed no
request and opened no dialog. Screenshots land in tests/artifacts/ (the README shows
edition-fr.png).

Without /usr/bin/chromium (a developer machine) the module is skipped; CI installs it with
.ci/browser-deps.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    Response,
    Route,
    expect,
    sync_playwright,
)

from tests.support.webserver import DAY, TOKEN, items, make_store, serving

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is absent: the browser tests need Debian's chromium "
        "(apt-get install chromium, or run .ci/browser-deps)",
        allow_module_level=True,
    )

# Without the background-networking flags Chromium tries to reach Google and gets refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
ARTIFACTS = Path(__file__).parent / "artifacts"

TITLES = {
    "en": "Today's most important news",
    "fr": "Les nouvelles les plus importantes de la journée",
}
# Where the fixture's reports live (https://<outlet>.example/<n>), by report number.
ARTICLE_URLS = [str(json.loads(line)["url"]) for line in items()]
STRIKE_URLS = {ARTICLE_URLS[4], ARTICLE_URLS[5]}  # the two reports of the Brenmouth strike
HOSTILE_HEADLINE = '<script>alert("owl")</script>'
PRIVATE_FEED = "http://127.0.0.1:9/feed.xml"

_STATUS = re.compile(r"status of (\d{3})")


class Tab:
    """A page in a browser context of its own, with everything that went wrong on it recorded:
    console errors, uncaught script errors, failed requests, dialogs, and requests made to any
    other address than the test server."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context = context
        self.base = base
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.external: list[str] = []
        self.allowed: set[tuple[str, int]] = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        url = str(msg.location.get("url", ""))
        status = _STATUS.search(msg.text)
        if status and (url, int(status.group(1))) in self.allowed:
            return  # a refusal the test asked for (a 403 page, ...)
        self.errors.append(f"console error: {msg.text} ({url})")

    def _failed(self, request: Request) -> None:
        self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _request(self, request: Request) -> None:
        if not request.url.startswith(f"{self.base}/"):
            self.external.append(request.url)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str) -> Response:
        """Opens ``path`` on the test server; the main document's response."""
        response = self.page.goto(self.base + path)
        assert response is not None, f"no response for {path}"
        return response

    def allow_status(self, path: str, status: int) -> None:
        """Accepts the console error Chromium logs for a page that the test expects to be
        refused with ``status``."""
        self.allowed.add((self.base + path, status))

    def assert_clean(self, *, external: tuple[str, ...] = ()) -> None:
        """No error, no dialog, and no request anywhere else than the server (but ``external``)."""
        assert self.errors == []
        assert self.dialogs == []
        assert [url for url in self.external if url not in external] == []


# ------------------------------------------------------------------------------------ fixtures


def copy_db(source: Path, target: Path) -> Path:
    """A copy of a store (SQLite's backup: whole, even with a server reading the source)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


@pytest.fixture(scope="module")
def pristine_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invented day, grouped, with its editions in French and English (built once)."""
    path = tmp_path_factory.mktemp("browser") / "pristine.db"
    make_store(path)
    return path


@pytest.fixture(scope="module")
def site(pristine_db: Path) -> Iterator[str]:
    """The base URL of a server over a copy of the invented day (read-only tests share it)."""
    with serving(copy_db(pristine_db, pristine_db.with_name("site.db"))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


OpenTab = Callable[..., Tab]


@pytest.fixture
def open_tab(browser: Browser, site: str) -> Iterator[OpenTab]:
    """Opens a tab in a fresh browser context (desktop, or a phone with ``phone=True``)."""
    contexts: list[BrowserContext] = []

    def open_(base: str = site, *, phone: bool = False, locale: str = "en-GB") -> Tab:
        context = browser.new_context(
            viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Tab(context, base)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_tab: OpenTab) -> Tab:
    return open_tab()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def story_id_of(tab: Tab, word: str) -> str:
    """The id of the English edition's story whose card mentions ``word``."""
    tab.goto("/en/")
    card = tab.page.locator("article.story").filter(has_text=word)
    expect(card).to_have_count(1)
    story_id = card.get_attribute("id")
    assert story_id
    return story_id


def sign_in(tab: Tab, lang: str = "en") -> None:
    tab.goto(f"/{lang}/admin")
    tab.page.locator("#token").fill(TOKEN)
    tab.page.locator("main form button[type=submit]").click()
    expect(tab.page).to_have_url(f"{tab.base}/{lang}/sources")


# --------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_edition_lists_the_stories_flood_first(tab: Tab, lang: str) -> None:
    response = tab.goto(f"/{lang}/")
    page = tab.page
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(TITLES[lang])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    stories = page.locator("article.story")
    assert stories.count() >= 2
    expect(stories.first.locator("h2 a")).to_contain_text("Valmorin")
    if lang == "fr":
        screenshot(page, "edition-fr.png")
    tab.assert_clean()  # no external request either: the sources' pages are links, not loads


def test_story_page_opens_from_its_headline(tab: Tab) -> None:
    page = tab.page
    tab.goto("/en/")
    first = page.locator("article.story").first
    story_id = first.get_attribute("id")
    assert story_id
    first.locator("h2 a").click()

    expect(page).to_have_url(f"{tab.base}/en/story/{story_id}")
    expect(page.locator("h1")).to_contain_text("Valmorin")
    assert page.locator("main .sentence").count() >= 1
    coverage = page.get_by_role("region", name="Coverage")
    assert coverage.locator("table tbody tr").count() >= 3
    why = page.get_by_role("region", name="Why here")
    assert why.locator("table tr").count() >= 2
    expect(why.get_by_role("row", name=re.compile(r"^total"))).to_have_count(1)
    screenshot(page, "story-en.png")
    tab.assert_clean()


def test_summary_sentences_link_to_their_sources(tab: Tab) -> None:
    page = tab.page
    tab.goto("/en/")
    sources = page.locator("article.story").first.locator(".sentence a.source")
    assert sources.count() >= 1
    for link in sources.all():
        assert link.get_attribute("href") in ARTICLE_URLS
        rel = (link.get_attribute("rel") or "").split()
        assert "noopener" in rel
        assert "noreferrer" in rel

    # The source's site is answered inside the browser: nothing goes out.
    reached: list[Request] = []

    def fulfil(route: Route) -> None:
        reached.append(route.request)
        route.fulfill(status=200, body="<title>source</title>source page", content_type="text/html")

    tab.context.route("https://**/*", fulfil)
    href = sources.first.get_attribute("href")
    assert href
    sources.first.click()
    expect(page).to_have_url(href)
    expect(page).to_have_title("source")
    assert reached
    assert reached[0].url == href
    assert reached[0].headers.get("referer") is None  # rel=noreferrer: the reader's page stays
    tab.assert_clean(external=(href,))


def test_language_switch(tab: Tab) -> None:
    page = tab.page
    tab.goto("/en/")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{tab.base}/fr/")
    expect(page.locator("h1")).to_have_text(TITLES["fr"])
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{tab.base}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    tab.assert_clean()


@pytest.mark.parametrize(("locale", "lang"), [("fr-FR", "fr"), ("en-US", "en")])
def test_root_follows_the_browser_language(open_tab: OpenTab, locale: str, lang: str) -> None:
    tab = open_tab(locale=locale)
    tab.goto("/")
    expect(tab.page).to_have_url(f"{tab.base}/{lang}/")
    expect(tab.page.locator("h1")).to_have_text(TITLES[lang])
    tab.assert_clean()


def test_language_switch_keeps_the_search_query(tab: Tab) -> None:
    query = "port & Brenmouth"
    tab.goto(f"/en/search?q={quote(query)}")
    expect(tab.page.get_by_role("searchbox")).to_have_value(query)
    tab.page.get_by_role("link", name="Français").click()
    expect(tab.page).to_have_url(re.compile(re.escape(f"{tab.base}/fr/search?")))
    expect(tab.page.get_by_role("searchbox")).to_have_value(query)
    tab.assert_clean()


def test_search(tab: Tab) -> None:
    page = tab.page
    tab.goto("/en/")
    box = page.get_by_role("searchbox")
    box.fill("Brenmouth")
    box.press("Enter")
    expect(page).to_have_url(f"{tab.base}/en/search?q=Brenmouth")
    hits = page.locator("main section.result li a").filter(has_text="Brenmouth")
    expect(hits.first).to_be_visible()
    assert hits.count() >= 2
    assert {hit.get_attribute("href") for hit in hits.all()} >= STRIKE_URLS

    hostile = "<script>alert(1)</script>"
    box = page.get_by_role("searchbox")
    box.fill(hostile)
    box.press("Enter")
    expect(page).to_have_url(f"{tab.base}/en/search?q={quote(hostile, safe='')}")
    expect(page.get_by_role("searchbox")).to_have_value(hostile)  # the query is text, not markup
    assert page.locator("script").count() == 0
    assert tab.dialogs == []
    tab.assert_clean()


def test_sources_cannot_be_added_without_the_token(tab: Tab) -> None:
    page = tab.page
    tab.goto("/en/sources")
    expect(page.locator('form[action$="/sources/add"]')).to_have_count(0)
    expect(page.get_by_role("link", name="Sign in to add or remove sources")).to_be_visible()
    response = page.request.post(
        f"{tab.base}/en/sources/add", form={"url": "https://news.example/feed", "csrf": "x"}
    )
    assert response.status == 403
    tab.goto("/en/sources")
    expect(page.locator("main table")).not_to_contain_text("news.example")
    tab.assert_clean()


def test_sign_in_then_add_a_source(open_tab: OpenTab, pristine_db: Path, tmp_path: Path) -> None:
    with serving(copy_db(pristine_db, tmp_path / "lan.db"), allow_private_sources=True) as base:
        tab = open_tab(base)
        page = tab.page

        # A wrong token: refused (403), the form again with the reason.
        tab.goto("/en/admin")
        tab.allow_status("/en/admin", 403)
        page.locator("#token").fill("not-the-token-0123456789")
        with page.expect_response(lambda r: r.request.method == "POST") as refused:
            page.locator("main form button[type=submit]").click()
        assert refused.value.status == 403
        expect(page).to_have_url(f"{base}/en/admin")
        expect(page.get_by_role("alert")).to_have_text("Wrong token.")
        expect(page.locator("#token")).to_be_visible()
        assert not [c for c in tab.context.cookies() if c["name"] == "alaune_admin"]

        # The right token: the sources page with its forms.
        sign_in(tab)
        form = page.locator('main form[action$="/sources/add"]')
        expect(form).to_be_visible()
        form.locator("#url").fill(PRIVATE_FEED)
        form.locator("button[type=submit]").click()
        expect(page.get_by_role("status")).to_contain_text(PRIVATE_FEED)
        expect(page.get_by_role("alert")).to_have_count(0)
        expect(page.locator("main table tbody")).to_contain_text(PRIVATE_FEED)

        # The same form with a forged CSRF token: refused, nothing added.
        other = "http://127.0.0.1:9/other.xml"
        form = page.locator('main form[action$="/sources/add"]')
        form.locator("#url").fill(other)
        form.locator('input[name="csrf"]').evaluate("(el) => { el.value = '1.forged'; }")
        tab.allow_status("/en/sources/add", 403)
        with page.expect_response(lambda r: r.request.method == "POST") as forged:
            form.locator("button[type=submit]").click()
        assert forged.value.status == 403
        expect(page.locator("h1")).to_have_text("Not allowed")
        tab.goto("/en/sources")
        expect(page.locator("main table tbody")).to_contain_text(PRIVATE_FEED)
        expect(page.locator("main table tbody")).not_to_contain_text(other)
        tab.assert_clean()


def test_private_source_refused(open_tab: OpenTab, pristine_db: Path, tmp_path: Path) -> None:
    with serving(copy_db(pristine_db, tmp_path / "public.db"), allow_private_sources=False) as base:
        tab = open_tab(base)
        page = tab.page
        sign_in(tab)
        form = page.locator('main form[action$="/sources/add"]')
        form.locator("#url").fill(PRIVATE_FEED)
        form.locator("button[type=submit]").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("refused")
        expect(alert).to_contain_text("loopback")
        expect(page.get_by_role("status")).to_have_count(0)
        expect(page.locator("main table tbody")).not_to_contain_text(PRIVATE_FEED)
        tab.assert_clean()


def test_hostile_text_is_shown_as_text(tab: Tab) -> None:
    page = tab.page
    zarvik = story_id_of(tab, "Zarvik")
    for path in ("/en/", f"/en/story/{zarvik}", "/en/search?q=Zarvik"):
        tab.goto(path)
        assert page.locator("script").count() == 0, path
        assert page.locator("img").count() == 0, path  # the body's <img onerror> stays text
        expect(page.locator("main b").filter(has_text=re.compile(r"^closed$"))).to_have_count(0)
        expect(page.locator("main").get_by_text(HOSTILE_HEADLINE).first).to_be_visible()
    assert tab.dialogs == []
    tab.assert_clean()


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("atom", '&lt;script&gt;alert("owl")&lt;/script&gt; Zarvik'),
        ("rss", '&lt;script&gt;alert("owl")&lt;/script&gt; Zarvik'),
        ("json", '<script>alert(\\"owl\\")</script> Zarvik'),
    ],
)
def test_feeds_do_not_run_script(tab: Tab, kind: str, shown: str) -> None:
    response = tab.goto(f"/en/feed.{kind}")
    page = tab.page
    assert response.status == 200
    assert page.evaluate("document.contentType") != "text/html"
    assert page.locator("script").count() == 0
    assert shown in page.locator("body").inner_text()  # the hostile title, shown as its source
    page.wait_for_timeout(200)  # time for a script, were there one, to open its dialog
    assert tab.dialogs == []
    tab.assert_clean()


def test_phone_layout(open_tab: OpenTab) -> None:
    tab = open_tab(phone=True)
    page = tab.page
    for path in ("/en/story/" + story_id_of(tab, "Brenmouth"), "/en/search?q=Zarvik", "/en/"):
        tab.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways ({width} px)"
        assert page.locator("img:not([alt])").count() == 0, path
        for role in ("banner", "navigation", "main", "contentinfo"):
            assert page.get_by_role(role).count() >= 1, f"{path} has no {role} landmark"
        for tag in ("header", "nav", "main", "footer"):
            assert page.locator(tag).count() >= 1, f"{path} has no <{tag}>"
    screenshot(page, "edition-en-phone.png")
    tab.assert_clean()


@pytest.mark.parametrize("path", ["/en/", "/fr/story/", "/en/search?q=Brenmouth", "/en/admin"])
def test_security_headers(tab: Tab, path: str) -> None:
    if path.endswith("/story/"):
        path += story_id_of(tab, "Valmorin")
    headers = tab.goto(path).headers
    csp = [part.strip() for part in headers.get("content-security-policy", "").split(";")]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers.get("x-content-type-options") == "nosniff"
    tab.assert_clean()


def test_favicon_request_is_answered(tab: Tab) -> None:
    """Every browser asks for /favicon.ico; an error there is an error in every page's console."""
    response = tab.goto("/favicon.ico")
    assert urlsplit(response.url).path == "/favicon.ico", f"redirected to {response.url}"
    assert response.ok, f"/favicon.ico answered {response.status}"


def test_a_real_day_reads_without_errors(open_tab: OpenTab, tmp_path: Path) -> None:
    """The labelled day of ../shared (804 real feed items) grouped, its French edition built and
    opened: the page the README shows (tests/artifacts/edition-real-fr.png)."""
    from datetime import date

    from alaune.ingest.jsonl import read_jsonl
    from alaune.pipeline.edition import build_edition
    from alaune.pipeline.ingest import store_articles
    from alaune.pipeline.report import IngestReport
    from alaune.pipeline.stories import group_stored
    from alaune.store import Store
    from tests.conftest import shared_path

    items = shared_path("data", "stories", "rsslinkdb-2023-12-12", "articles.jsonl")
    db = tmp_path / "real.db"
    with Store(db) as store:
        store_articles(store, read_jsonl(items), IngestReport())
        group_stored(store)
        build_edition(store, date(2023, 12, 12), "fr")
    with serving(db) as base:
        tab = open_tab(base)
        assert tab.goto("/fr/").status == 200
        assert tab.page.locator("article.story").count() == 20
        assert tab.page.locator("h1").inner_text() == TITLES["fr"]
        ARTIFACTS.mkdir(exist_ok=True)  # the first screen only: the README's picture
        tab.page.screenshot(path=str(ARTIFACTS / "edition-real-fr.png"))
        tab.page.locator("article.story h2 a").first.click()
        assert "/fr/story/" in tab.page.url
        assert tab.page.locator("table").count() >= 2
        tab.assert_clean()


# ----------------------------------------------------------------- hostile input on every page

# Two outlets report one invented event with markup, script and javascript: addresses in every
# field a reader sees: outlet names, titles, texts, quotes, link queries, and a source's title,
# site and feed address. Nothing of it may run, load or become a link that runs script.
_HOSTILE_OUTLETS = ('Owl" onmouseover="alert(3)', "<svg onload=alert(4)>Gazette")
_HOSTILE_REPORTS = [
    (_HOSTILE_OUTLETS[0], "Quarrow dam <script>alert(10)</script> opens its gates",
     'The Quarrow dam opened its gates on Tuesday. <iframe src="javascript:alert(11)"></iframe> '
     '"<a href=javascript:alert(12)>Water</a> will reach the valley by noon," the warden said.'),
    (_HOSTILE_OUTLETS[1], "Quarrow dam gates open, valley <img src=x onerror=alert(13)> warned",
     "Gates of the Quarrow dam were opened on Tuesday and the valley was warned of rising water. "
     "<style>body{display:none}</style>Farmers moved their herds."),
]  # fmt: skip
_INERT = """() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            if (a.name.startsWith('on')) bad.push(`${el.tagName} ${a.name}`);
        }
    }
    for (const el of document.querySelectorAll('[href], [src], [action], [formaction]')) {
        for (const name of ['href', 'src', 'action', 'formaction']) {
            const v = el.getAttribute(name);
            if (v !== null && /^\\s*(javascript|data|vbscript):/i.test(v)) bad.push(`${name}=${v}`);
        }
    }
    const kinds = ['script', 'iframe', 'object', 'embed', 'svg', 'style:not(head style)'];
    for (const k of kinds) document.querySelectorAll(k).forEach(e => bad.push(`<${e.tagName}>`));
    return bad;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from alaune.ingest.jsonl import parse_jsonl
    from alaune.model import Source
    from alaune.pipeline.edition import build_edition
    from alaune.pipeline.ingest import store_articles
    from alaune.pipeline.report import IngestReport
    from alaune.pipeline.stories import group_stored
    from alaune.store import Store

    lines = [
        json.dumps({
            "outlet": outlet, "lang": "en", "title": title, "text": text,
            "published": (DAY + timedelta(minutes=20 * n)).isoformat(),
            "url": f"https://quarrow{n}.example/a?x=%22%3E%3Cscript%3Ealert({20 + n})%3C/script%3E",
        })
        for n, (outlet, title, text) in enumerate(_HOSTILE_REPORTS)
    ]  # fmt: skip
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with Store(path) as store:
        store.sources.add(Source(
            feed_url='https://quarrow0.example/feed?"><script>alert(30)</script>',
            title="<script>alert(31)</script>Owl feed", site_url="javascript:alert(32)",
            outlet=_HOSTILE_OUTLETS[0], language="en", country="<b>XX</b>",
        ))  # fmt: skip
        store_articles(store, parse_jsonl(lines), IngestReport())
        group_stored(store)
        for lang in ("fr", "en"):
            build_edition(store, DAY.date(), lang)
    with serving(path) as base:
        yield base


def test_every_page_and_feed_keeps_hostile_input_inert(open_tab: OpenTab, hostile_site: str
                                                       ) -> None:  # fmt: skip
    tab = open_tab(hostile_site)
    page = tab.page
    # the check itself finds what it looks for (set_content: nothing runs, nothing loads)
    page.set_content('<p><a href=" JavaScript:x">a</a><i onclick="x">b</i><iframe></iframe></p>')
    assert len(page.evaluate(_INERT)) == 3
    tab.goto("/en/")
    story = page.locator("article.story").filter(has_text="Quarrow").first
    href = story.locator("a[href*='/story/']").first.get_attribute("href")
    assert href is not None
    day = f"/en/{DAY.date().isoformat()}"
    pages = ["/en/", "/fr/", urlsplit(href).path, day, "/en/archive", "/fr/archive",
             "/en/search?q=Quarrow", "/en/sources", "/fr/sources", "/en/admin"]  # fmt: skip
    shown = 0
    for path in pages:
        response = tab.goto(path)
        assert response.status == 200, path
        assert page.evaluate(_INERT) == [], path
        text = page.locator("body").inner_text()
        shown += "<script>alert(" in text  # hostile markup is shown as the text it is
    assert shown >= 4
    for kind in ("atom", "rss", "json"):
        response = tab.goto(f"/en/feed.{kind}")
        assert response.status == 200
        assert page.evaluate("document.contentType") != "text/html"
        assert page.evaluate(_INERT) == [], kind
    page.wait_for_timeout(300)  # time for a script, were there one, to open its dialog
    assert tab.dialogs == []
    tab.assert_clean()
