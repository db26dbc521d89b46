"""Build ``src/alaune/data/default_sources.opml``, the packaged default list of feeds.

Feeds come from Kagi's kite list, ownership from media_data.json. The outlets are curated (OUTLETS);
which of their feeds are kept is decided by rules (kite category, words of the feed URL), so a new
kite snapshot rebuilds the list without edits: ``.venv/bin/python tools/build_default_sources.py``.
"""

import argparse
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from alaune.ingest.urls import canonical_url

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "sources"
OUT = ROOT / "src" / "alaune" / "data" / "default_sources.opml"
MAX_PER_OUTLET = 3  # an outlet's main feeds; more would let one newsroom dominate a briefing
# "[language Country] outlet=hosts; ..." in document order. The first host (without www.) is the
# website; a host may carry a path prefix (a language service). "*" marks a news agency.
OUTLETS = """
[fr France] Le Monde=lemonde.fr; France 24=france24.com; AFP*=afp.com; RFI=rfi.fr;
franceinfo=francetvinfo.fr; Libération=liberation.fr; Le Figaro=lefigaro.fr; Mediapart=mediapart.fr;
20 Minutes=20minutes.fr; L'Obs=nouvelobs.com; Ouest-France=ouest-france.fr; La Croix=la-croix.com;
Le Point=lepoint.fr; Les Echos=lesechos.fr services.lesechos.fr; L'Express=lexpress.fr;
Le Parisien=leparisien.fr feeds.leparisien.fr; BFMTV=bfmtv.com;
France Inter=radiofrance.fr/franceinter; Marianne=marianne.net;
Courrier international=courrierinternational.com; Slate.fr=slate.fr;
Le Monde diplomatique=monde-diplomatique.fr; Jeune Afrique=jeuneafrique.com;
The Conversation France=theconversation.com/fr; [fr Switzerland] Le Temps=letemps.ch;
RTS Info=rts.ch; [fr Belgium] La Libre Belgique=lalibre.be; [fr Canada] La Presse=lapresse.ca;
[fr DR Congo] Radio Okapi=radiookapi.net; [en UK] BBC News=bbc.co.uk/news feeds.bbci.co.uk/news;
The Guardian=theguardian.com; [en United States] The New York Times=nytimes.com rss.nytimes.com;
NPR=npr.org feeds.npr.org; The Washington Post=washingtonpost.com feeds.washingtonpost.com;
[en Qatar] Al Jazeera English=aljazeera.com; [en Germany] DW=dw.com rss.dw.com/rdf/rss-en-;
Der Spiegel International=spiegel.de/international; [en Belgium] Politico Europe=politico.eu;
[en UK] Financial Times=ft.com; The Economist=economist.com; The Independent=independent.co.uk;
Sky News=news.sky.com feeds.skynews.com; [en Belgium] Euronews=euronews.com;
[en Ireland] RTÉ News=rte.ie; [en India] The Hindu=thehindu.com; [en Pakistan] Dawn=dawn.com;
[en Japan] The Japan Times=japantimes.co.jp; [en South Korea] Yonhap*=en.yna.co.kr;
[en Israel] Haaretz=haaretz.com; The Times of Israel=timesofisrael.com;
[en Turkey] Anadolu Agency*=aa.com.tr; [en United Arab Emirates] The National=thenationalnews.com;
[en South Africa] News24=news24.com feeds.24.com; [en Congo] Africanews=africanews.com;
[de Germany] Tagesschau=tagesschau.de; Der Spiegel=spiegel.de; Die Zeit=zeit.de newsfeed.zeit.de;
Süddeutsche Zeitung=sueddeutsche.de rss.sueddeutsche.de; ZDF heute=zdf.de;
Frankfurter Allgemeine Zeitung=faz.net; Deutschlandfunk=deutschlandfunk.de;
DW=dw.com/de rss.dw.com/rdf/rss-de-; Handelsblatt=handelsblatt.com;
Der Tagesspiegel=tagesspiegel.de; [de Switzerland] Neue Zürcher Zeitung=nzz.ch;
[de Austria] Der Standard=derstandard.at; Die Presse=diepresse.com; ORF=orf.at rss.orf.at;
[es Spain] El País=elpais.com feeds.elpais.com/mrss-s/pages/ep/site/elpais.com; ABC=abc.es;
El Mundo=elmundo.es e00-elmundo.uecdn.es; La Vanguardia=lavanguardia.com; elDiario.es=eldiario.es;
El Confidencial=elconfidencial.com; Europa Press*=europapress.es;
[es UK] BBC News Mundo=bbc.com/mundo feeds.bbci.co.uk/mundo;
[es Argentina] La Nación=lanacion.com.ar; [es Colombia] El Tiempo=eltiempo.com;
[es Mexico] La Jornada=jornada.com.mx; Milenio=milenio.com; [it Italy] ANSA*=ansa.it; AGI*=agi.it;
la Repubblica=repubblica.it; Corriere della Sera=corriere.it xml2.corriereobjects.it;
La Stampa=lastampa.it feed.lastampa.it; Rai News=rainews.it;
il manifesto=ilmanifesto.it cms.ilmanifesto.it;
[pt Portugal] Público=publico.pt feeds.feedburner.com/publicorss; Observador=observador.pt;
RTP Notícias=rtp.pt/noticias; Diário de Notícias=dn.pt feeds.dn.pt;
Expresso=expresso.pt rss.impresa.pt/feed/latest/expresso;
[pt Brazil] Agência Brasil*=agenciabrasil.ebc.com.br; Folha=folha.uol.com.br feeds.folha.uol.com.br;
g1=g1.globo.com; Estadão=estadao.com.br; Nexo Jornal=nexojornal.com.br;
UOL Notícias=noticias.uol.com.br rss.uol.com.br;
[pt UK] BBC News Brasil=bbc.com/portuguese feeds.bbci.co.uk/portuguese;
[pl Poland] Rzeczpospolita=rp.pl; Onet=wiadomosci.onet.pl; Wirtualna Polska=wiadomosci.wp.pl;
Gazeta.pl=wiadomosci.gazeta.pl; [ar Morocco] MAP*=mapnews.ma; Hespress=hespress.com;
[ar Lebanon] An-Nahar=annahar.com; [ar UK] BBC News Arabic=bbc.com/arabic feeds.bbci.co.uk/arabic;
[ar United Arab Emirates] Sky News Arabia=skynewsarabia.com;
[ar Saudi Arabia] Asharq Al-Awsat=aawsat.com; [ar Egypt] Al-Masry Al-Youm=almasryalyoum.com;
[ar Algeria] Echorouk=echoroukonline.com; El Khabar=elkhabar.com;
[nl The Netherlands] NOS=nos.nl feeds.nos.nl; NRC=nrc.nl; de Volkskrant=volkskrant.nl;
[ru Latvia] Meduza=meduza.io; Novaya Gazeta Europe=novayagazeta.eu;
[ru UK] BBC News Russian=bbc.com/russian feeds.bbci.co.uk/russian;
[uk Ukraine] Ukrainska Pravda=pravda.com.ua; Suspilne=suspilne.media;
[tr Turkey] Cumhuriyet=cumhuriyet.com.tr;
[tr UK] BBC News Türkçe=bbc.com/turkce feeds.bbci.co.uk/turkce; [sv Sweden] SVT Nyheter=svt.se;
[no Norway] NRK=nrk.no; [ja Japan] Asahi Shimbun=asahi.com; [ko South Korea] Yonhap*=yna.co.kr;
"""
# Main feeds that the kite list lacks, at their long-standing public addresses:
EXTRA_FEEDS = """
www.lemonde.fr/rss/une.xml www.lemonde.fr/international/rss_full.xml www.france24.com/fr/rss
www.france24.com/en/rss www.france24.com/es/rss www.france24.com/ar/rss www.rfi.fr/fr/rss
www.francetvinfo.fr/titres.rss www.francetvinfo.fr/monde.rss www.rfi.fr/en/rss www.rfi.fr/es/rss
www.lefigaro.fr/rss/figaro_international.xml www.courrierinternational.com/feed/all/rss.xml
feeds.bbci.co.uk/news/rss.xml feeds.bbci.co.uk/news/world/rss.xml feeds.bbci.co.uk/mundo/rss.xml
feeds.bbci.co.uk/portuguese/rss.xml feeds.bbci.co.uk/arabic/rss.xml www.theguardian.com/world/rss
www.theguardian.com/international/rss rss.nytimes.com/services/xml/rss/nyt/HomePage.xml
rss.nytimes.com/services/xml/rss/nyt/World.xml rss.dw.com/rdf/rss-en-all rss.dw.com/rdf/rss-de-all
feeds.npr.org/1001/rss.xml feeds.washingtonpost.com/rss/world www.ft.com/world?format=rss
www.economist.com/international/rss.xml www.euronews.com/rss www.spiegel.de/ausland/index.rss
www.spiegel.de/international/index.rss feeds.nos.nl/nosnieuwsalgemeen
feeds.elpais.com/mrss-s/pages/ep/site/elpais.com/section/internacional/portada
www.ansa.it/sito/ansait_rss.xml www.ansa.it/sito/notizie/mondo/mondo_rss.xml
xml2.corriereobjects.it/rss/homepage.xml"""


