"""A synthetic prov database of news-like attributions, for benchmarks.

``build_corpus(path, documents)`` writes a SQLite database with ``documents`` articles
and ten attributions each (100,000 documents give 1,000,000 attributions), through the
real schema: ``Database(path)`` runs the migrations, then every table is filled with
``executemany`` from the stdlib ``sqlite3`` module inside one transaction.

What it holds, so that search and audit meet realistic shapes:

* articles built from paragraphs, each one attributing a sentence to a source in the
  ways newspapers do (indirect "X said that ...", direct quotes with the comma inside
  the quotation marks, partial quotes, "according to"), plus background sentences of
  the reporter's own (``unattributed``); every span is a true slice of its text, with
  its 32-character prefix and suffix, as prov stores spans;
* content drawn from a Zipf-distributed vocabulary of common news words and a long
  tail of rarer ones, so that some terms are in ~1% of attributions and most in few;
* named speakers (people with diacritics in their names, organisations) with aliases,
  and unnamed sources scoped to their article; strengths, modes and review statuses
  mixed; 40 outlets; publication dates spread over ten years; a claim per distinct
  content, and 4% of contents repeating one reported elsewhere (corroboration).

Full-text index: the per-row FTS trigger is dropped for the bulk insert and the index
is then filled in one ``INSERT ... SELECT`` from the migration's own
``attribution_search_source`` view, after which the trigger is recreated from the SQL
saved from ``sqlite_master``: the database ends exactly as the migrations leave it,
and the load is several times faster than a million trigger firings. The index is then
merged (FTS5 ``optimize``) and ``ANALYZE`` run, as for a database at rest.

A finished build writes ``<path>.json`` (parameters, counts, seconds); a later call
with the same parameters finds it and returns at once. ``cached_corpus()`` keeps builds
under ``benchmarks/.cache/`` (not in version control).

    python benchmarks/corpus.py --documents 100000      # ~1M attributions
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import fcntl
import hashlib
import itertools
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ATTRIBUTIONS_PER_DOCUMENT",
    "build_corpus",
    "cache_dir",
    "cached_corpus",
    "corpus_arguments",
]

GENERATOR_VERSION = 4  # 4: claims found by key_hash (migration 0011)
ATTRIBUTIONS_PER_DOCUMENT = 10
CONTEXT = 32  # prefix/suffix characters, as provenance.spans.DEFAULT_CONTEXT
CORROBORATED = 0.04  # share of content that repeats what another article reported

# ------------------------------------------------------------------ vocabulary


def _words(block: str) -> list[str]:
    return block.split()


COMMON_WORDS = _words("""
government minister officials talks security ceasefire agreement border troops
military forces president election parliament opposition economy inflation budget
sanctions negotiations deal support pressure strategy meeting summit report policy
investment companies markets prices energy gas oil pipeline exports imports trade
tariffs growth crisis conflict attack strikes defence intelligence operation region
coalition alliance treaty diplomats embassy foreign domestic reform court ruling
judge investigation allegations evidence prosecutors police protest demonstrators
refugees humanitarian aid agencies funding banks lenders debt bonds currency
central rates interest recession jobs workers unions strike wages healthcare
hospitals vaccine outbreak climate emissions targets renewable power grid nuclear
reactor weapons missiles drones airspace navy shipping ports corridor supplies
grain food shortages drought water infrastructure construction railway airport
technology chips data privacy regulators competition merger acquisition shares
investors profits losses revenue quarter forecast outlook ministry cabinet
spokesperson statement announcement decision plan proposal framework mechanism
deconfliction coordination cooperation dialogue mediation withdrawal deployment
offensive counteroffensive frontline casualties civilians villages province capital
northern southern eastern western coastal rural urban local national international
regional global bilateral multilateral unprecedented significant major minor key
senior former acting interim new longstanding controversial sensitive confidential
formal informal direct indirect public private early late urgent gradual sudden
""")

VERBS = _words("""
said warned argued insisted claimed stressed noted acknowledged suggested denied
confirmed estimated predicted promised pledged threatened urged expected believed
""")

AUXILIARIES = _words("would could will may had has was were is are might must")
MAIN_VERBS = _words("""
review delay expand suspend reject approve consider prepare seek resist accelerate
block finance revise postpone negotiate draft weaken strengthen extend replace
""")
PREPOSITIONS = _words("for on with by over after before between during against under into")
DETERMINERS = _words("the the the a their its this")

COUNTRIES = _words("""
Turkey Israel Syria Iran Iraq Egypt Jordan Lebanon Qatar Azerbaijan Russia Ukraine
China India Pakistan Brazil Mexico Canada France Germany Italy Spain Poland Greece
Japan Korea Indonesia Nigeria Kenya Ethiopia Argentina Chile Colombia Sweden Norway
""")

ADJECTIVAL = {
    "Turkey": "Turkish", "Israel": "Israeli", "Syria": "Syrian", "Iran": "Iranian",
    "Iraq": "Iraqi", "Egypt": "Egyptian", "Jordan": "Jordanian", "Lebanon": "Lebanese",
    "Qatar": "Qatari", "Azerbaijan": "Azerbaijani", "Russia": "Russian",
    "Ukraine": "Ukrainian", "China": "Chinese", "India": "Indian",
    "Pakistan": "Pakistani", "Brazil": "Brazilian", "Mexico": "Mexican",
    "Canada": "Canadian", "France": "French", "Germany": "German", "Italy": "Italian",
    "Spain": "Spanish", "Poland": "Polish", "Greece": "Greek", "Japan": "Japanese",
    "Korea": "Korean", "Indonesia": "Indonesian", "Nigeria": "Nigerian",
    "Kenya": "Kenyan", "Ethiopia": "Ethiopian", "Argentina": "Argentine",
    "Chile": "Chilean", "Colombia": "Colombian", "Sweden": "Swedish", "Norway": "Norwegian",
}  # fmt: skip

FIRST_NAMES = _words("""
Hakan Ayşe Mehmet Elif Gallia Yossi Noa Donald Benjamin Recep Emmanuel Olaf Giorgia
Pedro Ursula Keir Rishi Narendra Xi Lula Javier Claudia Justin Mette Jonas Sanna
Kyriakos Andrzej Małgorzata Zoë Chloé José Ramón Søren Björn Åsa Jürgen Renée
François Müge Çağla İlker Şule Nuri Fatma Amir Leila Omar Rania Yusuf Tamar Avi
Mariana Sebastián Ngozi Chinedu Wanjiru Abiy Haruki Yuki Min-jun Seo-yeon Arjun Priya
""")

SURNAMES = _words("""
Fidan Lindenstrauss Trump Netanyahu Erdoğan Macron Scholz Meloni Sánchez Leyen
Starmer Sunak Modi Lula Milei Sheinbaum Trudeau Frederiksen Støre Marin Mitsotakis
Duda Kowalczyk Müller Schröder Weiß Lefèvre Dubois García Rodríguez Núñez Peña
Çelik Yılmaz Kaya Demir Şahin Öztürk Aydın Arslan Doğan Kılıç Levi Cohen Mizrahi
Peretz Haddad Khalil Nasser Mansour Okonkwo Adeyemi Mwangi Tanaka Suzuki Kim Park
Sharma Gupta Iyer Santos Oliveira Ferreira Costa Rossi Bianchi Novak Horvat Kovač
Andersson Johansson Nilsson Hansen Jensen Nieminen Virtanen Popescu Ionescu Papadopoulos
""")

TITLES = (
    """
