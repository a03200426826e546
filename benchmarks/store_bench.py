"""Store benchmark: load, query latency and export throughput on a generated database, per backend; merge P/R.

Usage: python benchmarks/store_bench.py [--events 100000] [--json]
A seeded generator writes articles of ten events each (real cities, two years of dates, PLOVER and ACLED
types in field-like shares, some events told again by other articles) straight as Analysis records, no
model. They are loaded with Store.save_analysis (merging included) into a fresh SQLite file and a fresh
PostgreSQL database (a throwaway server, tests/pg_server.py; skipped when PostgreSQL is not installed).
The merge score runs the real pipeline over tests/fixtures/merge_corpus.jsonl (after the peak memory
of the store runs is taken). Runs in its own process (benchmarks/run.py calls it).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import pg_server  # noqa: E402  (tests/pg_server.py: the same throwaway server the tests use)
from newsevents import evaluate  # noqa: E402
from newsevents.export import BINARY_FORMATS, FORMATS, export  # noqa: E402
from newsevents.records import (  # noqa: E402
    ActorMention,
    Analysis,
    Article,
    DateMention,
    EventMention,
    EventQuery,
    PlaceMention,
    Span,
)
from newsevents.store import Store, open_store  # noqa: E402

EVENTS_PER_ARTICLE = 10
RUNS = 40  # timed runs of each query, after one warm-up run
GOAL_MS = 50.0  # issue 14: p95 under 50 ms for an indexed filter with --limit 100
MERGE_CORPUS = REPO / "tests" / "fixtures" / "merge_corpus.jsonl"
MERGE_GOLD = REPO / "tests" / "fixtures" / "merge_gold.json"

# ISO2, name, demonym-free short name for actors, and (city, lat, lon) of some real cities.
COUNTRIES = (
    ("IQ", "Iraq", (("Baghdad", 33.31, 44.37), ("Mosul", 36.34, 43.13), ("Basra", 30.51, 47.81), ("Kirkuk", 35.47, 44.39))),
    ("SY", "Syria", (("Aleppo", 36.20, 37.16), ("Idlib", 35.93, 36.63), ("Deir ez-Zor", 35.34, 40.14), ("Daraa", 32.62, 36.10))),
    ("YE", "Yemen", (("Sanaa", 15.35, 44.21), ("Aden", 12.78, 45.04), ("Marib", 15.46, 45.32), ("Taiz", 13.58, 44.02))),
    ("AF", "Afghanistan", (("Kabul", 34.53, 69.17), ("Kandahar", 31.61, 65.71), ("Herat", 34.35, 62.20))),
    ("PK", "Pakistan", (("Peshawar", 34.01, 71.58), ("Quetta", 30.18, 66.98), ("Karachi", 24.86, 67.01))),
    ("NG", "Nigeria", (("Maiduguri", 11.85, 13.16), ("Kaduna", 10.52, 7.44), ("Lagos", 6.52, 3.38), ("Jos", 9.90, 8.86))),
    ("ML", "Mali", (("Bamako", 12.64, -8.00), ("Gao", 16.27, -0.04), ("Mopti", 14.49, -4.20))),
    ("BF", "Burkina Faso", (("Ouagadougou", 12.37, -1.53), ("Djibo", 14.10, -1.63), ("Kaya", 13.09, -1.08))),
    ("NE", "Niger", (("Niamey", 13.51, 2.11), ("Tillaberi", 14.21, 1.45), ("Diffa", 13.32, 12.61))),
    ("SO", "Somalia", (("Mogadishu", 2.05, 45.32), ("Kismayo", -0.36, 42.55), ("Baidoa", 3.11, 43.65))),
    ("SD", "Sudan", (("Khartoum", 15.50, 32.56), ("El Fasher", 13.63, 25.35), ("Omdurman", 15.64, 32.48))),
    ("SS", "South Sudan", (("Juba", 4.85, 31.58), ("Malakal", 9.53, 31.66), ("Bor", 6.21, 31.56))),
    ("ET", "Ethiopia", (("Addis Ababa", 9.03, 38.74), ("Mekelle", 13.50, 39.47), ("Gondar", 12.60, 37.47))),
    ("CD", "DR Congo", (("Goma", -1.68, 29.22), ("Bunia", 1.57, 30.25), ("Beni", 0.49, 29.47), ("Kinshasa", -4.32, 15.31))),
    ("CF", "Central African Republic", (("Bangui", 4.39, 18.56), ("Bambari", 5.76, 20.68))),
    ("CM", "Cameroon", (("Bamenda", 5.96, 10.15), ("Buea", 4.15, 9.24), ("Maroua", 10.59, 14.32))),
    ("MZ", "Mozambique", (("Pemba", -12.97, 40.52), ("Mocimboa da Praia", -11.35, 40.35))),
    ("LY", "Libya", (("Tripoli", 32.89, 13.19), ("Benghazi", 32.12, 20.07), ("Sirte", 31.21, 16.59))),
    ("EG", "Egypt", (("Cairo", 30.04, 31.24), ("Arish", 31.13, 33.80), ("Alexandria", 31.20, 29.92))),
    ("IL", "Israel", (("Jerusalem", 31.77, 35.21), ("Tel Aviv", 32.09, 34.78), ("Sderot", 31.52, 34.60))),
    ("PS", "Palestine", (("Gaza", 31.50, 34.47), ("Khan Younis", 31.35, 34.31), ("Jenin", 32.46, 35.30), ("Nablus", 32.22, 35.26))),
    ("LB", "Lebanon", (("Beirut", 33.89, 35.50), ("Tyre", 33.27, 35.20), ("Nabatieh", 33.38, 35.48))),
    ("UA", "Ukraine", (("Kharkiv", 49.99, 36.23), ("Kherson", 46.64, 32.61), ("Donetsk", 48.02, 37.80), ("Zaporizhzhia", 47.84, 35.14))),
    ("RU", "Russia", (("Belgorod", 50.60, 36.59), ("Kursk", 51.73, 36.19), ("Moscow", 55.76, 37.62))),
    ("MM", "Myanmar", (("Yangon", 16.87, 96.20), ("Mandalay", 21.97, 96.08), ("Sittwe", 20.15, 92.90))),
    ("IN", "India", (("Imphal", 24.82, 93.94), ("Srinagar", 34.08, 74.80), ("New Delhi", 28.61, 77.21))),
    ("PH", "Philippines", (("Marawi", 8.00, 124.29), ("Cotabato", 7.22, 124.25), ("Manila", 14.60, 120.98))),
    ("CO", "Colombia", (("Bogota", 4.61, -74.08), ("Cali", 3.45, -76.53), ("Cucuta", 7.89, -72.51))),
    ("MX", "Mexico", (("Culiacan", 24.81, -107.39), ("Tijuana", 32.51, -117.04), ("Acapulco", 16.85, -99.82))),
    ("HT", "Haiti", (("Port-au-Prince", 18.54, -72.34), ("Cap-Haitien", 19.76, -72.20))),
    ("VE", "Venezuela", (("Caracas", 10.49, -66.88), ("Maracaibo", 10.65, -71.64))),
    ("KE", "Kenya", (("Nairobi", -1.29, 36.82), ("Mombasa", -4.04, 39.67), ("Garissa", -0.45, 39.65))),
    ("FR", "France", (("Paris", 48.86, 2.35), ("Marseille", 43.30, 5.37), ("Lyon", 45.76, 4.84))),
    ("IR", "Iran", (("Tehran", 35.69, 51.39), ("Zahedan", 29.50, 60.86), ("Mashhad", 36.30, 59.61))),
)
# Named armed groups by country; other actors are generic ("Military Forces of ...", "Protesters (...)").
GROUPS = {
    "IQ": ("Islamic State", "Kataib Hezbollah"), "SY": ("Hayat Tahrir al-Sham", "Syrian Democratic Forces"),
    "YE": ("Houthi Movement", "Southern Transitional Council"), "AF": ("Islamic State Khorasan",),
    "PK": ("Tehrik-i-Taliban Pakistan", "Baloch Liberation Army"), "NG": ("Boko Haram", "ISWAP"),
    "ML": ("JNIM",), "BF": ("JNIM", "Ansarul Islam"), "NE": ("Islamic State Sahel",), "SO": ("Al Shabaab",),
    "SD": ("Rapid Support Forces",), "CD": ("M23", "ADF", "CODECO"), "MZ": ("Ahlu Sunnah Wa-Jama",),
    "PS": ("Hamas", "Palestinian Islamic Jihad"), "LB": ("Hezbollah",), "MM": ("Arakan Army", "People's Defence Force"),
    "CO": ("ELN", "Clan del Golfo"), "MX": ("Sinaloa Cartel", "CJNG"), "HT": ("Viv Ansanm",),
    "CM": ("Ambazonian separatists",), "PH": ("New People's Army",), "ET": ("Fano militia",),
}  # fmt: skip


@dataclass(frozen=True)
class Kind:
    """One kind of event: its codes, its share of events, and the sentence that tells it."""

    plover: str
    mode: str | None
    acled: str | None
    sub_event: str | None
    weight: int
    template: str  # fields: {a1} {a2} {t} trigger, {place}, {day}, {n} fatalities
    actors: tuple[str, str | None]  # roles: armed, state, civilians, protesters, rioters, unidentified
    deadly: bool


KINDS = (
    Kind("FIGHT", "small arms", "Battles", "Armed clash", 18,
         "{a1} {t} {a2} near {place} {day}, leaving {n} dead.", ("state", "armed"), True),
    Kind("FIGHT", None, "Battles", "Government regains territory", 2,
         "{a1} {t} from {a2} around {place} {day}; {n} fighters were killed.", ("state", "armed"), True),
    Kind("ASSAULT", "aerial", "Explosions/Remote violence", "Air/drone strike", 8,
         "A {t} by {a1} hit a building in {place} {day}, killing {n} people.", ("state", None), True),
    Kind("ASSAULT", "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", 5,
         "A roadside {t} attributed to {a1} struck a convoy outside {place} {day}, killing {n}.", ("unidentified", None), True),
    Kind("ASSAULT", "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack", 6,
         "{a1} {t} residential areas of {place} {day}, killing {n} civilians.", ("state", "civilians"), True),
    Kind("ASSAULT", "small arms", "Violence against civilians", "Attack", 14,
         "{a1} {t} villagers in {place} {day}, killing {n} {a2}.", ("armed", "civilians"), True),
    Kind("ASSAULT", "abduction", "Violence against civilians", "Abduction/forced disappearance", 3,
         "{a1} {t} {n} {a2} on the road to {place} {day}.", ("unidentified", "civilians"), False),
    Kind("PROTEST", "demonstrate", "Protests", "Peaceful protest", 20,
         "Thousands of {a1} {t} through {place} {day} against rising prices.", ("protesters", None), False),
    Kind("PROTEST", "demonstrate", "Protests", "Protest with intervention", 5,
         "{a2} {t} a sit-in by {a1} in {place} {day} and arrested {n} people.", ("protesters", "police"), False),
    Kind("PROTEST", "riot", "Riots", "Violent demonstration", 6,
         "{a1} {t} shops and set tyres ablaze in {place} {day}; {n} people died.", ("rioters", None), True),
    Kind("COERCE", "arrest", "Strategic developments", "Arrests", 4,
         "{a1} {t} {n} suspected members of {a2} in {place} {day}.", ("police", "armed"), False),
    Kind("AGREE", None, "Strategic developments", "Agreement", 2,
         "{a1} and {a2} {t} a local truce in {place} {day}.", ("state", "armed"), False),
    Kind("ACCUSE", None, None, None, 4,
         "{a1} {t} {a2} of the violence in {place} {day}.", ("state", "armed"), False),
    Kind("CONSULT", None, None, None, 3,
         "Officials {t} with {a1} in {place} {day} about aid deliveries.", ("armed", None), False),
)  # fmt: skip
TRIGGERS = {
    "Armed clash": "clashed with", "Government regains territory": "retook positions",
    "Air/drone strike": "drone strike", "Remote explosive/landmine/IED": "bomb",
    "Shelling/artillery/missile attack": "shelled", "Attack": "attacked", "Abduction/forced disappearance": "abducted",
    "Peaceful protest": "marched", "Protest with intervention": "broke up", "Violent demonstration": "looted",
    "Arrests": "arrested", "Agreement": "signed", None: "",
}  # fmt: skip
CONSULT_OR_ACCUSE = {"ACCUSE": "accused", "CONSULT": "met"}
START = date(2023, 1, 1)
DAYS = 730
SOURCES = ("Wire Desk", "Daily Courier", "Regional Times", "Global Post", "Field Report", "Evening Star")


@dataclass(frozen=True)
class Told:
    """One real event as the generator imagined it; several articles may tell it."""

    kind: Kind
    country: tuple[str, str, tuple[tuple[str, float, float], ...]]
    city: tuple[str, float, float]
    day: date
    actors: tuple[tuple[str, str | None], tuple[str, str | None] | None]  # (name, type) pairs
    fatalities: int


def _actor(role: str, code: str, name: str, rng: random.Random) -> tuple[str, str | None]:
    if role == "armed":
        groups = GROUPS.get(code)
        if groups and rng.random() < 0.7:
            return rng.choice(groups), "rebel group"
        return f"Unidentified Armed Group ({name})", "unidentified armed group"
    return {
        "state": (f"Military Forces of {name}", "state forces"),
        "police": (f"Police Forces of {name}", "state forces"),
        "civilians": (f"Civilians ({name})", "civilians"),
        "protesters": (f"Protesters ({name})", "protesters"),
        "rioters": (f"Rioters ({name})", "rioters"),
        "unidentified": (f"Unidentified Armed Group ({name})", "unidentified armed group"),
    }[role]


def _imagine(rng: random.Random) -> Told:
    kind = rng.choices(KINDS, weights=[k.weight for k in KINDS])[0]
    # A few countries hold most events, as in the field.
    country = rng.choices(COUNTRIES, weights=[1 + 8 / (i + 1) for i in range(len(COUNTRIES))])[0]
    code, name, cities = country
    first, second = kind.actors
    actors = (_actor(first, code, name, rng), _actor(second, code, name, rng) if second else None)
    fatalities = min(int(rng.expovariate(0.25)), 200) if kind.deadly else rng.randint(0, 30)
    # Most events happen in the villages and districts around a city, up to ~60 km out, not at its centre.
    city, lat, lon = rng.choice(cities)
    spot = (city, lat + rng.uniform(-0.5, 0.5), lon + rng.uniform(-0.5, 0.5)) if rng.random() < 0.8 else (city, lat, lon)
    return Told(kind, country, spot, START + timedelta(days=rng.randrange(DAYS)), actors, fatalities)


def _day_words(day: date, precision: str) -> str:
    if precision == "week":
        return f"in the week of {day:%d %B %Y}"
    if precision == "month":
        return f"in {day:%B %Y}"
    return f"on {day:%d %B %Y}"


def _sentence(template: str, values: dict[str, str], at: int) -> tuple[str, dict[str, tuple[int, int]]]:
    """The sentence and where each field's words are, as offsets from ``at``."""
    parts: list[str] = []
    where: dict[str, tuple[int, int]] = {}
    length = at
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(literal)
        length += len(literal)
        if name is not None:
            where[name] = (length, length + len(values[name]))
            parts.append(values[name])
            length += len(values[name])
    text = "".join(parts)
    return text[0].upper() + text[1:], where