def pairs(text: str) -> dict[str, str]:  # the tables below: "key=value; key=value"
    return dict(pair.split("=") for pair in " ".join(text.split()).split("; "))


LANGUAGES = pairs("""fr=French; en=English; de=German; es=Spanish; it=Italian; pt=Portuguese;
pl=Polish; ar=Arabic; nl=Dutch; ru=Russian; uk=Ukrainian; tr=Turkish; sv=Swedish; no=Norwegian;
ja=Japanese; ko=Korean""")
# The countries of OUTLETS, spelt as kite spells its country categories (of general news).
COUNTRIES = pairs("""France=FR; Switzerland=CH; Belgium=BE; Canada=CA; UK=GB; DR Congo=CD;
United States=US; Qatar=QA; Germany=DE; Japan=JP; Ireland=IE; India=IN; Pakistan=PK; Spain=ES;
South Korea=KR; Israel=IL; Turkey=TR; United Arab Emirates=AE; South Africa=ZA; Congo=CG;
Austria=AT; Argentina=AR; Mexico=MX; Colombia=CO; Italy=IT; Portugal=PT; Brazil=BR; Poland=PL;
Morocco=MA; Lebanon=LB; Saudi Arabia=SA; Egypt=EG; Algeria=DZ; The Netherlands=NL; Latvia=LV;
Ukraine=UA; Russia=RU; Sweden=SE; Norway=NO; Switzerland (FR)=CH; Switzerland (DE)=CH""")
# Kite's general news; a feed seen only under sport, tech, music or a city is no briefing source.
GENERAL = {*COUNTRIES, "Africa", "Asia", "Europe", "Middle East", "Economy", "Diplomacy"}
OWNERSHIP = pairs("""Private Media=private; Private Enterprise=private; Public Media=public;
Private Independent Media=private-independent; Independent Media=independent; Non-Profit=non-profit;
Public Broadcaster=public; Public agency (statutory, editorially independent)=public;
State Funded Media=state-funded; State Media / Digital=state""")
# URL words. A feed is ranked by the last word of its path (of its query if the path has none)
# once the plumbing (GENERIC) is gone; a site-wide feed has no word left.
GENERIC = set(re.findall(r"\S+", """rss feed feeds xml rss2 index default rss_full arc outboundfeeds
services rssfeed feeder contentexport section sections category collection rss-all pub articles
outputtype rss091 cat sito notizie srv news infoservices dynamo com co""")) | {""}
NARROW = set(re.findall(r"\S+", "tag tags tags_slug topic topics thema mot-cle search"))
NARROW |= {c.lower() for c in COUNTRIES}  # one country's page of a foreign outlet (FT France)
LEVELS = [(re.compile(r"(?<![a-z])(" + "|".join(map(re.escape, words.split())) + r")(?![a-z])"),
           score) for score, words in (
    (-9, "sport sports culture kultur musique music people opinion opinions viten"),  # never main
    (3, "une alaune titres portada homepage home front topstories top-themen schlagzeilen "
        "headlines manchettes latest live main all alles alle-meldungen ultimas emcimadahora "
        "actualite actualites aktuell nachrichten noticias wiadomosci aktualnosci voorpagina "
        "toppsaker edicion 24h-infos news-24-7 toute-info son_dakika general nosnieuwsalgemeen"),
    (2, "world monde international internacional mundo esteri ausland"),
    (1, "politique politics politica politik economie economy economia wirtschaft societe "
        "nation national nacional inland binnenland cronaca cronache italia brasil polska kraj "
        "schweiz europe africa asia middle-east"))]  # fmt: skip


