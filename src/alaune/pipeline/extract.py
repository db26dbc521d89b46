"""The extract shell: pages from the store (or from files) through the pure extract stage.

Templates are learned in two passes per batch: trafilatura's blocks of every page first (each
page counted once per host, the first time it is extracted), then each page cleaned against its
host's template as it stands with the batch included.
"""

from __future__ import annotations

import gzip
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from alaune.drops import Drop, Reason, Stage
from alaune.errors import InputError
from alaune.extract.extractor import (
    EXTRACTOR_VERSION,
    Extraction,
    HostilePage,
    Prepared,
    extract,
    prepare,
)
from alaune.extract.templates import SiteTemplate
from alaune.ingest.charset import decode_html
from alaune.ingest.urls import host_of
from alaune.store import Store

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


def _noop(stage: str, advance: int, total: int) -> None:
    pass


@dataclass(slots=True)
class ExtractReport:
    """Counters of one extract run."""

    pages: int = 0
    extracted: int = 0
    no_text: int = 0
    failed: Counter[Reason] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        """A short human summary."""
        out = [f"extracted: {self.extracted} of {self.pages} pages ({self.no_text} without text)"]
        if self.failed:
            out.append("failed: " + ", ".join(f"{k} {v}" for k, v in self.failed.items()))
        return out


def _failed(exc: Exception, url: str, report: ExtractReport) -> Drop:
    log.warning("extraction failed on %s: %s", url, exc)
    reason = exc.reason if isinstance(exc, HostilePage) else Reason.EXTRACT_ERROR
    report.failed[reason] += 1
    return Drop(Stage.EXTRACT, reason, url)


def _unreadable(url: str) -> Drop:
    return Drop(Stage.EXTRACT, Reason.UNREADABLE_FILE, url)


def _safe_prepare(html: str, url: str, report: ExtractReport) -> Prepared | Drop:
    """The first pass, or why it failed: one broken page never stops a batch."""
    try:
        return prepare(html, url)
    except Exception as exc:
        return _failed(exc, url, report)


def extract_batch(
    pages: list[tuple[str, str, str | None]],
    templates: dict[str, SiteTemplate],
    learn: set[str],
    report: ExtractReport,
) -> Iterator[tuple[str, Extraction | Drop]]:
    """Extract (key, url, html) pages (html None: the file could not be read); ``learn`` names
    the keys to count in their host's template. Yields (key, extraction or drop)."""
    first: dict[str, Prepared | Drop] = {}
    for key, url, html in pages:
        first[key] = prepared = (
            _unreadable(url) if html is None else _safe_prepare(html, url, report)
        )
        host = host_of(url)
        tpl = templates.setdefault(host, SiteTemplate(host))
        if isinstance(prepared, Prepared) and key in learn:
            tpl.learn(b.text for b in prepared.blocks)
    for key, url, html in pages:
        report.pages += 1
        prepared = first[key]
        if isinstance(prepared, Drop) or html is None:
            yield key, prepared if isinstance(prepared, Drop) else _unreadable(url)
            continue
        try:
            ex = extract(html, url, template=templates[host_of(url)], prepared=prepared)
        except Exception as exc:
            yield key, _failed(exc, url, report)
            continue
        report.extracted += 1
        report.no_text += not ex.blocks
        yield key, ex


def extract_stored(
    store: Store, *, redo: bool = False, progress: Progress = _noop
) -> ExtractReport:
    """Extract the stored pages not yet extracted (all of them with ``redo``)."""
    report = ExtractReport()
    templates: dict[str, SiteTemplate] = {}
    for batch in store.extractions.pages(redo=redo):
        hosts = {host_of(url) for _, url, _, _ in batch}
        for host in hosts - templates.keys():
            pages, counts = store.extractions.template_counts(host)
            templates[host] = SiteTemplate(host, pages=pages, counts=counts)
        items: list[tuple[str, str, str | None]] = [
            (str(i), url, html.decode("utf-8", "replace")) for i, url, html, _ in batch
        ]
        learn = {str(i) for i, _, _, done in batch if not done}
        results = list(extract_batch(items, templates, learn, report))
        with store.transaction():
            for key, ex in results:
                if isinstance(ex, Drop):
                    store.extractions.failed(int(key), ex.reason, EXTRACTOR_VERSION)
                else:
                    store.extractions.save(int(key), ex.to_json(), EXTRACTOR_VERSION)
            for host in hosts:
                tpl = templates[host]
                store.extractions.save_template(host, tpl.pages, tpl.counts)
        progress("pages", len(batch), 0)
    return report


def read_page_file(path: Path) -> str:
    """A saved page (.html or .html.gz) as text."""
    try:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    return decode_html(data)[0]


def extract_files(
    pages: Iterable[tuple[str, str, Path]], report: ExtractReport, batch: int = 500
) -> Iterator[tuple[str, Extraction | Drop]]:
    """Extract (id, url, path) pages from files, learning site templates within each batch."""
    templates: dict[str, SiteTemplate] = {}
    chunk: list[tuple[str, str, str | None]] = []

    def run() -> Iterator[tuple[str, Extraction | Drop]]:
        yield from extract_batch(chunk, templates, {k for k, _, _ in chunk}, report)
        chunk.clear()

    for key, url, path in pages:
        try:
            chunk.append((key, url, read_page_file(path)))
        except InputError as exc:  # one unreadable file never stops a batch
            log.warning("%s", exc)
            report.failed[Reason.UNREADABLE_FILE] += 1
            chunk.append((key, url, None))  # keeps its place: output follows input order
        if len(chunk) >= batch:
            yield from run()
    if chunk:
        yield from run()
