#!/usr/bin/env python3
"""Writes a deterministic synthetic plan for planverk's benchmark, and the same content as a Hugo site.

    python3 tests/bench/synth.py --pages 10000 --out /dev/shm/plan-10k --themes themes

makes
    OUT/planverk/  a planverk site root: content/site.yaml, content/nb/**.md (and content/sma/ with
                   --sma), themes/ (copied from --themes)
    OUT/hugo/      the same Markdown bodies and front matter as a Hugo site: hugo.yaml, one
                   single.html and one list.html that print the title, the content and the measures
    OUT/edit-page.txt  a leaf page (path below content/) the benchmark edits for the rebuild figure
    OUT/stats.json     what was written

The plan: a front page, numbered pages written depth first: chapters (4), sections (4.12) and
subsections (4.12.3), so every page's parent exists whatever --pages is, and a last chapter
(hovedsatsinger/index.md) holding the main initiatives (hovedsatsinger/<id>.md, each referring to
measures of the sections). Section pages carry about
--measures measures in front matter, some carry goals. Bodies are Norwegian sentences drawn from the
bundled plan's vocabulary (WORDS, with its word frequencies), with ## headings, lists, a table on
every other page, emphasis, links and footnotes, about 4 KB a page like the real plan.

Same arguments, same bytes: the only randomness is random.Random(--seed). Standard library only.
"""

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

