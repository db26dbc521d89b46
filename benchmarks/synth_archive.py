"""Synthetic news archive: N pages of news-like HTML as WARC, with known copies and stories.

    python -m benchmarks.synth_archive --pages 100000 --out /tmp/synth [--parts 8] [--seed 7]
        [--days 3]

Why: alaune's batch pipeline (WARC -> extracted articles -> near-duplicate groups -> stories) has
to be measured on 100k-1M pages, for speed and memory, and against a ground truth, for quality.
No public archive of that size comes with both, and none may ship with the repository; this one
is made up on the spot, from word lists and sentence templates written for it, in a few minutes.

What it writes, under ``--out``:

- ``part-00000.warc.gz`` ... (``--parts`` files, pages in order): WARC/1.1, one gzip member per
  record, a ``warcinfo`` record first, then one ``response`` record per page (HTTP/1.1 200,
  ``text/html; charset=utf-8``), with block and payload digests;
- ``truth.jsonl``: one line per page, in archive order: ``url``, ``story`` (an int, null for pages
  that are no article), ``original`` (the URL of the earlier page it copies, or null; its own URL
  for a re-crawl), ``lang``, ``published`` (UTC, null for non-articles), and ``kind`` ("article",
  "copy", "recrawl", "index", "broken") and ``topic``.

What the pages are like:

- 50 invented outlets (``www.morning-ledger.example`` ...) in five languages, each with its own
  furniture (navigation, cookie banner, "Read also" links, related box, newsletter promo, footer)
  and one of four page layouts; about 60% of pages are in English, the rest in French, German,
  Polish and Spanish;
- articles of 4-15 paragraphs built from per-language sentence templates; the words are common
  words of each language, topic words and invented names, so that a language identifier and a
  named-entity counter see ordinary text;
- stories: the reports of one event share its people, places, organisations and numbers, across
  outlets and languages (a quarter of a story's reports are in another language than its own),
  and are published within hours to two days of it; events are spread over ``--days``; story
  sizes are heavy-tailed (P(size = s) ~ s^-2.1 up to 200 pages, or N/10 in small runs: about 64%
  of stories are one page, 3% have 10 or more); eight topics, so that different events of one
  topic ("sibling" storms) share topic words but no names. Independent reports of one story
  share 10% of their word 5-shingles (Jaccard; at most about 25%);
- copies: about 15% of pages carry an earlier page's text, reprinted by another outlet of its
  language with its own template and byline, a title sometimes changed, the last paragraph
  sometimes dropped, a paragraph sometimes added or rewritten: near-duplicates (Jaccard 0.6-1.0,
  median 0.9), not byte copies; about 0.5% are re-crawls (the same URL and bytes again, later);
- about 3% are section index pages (many links, no article) and 1% are broken (an empty body, or
  HTML cut off before the article), so that the pipeline's drops are exercised.

Generation streams: pages are written as they are made, and what is kept between pages (the
stories under way, a few links per outlet, the last 64 pages) is bounded whatever N is (about
40 MB resident at any N). About 2,000 pages/s on one core, 4.9 kB of archive per page (12 kB
of HTML). The same seed gives the same files byte for byte (record ids are uuid5 of the seed and
the page number, dates come from the simulated clock, gzip members carry no time stamp).
"""

from __future__ import annotations

import argparse
import base64
import bisect
import hashlib
import html
import itertools
import json
import random
import re
import time
import unicodedata
import uuid
import zlib
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, TextIO, TypeVar

T = TypeVar("T")
DEFAULT_START = datetime(2024, 3, 4, tzinfo=UTC)  # a Monday; every run's clock starts here

# Shares of the pages that are not story articles.
INDEX_SHARE = 0.03
BROKEN_SHARE = 0.01
RECRAWL_SHARE = 0.005
COPY_SHARE = 0.15  # of all pages; the per-draw chance is derived from the story sizes
MAX_STORY = 200
STORY_EXPONENT = 2.1  # P(size = s) ~ s^-2.1: mostly singletons, a heavy tail
HOME_LANGUAGE = 0.75  # chance that a report of a story is in the story's own language
# 1% bigger output than zlib's default (6) and 20% faster: compression is a third of the time
GZIP_LEVEL = 4

# ---------------------------------------------------------------------------------------------
# Sentence templates: "[a|b|c]" picks one alternative, "{SLOT}" is a story's fact or a word drawn
# from a list. Alternatives keep two reports of one story from sharing whole sentences, which
# would make them near-duplicates of each other.


class _Slot:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _Alt:
    __slots__ = ("options",)

    def __init__(self, options: tuple[Compiled, ...]) -> None:
        self.options = options


class _Words:
    """An alternative whose options are plain words: drawn without rendering anything."""

    __slots__ = ("words",)

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words


Part = str | _Slot | _Alt | _Words
Compiled = tuple[Part, ...]
# A slot is one fixed text (a name, a number) or a choice of words or templates, drawn per use.
Slots = dict[str, str | _Alt | _Words]

_PIECE = re.compile(r"\[([^\[\]]*)\]|\{(\w+)\}")


def choice_of(options: Sequence[Compiled]) -> _Alt | _Words:
    """A choice among templates; plain words when none of them has a slot or a choice."""
    if all(len(o) == 1 and type(o[0]) is str for o in options):
        return _Words(tuple(str(o[0]) for o in options))
    return _Alt(tuple(options))


def compile_template(text: str) -> Compiled:
    """``text`` as literal pieces, slots and choices (no nesting of choices)."""
    parts: list[Part] = []
    pos = 0
    for m in _PIECE.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()])
        if m.group(2) is not None:
            parts.append(_Slot(m.group(2)))
        else:
            options = [compile_template(o) for o in m.group(1).split("|")]
            # "[a|]" (an empty option) compiles to an empty template: drawn, it adds nothing
            parts.append(choice_of([o or ("",) for o in options]))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return tuple(parts)


def pick(items: Sequence[T], rng: random.Random) -> T:
    """``rng.choice``, about twice as fast (one float instead of a loop over random bits)."""
    return items[int(rng.random() * len(items))]


def render(template: Compiled, slots: Slots, rng: random.Random) -> str:
    """One instance of a template: an option and a word drawn wherever there is a choice."""
    out: list[str] = []
    for part in template:
        if type(part) is str:
            out.append(part)
        elif type(part) is _Words:
            out.append(pick(part.words, rng))
        elif type(part) is _Slot:
            value = slots[part.name]
            if type(value) is str:
                out.append(value)
            elif type(value) is _Words:
                out.append(pick(value.words, rng))
            elif type(value) is _Alt:
                out.append(render(pick(value.options, rng), slots, rng))
        elif type(part) is _Alt:
            out.append(render(pick(part.options, rng), slots, rng))
    return "".join(out)


def _sentence(template: Compiled, slots: Slots, rng: random.Random) -> str:
    text = render(template, slots, rng)
    return text[:1].upper() + text[1:]


def _compile_all(texts: Sequence[str]) -> tuple[Compiled, ...]:
    return tuple(compile_template(t) for t in texts)


# ---------------------------------------------------------------------------------------------
# Languages. Roles are aligned across languages (index i is the same job everywhere), so that a
# story's people keep their jobs in every language it is reported in.


@dataclass(frozen=True, slots=True)
class Furniture:
    """A language's site furniture: what every outlet prints around its articles."""

    cookies: tuple[str, ...]
    accept: tuple[str, ...]
    refuse: tuple[str, ...]
    newsletter_titles: tuple[str, ...]
    newsletter_texts: tuple[str, ...]
    newsletter_button: str
    email: str
    read_also: tuple[str, ...]
    related: tuple[str, ...]
    most_read: str
    share: str
    footer: tuple[str, ...]
    rights: str
    latest: str
    updated: str
    min_read: str
    search: str
    subscribe: str
    sections: dict[str, tuple[str, str]]  # key -> (slug, label)


@dataclass(frozen=True, slots=True)
class Language:
    """Everything needed to write one language: grammar of the news and the site furniture."""

    code: str
    share: float  # of the pages
    html_tags: tuple[str, ...]
    weekdays: tuple[str, ...]  # "on Monday" ... as used after a verb
    months: tuple[str, ...]
    date: str  # "{d} {month} {y}, {hm}"
    thousands: str
    by: str
    photo: str
    first_names: tuple[str, ...]
    roles: tuple[str, ...]
    quotes: tuple[str, ...]
    sentences: tuple[str, ...]
    leads: tuple[str, ...]
    titles: tuple[str, ...]
    subheads: tuple[str, ...]
    captions: tuple[str, ...]
    ui: Furniture


_SECTION_KEYS = (
    "politics",
    "world",
    "economy",
    "business",
    "environment",
    "justice",
    "sport",
    "national",
    "culture",
    "opinion",
)

# fmt: off
EN = Language(
    code="en",
    share=0.60,
    html_tags=("en", "en-GB", "en-US"),
    weekdays=("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
              "on Saturday", "on Sunday"),
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    date="{d} {month} {y}, {hm}",
    thousands=",",
    by="By",
    photo="Photo:",
    first_names=("Alice", "James", "Priya", "Daniel", "Hannah", "Marcus", "Olivia", "Samuel",
                 "Grace", "Thomas", "Ruth", "Owen", "Nadia", "Connor"),
    roles=(
        "the mayor of {L1}", "the regional governor", "a spokesperson for {O}",
        "the chief executive of {O}", "the interior minister", "the police chief in {L2}",
        "the head of the emergency services", "a professor at the University of {L2}",
        "the leader of the opposition", "a union representative", "the captain of {C1}",
        "the coach of {C2}", "a former director of {O}", "the transport minister",
        "a candidate for mayor of {L1}", "the public prosecutor",
    ),
    quotes=(
        "We [will not|cannot] [leave anyone behind|let this happen again|accept this situation]",
        "[This is|It is] a [difficult|decisive|painful] [moment|day] for {L1}",
        "[Everyone|Every team] is [working|doing everything possible] to help the {G}",
        "We [need|want] [answers|clear answers|a plan], and we need them [now|quickly]",
        "[Nobody|No one] [expected|was prepared for] [this|anything like this]",
        "The [coming|next] [days|hours] will be [crucial|decisive|difficult]",
    ),
    sentences=(
        "{P1}, {R1}, [said|told reporters|confirmed] {D} that {EV} {ACT}.",
        "According to {O}, at least {N1} {G} [were affected|have been affected|were caught up in "
        "the events] in {L1} and {L2}.",
        '"{Q}," {P1} [said|told a press conference|wrote in a statement] in {L1}.',
        "[The authorities|Officials|Local officials] in {L1} [said|warned] that the situation "
        "[remained|was still] [tense|uncertain|difficult] {D}.",
        "{P2}, {R2}, [described|called] [the situation|the development|the decision] "
        "[unprecedented|worrying|a turning point for {L1}].",
        "[Figures|Numbers] [published|released] by {O} [show|suggest] that {N2} [incidents|"
        "complaints|cases] were [recorded|reported] [in the past week|since the start of the "
        "month|over the weekend].",
        "It is the [first|second|most serious] [such event|episode of its kind] in {L2} [since|"
        "in more than] {N3} years, [according to {P2}|{P2} noted].",
        "Many {G} in {L2} said they had [received no warning|not been informed in time|learned "
        "about it on social media].",
        "{O} said it would [publish|present] [a full report|further details|new figures] "
        "[within {N3} days|next week|by the end of the month].",
        "The [opposition|regional council|national government] [called for|demanded] [an inquiry|"
        "a full investigation|more transparency] into {X}.",
        "[Critics|Experts|Observers] [say|argue] that {X} [had been|were] [underestimated|ignored|"
        "poorly managed] for years.",
        "{P1} [is expected to|will] [travel to|visit] {L2} [later this week|in the coming days|"
        "on Friday].",
        "In {L1}, [shops|schools|offices] [remained closed|stayed shut|reopened only partly] "
        "while {G} [waited for news|gathered in the main square|queued for information].",
        "A [spokesperson|spokeswoman|spokesman] for {O} [declined to comment|did not respond to a "
        "request for comment|said more information would follow].",
        "The [latest|new] [estimate|report|count] puts the [total|number] at {N1}, [up from|"
        "compared with] {N2} [earlier in the day|a week ago|in the first estimate].",
        "[It remains unclear|No one has yet explained|Questions remain about] [how|why] this "
        "[could happen|was allowed to happen|went unnoticed] in {L1}.",
        "[Several|Dozens of|Many] {G} [told|spoke to] [local media|reporters|this newspaper] "
        "about {X}.",
        "{P2} [said|insisted] that [the priority|the main concern|what mattered most] [was|"
        "remained] {X}.",
        "[Speaking|Addressing reporters] in {L2}, {P1} [promised|pledged] [support|help|a quick "
        "response] for the {G}.",
        "[A further|The next] [meeting|update|briefing] [is scheduled|is planned|has been "
        "announced] for [Friday|next week|the coming days], {O} [said|added].",
        "[Some|A number of] {G} [criticised|questioned] the [response|decision|timing] of {O}.",
        "{EV} [comes|came] [after|weeks after|only days after] [a similar|another] [episode|"
        "incident] near {L2}.",
        "[By the evening|By the end of the day|By late afternoon], {N2} people had [left the "
        "area|registered with the authorities|asked for help].",
        '"{Q}," {P2} [added|said later|told this newspaper].',
        "In total, {N3} [municipalities|districts|towns] [were|have been] [affected|involved], "
        "[according to {O}|{O} said].",
        "[Local media|The regional press] reported that {P2} had [met|spoken with] {P1} [in {L2}|"
        "by phone] {D}.",
        "[Analysts|Observers] [expect|believe] the [consequences|effects] [to be felt|will be "
        "felt] [for months|well beyond {L1}|for years].",
    ),
    leads=(
        "{EV} {ACT} {D}, [leaving|with] {N1} {G} [affected|facing an uncertain future] in {L1}.",
        "{P1}, {R1}, [has promised|has called for] [answers|action] after {EV} {ACT}.",
        "[In|Across] {L1} and {L2}, {G} [are counting the cost|are waiting for answers] after "
        "{EV} {ACT}.",
    ),
    titles=(
        "{H} in {L1}: [what we know so far|the latest|{N1} {G} affected]",
        "{P1} [warns over|promises action on|speaks out on] {X}",
        "{L1}: {P2} [calls for answers|speaks of a difficult day]",
        '{P1}: "{Q}"',
    ),
    subheads=("What happens next", "Reactions", "Background", "A long-standing problem",
              "The official response", "What the figures say", "Questions remain"),
    captions=(
        "{P1} [in {L1}|at a press conference in {L1}] {D}.",
        "[A view of|The scene in] {L1} {D}.",
        "[Residents|People] [gather|wait for news] in {L2}.",
    ),
    ui=Furniture(
        cookies=(
            "We use cookies to improve your experience on our site and to show you personalised "
            "advertising. By clicking Accept all, you agree to the storing of cookies on your "
            "device.",
            "We use cookies and similar technologies to measure traffic and to personalise "
            "content and ads. You can change your choice at any time in the privacy settings.",
        ),
        accept=("Accept all", "I agree", "OK"),
        refuse=("Reject all", "Manage options"),
        newsletter_titles=("The {outlet} Briefing", "Morning newsletter", "Never miss a story"),
        newsletter_texts=(
            "Sign up for our newsletter and get the day's top stories in your inbox every "
            "morning.",
            "Sign up for the {outlet} newsletter: the news that matters, delivered before "
            "breakfast.",
        ),
        newsletter_button="Subscribe",
        email="Your email address",
        read_also=("Read also:", "Read more:", "See also:"),
        related=("Related articles", "More on this story", "You might also like"),
        most_read="Most read",
        share="Share this article",
        footer=("About us", "Contact", "Privacy policy", "Cookie settings", "Terms of use",
                "Advertise", "Careers"),
        rights="All rights reserved.",
        latest="Latest news",
        updated="Updated",
        min_read="min read",
        search="Search",
        subscribe="Subscribe",
        sections={
            "politics": ("politics", "Politics"), "world": ("world", "World"),
            "economy": ("economy", "Economy"), "business": ("business", "Business"),
            "environment": ("environment", "Environment"),
            "justice": ("crime-justice", "Crime & Justice"), "sport": ("sport", "Sport"),
            "national": ("national", "National"), "culture": ("culture", "Culture"),
            "opinion": ("opinion", "Opinion"),
        },
    ),
)

