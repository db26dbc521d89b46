"""The command line, run as a user runs it: a separate process, real files, real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path


def alaune(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "alaune", *args], capture_output=True, text=True,
                          timeout=120, env=full_env, check=False)  # fmt: skip


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    proc = alaune(*args, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_warc_ingest_then_stats_twice(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    warcs = [str(p) for p in sorted(shared_path("data", "warc").glob("*.warc.gz"))]
    for _ in range(2):
        ok("ingest", "--warc", *warcs, "--db", db)
        stats = json.loads(ok("stats", "--json", "--db", db))
        assert stats["articles"]["total"] == 257
        assert stats["articles"]["by_status"] == {"fetched": 257}
        assert sum(stats["articles"]["by_language"].values()) == 257
        assert isinstance(stats["drops"], dict) and isinstance(stats["sources"], dict)


def test_sources_lifecycle_and_env_db(tmp_path: Path) -> None:
    env = {"ALAUNE_DB": str(tmp_path / "env.db")}
    assert "added: [1]" in ok("sources", "add", "https://news.example/rss?utm_medium=x",
                              "--language", "fr", "--country", "FR", env=env)  # fmt: skip
    assert "already there" in ok("sources", "add", "https://news.example/rss", env=env)
    listed = json.loads(ok("sources", "list", "--json", env=env))
    assert [s["feed_url"] for s in listed] == ["https://news.example/rss"]
    assert listed[0]["weight"] == 1.0
    assert "weight 2.5: [1]" in ok("sources", "weight", "https://news.example/rss", "2.5", env=env)
    assert json.loads(ok("sources", "list", "--json", env=env))[0]["weight"] == 2.5
    assert alaune("sources", "weight", "99", "1", env=env).returncode == 1
    opml = tmp_path / "out.opml"
    ok("sources", "export-opml", str(opml), env=env)
    assert 'xmlUrl="https://news.example/rss"' in opml.read_text()
    assert "removed: [1]" in ok("sources", "remove", "https://news.example/rss", env=env)
    out = ok("sources", "import-opml", str(opml), env=env)
    assert "1 added" in out
    assert (tmp_path / "env.db").exists()


def test_single_html_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html lang='de'><body><p>Guten Tag</p></body></html>", encoding="utf-8")
    db = str(tmp_path / "h.db")
    out = ok("ingest", "--html", str(page), "--url", "https://z.example/artikel", "--db", db)
    assert "1 new" in out
    stats = json.loads(ok("stats", "--json", "--db", db))
    assert stats["articles"]["by_language"] == {"de": 1}
    assert stats["articles"]["by_origin"] == {"html": 1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "--warc", "/nonexistent/x.warc.gz"], "no such file"),
        (["ingest", "--html", "/nonexistent.html", "--url", "https://x.example/"], "cannot read"),
        (["ingest", "--html", "PAGE"], "--html needs --url"),
        (["ingest", "--html", "PAGE", "--url", "ftp://x/"], "http(s)"),
        (["ingest", "x.warc.gz"], "without --warc"),
        (["ingest"], "no sources yet"),
        (["sources", "import-opml", "BADOPML"], "not well-formed XML"),
        (["sources", "import-opml", "/nonexistent.opml"], "cannot read"),
        (["sources", "remove", "https://unknown.example/rss"], "no source"),
        (["sources", "add", "not a url"], "not a feed address"),
        (["stats", "--db", "NOTADB"], "not a usable alaune database"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    bad_opml = tmp_path / "bad.opml"
    bad_opml.write_text("<opml><body><outline")
    not_db = tmp_path / "notes.db"
    not_db.write_text("plain text, not a database " * 50)
    swap = {"PAGE": str(page), "BADOPML": str(bad_opml), "NOTADB": str(not_db)}
    args = [swap.get(a, a) for a in args]
    if "--db" not in args:
        args += ["--db", str(tmp_path / "e.db")]
    proc = alaune(*args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_politeness_from_the_environment_is_checked(tmp_path: Path) -> None:
    proc = alaune("ingest", "--feed", "https://x.example/rss", "--db", str(tmp_path / "p.db"),
                  env={"ALAUNE_HOST_INTERVAL": "soon"})  # fmt: skip
    assert proc.returncode != 0
    assert "ALAUNE_HOST_INTERVAL='soon'" in proc.stderr and "Traceback" not in proc.stderr
