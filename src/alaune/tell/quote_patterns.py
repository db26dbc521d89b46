"""The verbs of saying and the attribution patterns of quotes and reported speech, French and
English: « … », a déclaré X; “…,” X said; X a déclaré : « … »; according to X; selon X.

Pure regular expressions, compiled once at import; `alaune.tell.quotes` applies them and
`alaune.tell.speakers` reads the speaker they point at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from alaune.tell.speakers import FR_DAYS, wordset

# --- Verbs and patterns ------------------------------------------------------------------------

# (past participle, present 3rd person singular) of the French verbs of saying
_FR_VERBS = (
    ("déclaré", "déclare"), ("affirmé", "affirme"), ("indiqué", "indique"),
    ("expliqué", "explique"), ("estimé", "estime"), ("assuré", "assure"),
    ("dénoncé", "dénonce"), ("ajouté", "ajoute"), ("souligné", "souligne"),
    ("réagi", "réagit"), ("martelé", "martèle"), ("lancé", "lance"), ("prévenu", "prévient"),
    ("écrit", "écrit"), ("tweeté", "tweete"), ("dit", "dit"), ("confié", "confie"),
    ("raconté", "raconte"), ("précisé", "précise"), ("insisté", "insiste"),
    ("averti", "avertit"), ("poursuivi", "poursuit"), ("commenté", "commente"),
    ("répondu", "répond"), ("rappelé", "rappelle"), ("résumé", "résume"),
    ("regretté", "regrette"), ("reconnu", "reconnaît"), ("jugé", "juge"),
    ("annoncé", "annonce"), ("promis", "promet"), ("demandé", "demande"),
    ("observé", "observe"), ("relevé", "relève"), ("tranché", "tranche"),
    ("plaidé", "plaide"), ("témoigné", "témoigne"), ("admis", "admet"), ("conclu", "conclut"),
    ("confirmé", "confirme"), ("répété", "répète"), ("fustigé", "fustige"),
    ("déploré", "déplore"), ("glissé", "glisse"), ("lâché", "lâche"), ("ironisé", "ironise"),
    ("renchéri", "renchérit"), ("détaillé", "détaille"), ("rapporté", "rapporte"),
    ("nuancé", "nuance"), ("critiqué", "critique"), ("salué", "salue"),
)  # fmt: skip
_FR_REFLEXIVE = wordset(
    "félicité indigné interrogé exclamé défendu insurgé inquiété réjoui agacé emporté alarmé "
    "étonné ému"
)
_EN_VERBS = wordset(
    "said says added adds wrote writes stated states explained explains noted notes warned "
    "warns insisted insists argued argues asked asks replied replies responded continued "
    "declared announced posted tweeted commented remarked recalled acknowledged admitted "
    "claimed stressed urged concluded conceded countered cautioned predicted vowed promised "
    "told tells"
)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that 'déclare' does not stop 'déclarent'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_CAPWORD = r"[A-Z](?:[\w&'’-]|\.(?=\w))*"  # Reuters, U.S, BBC; not the period after
_PART = _alternation([p for p, _ in _FR_VERBS])
_PRES = _alternation(
    [s for _, s in _FR_VERBS] + [s + "nt" for _, s in _FR_VERBS if s.endswith("e")]
)
_REFL = rf"(?:{_alternation(_FR_REFLEXIVE)})(?:es|e|s)?"
_FR_ADV = r"(?:encore|aussi|également|ensuite|enfin|alors|déjà|notamment|d['’]ailleurs|même)"
_FR_PRONOUN = r"(?:il|elle|on|ils|elles)"
# "à l'AFP", "sur X", "dans un communiqué", "mardi soir": between the verb and the speaker
_FR_COMP = (
    rf"\s+(?:à|au|aux|sur)\s+(?:l['’]|la\s+|le\s+|les\s+)?{_CAPWORD}"
    r"|\s+dans\s+(?:un|une|le|la|son|sa|leur)\s+(?:communiqué|entretien|interview|message|tweet"
    r"|vidéo|lettre|courrier|discours|post|billet|tribune)"
    rf"|\s+(?:{FR_DAYS.replace(' ', '|')}|hier|aujourd['’]hui)"
    r"(?:\s+(?:matin|soir|après-midi))?|\s+ce\s+(?:matin|soir|week-end)"
)
_FR_VERB = (
    rf"(?:(?:a|ont|avait|avaient)\s+(?:{_FR_ADV}\s+)?(?P<part>{_PART})"
    rf"|(?:s['’]est|se\s+sont)\s+(?:{_FR_ADV}\s+)?{_REFL}|(?:{_PRES}))(?![\w-])"
    rf"(?:{_FR_COMP}){{0,2}}"
)
# "a-t-il déclaré", "estime-t-elle", "dit-il", "s'est-il félicité": the speaker is a pronoun
_FR_VERB_INVERTED = (
    rf"(?:(?:a-t|ont|avait|avaient)-{_FR_PRONOUN}(?:\s+{_FR_ADV})?\s+(?:{_PART})"
    rf"|s['’]est-{_FR_PRONOUN}(?:\s+{_FR_ADV})?\s+{_REFL}"
    rf"|(?:{_PRES})(?:-t)?-{_FR_PRONOUN})(?![\w-])(?:{_FR_COMP}){{0,2}}"
)

_EN_ADV = r"(?:also|later|then|previously|earlier|again|recently|once|repeatedly|reportedly)"
_EN_OBJECT = (
    r"(?:reporters|journalists|lawmakers|supporters|the\s+press"
    rf"|(?:the\s+)?{_CAPWORD}(?:\s+{_CAPWORD}){{0,3}})"
)
# "in a statement", "on X (formerly Twitter)", "on social media"
_EN_COMP = (
    r"(?:\s+(?:in|on|during)\s+(?:a|an|the)\s+(?:statement|interview|post|video|speech|letter"
    r"|email|message|press\s+conference|news\s+conference|briefing|televised\s+address)"
    rf"|\s+on\s+(?:social\s+media|{_CAPWORD}(?:\s+{_CAPWORD})?)"
    rf"(?:\s*\((?:formerly\s+)?{_CAPWORD}\))?)?"
)
_EN_VERB = (
    rf"(?:(?:told|tells)(?:\s+{_EN_OBJECT})?|(?:{_alternation(_EN_VERBS)}))(?![\w-]){_EN_COMP}"
)

_LEAD = r"\s*,?\s*"  # between a closing mark and what follows: "», a déclaré", '," he said'
_NOT_IN_WORD = r"(?<![\w'’-])"
_SPEAKER_CLAUSE = r"[^,;:!?\"“”«»„\n]{1,80}?"

FR_AFTER_INVERTED = re.compile(rf"{_LEAD}(?P<a>{_FR_VERB_INVERTED})")
FR_AFTER_VERB = re.compile(rf"{_LEAD}(?P<a>{_FR_VERB}|(?P<kw>selon|d['’]après))\s+")
FR_BEFORE_SELON = re.compile(
    rf"{_NOT_IN_WORD}(?P<a>(?P<kw>[Ss]elon|[Dd]['’]après|[Pp]our)\s+(?P<sp>{_SPEAKER_CLAUSE}))"
    r"\s*,\s*$"
)
FR_BEFORE_VERB = re.compile(rf"{_NOT_IN_WORD}(?P<v>{_FR_VERB})(?:\s*[,:]|\s+que|\s+qu['’])?\s*$")
EN_AFTER_ACCORDING = re.compile(rf"{_LEAD}(?P<a>according\s+to)\s+")
EN_AFTER_SAID_WHO = re.compile(
    rf"{_LEAD}(?P<a>(?:said|says|added|adds|wrote|writes|asked|asks|continued|explained"
    r"|insisted|recalled|noted|warned|replied|declared))\s+"
)
EN_AFTER_WHO_SAID = re.compile(
    rf"{_LEAD}(?P<seg>[^\s,;:!?\"“”«»„][^,;:!?\"“”«»„\n]{{0,80}}?)"
    r"(?:,\s*(?P<app>[^,;:!?\"“”«»„\n]{1,80}?),)?"
    rf"\s+(?:{_EN_ADV}\s+)?(?P<v>{_EN_VERB})"
)
EN_BEFORE_ACCORDING = re.compile(
    rf"{_NOT_IN_WORD}(?P<a>(?P<kw>[Aa]ccording\s+to)\s+(?P<sp>{_SPEAKER_CLAUSE}))\s*,\s*$"
)
EN_BEFORE_VERB = re.compile(rf"{_NOT_IN_WORD}(?P<v>{_EN_VERB})(?:\s*[,:]|\s+that)?\s*$")


# '"Why now?" Jane Doe asked.': the question mark does not end that sentence
ATTRIBUTION_AHEAD = re.compile(
    rf"(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{_alternation(_EN_VERBS)})(?![\w-])"
)


# --- Reported speech ---------------------------------------------------------------------------

REPORTED_KEYWORD = {
    "fr": re.compile(rf"{_NOT_IN_WORD}(?:[Ss]elon|[Dd]['’]après)\s+"),
    "en": re.compile(rf"{_NOT_IN_WORD}[Aa]ccording\s+to\s+"),
}
# ", a indiqué le ministère." : the speaker must end the clause
REPORTED_FR_INVERTED = re.compile(rf",\s*(?P<a>{_FR_VERB})\s+")
REPORTED_FR_THAT = re.compile(rf"{_NOT_IN_WORD}(?P<v>{_FR_VERB})\s+qu(?:e|['’])")
REPORTED_EN = re.compile(
    rf"{_NOT_IN_WORD}(?P<v>(?:said|says|told\s+{_EN_OBJECT}|tells\s+{_EN_OBJECT}|announced"
    rf"|stated|confirmed)(?![\w-]){_EN_COMP})"
)
CLAUSE_END = re.compile(r"\s*(?:[.;,!?…]|$)")