# Words of the bundled plan's page bodies (content/nb) with how often each occurs: word:count.
WORDS = """
og:1103 i:687 for:558 å:426 av:408 til:347 er:312 med:296 som:246 en:243 at:230 vi:230 på:230
det:220 har:171 skal:155 helse:152 vil:143 de:135 må:113 dette:109 et:109 være:74 kan:72 også:72
om:69 behov:67 gjennom:63 tjenester:63 den:62 pasienter:61 helseforetakene:59 eller:59 innen:57
sikre:57 bruk:56 regionen:55 kompetanse:55 mellom:54 helsetjenesten:51 bedre:50 bidra:49 både:48
mer:48 nye:48 utvikling:48 samarbeid:47 regionale:46 viktig:46 ved:44 andre:43 disse:43 fra:43
ikke:43 spesialisthelsetjenesten:42 alle:41 felles:40 god:40 helsetjenester:37 flere:37
utvikle:36 der:35 kvalitet:33 helseforetak:33 styrke:32 teknologi:31 økt:30 hele:29 arbeidet:28
ha:28 grad:27 helsepersonell:27 mål:27 barn:27 digitalisering:26 større:26 helsetjeneste:25
rette:25 slik:25 ta:25 psykisk:25 men:24 etter:24 jobbe:23 forskning:23 denne:23 sykehus:23
gir:23 innovasjon:23 vår:22 annet:22 ansatte:22 gode:22 tiltak:22 øke:22 enn:22 private:22
seg:21 store:21 våre:21 mulig:21 blir:21 befolkningen:21 redusere:21 tvers:21 del:21 år:21
tjenesten:21 blant:20 muligheter:20 kunne:20 sammen:20 pasientene:20 tid:20 ansvar:20 legge:20
tillegg:20 innebærer:19 opp:19 godt:19 kommunene:19 utviklingen:19 over:19 få:19 særlig:19
skape:18 områder:18 krever:18 kunnskap:18 ressurser:18 hvordan:18 tilgang:18 samhandling:18
arbeid:18 pårørende:18 hvor:18 tilbud:18 ny:18 behandling:18 gi:18 egen:18 pasienten:18
prosent:18 beste:17 praksis:17 foretaksgruppen:17 investeringer:17 oppgaver:17 løsninger:17
bør:17 innenfor:17 sørge:17 utfordringer:17 nødvendig:17 samlet:17 eldre:17 derfor:17 samt:17
eksempel:16 oss:16 får:16 nasjonale:16 regional:16 medarbeidere:16 spesialisthelsetjenester:16
var:16 ledere:16 sin:15 bidrar:15 bli:15 digitale:15 hospital:15 helsehjelp:15 unge:15
utnytte:14 videre:14 møte:14 videreutvikle:14 kommuner:14 standardisering:14 hos:14 økonomisk:14
utdanning:14 opplæring:14 andel:14 mot:14 leverandører:14 ulike:14 forutsetning:13 vurdere:13
levere:13 riktig:13 tjenestene:13 helseforetaket:13 oppfølging:13 årene:13 måte:13
informasjon:13 sykehusapotekene:13 under:13 tydelig:13 helsevern:13 sine:13 digital:13 læring:13
personer:13 understøtte:12 området:12 ledelse:12 mulighetene:12 oppleve:12 planlegging:12
pasientbehandling:12 sammenhengende:12 samarbeidet:12 noen:12 strategi:12 dag:12 bærekraftig:12
pasientenes:12 effektiv:12 tar:12 nå:12 systematisk:12 drift:12 fremragende:11 bygge:11
aktivt:11 pasientsikkerhet:11 etablering:11 administrative:11 personell:11 vært:11 samme:11
utvikles:11 best:11 krav:11 fire:11 uavhengig:11 aktører:11 sykdom:11 tilstrekkelig:11 sett:11
knyttet:11 kommunale:11 aktiv:11 basert:11 virksomheten:10 forutsetter:10 utstyr:10 mange:10
kommende:10 gjør:10 betydelig:10 gevinster:10 kliniske:10 ønsker:10 ressursene:10
spesialisert:10 ut:10 likeverdig:10 endringer:10 egne:10 evne:10 planen:10 tråd:10 sykehusene:10
pasientforløp:10 ble:10 likeverdige:10 helhetlige:10 tilpasset:10 stor:10 gjøre:10 aktivitet:10
kapasitet:10 ivareta:10 dager:10 avgjørende:9 tilbudet:9 stand:9 gang:9 effektivitet:9
hensiktsmessig:9 rett:9 kompetansen:9 helhetlig:9 variasjon:9 mindre:9 utviklingsplan:9 tett:9
nasjonal:9 her:9 kommunehelsetjenesten:9 høy:9 stort:9 kommer:9 teknisk:9 vårt:9 enkelte:9
bemanning:9 antall:9 målet:9 tatt:9 ventetid:9 virksomhet:8 satsing:8 regionalt:8 legger:8
lykkes:8 data:8 se:8 uten:8 samarbeide:8 står:8 kompetanseutvikling:8 fortsette:8 samtidig:8
bruker:8 kultur:8 helsefellesskapene:8 forbedring:8 samlede:8 utviklingsplaner:8 strategiske:8
utfordringene:8 kunstig:8 intelligens:8 gjennomføring:8 relevant:8 medisinsk:8 fortsatt:8
planperioden:8 sykdommer:8 yte:8 fokus:8 klima:8 opplever:8 beredskap:8 sykehusbygg:8 gjøres:8
helseforetakenes:8 sikt:8 organisering:8 viktige:8 tilgjengelig:8 verktøy:8 etablert:8
omsorgstjenester:8 følge:8 støtte:8 måter:8 sammenlignet:8 ligger:7 effektivt:7 sammenheng:7
automatisering:7 sted:7 potensial:7 hente:7 satt:7 største:7 behovene:7 ressurs:7 bygger:7
viser:7 øker:7 ressursbruk:7 utvikler:7 hverandre:7 retningslinjer:7 grunnlag:7 tre:7
samfunnet:7 selv:7 kommune:7 medisin:7 forventninger:7 tilgjengelige:7 fremover:7 sette:7
kriser:7 avtaler:7 når:7 utgjør:7 lang:7 lokale:7 infrastruktur:7 eget:7 informasjonssikkerhet:7
nødvendige:7 koordinerte:7 noe:7 klinisk:7 kommunikasjon:7 øvrige:7 akuttmedisinske:7
helsedirektoratet:7 rus:7 årlig:7 prehospitale:7 samvalg:7 skrøpelige:7 samfunnsansvar:7
ambulansetjenesten:7 gjennomsnittlig:7 kunnskapsbaserte:6 bruke:6 styring:6 satse:6 lede:6
virkemiddel:6 utviklingsplanen:6 perioden:6 jobber:6 utføre:6 tettere:6 enten:6 tas:6
støttetjenester:6 mest:6 brukes:6 annen:6 rekruttering:6 løse:6 arbeide:6 verden:6 bærekraft:6
samarbeider:6 prioritering:6 grunn:6 økonomiske:6 ansvarlig:6 andelen:6 kroniske:6 økende:6
alvorlig:6 gjengitt:6 raskt:6 regjeringen:6 veksten:6 leveres:6 siste:6 luftambulansetjenesten:6
pasientreiser:6 foretakene:6 ansvaret:6 avtalespesialister:6 føringer:6 prioriteringer:6
kapasiteten:6 poliklinisk:6 hvilke:6 gjennomføres:6 langsiktig:6 etablere:6 fagområder:6 inn:6
leder:6 risiko:6 oppnå:6 hjemmet:6 brukermedvirkning:6 tilby:6 helsesektoren:6 forvaltning:6
fremtidig:6 ytterligere:6 vedlikehold:6 spesialisthelsetjenestens:6 helsedatasenter:6
erfaringer:6 samisk:6 forhold:6 omstilling:6 nivå:6 pasient:6 forebygging:6 reduseres:6
akuttmottaket:6 nådd:6 oppdatert:5 måten:5 forløp:5 vesentlig:5 analyse:5 tilsier:5 forbedre:5
frigjøre:5 mye:5 tilpasse:5 arbeides:5 viktigste:5 uønsket:5 landet:5 teknologiske:5 behovet:5
så:5 eksisterende:5 primærhelsetjenesten:5 stiller:5 endring:5 strategien:5 kvaliteten:5
kapittel:5 målene:5 fast:5 rekrutterer:5 ser:5 stadig:5 spesialisthelsetjeneste:5 fellesskap:5
bakgrunn:5 sykehusplan:5 overordnede:5 tidligere:5 avhengig:5 konsekvenser:5 betyr:5 nasjonalt:5
lag:5 leve:5 press:5 færre:5 lengre:5 sentrale:5 behandlingsmetoder:5 mulighet:5 effektive:5
metoder:5 fleste:5 tilpassede:5 sterkere:5 lavere:5 tjenesteinnovasjon:5 miljø:5 gjelder:5
somatikk:5 strategisk:5 gjennomføre:5 struktur:5 innføring:5 leger:5 hva:5 kort:5 rundt:5
oppgavene:5 benytte:5 fremtidens:5 faglig:5 initiativ:5 kompetansedeling:5 pandemien:5
forbindelse:5 målrettet:5 personvern:5 utadvendte:5 skjer:5 spesialist:5 tjenestemodeller:5
eier:5 bygg:5 prioritere:5 redusert:5 handlingsrom:5 sentral:5 handlingsplan:5 helsedata:5
prosesser:5 drive:5 legges:5 standardisere:5 finne:5 minst:5 forsterket:5 kontinuerlig:5
kjeden:5 akutt:5 samiske:5 prosjekter:5 relevante:5 skaper:5 beslutningsstøtte:5 totalt:5
krevende:5 vedtatt:5 beslutninger:5 tidlig:5 følgende:5 somatisk:5 gruppen:5 sykefravær:5 all:4
styrking:4 fagledernettverk:4 samhandlingen:4 hvert:4 gjennomført:4 helhet:4
pasientbehandlingen:4 nettverk:4 sømløse:4 aktuelle:4 bildediagnostikk:4 medisinske:4
kompetent:4 to:4 livet:4 benyttes:4 attraktiv:4 likevel:4 samfunnets:4 arbeidskraft:4 utnyttes:4
dempe:4 forebygge:4 involvering:4 omfattende:4 enhet:4 digitaliseringen:4 beholder:4
utgangspunkt:4 dele:4 brukere:4 endringene:4 konsultasjoner:4 løsningen:4 pasientgrupper:4
sikrer:4 møter:4 strategier:4 setter:4 prioriteres:4 opprettet:4 planlegge:4 fremme:4 ambisjon:4
ansvarlige:4 trygghet:4 mens:4 persontilpasset:4 høyere:4 bruken:4 rettigheter:4 brukerne:4
unngå:4 tilbys:4 handlingsrommet:4 medfører:4 bygningsmasse:4 nær:4 mobilitet:4 håndtere:4
integrert:4 fem:4 sykehusinnkjøp:4 utarbeidet:4 valg:4 finnes:4 vurdering:4 dialog:4
tverrfaglig:4 voksne:4 slike:4 forutsigbarhet:4 utviklingsarbeidet:4 herunder:4 størst:4
helsefagarbeidere:4 systemer:4 enklere:4 organisasjonen:4 etableres:4 følges:4 organisasjon:4
videreutvikling:4 bidrag:4 systematiske:4 hindre:4 vist:4 fysisk:4 motta:4 arenaer:4
hjemmeoppfølging:4 bygningsmassen:4 tilstand:4 øvrig:4 liggedøgn:4 kravet:4 følger:4 studier:4
oppmerksomhet:4 enhver:4 virkemidler:4 prosjekt:4 helsefellesskap:4 behandlingskjeden:4
spesielt:4 økonomi:4 erfaring:4 gitt:4 språk:4 brukerutvalg:4 særskilt:4 delta:4 regioner:4
antallet:4 erfaringsdeling:4 utrede:4 arena:4 standardiserte:4 utnyttelse:4 trenger:4 allerede:4
rekvisisjon:4 pasientreiseområdet:4 før:4 lidelse:4 sosiale:4 livskvalitet:4 syke:4
pasientgruppen:4 bolig:4 deler:4 tall:4 sykefraværet:4 forbedringsarbeid:3 tilpasses:3
standardiserer:3 fagmiljøene:3 rekke:3 regionens:3 gjort:3 beredskapslager:3 klinikk:3
sentralene:3 behandlingshjelpemidler:3 overfor:3 nok:3 dekke:3 benyttet:3 trives:3
arbeidsplass:3 rekruttere:3 bor:3 parter:3 koordinering:3 overføre:3 helsetilbud:3 befolkning:3
behandlingsmuligheter:3 takt:3 framtidens:3 deres:3 kreves:3 åpenhet:3 virkemidlene:3
fellesløsninger:3 innhold:3 verdens:3 lagspillere:3 svært:3 innbygger:3 deg:3 aktive:3 foran:3
kreve:3 universitetssykehuset:3 planer:3 plan:3 lokalt:3 utnytter:3 lenge:3 imidlertid:3
friske:3 per:3 settes:3 legemidler:3 liv:3 effektivisere:3 går:3 velstående:3 bygd:3 tilbyr:3
mottar:3 hvis:3 beskrevet:3 styrket:3 slår:3 relativt:3 betydning:3 klarer:3 lever:3
usikkerhet:3 hendelsene:3 tillit:3 befolkningens:3 sykehusforetakene:3 leverer:3 omtalt:3
plikt:3 tjenestetilbudet:3 omfang:3 tjenesteleverandører:3 ventetider:3 pasientforløpene:3
løpet:3 hadde:3 gjeldende:3 årlige:3 utarbeide:3 tilnærming:3 nært:3 planlagt:3 opprettholde:3
ventetidene:3 spesialiserte:3 rusbehandling:3 pasientens:3 vurderes:3 hensyn:3 ideelle:3
styrker:3 spesialisering:3 vurderinger:3 oppgavedeling:3 analyser:3 dagens:3 hjelp:3
koordinert:3 skje:3 grunnlaget:3 kritisk:3 slikt:3 profesjonell:3 alder:3 former:3 situasjoner:3
robust:3 operative:3 langvarig:3 deltaker:3 eksempelvis:3 spesialister:3 behandlingsmåter:3
senter:3 inkludert:3 hjemmesykehus:3 tilstandsgrad:3 dårligere:3 standard:3 sykehuset:3
nordmøre:3 virksomhetens:3 areal:3 blitt:3 siden:3 byggene:3 foretak:3 rammer:3 evnen:3 plass:3
forankring:3 deltar:3 områdene:3 innføringen:3 presisjonsmedisin:3 neste:3 behandles:3
næringsliv:3 finansiering:3 handlingsplaner:3 prioritert:3 prioriterte:3 avdeling:3
oppgavefordeling:3 lagt:3 første:3 samling:3 veiledning:3 modell:3 forrige:3 små:3
sikkerhetsnivå:3 tilsvarende:3 rolle:3 ressursutnyttelse:3 fortrinn:3 ledd:3 involverte:3
journalløsning:3 hjem:3 organisatoriske:3 yter:3 nødetatene:3 direktoratet:3 nødmeldetjenesten:3
fremtidsrettede:3 manglende:3 inngår:3 foretaksgruppens:3 hovedoppgaver:3 løpende:3 oppdrag:3
forventes:3 norsk:3 løsningene:3 trygge:3 veivalg:3 fram:3 skapes:3 tjenesteutvikling:3
logistikk:3 innovative:3 igjen:3 alltid:3 pasientskader:3 kvalitetsforbedring:3 samordning:3
utøve:3 sikres:3 inkluderer:3 bare:3 direkte:3 prosess:3 pasientmedvirkning:3 samle:3 styrende:3
reiser:3 pasientreise:3 periode:3 forebyggende:3 alvorlige:3 modeller:3 helseproblemer:3
tilstander:3 faser:3 risikohåndtering:3 faglige:3 sektorer:3 sammensatte:3 selvstendig:3
skrøpelig:3 skrøpelighet:3 dårlig:3 reinnleggelser:3 fastlege:3 lidelser:3 kompleks:3 opphold:3
drg:3 poeng:3 ansattes:3 ledende:3 sitt:3 forvalte:3 styret:3 miljømål:3 definere:3 utslipp:3
arbeider:3 akuttmottak:3 innkjøp:3 korrekt:3 utdanningene:3 økning:3 avklaring:3 liggende:3
akuttmottakene:3 melding:3 rapportering:3
"""

