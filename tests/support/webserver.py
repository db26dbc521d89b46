"""`alaune serve`'s application on a real socket (127.0.0.1, a free port), in a thread."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn

from alaune.ingest.jsonl import parse_jsonl
from alaune.pipeline.edition import build_edition
from alaune.pipeline.ingest import store_articles
from alaune.pipeline.report import IngestReport
from alaune.pipeline.stories import group_stored
from alaune.store import Store
from alaune.web.app import WebConfig, create_app

DAY = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
TOKEN = "test-admin-token-0123456789"

# Invented reports of one day: a flood told by four outlets in two languages (one French, with
# a quote), a port strike told by two, and one story with hostile text in every field.
REPORTS = [
    ("Harbour Post", "en", "Flood forces Valmorin to evacuate 3,000 residents",
     "Rising water from the Lisse river forced the town of Valmorin to evacuate 3,000 residents "
     "on Tuesday. “We have never seen the river this high,” the mayor, Ana Ferreira, said."),
    ("Daily Ledger", "en", "Valmorin evacuates thousands as the Lisse bursts its banks",
     "The Lisse river burst its banks overnight and Valmorin ordered 3,000 people to leave. "
     "Rescue teams used boats to reach the old town."),
    ("Le Courrier", "fr", "Crue de la Lisse : Valmorin évacue 3 000 habitants",
     "La crue de la Lisse a contraint Valmorin à évacuer 3 000 habitants mardi. « Nous n'avons "
     "jamais vu le fleuve aussi haut », a déclaré la maire, Ana Ferreira."),
    ("Evening Star", "en", "Valmorin flood: 3,000 residents leave as the Lisse rises",
     "About 3,000 residents of Valmorin left their homes on Tuesday as the Lisse river rose."),
    ("Harbour Post", "en", "Dock workers strike halts the port of Brenmouth",
     "A strike by dock workers halted all cargo traffic at the port of Brenmouth on Tuesday."),
    ("Daily Ledger", "en", "Brenmouth port at a standstill as dock workers walk out",
     "Dock workers walked out at Brenmouth, leaving cargo ships waiting off the port."),
    ("Night Owl", "en", '<script>alert("owl")</script> Zarvik bridge <b>closed</b> & "sealed"',
     '<img src=x onerror=alert(1)> The Zarvik bridge was closed on Tuesday after engineers found '
     'cracks. "<script>alert(2)</script> It is not safe to cross at all," an engineer said.'),
    ("Morning Lark", "en", "Zarvik bridge closed after engineers find cracks <script>",
     "Engineers closed the Zarvik bridge on Tuesday after finding cracks in two of its piers."),
]  # fmt: skip


def items() -> list[str]:
    """The reports as an items file's lines."""
    return [
        json.dumps({
            "id": str(n), "outlet": outlet, "lang": lang, "title": title, "text": text,
            "published": (DAY + timedelta(minutes=30 * n)).isoformat(),
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{n}",
        })
        for n, (outlet, lang, title, text) in enumerate(REPORTS)
    ]  # fmt: skip


def make_store(path: Path) -> None:
    """A database holding the reports, grouped, with the day's editions in French and English."""
    with Store(path) as store:
        store_articles(store, parse_jsonl(items()), IngestReport())
        group_stored(store)
        for lang in ("fr", "en"):
            build_edition(store, DAY.date(), lang)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(db: Path, *, allow_private_sources: bool = False) -> Iterator[str]:
    """The application over ``db`` on http://127.0.0.1:PORT (yielded), stopped afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = WebConfig(db_path=db, base_url=base, admin_token=TOKEN, secret=b"s" * 32,
                       allow_private_sources=allow_private_sources)  # fmt: skip
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
