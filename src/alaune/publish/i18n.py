"""The interface's words in French and English, from gettext-style catalogues (``locale/*.po``).

A catalogue maps each English message (``msgid``) to its translation (``msgstr``); English needs
none. The language of a page comes from its URL (``/fr/...``); the root page picks it from the
browser's Accept-Language.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files

Translate = Callable[..., str]

LANGUAGES = ("fr", "en")
DEFAULT = "fr"

_ENTRY = re.compile(r'^(msgid|msgstr)\s+(".*")\s*$')
_MORE = re.compile(r'^(".*")\s*$')


def _parse(text: str) -> dict[str, str]:
    """The (msgid, msgstr) pairs of a .po file (no plural forms, no contexts)."""
    catalogue: dict[str, str] = {}
    key: str | None = None
    parts: dict[str, str] = {}
    for line in [*text.splitlines(), ""]:
        line = line.strip()
        entry, more = _ENTRY.match(line), _MORE.match(line)
        if entry:
            key = entry.group(1)
            if key == "msgid" and "msgstr" in parts:
                if parts["msgid"] and parts["msgstr"]:
                    catalogue[parts["msgid"]] = parts["msgstr"]
                parts = {}
            parts[key] = ast.literal_eval(entry.group(2))
        elif more and key:
            parts[key] += ast.literal_eval(more.group(1))
        elif not line and "msgstr" in parts:
            if parts["msgid"] and parts["msgstr"]:
                catalogue[parts["msgid"]] = parts["msgstr"]
            parts, key = {}, None
    return catalogue


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The translations of a language (empty for English and unknown languages)."""
    resource = files("alaune.publish").joinpath("locale", f"{lang}.po")
    return _parse(resource.read_text(encoding="utf-8")) if resource.is_file() else {}


def translator(lang: str) -> Translate:
    """``_("message")`` for one language."""
    words = catalogue(lang)

    def _(message: str, **values: object) -> str:
        text = words.get(message, message)
        return text.format(**values) if values else text

    return _


def negotiate(header: str | None) -> str:
    """The interface language a browser prefers among ours (Accept-Language), else French."""
    choices = []
    for n, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = tag.strip().split("-")[0].casefold()
        if code in LANGUAGES and q > 0:
            choices.append((-q, n, code))
    return min(choices)[2] if choices else DEFAULT