FR = Language(
    code="fr",
    share=0.12,
    html_tags=("fr", "fr-FR"),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre"),
    date="{d} {month} {y} à {hm}",
    thousands="\u00a0",
    by="Par",
    photo="Photo :",
    first_names=("Camille", "Julien", "Claire", "Mathieu", "Élodie", "Nicolas", "Sophie",
                 "Antoine", "Margaux", "Bastien"),
    roles=(
        "maire de {L1}", "gouverneur de la région", "porte-parole de {O}",
        "directeur général de {O}", "ministre de l'Intérieur", "chef de la police de {L2}",
        "responsable des services de secours", "professeur à l'université de {L2}",
        "chef de l'opposition", "représentant syndical", "capitaine du {C1}",
        "entraîneur du {C2}", "ancien dirigeant de {O}", "ministre des Transports",
        "candidat à la mairie de {L1}", "procureur",
    ),
    quotes=(
        "Nous ne laisserons personne de côté",
        "C'est un moment [difficile|décisif|douloureux] pour {L1}",
        "Toutes les équipes sont mobilisées pour aider les {G}",
        "Nous voulons des réponses, et nous les voulons [maintenant|rapidement]",
        "Personne ne s'attendait à [cela|une chose pareille]",
        "Les prochains jours seront [décisifs|cruciaux|difficiles]",
    ),
    sentences=(
        "{P1}, {R1}, a [déclaré|affirmé|confirmé] {D} que {EV} {ACT}.",
        "Selon {O}, au moins {N1} {G} [ont été touchés|sont concernés] à {L1} et à {L2}.",
        "« {Q} », a [déclaré|expliqué|assuré] {P1} [lors d'une conférence de presse|dans un "
        "communiqué] à {L1}.",
        "[Les autorités|Les responsables locaux] de {L1} [ont indiqué|ont averti] que la "
        "situation [restait|demeurait] [tendue|incertaine|difficile] {D}.",
        "{P2}, {R2}, a [jugé|estimé] la situation [inédite|préoccupante|très grave].",
        "Les chiffres [publiés|communiqués] par {O} [montrent|indiquent] que {N2} [incidents|"
        "signalements|dossiers] ont été [enregistrés|recensés] [depuis le début du mois|au cours "
        "de la semaine dernière|pendant le week-end].",
        "C'est la [première|deuxième] fois depuis {N3} ans qu'un tel événement se produit à "
        "{L2}, [selon {P2}|a rappelé {P2}].",
        "De nombreux {G} de {L2} [disent|affirment] [ne pas avoir été prévenus|avoir appris la "
        "nouvelle sur les réseaux sociaux|ne pas avoir reçu d'alerte].",
        "{O} a annoncé qu'il publierait [un rapport complet|de nouveaux chiffres|davantage de "
        "détails] [d'ici {N3} jours|la semaine prochaine|avant la fin du mois].",
        "[L'opposition|Le conseil régional|Le gouvernement] [réclame|exige] [une enquête|des "
        "explications|plus de transparence] sur {X}.",
        "[Selon plusieurs experts|Pour les critiques|Selon les observateurs], les risques "
        "concernant {X} ont été [sous-estimés|négligés|mal évalués] pendant des années.",
        "{P1} [doit se rendre|se rendra] à {L2} [dans les prochains jours|cette semaine|"
        "vendredi].",
        "À {L1}, [les commerces|les écoles|les bureaux] [sont restés fermés|n'ont rouvert que "
        "partiellement] tandis que les {G} [attendaient des nouvelles|se rassemblaient sur la "
        "place centrale].",
        "Un porte-parole de {O} [n'a pas souhaité commenter|n'a pas répondu à nos questions|a "
        "promis de nouvelles informations].",
        "Le [dernier|nouveau] [bilan|décompte] fait état de {N1} [personnes concernées|cas], "
        "contre {N2} [plus tôt dans la journée|une semaine auparavant|lors de la première "
        "estimation].",
        "[On ignore encore|Personne n'a encore expliqué] comment [une telle situation|cela] a pu "
        "[se produire|passer inaperçu] à {L1}.",
        "[Plusieurs|De nombreux] {G} ont [confié à la presse locale|raconté à "
        "nos journalistes] leurs inquiétudes concernant {X}.",
        "Pour {P2}, la priorité [reste|demeure] de répondre aux questions sur {X}.",
        "[S'exprimant|Interrogé par la presse] à {L2}, {P1} a promis [un soutien|une aide "
        "rapide|une réponse rapide] aux {G}.",
        "Un nouveau [point presse|point de situation] est [prévu|programmé] [vendredi|la semaine "
        "prochaine|dans les prochains jours], a [précisé|ajouté] {O}.",
        "Certains {G} [critiquent|contestent] [la réaction|la décision|le calendrier] de {O}.",
        "{EV} [survient|intervient] [quelques jours|quelques semaines] après un [épisode|"
        "incident] similaire près de {L2}.",
        "[En fin de journée|Dans la soirée], {N2} personnes avaient [quitté la zone|demandé de "
        "l'aide|été prises en charge].",
        "« {Q} », a [ajouté|insisté] {P2}.",
        "Au total, {N3} communes [ont été touchées|sont concernées], [selon {O}|a indiqué {O}].",
        "[La presse locale|Les médias régionaux] [rapportent|indiquent] que {P2} s'est "
        "entretenu avec {P1} [à {L2}|par téléphone] {D}.",
        "[Les analystes|Les observateurs] estiment que [les conséquences|les effets] se feront "
        "sentir [pendant des mois|bien au-delà de {L1}|pendant des années].",
    ),
    leads=(
        "{EV} {ACT} {D}, [et|alors que] {N1} {G} [sont concernés|restent dans l'incertitude] à "
        "{L1}.",
        "{P1}, {R1}, [a promis|a réclamé] [des réponses|des mesures] après que {EV} {ACT}.",
        "À {L1} et à {L2}, les {G} [font le bilan|attendent des réponses] après que {EV} {ACT}.",
    ),
    titles=(
        "{H} à {L1} : [ce que l'on sait|le point sur la situation|{N1} {G} concernés]",
        "{P1} [alerte sur|s'exprime sur] {X}",
        "{L1} : {P2} [réclame des réponses|évoque une journée difficile]",
        "{P1} : « {Q} »",
    ),
    subheads=("Et maintenant ?", "Les réactions", "Le contexte", "Un problème ancien",
              "La réponse des autorités", "Ce que disent les chiffres",
              "Des questions en suspens"),
    captions=(
        "{P1} à {L1}, {D}.",
        "[Vue de|Scène à] {L1}, {D}.",
        "Des habitants rassemblés à {L2}.",
    ),
    ui=Furniture(
        cookies=(
            "Nous utilisons des cookies pour améliorer votre expérience et vous proposer des "
            "publicités personnalisées. En cliquant sur Tout accepter, vous acceptez "
            "l'utilisation de cookies.",
            "Nous utilisons des cookies et des technologies similaires pour mesurer l'audience "
            "et personnaliser les contenus. Vous pouvez modifier vos choix à tout moment.",
        ),
        accept=("Tout accepter", "J'accepte", "OK"),
        refuse=("Tout refuser", "Paramétrer"),
        newsletter_titles=("La lettre du matin", "Newsletter {outlet}",
                           "L'essentiel de l'actualité"),
        newsletter_texts=(
            "Inscrivez-vous à notre newsletter et recevez chaque matin l'essentiel de "
            "l'actualité.",
            "Inscrivez-vous à la newsletter de {outlet} : les informations qui comptent, avant "
            "le petit-déjeuner.",
        ),
        newsletter_button="Je m'inscris",
        email="Votre adresse e-mail",
        read_also=("Lire aussi :", "À lire aussi :", "Voir aussi :"),
        related=("Sur le même sujet", "Articles liés", "Nos articles similaires"),
        most_read="Les plus lus",
        share="Partager cet article",
        footer=("Qui sommes-nous", "Contact", "Politique de confidentialité",
                "Gestion des cookies", "Conditions générales", "Publicité",
                "Recrutement"),
        rights="Tous droits réservés.",
        latest="Dernières actualités",
        updated="Mis à jour",
        min_read="min de lecture",
        search="Rechercher",
        subscribe="S'abonner",
        sections={
            "politics": ("politique", "Politique"), "world": ("international", "International"),
            "economy": ("economie", "Économie"), "business": ("entreprises", "Entreprises"),
            "environment": ("planete", "Planète"), "justice": ("justice", "Justice"),
            "sport": ("sport", "Sport"), "national": ("societe", "Société"),
            "culture": ("culture", "Culture"), "opinion": ("idees", "Idées"),
        },
    ),
)

DE = Language(
    code="de",
    share=0.12,
    html_tags=("de", "de-DE"),
    weekdays=("am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag",
              "am Samstag", "am Sonntag"),
    months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
            "September", "Oktober", "November", "Dezember"),
    date="{d}. {month} {y}, {hm} Uhr",
    thousands=".",
    by="Von",
    photo="Foto:",
    first_names=("Lena", "Jonas", "Katrin", "Florian", "Miriam", "Stefan", "Anja", "Tobias",
                 "Jana", "Lukas"),
    roles=(
        "Bürgermeister von {L1}", "Gouverneur der Region", "Sprecher von {O}",
        "Vorstandschef von {O}", "Innenminister", "Polizeichef von {L2}",
        "Leiter der Rettungsdienste", "Professor an der Universität {L2}", "Oppositionsführer",
        "Gewerkschaftsvertreter", "Kapitän von {C1}", "Trainer von {C2}",
        "früherer Direktor von {O}", "Verkehrsminister", "Bürgermeisterkandidat in {L1}",
        "Oberstaatsanwalt",
    ),
    quotes=(
        "Wir lassen niemanden im Stich",
        "Das ist ein [schwieriger|entscheidender|schmerzhafter] Tag für {L1}",
        "Alle Teams arbeiten daran, den Menschen zu helfen",
        "Wir brauchen Antworten, und zwar [sofort|schnell]",
        "Niemand hat damit gerechnet",
        "Die nächsten Tage werden [entscheidend|schwierig]",
    ),
    sentences=(
        "{P1}, {R1}, [sagte|erklärte|bestätigte] {D}, {EV} {ACT}.",
        "Nach Angaben von {O} sind mindestens {N1} {G} in {L1} und {L2} [betroffen|von den "
        "Folgen betroffen].",
        "„{Q}“, [sagte|erklärte] {P1} [auf einer Pressekonferenz|in einer Mitteilung] in {L1}.",
        "Die Lage in {L1} [bleibt|ist weiterhin] [angespannt|unübersichtlich|schwierig], "
        "[teilten die Behörden {D} mit|warnten die Behörden {D}].",
        "{P2}, {R2}, [bezeichnete|nannte] die Lage [beispiellos|besorgniserregend|einen "
        "Wendepunkt für {L1}].",
        "[Zahlen|Daten] von {O} [zeigen|deuten darauf hin], dass [in der vergangenen Woche|seit "
        "Monatsbeginn|am Wochenende] {N2} [Vorfälle|Beschwerden|Meldungen] [registriert|"
        "gemeldet] wurden.",
        "Es ist nach Angaben von {P2} das [erste|zweite|schwerste] Ereignis dieser Art in {L2} "
        "seit {N3} Jahren.",
        "Viele {G} in {L2} [sagten|klagten], sie seien [nicht gewarnt worden|nicht rechtzeitig "
        "informiert worden|erst über soziale Netzwerke informiert worden].",
        "{O} kündigte an, [einen vollständigen Bericht|neue Zahlen|weitere Einzelheiten] "
        "[innerhalb von {N3} Tagen|in der kommenden Woche|bis Ende des Monats] vorzulegen.",
        "[Die Opposition|Der Regionalrat|Die Landesregierung] [fordert|verlangt] [eine "
        "Untersuchung|volle Aufklärung|mehr Transparenz] über {X}.",
        "[Kritiker|Experten|Beobachter] [sagen|meinen], {X} seien jahrelang [unterschätzt|"
        "ignoriert|vernachlässigt] worden.",
        "{P1} [will|soll] [in den kommenden Tagen|noch in dieser Woche|am Freitag] nach {L2} "
        "reisen.",
        "In {L1} [blieben|waren] [Geschäfte|Schulen|Büros] [geschlossen|nur teilweise geöffnet], "
        "während viele {G} auf Nachrichten warteten.",
        "Ein Sprecher von {O} [wollte sich nicht äußern|ließ eine Anfrage unbeantwortet|kündigte "
        "weitere Informationen an].",
        "Die [jüngste|neue] [Schätzung|Bilanz] beziffert die Zahl auf {N1}, nach {N2} [am "
        "Vormittag|vor einer Woche|in der ersten Schätzung].",
        "[Unklar ist weiterhin|Offen bleibt], wie es in {L1} dazu kommen konnte.",
        "[Mehrere|Dutzende|Viele] {G} berichteten [lokalen Medien|Reportern|dieser Zeitung] "
        "über {X}.",
        "{P2} [betonte|sagte], [die Priorität|das Wichtigste] seien jetzt {X}.",
        "Bei einem Besuch in {L2} versprach {P1} den Betroffenen [schnelle Hilfe|Unterstützung].",
        "[Ein weiteres Treffen|Eine neue Pressekonferenz|Ein Krisentreffen] ist für [Freitag|die "
        "kommende Woche|die nächsten Tage] geplant, [teilte {O} mit|hieß es von {O}].",
        "Einige {G} kritisierten [die Reaktion|die Entscheidung|den Zeitplan] von {O}.",
        "{EV} [kommt|folgt] [nur wenige Tage|wenige Wochen] nach einem ähnlichen Vorfall bei "
        "{L2}.",
        "Bis zum Abend hatten {N2} Menschen [das Gebiet verlassen|um Hilfe gebeten|sich bei den "
        "Behörden gemeldet].",
        "„{Q}“, [fügte {P2} hinzu|sagte {P2} später|sagte {P2} dieser Zeitung].",
        "Insgesamt sind {N3} [Gemeinden|Bezirke|Orte] betroffen, [wie {O} mitteilte|so {O}].",
        "[Lokale Medien|Regionale Zeitungen] berichteten, {P2} habe {D} [in {L2}|telefonisch] "
        "mit {P1} gesprochen.",
        "[Analysten|Beobachter] erwarten, dass die Folgen [noch monatelang|weit über {L1} "
        "hinaus|noch jahrelang] zu spüren sein werden.",
    ),
    leads=(
        "{EV} {ACT}; in {L1} sind {N1} {G} betroffen.",
        "{P1}, {R1}, [verlangt Aufklärung|verspricht Hilfe]: {EV} {ACT}.",
        "{P1} spricht von einem [schwierigen|entscheidenden] Tag für {L1} und {L2}.",
    ),
    titles=(
        "{H} in {L1}: [Was wir wissen|Der aktuelle Stand|{N1} {G} betroffen]",
        "{P1} äußert sich [zur Lage|zu den Folgen] in {L1}",
        "{L1}: {P2} [fordert Antworten|spricht von einem schwierigen Tag]",
        "{P1}: „{Q}“",
    ),
    subheads=("Wie es weitergeht", "Reaktionen", "Hintergrund", "Ein altes Problem",
              "Die Antwort der Behörden", "Was die Zahlen zeigen", "Offene Fragen"),
    captions=(
        "{P1} {D} in {L1}.",
        "[Blick auf|Szene in] {L1} {D}.",
        "Menschen versammeln sich in {L2}.",
    ),
    ui=Furniture(
        cookies=(
            "Wir verwenden Cookies, um Ihnen ein optimales Nutzungserlebnis und personalisierte "
            "Werbung zu bieten. Mit einem Klick auf Alle akzeptieren stimmen Sie der Verwendung "
            "zu.",
            "Diese Website nutzt Cookies und ähnliche Technologien, um Reichweite zu messen und "
            "Inhalte zu personalisieren. Sie können Ihre Auswahl jederzeit ändern.",
        ),
        accept=("Alle akzeptieren", "Zustimmen", "OK"),
        refuse=("Ablehnen", "Einstellungen"),
        newsletter_titles=("Der Morgen-Newsletter", "{outlet} Newsletter", "Nichts verpassen"),
        newsletter_texts=(
            "Melden Sie sich für unseren Newsletter an und erhalten Sie jeden Morgen die "
            "wichtigsten Nachrichten.",
            "Abonnieren Sie den Newsletter von {outlet}: die wichtigsten Themen des Tages, "
            "direkt in Ihr Postfach.",
        ),
        newsletter_button="Anmelden",
        email="Ihre E-Mail-Adresse",
        read_also=("Lesen Sie auch:", "Mehr zum Thema:", "Auch interessant:"),
        related=("Mehr zum Thema", "Weitere Artikel", "Das könnte Sie auch interessieren"),
        most_read="Meistgelesen",
        share="Artikel teilen",
        footer=("Über uns", "Kontakt", "Datenschutz", "Cookie-Einstellungen", "AGB",
                "Impressum", "Karriere"),
        rights="Alle Rechte vorbehalten.",
        latest="Neueste Nachrichten",
        updated="Aktualisiert",
        min_read="Min. Lesezeit",
        search="Suche",
        subscribe="Abo",
        sections={
            "politics": ("politik", "Politik"), "world": ("ausland", "Ausland"),
            "economy": ("wirtschaft", "Wirtschaft"), "business": ("unternehmen", "Unternehmen"),
            "environment": ("umwelt", "Umwelt"), "justice": ("justiz", "Justiz"),
            "sport": ("sport", "Sport"), "national": ("inland", "Inland"),
            "culture": ("kultur", "Kultur"), "opinion": ("meinung", "Meinung"),
        },
    ),
)

PL = Language(
    code="pl",
    share=0.08,
    html_tags=("pl", "pl-PL"),
    weekdays=("w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek", "w sobotę",
              "w niedzielę"),
    months=("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
            "września", "października", "listopada", "grudnia"),
    date="{d} {month} {y}, {hm}",
    thousands=" ",
    by="Autor:",
    photo="Fot.",
    first_names=("Agnieszka", "Piotr", "Magdalena", "Tomasz", "Katarzyna", "Marcin", "Joanna",
                 "Paweł", "Ewa", "Krzysztof"),
    roles=(
        "burmistrz miejscowości {L1}", "wojewoda", "rzecznik {O}", "prezes {O}",
        "minister spraw wewnętrznych", "komendant policji w miejscowości {L2}",
        "szef służb ratunkowych", "profesor uniwersytetu w miejscowości {L2}", "lider opozycji",
        "przedstawiciel związków zawodowych", "kapitan {C1}", "trener {C2}", "były dyrektor {O}",
        "minister transportu", "kandydat na burmistrza miejscowości {L1}", "prokurator",
    ),
    quotes=(
        "Nie zostawimy nikogo bez pomocy",
        "To [trudny|przełomowy|bolesny] dzień dla naszego regionu",
        "Wszystkie służby pracują, żeby pomóc ludziom",
        "Potrzebujemy odpowiedzi i to [natychmiast|szybko]",
        "Nikt się tego nie spodziewał",
        "Najbliższe dni będą [kluczowe|decydujące|trudne]",
    ),
    sentences=(
        "{P1}, {R1}, [potwierdza|podkreśla], że {EV} {ACT}.",
        "Według {O} co najmniej {N1} {G} w miejscowościach {L1} i {L2} [odczuło skutki "
        "sytuacji|zostało poszkodowanych].",
        "„{Q}” – [mówi|podkreśla|zapewnia] {P1} [na konferencji prasowej|w oświadczeniu].",
        "Władze miejscowości {L1} [informują|ostrzegają], że sytuacja [wciąż jest|pozostaje] "
        "[napięta|niepewna|trudna].",
        "{P2}, {R2}, [określa|nazywa] sytuację [bezprecedensową|niepokojącą|przełomową dla "
        "regionu].",
        "Dane {O} [pokazują|wskazują], że [w ubiegłym tygodniu|od początku miesiąca|w weekend] "
        "[odnotowano|zgłoszono] {N2} [incydentów|skarg|zgłoszeń].",
        "To [pierwsze|drugie|najpoważniejsze] takie zdarzenie w regionie {L2} od {N3} lat – "
        "[zauważa|przypomina] {P2}.",
        "Wielu {G} w miejscowości {L2} [twierdzi|skarży się], że [nikt ich nie ostrzegł|o "
        "wszystkim dowiedzieli się z mediów społecznościowych|nie otrzymali żadnych informacji].",
        "{O} [zapowiada|obiecuje] publikację [pełnego raportu|nowych danych|szczegółów] [w ciągu "
        "{N3} dni|w przyszłym tygodniu|do końca miesiąca].",
        "[Opozycja|Rada regionu|Rząd] [domaga się|żąda] [śledztwa|pełnych wyjaśnień|większej "
        "przejrzystości] w tej sprawie.",
        "Eksperci [uważają|twierdzą], że {X} były przez lata [lekceważone|niedoceniane].",
        "{P1} ma [w najbliższych dniach|jeszcze w tym tygodniu|w piątek] odwiedzić miejscowość "
        "{L2}.",
        "W miejscowości {L1} [sklepy|szkoły|urzędy] [pozostały zamknięte|były tylko częściowo "
        "otwarte], a wielu {G} czekało na informacje.",
        "Rzecznik {O} [odmówił komentarza|nie odpowiedział na pytania|zapowiedział kolejne "
        "informacje].",
        "Według [najnowszego|nowego] [bilansu|szacunku] liczba [poszkodowanych|zgłoszeń] wynosi "
        "{N1}, wobec {N2} [wcześniej tego dnia|tydzień temu|w pierwszym szacunku].",
        "[Wciąż nie wiadomo|Nikt jeszcze nie wyjaśnił|Pozostaje pytanie], jak do tego [mogło "
        "dojść|doszło] w miejscowości {L1}.",
        "[Kilkudziesięciu|Wielu|Kilku] {G} [opowiedziało|mówiło] [lokalnym mediom|dziennikarzom|"
        "naszej redakcji] o swoich obawach.",
        "{X} to [główny problem|największe wyzwanie] – [mówi|uważa] {P2}.",
        "Na spotkaniu z mieszkańcami miejscowości {L2} {P1} zapowiada [pomoc|wsparcie|szybką "
        "reakcję].",
        "Kolejne [spotkanie|posiedzenie|spotkanie z mediami] zaplanowano na [piątek|przyszły "
        "tydzień|najbliższe dni] – [informuje|dodaje] {O}.",
        "Część {G} [krytykuje|kwestionuje] [reakcję|decyzję|harmonogram] {O}.",
        "To już kolejne takie zdarzenie w okolicy miejscowości {L2} w ostatnich [tygodniach|"
        "miesiącach].",
        "Do wieczora {N2} osób [opuściło teren|poprosiło o pomoc|zgłosiło się do służb].",
        "„{Q}” – [dodaje|mówi|zaznacza] {P2}.",
        "Łącznie chodzi o {N3} [gmin|miejscowości|powiatów] – [wynika z danych {O}|informuje "
        "{O}].",
        "[Lokalne media|Regionalna prasa] [informują|podają], że {P2} [rozmawiał|spotkał się] z "
        "{P1} {D}.",
        "[Analitycy|Obserwatorzy] [spodziewają się|uważają], że skutki będą odczuwalne [przez "
        "wiele miesięcy|daleko poza regionem {L1}|przez lata].",
    ),
    leads=(
        "{EV} {ACT} – w miejscowości {L1} skutki odczuło {N1} {G}.",
        "{P1}, {R1}, [zapowiada działania|domaga się wyjaśnień], bo {EV} {ACT}.",
        "Mieszkańcy miejscowości {L1} i {L2} czekają na odpowiedzi, a {P1} mówi o trudnym dniu.",
    ),
    titles=(
        "{H} w miejscowości {L1}: [co wiemy|najnowsze informacje]",
        "{P1}: „{Q}”",
        "{L1}: {P2} [domaga się odpowiedzi|mówi o trudnym dniu]",
        "{H}: [poszkodowanych jest|chodzi o] {N1} {G}",
    ),
    subheads=("Co dalej", "Reakcje", "Tło wydarzeń", "Stary problem", "Odpowiedź władz",
              "Co mówią liczby", "Pytania bez odpowiedzi"),
    captions=(
        "{P1} w miejscowości {L1} {D}.",
        "Widok na miejscowość {L1}.",
        "Mieszkańcy zebrani w miejscowości {L2}.",
    ),
    ui=Furniture(
        cookies=(
            "Używamy plików cookies, aby zapewnić prawidłowe działanie serwisu i wyświetlać "
            "spersonalizowane reklamy. Klikając Akceptuję, zgadzasz się na ich użycie.",
            "Ta strona korzysta z plików cookies i podobnych technologii w celach statystycznych "
            "i reklamowych. Możesz w każdej chwili zmienić ustawienia.",
        ),
        accept=("Akceptuję", "Zgadzam się", "OK"),
        refuse=("Odrzuć", "Ustawienia"),
        newsletter_titles=("Newsletter {outlet}", "Poranny przegląd", "Bądź na bieżąco"),
        newsletter_texts=(
            "Zapisz się do naszego newslettera i otrzymuj codziennie rano najważniejsze "
            "informacje.",
            "Zamów newsletter {outlet}: najważniejsze wiadomości dnia prosto na Twoją skrzynkę.",
        ),
        newsletter_button="Zapisz się",
        email="Twój adres e-mail",
        read_also=("Czytaj też:", "Zobacz także:", "Czytaj więcej:"),
        related=("Polecamy:", "Powiązane artykuły", "Zobacz również"),
        most_read="Najczęściej czytane",
        share="Udostępnij",
        footer=("O nas", "Kontakt", "Polityka prywatności", "Ustawienia cookies", "Regulamin",
                "Reklama", "Praca"),
        rights="Wszelkie prawa zastrzeżone.",
        latest="Najnowsze wiadomości",
        updated="Aktualizacja",
        min_read="min czytania",
        search="Szukaj",
        subscribe="Subskrypcja",
        sections={
            "politics": ("polityka", "Polityka"), "world": ("swiat", "Świat"),
            "economy": ("gospodarka", "Gospodarka"), "business": ("biznes", "Biznes"),
            "environment": ("srodowisko", "Środowisko"), "justice": ("prawo", "Prawo"),
            "sport": ("sport", "Sport"), "national": ("kraj", "Kraj"),
            "culture": ("kultura", "Kultura"), "opinion": ("opinie", "Opinie"),
        },
    ),
)