# Names that stand capitalised in running text, as in the real plan.
NAMES = [
    "Helse Midt-Norge", "Helseplattformen", "St. Olavs hospital", "Helse Møre og Romsdal",
    "Helse Nord-Trøndelag", "Hemit", "Sykehusinnkjøp", "Helsedirektoratet", "NTNU", "Trøndelag",
    "Strategi 2030", "Nasjonal helse- og sykehusplan",
]
# How measures begin.
VERBS = [
    "Styrke", "Sikre", "Etablere", "Utvikle", "Videreutvikle", "Øke", "Redusere", "Bidra til",
    "Legge til rette for", "Følge opp", "Utrede", "Vurdere", "Fremme", "Ta i bruk", "Standardisere",
    "Samordne", "Prioritere", "Innføre",
]
UNITS = [("%", "at-least"), ("dager", "at-most"), ("%", "reduce-by"), ("%", "increase-by")]
SECTIONS_PER_CHAPTER = 12
SUBSECTIONS_PER_SECTION = 8
TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})


def parse_words():
    words, weights = [], []
    for token in WORDS.split():
        word, count = token.rsplit(":", 1)
        words.append(word)
        weights.append(int(count))
    return words, weights


class Writer:
    """Text from a seeded generator; every method draws from self.rng only."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.words, weights = parse_words()
        self.cum = []
        total = 0
        for w in weights:
            total += w
            self.cum.append(total)
        # Title words: the content words (5 letters or more), drawn uniformly.
        self.title_words = [w for w in self.words if len(w) >= 5]

    def draw(self, n):
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def sentence(self, lo=8, hi=22):
        rng = self.rng
        words = self.draw(rng.randint(lo, hi))
        if rng.random() < 0.25:
            words.insert(rng.randrange(len(words)), rng.choice(NAMES))
        for i in range(2, len(words) - 2):
            if rng.random() < 0.06:
                words[i] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def phrase(self, lo=3, hi=7):
        text = " ".join(self.draw(self.rng.randint(lo, hi)))
        return text[0].upper() + text[1:]

    def title(self):
        rng = self.rng
        n = rng.randint(1, 3)
        parts = [rng.choice(self.title_words) for _ in range(n)]
        if n > 1:
            parts.insert(n - 1, "og")
        if rng.random() < 0.3:
            parts += ["i", rng.choice(["regionen", "helseforetakene", "sykehusene", "kommunene"])]
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    def measure_text(self):
        return self.rng.choice(VERBS) + " " + " ".join(self.draw(self.rng.randint(5, 14)))

    def body(self, page_no, parent_url):
        """About 4 KB of Markdown: intro, ## sections, a list, maybe a table, footnotes."""
        rng = self.rng
        out = []
        notes = []

        def footnote():
            notes.append(f"{rng.choice(NAMES)} ({rng.randint(2015, 2025)}) «{self.phrase(4, 9)}»")
            return f"[^{len(notes)}]"

        for i in range(rng.randint(2, 3)):
            para = self.paragraph()
            if i == 0:
                para = para[:-1] + footnote() + "."
            out.append(para)
        sections = rng.randint(2, 3)
        table_at = rng.randrange(sections) if page_no % 2 == 0 else -1
        list_at = rng.randrange(sections)
        for s in range(sections):
            out.append("## " + self.title())
            para = self.paragraph()
            if rng.random() < 0.5:
                words = para.split(" ")
                k = rng.randrange(1, len(words) - 3)
                words[k] = f"**{words[k]} {words[k + 1]}**"
                del words[k + 1]
                para = " ".join(words)
            if rng.random() < 0.3:
                para += f" Se også [kapittelet]({parent_url}) og [{self.phrase(2, 4).lower()}](https://helse-midt.no/)."
            if rng.random() < 0.5:
                para = para[:-1] + footnote() + "."
            out.append(para)
            if s == list_at:
                marker = "1." if rng.random() < 0.3 else "-"
                out.append("\n".join(f"{marker} {self.phrase()}" for _ in range(rng.randint(3, 6))))
            if s == table_at:
                years = [2023, 2024, 2025]
                rows = ["| Område | " + " | ".join(map(str, years)) + " |", "|---|---:|---:|---:|"]
                for _ in range(rng.randint(3, 6)):
                    cells = [str(rng.randint(10, 990)) for _ in years]
                    rows.append(f"| {self.phrase(1, 3)} | " + " | ".join(cells) + " |")
                out.append("\n".join(rows))
            out.append(self.paragraph(2, 5))
        for i, note in enumerate(notes, 1):
            out.append(f"[^{i}]: {note}")
        return "\n\n".join(out) + "\n"


