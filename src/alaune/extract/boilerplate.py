"""Site furniture recognised by its wording, in several languages.

Each rule names a kind, so that what is taken out of the body lands in its own field (teasers,
credits, paywall prompts) instead of being dropped silently. Rules match whole short lines (or a
line's start), never words inside running text: a sentence that merely mentions a newsletter stays.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    """What a line of furniture is."""

    TEASER = "teaser"  # "Lire aussi | ...", "Read more: ...", links to other articles
    PAYWALL = "paywall"  # "Article réservé à nos abonnés", "Pour lire la suite..."
    CREDIT = "credit"  # photo credits and copyright lines
    SHARE = "share"  # share / reuse / follow / newsletter / comments prompts
    DATELINE = "dateline"  # a lone date or time, "Last modified: ..."
    BYLINE = "byline"  # "Von Nina Magoley": the authors, already a field of their own
    MEDIA = "media"  # a video or audio player's label ("02:57 Min. Verfügbar bis ...")
    CONSENT = "consent"  # cookie, embed-consent and account-sharing dialogs
    SCRIPT = "script"  # configuration that leaked into the page text ("isPaid:", "false")


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"^\W*(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


_TEASER = _rx(
    # fr
    r"(?:à|a) lire (?:aussi|également|egalement|ensuite)",
    r"lire (?:aussi|également|la suite)",
    r"voir aussi",
    r"sur le même sujet",
    r"découvrez (?:aussi|également)",
    r"retrouvez",
    r"(?:nos )?articles? (?:liés|similaires)",
    r"(?:notre )?dossier ?:",
    r"vid[ée]o ?[:|]",
    # en
    r"read (?:more|also|next|the full)",
    r"also read",
    r"see also",
    r"related(?: articles?| stories| content| coverage)? ?[:|]",
    r"more ?:",
    r"more from",
    r"more on this",
    r"recommended(?: for you| reading)?\s*(?:[:|]|$)",
    r"you (?:may|might) (?:also )?(?:like|be interested)",
    r"(?:top|latest) stories",
    r"watch ?:",
    r"click here",
    r"trending ?:",
    # de
    r"lesen sie (?:auch|mehr|hier|weiter)",
    r"(?:das )?könnte sie (?:auch )?interessieren",
    r"auch interessant",
    r"mehr zum thema",
    r"weitere (?:themen|artikel|nachrichten|informationen)",
    r"empfohlene (?:beiträge|artikel)",
    r"zum thema ?:",
    r"hier geht es zu",
    r"weiterlesen",
    r"das thema könnte dich",
    r"vorschau auf den nächsten artikel",
    r"mehr (?:dazu|news|lesen)",
    # es / it / pt / pl / nl
    r"lee (?:también|tambien|más)",
    r"leer (?:también|más)",
    r"te puede interesar",
    r"(?:noticias|artículos) relacionad",
    r"más información ?:",
    r"leggi (?:anche|pure)",
    r"potrebbe interessarti",
    r"leia (?:também|mais)",
    r"veja (?:também|mais)",
    r"czytaj (?:też|także|więcej|również)",
    r"zobacz (?:też|także|również)",
    r"polecamy ?:",
    r"lees (?:ook|meer)",
    # nordic / cs / tr
    r"les (?:også|mer)",
    r"läs (?:också|mer)",
    r"læs (?:også|mere)",
    r"lue (?:myös|lisää)",
    r"関連記事",
    r"関連キーワード\s*$",
    r"おすすめ(?:情報|記事)?\s*$",
    r"あわせて読みたい",
    r"관련\s?기사",
    r"相关(?:新闻|阅读|文章)",
    r"延伸閱讀",
    r"čtěte (?:také|též)",
    r"přečtěte si (?:také|též)",
    r"ayrıca (?:okuyun|bakınız)",
    r"ilgili haberler",
)
_PAYWALL = _rx(
    r"(?:cet )?article (?:est )?réservé (?:à nos|aux) abonnés",
    r"réservé aux abonnés",
    r"pour lire la suite",
    r"この記事は(?:有料)?会員限定",
    r"有料会員になると",
    r"続きは(?:有料)?会員",
    r"会員登録",
    r".{0,20}に登録すると",
    r".{0,40}(?:有料記事|読み放題)",
    r"유료\s?회원",
    r"구독하시면",
    r"订阅(?:后|以)阅读",
    r"付费(?:会员|阅读)",
    r"il vous reste [\d.,]+ ?% de (?:cet |l['’])article",
    r"pour accéder en illimité",
    r"la suite est réservée",
    r"abonnez-vous",
    r"déjà abonné",
    r"subscribe (?:now|today|to(?! (?:our|the) (?:\w+ )?newsletter))",
    r"(?:already a|become a) subscriber",
    r"this (?:article|content) is (?:only )?(?:for|available to) (?:subscribers|members)",
    r"to continue reading",
    r"sign in to (?:read|continue)",
    r"unlock (?:this|full) (?:article|access)",
    r"jetzt (?:abonnieren|weiterlesen|testen)",
    r"(?:dieser artikel|dieser inhalt) ist (?:nur )?für abonnenten",
    r"exklusiv für abonnenten",
    r"(?:bereits|schon) abonnent",
    r"mit (?:einem|dem) abo",
    r"suscr[ií]bete",
    r"contenido (?:exclusivo )?para suscriptores",
    r"ya soy suscriptor",
    r"abbonati",
    r"riservato agli abbonati",
    r"assine ",
    r"ten tekst przeczytasz",
    r"czytasz (?:właśnie )?nowy",
)
_CREDIT = _rx(
    # the wire's or the newsroom's credit closing a text (the wire stage reads it from here)
    r"with (?:files|reporting) (?:from|by)",
    # syndication and desk credits: "Dieser Artikel ist zuerst bei Capital erschienen"
    r"(?:dieser (?:artikel|beitrag|text)|this (?:article|story)|cet article|este art[ií]culo) "
    r"(?:ist|was|a été|fue|erschien) (?:zuerst|originally|initialement|first|publicado)",
    r"(?:redaktion|übersetzung|schlussredaktion|translation|traduction|edited by|editing by"
    r"|reporting by|additional reporting by)\s*:",
    r".{0,80}\bcontributed to this report\.?\s*$",
    r"mit (?:agentur)?material (?:von|der|aus)",
    r"mit agenturmaterial",
    r"avec (?:l'|l’)?(?:afp|reuters|ap)\s*$",
    r"\(\w{2,6}(?:/\w{2,6}){0,2}\)\s*$",
    r"[a-z]{2,5}/[a-z]{2,5}\s*$",
    r"crédits? ?(?:photos?)? ?:",
    r"credits? ?:",
    r"photo(?:graph)?s? ?(?:credit)? ?:",
    r"fotos? ?:",
    r"bild(?:er)? ?:",
    r"titelbild",
    r"beitragsbild",
    r"image ?:",
    r"illustration ?:",
    r"image illustrative",
    r"©",
    r"\(c\) ",
    r"copyright\b",
    r"\(photo by ",
    r"photo by ",
    r"tous droits réservés",
    r"all rights reserved",
    r"alle rechte vorbehalten",
    r"vervielfältigung nur mit",
    r"materiał chroniony prawem",
    r"reproduction interdite",
    r"todos los derechos reservados",
    r"quelle ?: ?\S+(?: \S+)?\s*$",
    r"source ?: ?\S+(?: \S+)?\s*$",
    r"fuente ?: ?\S+(?: \S+)?\s*$",
)
# "Von Nina Magoley", "By Jane Doe and John Roe", "Par Marie Dupont": the byline, already a field.
_BYLINE = re.compile(
    # The lead word in any case, the names capitalised: "Von der Leyen sagte..." is no byline.
    r"^(?i:von|by|par|por|di|de|door|av|af|przez|autor(?:in)?:?|text:?)\s+"
    r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+\s*){1,4}"
    r"(?:(?:,|and|und|et|y|e|og|och|i)\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+\s*){1,4})*$"
)
# "02:57 Min.. Verfügbar bis 06.05.2024.", "Video 3:18 min": a media player's caption line.
_MEDIA = re.compile(
    r"\b\d{1,2}:\d{2}\s*(?:min|minutes|minuten)\b|^(?:video|audio|podcast)?\s*verfügbar bis",
    re.IGNORECASE,
)
_SHARE = _rx(
    r"réutiliser ce contenu",
    # the label an embedded player or post leaves behind, and skip links
    r"(?:link zum )?(?:youtube|twitter|instagram|tiktok|x)-inhalt\s*$",
    r"empfohlener (?:redaktioneller )?inhalt\s*$",
    r"(?:embed|recommended videos?|related videos?)\s*$",
    r"(?:zum |zur )?hauptinhalt\s*$",
    r"(?:skip|jump) to (?:main )?content",
    r"aller au contenu",
    r"分享(?:到|让更多人看到)",
    r"(?:关注|评论|点赞|收藏)\s*$",
    # ad labels, feedback and rating prompts, affiliate disclaimers, broadcast slots
    r"(?:advertisement|anzeige|werbung|publicité|publicidad|pubblicità|reklama|annonse)\s*$",
    r"article content\s*$",
    r"story continues below",
    r"fehler gefunden\s*\?",
    r"wie hat ihnen dieser artikel gefallen",
    r"durchschnittliche bewertung",
    r"was this article helpful",
    r"(?:get|receive) (?:the latest|daily|our) .{0,40}(?:news|newsletter|emails?)\b",
    r"sign up for (?:our|the) (?:\w+ )?(?:emails?|newsletters?|alerts)",
    r"we independently select",
    r"(?:reviews and )?recommendations are unbiased",
    r".{0,80}\bmay earn (?:an? )?(?:affiliate )?commission",
    r"dieses thema im programm ?:",
    r"sendung ?:",
    r"(?:ihre meinung ist uns wichtig|senden sie uns ihr feedback)",
    r"quitter la version mobile",
    r"partager(?: sur| cet article| l'article)?\s*$",
    r"(?:share|teilen|compartir|condividi|udostępnij)"
    r"(?:\s*$|\s+(?:this|on|via|mit|sie dies|en|su)\b.{0,30}$)",
    r"click to share",
    r"follow (?:us|[\w.]+ on)",
    r"suivez[- ]nous",
    r"folgen sie uns",
    r"sígue(?:nos)?",
    r"(?:sign up|subscribe) (?:for|to) (?:our|the) (?:\w+ )?newsletter",
    r"inscrivez-vous à (?:notre|la) newsletter",
    r"newsletter ?[:|]",
    r"never miss",
    r"got a story\?",
    r"for more stories like this",
    r"(?:view|show|load|read) (?:all )?comments",
    r"\d+ (?:comments?|kommentare?|commentaires?)\s*$",
    r"(?:keine|kein) kommentar",
    r"kommentare insgesamt",
    r"leave a (?:comment|reply)",
    r"laisser un commentaire",
    r"(?:zu|zum) den kommentaren",
    r"sie sind (?:aktuell )?nicht eingeloggt",
    r"externer inhalt nicht verfügbar",
    r"(?:deine|ihre) privatsphäre-einstellungen",
    r"zur anzeige aktiviere",
    r"wird geladen",
    r"(?:print|drucken|imprimer)\s*$",
    r"(?:e-?mail|whatsapp|facebook|twitter|x|linkedin)\s*$",
    r"bewerten ?:",
    r"artikel (?:teilen|merken|drucken)",
    r"zapraszamy (?:też )?do subskrypcji",
    r"puede escribirnos",
    r"if you enjoyed (?:reading )?this",
    r"we want to hear what you think",
    r"(?:this post|this article) (?:may )?contains? (?:affiliate )?(?:links|references)",
)
_DATELINE = re.compile(
    r"^\W*(?:(?:last )?(?:modified|updated|published)|letzte änderung|aktualisiert"
    r"|mis à jour|publié le|veröffentlicht|publicado|pubblicato|opublikowano|gepubliceerd"
    r"|actualizado|stand)\b.{0,40}$"
    # reading time: "Lesedauer: 4 Minuten", "3 Minuten Lesezeit", "5 min read"
    r"|^\W*(?:lesedauer|lesezeit|reading time|temps de lecture|tiempo de lectura)\b.{0,20}$"
    r"|^\W*\d+\s*(?:min(?:ute)?s?|minuten|mn)\.?\s*(?:read|lesezeit|lesedauer|de lecture"
    r"|de lectura|lettura)\s*$"
    r"|^\s*\d{4}年\d{1,2}月\d{1,2}日.{0,30}$"
    r"|^\s*(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*uhr)?|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|(?:\d{1,2}\.?\s+)?[A-Za-zéûä]{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?"
    r"|\d{1,2}\.?\s+[A-Za-zéûä]{3,9}\.?(?:\s+\d{4})?)\s*$",
    re.IGNORECASE,
)
# A photo credit as it stands under a picture: "STR/AFP via Getty Images", "Foto: dpa", "(Reuters)".
_AGENCY_CREDIT = re.compile(
    r"^[\w .,'’&/-]{0,60}(?:/|\bvia\s)[\w .'’&-]*"
    r"(?:getty images|afp|reuters|ap|dpa|epa|imago|picture alliance|shutterstock|istock"
    r"|abaca|sipa|ansa|efe|pap|ntb|tt|ritzau|anp|belga|keystone)\s*$",
    re.IGNORECASE,
)
# "Ground Game: Sign up for our weekly politics newsletter", "Got a story? Email: news@x.example"
_PROMPT_INSIDE = re.compile(
    r"(?:^|[:|–—]\s*)(?:sign up for|subscribe to|inscrivez-vous à|melden sie sich .{0,20}an)"
    r"\b.{0,60}\b(?:newsletter|infolettre)s?\b"
    r"|(?:story to tell|get in touch|contact us|tip\b|hinweis|écrivez-nous).{0,60}"
    r"\b[\w.+-]+@[\w-]+\.[\w.]+",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"^\W*(?:abonnez-vous|inscrivez-vous|subscribe|sign up|suscríbete|suscribirse|abonniere|"
    r"abonnieren sie|melden sie sich|iscriviti|abbonati)\b.{0,60}?"
    r"\b(?:newsletter|infolettre|boletín|nieuwsbrief)\b",
    re.IGNORECASE,
)
# Consent and account dialogs are long (two or three sentences of legal wording) but begin
# with wording no article uses.
_CONSENT = _rx(
    r"ich bin damit einverstanden, dass mir (?:der |die )?externe",
    r"an dieser stelle finden sie (?:einen|einen von unseren redakteuren ausgewählten|externe)",
    r"um (?:externe|diese) inhalte (?:anzuzeigen|zu laden)",
    r"(?:wir|diese website) (?:verwenden|nutzt) cookies",
    r"we use cookies",
    r"by clicking .{0,60}\b(?:accept|agree)",
    r"(?:this|the following) (?:content|embed) is (?:hosted|provided) by",
    r"nous utilisons des cookies",
    r"en cliquant sur .{0,60}\baccepte",
    r"soucieux de la protection de vos données",
    r"ce contenu est bloqué",
    r"utilizamos cookies",
    r"tu suscripción se está usando",
    r"si (?:continúas leyendo en este|quieres compartir tu cuenta|decides continuar compartiendo)",
    r"(?:en el caso de no saber|¿quieres añadir otro usuario)",
)
CONSENT_MAX_WORDS = 80
_SCRIPT = re.compile(r"^(?:true|false|null|undefined|[a-z]+(?:[A-Z][a-z0-9]*)+\s*:)$")
_RULES = (
    (Kind.TEASER, _TEASER),
    (Kind.PAYWALL, _PAYWALL),
    (Kind.CREDIT, _CREDIT),
    (Kind.SHARE, _SHARE),
)
MAX_FURNITURE_WORDS = 30
# How long a line that starts like furniture may be and still be furniture: a prompt is a
# sentence or two ("Pour lire la suite et accéder gratuitement à 3 articles par mois, créez
# votre compte"); a credit is a few words; a teaser carries a whole headline.
_MAX_WORDS = {Kind.TEASER: 30, Kind.PAYWALL: 25, Kind.SHARE: 25, Kind.CREDIT: 14}
_COPYRIGHT = re.compile(r"^\W*(?:copyright|©|\(c\)\s)", re.IGNORECASE)


def classify(line: str) -> Kind | None:
    """The kind of furniture ``line`` is, or None for article text."""
    words = line.split()
    if not words or len(words) > CONSENT_MAX_WORDS:
        return None
    if _CONSENT.match(line):
        return Kind.CONSENT
    if len(words) > MAX_FURNITURE_WORDS:
        return None
    if len(words) == 1 and _SCRIPT.match(line):
        return Kind.SCRIPT
    if len(words) <= _MAX_WORDS[Kind.SHARE] and _NEWSLETTER.match(line):
        return Kind.SHARE  # "Abonnez-vous à notre newsletter" sells nothing behind a wall
    if len(words) <= 25 and _PROMPT_INSIDE.search(line):
        return Kind.SHARE
    if len(words) <= 25 and _COPYRIGHT.match(line):
        return Kind.CREDIT
    for kind, pattern in _RULES:
        # A long line that merely starts like a prompt is a sentence of the article: only a
        # short line, or a teaser with its separator ("Lire aussi | Titre"), is furniture.
        if pattern.match(line) and len(words) <= _MAX_WORDS[kind]:
            return kind
    if len(words) <= 8 and (_AGENCY_CREDIT.match(line) or _DATELINE.match(line)):
        return Kind.CREDIT if _AGENCY_CREDIT.match(line) else Kind.DATELINE
    if len(words) <= 10 and _BYLINE.match(line):
        return Kind.BYLINE
    if len(words) <= 12 and _MEDIA.search(line):
        return Kind.MEDIA
    return None