ES = Language(
    code="es",
    share=0.08,
    html_tags=("es", "es-ES"),
    weekdays=("el lunes", "el martes", "el miércoles", "el jueves", "el viernes", "el sábado",
              "el domingo"),
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre", "octubre", "noviembre", "diciembre"),
    date="{d} de {month} de {y}, {hm}",
    thousands=".",
    by="Por",
    photo="Foto:",
    first_names=("Lucía", "Javier", "Marta", "Sergio", "Elena", "Pablo", "Carmen", "Diego",
                 "Nuria", "Álvaro"),
    roles=(
        "alcalde de {L1}", "gobernador regional", "portavoz de {O}", "consejero delegado de {O}",
        "ministro del Interior", "jefe de la policía de {L2}",
        "responsable de los servicios de emergencia", "profesor de la Universidad de {L2}",
        "líder de la oposición", "representante sindical", "capitán del {C1}",
        "entrenador del {C2}", "exdirector de {O}", "ministro de Transportes",
        "candidato a la alcaldía de {L1}", "fiscal del caso",
    ),
    quotes=(
        "No vamos a dejar a nadie atrás",
        "Es un día [difícil|decisivo|doloroso] para {L1}",
        "Todos los equipos trabajan para ayudar a los {G}",
        "Queremos respuestas, y las queremos [ya|cuanto antes]",
        "Nadie esperaba algo así",
        "Los próximos días serán [decisivos|cruciales|difíciles]",
    ),
    sentences=(
        "{P1}, {R1}, [afirmó|aseguró|confirmó] {D} que {EV} {ACT}.",
        "Según {O}, al menos {N1} {G} [se han visto afectados|resultaron afectados] en {L1} y "
        "{L2}.",
        "«{Q}», [declaró|explicó|aseguró] {P1} [en una rueda de prensa|en un comunicado] en "
        "{L1}.",
        "[Las autoridades|Los responsables locales] de {L1} [indicaron|advirtieron] que la "
        "situación [seguía siendo|era todavía] [tensa|incierta|difícil] {D}.",
        "{P2}, {R2}, [calificó|describió] la situación como [inédita|preocupante|un punto de "
        "inflexión para {L1}].",
        "Las cifras [publicadas|difundidas] por {O} [muestran|indican] que se [registraron|"
        "notificaron] {N2} [incidentes|denuncias|avisos] [la semana pasada|desde principios de "
        "mes|durante el fin de semana].",
        "Es la [primera|segunda] vez en {N3} años que ocurre algo así en {L2}, [según {P2}|"
        "recordó {P2}].",
        "Muchos {G} de {L2} [dicen|aseguran] que [no recibieron ningún aviso|se enteraron por "
        "las redes sociales|nadie les informó a tiempo].",
        "{O} anunció que publicará [un informe completo|nuevas cifras|más detalles] [en un plazo "
        "de {N3} días|la próxima semana|antes de fin de mes].",
        "[La oposición|El consejo regional|El Gobierno] [exige|pide] [una investigación|"
        "explicaciones|más transparencia] sobre {X}.",
        "[Según los expertos|Para los críticos|Según varios observadores], los riesgos de {X} "
        "[han sido|fueron] [subestimados|ignorados|mal gestionados] durante años.",
        "{P1} [tiene previsto viajar|viajará] a {L2} [en los próximos días|esta misma semana|"
        "el viernes].",
        "En {L1}, [los comercios|las oficinas] [permanecieron cerrados|solo abrieron "
        "parcialmente] mientras los {G} [esperaban noticias|se concentraban en la plaza "
        "principal].",
        "Un portavoz de {O} [declinó hacer comentarios|no respondió a las preguntas de este "
        "periódico|prometió más información].",
        "El [último|nuevo] [balance|recuento] eleva la cifra a {N1}, frente a {N2} [a primera "
        "hora del día|hace una semana|en la primera estimación].",
        "[Todavía no está claro|Nadie ha explicado aún|Sigue sin saberse] cómo pudo [ocurrir "
        "algo así|pasar desapercibido el problema] en {L1}.",
        "[Varios|Decenas de|Muchos] {G} [contaron|explicaron] a [los medios locales|este "
        "periódico|los periodistas] su preocupación por {X}.",
        "{P2} [insistió en|subrayó] que la prioridad [son|siguen siendo] {X}.",
        "[En declaraciones a la prensa|Durante una visita] en {L2}, {P1} prometió [apoyo|ayuda|"
        "una respuesta rápida] a los {G}.",
        "[La próxima reunión|Una nueva rueda de prensa] está prevista para [el viernes|la "
        "próxima semana|los próximos días], [añadió|precisó] {O}.",
        "Algunos {G} [criticaron|cuestionaron] [la respuesta|la decisión|el calendario] de {O}.",
        "{EV} [se produce|llega] [pocos días|pocas semanas] después de un [episodio|incidente] "
        "similar cerca de {L2}.",
        "Al final del día, {N2} personas habían [abandonado la zona|pedido ayuda|sido "
        "atendidas].",
        "«{Q}», [añadió|insistió] {P2}.",
        "En total, {N3} [municipios|distritos] [se han visto afectados|están afectados], "
        "[según {O}|informó {O}].",
        "[La prensa local|Los medios regionales] [informaron|publicaron] que {P2} [se reunió|"
        "habló] con {P1} [en {L2}|por teléfono] {D}.",
        "[Los analistas|Los observadores] creen que las consecuencias se notarán [durante "
        "meses|mucho más allá de {L1}|durante años].",
    ),
    leads=(
        "{EV} {ACT} {D} y [deja|afecta a] {N1} {G} en {L1}.",
        "{P1}, {R1}, [pide|promete] [respuestas|medidas] en {L1}.",
        "En {L1} y {L2}, los {G} [hacen balance|esperan respuestas].",
    ),
    titles=(
        "{H} en {L1}: [lo que sabemos|última hora|{N1} {G} afectados]",
        "{P1} [alerta sobre|se pronuncia sobre] {X}",
        "{L1}: {P2} [pide respuestas|habla de un día difícil]",
        "{P1}: «{Q}»",
    ),
    subheads=("Qué pasará ahora", "Reacciones", "El contexto", "Un problema antiguo",
              "La respuesta de las autoridades", "Lo que dicen las cifras",
              "Preguntas sin respuesta"),
    captions=(
        "{P1} en {L1} {D}.",
        "[Vista de|Escena en] {L1} {D}.",
        "Vecinos reunidos en {L2}.",
    ),
    ui=Furniture(
        cookies=(
            "Utilizamos cookies propias y de terceros para mejorar tu experiencia y mostrarte "
            "publicidad personalizada. Al hacer clic en Aceptar, consientes su uso.",
            "Utilizamos cookies y tecnologías similares para medir la audiencia y personalizar "
            "los contenidos. Puedes cambiar tu elección en cualquier momento.",
        ),
        accept=("Aceptar", "Aceptar todo", "OK"),
        refuse=("Rechazar", "Configurar"),
        newsletter_titles=("Boletín de la mañana", "Newsletter de {outlet}",
                           "No te pierdas nada"),
        newsletter_texts=(
            "Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes del "
            "día.",
            "Suscríbete a la newsletter de {outlet}: la actualidad que importa, antes del "
            "desayuno.",
        ),
        newsletter_button="Suscribirme",
        email="Tu correo electrónico",
        read_also=("Lee también:", "Más información:", "Te puede interesar:"),
        related=("Noticias relacionadas", "Te puede interesar", "Más sobre este tema"),
        most_read="Lo más leído",
        share="Compartir",
        footer=("Quiénes somos", "Contacto", "Política de privacidad",
                "Configuración de cookies", "Aviso legal", "Publicidad",
                "Trabaja con nosotros"),
        rights="Todos los derechos reservados.",
        latest="Últimas noticias",
        updated="Actualizado",
        min_read="min de lectura",
        search="Buscar",
        subscribe="Suscríbete",
        sections={
            "politics": ("politica", "Política"), "world": ("internacional", "Internacional"),
            "economy": ("economia", "Economía"), "business": ("empresas", "Empresas"),
            "environment": ("medio-ambiente", "Medio ambiente"),
            "justice": ("tribunales", "Tribunales"), "sport": ("deportes", "Deportes"),
            "national": ("sociedad", "Sociedad"), "culture": ("cultura", "Cultura"),
            "opinion": ("opinion", "Opinión"),
        },
    ),
)

# fmt: on
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (EN, FR, DE, PL, ES)}

# ---------------------------------------------------------------------------------------------
# Topics. Each language says, per topic: the event as a subject (EV), what it did (ACT, agreeing
# with EV), things in the news about it (X, plural), the people concerned (G, in the form the
# language's templates need), title heads (H), and its own sentences and titles.


@dataclass(frozen=True, slots=True)
class TopicText:
    """One topic in one language."""

    event: str
    acts: tuple[str, ...]
    things: tuple[str, ...]
    groups: tuple[str, ...]
    heads: tuple[str, ...]
    sentences: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """A kind of event: its section, its numbers' range, its people's roles, its words."""

    name: str
    section: str
    n1: tuple[int, int]
    roles1: tuple[int, ...]
    roles2: tuple[int, ...]
    text: dict[str, TopicText]


# fmt: off
STORM = Topic("storm", "environment", (500, 90_000), (0, 1, 6, 4), (7, 0, 6, 8), {
    "en": TopicText(
        "the storm",
        ("hit the coast overnight", "brought down power lines across the region",
         "flooded dozens of streets", "forced the closure of schools and roads"),
        ("the flood defences", "the power cuts", "the damaged roofs", "the rising rivers",
         "the emergency shelters"),
        ("residents", "homeowners", "motorists", "farmers"),
        ("Storm", "Floods", "Severe weather"),
        ("Winds of more than [90|110|130] km/h were recorded near {L1}, [the weather service "
         "said|according to forecasters].",
         "About {N1} homes were [left without electricity|cut off from the power grid] in {L1} "
         "and {L2}.",
         "Rescue teams [evacuated|moved] {N2} people from [flooded|low-lying] areas during the "
         "night.",
         "Forecasters warned that [more rain|another band of rain|strong gusts] could reach {L2} "
         "[within days|by the weekend].",
         "Insurers [estimate|expect] the damage [at|to reach] about {N3} million euros."),
        ("Storm [leaves|cuts off] {N1} homes [without power|from the grid] in {L1}",
         "{L1} counts the cost [of the storm|as floodwaters recede]",
         "Storm: {P1} [calls for calm|warns of more rain] in {L2}"),
    ),
    "fr": TopicText(
        "la tempête",
        ("a frappé la côte dans la nuit", "a arraché des lignes électriques dans toute la région",
         "a inondé des dizaines de rues", "a entraîné la fermeture d'écoles et de routes"),
        ("les inondations", "les coupures de courant", "les toitures endommagées",
         "les crues des rivières", "les centres d'hébergement d'urgence"),
        ("habitants", "propriétaires", "automobilistes", "agriculteurs"),
        ("Tempête", "Inondations", "Intempéries"),
        ("Des rafales de plus de [90|110|130] km/h ont été enregistrées près de {L1}, [selon les "
         "services météorologiques|selon les prévisionnistes].",
         "Environ {N1} foyers [étaient privés d'électricité|restaient sans courant] à {L1} et à "
         "{L2}.",
         "Les secours ont [évacué|mis à l'abri] {N2} personnes des zones [inondées|basses] "
         "pendant la nuit.",
         "Les prévisionnistes [craignent|annoncent] [de nouvelles pluies|de fortes rafales] sur "
         "{L2} [dans les prochains jours|d'ici le week-end].",
         "Les assureurs [estiment|évaluent] les dégâts à environ {N3} millions d'euros."),
        ("Tempête : {N1} foyers privés d'électricité à {L1}",
         "{L1} fait le bilan après le passage de la tempête",
         "Intempéries : {P1} appelle au calme à {L2}"),
    ),
    "de": TopicText(
        "der Sturm",
        ("hat in der Nacht die Küste getroffen", "hat in der Region Stromleitungen umgerissen",
         "hat Dutzende Straßen überflutet", "hat zur Schließung von Schulen und Straßen geführt"),
        ("die Überschwemmungen", "die Stromausfälle", "die beschädigten Dächer",
         "die steigenden Pegel", "die Notunterkünfte"),
        ("Anwohner", "Hausbesitzer", "Autofahrer", "Landwirte"),
        ("Sturm", "Hochwasser", "Unwetter"),
        ("In der Nähe von {L1} wurden Windgeschwindigkeiten von mehr als [90|110|130] km/h "
         "gemessen, [teilte der Wetterdienst mit|so die Meteorologen].",
         "Rund {N1} Haushalte in {L1} und {L2} [waren ohne Strom|wurden vom Netz getrennt].",
         "Rettungskräfte brachten in der Nacht {N2} Menschen aus [überfluteten|tief gelegenen] "
         "Gebieten in Sicherheit.",
         "Meteorologen warnen, dass [weiterer Regen|neue Sturmböen] [in den nächsten Tagen|bis "
         "zum Wochenende] {L2} erreichen könnten.",
         "Versicherer schätzen den Schaden auf rund {N3} Millionen Euro."),
        ("Sturm: {N1} Haushalte in {L1} ohne Strom",
         "{L1} zieht Bilanz nach dem Unwetter",
         "Unwetter: {P1} ruft in {L2} zur Ruhe auf"),
    ),
    "pl": TopicText(
        "burza",
        ("uderzyła w nocy w wybrzeże", "zerwała linie energetyczne w całym regionie",
         "zalała dziesiątki ulic", "sparaliżowała szkoły i drogi"),
        ("podtopienia", "przerwy w dostawie prądu", "zniszczone dachy", "wysokie stany rzek",
         "tymczasowe schroniska"),
        ("mieszkańców", "właścicieli domów", "kierowców", "rolników"),
        ("Burza", "Powódź", "Nawałnica"),
        ("W pobliżu miejscowości {L1} wiatr osiągał ponad [90|110|130] km/h – [podaje służba "
         "meteorologiczna|informują synoptycy].",
         "Około {N1} gospodarstw domowych w miejscowościach {L1} i {L2} [nie ma prądu|zostało bez "
         "prądu].",
         "Ratownicy [ewakuowali|przenieśli] w nocy {N2} osób z [zalanych|nisko położonych] "
         "terenów.",
         "Synoptycy ostrzegają, że [kolejne opady|silne porywy wiatru] mogą dotrzeć do regionu "
         "{L2} [w ciągu kilku dni|do weekendu].",
         "Ubezpieczyciele szacują straty na około {N3} mln euro."),
        ("Burza: {N1} domów bez prądu w miejscowości {L1}",
         "{L1} liczy straty po przejściu nawałnicy",
         "Nawałnica: {P1} apeluje o spokój"),
    ),
    "es": TopicText(
        "la tormenta",
        ("azotó la costa durante la noche", "derribó tendidos eléctricos en toda la región",
         "inundó decenas de calles", "obligó a cerrar escuelas y carreteras"),
        ("las inundaciones", "los cortes de luz", "los tejados dañados",
         "las crecidas de los ríos", "los albergues de emergencia"),
        ("vecinos", "propietarios", "conductores", "agricultores"),
        ("Tormenta", "Inundaciones", "Temporal"),
        ("Cerca de {L1} se registraron rachas de más de [90|110|130] km/h, [según el servicio "
         "meteorológico|según los meteorólogos].",
         "Unos {N1} hogares [se quedaron sin electricidad|seguían sin luz] en {L1} y {L2}.",
         "Los equipos de rescate [evacuaron|trasladaron] durante la noche a {N2} personas de "
         "zonas [inundadas|bajas].",
         "Los meteorólogos advierten de que [más lluvias|fuertes rachas] podrían llegar a {L2} "
         "[en los próximos días|antes del fin de semana].",
         "Las aseguradoras calculan los daños en unos {N3} millones de euros."),
        ("Temporal: {N1} hogares sin luz en {L1}",
         "{L1} hace balance tras el paso de la tormenta",
         "Tormenta: {P1} pide calma en {L2}"),
    ),
})

