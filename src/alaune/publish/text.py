"""An edition as plain text (a terminal, an e-mail) or as its JSON."""

from __future__ import annotations

from datetime import datetime

from alaune.records import Edition, Score

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "score": "score",
        "people": "People",
        "places": "Places",
        "organisations": "Organisations",
        "dates": "Dates",
        "quotes": "Quotes",
        "coverage": "Coverage",
        "articles": "articles",
        "independent": "independent outlets",
        "languages": "languages",
        "countries": "countries",
        "first": "first",
        "latest": "latest",
        "timeline": "Timeline",
        "related": "Related",
        "reprint": "reprint of",
        "paywall": "paywall",
        "wire": "wire",
        "original": "original language",
        "dropped": "Set aside",
        "single_outlet": "told by one outlet only",
        "image": "Image",
        "why": "Why here",
        "empty": "No story was told by two outlets or more on this day.",
        "weather": "weather forecasts",
        "horoscope": "horoscopes",
        "exchange_rates": "exchange rates",
        "lottery": "lottery draws",
        "results_table": "results tables",
        "section_page": "section pages",
        "part.outlets": "outlets",
        "part.languages": "languages",
        "part.countries": "countries",
        "part.velocity": "velocity",
        "part.prominence": "prominence",
        "part.persistence": "persistence",
    },
    "fr": {
        "score": "score",
        "people": "Personnes",
        "places": "Lieux",
        "organisations": "Organisations",
        "dates": "Dates",
        "quotes": "Citations",
        "coverage": "Couverture",
        "articles": "articles",
        "independent": "médias indépendants",
        "languages": "langues",
        "countries": "pays",
        "first": "premier",
        "latest": "dernier",
        "timeline": "Chronologie",
        "related": "Sujets liés",
        "reprint": "reprise de",
        "paywall": "payant",
        "wire": "agence",
        "original": "langue d'origine",
        "dropped": "Mis de côté",
        "single_outlet": "traités par un seul média",
        "image": "Image",
        "why": "Pourquoi ici",
        "empty": "Aucun sujet n'a été traité par deux médias ou plus ce jour-là.",
        "weather": "bulletins météo",
        "horoscope": "horoscopes",
        "exchange_rates": "cours des devises",
        "lottery": "tirages de loterie",
        "results_table": "tableaux de résultats",
        "section_page": "pages de rubrique",
        "part.outlets": "médias",
        "part.languages": "langues",
        "part.countries": "pays",
        "part.velocity": "vitesse",
        "part.prominence": "en une",
        "part.persistence": "durée",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The interface words of an edition's language (English when we have none)."""
    return LABELS.get(lang, LABELS["en"])


def _time(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M")


def score_line(score: Score, words: dict[str, str]) -> str:
    """``total = part value + ...`` in the edition's words."""
    parts = " + ".join(f"{words.get('part.' + k, k)} {v:.2f}" for k, v in score.parts.items() if v)
    return f"{score.total:.2f} = {parts}" if parts else f"{score.total:.2f}"


def to_json(edition: Edition) -> str:
    """The edition's JSON, as `--format json` gives it."""
    return edition.to_json(indent=1)


def to_text(edition: Edition) -> str:
    """The edition as plain text."""
    words = labels(edition.lang)
    lines = [f"{edition.title} — {edition.day} ({edition.lang}, {edition.tz})", ""]
    if not edition.stories:
        lines += [words["empty"], ""]
    for s in edition.stories:
        h = s.headline
        mark = f" [{h.lang}, {words['original']}]" if h.original_language else ""
        lines.append(f"{s.rank}. {h.text}{mark} ({h.outlet})")
        for sent in s.summary:
            mark = f" [{sent.lang}]" if sent.original_language else ""
            lines.append(f"   {sent.text}{mark} ({sent.outlet})")
        facts = s.key_facts
        known = [
            f"{words[k]}: {', '.join(names)}"
            for k, names in (
                ("people", facts.people),
                ("places", facts.places),
                ("organisations", facts.organisations),
            )
            if names
        ]
        if known:
            lines.append("   " + "; ".join(known))
        for q in s.quotes:
            who = q.speaker or q.attribution
            lines.append(f"   « {q.text} » — {who} ({q.outlet})")
        c = s.coverage
        lines.append(
            f"   {words['coverage']}: {c.articles} {words['articles']}, "
            f"{c.independent_sources} {words['independent']}, "
            f"{len(c.languages)} {words['languages']} ({', '.join(c.languages)}), "
            f"{len(c.countries)} {words['countries']}; {words['first']} "
            f"{_time(c.first_at)}, {words['latest']} {_time(c.latest_at)}"
        )
        if len(s.timeline) > 1:
            days = ", ".join(f"{d.date} ({d.articles})" for d in s.timeline)
            lines.append(f"   {words['timeline']}: {days}")
        lines.append(f"   {words['why']}: {words['score']} {score_line(s.score, words)}")
        lines.append("")
    if edition.stories_dropped:
        reasons = ", ".join(f"{n} {words.get(r, r)}" for r, n in edition.stories_dropped.items())
        lines.append(f"{words['dropped']}: {reasons}")
    return "\n".join(lines).rstrip() + "\n"