def load_outlets() -> list[dict[str, str]]:
    """The OUTLETS table as records, in document order."""
    groups = re.findall(r"\[(\w\w) ([^]]+)] ([^[]+)", " ".join(OUTLETS.split()))
    return [{"lang": lang, "country": COUNTRIES[country], "name": name.strip("*"), "hosts": hosts,
             "wire": "wire" if name.endswith("*") else "",
             "labels": " ".join(re.findall(r"[^./ ]+(?=\.)", hosts))}
            for lang, country, cells in groups
            for name, hosts in (cell.split("=") for cell in re.split(r"\s*;\s*", cells) if cell)]


def match(url: str, outlets: list[dict[str, str]]) -> tuple[int, str] | None:
    """The outlet (by index) whose host and path prefix fit ``url`` best, and the rest of it."""
    parts = urlsplit(url)
    at = ((parts.hostname or "").removeprefix("www.") + parts.path).lower()
    fits = [(len(p), i, at[len(p):]) for i, outlet in enumerate(outlets)
            for p in outlet["hosts"].lower().split()
            if at.startswith(p) and ("/" in p or at[len(p):][:1] in ("", "/"))]  # fmt: skip
    _, i, rest = max(fits, default=(0, -1, ""))
    return (i, f"{rest}?{unquote(parts.query).lower()}") if fits else None