WILDFIRE = Topic("wildfire", "environment", (50, 20_000), (6, 1, 0), (7, 0, 8), {
    "en": TopicText(
        "the fire",
        ("spread through the forest above the town", "destroyed dozens of homes",
         "forced the evacuation of several villages", "crossed the main road overnight"),
        ("the evacuation orders", "the burnt forests", "the firefighting aircraft",
         "the dry conditions", "the smoke warnings"),
        ("residents", "firefighters", "holidaymakers", "villagers"),
        ("Wildfire", "Forest fire", "Fire"),
        ("More than {N1} hectares of [forest|woodland|scrubland] have burnt [since the fire "
         "started|so far], [according to {O}|the fire service said].",
         "{N2} firefighters, supported by [water bombers|helicopters], were [still fighting the "
         "flames|battling the blaze] near {L1}.",
         "[Strong winds|Gusty winds|High temperatures] [made the work of the crews harder|fanned "
         "the flames] [during the afternoon|overnight].",
         "Investigators are [trying to establish|looking into] [whether the fire was started "
         "deliberately|the cause of the fire]."),
        ("Wildfire forces {N2} [families|people] from their homes near {L1}",
         "Fire near {L1}: crews battle [the flames|the blaze] for [a second|a third] day",
         "{P1} [visits|tours] burnt areas around {L2}"),
    ),
    "fr": TopicText(
        "l'incendie",
        ("a parcouru la forêt au-dessus de la ville", "a détruit des dizaines de maisons",
         "a contraint plusieurs villages à évacuer", "a franchi la route principale dans la nuit"),
        ("les ordres d'évacuation", "les forêts brûlées", "les avions bombardiers d'eau",
         "les conditions de sécheresse", "les fumées"),
        ("habitants", "pompiers", "vacanciers", "villageois"),
        ("Incendie", "Feu de forêt", "Incendies"),
        ("Plus de {N1} hectares de [forêt|garrigue|végétation] ont brûlé [depuis le début de "
         "l'incendie|jusqu'à présent], [selon {O}|selon les pompiers].",
         "{N2} pompiers, appuyés par [des bombardiers d'eau|des hélicoptères], [luttaient "
         "toujours contre les flammes|combattaient le feu] près de {L1}.",
         "[Le vent violent|Les fortes chaleurs] [ont compliqué le travail des équipes|ont attisé "
         "les flammes] [dans l'après-midi|pendant la nuit].",
         "Les enquêteurs [cherchent à déterminer|tentent d'établir] [si l'incendie est d'origine "
         "criminelle|l'origine du feu]."),
        ("Incendie près de {L1} : {N2} personnes évacuées",
         "Feu de forêt : les pompiers mobilisés pour [le deuxième|le troisième] jour près de {L1}",
         "{P1} se rend sur les zones brûlées autour de {L2}"),
    ),
    "de": TopicText(
        "das Feuer",
        ("hat sich durch den Wald oberhalb der Stadt gefressen", "hat Dutzende Häuser zerstört",
         "hat die Räumung mehrerer Dörfer erzwungen",
         "ist in der Nacht über die Hauptstraße gesprungen"),
        ("die Evakuierungen", "die verbrannten Wälder", "die Löschflugzeuge",
         "die Trockenheit und die Hitze", "die Rauchwarnungen"),
        ("Anwohner", "Feuerwehrleute", "Urlauber", "Dorfbewohner"),
        ("Waldbrand", "Feuer", "Brand"),
        ("Mehr als {N1} Hektar [Wald|Buschland] sind [seit Ausbruch des Feuers|bislang] "
         "verbrannt, [teilte {O} mit|so die Feuerwehr].",
         "{N2} Feuerwehrleute kämpften mit Unterstützung von [Löschflugzeugen|Hubschraubern] "
         "[weiter gegen die Flammen|gegen den Brand] bei {L1}.",
         "[Starker Wind|Große Hitze] [erschwerte die Löscharbeiten|fachte die Flammen an] [am "
         "Nachmittag|in der Nacht].",
         "Ermittler [prüfen|versuchen zu klären], [ob das Feuer absichtlich gelegt wurde|wie der "
         "Brand entstanden ist]."),
        ("Waldbrand bei {L1}: {N2} Menschen evakuiert",
         "Feuer bei {L1}: Löscharbeiten am [zweiten|dritten] Tag",
         "{P1} besucht verbrannte Gebiete um {L2}"),
    ),
    "pl": TopicText(
        "pożar",
        ("objął las nad miastem", "zniszczył dziesiątki domów", "wymusił ewakuację kilku wsi",
         "przeskoczył w nocy przez główną drogę"),
        ("ewakuacje", "spalone lasy", "samoloty gaśnicze", "susza i upały",
         "ostrzeżenia przed dymem"),
        ("mieszkańców", "strażaków", "turystów", "mieszkańców wsi"),
        ("Pożar", "Pożar lasu", "Ogień"),
        ("Spłonęło już ponad {N1} hektarów [lasu|zarośli] – [podaje {O}|informuje straż "
         "pożarna].",
         "{N2} strażaków, wspieranych przez [samoloty gaśnicze|śmigłowce], wciąż walczy z ogniem "
         "w pobliżu miejscowości {L1}.",
         "[Silny wiatr|Upał] utrudniał akcję gaśniczą [po południu|w nocy].",
         "Śledczy [ustalają|sprawdzają], [czy pożar został wywołany celowo|co było przyczyną "
         "pożaru]."),
        ("Pożar w pobliżu miejscowości {L1}: ewakuowano {N2} osób",
         "Pożar lasu: strażacy walczą z ogniem [drugi|trzeci] dzień",
         "{P1} odwiedza spalone tereny"),
    ),
    "es": TopicText(
        "el incendio",
        ("avanzó por el monte sobre el pueblo", "destruyó decenas de viviendas",
         "obligó a desalojar varios pueblos", "cruzó la carretera principal durante la noche"),
        ("los desalojos", "los bosques quemados", "los hidroaviones", "las altas temperaturas",
         "los avisos por el humo"),
        ("vecinos", "bomberos", "turistas", "habitantes"),
        ("Incendio", "Incendio forestal", "Fuego"),
        ("Más de {N1} hectáreas de [monte|bosque|matorral] han ardido [desde el inicio del "
         "fuego|hasta ahora], [según {O}|según los bomberos].",
         "{N2} bomberos, apoyados por [hidroaviones|helicópteros], [seguían luchando contra las "
         "llamas|combatían el fuego] cerca de {L1}.",
         "[El fuerte viento|Las altas temperaturas] [complicaron|dificultaron] el trabajo de los "
         "equipos [por la tarde|durante la noche].",
         "Los investigadores [intentan determinar|tratan de aclarar] [si el incendio fue "
         "provocado|el origen del fuego]."),
        ("Incendio cerca de {L1}: {N2} personas desalojadas",
         "Incendio forestal: los bomberos luchan por [segundo|tercer] día cerca de {L1}",
         "{P1} visita las zonas quemadas en {L2}"),
    ),
})

ELECTION = Topic("election", "politics", (2_000, 400_000), (14,), (14, 8), {
    "en": TopicText(
        "the vote",
        ("ended in a narrow result", "delivered a surprise victory for {P1}",
         "saw the highest turnout in years", "left no party with a clear majority"),
        ("the coalition talks", "the postal ballots", "the campaign promises",
         "the final results", "the recount requests"),
        ("voters", "supporters", "party members", "first-time voters"),
        ("Election", "Vote", "Ballot"),
        ("Turnout reached [58|61|64|67|71] per cent, [the electoral commission said|according to "
         "official figures].",
         "{P1} won {N1} votes, [just ahead of|well ahead of] {P2}, [according to provisional "
         "results|the electoral commission said].",
         "Coalition talks [are expected to start|could begin] [next week|within days] in {L1}.",
         "Party members gathered in {L2} [to celebrate|to wait for the results] [late into the "
         "night|until the early hours]."),
        ("{P1} [claims victory|wins narrowly] in {L1} vote",
         "Election in {L1}: {P1} and {P2} neck and neck",
         "{L1} votes: what the result means for {O}"),
    ),
    "fr": TopicText(
        "le scrutin",
        ("s'est soldé par un résultat serré", "a offert une victoire surprise à {P1}",
         "a enregistré la plus forte participation depuis des années",
         "n'a donné de majorité claire à aucun parti"),
        ("les négociations de coalition", "les votes par correspondance",
         "les promesses de campagne", "les résultats définitifs", "les demandes de recomptage"),
        ("électeurs", "militants", "sympathisants", "jeunes électeurs"),
        ("Élection", "Scrutin", "Vote"),
        ("La participation a atteint [58|61|64|67|71] %, [selon les chiffres officiels|selon la "
         "commission électorale].",
         "{P1} a obtenu {N1} voix, [juste devant|loin devant] {P2}, [selon les résultats "
         "provisoires|a annoncé la commission électorale].",
         "Les négociations de coalition [devraient débuter|pourraient commencer] [la semaine "
         "prochaine|dans les prochains jours] à {L1}.",
         "Les militants se sont réunis à {L2} [pour fêter la victoire|pour attendre les "
         "résultats] [tard dans la nuit|jusqu'au petit matin]."),
        ("{P1} [revendique la victoire|l'emporte de justesse] à {L1}",
         "Élection à {L1} : {P1} et {P2} au coude-à-coude",
         "Scrutin à {L1} : ce que le résultat change pour {O}"),
    ),
    "de": TopicText(
        "die Wahl",
        ("hat ein knappes Ergebnis gebracht", "hat {P1} einen überraschenden Sieg beschert",
         "hat die höchste Beteiligung seit Jahren verzeichnet",
         "hat keiner Partei eine klare Mehrheit gebracht"),
        ("die Koalitionsgespräche", "die Briefwahlstimmen", "die Wahlversprechen",
         "die Endergebnisse", "die Anträge auf Neuauszählung"),
        ("Wähler", "Anhänger", "Parteimitglieder", "Erstwähler"),
        ("Wahl", "Abstimmung", "Wahlabend"),
        ("Die Wahlbeteiligung lag bei [58|61|64|67|71] Prozent, [wie die Wahlkommission "
         "mitteilte|nach offiziellen Angaben].",
         "{P1} erhielt {N1} Stimmen und lag damit [knapp|deutlich] vor {P2}, [so das vorläufige "
         "Ergebnis|teilte die Wahlkommission mit].",
         "Die Koalitionsgespräche in {L1} [sollen|könnten] [in der kommenden Woche|in den "
         "nächsten Tagen] beginnen.",
         "Parteimitglieder versammelten sich in {L2}, [um zu feiern|um auf die Ergebnisse zu "
         "warten], [bis spät in die Nacht|bis in die frühen Morgenstunden]."),
        ("{P1} [erklärt sich zum Sieger|gewinnt knapp] in {L1}",
         "Wahl in {L1}: Kopf-an-Kopf-Rennen zwischen {P1} und {P2}",
         "Wahl in {L1}: Was das Ergebnis für {O} bedeutet"),
    ),
    "pl": TopicText(
        "głosowanie",
        ("zakończyło się minimalną przewagą", "przyniosło niespodziewane zwycięstwo {P1}",
         "przyciągnęło najwięcej wyborców od lat", "nie dało żadnej partii wyraźnej większości"),
        ("rozmowy koalicyjne", "głosy korespondencyjne", "obietnice wyborcze",
         "ostateczne wyniki", "wnioski o ponowne przeliczenie głosów"),
        ("wyborców", "zwolenników", "członków partii", "młodych wyborców"),
        ("Wybory", "Głosowanie", "Wieczór wyborczy"),
        ("Frekwencja wyniosła [58|61|64|67|71] proc. – [podaje komisja wyborcza|wynika z "
         "oficjalnych danych].",
         "Na {P1} zagłosowało {N1} osób, [nieco więcej|znacznie więcej] niż na {P2} – [wynika z "
         "wstępnych wyników|podaje komisja wyborcza].",
         "Rozmowy koalicyjne w miejscowości {L1} [mają się rozpocząć|mogą ruszyć] [w przyszłym "
         "tygodniu|w ciągu kilku dni].",
         "Członkowie partii zebrali się w miejscowości {L2}, [by świętować|by czekać na wyniki] "
         "[do późnej nocy|do rana]."),
        ("{P1} [ogłasza zwycięstwo|wygrywa minimalnie] w miejscowości {L1}",
         "Wybory w miejscowości {L1}: {P1} i {P2} łeb w łeb",
         "Wybory: co wynik oznacza dla {O}"),
    ),
    "es": TopicText(
        "la votación",
        ("terminó con un resultado ajustado", "dio una victoria sorpresa a {P1}",
         "registró la mayor participación en años", "no dio a ningún partido una mayoría clara"),
        ("las negociaciones de coalición", "los votos por correo", "las promesas electorales",
         "los resultados definitivos", "las peticiones de recuento"),
        ("votantes", "simpatizantes", "militantes", "jóvenes votantes"),
        ("Elecciones", "Votación", "Noche electoral"),
        ("La participación alcanzó el [58|61|64|67|71] %, [según los datos oficiales|según la "
         "junta electoral].",
         "{P1} obtuvo {N1} votos, [justo por delante de|muy por delante de] {P2}, [según los "
         "resultados provisionales|informó la junta electoral].",
         "Las negociaciones para formar coalición [podrían comenzar|deberían empezar] [la "
         "próxima semana|en los próximos días] en {L1}.",
         "Los militantes se reunieron en {L2} [para celebrar la victoria|para esperar los "
         "resultados] [hasta altas horas de la noche|hasta la madrugada]."),
        ("{P1} [se proclama vencedor|gana por la mínima] en {L1}",
         "Elecciones en {L1}: {P1} y {P2}, empatados",
         "Votación en {L1}: qué significa el resultado para {O}"),
    ),
})

STRIKE = Topic("strike", "economy", (300, 60_000), (9,), (3, 2), {
    "en": TopicText(
        "the strike",
        ("brought public transport to a standstill", "closed schools and outpatient clinics",
         "entered its third day", "disrupted deliveries across the region"),
        ("the wage demands", "the pension reforms", "the working conditions",
         "the cancelled services", "the negotiations with management"),
        ("workers", "commuters", "union members", "teachers"),
        ("Strike", "Walkout", "Industrial action"),
        ("The union is demanding a pay rise of [5|7|8|10] per cent [and shorter working hours|"
         "over two years].",
         "{O} said the walkout had cost it about {N3} million euros [so far|a day].",
         "About {N1} workers [joined the walkout|took part in the strike], [according to the "
         "union|the organisers said].",
         "Talks between the union and management are [due to resume|expected to continue] in "
         "{L1} [on Monday|next week]."),
        ("Strike [paralyses|disrupts] {L1} as {N1} workers walk out",
         "{O} and unions [fail to agree|resume talks] as strike enters [second|third] day",
         "Strike in {L1}: {P1} [calls for talks|rejects demands]"),
    ),
    "fr": TopicText(
        "la grève",
        ("a paralysé les transports en commun", "a fermé des écoles et des services hospitaliers",
         "est entrée dans son troisième jour", "a perturbé les livraisons dans toute la région"),
        ("les revendications salariales", "les réformes des retraites",
         "les conditions de travail", "les trains supprimés",
         "les négociations avec la direction"),
        ("salariés", "usagers", "syndiqués", "enseignants"),
        ("Grève", "Mouvement social", "Grève générale"),
        ("Le syndicat réclame une hausse des salaires de [5|7|8|10] % [et une réduction du temps "
         "de travail|sur deux ans].",
         "{O} estime que le mouvement lui a déjà coûté environ {N3} millions d'euros.",
         "Environ {N1} salariés [ont rejoint le mouvement|ont participé à la grève], [selon le "
         "syndicat|selon les organisateurs].",
         "Les discussions entre le syndicat et la direction [doivent reprendre|devraient se "
         "poursuivre] à {L1} [lundi|la semaine prochaine]."),
        ("Grève : {L1} paralysée, {N1} salariés mobilisés",
         "Grève : {O} et les syndicats [toujours sans accord|reprennent les discussions]",
         "Grève à {L1} : {P1} [appelle au dialogue|rejette les revendications]"),
    ),
    "de": TopicText(
        "der Streik",
        ("hat den Nahverkehr lahmgelegt", "hat Schulen und Ambulanzen geschlossen",
         "ist in den dritten Tag gegangen", "hat Lieferungen in der ganzen Region gestört"),
        ("die Lohnforderungen", "die Rentenreformen", "die Arbeitsbedingungen",
         "die ausgefallenen Verbindungen", "die Verhandlungen mit der Geschäftsführung"),
        ("Beschäftigte", "Pendler", "Gewerkschaftsmitglieder", "Lehrkräfte"),
        ("Streik", "Arbeitskampf", "Warnstreik"),
        ("Die Gewerkschaft fordert [5|7|8|10] Prozent mehr Lohn [und kürzere Arbeitszeiten|über "
         "zwei Jahre].",
         "Nach Angaben von {O} hat der Ausstand bereits rund {N3} Millionen Euro gekostet.",
         "Rund {N1} Beschäftigte [beteiligten sich am Ausstand|legten die Arbeit nieder], [so "
         "die Gewerkschaft|teilten die Veranstalter mit].",
         "Die Gespräche zwischen Gewerkschaft und Geschäftsführung sollen [am Montag|in der "
         "kommenden Woche] in {L1} fortgesetzt werden."),
        ("Streik legt {L1} lahm: {N1} Beschäftigte im Ausstand",
         "{O} und Gewerkschaft [weiter ohne Einigung|verhandeln wieder]",
         "Streik in {L1}: {P1} [ruft zu Gesprächen auf|weist Forderungen zurück]"),
    ),
    "pl": TopicText(
        "strajk",
        ("sparaliżował komunikację miejską", "zamknął szkoły i przychodnie",
         "trwa już trzeci dzień", "zakłócił dostawy w całym regionie"),
        ("żądania płacowe", "reformy emerytalne", "warunki pracy", "odwołane kursy",
         "negocjacje z zarządem"),
        ("pracowników", "pasażerów", "związkowców", "nauczycieli"),
        ("Strajk", "Protest pracowników", "Strajk generalny"),
        ("Związek zawodowy domaga się podwyżek o [5|7|8|10] proc. [i krótszego czasu pracy|w "
         "ciągu dwóch lat].",
         "Według {O} protest kosztował już około {N3} mln euro.",
         "W strajku [bierze udział|uczestniczy] około {N1} pracowników – [podaje związek|"
         "informują organizatorzy].",
         "Rozmowy związkowców z zarządem mają zostać wznowione [w poniedziałek|w przyszłym "
         "tygodniu] w miejscowości {L1}."),
        ("Strajk paraliżuje {L1}: protestuje {N1} pracowników",
         "{O} i związkowcy [wciąż bez porozumienia|wracają do rozmów]",
         "Strajk w miejscowości {L1}: {P1} [apeluje o rozmowy|odrzuca żądania]"),
    ),
    "es": TopicText(
        "la huelga",
        ("paralizó el transporte público", "cerró colegios y centros de salud",
         "entró en su tercer día", "alteró los repartos en toda la región"),
        ("las reivindicaciones salariales", "las reformas de las pensiones",
         "las condiciones laborales", "los servicios cancelados",
         "las negociaciones con la dirección"),
        ("trabajadores", "usuarios", "sindicalistas", "profesores"),
        ("Huelga", "Paro", "Huelga general"),
        ("El sindicato reclama una subida salarial del [5|7|8|10] % [y una jornada más corta|en "
         "dos años].",
         "{O} calcula que el paro le ha costado ya unos {N3} millones de euros.",
         "Unos {N1} trabajadores [secundaron el paro|participaron en la huelga], [según el "
         "sindicato|según los organizadores].",
         "Las negociaciones entre el sindicato y la dirección [se reanudarán|deberían continuar] "
         "en {L1} [el lunes|la próxima semana]."),
        ("Huelga en {L1}: {N1} trabajadores secundan el paro",
         "{O} y los sindicatos [siguen sin acuerdo|retoman las negociaciones]",
         "Huelga en {L1}: {P1} [pide diálogo|rechaza las reivindicaciones]"),
    ),
})

