"""WARC ingest: the shared archives (258 records, 257 URLs) and small archives we write here."""

from __future__ import annotations

import gzip
import uuid
from pathlib import Path

import pytest

from alaune.drops import Drop
from alaune.ingest.warc import read_warc
from alaune.model import Article, Status
from alaune.pipeline.ingest import ingest_warc
from alaune.pipeline.report import IngestReport
from alaune.store import Store
from tests.conftest import shared_path


def _record(url: str, http: bytes, *, version: str = "1.0", kind: str = "response",
            date: str = "2024-01-02T03:04:05Z") -> bytes:  # fmt: skip
    head = (
        f"WARC/{version}\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def _http(status: str, ctype: str, body: bytes) -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
            .encode() + body)  # fmt: skip


PAGE = (
    "<html lang='fr'><head><title>Été</title></head><body><p>Un été très chaud.</p></body></html>"
)


def _archive(path: Path, *records: bytes, gz: bool = True) -> Path:
    data = b"".join(gzip.compress(r) if gz else r for r in records)
    path.write_bytes(data)
    return path


def test_shared_archives_store_each_url_once(store: Store) -> None:
    paths = sorted(shared_path("data", "warc").glob("*.warc.gz"))
    assert len(paths) == 5
    report = IngestReport()
    ingest_warc(store, paths, report)
    assert report.records_seen == 258
    assert store.articles.count() == 257
    summary = store.stats.summary()["articles"]
    assert summary["by_status"] == {"fetched": 257}
    # The URL crawled twice is stored as its newer crawl, whichever order the parts come in.
    dated: dict[str, list[str]] = {}
    for path in paths:
        for thing in read_warc(path):
            assert isinstance(thing, Article)
            assert thing.fetched_at is not None
            dated.setdefault(thing.url, []).append(thing.fetched_at.isoformat())
    (twice,) = [u for u, d in dated.items() if len(d) == 2]
    stored = store.articles.get(twice)
    assert stored is not None and stored.fetched_at is not None
    assert stored.fetched_at.isoformat() == max(dated[twice])

    again = IngestReport()
    ingest_warc(store, list(reversed(paths)), again)
    assert store.articles.count() == 257
    assert again.outcomes["inserted"] == again.outcomes["updated"] == 0
    assert again.outcomes["unchanged"] + again.outcomes["older"] == 258


def test_reverse_order_keeps_newer(tmp_path: Path) -> None:
    url = "https://news.example/a"
    old = _record(url, _http("200 OK", "text/html", b"<p>old</p>"), date="2023-01-01T00:00:00Z")
    new = _record(url, _http("200 OK", "text/html", b"<p>new</p>"), date="2024-01-01T00:00:00Z")
    for order in ((old, new), (new, old)):
        with Store(tmp_path / f"{len(list(tmp_path.iterdir()))}.db") as st:
            ingest_warc(st, [_archive(tmp_path / "x.warc.gz", *order)], IngestReport())
            art = st.articles.get(url)
            assert art is not None and art.html == b"<p>new</p>"


def test_skips_with_reasons_and_reads_warc_11(tmp_path: Path, store: Store) -> None:
    archive = _archive(
        tmp_path / "mixed.warc",
        _record("https://n.example/ok", _http("200 OK", "text/html; charset=utf-8", PAGE.encode()),
                version="1.1"),
        _record("https://n.example/missing", _http("404 Not Found", "text/html", b"nope")),
        _record("https://n.example/logo.png", _http("200 OK", "image/png", b"\x89PNG....")),
        _record("https://n.example/empty", _http("200 OK", "text/html", b"  ")),
        _record("https://n.example/ok", b"GET /ok HTTP/1.1\r\nHost: n.example\r\n\r\n", kind="request"),
        _record("mailto:someone@example.org", _http("200 OK", "text/html", b"<p>x</p>")),
        gz=False,
    )  # fmt: skip
    report = IngestReport()
    ingest_warc(store, [archive], report)
    assert store.articles.count() == 1
    art = store.articles.get("https://n.example/ok")
    assert art is not None and art.status is Status.FETCHED and art.language == "fr"
    assert art.html is not None and "Un été très chaud" in art.html.decode()
    assert store.stats.summary()["drops"] == {
        "http_404": 1, "not_html": 1, "empty_body": 1, "bad_url": 1,
    }  # fmt: skip


def test_truncated_archive_keeps_what_it_read(tmp_path: Path, store: Store) -> None:
    good = [_record(f"https://n.example/{i}", _http("200 OK", "text/html", PAGE.encode()))
            for i in range(3)]  # fmt: skip
    full = _archive(tmp_path / "full.warc.gz", *good)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(full.read_bytes()[: -len(gzip.compress(good[-1])) // 2])
    things = list(read_warc(cut))
    articles = [t for t in things if isinstance(t, Article)]
    drops = [t for t in things if isinstance(t, Drop)]
    assert len(articles) == 2
    assert [d.reason for d in drops] == ["truncated_record"]
    report = IngestReport()
    ingest_warc(store, [cut], report)
    assert store.articles.count() == 2


def test_not_a_warc(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not an archive at all")
    things = list(read_warc(junk))
    assert things and all(isinstance(t, Drop) for t in things)
    assert {t.reason for t in things if isinstance(t, Drop)} <= {"no_records", "damaged_archive"}


@pytest.mark.parametrize("compressed", [True, False])
def test_a_record_cut_off_by_the_end_of_the_file_is_dropped(
    tmp_path: Path, compressed: bool
) -> None:
    part = sorted(shared_path("data", "warc").glob("*.warc.gz"))[0]
    data = part.read_bytes() if compressed else gzip.decompress(part.read_bytes())
    cut = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    cut.write_bytes(data[: len(data) // 2])
    found = list(read_warc(cut))
    assert isinstance(found[-1], Drop) and found[-1].reason == "truncated_record"
    assert all(isinstance(f, Article) for f in found[:-1]) and len(found) > 10