def slug(text, max_words=4):
    words = re.findall(r"[a-z0-9]+", text.lower().translate(TRANSLIT))
    return "-".join(words[:max_words]) or "side"


def yaml_str(text):
    """A YAML scalar: plain where that is safe, else double-quoted (JSON is valid YAML)."""
    if re.fullmatch(r"[A-Za-zÆØÅæøåé][^:#\"'\n\[\]{}]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


class Page:
    __slots__ = ("rel", "front", "body", "measures", "chapter")

    def __init__(self, rel, front, body, measures=(), chapter=0):
        self.rel = rel          # path below content/<lang>/
        self.front = front      # YAML lines, without the --- fences
        self.body = body
        self.measures = list(measures)
        self.chapter = chapter  # 0: not in a chapter

    def text(self):
        return "---\n" + "\n".join(self.front) + "\n---\n" + self.body


def numbered_pages(w, count, measures_per_page):
    """Chapters, sections and subsections, depth first, `count` pages in all."""
    pages = []
    chapter = 0
    while len(pages) < count:
        chapter += 1
        folder = f"kapittel-{chapter}"
        for s in range(0, SECTIONS_PER_CHAPTER + 1):
            if len(pages) >= count:
                break
            sub_range = [0] if s == 0 else range(0, SUBSECTIONS_PER_SECTION + 1)
            for k in sub_range:
                if len(pages) >= count:
                    break
                parts = [chapter] + ([s] if s else []) + ([k] if k else [])
                number = ".".join(map(str, parts))
                title = w.title()
                if s == 0:
                    rel, parent_url = f"{folder}/index.md", "/"
                elif k == 0:
                    rel, parent_url = f"{folder}/del-{s}/index.md", f"/{folder}/"
                else:
                    rel = f"{folder}/del-{s}/{slug(title)}-{k}.md"
                    parent_url = f"/{folder}/del-{s}/"
                front = [f"title: {yaml_str(title)}", f'number: "{number}"']
                if w.rng.random() < 0.3:
                    front.append(f"credit: {yaml_str('Foto: ' + w.rng.choice(NAMES))}")
                ids = []
                if s:
                    n = w.rng.randint(max(0, measures_per_page - 2), measures_per_page + 2)
                    if n:
                        front.append("measures:")
                    for i in range(1, n + 1):
                        text = w.measure_text()
                        mid = f"{slug(text, 3)}-{number.replace('.', '-')}-{i}"
                        ids.append(mid)
                        front += [f"  - id: {mid}", f"    text: {yaml_str(text)}"]
                    if len(pages) % 7 == 3:
                        front.append("goals:")
                        for i in range(1, w.rng.randint(1, 2) + 1):
                            unit, direction = w.rng.choice(UNITS)
                            value = w.rng.randint(2, 90)
                            front += [
                                f"  - id: mal-{number.replace('.', '-')}-{i}",
                                f"    text: {yaml_str(w.measure_text())}",
                                f"    baseline: {{ year: 2021, value: {value + 7} }}",
                                f'    target: {{ value: {value}, unit: "{unit}", direction: {direction} }}',
                                "    deadline: 2026",
                                "    results:",
                                f"      - {{ year: 2024, value: {value + 3}, status: partly-met }}",
                            ]
                body = w.body(len(pages), parent_url)
                pages.append(Page(rel, front, body, ids, chapter))
    return pages


def initiative_pages(w, count, all_measures, per_initiative):
    pages = []
    for order in range(1, count + 1):
        title = w.title()
        ident = f"{slug(title, 3)}-{order}"
        chosen = w.rng.sample(all_measures, min(per_initiative, len(all_measures)))
        front = [
            f"title: {yaml_str(title)}",
            f"initiative: {ident}",
            f"order: {order}",
            f"measures_intro: {yaml_str('Vi vil i planperioden:')}",
            f"measures: [{', '.join(chosen)}]",
        ]
        body = "\n\n".join(w.paragraph() for _ in range(3)) + "\n"
        pages.append(Page(f"hovedsatsinger/{ident}.md", front, body, chosen))
    return pages


def other_settings(site_yaml):
    """The top-level blocks of a site.yaml other than title, base_url and languages, as lines."""
    blocks, current, pending = [], None, []
    for line in site_yaml.splitlines():
        key = re.match(r"([A-Za-z_][\w-]*):", line)
        if key:
            current = [key.group(1), pending + [line]]
            pending = []
            blocks.append(current)
        elif current is None or line.startswith("#"):
            pending.append(line)  # a comment belongs to the key after it
        else:
            current[1].extend(pending + [line])
            pending = []
    return [line for key, lines in blocks if key not in ("title", "base_url", "languages")
            for line in lines]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


HUGO_CONFIG = """\
# Generated by planverk's tests/bench/synth.py: the same content as the planverk site.
baseURL: https://plan.example.no/
title: Syntetisk plan
defaultContentLanguage: nb
disableKinds: [taxonomy, term, RSS]
languages:
{languages}
"""

# One template for pages, one for sections and the front page: title, content, measures.
HUGO_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ with .Params.number }}{{ . }} {{ end }}{{ .Title }}</h1>
{{ .Content }}
{{ with .Params.measures }}<h2>Tiltak</h2>
<ul>{{ range . }}<li>{{ if reflect.IsMap . }}<span id="{{ .id }}">{{ .text }}</span>{{ else }}<a href="#{{ . }}">{{ . }}</a>{{ end }}</li>{{ end }}</ul>{{ end }}
</main>
</body>
</html>
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="Markdown pages in nb, all kinds")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    ap.add_argument("--measures", type=int, default=5, help="measures per section page, on average")
    ap.add_argument("--initiatives", type=int, default=None,
                    help="main initiatives [default: pages/200, at least 5]")
    ap.add_argument("--initiative-measures", type=int, default=12,
                    help="measures each initiative refers to")
    ap.add_argument("--sma", type=float, default=0.0,
                    help="share of the chapters also written, as translations, to content/sma/ "
                         "and declared in site.yaml (0 = nb only)")
    ap.add_argument("--themes", type=Path, default=None, help="themes/ folder to copy into the root")
    ap.add_argument("--site-yaml", type=Path, default=None,
                    help="a site.yaml whose settings other than title, base_url and languages "
                         "the synthetic site.yaml takes (e.g. the bundled plan's)")
    ap.add_argument("--no-hugo", action="store_true", help="write the planverk site only")
    ap.add_argument("--seed", type=int, default=2030)
    args = ap.parse_args()
    if args.pages < 10:
        ap.error("--pages must be at least 10")

    w = Writer(args.seed)
    initiatives = args.initiatives if args.initiatives is not None else max(5, args.pages // 200)
    numbered = numbered_pages(w, args.pages - 2 - initiatives, args.measures)
    all_measures = [m for p in numbered for m in p.measures]
    # The initiatives form the last chapter, as in the bundled plan (hovedsatsinger/, chapter 5).
    last = max(p.chapter for p in numbered) + 1
    chapter_5 = Page("hovedsatsinger/index.md", [f"title: Hovedsatsinger i perioden 2027–2030", f'number: "{last}"'],
                     "\n\n".join(w.paragraph() for _ in range(2)) + "\n", chapter=last)
    inits = initiative_pages(w, initiatives, all_measures, args.initiative_measures)
    front = Page("index.md", ["title: Syntetisk plan 2027–2030"],
                 "\n\n".join(w.paragraph() for _ in range(4)) + "\n")
    nb = [front] + numbered + [chapter_5] + inits

    languages = [("nb", "Norsk (bokmål)", nb, "")]
    if args.sma > 0:
        # Translations are paired with their original by path and reuse its ids: exact copies of
        # the front page, the first chapters and the initiatives. planverk shows the Norwegian
        # text, marked, for every page without one; Hugo gets the copies only.
        chapters = max(p.chapter for p in numbered)
        keep = max(1, round(chapters * args.sma))
        sma = [front] + [p for p in numbered if p.chapter <= keep] + [chapter_5] + inits
        languages.append(("sma", "Åarjelsaemien", sma, "sma"))

    out = args.out
    if out.exists():
        shutil.rmtree(out)
    root, hugo = out / "planverk", out / "hugo"
    site = [
        "title: Syntetisk plan 2027–2030",
        "base_url: https://plan.example.no/",
        "languages:",
        *[f"  - code: {code}\n    name: {name}" + (f"\n    path: {path}" if path else "")
          for code, name, _, path in languages],
    ]
    if args.site_yaml:
        site += other_settings(args.site_yaml.read_text(encoding="utf-8"))
    else:
        site += ["plan:", "  name: Syntetisk plan 2027–2030", "  period: 2027–2030",
                 "  organisation: Helse Midt-Norge RHF"]
    write(root / "content" / "site.yaml", "\n".join(site) + "\n")
    if args.themes:
        shutil.copytree(args.themes, root / "themes")
        for code, _, _, _ in languages[1:]:
            strings = root / "themes" / "default" / "i18n"
            if (strings / "nb.yaml").exists() and not (strings / f"{code}.yaml").exists():
                shutil.copy(strings / "nb.yaml", strings / f"{code}.yaml")

    total_bytes = 0
    for code, _, pages, _ in languages:
        for p in pages:
            text = p.text()
            total_bytes += len(text.encode("utf-8"))
            write(root / "content" / code / p.rel, text)
            if not args.no_hugo:
                # Hugo: an index.md would make a leaf bundle; a section's page is _index.md.
                rel = re.sub(r"(^|/)index\.md$", r"\1_index.md", p.rel)
                write(hugo / "content" / code / rel, text)
    if not args.no_hugo:
        langs = "\n".join(
            f"  {code}:\n    languageName: {name}\n    contentDir: content/{code}\n    weight: {i + 1}"
            for i, (code, name, _, _) in enumerate(languages))
        write(hugo / "hugo.yaml", HUGO_CONFIG.format(languages=langs))
        write(hugo / "layouts" / "_default" / "single.html", HUGO_TEMPLATE)
        write(hugo / "layouts" / "_default" / "list.html", HUGO_TEMPLATE)

    leaves = [p for p in numbered if not p.rel.endswith("index.md")] or numbered
    edit = leaves[len(leaves) // 2]
    write(out / "edit-page.txt", f"nb/{edit.rel}\n")
    stats = {
        "pages": {code: len(pages) for code, _, pages, _ in languages},
        "measures": len(all_measures),
        "initiatives": len(inits),
        "markdown_bytes": total_bytes,
        "seed": args.seed,
    }
    write(out / "stats.json", json.dumps(stats, indent=2) + "\n")
    print(f"synth: {sum(stats['pages'].values())} pages, {len(all_measures)} measures, "
          f"{len(inits)} initiatives, {total_bytes / 1e6:.1f} MB of Markdown -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