MERGER = Topic("merger", "business", (1_000, 150_000), (3,), (2, 7, 9), {
    "en": TopicText(
        "the deal",
        ("values {O2} at {N3} billion euros", "creates the largest group in the sector",
         "was approved by the board of {O}", "surprised investors"),
        ("the job cuts", "the competition rules", "the share prices",
         "the regulators' concerns", "the integration plans"),
        ("shareholders", "employees", "investors", "customers"),
        ("Takeover", "Merger", "Deal"),
        ("Shares in {O2} [rose|jumped] {N3} per cent [in early trading|after the announcement].",
         "{O} said the combined company would employ about {N1} people across {N2} sites.",
         "Competition authorities [are expected to examine|will review] the deal [in the coming "
         "months|before the end of the year].",
         "{P1}, {R1}, [said|told analysts] there were no plans to close the site in {L1}."),
        ("{O} [agrees to buy|to take over] {O2} in [multi-billion|major] deal",
         "{O} and {O2} announce merger",
         "Takeover of {O2}: {P1} promises no job cuts in {L1}"),
    ),
    "fr": TopicText(
        "l'opération",
        ("valorise {O2} à {N3} milliards d'euros", "crée le premier groupe du secteur",
         "a été approuvée par le conseil d'administration de {O}", "a surpris les investisseurs"),
        ("les suppressions d'emplois", "les règles de concurrence", "les cours de Bourse",
         "les réserves des régulateurs", "les plans d'intégration"),
        ("actionnaires", "salariés", "investisseurs", "clients"),
        ("Rachat", "Fusion", "Acquisition"),
        ("L'action {O2} a [bondi|progressé] de {N3} % [en début de séance|après l'annonce].",
         "Selon {O}, le nouvel ensemble emploiera environ {N1} personnes sur {N2} sites.",
         "Les autorités de la concurrence [devraient examiner|examineront] l'opération [dans les "
         "prochains mois|d'ici la fin de l'année].",
         "{P1}, {R1}, a assuré qu'aucune fermeture du site de {L1} n'était prévue."),
        ("{O} [va racheter|rachète] {O2}",
         "{O} et {O2} annoncent leur fusion",
         "Rachat de {O2} : {P1} promet de préserver l'emploi à {L1}"),
    ),
    "de": TopicText(
        "die Übernahme",
        ("bewertet {O2} mit {N3} Milliarden Euro", "schafft den größten Konzern der Branche",
         "wurde vom Aufsichtsrat von {O} gebilligt", "hat Anleger überrascht"),
        ("die Stellenstreichungen", "die Wettbewerbsregeln", "die Aktienkurse",
         "die Bedenken der Aufsichtsbehörden", "die Integrationspläne"),
        ("Aktionäre", "Mitarbeiter", "Anleger", "Kunden"),
        ("Übernahme", "Fusion", "Milliardendeal"),
        ("Die Aktie von {O2} legte [im frühen Handel|nach der Ankündigung] um {N3} Prozent zu.",
         "Nach Angaben von {O} wird der neue Konzern rund {N1} Menschen an {N2} Standorten "
         "beschäftigen.",
         "Die Wettbewerbsbehörden [werden|dürften] die Übernahme [in den kommenden Monaten|bis "
         "Jahresende] prüfen.",
         "{P1}, {R1}, sagte, eine Schließung des Standorts in {L1} sei nicht geplant."),
        ("{O} übernimmt {O2}",
         "{O} und {O2} kündigen Fusion an",
         "Übernahme von {O2}: {P1} verspricht Erhalt der Jobs in {L1}"),
    ),
    "pl": TopicText(
        "transakcja",
        ("wycenia {O2} na {N3} mld euro", "tworzy największą grupę w branży",
         "została zatwierdzona przez radę nadzorczą {O}", "zaskoczyła inwestorów"),
        ("zwolnienia", "przepisy o konkurencji", "kursy akcji", "zastrzeżenia regulatorów",
         "plany integracji"),
        ("akcjonariuszy", "pracowników", "inwestorów", "klientów"),
        ("Przejęcie", "Fuzja", "Transakcja"),
        ("Akcje {O2} [zdrożały|poszły w górę] o {N3} proc. [na początku sesji|po ogłoszeniu "
         "transakcji].",
         "Według {O} połączona firma będzie zatrudniać około {N1} osób w {N2} zakładach.",
         "Transakcji [przyjrzą się|mają się przyjrzeć] urzędy antymonopolowe [w najbliższych "
         "miesiącach|do końca roku].",
         "{P1}, {R1}, zapewnia, że zakład w miejscowości {L1} nie zostanie zamknięty."),
        ("{O} przejmuje {O2}",
         "{O} i {O2} ogłaszają fuzję",
         "Przejęcie {O2}: {P1} obiecuje, że nie będzie zwolnień"),
    ),
    "es": TopicText(
        "la operación",
        ("valora {O2} en {N3} mil millones de euros", "crea el mayor grupo del sector",
         "fue aprobada por el consejo de {O}", "sorprendió a los inversores"),
        ("los despidos", "las normas de competencia", "las cotizaciones",
         "las reservas de los reguladores", "los planes de integración"),
        ("accionistas", "empleados", "inversores", "clientes"),
        ("Compra", "Fusión", "Adquisición"),
        ("Las acciones de {O2} [subieron|se dispararon] un {N3} % [en los primeros compases de "
         "la sesión|tras el anuncio].",
         "Según {O}, el nuevo grupo empleará a unas {N1} personas en {N2} centros.",
         "Las autoridades de competencia [examinarán|deberán analizar] la operación [en los "
         "próximos meses|antes de fin de año].",
         "{P1}, {R1}, aseguró que no está previsto cerrar la planta de {L1}."),
        ("{O} [comprará|compra] {O2}",
         "{O} y {O2} anuncian su fusión",
         "Compra de {O2}: {P1} promete mantener el empleo en {L1}"),
    ),
})

TRIAL = Topic("trial", "justice", (50, 5_000), (15,), (12,), {
    "en": TopicText(
        "the trial",
        ("opened in {L1} under heavy security", "heard from its first witnesses",
         "was adjourned until next week", "ended with a guilty verdict"),
        ("the charges", "the witness statements", "the defence arguments",
         "the court documents", "the sentencing guidelines"),
        ("witnesses", "relatives of the victims", "lawyers", "jurors"),
        ("Trial", "Court", "Verdict"),
        ("{P2} is accused of [fraud|corruption|embezzlement] [totalling|involving] {N3} million "
         "euros.",
         "[The prosecution|Prosecutors] called {N2} witnesses [during the first week|over three "
         "days].",
         "The court in {L1} is expected to deliver its verdict [next month|before the summer].",
         "{P2} [denies all the charges|has pleaded not guilty], [according to the defence|the "
         "lawyers said]."),
        ("Trial of {P2} [opens|resumes] in {L1}",
         "{P2} [denies|rejects] charges as trial begins",
         "Court in {L1} hears [first witnesses|new evidence] in {P2} case"),
    ),
    "fr": TopicText(
        "le procès",
        ("s'est ouvert à {L1} sous haute sécurité", "a entendu ses premiers témoins",
         "a été renvoyé à la semaine prochaine", "s'est conclu par une condamnation"),
        ("les chefs d'accusation", "les témoignages", "les arguments de la défense",
         "les pièces du dossier", "les peines encourues"),
        ("témoins", "proches des victimes", "avocats", "jurés"),
        ("Procès", "Justice", "Verdict"),
        ("{P2} est accusé de [fraude|corruption|détournement de fonds] portant sur {N3} millions "
         "d'euros.",
         "L'accusation a fait citer {N2} témoins [au cours de la première semaine|en trois "
         "jours].",
         "Le tribunal de {L1} doit rendre sa décision [le mois prochain|avant l'été].",
         "{P2} [nie l'ensemble des faits|plaide non coupable], [selon la défense|selon ses "
         "avocats]."),
        ("Le procès de {P2} [s'ouvre|reprend] à {L1}",
         "{P2} nie les faits à l'ouverture de son procès",
         "Affaire {P2} : le tribunal de {L1} entend [les premiers témoins|de nouveaux "
         "éléments]"),
    ),
    "de": TopicText(
        "der Prozess",
        ("hat unter strengen Sicherheitsvorkehrungen in {L1} begonnen",
         "hat die ersten Zeugen gehört", "wurde auf die kommende Woche vertagt",
         "endete mit einem Schuldspruch"),
        ("die Anklagepunkte", "die Zeugenaussagen", "die Argumente der Verteidigung",
         "die Gerichtsakten", "die möglichen Strafen"),
        ("Zeugen", "Angehörige der Opfer", "Anwälte", "Schöffen"),
        ("Prozess", "Gericht", "Urteil"),
        ("{P2} wird [Betrug|Korruption|Veruntreuung] in Höhe von {N3} Millionen Euro "
         "vorgeworfen.",
         "Die Staatsanwaltschaft hat {N2} Zeugen [in der ersten Woche|an drei Verhandlungstagen] "
         "geladen.",
         "Das Gericht in {L1} will sein Urteil [im nächsten Monat|vor dem Sommer] verkünden.",
         "{P2} [bestreitet alle Vorwürfe|plädiert auf nicht schuldig], [so die Verteidigung|"
         "sagten die Anwälte]."),
        ("Prozess gegen {P2} [beginnt|wird fortgesetzt] in {L1}",
         "{P2} weist Vorwürfe zum Prozessauftakt zurück",
         "Gericht in {L1} hört [erste Zeugen|neue Beweise] im Fall {P2}"),
    ),
    "pl": TopicText(
        "proces",
        ("rozpoczął się w miejscowości {L1} przy zaostrzonych środkach bezpieczeństwa",
         "objął przesłuchanie pierwszych świadków", "został odroczony do przyszłego tygodnia",
         "zakończył się wyrokiem skazującym"),
        ("zarzuty", "zeznania świadków", "argumenty obrony", "akta sprawy", "możliwe kary"),
        ("świadków", "bliskich ofiar", "adwokatów", "ławników"),
        ("Proces", "Sąd", "Wyrok"),
        ("Zarzuty wobec {P2} dotyczą [oszustwa|korupcji|sprzeniewierzenia] na kwotę {N3} mln "
         "euro.",
         "Prokuratura powołała {N2} świadków [w pierwszym tygodniu|w ciągu trzech dni].",
         "Sąd w miejscowości {L1} ma ogłosić wyrok [w przyszłym miesiącu|przed latem].",
         "{P2} [nie przyznaje się do winy|odrzuca wszystkie zarzuty] – [podaje obrona|mówią "
         "adwokaci]."),
        ("[Rusza|Zostaje wznowiony] proces {P2}",
         "{P2} odrzuca zarzuty na początku procesu",
         "Sąd w miejscowości {L1} przesłuchuje świadków w sprawie {P2}"),
    ),
    "es": TopicText(
        "el juicio",
        ("arrancó en {L1} bajo fuertes medidas de seguridad", "escuchó a sus primeros testigos",
         "quedó aplazado hasta la próxima semana", "terminó con una condena"),
        ("los cargos", "las declaraciones de los testigos", "los argumentos de la defensa",
         "los documentos del sumario", "las penas solicitadas"),
        ("testigos", "familiares de las víctimas", "abogados", "miembros del jurado"),
        ("Juicio", "Tribunales", "Sentencia"),
        ("{P2} está acusado de [fraude|corrupción|malversación] por valor de {N3} millones de "
         "euros.",
         "La fiscalía citó a {N2} testigos [durante la primera semana|en tres días].",
         "El tribunal de {L1} dictará sentencia [el mes que viene|antes del verano].",
         "{P2} [niega todos los cargos|se declara inocente], [según la defensa|según sus "
         "abogados]."),
        ("[Arranca|Se reanuda] en {L1} el juicio contra {P2}",
         "{P2} niega los cargos al inicio del juicio",
         "El tribunal de {L1} escucha [a los primeros testigos|nuevas pruebas] en el caso {P2}"),
    ),
})

TRAIN = Topic("train", "national", (80, 900), (13, 6), (2, 7), {
    "en": TopicText(
        "the derailment",
        ("happened shortly after the train left {L1}", "blocked the main line for hours",
         "injured {N2} passengers", "led to the suspension of all services"),
        ("the safety checks", "the track repairs", "the delayed trains",
         "the signalling systems", "the compensation claims"),
        ("passengers", "commuters", "rail workers", "travellers"),
        ("Rail accident", "Derailment", "Train crash"),
        ("The train was carrying about {N1} passengers [when it left the tracks|at the time of "
         "the accident].",
         "{N2} people were taken to hospital in {L2}, [{N3} of them with serious injuries|most "
         "with minor injuries].",
         "Services between {L1} and {L2} [will remain suspended|are not expected to resume] "
         "[until the weekend|for several days].",
         "Investigators [are examining|will examine] the signalling system and the condition of "
         "the track."),
        ("Train derails near {L1}: {N2} injured",
         "Rail accident near {L1}: [services suspended|line closed] until [the weekend|further "
         "notice]",
         "{P1} [orders inquiry|promises answers] after derailment near {L2}"),
    ),
    "fr": TopicText(
        "le déraillement",
        ("s'est produit peu après le départ du train de {L1}",
         "a bloqué la ligne principale pendant des heures", "a fait {N2} blessés",
         "a entraîné la suspension de toutes les circulations"),
        ("les contrôles de sécurité", "les travaux sur les voies", "les trains retardés",
         "les systèmes de signalisation", "les demandes d'indemnisation"),
        ("voyageurs", "usagers", "cheminots", "passagers"),
        ("Déraillement", "Accident ferroviaire", "Catastrophe ferroviaire"),
        ("Le train transportait environ {N1} voyageurs [au moment de l'accident|lorsqu'il a "
         "quitté les rails].",
         "{N2} personnes ont été hospitalisées à {L2}, [dont {N3} grièvement blessées|la plupart "
         "légèrement blessées].",
         "La circulation entre {L1} et {L2} [restera interrompue|ne reprendra pas] [jusqu'au "
         "week-end|avant plusieurs jours].",
         "Les enquêteurs [examinent|vont examiner] la signalisation et l'état de la voie."),
        ("Déraillement près de {L1} : {N2} blessés",
         "Accident ferroviaire près de {L1} : la ligne fermée [jusqu'à nouvel ordre|jusqu'au "
         "week-end]",
         "{P1} [ordonne une enquête|promet des réponses] après le déraillement près de {L2}"),
    ),
    "de": TopicText(
        "das Zugunglück",
        ("ereignete sich kurz nach der Abfahrt in {L1}",
         "hat die Hauptstrecke stundenlang blockiert", "hat {N2} Fahrgäste verletzt",
         "hat zur Einstellung des gesamten Verkehrs geführt"),
        ("die Sicherheitskontrollen", "die Gleisreparaturen", "die Zugverspätungen",
         "die Signalanlagen", "die Entschädigungsforderungen"),
        ("Fahrgäste", "Pendler", "Bahnmitarbeiter", "Reisende"),
        ("Zugunglück", "Entgleisung", "Bahnunfall"),
        ("Der Zug war mit rund {N1} Fahrgästen besetzt, [als er entgleiste|zum Zeitpunkt des "
         "Unglücks].",
         "{N2} Menschen wurden in Krankenhäuser in {L2} gebracht, [{N3} von ihnen schwer "
         "verletzt|die meisten leicht verletzt].",
         "Der Verkehr zwischen {L1} und {L2} bleibt [bis zum Wochenende|mehrere Tage lang] "
         "[eingestellt|unterbrochen].",
         "Ermittler untersuchen die Signaltechnik und den Zustand der Gleise."),
        ("Zug entgleist bei {L1}: {N2} Verletzte",
         "Bahnunfall bei {L1}: Strecke bis [zum Wochenende|auf Weiteres] gesperrt",
         "{P1} [ordnet Untersuchung an|verspricht Aufklärung] nach Zugunglück bei {L2}"),
    ),
    "pl": TopicText(
        "wykolejenie pociągu",
        ("nastąpiło wkrótce po odjeździe z miejscowości {L1}",
         "zablokowało główną linię na wiele godzin", "spowodowało obrażenia u {N2} pasażerów",
         "wstrzymało cały ruch na trasie"),
        ("kontrole bezpieczeństwa", "naprawy torów", "opóźnione pociągi", "systemy sygnalizacji",
         "wnioski o odszkodowania"),
        ("pasażerów", "podróżnych", "kolejarzy", "dojeżdżających do pracy"),
        ("Katastrofa kolejowa", "Wykolejenie", "Wypadek kolejowy"),
        ("Pociągiem podróżowało około {N1} osób [w chwili wypadku|gdy wypadł z szyn].",
         "{N2} osób trafiło do szpitali w miejscowości {L2}, [w tym {N3} z poważnymi "
         "obrażeniami|większość z lekkimi obrażeniami].",
         "Ruch między {L1} a {L2} [pozostanie wstrzymany|nie zostanie wznowiony] [do weekendu|"
         "przez kilka dni].",
         "Śledczy [badają|zbadają] system sygnalizacji i stan torów."),
        ("Wykolejenie pociągu koło miejscowości {L1}: {N2} rannych",
         "Wypadek kolejowy: linia zamknięta [do weekendu|do odwołania]",
         "{P1} [zleca kontrolę|obiecuje wyjaśnienia] po katastrofie kolejowej"),
    ),
    "es": TopicText(
        "el descarrilamiento",
        ("se produjo poco después de que el tren saliera de {L1}",
         "bloqueó la línea principal durante horas", "dejó {N2} pasajeros heridos",
         "obligó a suspender todas las circulaciones"),
        ("los controles de seguridad", "las obras en las vías", "los trenes retrasados",
         "los sistemas de señalización", "las reclamaciones de indemnización"),
        ("pasajeros", "viajeros", "ferroviarios", "usuarios"),
        ("Descarrilamiento", "Accidente ferroviario", "Accidente de tren"),
        ("El tren transportaba a unos {N1} pasajeros [en el momento del accidente|cuando se "
         "salió de la vía].",
         "{N2} personas fueron trasladadas a hospitales de {L2}, [{N3} de ellas con heridas "
         "graves|la mayoría con heridas leves].",
         "La circulación entre {L1} y {L2} [seguirá suspendida|no se reanudará] [hasta el fin de "
         "semana|durante varios días].",
         "Los investigadores [analizan|analizarán] el sistema de señalización y el estado de la "
         "vía."),
        ("Descarrila un tren cerca de {L1}: {N2} heridos",
         "Accidente ferroviario cerca de {L1}: la línea, cortada [hasta el fin de semana|hasta "
         "nuevo aviso]",
         "{P1} [ordena una investigación|promete respuestas] tras el descarrilamiento cerca de "
         "{L2}"),
    ),
})