def rank(rest: str, outlet: dict[str, str]) -> tuple[str | None, int, str]:
    """The feed's language (None: not one of ours), how main a feed it looks, and a name."""
    path, _, query = rest.partition("?")
    labels = set(outlet["labels"].split()) - GENERIC
    words = [w for w in (w.split(".")[0] for w in path.split("/")) if w not in GENERIC | labels]
    lang: str | None = outlet["lang"]
    if words and re.fullmatch(r"[a-z]{2}", words[0]) and words[0] != "uk":  # Guardian's /uk/
        lang = words[0] if words[0] in LANGUAGES else None
        words = words[1:]
    ids = [w for w in words if not re.search("[a-z]", w)]  # numeric ids (NPR's 1004...)
    words = [w for w in words if w not in ids] or [
        w for w in re.split(r"[&=/,]+", query) if w and w not in GENERIC | labels]
    if NARROW & set(words) or any(LEVELS[0][0].search(w) for w in words):
        return lang, -9, ""
    if not words:
        return lang, 0 if ids else 3, ""  # no word left: the outlet's site-wide feed
    score = max((s for rx, s in LEVELS if rx.search(words[-1])), default=0)
    parts = [p for w in words for p in re.split(r"[-_~]+", w) if p not in GENERIC][::-1]
    name = [p for p in parts if re.search("[a-z]", p)  # less the outlet's own name (lefigaro)
            and not any((len(p) > 1 and p in x) or (len(x) > 2 and x in p) for x in labels)]
    return lang, score, " ".join(list(dict.fromkeys(name))[::-1])  # a repeat keeps its last