foreign minister|defence minister|finance minister|prime minister|president|central
bank governor|chief executive|senior fellow|spokesperson|ambassador|economy
minister|energy minister|army chief|opposition leader|analyst|professor|mayor
""".replace("\n", " ")
    .strip()
    .split("|")
)

ORGANISATION_KINDS = (
    """
Ministry of Defence|Ministry of Foreign Affairs|Central Bank|Ministry of Energy|
Supreme Court|Election Commission|Competition Authority|State Oil Company|
National Security Council|Statistics Office|Armed Forces|Presidency
""".replace("\n", "")
    .strip()
    .split("|")
)

# unnamed sources: with an affiliation or role (described), or with neither (vague)
UNNAMED_TEMPLATES = {
    "anonymous_described": [
        "a senior {adj} official",
        "a {adj} defence official",
        "{adj} officials",
        "a former senior {adj} official",
        "an {adj} intelligence official",
        "a diplomat involved in the talks",
        "a banker involved in the deal",
    ],
    "anonymous_vague": [
        "a person familiar with the matter",
        "people briefed on the talks",
        "sources close to the negotiations",
        "a person familiar with the plans",
        "two people with knowledge of the discussions",
    ],
}

OUTLETS = [
    "Financial Times", "The New York Times", "The Washington Post", "The Guardian",
    "Le Monde", "Der Spiegel", "El País", "Corriere della Sera", "Reuters",
    "Associated Press", "Bloomberg", "The Wall Street Journal", "BBC News",
    "Al Jazeera", "Haaretz", "The Times of Israel", "Hürriyet Daily News",
    "Daily Sabah", "The Economist", "Politico Europe", "Süddeutsche Zeitung",
    "Neue Zürcher Zeitung", "Gazeta Wyborcza", "Kathimerini", "Asahi Shimbun",
    "The Hindu", "Folha de S.Paulo", "Clarín", "La Nación", "The Globe and Mail",
    "Dagens Nyheter", "Aftenposten", "Helsingin Sanomat", "Nikkei Asia",
    "South China Morning Post", "Daily Nation", "Premium Times", "Al-Monitor",
    "Kyiv Independent", "Meduza",
]  # fmt: skip

# strength, speaker kind, weight
STRENGTH_MIX = [
    ("on_record", "person", 30),
    ("official_statement", "organization", 15),
    ("documentary", "organization", 3),
    ("anonymous_described", "unnamed", 20),
    ("anonymous_vague", "unnamed", 12),
    ("unattributed", None, 20),
]
STATUS_MIX = [("confirmed", 85), ("proposed", 12), ("rejected", 3)]
SYLLABLES = _words("""ka ro mi ta sel ven dor lin qua bre zan pho tur mek sti lav or an el iv
um ast gen tor bal cim dra fen gol hum jor kel nup sav tek wim yor zel""")


def _tail_words(rng: random.Random, count: int) -> list[str]:
    """Rarer words: invented but pronounceable, so the vocabulary has a long tail."""
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


@dataclass
class ZipfPicker:
    """Picks words with probability proportional to 1 / rank**s."""

    words: list[str]
    s: float = 1.05
    cumulative: list[float] = field(init=False)

    def __post_init__(self) -> None:
        weights = [1 / (rank**self.s) for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> str:
        x = rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_left(self.cumulative, x)]


# ------------------------------------------------------------------ speakers


@dataclass
class NamedSpeaker:
    id: int
    name: str
    kind: str  # person | organization
    mentions: list[str]  # ways the text refers to it (name first)
    aliases: list[str]


def _named_speakers(rng: random.Random, people: int, organisations: int) -> list[NamedSpeaker]:
    speakers: list[NamedSpeaker] = []
    seen: set[str] = set()
    while len([s for s in speakers if s.kind == "person"]) < people:
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        country = rng.choice(COUNTRIES)
        name = f"{first} {last}"
        if rng.random() < 0.3:
            name = f"{first} {rng.choice(FIRST_NAMES)} {last}"
        if name in seen:
            continue
        seen.add(name)
        title = rng.choice(TITLES)
        long_form = f"{ADJECTIVAL[country]} {title} {name}"
        aliases = [last, long_form]
        if any(ch in last for ch in "ğşçöüıİéáñ"):
            aliases.append(_ascii(last))
        speakers.append(
            NamedSpeaker(len(speakers) + 1, name, "person", [name, long_form, last], aliases)
        )
    for country in COUNTRIES:
        for kind in ORGANISATION_KINDS:
            if len(speakers) >= people + organisations:
                break
            name = f"{country} {kind}"
            speakers.append(
                NamedSpeaker(
                    len(speakers) + 1,
                    name,
                    "organization",
                    [f"the {ADJECTIVAL[country]} {kind.lower()}", name],
                    [f"{ADJECTIVAL[country]} {kind.lower()}"],
                )
            )
    return speakers


def _ascii(word: str) -> str:
    table = str.maketrans("ğşçöüıİéáñ", "gscouiIean")
    return word.translate(table)


# ------------------------------------------------------------------ articles


@dataclass
class Span:
    start: int
    end: int


@dataclass
class Paragraph:
    text: str
    content: Span
    source: Span | None
    cue: Span | None
    mode: str


class ArticleWriter:
    """Writes the sentences of an article and remembers where each span lies."""

    def __init__(self, rng: random.Random, common: ZipfPicker, tail: ZipfPicker):
        self.rng = rng
        self.common = common
        self.tail = tail
        self.recent: list[str] = []  # clauses other articles may report again

    def clause(self) -> str:
        """A content clause of about 8 to 30 words: subject, verb, object, details."""
        rng = self.rng
        words = self._noun_phrase()
        words += [rng.choice(AUXILIARIES), rng.choice(MAIN_VERBS)]
        words += self._noun_phrase()
        for _ in range(rng.randint(1, 4)):
            words.append(rng.choice(PREPOSITIONS))
            words += self._noun_phrase()
        if rng.random() < 0.3:
            words.insert(rng.randint(2, len(words)), rng.choice(COUNTRIES))
        return " ".join(words)

    def _noun_phrase(self) -> list[str]:
        rng = self.rng
        words = [rng.choice(DETERMINERS)]
        for _ in range(rng.choice((0, 1, 1, 2))):
            words.append(self._word())
        words.append(self._word())
        return words

    def _word(self) -> str:
        return self.common.pick(self.rng) if self.rng.random() < 0.8 else self.tail.pick(self.rng)

    def paragraph(self, mention: str | None) -> Paragraph:
        rng = self.rng
        if self.recent and rng.random() < CORROBORATED:
            clause = rng.choice(self.recent)
        else:
            clause = self.clause()
            if len(self.recent) < 2_000:
                self.recent.append(clause)
            else:
                self.recent[rng.randrange(2_000)] = clause
        if mention is None:
            text = clause[0].upper() + clause[1:] + "."
            return Paragraph(text, Span(0, len(text) - 1), None, None, "indirect")
        verb = rng.choice(VERBS)
        style = rng.random()
        if style < 0.45:  # indirect: Mention said that clause.
            lead = f"{_capital(mention)} {verb} that "
            text = f"{lead}{clause}."
            content = Span(len(lead), len(text) - 1)
            return Paragraph(
                text, content, Span(0, len(mention)), _at(text, verb, len(mention)), "indirect"
            )
        if style < 0.75:  # direct: “Clause,” mention said.
            quote = f"“{clause[0].upper()}{clause[1:]},”"
            text = f"{quote} {mention} {verb}."
            source = Span(len(quote) + 1, len(quote) + 1 + len(mention))
            cue = _at(text, verb, source.end)
            return Paragraph(text, Span(0, len(quote)), source, cue, "direct")
        if style < 0.9:  # mixed: Mention said the plan was “a clause”.
            words = clause.split()
            cut = rng.randint(2, max(2, len(words) - 3))
            inner = " ".join(words[:cut]) + " “" + " ".join(words[cut:]) + "”"
            lead = f"{_capital(mention)} {verb} "
            text = f"{lead}{inner}."
            content = Span(len(lead), len(text) - 1)
            return Paragraph(
                text, content, Span(0, len(mention)), _at(text, verb, len(mention)), "mixed"
            )
        lead = f"According to {mention}, "  # according to: the cue comes first
        text = f"{lead}{clause}."
        return Paragraph(
            text,
            Span(len(lead), len(text) - 1),
            Span(len("According to "), len("According to ") + len(mention)),
            Span(0, len("According to")),
            "indirect",
        )


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _at(text: str, word: str, after: int) -> Span:
    start = text.index(word, after)
    return Span(start, start + len(word))


# ------------------------------------------------------------------ building


def _weighted(rng: random.Random, items: list[tuple]) -> tuple:  # type: ignore[type-arg]
    total = sum(item[-1] for item in items)
    x = rng.random() * total
    for item in items:
        x -= item[-1]
        if x < 0:
            return item
    return items[-1]


def _span_row(text: str, span: Span | None) -> tuple:  # type: ignore[type-arg]
    if span is None:
        return (None, None, None, None, None)
    return (
        span.start,
        span.end,
        text[span.start : span.end],
        text[max(0, span.start - CONTEXT) : span.start],
        text[span.end : span.end + CONTEXT],
    )


def _claim(content: str) -> tuple[str, str, int]:
    """A claim as prov stores it: its text, its key and the key's hash."""
    from provenance.attributions.recording import claim_key_hash, claim_parts

    text, key = claim_parts(content)
    return text, key, claim_key_hash(key)