FOOTBALL = Topic("football", "sport", (4_000, 80_000), (10,), (11,), {
    "en": TopicText(
        "the match",
        ("ended in a [2-1|3-2|1-0] win for {C1}", "drew a record crowd of {N1}",
         "was decided in the final minutes",
         "was interrupted for several minutes after crowd trouble"),
        ("the referee's decisions", "the title chances", "the injuries in the squad",
         "the ticket prices", "the coach's tactics"),
        ("fans", "supporters", "players", "season ticket holders"),
        ("Football", "Derby", "Cup tie"),
        ("{P1} scored [twice|the winning goal|a late equaliser] [in the second half|after the "
         "break].",
         "{C1} [moved up to|stayed in] [second|third|fourth] place, {N3} points behind the "
         "leaders.",
         "A crowd of {N1} [watched the game|filled the stadium] in {L1}.",
         "The coach of {C2}, {P2}, [criticised the referee|praised his players] after the final "
         "whistle."),
        ("{C1} [beat|edge past] {C2} in front of {N1} fans",
         "Football: {P1} [scores twice|is the hero] as {C1} [win|stay top]",
         "{C2} coach {P2} [fumes at|questions] referee after defeat"),
    ),
    "fr": TopicText(
        "le match",
        ("s'est conclu par une victoire [2-1|3-2|1-0] du {C1}",
         "a attiré un public record de {N1} spectateurs", "s'est joué dans les dernières minutes",
         "a été interrompu plusieurs minutes à cause d'incidents en tribune"),
        ("les décisions de l'arbitre", "les chances de titre", "les blessures dans l'effectif",
         "les prix des billets", "les choix tactiques de l'entraîneur"),
        ("supporters", "joueurs", "abonnés", "spectateurs"),
        ("Football", "Derby", "Coupe"),
        ("{P1} a marqué [deux fois|le but de la victoire|l'égalisation] [en seconde période|"
         "après la pause].",
         "Le {C1} [remonte|reste] à la [deuxième|troisième|quatrième] place, à {N3} points du "
         "leader.",
         "{N1} spectateurs [ont assisté à la rencontre|ont rempli le stade] à {L1}.",
         "L'entraîneur du {C2}, {P2}, a [critiqué l'arbitrage|salué ses joueurs] après le coup "
         "de sifflet final."),
        ("Football : le {C1} s'impose face au {C2} devant {N1} spectateurs",
         "Football : {P1} [offre la victoire au {C1}|s'illustre avec un doublé]",
         "{P2}, entraîneur du {C2}, [s'en prend à|conteste] l'arbitrage"),
    ),
    "de": TopicText(
        "das Spiel",
        ("endete mit einem [2:1|3:2|1:0] für {C1}",
         "lockte eine Rekordkulisse von {N1} Zuschauern an",
         "wurde erst in den Schlussminuten entschieden",
         "wurde nach Ausschreitungen auf den Rängen minutenlang unterbrochen"),
        ("die Entscheidungen des Schiedsrichters", "die Titelchancen",
         "die Verletzungen im Kader", "die Ticketpreise",
         "die taktischen Entscheidungen des Trainers"),
        ("Fans", "Anhänger", "Spieler", "Dauerkarteninhaber"),
        ("Fußball", "Derby", "Pokal"),
        ("{P1} traf [zweimal|zum Sieg|zum späten Ausgleich] [in der zweiten Halbzeit|nach der "
         "Pause].",
         "{C1} [liegt nun|bleibt] auf Platz [zwei|drei|vier], {N3} Punkte hinter dem "
         "Tabellenführer.",
         "{N1} Zuschauer [verfolgten das Spiel|füllten das Stadion] in {L1}.",
         "Der Trainer von {C2}, {P2}, [kritisierte den Schiedsrichter|lobte seine Mannschaft] "
         "nach dem Schlusspfiff."),
        ("{C1} schlägt {C2} vor {N1} Zuschauern",
         "Fußball: {P1} [trifft doppelt|schießt {C1} zum Sieg]",
         "{C2}-Trainer {P2} kritisiert den Schiedsrichter"),
    ),
    "pl": TopicText(
        "mecz",
        ("zakończył się zwycięstwem {C1} [2:1|3:2|1:0]",
         "zgromadził na trybunach {N1} kibiców", "rozstrzygnął się w ostatnich minutach",
         "został przerwany na kilka minut z powodu zamieszek na trybunach"),
        ("decyzje sędziego", "szanse na mistrzostwo", "kontuzje w drużynie", "ceny biletów",
         "decyzje taktyczne trenera"),
        ("kibiców", "piłkarzy", "widzów", "fanów"),
        ("Piłka nożna", "Derby", "Puchar"),
        ("{P1} [zdobył dwie bramki|strzelił zwycięskiego gola|wyrównał w końcówce] [w drugiej "
         "połowie|po przerwie].",
         "{C1} [awansuje|spada] na [drugie|trzecie|czwarte] miejsce w tabeli i traci {N3} pkt "
         "do lidera.",
         "Mecz w miejscowości {L1} oglądało {N1} widzów.",
         "Trener {C2}, {P2}, [skrytykował sędziego|pochwalił swoich zawodników] po końcowym "
         "gwizdku."),
        ("{C1} pokonuje {C2} przy {N1} kibicach",
         "Piłka nożna: {P1} [bohaterem meczu|z dwoma golami]",
         "Trener {C2} {P2} krytykuje sędziego"),
    ),
    "es": TopicText(
        "el partido",
        ("terminó con victoria del {C1} por [2-1|3-2|1-0]",
         "reunió a un récord de {N1} espectadores", "se decidió en los últimos minutos",
         "estuvo interrumpido varios minutos por incidentes en la grada"),
        ("las decisiones arbitrales", "las opciones al título", "las lesiones en la plantilla",
         "los precios de las entradas", "las decisiones tácticas del entrenador"),
        ("aficionados", "jugadores", "abonados", "espectadores"),
        ("Fútbol", "Derbi", "Copa"),
        ("{P1} marcó [dos goles|el gol de la victoria|el empate] [en la segunda parte|tras el "
         "descanso].",
         "El {C1} [sube|se mantiene] en la [segunda|tercera|cuarta] posición, a {N3} puntos del "
         "líder.",
         "{N1} espectadores [siguieron el encuentro|llenaron el estadio] en {L1}.",
         "El entrenador del {C2}, {P2}, [criticó al árbitro|elogió a sus jugadores] tras el "
         "pitido final."),
        ("El {C1} vence al {C2} ante {N1} espectadores",
         "Fútbol: {P1} [da la victoria al {C1}|firma un doblete]",
         "{P2}, entrenador del {C2}, [carga contra|critica] el arbitraje"),
    ),
})

# fmt: on
TOPICS: tuple[Topic, ...] = (STORM, WILDFIRE, ELECTION, STRIKE, MERGER, TRIAL, TRAIN, FOOTBALL)


@dataclass(frozen=True, slots=True)
class _Grammar:
    """One language's templates for one topic, compiled once."""

    sentences: tuple[Compiled, ...]  # the topic's own, then the language's general ones
    topical: int  # how many of ``sentences`` are the topic's own
    leads: tuple[Compiled, ...]
    titles: tuple[Compiled, ...]
    captions: tuple[Compiled, ...]
    roles: tuple[Compiled, ...]
    acts: _Alt | _Words
    things: _Alt | _Words
    groups: _Alt | _Words
    heads: _Alt | _Words
    quotes: _Alt | _Words


def _grammar(lang: Language, topic: Topic) -> _Grammar:
    t = topic.text[lang.code]
    return _Grammar(
        sentences=_compile_all(t.sentences + lang.sentences),
        topical=len(t.sentences),
        leads=_compile_all(lang.leads),
        # the topic's titles twice: a headline more often names the event than a generic form
        titles=_compile_all(t.titles + t.titles + lang.titles),
        captions=_compile_all(lang.captions),
        roles=_compile_all(lang.roles),
        acts=choice_of(_compile_all(t.acts)),
        things=choice_of(_compile_all(t.things)),
        groups=choice_of(_compile_all(t.groups)),
        heads=choice_of(_compile_all(t.heads)),
        quotes=choice_of(_compile_all(lang.quotes)),
    )


GRAMMARS: dict[tuple[str, str], _Grammar] = {
    (lang.code, topic.name): _grammar(lang, topic)
    for lang in LANGUAGES.values()
    for topic in TOPICS
}

# ---------------------------------------------------------------------------------------------
# Invented names. Syllables rather than lists, so that a million pages still find new names.

# fmt: off
_ONSETS = ("B", "Br", "C", "D", "Dr", "F", "G", "Gr", "H", "K", "Kr", "L", "M", "N", "P", "R",
           "S", "St", "T", "V", "W", "Z")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ei", "au")
_MIDDLES = ("l", "n", "r", "s", "m", "nd", "rt", "sk", "v", "lv", "rn", "t")
_SURNAME_ENDS = ("er", "son", "ski", "ova", "ez", "ard", "ini", "berg", "ley", "ec", "ot", "and")
_PLACE_ENDS = ("ton", "burg", "ville", "ova", "ia", "mouth", "dorf", "ec", "ana", "holm", "stad",
               "field", "ac", "ino")
_ORG_KINDS = ("Group", "Holdings", "Energy", "Rail", "Bank", "Institute", "Foundation",
              "Industries", "Telecom", "Logistics", "Motors", "Pharma")
_WORLD_FIRST_NAMES = tuple(sorted({n for lang in LANGUAGES.values() for n in lang.first_names}))
_AGENCIES = ("Meridian Wire", "Transalpine News Service", "Northern Press Union",
             "Atlas Newswire")


def _stem(rng: random.Random) -> str:
    stem = rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_MIDDLES)
    if rng.random() < 0.4:
        stem += rng.choice(_VOWELS) + rng.choice(_MIDDLES)
    return stem


def person_name(rng: random.Random, first: Sequence[str] = _WORLD_FIRST_NAMES) -> str:
    """An invented full name: a common first name and a made-up family name."""
    return f"{rng.choice(first)} {_stem(rng)}{rng.choice(_SURNAME_ENDS)}"


def place_name(rng: random.Random) -> str:
    """An invented town."""
    return _stem(rng) + rng.choice(_PLACE_ENDS)


def org_name(rng: random.Random) -> str:
    """An invented organisation."""
    return f"{_stem(rng)}{rng.choice(('', 'a', 'ex', 'on'))} {rng.choice(_ORG_KINDS)}"


# ---------------------------------------------------------------------------------------------
# Outlets: fixed for every seed (the seed varies the news, not the press).

_OUTLET_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("The Morning Ledger", "Harbour Courier", "Northgate Herald", "Eastbridge Gazette",
           "Valley Sentinel", "Copperfield Post", "Riverside Chronicle", "Ashford Dispatch",
           "Lantern Daily", "Meridian Times", "Greystone Observer", "Bayline News",
           "Summit Tribune", "Kestrel Review", "Oakmere Journal", "Pinecrest Standard",
           "Westmarch Record", "Tidewater Bulletin", "Highfield Echo", "Silverlake Examiner",
           "Crossroads Daily", "Brightwater Mail", "Redcliff Register", "Stonebridge Times",
           "Fairhaven Star", "Northern Wire Weekly"),
    "fr": ("Le Veilleur", "La Gazette du Val", "L'Écho des Collines", "Le Courrier de l'Estuaire",
           "La Dépêche du Plateau", "Le Réveil Citoyen", "Le Quotidien des Rives"),
    "de": ("Abendkurier", "Tagesfeder", "Der Lindenbote", "Nordstadt Rundschau", "Talblatt",
           "Allgemeine Wochenpost", "Hafenanzeiger"),
    "pl": ("Kurier Poranny", "Gazeta Nadrzeczna", "Głos Doliny", "Dziennik Zachodni Brzeg",
           "Tygodnik Latarnia"),
    "es": ("El Faro del Valle", "Diario La Alameda", "La Crónica del Puerto", "El Mirador",
           "Heraldo de la Sierra"),
}

# fmt: on
_SERVERS = ("nginx", "Apache", "cloudfront", "Varnish", "openresty")


@dataclass(frozen=True, slots=True)
class Outlet:
    """An invented news site: its name, host, language and the shape of its pages."""

    index: int
    name: str
    host: str
    lang: str
    html_lang: str
    weight: float  # share of its language's pages
    layout: int  # 0-3: the page skeleton
    css: str  # class-name prefix
    tz: timezone
    url_style: int
    nav: tuple[str, ...]  # section keys, in the site's order
    staff: tuple[str, ...]
    server: str
    cookie_top: bool
    read_also_in_body: bool
    newsletter_in_body: bool
    jsonld: float  # chance that a page carries JSON-LD
    jsonld_body: bool  # the JSON-LD states the article body (articleBody)
    figure: float
    subhead: float
    meta_time: bool  # <meta property="article:published_time">
    newsletter_title: str
    newsletter_text: str
    cookie: str
    read_also: str
    related: str


def _slug(text: str, limit: int = 80) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].rstrip("-") or "article"


_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe"})


def _make_outlets() -> tuple[Outlet, ...]:
    rng = random.Random("alaune-synth-outlets")
    outlets: list[Outlet] = []
    for code, names in _OUTLET_NAMES.items():
        lang = LANGUAGES[code]
        # a few big outlets and a long tail, as in any press
        raw = [1 / (rank + 1) ** 0.7 for rank in range(len(names))]
        for rank, name in enumerate(names):
            outlets.append(_make_outlet(rng, len(outlets), name, lang, raw[rank] / sum(raw)))
    return tuple(outlets)


def _make_outlet(
    rng: random.Random, index: int, name: str, lang: Language, weight: float
) -> Outlet:
    slug = _slug(name.removeprefix("The "))
    host = (f"www.{slug}.example", f"{slug}.example", f"news.{slug}.example")[index % 3]
    if lang.code == "en":
        tz = timezone(timedelta(minutes=rng.choice((0, 0, 60, -300, -360))))
    else:
        tz = timezone(timedelta(hours=1))
    nav = list(_SECTION_KEYS)
    rng.shuffle(nav)
    ui = lang.ui
    return Outlet(
        index=index,
        name=name,
        host=host,
        lang=lang.code,
        html_lang=rng.choice(lang.html_tags),
        weight=weight,
        layout=index % 4,
        css="".join(w[0] for w in slug.split("-"))[:3] or "site",
        tz=tz,
        url_style=rng.randrange(5),
        nav=tuple(nav[: rng.randint(6, 10)]),
        staff=tuple(person_name(rng, lang.first_names) for _ in range(rng.randint(6, 12))),
        server=rng.choice(_SERVERS),
        cookie_top=rng.random() < 0.6,
        read_also_in_body=rng.random() < 0.5,
        newsletter_in_body=rng.random() < 0.3,
        jsonld=rng.choice((0.0, 0.5, 0.9, 1.0)),
        jsonld_body=rng.random() < 0.2,
        figure=rng.uniform(0.3, 0.9),
        subhead=rng.uniform(0.1, 0.6),
        meta_time=rng.random() < 0.6,
        newsletter_title=rng.choice(ui.newsletter_titles).format(outlet=name),
        newsletter_text=rng.choice(ui.newsletter_texts).format(outlet=name),
        cookie=rng.choice(ui.cookies),
        read_also=rng.choice(ui.read_also),
        related=rng.choice(ui.related),
    )


OUTLETS: tuple[Outlet, ...] = _make_outlets()
_BY_LANG: dict[str, tuple[Outlet, ...]] = {
    code: tuple(o for o in OUTLETS if o.lang == code) for code in LANGUAGES
}
_LANG_CODES = tuple(LANGUAGES)
_LANG_CUM = tuple(itertools.accumulate(lang.share for lang in LANGUAGES.values()))
_OUTLET_CUM = {
    code: tuple(itertools.accumulate(o.weight for o in outs)) for code, outs in _BY_LANG.items()
}


def _pick_weighted(cum: Sequence[float], rng: random.Random) -> int:
    return min(bisect.bisect(cum, rng.random() * cum[-1]), len(cum) - 1)


# ---------------------------------------------------------------------------------------------
# Stories and texts


@dataclass(slots=True)
class Text:
    """An article's words, as an outlet prints them (copies share one with changes)."""

    lang: str
    title: str
    lead: str
    paragraphs: list[str]
    subheads: dict[int, str]  # paragraph index -> sub-heading printed before it
    caption: str


@dataclass(slots=True)
class _Original:
    url: str
    outlet: int
    published: datetime
    text: Text


@dataclass(slots=True)
class Story:
    """An event and its facts; its reports are drawn from these."""

    id: int | None  # None: a throwaway (a broken page's or a link's)
    topic: Topic
    event: datetime
    window: timedelta
    home_lang: str
    size: int
    facts: dict[str, str]  # language-independent: names and numbers
    roles: tuple[int, int]
    emitted: int = 0
    originals: list[_Original] = field(default_factory=list)
    _slots: dict[str, Slots] = field(default_factory=dict)

    def slots(self, lang: Language) -> Slots:
        """The story's slots in one language (made once per language)."""
        made = self._slots.get(lang.code)
        if made is None:
            made = self._slots[lang.code] = _story_slots(self, lang)
        return made


def _number(n: int, lang: Language) -> str:
    return f"{n:,}".replace(",", lang.thousands)


def _story_slots(story: Story, lang: Language) -> Slots:
    g = GRAMMARS[lang.code, story.topic.name]
    facts = story.facts
    slots: Slots = {k: v for k, v in facts.items() if not k.startswith("N")}
    for key in ("N1", "N2", "N3"):
        slots[key] = _number(int(facts[key]), lang)
    slots["D"] = lang.weekdays[story.event.weekday()]
    slots["EV"] = story.topic.text[lang.code].event
    rng = random.Random(0)  # roles have no alternatives: nothing is drawn
    slots["R1"] = render(g.roles[story.roles[0]], slots, rng)
    slots["R2"] = render(g.roles[story.roles[1]], slots, rng)
    slots.update(ACT=g.acts, X=g.things, G=g.groups, H=g.heads, Q=g.quotes)
    return slots


def new_story(
    rng: random.Random, story_id: int | None, event: datetime, size: int, home_lang: str
) -> Story:
    """A fresh event: a topic, two people with jobs, two places, two organisations, numbers."""
    topic = rng.choice(TOPICS)
    l1, l2 = place_name(rng), place_name(rng)
    facts = {
        "P1": person_name(rng),
        "P2": person_name(rng),
        "L1": l1,
        "L2": l2,
        "O": org_name(rng),
        "O2": org_name(rng),
        "C1": f"FC {l1}",
        "C2": f"Sporting {l2}",
        "N1": str(rng.randint(*topic.n1)),
        "N2": str(rng.randint(12, 900)),
        "N3": str(rng.randint(2, 60)),
    }
    # bigger events are reported for longer: hours for a one-off, up to two days
    hours = min(48.0, rng.uniform(3, 12) * (1 + size**0.5 / 3))
    return Story(
        id=story_id,
        topic=topic,
        event=event,
        window=timedelta(hours=hours),
        home_lang=home_lang,
        size=size,
        facts=facts,
        roles=(rng.choice(topic.roles1), rng.choice(topic.roles2)),
    )


# Paragraph counts 4-15, most around 6-9.
_PARAGRAPHS = (4, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 10, 10, 11, 12, 13, 14, 15)
_PER_PARAGRAPH = (1, 2, 2, 3, 3, 3, 4)


def _draw_template(bag: list[Compiled], g: _Grammar, rng: random.Random) -> Compiled:
    if not bag:  # every template used once: start over (their alternatives still vary)
        bag.extend(g.sentences)
    k = int(rng.random() * len(bag))
    bag[k], bag[-1] = bag[-1], bag[k]
    return bag.pop()


def _paragraph(bag: list[Compiled], g: _Grammar, slots: Slots, rng: random.Random) -> str:
    count = pick(_PER_PARAGRAPH, rng)
    return " ".join(_sentence(_draw_template(bag, g, rng), slots, rng) for _ in range(count))