def _tell(told: Told, text: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """One article's sentence for ``told`` and the EventMention fields it carries (spans to resolve)."""
    kind = told.kind
    precision = rng.choices(("day", "week", "month"), weights=(90, 7, 3))[0]
    day = told.day
    if precision == "week":
        day -= timedelta(days=day.weekday())
    elif precision == "month":
        day = day.replace(day=1)
    (a1, t1), second = told.actors
    a2, t2 = second or ("", None)
    # Another article may count the dead differently.
    n = max(0, told.fatalities + rng.choice((0, 0, 0, 1, -1, 2)))
    trigger = TRIGGERS[kind.sub_event] or CONSULT_OR_ACCUSE[kind.plover]
    values = {"a1": a1, "a2": a2, "t": trigger, "place": told.city[0], "day": _day_words(day, precision), "n": str(n)}
    sentence, where = _sentence(kind.template, values, len(text))
    return sentence, {"told": told, "where": where, "date": day.isoformat(), "precision": precision,
                      "types": (t1, t2), "fatalities": n}  # fmt: skip


def _mention(full: str, told_at: dict[str, Any], evidence: Span, rng: random.Random) -> EventMention:
    told, where = told_at["told"], told_at["where"]
    code = told.country[0]
    city, lat, lon = told.city

    def span(name: str) -> Span:
        return Span.of(full, *where[name])

    t1, t2 = told_at["types"]
    (a1, _), second = told.actors
    precision = rng.choices((1, 2, 3), weights=(70, 25, 5))[0]
    place = PlaceMention(
        span=span("place"), name=city, lat=round(lat + rng.uniform(-0.03, 0.03), 4),
        lon=round(lon + rng.uniform(-0.03, 0.03), 4), country_code=code, feature_code="PPL", precision=precision,
    )  # fmt: skip
    counted = told.kind.deadly and "n" in where
    return EventMention(
        event_type=told.kind.plover, evidence=evidence, event_mode=told.kind.mode,
        acled_event_type=told.kind.acled, acled_sub_event_type=told.kind.sub_event,
        actor1=ActorMention(span("a1"), a1, country_code=code, type=t1),
        actor2=ActorMention(span("a2"), second[0], country_code=code, type=t2) if second and "a2" in where else None,
        date=DateMention(span("day"), told_at["date"], told_at["precision"]),
        location=place, fatalities=told_at["fatalities"] if counted else None,
        fatalities_span=span("n") if counted else None, trigger=span("t"),
        is_aggregate=rng.random() < 0.03, confidence=round(0.2 + 0.8 * rng.random() ** 0.6, 3),
    )  # fmt: skip


def generate(n_events: int, seed: int = 14) -> Iterator[Analysis]:
    """``n_events`` reports in articles of ten; about one in eight retells an event of a recent article."""
    rng = random.Random(seed)
    recent: list[tuple[int, Told]] = []  # (article number, event) other articles may retell
    for number in range(n_events // EVENTS_PER_ARTICLE):
        text = ""
        told_here: list[dict[str, Any]] = []
        spans: list[tuple[int, int]] = []
        for _ in range(EVENTS_PER_ARTICLE):
            earlier = [t for n, t in recent if n != number]
            told = rng.choice(earlier) if earlier and rng.random() < 0.12 else _imagine(rng)
            recent.append((number, told))
            sentence, fields = _tell(told, text + (" " if text else ""), rng)
            text += (" " if text else "") + sentence
            spans.append((len(text) - len(sentence), len(text)))
            told_here.append(fields)
        del recent[:-300]
        mentions = tuple(_mention(text, t, Span.of(text, *s), rng) for t, s in zip(told_here, spans))
        latest = max(date.fromisoformat(t["date"]) for t in told_here)
        article = Article(
            text=text, title=f"Report {number}: {mentions[0].acled_event_type or mentions[0].event_type} in "
            f"{mentions[0].location.name if mentions[0].location else ''}", published=(latest + timedelta(days=rng.randint(0, 2))).isoformat(),
            source=rng.choice(SOURCES), url=f"https://news.example/{number}", external_id=f"bench-{number}",
        )  # fmt: skip
        yield Analysis(article=article, places=tuple(m.location for m in mentions if m.location), events=mentions)


# ---------------------------------------------------------------- measuring


def load(store: Store, n_events: int) -> dict[str, Any]:
    """Seconds and rates of save_analysis over the generated corpus (not generating it), then what the store holds."""
    seconds = 0.0
    articles = reports = 0
    for analysis in generate(n_events):
        started = time.perf_counter()
        reports += store.save_analysis(analysis)
        seconds += time.perf_counter() - started
        articles += 1
    stats = store.stats()
    _, rows = store.sql("SELECT count(*) FROM (SELECT event_id FROM reports GROUP BY event_id HAVING count(*) > 1) AS m")
    return {
        "articles": articles, "seconds": round(seconds, 1), "articles_per_second": round(articles / seconds, 1),
        "reports_per_second": round(reports / seconds), "reports": stats.reports, "events": stats.events,
        "merged_events": rows[0][0], "aggregates": stats.aggregates,
    }  # fmt: skip


def _queries() -> list[tuple[str, bool, Callable[[random.Random], EventQuery]]]:
    """(name, whether an index serves it, a maker of varied queries)."""

    def city(rng: random.Random) -> tuple[str, float, float]:
        return rng.choice(rng.choice(COUNTRIES)[2])

    def month(rng: random.Random) -> str:
        return f"{START + timedelta(days=rng.randrange(DAYS)):%Y-%m}"

    def kind(rng: random.Random) -> Kind:
        return rng.choice([k for k in KINDS if k.acled])

    def box(rng: random.Random) -> tuple[float, float, float, float]:
        _, lat, lon = city(rng)
        return (lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5)

    def group(rng: random.Random) -> str:
        return rng.choice(rng.choice(list(GROUPS.values())))

    return [
        ("default (min confidence 0.4, newest first)", True, lambda rng: EventQuery()),
        ("--all (min confidence 0)", True, lambda rng: EventQuery(min_confidence=0)),
        ("type", True, lambda rng: EventQuery(event_type=rng.choice(KINDS).plover)),
        ("ACLED type", True, lambda rng: EventQuery(acled_event_type=kind(rng).acled)),
        ("ACLED sub-event", True, lambda rng: EventQuery(acled_sub_event_type=kind(rng).sub_event)),
        ("actor (part of a name)", False, lambda rng: EventQuery(actor=group(rng))),
        ("country", True, lambda rng: EventQuery(country=rng.choice(COUNTRIES)[0])),
        ("since/until (one month)", True, lambda rng: EventQuery(since=(m := month(rng)), until=m)),
        ("near 50 km", True, lambda rng: EventQuery(near=city(rng)[1:])),
        ("bbox 1x1 degree", True, lambda rng: EventQuery(bbox=box(rng))),
        ("q full text", True, lambda rng: EventQuery(q=rng.choice((city(rng)[0], group(rng), "drone strike", "looted")))),
        ("aggregate only", False, lambda rng: EventQuery(aggregate=True)),
        ("min confidence 0.8", True, lambda rng: EventQuery(min_confidence=0.8)),
        ("sort -fatalities", False, lambda rng: EventQuery(sort="-fatalities")),
        ("deep page (offset 5000)", False, lambda rng: EventQuery(offset=rng.randint(4000, 6000))),
        ("country + type + month", True, lambda rng: EventQuery(
            country=rng.choice(COUNTRIES)[0], event_type=rng.choice(KINDS).plover, since=month(rng),
        )),
    ]  # fmt: skip


def query_latency(store: Store) -> list[dict[str, Any]]:
    """p50 and p95 (ms) of each filter over RUNS varied queries, limit 100, after one warm-up query."""
    rows = []
    for name, indexed, make in _queries():
        rng = random.Random(name)
        store.events(make(rng))  # warm
        times, found = [], []
        for _ in range(RUNS):
            query = make(rng)
            started = time.perf_counter()
            found.append(len(store.events(query)))
            times.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        rows.append({"filter": name, "indexed": indexed, "p50_ms": round(statistics.median(times), 1),
                     "p95_ms": round(p95, 1), "mean_rows": round(statistics.mean(found)),
                     "meets_goal": p95 < GOAL_MS})  # fmt: skip
    return rows


def export_throughput(store: Store, folder: Path) -> list[dict[str, Any]]:
    """Each format of every event (any confidence) to a file: events/s and MB/s."""
    rows = []
    for fmt in FORMATS:
        path = folder / f"events.{fmt}"
        started = time.perf_counter()
        with path.open("wb") if fmt in BINARY_FORMATS else path.open("w", encoding="utf-8", newline="") as out:
            counts = export(store.iter_events(min_confidence=0, limit=None), fmt, out)
        seconds = time.perf_counter() - started
        megabytes = path.stat().st_size / 1e6
        path.unlink()
        rows.append({"format": fmt, "events": counts.written, "left_out": counts.left_out, "seconds": round(seconds, 1),
                     "events_per_second": round((counts.written + counts.left_out) / seconds),
                     "megabytes": round(megabytes, 1), "megabytes_per_second": round(megabytes / seconds, 2)})  # fmt: skip
    return rows


def backend_figures(target: str, n_events: int, folder: Path) -> dict[str, Any]:
    with open_store(target) as store:
        print(f"loading {n_events:,} events into {store.location} ...", file=sys.stderr)
        loaded = load(store, n_events)
        print("querying ...", file=sys.stderr)
        queries = query_latency(store)
        print("exporting ...", file=sys.stderr)
        exports = export_throughput(store, folder)
    return {"load": loaded, "queries": queries, "exports": exports}


def merge_score(folder: Path) -> dict[str, Any]:
    """Pairwise merge P/R/F1 of the real pipeline on the project's merge corpus."""
    from newsevents import pipeline  # loads spaCy: after the store figures and their memory

    with open_store(folder / "merge.db") as store:
        pipeline.ingest_into(store, [MERGE_CORPUS])
        events = store.events(min_confidence=0, limit=None)
        documents = {}
        for article_id in {s.report.article_id for e in events for s in e.sources} | {e.article_id for e in events}:
            stored = store.article(article_id)
            if stored is not None and stored.article.external_id:
                documents[article_id] = stored.article.external_id
    result = evaluate.score_merging(events, evaluate.load_merge_gold(MERGE_GOLD), documents)
    return {key: round(value, 3) if isinstance(value, float) else value for key, value in vars(result).items()}


def measure(n_events: int) -> dict[str, Any]:
    figures: dict[str, Any] = {"events": n_events, "countries": len(COUNTRIES), "runs_per_filter": RUNS, "goal_ms": GOAL_MS, "backends": {}}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        figures["backends"]["sqlite"] = backend_figures(str(folder / "bench.db"), n_events, folder)
        try:
            with pg_server.running() as server:
                figures["backends"]["postgresql"] = backend_figures(server.create_database(), n_events, folder)
        except pg_server.PostgresUnavailable as missing:
            print(f"PostgreSQL skipped: {missing}", file=sys.stderr)
            figures["postgresql_skipped"] = str(missing)
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print("scoring the merge on the merge corpus ...", file=sys.stderr)
        figures["merge"] = merge_score(folder)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="reports to generate (articles of ten)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (for benchmarks/run.py)")
    args = parser.parse_args(argv)
    result = measure(args.events)
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