ATTRIBUTION_COLUMNS = (
    "id, document_id, claim_id, speaker_id, strength, mode, status, recorded_via,"
    " recorded_by, confidence, created_at,"
    " content_start, content_end, content_exact, content_prefix, content_suffix,"
    " source_start, source_end, source_exact, source_prefix, source_suffix,"
    " cue_start, cue_end, cue_exact, cue_prefix, cue_suffix"
)


def _generate(connection: sqlite3.Connection, documents: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    now = dt.datetime(2026, 1, 1).isoformat(sep=" ")
    common = ZipfPicker(COMMON_WORDS)
    tail = ZipfPicker(_tail_words(rng, 40_000), s=0.9)
    writer = ArticleWriter(rng, common, tail)
    people = max(50, documents // 5)
    named = _named_speakers(rng, people=people, organisations=len(COUNTRIES) * 12)
    by_kind = {kind: [s for s in named if s.kind == kind] for kind in ("person", "organization")}
    people_picker = ZipfPicker([str(i) for i in range(len(by_kind["person"]))], s=0.8)
    cur = connection.cursor()
    cur.executemany(
        "INSERT INTO outlets (id, name, key) VALUES (?, ?, ?)",
        [(n, name, _fold(name)) for n, name in enumerate(OUTLETS, 1)],
    )
    cur.executemany(
        "INSERT INTO speakers (id, name, key, type, created_at) VALUES (?, ?, ?, ?, ?)",
        [(s.id, s.name, _fold(s.name), s.kind, now) for s in named],
    )
    alias_rows = []
    for s in named:
        keys = {_fold(s.name)}
        for alias in s.aliases:
            if _fold(alias) not in keys:
                keys.add(_fold(alias))
                alias_rows.append((s.id, alias, _fold(alias)))
    cur.executemany(
        "INSERT INTO speaker_aliases (speaker_id, alias, key) VALUES (?, ?, ?)", alias_rows
    )

    next_speaker = len(named) + 1
    claims: dict[str, int] = {}
    attribution_id = 0
    start_day = dt.date(2015, 1, 1).toordinal()
    days = dt.date(2025, 12, 31).toordinal() - start_day
    document_rows, unnamed_rows, claim_rows, attribution_rows = [], [], [], []

    def flush() -> None:
        cur.executemany(
            "INSERT INTO documents (id, outlet_id, title, url, published, authors, text,"
            " sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            document_rows,
        )
        cur.executemany(
            "INSERT INTO speakers (id, name, key, type, document_id, created_at)"
            " VALUES (?, ?, ?, 'unnamed', ?, ?)",
            unnamed_rows,
        )
        cur.executemany(
            "INSERT INTO claims (id, text, key_hash, created_at) VALUES (?, ?, ?, ?)", claim_rows
        )
        placeholders = ", ".join("?" * 26)
        cur.executemany(
            f"INSERT INTO attributions ({ATTRIBUTION_COLUMNS}) VALUES ({placeholders})",
            attribution_rows,
        )
        for rows in (document_rows, unnamed_rows, claim_rows, attribution_rows):
            rows.clear()

    for document_id in range(1, documents + 1):
        unnamed_here: dict[str, int] = {}
        paragraphs: list[tuple[Paragraph, str, int | None]] = []
        for _ in range(ATTRIBUTIONS_PER_DOCUMENT):
            strength, kind, _weight = _weighted(rng, STRENGTH_MIX)
            speaker_id: int | None = None
            mention: str | None = None
            if kind == "person":
                person = by_kind["person"][int(people_picker.pick(rng))]
                speaker_id, mention = person.id, rng.choice(person.mentions)
            elif kind == "organization":
                organisation = rng.choice(by_kind["organization"])
                speaker_id, mention = organisation.id, rng.choice(organisation.mentions)
            elif kind == "unnamed":
                template = rng.choice(UNNAMED_TEMPLATES[strength])
                mention = template.format(adj=ADJECTIVAL[rng.choice(COUNTRIES)])
                if mention not in unnamed_here:
                    unnamed_here[mention] = next_speaker
                    unnamed_rows.append((next_speaker, mention, _fold(mention), document_id, now))
                    next_speaker += 1
                speaker_id = unnamed_here[mention]
            paragraphs.append((writer.paragraph(mention), strength, speaker_id))

        text_parts: list[str] = []
        offset = 0
        placed = []
        for paragraph, strength, speaker_id in paragraphs:
            placed.append((offset, paragraph, strength, speaker_id))
            text_parts.append(paragraph.text)
            offset += len(paragraph.text) + 1
        text = "\n".join(text_parts)
        title = _capital(" ".join(writer.clause().split()[: rng.randint(6, 10)]))
        published = dt.date.fromordinal(start_day + rng.randrange(days)).isoformat()
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        document_rows.append(
            (
                document_id,
                rng.randint(1, len(OUTLETS)),
                title,
                f"https://example.org/{document_id}",
                published,
                json.dumps([f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"]),
                text,
                sha,
                now,
            )
        )
        for base, paragraph, strength, speaker_id in placed:
            attribution_id += 1
            shifted = [
                None if s is None else Span(s.start + base, s.end + base)
                for s in (paragraph.content, paragraph.source, paragraph.cue)
            ]
            exact = text[shifted[0].start : shifted[0].end]  # type: ignore[union-attr]
            claimed, key, key_hash = _claim(exact)
            claim_id = claims.get(key)
            if claim_id is None:
                claim_id = claims[key] = len(claims) + 1
                claim_rows.append((claim_id, claimed, key_hash, now))
            status = _weighted(rng, STATUS_MIX)[0]
            via = rng.choice(("import", "extractor", "hand"))
            attribution_rows.append(
                (
                    attribution_id,
                    document_id,
                    claim_id,
                    speaker_id,
                    strength,
                    paragraph.mode,
                    status,
                    via,
                    "benchmark",
                    round(rng.uniform(0.5, 1.0), 3) if via == "extractor" else None,
                    now,
                    *_span_row(text, shifted[0]),
                    *_span_row(text, shifted[1]),
                    *_span_row(text, shifted[2]),
                )
            )
        if document_id % 5_000 == 0:
            flush()
            print(f"  {document_id:,} documents", file=sys.stderr, flush=True)
    flush()
    return {
        "documents": documents,
        "attributions": attribution_id,
        "speakers": next_speaker - 1,
        "claims": len(claims),
    }


def _fold(text: str) -> str:
    from provenance.text.folding import fold_key

    return fold_key(text)


FTS_INSERT_TRIGGER = "attributions_fts_insert"


def build_corpus(path: Path, documents: int, seed: int = 0) -> Path:
    """Build (or find already built) a corpus of ``documents`` articles at ``path``.

    Ten attributions per document. The same ``documents`` and ``seed`` always give the
    same database. Returns ``path``. Two processes asking for the same path at once
    (two benchmarks) build it once: the second waits for the first.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wanted = {"generator": GENERATOR_VERSION, "documents": documents, "seed": seed}
    with _exclusive(path.with_name(path.name + ".lock")):
        manifest_path = path.with_name(path.name + ".json")
        if path.exists() and manifest_path.exists():
            manifest = json.loads(manifest_path.read_text())
            if {k: manifest.get(k) for k in wanted} == wanted:
                return path
        _build(path, manifest_path, wanted)
    return path


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(path: Path, manifest_path: Path, wanted: dict[str, int]) -> None:
    from provenance.store.database import Database

    documents, seed = wanted["documents"], wanted["seed"]
    partial = path.with_name(path.name + ".partial")
    for stale in (path, manifest_path, partial):
        stale.unlink(missing_ok=True)
        Path(f"{stale}-wal").unlink(missing_ok=True)
        Path(f"{stale}-shm").unlink(missing_ok=True)

    began = time.perf_counter()
    Database(partial).close()  # the real schema, by the real migrations
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -1000000")
        connection.execute("PRAGMA foreign_keys = ON")
        trigger_sql = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (FTS_INSERT_TRIGGER,),
        ).fetchone()[0]
        connection.execute("BEGIN")
        connection.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
        counts = _generate(connection, documents, seed)
        print("  full-text index", file=sys.stderr, flush=True)
        connection.execute(
            "INSERT INTO attribution_fts(rowid, content, claim, speaker, title) "
            "SELECT attribution_id, content, claim, speaker, title "
            "FROM attribution_search_source"
        )
        connection.execute(trigger_sql)
        connection.execute("COMMIT")
        print("  merging the index, ANALYZE", file=sys.stderr, flush=True)
        connection.execute("INSERT INTO attribution_fts(attribution_fts) VALUES ('optimize')")
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        connection.close()
        partial.unlink(missing_ok=True)
        raise
    connection.close()
    partial.replace(path)
    Path(f"{partial}-wal").unlink(missing_ok=True)
    Path(f"{partial}-shm").unlink(missing_ok=True)
    manifest = {
        **wanted,
        **counts,
        "bytes": path.stat().st_size,
        "seconds": round(time.perf_counter() - began, 1),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")


def cache_dir() -> Path:
    """Where built corpora are kept between benchmark runs (``benchmarks/.cache``)."""
    return Path(__file__).resolve().parent / ".cache"


def cached_corpus(documents: int, seed: int = 0) -> Path:
    """The corpus of ``documents`` articles under ``benchmarks/.cache/``, built if missing."""
    name = f"corpus-{documents}-seed{seed}-v{GENERATOR_VERSION}.db"
    return build_corpus(cache_dir() / name, documents, seed)


def corpus_arguments(parser: argparse.ArgumentParser, *, documents: int, runs: int) -> None:
    """The options a benchmark on a corpus takes: its size (or an existing file) and
    how many timed runs."""
    parser.add_argument("--documents", type=int, default=documents)
    parser.add_argument("--db", type=Path, help="an existing corpus (default: the cache)")
    parser.add_argument("--runs", type=int, default=runs, help="timed runs per measure")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="Database path (default: the cache).")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if args.out:
        path = build_corpus(args.out, args.documents, args.seed)
    else:
        path = cached_corpus(args.documents, args.seed)
    manifest = json.loads(path.with_name(path.name + ".json").read_text())
    print(json.dumps({"path": str(path), **manifest}, indent=2))
    print(f"ready in {time.perf_counter() - began:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