def write_text(story: Story, lang: Language, rng: random.Random, subhead_p: float) -> Text:
    """A report of ``story`` in ``lang``: title, standfirst, paragraphs, sub-headings."""
    g = GRAMMARS[lang.code, story.topic.name]
    slots = story.slots(lang)
    # Each template once before any twice, and the topic's own sentences twice as likely: a
    # report dwells on its event more than on generalities.
    bag = list(g.sentences[: g.topical] + g.sentences)
    count = pick(_PARAGRAPHS, rng)
    first = _sentence(pick(g.leads, rng), slots, rng)
    paragraphs = [first + " " + _paragraph(bag, g, slots, rng)]
    paragraphs += [_paragraph(bag, g, slots, rng) for _ in range(count - 1)]
    subheads: dict[int, str] = {}
    if count >= 6 and rng.random() < subhead_p:
        subheads[count // 2 + rng.randint(-1, 1)] = pick(lang.subheads, rng)
        if count >= 11:
            subheads[count - 2] = pick(lang.subheads, rng)
    return Text(
        lang=lang.code,
        title=_sentence(pick(g.titles, rng), slots, rng),
        lead=_sentence(pick(g.leads, rng), slots, rng),
        paragraphs=paragraphs,
        subheads=subheads,
        caption=_sentence(pick(g.captions, rng), slots, rng),
    )


def reprint(text: Text, story: Story, rng: random.Random) -> Text:
    """A wire copy of ``text`` as another outlet prints it: maybe a new title, the last
    paragraph dropped, a paragraph added or one rewritten, sub-headings lost. Most of the words
    stay: a near-duplicate, not a byte copy."""
    lang = LANGUAGES[text.lang]
    g = GRAMMARS[lang.code, story.topic.name]
    slots = story.slots(lang)
    paragraphs = list(text.paragraphs)
    roll = rng.random()
    if roll < 0.3 and len(paragraphs) > 4:
        paragraphs.pop()
    elif roll < 0.55:
        paragraphs.append(_paragraph([], g, slots, rng))
    elif roll < 0.65 and len(paragraphs) > 5:
        paragraphs[rng.randrange(1, len(paragraphs) - 1)] = _paragraph([], g, slots, rng)
    same_title = rng.random() < 0.5
    return Text(
        lang=text.lang,
        title=text.title if same_title else _sentence(pick(g.titles, rng), slots, rng),
        lead=text.lead if rng.random() < 0.7 else _sentence(pick(g.leads, rng), slots, rng),
        paragraphs=paragraphs,
        subheads=dict(text.subheads) if rng.random() < 0.7 else {},
        caption=text.caption,
    )


# ---------------------------------------------------------------------------------------------
# HTML. What is the same on every page of a site (navigation, banners, footer, styles) is
# rendered once per outlet; a page only renders its own article and links.


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _t(text: str) -> str:
    """Text between tags: quotes need no escaping there."""
    return html.escape(text, quote=False)


@dataclass(slots=True)
class Link:
    """A link to another article of the site (related box, "Read also", index pages)."""

    url: str
    title: str
    lead: str


@dataclass(slots=True)
class PageFacts:
    """What an article page says besides its text."""

    url: str
    article_id: int
    section: str
    published: datetime
    authors: list[str]
    credit: str | None  # an agency's name when the byline credits one
    figure: bool
    jsonld: bool
    links: list[Link]


# Critical CSS inlined in the head, as most news sites do: weight that every parser must skip.
_CSS_RULES = (
    "body{{margin:0;font-family:{font};color:#1a1a1a;background:#fff}}",
    ".{c}-masthead{{display:flex;align-items:center;justify-content:space-between;"
    "padding:12px 24px;border-bottom:1px solid {accent}}}",
    ".{c}-logo{{font:700 28px/1 {font};color:{accent};text-decoration:none}}",
    ".{c}-nav ul{{display:flex;gap:16px;list-style:none;margin:0;padding:0}}",
    ".{c}-nav a{{color:#333;text-decoration:none;font-size:15px}}",
    ".{c}-nav a:hover{{color:{accent};text-decoration:underline}}",
    ".{c}-consent{{position:fixed;bottom:0;left:0;right:0;padding:16px;background:#222;"
    "color:#fff;z-index:1000}}",
    ".{c}-consent button{{margin-right:8px;padding:8px 16px;border:0;border-radius:4px}}",
    ".{c}-main{{max-width:1180px;margin:0 auto;padding:24px;display:grid;"
    "grid-template-columns:minmax(0,1fr) 300px;gap:32px}}",
    ".{c}-article__header h1,.{c}-headline{{font:700 38px/1.15 {font};margin:8px 0 16px}}",
    ".{c}-standfirst{{font-size:20px;line-height:1.4;color:#444}}",
    ".{c}-kicker{{text-transform:uppercase;font-size:13px;letter-spacing:.06em;color:{accent}}}",
    ".{c}-byline,.{c}-meta{{font-size:14px;color:#666;margin:12px 0}}",
    ".{c}-article__body p{{font-size:18px;line-height:1.6;margin:0 0 20px}}",
    ".{c}-article__body h2{{font-size:24px;margin:32px 0 12px}}",
    ".{c}-lead-image img{{width:100%;height:auto}}",
    ".{c}-lead-image figcaption{{font-size:13px;color:#666;padding:6px 0}}",
    ".{c}-readalso{{border-left:3px solid {accent};padding-left:12px;font-size:16px}}",
    ".{c}-share{{display:flex;gap:12px;margin:24px 0;padding:12px 0;border-top:1px solid #eee}}",
    ".{c}-share svg{{width:20px;height:20px;fill:currentColor}}",
    ".{c}-related h2,.{c}-mostread h2{{font-size:16px;text-transform:uppercase}}",
    ".{c}-related li,.{c}-mostread li{{margin:0 0 12px;font-size:15px}}",
    ".{c}-newsletter{{background:#f4f1ea;padding:24px;margin:32px 0}}",
    ".{c}-newsletter input{{padding:10px;width:60%;border:1px solid #ccc}}",
    ".{c}-footer{{background:#111;color:#ccc;padding:40px 24px;font-size:14px}}",
    ".{c}-footer a{{color:#ccc}}",
    "@media (max-width:800px){{.{c}-main{{display:block}}.{c}-nav{{display:none}}"
    ".{c}-headline{{font-size:28px}}}}",
)
_FONTS = ("Georgia,serif", "'Source Serif',Georgia,serif", "Helvetica,Arial,sans-serif",
          "'Inter',system-ui,sans-serif")  # fmt: skip
_ACCENTS = ("#c4161c", "#005689", "#0a7d3b", "#7a1fa2", "#d35400", "#1b3a57")
_ICONS = {
    "Facebook": "M9 8H6v4h3v12h5V12h3.6l.4-4h-4V6.3c0-1 .2-1.3 1.1-1.3H18V0h-3.8C10.6 0 9 1.6 9 "
    "4.6V8z",
    "X": "M18.2 2H21l-6.5 7.4L22 22h-6l-4.7-6.1L5.9 22H3l7-8L2 2h6.1l4.2 5.6L18.2 2z",
    "E-mail": "M0 4v16h24V4H0zm21.5 2L12 13 2.5 6h19zM2 18V8l10 7 10-7v10H2z",
}


@dataclass(frozen=True, slots=True)
class _Furnished:
    """An outlet's furniture, rendered once."""

    head: str  # after the page's own meta tags
    top: str  # from <body> to <main>
    bottom: str  # from </main> to </html>, footer without its year
    newsletter: str
    promo: str  # the newsletter promo some sites put inside the article
    share: str  # share links, "{url}" left to fill


def _furnish(outlet: Outlet) -> _Furnished:
    lang = LANGUAGES[outlet.lang]
    ui = lang.ui
    c = outlet.css
    css = "".join(
        rule.format(c=c, font=_FONTS[outlet.index % len(_FONTS)],
                    accent=_ACCENTS[outlet.index % len(_ACCENTS)])
        for rule in _CSS_RULES
    )  # fmt: skip
    head = (
        f'<link rel="preconnect" href="https://img.{outlet.host}">\n'
        f'<link rel="stylesheet" href="/static/css/{c}-main.{outlet.index:04x}a9.css">\n'
        '<link rel="icon" href="/favicon.ico">\n'
        f"<style>{css}</style>\n"
        f'<script src="/static/js/{c}-app.{outlet.index:04x}f3.js" defer></script>\n'
    )
    items = "".join(
        f'<li><a href="/{ui.sections[k][0]}/">{_t(ui.sections[k][1])}</a></li>\n'
        for k in outlet.nav
    )
    nav = (
        f'<header class="{c}-masthead" role="banner">\n'
        f'<a class="{c}-logo" href="/" title="{_e(outlet.name)}">{_t(outlet.name)}</a>\n'
        f'<nav class="{c}-nav" aria-label="Main"><ul>\n{items}'
        f'<li class="{c}-nav__subscribe"><a href="/subscribe/">{_t(ui.subscribe)}</a></li>\n'
        f'</ul></nav>\n<form class="{c}-search" action="/search/"><input type="search" name="q" '
        f'placeholder="{_e(ui.search)}"></form>\n</header>\n'
    )
    cookie = (
        f'<div id="consent-banner" class="{c}-consent" role="dialog" aria-modal="true">'
        f'<p>{_t(outlet.cookie)}</p><button type="button" class="accept">'
        f'{_t(ui.accept[outlet.index % len(ui.accept)])}</button><button type="button" '
        f'class="settings">{_t(ui.refuse[outlet.index % len(ui.refuse)])}</button></div>\n'
    )
    footer_links = "".join(
        f'<li><a href="/{_slug(label)}/">{_t(label)}</a></li>' for label in ui.footer
    )
    analytics = (
        "<script>(function(w,d){w.dataLayer=w.dataLayer||[];function g(){w.dataLayer.push("
        f"arguments)}}g('js',new Date());g('config','SYN-{outlet.index:05d}',"
        "{anonymize_ip:true});"
        "var s=d.createElement('script');s.async=true;s.src='/static/js/metrics.js';"
        "d.head.appendChild(s)})(window,document);</script>\n"
    )
    bottom = (
        (
            f'<footer class="{c}-footer" role="contentinfo">\n'
            f'<div class="{c}-footer__brand">{_t(outlet.name)}</div>\n'
            f'<ul class="{c}-footer__links">{footer_links}</ul>\n'
            f'<p class="{c}-footer__legal">© {{year}} {_t(outlet.name)}. {_t(ui.rights)}</p>\n'
            "</footer>\n"
        )
        .replace("{", "{{")
        .replace("}", "}}")
        .replace("{{year}}", "{year}")
    )
    bottom += ("" if outlet.cookie_top else cookie).replace("{", "{{").replace("}", "}}")
    bottom += analytics.replace("{", "{{").replace("}", "}}") + "</body>\n</html>\n"
    newsletter = (
        f'<section class="{c}-newsletter"><h3>{_t(outlet.newsletter_title)}</h3>'
        f"<p>{_t(outlet.newsletter_text)}</p>"
        f'<form action="/newsletter/" method="post"><input type="email" name="email" '
        f'placeholder="{_e(ui.email)}"><button type="submit">'
        f"{_t(ui.newsletter_button)}</button></form></section>\n"
    )
    promo = (
        f'<aside class="{c}-promo"><p><strong>{_t(outlet.newsletter_title)}</strong> '
        f'{_t(outlet.newsletter_text)} <a href="/newsletter/">{_t(ui.newsletter_button)}</a>'
        "</p></aside>\n"
    )
    icons = "".join(
        f'<a href="https://share.example/{name.lower()}?u={{url}}" aria-label="{name}">'
        f'<svg viewBox="0 0 24 24" aria-hidden="true"><path d="{path}"/></svg></a>'
        for name, path in _ICONS.items()
    )
    share = f'<div class="{c}-share"><span>{_t(ui.share)}</span>{icons}</div>\n'
    return _Furnished(
        head=head,
        top=(cookie if outlet.cookie_top else "") + nav,
        bottom=bottom,
        newsletter=newsletter,
        promo=promo,
        share=share,
    )


_FURNISHED: dict[int, _Furnished] = {}


def furniture(outlet: Outlet) -> _Furnished:
    """The outlet's rendered furniture (made on first use)."""
    made = _FURNISHED.get(outlet.index)
    if made is None:
        made = _FURNISHED[outlet.index] = _furnish(outlet)
    return made


def _shown_date(when: datetime, lang: Language) -> str:
    return lang.date.format(
        d=when.day, month=lang.months[when.month - 1], y=when.year, hm=f"{when:%H:%M}"
    )


def _head(outlet: Outlet, title: str, description: str, url: str, extra: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{outlet.html_lang}" class="no-js">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_t(title)} | {_t(outlet.name)}</title>\n"
        f'<meta name="description" content="{_e(description)}">\n'
        f'<meta property="og:title" content="{_e(title)}">\n'
        f'<meta property="og:description" content="{_e(description)}">\n'
        f'<meta property="og:site_name" content="{_e(outlet.name)}">\n'
        f'<meta property="og:url" content="{url}">\n'
        f'<link rel="canonical" href="{url}">\n'
        f"{extra}{furniture(outlet).head}</head>\n"
    )


def _link_list(links: Sequence[Link], cls: str, heading: str) -> str:
    items = "".join(f'<li><a href="{x.url}">{_t(x.title)}</a></li>' for x in links)
    return f'<aside class="{cls}"><h2>{_t(heading)}</h2><ul>{items}</ul></aside>\n'


def _jsonld(outlet: Outlet, text: Text, facts: PageFacts, stamp: str) -> str:
    if facts.credit and not facts.authors:
        author: list[dict[str, str]] = [{"@type": "Organization", "name": facts.credit}]
    else:
        author = [{"@type": "Person", "name": a} for a in facts.authors]
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title,
        "description": text.lead,
        "datePublished": stamp,
        "dateModified": stamp,
        "author": author,
        "publisher": {"@type": "Organization", "name": outlet.name,
                      "logo": {"@type": "ImageObject", "url": f"https://{outlet.host}/logo.png"}},
        "mainEntityOfPage": facts.url,
        "inLanguage": outlet.html_lang,
    }  # fmt: skip
    if facts.figure:
        data["image"] = f"https://img.{outlet.host}/{facts.article_id}/lead.jpg"
    if outlet.jsonld_body:
        data["articleBody"] = "\n\n".join(text.paragraphs)
    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{blob}</script>\n'


def _byline(outlet: Outlet, lang: Language, facts: PageFacts, local: datetime) -> str:
    c = outlet.css
    names = [f'<a rel="author" href="/authors/{_slug(a)}/">{_t(a)}</a>' for a in facts.authors]
    if facts.credit:
        names.append(_t(facts.credit))
    who = ", ".join(names)
    when = (
        f'<time datetime="{local.isoformat()}" class="{c}-date">{_shown_date(local, lang)}</time>'
    )
    if outlet.layout % 2 == 0:
        return (
            f'<div class="{c}-byline"><span class="{c}-author">{lang.by} {who}</span> {when}</div>'
        )
    return f'<p class="{c}-meta"><span class="{c}-author">{who}</span> | {when}</p>'


def _body(outlet: Outlet, text: Text, facts: PageFacts) -> list[str]:
    c = outlet.css
    out: list[str] = []
    inline_at = 2 if len(text.paragraphs) > 4 else -1
    for i, para in enumerate(text.paragraphs):
        if i in text.subheads:
            out.append(f"<h2>{_t(text.subheads[i])}</h2>\n")
        out.append(f"<p>{_t(para)}</p>\n")
        if i == inline_at and outlet.read_also_in_body and facts.links:
            link = facts.links[0]
            out.append(
                f'<p class="{c}-readalso"><strong>{_t(outlet.read_also)}</strong> '
                f'<a href="{link.url}">{_t(link.title)}</a></p>\n'
            )
        if i == inline_at + 2 and outlet.newsletter_in_body:
            out.append(furniture(outlet).promo)
    return out


def _figure(outlet: Outlet, lang: Language, text: Text, facts: PageFacts) -> str:
    src = f"https://img.{outlet.host}/{facts.article_id}/lead.jpg"
    credit = _AGENCIES[facts.article_id % len(_AGENCIES)]
    return (
        f'<figure class="{outlet.css}-lead-image"><img src="{src}" alt="{_e(text.caption)}" '
        f'width="1200" height="675" loading="eager"><figcaption>{_t(text.caption)} '
        f'<span class="credit">{lang.photo} {credit}</span></figcaption></figure>\n'
    )


def article_page(outlet: Outlet, text: Text, facts: PageFacts) -> str:
    """A whole article page of ``outlet``: head, furniture, the article, more furniture."""
    lang = LANGUAGES[outlet.lang]
    site = furniture(outlet)
    c = outlet.css
    local = facts.published.astimezone(outlet.tz)
    stamp = local.isoformat()
    extra = ['<meta property="og:type" content="article">\n']
    if facts.figure:
        extra.append(
            f'<meta property="og:image" content="https://img.{outlet.host}/'
            f'{facts.article_id}/lead.jpg">\n'
        )
    if outlet.meta_time:
        extra.append(f'<meta property="article:published_time" content="{stamp}">\n')
    if facts.jsonld:
        extra.append(_jsonld(outlet, text, facts, stamp))
    extra.append(
        f'<script>window.__PAGE__={{"id":"{facts.article_id}","section":"{facts.section}",'
        f'"type":"article","lang":"{outlet.lang}","paywall":false}};</script>\n'
    )
    section_slug, section_label = lang.ui.sections[facts.section]
    words = sum(p.count(" ") + 1 for p in text.paragraphs)
    header = (
        f'<header class="{c}-article__header">\n'
        f'<a class="{c}-kicker" href="/{section_slug}/">{_t(section_label)}</a>\n'
        f'<h1 class="{c}-headline">{_t(text.title)}</h1>\n'
        f'<p class="{c}-standfirst">{_t(text.lead)}</p>\n'
        f"{_byline(outlet, lang, facts, local)}\n"
        f'<span class="{c}-readtime">{max(1, words // 220)} {_t(lang.ui.min_read)}</span>\n'
        "</header>\n"
    )
    figure = _figure(outlet, lang, text, facts) if facts.figure else ""
    body_tag = ("div", "section", "div", "div")[outlet.layout]
    article = [
        f'<article class="{c}-article" id="article-{facts.article_id}">\n',
        figure + header if outlet.layout == 3 else header + figure,
        f'<{body_tag} class="{c}-article__body">\n',
        *_body(outlet, text, facts),
        f"</{body_tag}>\n",
        site.share.replace("{url}", facts.url),
        "</article>\n",
    ]
    related = _link_list(facts.links[1:5], f"{c}-related", outlet.related)
    most_read = _link_list(facts.links[5:10], f"{c}-mostread", lang.ui.most_read)
    if outlet.layout == 2:  # a sidebar before the article, in the source
        main = [f'<div class="{c}-sidebar">\n', most_read, "</div>\n", *article, related,
                site.newsletter]  # fmt: skip
    else:
        main = [*article, related, site.newsletter, most_read]
    return "".join(
        [
            _head(outlet, text.title, text.lead, facts.url, "".join(extra)),
            f'<body class="{c}-page {c}-page--article">\n',
            site.top,
            f'<main id="main" class="{c}-main">\n',
            *main,
            "</main>\n",
            site.bottom.format(year=local.year),
        ]
    )


