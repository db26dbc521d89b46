"""Labelled extraction sets, in the three layouts the shared data uses."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alaune.errors import InputError


@dataclass(slots=True)
class Case:
    """One labelled page: text truth, or snippets that must / must not appear."""

    id: str
    url: str
    path: Path
    text: str | None = None
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None


def _version_order(key: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", key)]


def _fundus_text(expect: dict[str, Any]) -> str:
    body = expect.get("body") or {}
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(parts)


def _fundus(root: Path) -> list[Case]:
    cases = []
    for meta_path in sorted(root.glob("*/meta.info")):
        folder = meta_path.parent
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        by_publisher: dict[str, list[str]] = {}
        for name in sorted(meta):
            if (folder / name).is_file():
                by_publisher.setdefault(name.split("_")[0], []).append(name)
        for publisher, files in by_publisher.items():
            truth_path = folder / f"{publisher}.json"
            if not truth_path.is_file():
                continue
            versions = json.loads(truth_path.read_text(encoding="utf-8"))
            # One expectation per parser version; pages sorted by date go with versions in order.
            keys = sorted(versions, key=_version_order)
            if len(keys) != len(files):
                keys = [keys[-1]] * len(files)
            for name, key in zip(files, keys, strict=True):
                expect = versions[key]
                cases.append(
                    Case(
                        id=f"{folder.name}/{name}",
                        url=meta[name].get("url") or "",
                        path=folder / name,
                        text=_fundus_text(expect),
                        title=expect.get("title"),
                        authors=expect.get("authors") or [],
                        published=expect.get("publishing_date"),
                    )
                )
    return cases


def load_cases(root: Path) -> tuple[str, list[Case]]:
    """("text" | "snippets", cases) of a dataset folder."""
    if (root / "evaldata.json").is_file():
        data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
        return "snippets", [
            Case(
                id=url,
                url=url,
                path=root / "pages" / f"{v['file']}.gz",
                with_=v["with"],
                without=v["without"],
            )
            for url, v in data.items()
        ]
    if (root / "ground-truth.json").is_file():
        data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        return "text", [
            Case(
                id=k,
                url=v.get("url") or "",
                path=root / "html" / f"{k}.html.gz",
                text=v.get("articleBody", ""),
            )
            for k, v in data.items()
        ]
    cases = _fundus(root)
    if not cases:
        raise InputError(
            f"{root} is not a labelled extraction set (no evaldata.json, ground-truth.json, "
            "or <country>/meta.info folders)"
        )
    return "text", cases
