"""`alaune serve` over real HTTP on 127.0.0.1: pages, languages, search, admin, API, feeds,
export, and hostile text shown as text."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import httpx
import pytest

from alaune.store import Store
from alaune.web.export import export_site
from tests.support.webserver import DAY, TOKEN, make_store, serving

TODAY = DAY.date().isoformat()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    make_store(path)
    return path


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    with serving(db) as url:
        yield url


def story_ids(db: Path, lang: str = "en") -> list[str]:
    with Store(db) as store:
        edition = store.editions.edition(TODAY, lang, "UTC")
    assert edition is not None
    return [s.id for s in edition.stories]


def test_pages_in_both_languages(base: str, db: Path) -> None:
    root = httpx.get(f"{base}/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert root.status_code == 302 and root.headers["location"] == "/en/"
    assert httpx.get(f"{base}/", headers={"Accept-Language": "de"}).headers["location"] == "/fr/"
    en, fr = httpx.get(f"{base}/en/"), httpx.get(f"{base}/fr/")
    assert en.status_code == fr.status_code == 200
    assert "Today&#39;s most important news" in en.text and 'lang="en"' in en.text
    assert "Les nouvelles les plus importantes de la journée" in fr.text
    assert "Valmorin" in en.text and 'href="/fr/' in en.text  # the language switch
    assert len(en.content) < 100_000
    main = en.text.split("<main")[1].split("</main>")[0]
    assert main in httpx.get(f"{base}/en/{TODAY}").text  # today's edition is that day's
    story = httpx.get(f"{base}/en/story/{story_ids(db)[0]}")
    assert story.status_code == 200 and "Why here" in story.text and "<table>" in story.text
    assert httpx.get(f"{base}/en/archive").text.count(TODAY) >= 1
    missing = httpx.get(f"{base}/fr/story/s000000000000")
    assert missing.status_code == 404 and "Page introuvable" in missing.text
    assert httpx.get(f"{base}/en/1999-01-01").status_code == 404
    assert httpx.get(f"{base}/xx/").status_code == 404


def test_security_headers_on_pages_and_api(base: str) -> None:
    for path in ("/en/", "/api/editions", "/en/feed.atom", "/static/style.css"):
        headers = httpx.get(f"{base}{path}").headers
        assert "default-src 'none'" in headers["content-security-policy"], path
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_hostile_text_is_shown_as_text(base: str, db: Path) -> None:
    ids = story_ids(db)
    pages = ["/en/", f"/en/{TODAY}", "/en/search?q=Zarvik", "/fr/"]
    pages += [f"/en/story/{i}" for i in ids]
    for path in pages:
        body = httpx.get(f"{base}{path}").text
        assert "<script" not in body.lower(), path
        assert "onerror=" not in body.replace("onerror=alert", "") or "&lt;img" in body, path
    zarvik = httpx.get(f"{base}/en/search?q=Zarvik").text
    assert "&lt;script&gt;alert(" in zarvik
    for kind in ("atom", "rss"):
        assert "<script>" not in httpx.get(f"{base}/en/feed.{kind}").text
    # JSON Feed titles are plain text by definition; the HTML content must be escaped
    for item in httpx.get(f"{base}/en/feed.json").json()["items"]:
        assert "<script" not in item["content_html"]


def test_search_groups_articles_by_story(base: str) -> None:
    page = httpx.get(f"{base}/en/search", params={"q": "Brenmouth"})
    assert (
        page.status_code == 200 and page.text.count("brenmouth") + page.text.count("Brenmouth") >= 2
    )
    assert "/en/story/" in page.text
    nothing = httpx.get(f"{base}/fr/search", params={"q": "zzqqxx"})
    assert "Rien trouvé" in nothing.text
    odd = httpx.get(f"{base}/en/search", params={"q": 'AND OR NOT ( " *'})
    assert odd.status_code == 200
    api = httpx.get(f"{base}/api/search", params={"q": "Valmorin"}).json()
    assert len(api) >= 3 and all("story_id" in hit for hit in api)


def test_api_and_its_openapi_document(base: str, db: Path) -> None:
    listed = httpx.get(f"{base}/api/editions", params={"lang": "en"}).json()
    assert listed[0]["date"] == TODAY and listed[0]["stories"] >= 2
    edition = httpx.get(f"{base}/api/editions/{TODAY}", params={"lang": "fr"}).json()
    assert edition["edition"]["lang"] == "fr" and edition["stories"][0]["score"]["parts"]
    sid = story_ids(db)[0]
    story = httpx.get(f"{base}/api/stories/{sid}").json()
    assert story["story"]["id"] == sid and story["date"] == TODAY
    article_id = story["story"]["articles"][0]["article_id"]
    article = httpx.get(f"{base}/api/articles/{article_id}").json()
    assert article["story_id"] == sid and article["url"].startswith("https://")
    assert httpx.get(f"{base}/api/articles/999999").status_code == 404
    assert httpx.get(f"{base}/api/editions/not-a-day").status_code == 404
    spec = httpx.get(f"{base}/api/openapi.json").json()
    for path in ("/api/editions", "/api/editions/{day}", "/api/stories/{story_id}",
                 "/api/articles/{article_id}", "/api/search", "/api/sources"):  # fmt: skip
        assert path in spec["paths"], path


def test_api_writes_need_the_token(db: Path) -> None:
    with serving(db, allow_private_sources=True) as url:
        body = {"url": "http://127.0.0.1:9/api-feed.xml", "outlet": "Loopback"}
        assert httpx.post(f"{url}/api/sources", json=body).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert httpx.post(f"{url}/api/sources", json=body, headers=wrong).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        made = httpx.post(f"{url}/api/sources", json=body, headers=auth)
        assert made.status_code == 201 and made.json()["outlet"] == "Loopback"
        sid = made.json()["id"]
        assert httpx.delete(f"{url}/api/sources/{sid}").status_code == 401
        assert httpx.delete(f"{url}/api/sources/{sid}", headers=auth).status_code == 204
        assert all(s["id"] != sid for s in httpx.get(f"{url}/api/sources").json())
    with serving(db) as url:  # private addresses refused unless configured
        auth = {"Authorization": f"Bearer {TOKEN}"}
        for target in ("http://127.0.0.1:9/x.xml", "http://169.254.169.254/latest/meta-data",
                       "http://[::ffff:127.0.0.1]/x", "file:///etc/passwd"):  # fmt: skip
            refused = httpx.post(f"{url}/api/sources", json={"url": target}, headers=auth)
            assert refused.status_code == 400, target
        assert "ALAUNE_ALLOW_PRIVATE_SOURCES" in refused.text or "http" in refused.text


def test_admin_forms_need_sign_in_and_a_form_token(db: Path) -> None:
    with serving(db, allow_private_sources=True) as url, httpx.Client(base_url=url) as browser:
        form = {"url": "http://127.0.0.1:9/form-feed.xml", "csrf": "x"}
        assert browser.post("/en/sources/add", data=form).status_code == 403
        assert browser.post("/en/admin", data={"token": "wrong"}).status_code == 403
        signed = browser.post("/en/admin", data={"token": TOKEN})
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        page = browser.get("/en/sources").text
        assert 'name="csrf"' in page
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        assert browser.post("/en/sources/add", data=form).status_code == 403  # bad form token
        done = browser.post("/en/sources/add", data={**form, "csrf": csrf}, follow_redirects=True)
        assert done.status_code == 200 and "form-feed.xml" in done.text
        opml = browser.get("/en/sources.opml").text
        assert "form-feed.xml" in opml
        sid = next(s["id"] for s in browser.get("/api/sources").json()
                   if s["feed_url"].endswith("form-feed.xml"))  # fmt: skip
        gone = browser.post(f"/en/sources/{sid}/remove", data={"csrf": csrf}, follow_redirects=True)
        assert gone.status_code == 200 and "Removed" in gone.text


def test_feeds_are_valid_and_link_to_live_story_pages(base: str) -> None:
    for kind in ("atom", "rss", "json"):
        response = httpx.get(f"{base}/en/feed.{kind}")
        assert response.status_code == 200
        if kind == "json":
            doc = response.json()
            links = [item["url"] for item in doc["items"]]
            assert doc["version"] == "https://jsonfeed.org/version/1.1"
        else:
            parsed = feedparser.parse(response.text)
            assert not parsed.bozo, parsed.get("bozo_exception")
            assert parsed.feed.get("language", "en").startswith("en")
            links = [entry.link for entry in parsed.entries]
        assert len(links) >= 2
        for link in links:
            assert link.startswith(base) and httpx.get(link).status_code == 200


def test_a_merged_story_redirects_to_the_one_it_joined(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "merged.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with Store(copy) as store:
        first, second = story_ids(copy)[:2]
        with store.transaction():
            store.stories.merge(second, first)
    with serving(copy) as url:
        moved = httpx.get(f"{url}/en/story/{second}")
        assert moved.status_code == 301 and moved.headers["location"] == f"/en/story/{first}"
        assert httpx.get(f"{url}/api/stories/{second}").json()["merged_into"] == first


def test_static_export_serves_from_a_plain_web_server(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    with Store(db) as store:
        report = export_site(store, out, base_url="https://news.example.org")
    assert report.editions == 2 and report.stories >= 4 and report.feeds == 6
    for path in ("index.html", f"en/{TODAY}/index.html", "en/index.html", "fr/archive/index.html",
                 "en/feed.atom", f"api/editions/{TODAY}.en.json", "static/style.css"):  # fmt: skip
        assert (out / path).is_file(), path
    atom = feedparser.parse((out / "en" / "feed.atom").read_text("utf-8"))
    assert atom.entries[0].link.startswith("https://news.example.org/en/story/")
    handler = partial(SimpleHTTPRequestHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        site = f"http://127.0.0.1:{server.server_address[1]}"
        page = httpx.get(f"{site}/en/")
        assert page.status_code == 200 and "Valmorin" in page.text
        assert 'action="/en/search"' not in page.text  # no search on a static site
        story_links = [p.split('"')[0] for p in page.text.split('href="/en/story/')[1:]]
        assert story_links and all(link.endswith("/") for link in story_links)
        assert httpx.get(f"{site}/en/story/{story_links[0]}").status_code == 200
        assert httpx.get(f"{site}/static/style.css").status_code == 200
        assert json.loads(httpx.get(f"{site}/api/editions/{TODAY}.fr.json").text)["stories"]
    finally:
        server.shutdown()
        server.server_close()


def test_serve_and_export_commands(db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from tests.support.webserver import free_port

    port = free_port()
    env = {"ALAUNE_ADMIN_TOKEN": TOKEN, "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen(
        [sys.executable, "-m", "alaune", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/fr/"
        for _ in range(300):
            try:
                page = httpx.get(url)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert page.status_code == 200 and "Valmorin" in page.text
    finally:
        server.terminate()
        out, err = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}" in out and "Traceback" not in err
    site = tmp_path / "export"
    done = subprocess.run(
        [sys.executable, "-m", "alaune", "export", "--out", str(site), "--db", str(db)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "exported 2 editions" in done.stdout
    # a folder that is not an export is never emptied
    other = tmp_path / "precious"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = subprocess.run(
        [sys.executable, "-m", "alaune", "export", "--out", str(other), "--db", str(db)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert refused.returncode == 1 and (other / "notes.txt").read_text() == "keep me"