def index_page(outlet: Outlet, section: str, url: str, links: Sequence[Link], year: int) -> str:
    """A section front: a list of teasers (headline, lead, link), no article."""
    lang = LANGUAGES[outlet.lang]
    site = furniture(outlet)
    c = outlet.css
    label = lang.ui.sections[section][1]
    teasers = "".join(
        f'<li class="{c}-teaser"><h3><a href="{x.url}">{_t(x.title)}</a></h3><p>{_t(x.lead)}</p>'
        "</li>\n"
        for x in links
    )
    return "".join(
        [
            _head(outlet, label, f"{lang.ui.latest}: {label}", url,
                  '<meta property="og:type" content="website">\n'),
            f'<body class="{c}-page {c}-page--section">\n',
            site.top,
            f'<main id="main" class="{c}-main"><h1>{_t(label)}</h1>\n',
            f'<h2>{_t(lang.ui.latest)}</h2><ul class="{c}-teasers">\n{teasers}</ul>\n',
            f'<nav class="{c}-pagination"><a href="?page=2">2</a> <a href="?page=3">3</a></nav>\n',
            "</main>\n",
            site.newsletter,
            site.bottom.format(year=year),
        ]
    )  # fmt: skip


def article_url(outlet: Outlet, section: str, title: str, article_id: int, when: datetime) -> str:
    """The article's address, in the outlet's own URL style."""
    lang = LANGUAGES[outlet.lang]
    sec = lang.ui.sections[section][0]
    slug = _slug(title)
    path = (
        f"/{sec}/{when:%Y/%m/%d}/{slug}-{article_id}",
        f"/{sec}/{slug}-{article_id}.html",
        f"/article/{article_id}/{slug}",
        f"/{when:%Y%m%d}/{sec}/{slug},{article_id}.html",
        f"/news/{sec}/{slug}-n{article_id}",
    )[outlet.url_style]
    return f"https://{outlet.host}{path}"


# ---------------------------------------------------------------------------------------------
# WARC


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _http_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def _sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _warc_header(fields: list[tuple[str, str]], length: int) -> bytes:
    lines = ["WARC/1.1", *(f"{k}: {v}" for k, v in fields), f"Content-Length: {length}", "", ""]
    return "\r\n".join(lines).encode("utf-8")


def response_record(
    url: str,
    crawled: datetime,
    record_id: uuid.UUID,
    info_id: uuid.UUID,
    payload: bytes,
    server: str,
) -> bytes:
    """One WARC response record (uncompressed): HTTP/1.1 200 with an HTML payload."""
    http = (
        "HTTP/1.1 200 OK\r\n"
        f"Date: {_http_date(crawled)}\r\n"
        f"Server: {server}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(payload)}\r\n"
        "Cache-Control: max-age=60\r\n"
        "\r\n"
    ).encode("ascii")
    block = http + payload
    head = _warc_header(
        [
            ("WARC-Type", "response"),
            ("WARC-Record-ID", f"<urn:uuid:{record_id}>"),
            ("WARC-Warcinfo-ID", f"<urn:uuid:{info_id}>"),
            ("WARC-Date", _iso(crawled)),
            ("WARC-Target-URI", url),
            ("WARC-Block-Digest", _sha1(block)),
            ("WARC-Payload-Digest", _sha1(payload)),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        len(block),
    )
    return head + block + b"\r\n\r\n"


def warcinfo_record(filename: str, when: datetime, record_id: uuid.UUID, seed: int) -> bytes:
    """The part's opening record: what made it."""
    body = (
        "software: alaune benchmarks.synth_archive\r\n"
        "format: WARC File Format 1.1\r\n"
        f"description: synthetic news pages, seed {seed}\r\n"
        "isPartOf: alaune-synth\r\n"
    ).encode()
    head = _warc_header(
        [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", f"<urn:uuid:{record_id}>"),
            ("WARC-Date", _iso(when)),
            ("WARC-Filename", filename),
            ("WARC-Block-Digest", _sha1(body)),
            ("Content-Type", "application/warc-fields"),
        ],
        len(body),
    )
    return head + body + b"\r\n\r\n"


def gzip_member(data: bytes) -> bytes:
    """``data`` as one gzip member; zlib writes no time stamp, so the bytes are reproducible."""
    return zlib.compress(data, GZIP_LEVEL, wbits=31)


# ---------------------------------------------------------------------------------------------
# The generator


@dataclass(slots=True)
class Page:
    """One generated page: its WARC payload and its line of truth."""

    url: str
    payload: bytes
    crawled: datetime
    server: str
    truth: dict[str, object]


@dataclass(slots=True)
class Summary:
    """What a run made."""

    pages: int
    stories: int
    copies: int
    recrawls: int
    index_pages: int
    broken: int
    languages: dict[str, int]
    story_sizes: dict[str, int]  # "1", "2-9", "10-29", "30+" -> number of stories
    largest_story: int
    bytes: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        """Generation speed."""
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def table(self) -> str:
        """The run as a Markdown table."""
        langs = ", ".join(f"{k} {v / self.pages:.0%}" for k, v in sorted(self.languages.items()))
        sizes = ", ".join(f"{k}: {v}" for k, v in self.story_sizes.items())
        rows = [
            ("pages", f"{self.pages:,}"),
            ("stories", f"{self.stories:,} (sizes {sizes}; largest {self.largest_story})"),
            ("copies", f"{self.copies:,} ({self.copies / self.pages:.1%})"),
            ("re-crawls", f"{self.recrawls:,}"),
            ("index pages / broken", f"{self.index_pages:,} / {self.broken:,}"),
            ("languages", langs),
            ("archive size", f"{self.bytes / 1e6:.1f} MB ({self.bytes / self.pages:,.0f} B/page)"),
            ("time", f"{self.seconds:.1f} s ({self.pages_per_second:,.0f} pages/s)"),
        ]
        return "\n".join(["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def _size_bucket(size: int) -> str:
    if size == 1:
        return "1"
    if size < 10:
        return "2-9"
    return "10-29" if size < 30 else "30+"


class Generator:
    """The simulated news stream: yields pages in archive order.

    Stories wait in a pool of tickets (one per page still to come); each article page draws a
    ticket, so the reports of a story interleave with other stories' over a stretch of the
    archive instead of coming in a block. The pool is refilled with new stories as it drains,
    and new stories' events follow the archive's progress through ``days``. Memory: the pool,
    each pooled story's last few originals (for copies), a few links per outlet and a few
    recent pages (for re-crawls): all bounded, whatever ``pages`` is.
    """

    def __init__(self, pages: int, *, seed: int, days: float, start: datetime) -> None:
        if pages < 1:
            raise ValueError("pages must be at least 1")
        if days <= 0:
            raise ValueError("days must be positive")
        self.pages = pages
        self.seed = seed
        self.rng = random.Random(seed)
        self.start = start
        self.span = timedelta(days=days)
        self.cap = min(MAX_STORY, max(10, pages // 10))
        weights = [s**-STORY_EXPONENT for s in range(1, self.cap + 1)]
        self.size_cum = tuple(itertools.accumulate(weights))
        mean = sum(s * w for s, w in zip(range(1, self.cap + 1), weights, strict=True))
        mean /= self.size_cum[-1]
        # Only a story's second and later reports can be copies; scale the chance to make
        # COPY_SHARE of all pages.
        articles = 1 - INDEX_SHARE - BROKEN_SHARE - RECRAWL_SHARE
        self.copy_p = min(0.9, COPY_SHARE / (articles * (1 - 1 / mean)))
        self.pool_target = min(3000, max(40, pages // 25))
        self.tickets: list[Story] = []
        self.next_story = 0
        self.next_article = 3_000_000
        self.links: dict[int, deque[Link]] = {o.index: deque(maxlen=24) for o in OUTLETS}
        self.recent: deque[Page] = deque(maxlen=64)
        self.retired_sizes: dict[str, int] = {"1": 0, "2-9": 0, "10-29": 0, "30+": 0}
        self.largest = 0
        self.counts = {"copy": 0, "recrawl": 0, "index": 0, "broken": 0}
        self.languages: dict[str, int] = {}
        self._seed_links()

    # -- helpers -------------------------------------------------------------------------

    def _clock(self, i: int) -> datetime:
        return self.start + self.span * (i / self.pages)

    def _article_id(self) -> int:
        self.next_article += 1
        return self.next_article

    def _lang(self) -> str:
        return _LANG_CODES[_pick_weighted(_LANG_CUM, self.rng)]

    def _outlet(self, lang: str, avoid: int | None = None) -> Outlet:
        outlets = _BY_LANG[lang]
        for _ in range(8):
            o = outlets[_pick_weighted(_OUTLET_CUM[lang], self.rng)]
            if o.index != avoid:
                return o
        return next(o for o in outlets if o.index != avoid)

    def _phantom(self, when: datetime) -> Story:
        return new_story(self.rng, None, when, 1, self._lang())

    def _seed_links(self) -> None:
        # Sites link to older articles that the crawl never saw: give each some to start with.
        for outlet in OUTLETS:
            lang = LANGUAGES[outlet.lang]
            for _ in range(10):
                when = self.start - timedelta(hours=self.rng.uniform(6, 96))
                story = self._phantom(when)
                slots = story.slots(lang)
                g = GRAMMARS[lang.code, story.topic.name]
                title = _sentence(self.rng.choice(g.titles), slots, self.rng)
                lead = _sentence(self.rng.choice(g.leads), slots, self.rng)
                aid = self.rng.randrange(1_000_000, 2_999_999)
                url = article_url(outlet, story.topic.section, title, aid, when)
                self.links[outlet.index].append(Link(url, title, lead))

    def _page_links(self, outlet: Outlet) -> list[Link]:
        pool = list(self.links[outlet.index])
        self.rng.shuffle(pool)
        return pool[:10]

    def _story_size(self) -> int:
        return min(
            bisect.bisect(self.size_cum, self.rng.random() * self.size_cum[-1]) + 1, self.cap
        )

    def _refill(self, i: int) -> None:
        while len(self.tickets) < self.pool_target:
            size = self._story_size()
            story = new_story(self.rng, self.next_story, self.start, size, self._lang())
            self.next_story += 1
            # Events follow the archive's progress through the span, early enough for the
            # story's reports to end inside it (a short run also shortens long windows). The
            # story's slots, which name the event's weekday, are only made at its first report.
            story.window = min(story.window, self.span / 2)
            progress = min(1.0, i / self.pages + self.rng.uniform(0, 0.01))
            story.event = self.start + (self.span - story.window) * progress
            self.tickets.extend([story] * size)

    def _draw(self) -> Story:
        k = self.rng.randrange(len(self.tickets))
        story = self.tickets[k]
        self.tickets[k] = self.tickets[-1]
        self.tickets.pop()
        return story

    def _retire(self, story: Story) -> None:
        self.retired_sizes[_size_bucket(story.emitted)] += 1
        self.largest = max(self.largest, story.emitted)
        story.originals.clear()

    # -- pages ---------------------------------------------------------------------------

    def _article(self, outlet: Outlet, story: Story, text: Text, published: datetime) -> Page:
        published = published.replace(microsecond=0)
        aid = self._article_id()
        url = article_url(outlet, story.topic.section, text.title, aid, published)
        authors: list[str] = []
        credit: str | None = None
        roll = self.rng.random()
        if roll < 0.12:
            credit = self.rng.choice(_AGENCIES)
        else:
            authors.append(self.rng.choice(outlet.staff))
            if roll > 0.9:
                authors.append(self.rng.choice(outlet.staff))
        facts = PageFacts(
            url=url,
            article_id=aid,
            section=story.topic.section,
            published=published,
            authors=authors,
            credit=credit,
            figure=self.rng.random() < outlet.figure,
            jsonld=self.rng.random() < outlet.jsonld,
            links=self._page_links(outlet),
        )
        payload = article_page(outlet, text, facts).encode("utf-8")
        self.links[outlet.index].appendleft(Link(url, text.title, text.lead))
        crawled = published + timedelta(minutes=self.rng.uniform(3, 240))
        truth: dict[str, object] = {
            "url": url,
            "story": story.id,
            "original": None,
            "lang": text.lang,
            "published": _iso(published),
            "kind": "article",
            "topic": story.topic.name,
        }
        return Page(url, payload, crawled, outlet.server, truth)

    def _original(self, story: Story) -> Page:
        lang = story.home_lang if self.rng.random() < HOME_LANGUAGE else self._lang()
        outlet = self._outlet(lang)
        text = write_text(story, LANGUAGES[lang], self.rng, outlet.subhead)
        # most reports come early, a few trail to the end of the story's window
        published = story.event + story.window * (self.rng.random() ** 1.5)
        published += timedelta(minutes=self.rng.uniform(5, 30))
        published = published.replace(microsecond=0)
        page = self._article(outlet, story, text, published)
        original = _Original(page.url, outlet.index, published, text)
        if len(story.originals) < 8:
            story.originals.append(original)
        else:
            story.originals[self.rng.randrange(8)] = original
        return page

    def _copy(self, story: Story) -> Page:
        source = self.rng.choice(story.originals)
        outlet = self._outlet(source.text.lang, avoid=source.outlet)
        text = reprint(source.text, story, self.rng)
        published = source.published + timedelta(minutes=self.rng.uniform(10, 600))
        page = self._article(outlet, story, text, published)
        page.truth["original"] = source.url
        page.truth["kind"] = "copy"
        self.counts["copy"] += 1
        return page

    def _story_page(self, i: int) -> Page:
        self._refill(i)
        story = self._draw()
        if story.originals and self.rng.random() < self.copy_p:
            page = self._copy(story)
        else:
            page = self._original(story)
        story.emitted += 1
        if story.emitted == story.size:
            self._retire(story)
        self.recent.append(page)
        return page

    def _recrawl(self, i: int) -> Page:
        old = self.rng.choice(self.recent)
        crawled = max(old.crawled, self._clock(i)) + timedelta(hours=self.rng.uniform(6, 36))
        truth = dict(old.truth, original=old.url, kind="recrawl")
        self.counts["recrawl"] += 1
        return Page(old.url, old.payload, crawled, old.server, truth)

    def _index(self, i: int) -> Page:
        now = self._clock(i)
        outlet = self._outlet(self._lang())
        section = self.rng.choice(outlet.nav)
        sec_slug = LANGUAGES[outlet.lang].ui.sections[section][0]
        url = f"https://{outlet.host}/{sec_slug}/page-{i}/"
        links = list(self.links[outlet.index])
        payload = index_page(outlet, section, url, links, now.year).encode("utf-8")
        self.counts["index"] += 1
        truth: dict[str, object] = {
            "url": url,
            "story": None,
            "original": None,
            "lang": outlet.lang,
            "published": None,
            "kind": "index",
            "topic": None,
        }
        return Page(url, payload, now, outlet.server, truth)

    def _broken(self, i: int) -> Page:
        now = self._clock(i)
        outlet = self._outlet(self._lang())
        lang = LANGUAGES[outlet.lang]
        story = self._phantom(now)
        text = write_text(story, lang, self.rng, 0.0)
        aid = self._article_id()
        url = article_url(outlet, story.topic.section, text.title, aid, now)
        if self.rng.random() < 0.5:
            payload = b""  # the server answered 200 and sent nothing
        else:
            facts = PageFacts(url, aid, story.topic.section, now, [], None, False, False, [])
            page = article_page(outlet, text, facts)
            # cut off before the article: nothing of the story is on the page
            cut = int(page.index("<article") * self.rng.uniform(0.3, 0.95))
            payload = page[:cut].encode("utf-8")
        self.counts["broken"] += 1
        truth: dict[str, object] = {
            "url": url,
            "story": None,
            "original": None,
            "lang": outlet.lang,
            "published": None,
            "kind": "broken",
            "topic": None,
        }
        return Page(url, payload, now, outlet.server, truth)

    def __iter__(self) -> Iterator[Page]:
        recrawl_at = INDEX_SHARE + BROKEN_SHARE + RECRAWL_SHARE
        for i in range(self.pages):
            roll = self.rng.random()
            if roll < INDEX_SHARE:
                page = self._index(i)
            elif roll < INDEX_SHARE + BROKEN_SHARE:
                page = self._broken(i)
            elif roll < recrawl_at and self.recent:
                page = self._recrawl(i)
            else:
                page = self._story_page(i)
            lang = str(page.truth["lang"])
            self.languages[lang] = self.languages.get(lang, 0) + 1
            yield page

    def summary(self, nbytes: int, seconds: float) -> Summary:
        """Counts of what was generated (call after the iteration)."""
        sizes = dict(self.retired_sizes)
        largest = self.largest
        for story in {id(s): s for s in self.tickets}.values():  # cut short by the end
            if story.emitted:
                sizes[_size_bucket(story.emitted)] += 1
                largest = max(largest, story.emitted)
        return Summary(
            pages=self.pages,
            stories=sum(sizes.values()),
            copies=self.counts["copy"],
            recrawls=self.counts["recrawl"],
            index_pages=self.counts["index"],
            broken=self.counts["broken"],
            languages=dict(sorted(self.languages.items())),
            story_sizes=sizes,
            largest_story=largest,
            bytes=nbytes,
            seconds=seconds,
        )


class ArchiveWriter:
    """Writes pages to ``parts`` WARC files in turn (page i goes to part i * parts // pages)."""

    def __init__(self, out: Path, parts: int, pages: int, seed: int, start: datetime) -> None:
        self.out = out
        self.parts = max(1, min(parts, pages))
        self.pages = pages
        self.seed = seed
        self.start = start
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://alaune.example/synth/{seed}")
        self.part = -1
        self.stream: BinaryIO | None = None
        self.info_id = self.namespace
        self.bytes = 0
        self.written = 0

    def _open(self, part: int) -> None:
        self.close()
        self.part = part
        name = f"part-{part:05d}.warc.gz"
        self.stream = (self.out / name).open("wb")
        self.info_id = uuid.uuid5(self.namespace, f"warcinfo/{part}")
        self._put(warcinfo_record(name, self.start, self.info_id, self.seed))

    def _put(self, record: bytes) -> None:
        assert self.stream is not None
        data = gzip_member(record)
        self.stream.write(data)
        self.bytes += len(data)

    def write(self, page: Page) -> None:
        """Append one page's response record to the part it belongs to."""
        part = self.written * self.parts // self.pages
        if part != self.part:
            self._open(part)
        record_id = uuid.uuid5(self.namespace, f"page/{self.written}")
        self._put(
            response_record(
                page.url, page.crawled, record_id, self.info_id, page.payload, page.server
            )
        )
        self.written += 1

    def close(self) -> None:
        """Close the part being written."""
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _truth_line(page: Page, out: TextIO) -> None:
    out.write(json.dumps(page.truth, ensure_ascii=False))
    out.write("\n")


def generate(
    pages: int,
    out: Path,
    *,
    parts: int = 8,
    seed: int = 7,
    days: float = 3,
    start: datetime = DEFAULT_START,
) -> Summary:
    """Write ``pages`` pages as WARC parts and their truth under ``out`` (created if need be)."""
    began = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(pages, seed=seed, days=days, start=start)
    with (
        ArchiveWriter(out, parts, pages, seed, start) as writer,
        (out / "truth.jsonl").open("w", encoding="utf-8", newline="\n") as truth,
    ):
        for page in gen:
            writer.write(page)
            _truth_line(page, truth)
    return gen.summary(writer.bytes, time.perf_counter() - began)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=10_000, help="pages to write (default 10k)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the WARC parts")
    parser.add_argument("--parts", type=int, default=8, help="WARC files (default 8)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--days", type=float, default=3, help="days the news spans (default 3)")
    args = parser.parse_args(argv)
    summary = generate(args.pages, args.out, parts=args.parts, seed=args.seed, days=args.days)
    print(f"Synthetic archive in {args.out} (seed {args.seed}, {args.days:g} days)\n")
    print(summary.table())


if __name__ == "__main__":
    main()