def build(kite: dict[str, Any], media: list[dict[str, Any]], origin: str) -> str:
    """The OPML document: per language, per outlet, its best feeds (curated extras first)."""
    outlets = load_outlets()
    urls = [("https://" + u, True) for u in EXTRA_FEEDS.split()]
    urls += [(u, False) for key, entry in kite.items() for u in entry["feeds"]
             if entry["category_type"] == "topic" and key in GENERAL]
    feeds: dict[tuple[str, int], list[tuple[int, int, str, bool, str]]] = {}
    hosts = {urlsplit(u).hostname for entry in kite.values() for u in entry["feeds"]}
    for url, extra in urls:
        if (found := match(url, outlets)) is None:
            continue
        lang, score, name = rank(found[1], outlets[found[0]])
        # An edition in another language (France 24 in English) only brings its main feeds.
        if lang is not None and (extra or score > (0 if lang == outlets[found[0]]["lang"] else 1)):
            feeds.setdefault((lang, found[0]), []).append(
                (-4 if extra else -score, len(name), name, url.startswith("http:"),
                 canonical_url(url)))  # fmt: skip
    owners = {d.lower().removeprefix("www."): m["typology"] for m in media for d in m["domains"]}
    root = ET.Element("opml", version="2.0")
    root.append(ET.Comment(f" generated by tools/build_default_sources.py from {origin} "))
    ET.SubElement(ET.SubElement(root, "head"), "title").text = "alaune default sources"
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for lang, i in sorted(feeds, key=lambda k: (list(LANGUAGES).index(k[0]), k[1])):
        outlet = outlets[i]
        site = outlet["hosts"].split()[0]
        host = site.split("/")[0]  # media_data knows yna.co.kr, not en.yna.co.kr: try its parent
        owner = OWNERSHIP.get(owners.get(host) or owners.get(host.split(".", 1)[1], ""), "")
        label = outlet["name"] if lang == outlet["lang"] else f"{outlet['name']} ({lang})"
        ranked = sorted(feeds[lang, i])
        # Below an outlet's main feeds, its world news; its national sections when nothing better.
        floor = min(2, -ranked[0][0])
        if lang not in folders:
            folders[lang] = ET.SubElement(body, "outline", text=LANGUAGES[lang])
        names: list[str] = []  # one name, one feed (http and https, two hosts of one CDN)
        for prio, _, name, _, canon in ranked:
            if -prio < floor or name in names or len(names) == MAX_PER_OUTLET:
                continue
            names.append(name)
            title = f"{label} — {name}" if name else label
            attrs = {"type": "rss", "text": title, "title": title, "xmlUrl": canon,
                     "htmlUrl": f"https://{'www.' if 'www.' + host in hosts else ''}{site}",
                     "outlet": outlet["name"], "language": lang, "country": outlet["country"],
                     "ownership": owner, "category": outlet["wire"]}  # fmt: skip
            ET.SubElement(folders[lang], "outline", {k: v for k, v in attrs.items() if v})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Build the packaged default source list (OPML).")
    ap.add_argument("--kite", type=Path, default=DATA / "kite_feeds.json")
    ap.add_argument("--media", type=Path, default=DATA / "media_data.json")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    origin = args.kite.parent / "ORIGIN"  # the kite commit: the list says its vintage
    text = build(json.loads(args.kite.read_text(encoding="utf-8")),
                 json.loads(args.media.read_text(encoding="utf-8")),
                 origin.read_text().split()[0] if origin.exists() else args.kite.name)  # fmt: skip
    args.out.write_text(text, encoding="utf-8")
    print(f"{text.count('xmlUrl=')} feeds written to {args.out}")


if __name__ == "__main__":
    main()
