"""Drops: one record (``Drop``), one list of reasons (``Reason``), one retry policy.

Every reason a stage stores is a member (the source spells none as a free string, and the stages
exercised here give members only), the retry set is made of members, and a reason keeps its
string through the store, while a reason an older version wrote stays readable.
"""

from __future__ import annotations

import ast
import json
import pickle
import re
from pathlib import Path

from click.testing import CliRunner

from alaune.batch.stages import extract_chunk
from alaune.cli import cli
from alaune.drops import RETRY, Drop, Reason, Stage
from alaune.ingest.feeds import parse_feed
from alaune.ingest.warc import read_warc
from alaune.model import Article
from alaune.pipeline.extract import ExtractReport, extract_batch
from alaune.store import Store
from tests.conftest import shared_path

SRC = Path(__file__).resolve().parents[1] / "src" / "alaune"
README = Path(__file__).resolve().parents[1] / "README.md"
VALUES = {r.value for r in Reason}
# calls that take a reason, and the position of that argument
TAKES_A_REASON = {"Drop": 1, "FetchError": 0, "set_failed": 1, "failed": 1}


def _sources() -> list[tuple[Path, ast.Module]]:
    paths = sorted(p for p in SRC.rglob("*.py") if p.name != "drops.py")
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in paths]


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _free_string(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def test_the_source_spells_no_reason_as_a_string() -> None:
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value in VALUES or re.fullmatch(r"http_[0-9]+", node.value):
                    found.append(f"{where} {node.value!r}")
            elif isinstance(node, ast.Call) and _name(node.func) in TAKES_A_REASON:
                at = TAKES_A_REASON[_name(node.func)]
                if len(node.args) > at and _free_string(node.args[at]):
                    found.append(f"{where} {_name(node.func)}({ast.unparse(node.args[at])})")
            elif isinstance(node, ast.Assign) and _free_string(node.value):
                names = [_name(t) for t in node.targets]
                if {"reason", "error"} & set(names):
                    found.append(f"{where} {names} = {ast.unparse(node.value)}")
    assert found == []


def test_every_named_reason_is_made_somewhere() -> None:
    used = {
        node.attr
        for _, tree in _sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and _name(node.value) == "Reason"
    }
    assert used - set(Reason.__members__) == {"http", "read"}
    # the named HTTP statuses are made by Reason.http, not spelled
    assert {m for m in Reason.__members__ if not m.startswith("HTTP_")} <= used


def test_the_readme_names_members() -> None:
    section = README.read_text(encoding="utf-8").split("**Drops are data.**")[1].split("\n\n")[0]
    named = re.findall(r"`([a-z_0-9]+)`", section)
    assert named and all(Reason.read(n).known for n in named), named


def test_http_statuses_are_one_family() -> None:
    assert Reason.http(404) is Reason.HTTP_404 and Reason("http_410") is Reason.HTTP_410
    teapot = Reason.http(418)
    assert teapot == "http_418" and teapot is Reason.http(418) and teapot.known
    assert (teapot.status, Reason.TIMEOUT.status) == (418, None)
    assert teapot not in list(Reason)  # the list is of the named reasons
    assert pickle.loads(pickle.dumps(teapot)) is teapot


def test_the_retry_set_is_made_of_members() -> None:
    assert set(Reason) >= RETRY
    assert all(r.retryable for r in RETRY)
    final = {Reason.ROBOTS_DISALLOWED, Reason.NOT_HTML, Reason.TOO_LARGE, Reason.PRIVATE_ADDRESS}
    assert not any(r.retryable for r in final)
    # a request the server calls wrong is final, except "too many requests"; its failures not
    retried = {s for s in (400, 404, 410, 429, 500, 503) if Reason.http(s).retryable}
    assert retried == {429, 500, 503}


def _check(drops: list[Drop]) -> set[Reason]:
    for drop in drops:
        assert type(drop.stage) is Stage and isinstance(drop.reason, Reason), drop
        assert drop.reason.known, drop
    return {d.reason for d in drops}


def test_feed_drops_are_members() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>no link</title></item>
      <item><title>A</title><link>https://n.example/a</link></item>
      <item><title>A again</title><link>https://n.example/a</link></item>
      <item><title>bad</title><link>javascript:alert(1)</link></item>
    </channel></rss>"""
    result = parse_feed(rss, "https://n.example/rss")
    want = {Reason.ITEM_WITHOUT_LINK, Reason.DUPLICATE_ITEM, Reason.ITEM_BAD_LINK}
    assert _check(result.drops) == want and result.error is None
    docs = {
        b"<!doctype html><html><body>a page</body></html>": Reason.NOT_A_FEED,
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>': (
            Reason.EMPTY_FEED
        ),
        b'{"version": "https://jsonfeed.org/version/1.1", "items": []}': Reason.EMPTY_FEED,
        b"<foo><bar": Reason.MALFORMED_FEED,
    }
    for doc, reason in docs.items():
        result = parse_feed(doc, "https://n.example/feed")
        assert result.error is reason, (doc, result.error)
    json_feed = b'{"version": "https://jsonfeed.org/version/1.1", "items": [1]}'
    result = parse_feed(json_feed, "https://n.example/feed.json")
    assert _check(result.drops) == {Reason.ITEM_MALFORMED}
    assert result.error is Reason.NO_USABLE_ITEMS


def test_warc_drops_are_members(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"\x1f\x8b not really gzip")
    assert _check([t for t in read_warc(junk) if isinstance(t, Drop)])
    paths = sorted(shared_path("data", "warc").glob("*.warc.gz"))
    drops = [t for path in paths for t in read_warc(path) if isinstance(t, Drop)]
    _check(drops)


def test_extract_and_batch_drops_are_members() -> None:
    deep = "<html><body>" + "<div>" * 6000 + "x" + "</div>" * 6000 + "</body></html>"
    pages = [("deep", "https://n.example/deep", deep), ("gone", "https://n.example/gone", None)]
    report = ExtractReport()
    results = dict(extract_batch(pages, {}, {"deep"}, report))
    assert all(isinstance(r, Drop) for r in results.values())
    drops = [r for r in results.values() if isinstance(r, Drop)]
    assert _check(drops) == {Reason.PAGE_TOO_DEEP, Reason.UNREADABLE_FILE}
    assert set(report.failed) == {Reason.PAGE_TOO_DEEP}
    empty = Article(url="https://n.example/e", origin="warc", html=b"<html><body></body></html>")
    chunk = extract_chunk(
        [empty, Article(url="https://n.example/d", origin="warc", html=deep.encode())]
    )
    assert _check(chunk.drops) == {Reason.NO_TEXT, Reason.PAGE_TOO_DEEP}
    assert all(type(v) is str for d in chunk.drops for v in d.row().values())


def test_a_reason_keeps_its_string_through_the_store(store: Store) -> None:
    teapot = Drop(Stage.PAGE, Reason.http(418), "https://n.example/t", "I'm a teapot")
    with store.transaction():
        for drop in (teapot, teapot, Drop(Stage.FEED, Reason.TIMEOUT, "https://n.example/rss")):
            store.record_drop(drop)
    summary = store.stats.summary()
    assert summary["drops"] == {"http_418": 1, "timeout": 1}
    assert summary["drops_by_stage"] == {"page": 1, "feed": 1}
    assert all(isinstance(k, Reason) and k.known for k in summary["drops"])
    store.articles.upsert(Article(url="https://n.example/b", origin="feed", title="B"))
    (art_id, _, _) = store.articles.pending_pages(10)[0]
    store.articles.set_failed(art_id, Reason.CONNECTION_BROKEN, final=True)
    art = store.articles.get("https://n.example/b")
    assert art is not None and art.drop_reason is Reason.CONNECTION_BROKEN


def test_a_reason_of_an_older_version_stays_readable(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.articles.upsert(Article(url="https://n.example/o", origin="feed", title="O"))
        with store.transaction():  # what an older alaune wrote, under a name it no longer has
            store.conn.execute("UPDATE articles SET drop_reason = 'gone_away', status = 'failed'")
            store.conn.execute(
                "INSERT INTO drops (stage, reason, target, detail, first_at, last_at)"
                " VALUES ('fetch', 'gone_away', 'https://n.example/o', '', 'x', 'x')"
            )
        art = store.articles.get("https://n.example/o")
        assert art is not None and art.drop_reason == "gone_away"
        assert not art.drop_reason.known and not art.drop_reason.retryable
        art.title = "O, again"
        store.articles.upsert(art)
        row = store.conn.execute("SELECT drop_reason FROM articles").fetchone()
        assert row[0] == "gone_away" and type(row[0]) is str  # written back as it was
        assert store.stats.summary()["drops"] == {"gone_away": 1}
        assert store.stats.summary()["articles"]["failed_by_reason"] == {"gone_away": 1}
        assert pickle.loads(pickle.dumps(art.drop_reason)) == "gone_away"
    runner = CliRunner()
    text = runner.invoke(cli, ["stats", "--db", str(path)])
    assert text.exit_code == 0 and "drops: gone_away 1" in text.output, text.output
    as_json = runner.invoke(cli, ["stats", "--json", "--db", str(path)])
    assert json.loads(as_json.output)["drops"] == {"gone_away": 1}
