"""Actors stage: who is named in an article, resolved against a curated actor dictionary.

The dictionary is ``data/actors.yaml`` (persons, armed groups, organisations, media,
generic actors) plus state bodies generated for every country of ``data/countries.csv``
with the alias templates of ``data/actor_rules.yaml``. ``ruler_patterns`` feeds the
proper names to spaCy's EntityRuler; ``resolve`` turns a parsed article into
``ActorMention`` records, with in-article coreference (surnames, titles, "the group").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .errors import DataError
from .records import Actor, ActorMention, Analysis, Entity, Span
from .resources import load_csv, load_yaml

ACTOR_TYPES = frozenset(
    {
        "state forces",
        "rebel group",
        "political militia",
        "identity militia",
        "rioters",
        "protesters",
        "civilians",
        "external/other forces",
        "government",
        "international organisation",
        "person",
        "media",
    }
)
ARMED_TYPES = frozenset({"rebel group", "political militia", "identity militia"})

# Confidence of a mention, by how it was found: a full dictionary name is near certain;
# a shared (ambiguous) alias, a surname, a title or a country named as a subject less so;
# an actor only known from spaCy NER, or whose country is only guessed from context, least.
CONFIDENCE_NAME = 0.9
CONFIDENCE_AMBIGUOUS = 0.6
CONFIDENCE_COREFERENCE = 0.7
CONFIDENCE_ANAPHOR = 0.55
CONFIDENCE_METONYM = 0.5
CONFIDENCE_NER = 0.45
CONFIDENCE_CONTEXT = 0.35

# "The group" refers to the last armed group only when it was named this many sentences
# back at most; further away the phrase usually means something else (a committee, a bloc).
ANAPHOR_MAX_SENTENCES = 3
# A title is looked for this many tokens before an unknown person's name ("UNHCR Lebanon
# Representative Karolina ..."); an appositive ("X, a spokesman for Y") this many after.
TITLE_WINDOW_TOKENS = 5
APPOSITIVE_WINDOW_TOKENS = 12
# Acronyms (all capitals, at most this long) must match with their case: "WHO" is not "who".
ACRONYM_MAX_LEN = 5
# A country named in the headline counts as this many mentions in the body.
TITLE_COUNTRY_WEIGHT = 2
# ACLED codes an unnamed group with the country where the event happens: a place name (country,
# city, province) is this many times better evidence of it than a demonym ("a Nigerian trader").
PLACE_COUNTRY_WEIGHT = 2
# An abbreviation in brackets right after a name ("New People's Army (NPA)") belongs to that
# mention; brackets with more tokens than this ("(Kerou, Atacora)") are notes or places.
ABBREVIATION_MAX_TOKENS = 5
# A side of "a clash between A from X and B" is this many dependency steps (conj, pobj, prep) below "between".
BETWEEN_MAX_STEPS = 4

_PROPER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_FUNCTION_WORDS = frozenset(
    {"of", "the", "for", "and", "in", "al", "el", "de", "du", "la", "le", "bin", "ibn", "wal", "fi", "ul", "e", "ad", "d", "on",
     "i", "ud", "ur", "ash", "s"}  # "Tehrik-i-Taliban", "Ansar ud-Dine", "People's" (split at the apostrophe)
)
_ARTICLE_PREFIX = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ARABIC_ARTICLE = re.compile(r"\b(?:al|el|Al|El)[- ](?=\w)")
_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Photo credits and caption sources: "(Photo by Rabih DAHER / AFP)", "... north Baghdad (Reuters)".
_CREDIT = re.compile(
    r"\((?:photo|image|picture|file photo)s?\b[^)\n]*\)|\(\s*[A-Z][\w .'’/-]{0,40}\)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Words after a group's name that still mean the group: "Taliban militants", "Hezbollah members".
# "NPA", "LeT", "CPI-Maoist", "ULFA-I": two capitals at least, no spaces.
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]*[A-Z][\w/-]*")
_MEMBER_WORDS = frozenset({"militants", "fighters", "members", "operatives", "gunmen", "rebels", "militiamen", "insurgents"})
# Determiners of a phrase that points back: "those militias" are the militias named before, not new ones.
_BACK_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
# "These groups", "those factions": a group anaphor ("the group") told of several.
_PLURAL_DEMONSTRATIVES = frozenset({"these", "those"})
_TOKENIZER: list[Any] = []
# The generic actor ACLED codes every unarmed victim as: "a trader" or "a herder" killed is "Civilians (Benin)".
_CIVILIANS = "civilians"


@lru_cache(maxsize=1 << 16)  # the same names and words are folded over and over
def _fold(text: str) -> str:
    """Case-, diacritic- and apostrophe-insensitive form of a text."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ı", "i")
    return " ".join(text.casefold().split())


def _key(alias: str) -> str:
    """Normalised alias for duplicate checks and search: folded, without a leading article."""
    return _ARTICLE_PREFIX.sub("", _fold(alias))


@dataclass(frozen=True)
class _Dictionary:
    """The loaded dictionary plus the indexes ``resolve`` needs."""

    actors: tuple[Actor, ...]
    by_id: dict[str, Actor]
    patron: dict[str, str]
    ambiguous: dict[str, frozenset[str]]
    descriptive: dict[str, frozenset[str]]
    generic: frozenset[str]
    demonyms: dict[str, tuple[str, str]]  # folded demonym -> (ISO2, canonical demonym)
    country_names: dict[str, str]  # folded name -> ISO2
    capitals: dict[str, str]
    cities: dict[str, str]  # folded name of a large city -> ISO2 (country evidence, never a metonym)
    state_nouns: dict[str, str]  # folded phrase -> state body kind
    titles: dict[str, tuple[str, ...]]
    backing_words: frozenset[str]
    group_anaphors: frozenset[str]
    problems: tuple[str, ...] = field(default=())


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _state_actors(rules: dict, rows: tuple[dict[str, str], ...]) -> tuple[dict[str, dict], dict[str, set[str]]]:
    """Government, forces, police, ministries and parliament of every country, as entry dicts."""
    entries: dict[str, dict] = {}
    descriptive: dict[str, set[str]] = {}
    for row in rows:
        code = row["iso2"].strip()
        names = [row["name"].strip(), *_split(row.get("aliases"))]
        demonyms = _split(row.get("demonyms"))
        for kind, spec in rules["state_actors"].items():
            actor_id = f"{code.lower()}-{kind}"
            phrases: list[str] = []
            for template in spec["descriptive"]:
                fillers = demonyms if "{D}" in template else names
                phrases += [template.replace("{D}", f).replace("{C}", f) for f in fillers]
            entries[actor_id] = {
                "id": actor_id,
                "name": spec["name"].replace("{C}", names[0]),
                "type": spec["type"],
                "country": code,
                "aliases": phrases,
                "parent": None if kind == "government" else f"{code.lower()}-government",
            }
            descriptive[actor_id] = {_key(p) for p in phrases}
    return entries, descriptive


def _to_actor(entry: dict) -> Actor:
    aliases = [str(a) for a in entry.get("aliases") or () if str(a) != entry.get("name")]
    return Actor(
        id=str(entry.get("id") or ""),
        name=str(entry.get("name") or ""),
        type=str(entry.get("type") or ""),
        country_code=entry.get("country"),
        aliases=tuple(dict.fromkeys(aliases)),
        parent=entry.get("parent"),
        role=entry.get("role"),
        start=None if entry.get("start") is None else str(entry["start"]),
        end=None if entry.get("end") is None else str(entry["end"]),
    )


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    rules = load_yaml("actor_rules.yaml")
    rows = load_csv("countries.csv")
    curated = load_yaml("actors.yaml")
    if not isinstance(curated, list):
        raise DataError("data file 'actors.yaml' must be a list of actors", "fix the file or reinstall newsevents")
    entries, descriptive = _state_actors(rules, rows)
    patron: dict[str, str] = {}
    ambiguous: dict[str, frozenset[str]] = {}
    problems = [f"{i}: id used {n} times in actors.yaml" for i, n in Counter(e.get("id") for e in curated).items() if n > 1]
    for entry in curated:
        actor_id = entry.get("id")
        if actor_id in entries:
            base = entries[actor_id]
            merged = {**base, **{k: v for k, v in entry.items() if k != "aliases"}}
            merged["aliases"] = [base["name"], *base["aliases"], *(entry.get("aliases") or ())]
            entries[actor_id] = merged
        else:
            entries[actor_id] = dict(entry)
        if entry.get("patron"):
            patron[actor_id] = entry["patron"]
        if entry.get("ambiguous"):
            ambiguous[actor_id] = frozenset(_key(a) for a in entry["ambiguous"])
    actors = tuple(_to_actor(e) for e in entries.values())
    generic = frozenset(e["id"] for e in curated if e.get("generic"))
    demonyms: dict[str, tuple[str, str]] = {}
    country_names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    cities: dict[str, str] = {}
    for row in rows:
        code = row["iso2"].strip()
        for demonym in _split(row.get("demonyms")):
            demonyms.setdefault(_fold(demonym), (code, _split(row.get("demonyms"))[0]))
        for name in [row["name"], *_split(row.get("aliases"))]:
            country_names.setdefault(_key(name), code)
        if row.get("capital"):
            capitals[row["capital"].strip()] = code
        for city in _split(row.get("cities")):
            cities.setdefault(_fold(city), code)
    state_nouns = {_fold(p): kind for kind, phrases in rules["generic_state_nouns"].items() for p in phrases}
    return _Dictionary(
        actors=actors,
        by_id={a.id: a for a in actors},
        patron=patron,
        ambiguous=ambiguous,
        descriptive={k: frozenset(v) for k, v in descriptive.items()},
        generic=generic,
        demonyms=demonyms,
        country_names=country_names,
        capitals=capitals,
        cities=cities,
        state_nouns=state_nouns,
        titles={_fold(t): tuple(roles or ()) for t, roles in rules["titles"].items()},
        backing_words=frozenset(rules["backing_words"]),
        group_anaphors=frozenset(_fold(p) for p in rules["group_anaphors"]),
        problems=tuple(problems),
    )


def actor_dictionary() -> tuple[Actor, ...]:
    """Every actor of the dictionary, generated state bodies included (cached)."""
    return _dictionary().actors


def search(query: str, limit: int = 20) -> list[Actor]:
    """Actors whose id, name or an alias contains ``query`` (case and diacritics ignored), best first."""
    wanted = _key(query)
    scored = []
    for order, actor in enumerate(actor_dictionary()):
        keys = [_key(actor.name), *(_key(a) for a in actor.aliases)]
        if wanted == actor.id or wanted in keys:
            rank = 0
        elif any(k.startswith(wanted) for k in keys):
            rank = 1
        elif any(wanted in k for k in keys) or wanted in actor.id:
            rank = 2
        else:
            continue
        scored.append((rank, order, actor))
    return [actor for _, _, actor in sorted(scored, key=lambda item: item[:2])[:limit]]


def check() -> list[str]:
    """Problems in the dictionary data: bad fields, codes, parents and duplicate aliases."""
    import pycountry

    data = _dictionary()
    problems = list(data.problems)
    owners: dict[str, set[str]] = {}
    for actor in data.actors:
        where = actor.id or f"(actor named {actor.name!r})"
        if not actor.id or not _SLUG.match(actor.id):
            problems.append(f"{where}: id must be a lowercase slug")
        if not actor.name:
            problems.append(f"{where}: name is missing")
        if actor.type not in ACTOR_TYPES:
            problems.append(f"{where}: unknown type {actor.type!r}")
        for code in (actor.country_code, data.patron.get(actor.id)):
            if code is not None and pycountry.countries.get(alpha_2=str(code)) is None:
                problems.append(f"{where}: {code!r} is not an ISO 3166-1 alpha-2 code")
        if actor.parent is not None and actor.parent not in data.by_id:
            problems.append(f"{where}: unknown parent {actor.parent!r}")
        for value in (actor.start, actor.end):
            if value is not None and not _DATE_VALUE.match(value):
                problems.append(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if actor.type == "person" and actor.end is None and actor.start is not None and actor.role is None:
            problems.append(f"{where}: a person with a start date needs a role")
        for alias in {_key(a) for a in (actor.name, *actor.aliases)}:
            if alias not in data.ambiguous.get(actor.id, ()):
                owners.setdefault(alias, set()).add(actor.id)
    for alias, ids in sorted(owners.items()):
        if len(ids) > 1:
            problems.append(f"alias {alias!r} is shared by {', '.join(sorted(ids))}; declare it ambiguous")
    return problems


def _is_proper(alias: str) -> bool:
    """True for a name ("Islamic State", "al-Qaeda"), false for a description ("Iraqi army")."""
    words = re.findall(r"[^\W\d_]+", alias)
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() or w.lower() in _FUNCTION_WORDS for w in words)


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns for the dictionary's proper names, labelled PERSON or ORG, with actor ids."""
    data = _dictionary()
    patterns = []
    for actor in data.actors:
        if actor.id in data.generic:
            continue
        label = "PERSON" if actor.type == "person" else "ORG"
        skip = data.ambiguous.get(actor.id, frozenset()) | data.descriptive.get(actor.id, frozenset())
        names = [actor.name, *actor.aliases]
        # The ruler matches case-sensitively: "al-Nusrah Front" is also written "The Al-Nusrah Front".
        names += [n[0].upper() + n[1:] for n in names if n[:1].islower() and n.split("-")[0] in {"al", "el"}]
        for alias in dict.fromkeys(names + [n.replace("'", "’") for n in names if "'" in n]):
            if len(alias) < 2 or _key(alias) in skip or _ARTICLE_PREFIX.match(alias) or not _is_proper(alias):
                continue
            patterns.append({"label": label, "pattern": alias, "id": actor.id})
    return patterns


# --- matching ---------------------------------------------------------------------------------


def _tokenize(text: str) -> list[str]:
    if not _TOKENIZER:
        import spacy

        _TOKENIZER.append(spacy.blank("en").tokenizer)
    return [t.text for t in _TOKENIZER[0](text)]


def _variants(alias: str) -> set[str]:
    """Spellings of an alias as written in news: al-/el- forms and without the article."""
    variants = {alias}
    if _ARABIC_ARTICLE.search(alias):
        for prefix in ("al-", "el-", "al "):
            variants.add(_ARABIC_ARTICLE.sub(prefix, alias))
        if len(alias.split()) >= 2:
            variants.add(_ARABIC_ARTICLE.sub("", alias))
    return {_ARTICLE_PREFIX.sub("", v) for v in variants}


@dataclass(frozen=True)
class _Entry:
    actor_id: str
    alias: str
    proper: bool  # the alias is a name ("Hezbollah"), not a description ("Lebanese army")
    ambiguous: bool


@lru_cache(maxsize=1)
def _alias_index() -> tuple[dict[tuple[str, ...], list[_Entry]], int]:
    """Folded token sequence -> dictionary entries, and the longest sequence length."""
    data = _dictionary()
    index: dict[tuple[str, ...], list[_Entry]] = {}
    for actor in data.actors:
        ambiguous = data.ambiguous.get(actor.id, frozenset())
        descriptive = data.descriptive.get(actor.id, frozenset())
        for alias in dict.fromkeys((actor.name, *actor.aliases)):
            proper = _is_proper(alias) and _key(alias) not in descriptive
            entry = _Entry(actor.id, alias, proper, _key(alias) in ambiguous)
            for variant in _variants(alias):
                tokens = tuple(_fold(t) for t in _tokenize(variant))
                if tokens and entry not in index.setdefault(tokens, []):
                    index[tokens].append(entry)
    return index, max(len(k) for k in index)


def _case_fits(entry: _Entry, tokens: list[Any]) -> bool:
    """Names must look like names in the text; acronyms must keep their capitals."""
    alias_tokens = _tokenize(_ARTICLE_PREFIX.sub("", entry.alias))
    for written, token in zip(alias_tokens, tokens):
        is_acronym = written.isupper() and sum(c.isalpha() for c in written) >= 2 and len(written) <= ACRONYM_MAX_LEN
        if is_acronym and (token.text != written or token.sent.text.isupper()):
            return False
    if entry.alias == entry.alias.lower():
        return True
    first = next((t for t in tokens if t.is_alpha), None)
    return first is None or not first.text.islower()


def _credit_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]


def _inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


@dataclass
class _Found:
    """A mention being built; ``kind`` says how it was found."""

    start: int  # token index
    end: int
    kind: str  # name | generic | state-noun | entity | metonym | identity | anaphor-title | anaphor-group | anaphor-groups
    actor_id: str | None = None
    ambiguous: bool = False
    proper: bool = False
    label: str | None = None
    name: str | None = None  # identity militias: the name built from the text ("Dendi Ethnic Militia")
    name_end: int | None = None  # where the name stops when a bracketed abbreviation follows it


def _match_aliases(doc: Any, credits: list[tuple[int, int]]) -> list[_Found]:
    """Longest dictionary aliases and generic state nouns, left to right, outside credits."""
    data = _dictionary()
    index, longest = _alias_index()
    folded = [_fold(t.text) for t in doc]
    found = []
    i = 0
    while i < len(doc):
        hit = None
        for length in range(min(longest, len(doc) - i), 0, -1):
            entries = index.get(tuple(folded[i : i + length]))
            if entries:
                fits = [e for e in entries if _case_fits(e, list(doc[i : i + length]))]
                if fits:
                    hit = (length, fits[0])
                    break
            if " ".join(folded[i : i + length]) in data.state_nouns:
                hit = (length, None)
                break
        if hit is None:
            i += 1
            continue
        length, entry = hit
        span = doc[i : i + length]
        kind = "state-noun" if entry is None else "generic" if entry.actor_id in data.generic else "name"
        # "military base", "civilian casualties": a lone modifier word names nobody.
        is_modifier = kind != "name" and length == 1 and doc[i].dep_ in {"amod", "compound"}
        end = i + length
        if not is_modifier and not _inside(span.start_char, span.end_char, credits):
            if entry is None:
                found.append(_Found(i, end, kind))
            else:
                found.append(_Found(i, end, kind, entry.actor_id, entry.ambiguous, entry.proper))
                abbreviation = _abbreviation_after(doc, end, credits) if kind == "name" else None
                if abbreviation and abbreviation[1] in {None, entry.actor_id}:
                    found[-1].end, found[-1].name_end, found[-1].ambiguous = abbreviation[0], end, False
                    length = abbreviation[0] - i
        i += length
        if kind == "name" and i < len(doc) and _fold(doc[i].text) in _MEMBER_WORDS:
            i += 1  # "Hezbollah fighters" names Hezbollah once, not a second, generic actor
    return found


def _abbreviation_after(doc: Any, end: int, credits: list[tuple[int, int]]) -> tuple[int, str | None] | None:
    """(token after the closing bracket, actor the abbreviation names) for "(NPA)" starting at token ``end``."""
    if end >= len(doc) or doc[end].text != "(":
        return None
    limit = min(len(doc), end + 2 + ABBREVIATION_MAX_TOKENS)
    close = next((k for k in range(end + 2, limit) if doc[k].text == ")"), None)
    if close is None:
        return None
    inner = doc[end + 1 : close]
    data = _dictionary()
    if not _ABBREVIATION.fullmatch(inner.text) or _inside(doc[end].idx, doc[close].idx + 1, credits) or _key(inner.text) in data.country_names:
        return None
    index, _ = _alias_index()
    named = [data.by_id[e.actor_id] for e in index.get(tuple(_fold(t.text) for t in inner), []) if e.actor_id not in data.generic]
    if any(actor.type == "media" for actor in named):
        return None  # "(AFP)": a credit, not the name's abbreviation
    return close + 1, named[0].id if named else None


def _ambiguous_confirmed(doc: Any, found: _Found) -> bool:
    """A shared alias ("Fars", "Amal") counts only where spaCy sees an organisation or it reports."""
    span = doc[found.start : found.end]
    following = (doc[found.end].lemma_ or doc[found.end].text).lower() if found.end < len(doc) else ""
    if following in {"say", "said", "report", "reported", "quote", "cite", "news"}:
        return True
    org = next((e for e in doc.ents if e.label_ == "ORG" and e.start <= found.start and found.end <= e.end), None)
    # "National Association of ...": the alias only opens a longer name, whether NER saw all of it or not.
    if org is not None:
        return org.end == found.end
    if following and doc[found.end].is_alpha and doc[found.end].text[0].isupper():
        return False
    return span.text.isupper() and len(span.text) > 2


# --- context: countries, demonyms, titles -----------------------------------------------------


def _demonym_before(doc: Any, start: int) -> tuple[int, str | None, str | None, str | None]:
    """(new start, country, patron, demonym) from "Iranian-backed Iraqi" just before token ``start``."""
    data = _dictionary()
    country = patron = demonym = None
    i = start
    if i > 0 and _fold(doc[i - 1].text) in data.demonyms:
        country, demonym = data.demonyms[_fold(doc[i - 1].text)]
        i -= 1
    if i >= 3 and doc[i - 1].text.lower() in data.backing_words and doc[i - 2].text == "-":
        backer = _fold(doc[i - 3].text)
        code = data.demonyms.get(backer, (data.country_names.get(backer), None))[0]
        if code:
            patron = code
            i -= 3
    return i, country, patron, demonym


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=1)
def _subdivisions() -> dict[tuple[str, ...], str]:
    """Folded words of a top-level ISO 3166-2 subdivision name -> its country, for names in one country only."""
    import pycountry

    stopwords = {_fold(w) for w in load_yaml("actor_rules.yaml")["subdivision_stopwords"]}
    owners: dict[tuple[str, ...], set[str]] = {}
    for subdivision in pycountry.subdivisions:
        # Lower levels (Estonian parishes, Portuguese districts) share too many names with towns elsewhere.
        if subdivision.parent_code is None:
            words = tuple(_fold(w) for w in _WORD.findall(subdivision.name))
            if words and " ".join(words) not in stopwords:
                owners.setdefault(words, set()).add(subdivision.country_code)
    return {words: codes.pop() for words, codes in owners.items() if len(codes) == 1}


def _country_votes(text: str, weight: int, counts: Counter[str]) -> None:
    """Add ``weight`` per demonym, and more per country, city or province name, written capitalised in ``text``."""
    data = _dictionary()
    subdivisions = _subdivisions()
    capitals = {**data.cities, **{_fold(c): code for c, code in data.capitals.items()}}
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    folded = [_fold(w) for w in words]
    i = 0
    while i < len(words):
        step, code, votes = 1, None, weight
        if words[i][:1].isupper():
            code = data.demonyms.get(folded[i], (None,))[0]
            for length in range(3, 0, -1) if code is None else ():
                phrase = tuple(folded[i : i + length])
                code = data.country_names.get(" ".join(phrase)) or capitals.get(" ".join(phrase))
                if code is None and not _runs_on(text, matches, i + length):
                    code = subdivisions.get(phrase)
                if code:
                    step, votes = length, weight * PLACE_COUNTRY_WEIGHT
                    break
        if code:
            counts[code] += votes
        i += step


_DIVISION_WORDS = frozenset({"province", "state", "region", "governorate", "district", "county", "department"})


def _runs_on(text: str, words: list[re.Match], i: int) -> bool:
    """Whether a capitalised name goes on at word ``i``: "Nelson" in "Nelson Mandela Bay" is no New Zealand region."""
    if not 0 < i < len(words) or text[words[i - 1].end() : words[i].start()] != " ":
        return False
    return words[i].group()[:1].isupper() and words[i].group().lower() not in _DIVISION_WORDS


def _context_country(doc: Any, candidates: list[_Found], title: str | None = None) -> str | None:
    """The country the article is mostly about, by its demonyms, country, capital and province names and the
    countries of the dictionary actors it names (the Taliban outvote a district that shares a Macedonian name)."""
    counts: Counter[str] = Counter()
    _country_votes(doc.text, 1, counts)
    if title:
        _country_votes(title, TITLE_COUNTRY_WEIGHT, counts)
    data = _dictionary()
    counts.update(data.by_id[f.actor_id].country_code for f in candidates if f.kind == "name" and not f.ambiguous)
    for f in candidates:
        # "a Senegalese MINUSCA peacekeeper": the demonym gives the members' nationality, not where they are.
        demonym = _fold(doc[f.start - 1].text) if f.kind == "name" and f.start > 0 else None
        if demonym in data.demonyms:
            counts[data.demonyms[demonym][0]] -= 1
    counts.pop(None, None)
    return counts.most_common(1)[0][0] if counts else None


def _title_role(words: list[str]) -> str | None:
    """The longest title among the given lowercase words, as a role ("foreign minister")."""
    titles = _dictionary().titles
    for length in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - length + 1):
            phrase = " ".join(words[i : i + length])
            if phrase in titles:
                return phrase
    return None


def _role_matches(title: str, role: str | None) -> bool:
    return bool(role) and any(word in role.lower() for word in _dictionary().titles.get(title, ()))


# --- deeds: ACLED names groups of people by what they do ------------------------------------------


@lru_cache(maxsize=1)
def _deed_rules() -> tuple[dict[str, frozenset[str]], dict[str, dict[str, str]], frozenset[str], frozenset[str]]:
    rules = load_yaml("actor_rules.yaml")
    verbs = {deed: frozenset(lemmas) for deed, lemmas in rules["deed_verbs"].items()}
    return verbs, rules["deed_roles"], frozenset(rules["deed_subjects"]), frozenset(rules["quantity_nouns"])


@lru_cache(maxsize=1)
def _victim_nouns() -> frozenset[str]:
    return frozenset(load_yaml("actor_rules.yaml")["victim_nouns"])


# Prepositions whose object undergoes the deed: "violence against a woman", "stole cattle from a man".
_VICTIM_PREPOSITIONS = frozenset({"against", "on", "from"})


def _victims(doc: Any, taken: set[int]) -> list[_Found]:
    """People a deed is done to ("killed a trader", "a woman was abducted"): civilians to ACLED."""
    nouns = _victim_nouns()
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in taken or not (token.lower_ in nouns or token.lemma_.lower() in nouns):
            continue
        head = token.head
        undergoes = token.dep_ in {"dobj", "nsubjpass"} or token.dep_ == "pobj" and head.lower_ in _VICTIM_PREPOSITIONS
        if not (undergoes or token.dep_ == "conj" and head.dep_ in {"dobj", "nsubjpass", "pobj"}):
            continue
        start = token.left_edge.i
        while taken.intersection(range(start, token.i)):
            start += 1  # "a Fulani pastoralist man": keep only the words after a name found before
        found.append(_Found(start, token.i + 1, "generic", _CIVILIANS))
        taken.update(range(start, token.i + 1))
    return found


def _deed(token: Any) -> str | None:
    """'protest' or 'violence' when ``token`` (or the group it counts) is the subject of such a verb."""
    verbs, _, _, quantities = _deed_rules()
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in quantities:
        token = token.head.head  # "hundreds of protesters", "members of a sect" -> the counting noun
    side = token
    for _ in range(BETWEEN_MAX_STEPS):  # "a clash between farmers (from Gangban) and Fulani herders": both sides fight
        if side.dep_ == "pobj" and side.head.lower_ == "between":
            if side.head.head.lemma_.lower() in verbs["violence"]:
                return "violence"
            break
        if side.dep_ not in {"conj", "pobj", "prep"}:
            break
        side = side.head
    if token.dep_ != "nsubj" or token.head.pos_ not in {"VERB", "AUX"}:
        return None
    verb = token.head
    # "demonstrated after a colleague was killed": a clause with its own subject is another's deed.
    linked = [c for c in verb.children if c.dep_ in {"xcomp", "conj"}
              or c.dep_ == "advcl" and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)]
    lemmas = {lemma for v in (verb, *linked) for lemma in _verb_deeds(v)}
    # A demonstration that turns violent is a riot to ACLED, so violence is checked first.
    return next((deed for deed in ("violence", "protest") if lemmas & verbs[deed]), None)


def _verb_deeds(verb: Any) -> set[str]:
    """The verb's lemma, or "protest" for "staged a sit-in" or "took to the streets" (whatever the verb)."""
    objects, destinations = _protest_phrases()
    for child in verb.children:
        # "a sit-in" is parsed as "in" with the compound "sit".
        words = {child.lemma_.lower(), *(g.lemma_.lower() for g in child.children if g.dep_ == "compound")}
        if child.dep_ == "dobj" and words & objects:
            return {"protest"}
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lemma_.lower() in destinations for g in child.children):
            return {"protest"}
    return {verb.lemma_.lower()}


@lru_cache(maxsize=1)
def _protest_phrases() -> tuple[frozenset[str], frozenset[str]]:
    rules = load_yaml("actor_rules.yaml")
    return frozenset(rules["protest_objects"]), frozenset(rules["protest_destinations"])


def _phrase_head(token: Any) -> Any:
    """The noun a modifier belongs to: "Fulani pastoralist man" -> "man", which says what the group does."""
    while token.dep_ in {"compound", "amod"} and token.head.pos_ in {"NOUN", "PROPN"} and token.head.i > token.i:
        token = token.head
    return token


def _deed_role(root: Any, actor_id: str) -> str:
    """The generic actor a group becomes by its deed: villagers who lynch are rioters."""
    return _deed_rules()[1].get(actor_id, {}).get(_deed(_phrase_head(root)) or "", actor_id)


def _deed_subjects(doc: Any, taken: set[int]) -> list[_Found]:
    """Unnamed groups of people doing a protest or violent deed ("a crowd lynched", "teachers marched")."""
    _, _, subjects, quantities = _deed_rules()
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in taken or token.dep_ not in {"nsubj", "pobj"}:
            continue
        deed = _deed(token)
        people = token.lower_ in subjects or token.lemma_.lower() in subjects
        if deed is None or not (people or deed == "protest" and token.tag_ == "NNS"):
            continue
        if token.dep_ == "nsubj" and token.lower_ in quantities and any(c.dep_ == "prep" for c in token.children):
            continue  # the counted noun ("a group of locals") is the subject's name, found on its own
        start = token.left_edge.i
        if taken.intersection(range(start, token.i + 1)) or taken.intersection(t.i for t in token.subtree):
            continue  # "members of an armed group": the named actor is the doer
        found.append(_Found(start, token.i + 1, "generic", "protesters" if deed == "protest" else "rioters"))
        taken.update(range(start, token.i + 1))
    return found


_IDENTITY_HEADS = frozenset({"militia", "militias", "community", "group"})


def _identity_militias(doc: Any, taken: set[int]) -> list[_Found]:
    """'Dendi ethnic militia', 'the Ketou communal militia'; an ethnic community only when it acts violently."""
    found = []
    for token in doc[1:-1]:
        kind = token.lower_
        head = doc[token.i + 1]
        if kind not in {"ethnic", "communal"} or head.lower_ not in _IDENTITY_HEADS or token.i in taken:
            continue
        if head.lower_ in {"community", "group"} and _deed(head) != "violence":
            continue
        start = token.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha and not doc[start - 1].is_sent_start:
            start -= 1
        qualifier = doc[start : token.i].text or "Unidentified"
        name = f"{qualifier} {kind.title()} Militia"  # a community that fights is coded as its militia
        found.append(_Found(start, head.i + 1, "identity", name=name))
        taken.update(range(start, head.i + 1))
    return found


@lru_cache(maxsize=1)
def _country_short_names() -> dict[str, str]:
    return {row["iso2"].strip(): row["name"].strip() for row in load_csv("countries.csv")}


def _acled_name(name: str, code: str | None) -> str:
    """ACLED names a generic group with its country in brackets: "Rioters (Benin)"."""
    country = _country_short_names().get(code or "")
    return f"{name} ({country})" if country else name


# --- resolve ----------------------------------------------------------------------------------


def _find_candidates(doc: Any, credits: list[tuple[int, int]]) -> list[_Found]:
    """Every place an actor may be named, ordered by position, without overlaps."""
    data = _dictionary()
    found = [f for f in _match_aliases(doc, credits) if not f.ambiguous or _ambiguous_confirmed(doc, f)]
    identities = _identity_militias(doc, set())
    found = [f for f in found if not any(i.start < f.end and f.start < i.end for i in identities)] + identities
    taken = {i for f in found for i in range(f.start, f.end)}
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG"} and not taken.intersection(range(ent.start, ent.end)) and not _is_place(doc, ent):
            # Only a name with a word of its own: "al-" cut off "al-Quds Force" names nobody.
            named = any(w.lower() not in _FUNCTION_WORDS for w in _WORD.findall(ent.text))
            if not _inside(ent.start_char, ent.end_char, credits) and named:
                start = ent.start - 1 if ent.label_ == "PERSON" and _is_given_name(doc, ent.start - 1, taken) else ent.start
                found.append(_entity_found(doc, start, ent, credits, found))
                taken.update(range(start, found[-1].end))
        elif ent.label_ == "GPE" and not taken.intersection(range(ent.start, ent.end)):
            is_country = _key(ent.text) in data.country_names or ent.text in data.capitals
            if is_country and ent.root.dep_ == "nsubj":
                found.append(_Found(ent.start, ent.end, "metonym"))
                taken.update(range(ent.start, ent.end))
    found += _deed_subjects(doc, taken)
    found += _victims(doc, taken)
    surnames = {_surname(doc[f.start : f.end].text) for f in found if f.kind == "entity" and f.label == "PERSON"}
    surnames |= {_surname(data.by_id[f.actor_id].name) for f in found if f.actor_id and data.by_id[f.actor_id].type == "person"}
    for token in doc:
        # A lone surname spaCy did not tag ("Billing said"); _entity_mention keeps it only after a full name.
        if token.i not in taken and token.is_title and _fold(token.text) in surnames:
            found.append(_Found(token.i, token.i + 1, "entity", label="PERSON"))
            taken.add(token.i)
    found += _anaphors(doc, taken)
    return sorted(found, key=lambda f: f.start)


def _anaphors(doc: Any, taken: set[int]) -> list[_Found]:
    """"The group", "these groups", "the minister": phrases that point back to an actor named before."""
    data = _dictionary()
    found = []
    for token in doc:
        plural = token.lower_ in _PLURAL_DEMONSTRATIVES
        if token.i in taken or not (plural or token.lower_ == "the"):
            continue
        following = doc[token.i + 1 : token.i + 4]
        for length in range(len(following), 0, -1):
            words = [t.lower_ for t in following[:length]]
            end = token.i + 1 + length
            next_is_name = end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha
            if taken.intersection(range(token.i, end)) or next_is_name:
                continue
            if plural and following[length - 1].tag_ == "NNS":
                words[-1] = following[length - 1].lemma_.lower()  # "these groups" is "the group" told of several
                if " ".join(["the", *words]) in data.group_anaphors:
                    found.append(_Found(token.i, end, "anaphor-groups"))
                    break
            elif not plural and " ".join(["the", *words]) in data.group_anaphors:
                found.append(_Found(token.i, end, "anaphor-group"))
                break
            elif not plural and data.titles.get(" ".join(words)):
                found.append(_Found(token.i, end, "anaphor-title"))
                break
    return found


# ACLED notes code a place as "Village (District, Province)"; NER often calls those names persons.
_ACLED_PLACE = re.compile(r"\([A-Z][\w' -]*,\s*[A-Z][\w' -]*\)")
_PLACE_BEFORE = frozenset({"in", "near", "at", "around", "outside", "towards", "toward"})
_PLACE_NOUNS = frozenset({"village", "town", "city", "locality", "commune", "district", "department", "arrondissement",
                          "region", "province", "area", "camp", "market", "neighbourhood", "neighborhood"})


def _entity_found(doc: Any, start: int, ent: Any, credits: list[tuple[int, int]], found: list[_Found]) -> _Found:
    """An NER name as a candidate; an organisation keeps its bracketed abbreviation, which may say who it is."""
    abbreviation = _abbreviation_after(doc, ent.end, credits) if ent.label_ == "ORG" else None
    if abbreviation is None:
        return _Found(start, ent.end, "entity", label=ent.label_)
    end, actor_id = abbreviation
    # "Tehreek-e-Taliban Pakistan (TTP)": the abbreviation, matched on its own before, now closes this mention.
    found[:] = [f for f in found if not (ent.end <= f.start and f.end <= end)]
    if actor_id:
        return _Found(start, end, "name", actor_id, proper=True, name_end=ent.end)
    return _Found(start, end, "entity", label=ent.label_, name_end=ent.end)


def _is_place(doc: Any, ent: Any) -> bool:
    """True for a name NER took for a person or organisation that the note's wording shows is a place."""
    if tuple(_fold(w) for w in _WORD.findall(ent.text)) in _subdivisions():
        return True
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    opens = before is not None and before.text == "(" and after is not None and after.text in {",", ")"}
    closes = before is not None and before.text == "," and after is not None and after.text == ")"
    if opens or closes or after is not None and after.text == "(" and _ACLED_PLACE.match(doc.text, after.idx):
        return True  # "Koabagou (Kerou, Atacora)"
    if before is None or ent.label_ != "PERSON":
        return False
    if before.lower_ in _PLACE_BEFORE:
        return True
    return before.lower_ == "of" and ent.start > 1 and doc[ent.start - 2].lower_ in _PLACE_NOUNS


def _is_given_name(doc: Any, i: int, taken: set[int]) -> bool:
    """True when token ``i`` is a first name spaCy split off a person ("Karolina" | "Lindholm Billing")."""
    data = _dictionary()
    if i < 0 or i in taken or not (doc[i].is_title and doc[i].is_alpha) or doc[i].is_sent_start:
        return False
    folded = _fold(doc[i].text)
    return not (folded in data.demonyms or folded in data.country_names or folded in data.titles or doc[i].text in data.capitals)


def _surname(name: str) -> str:
    return _fold(_ARABIC_ARTICLE.sub("", name.split()[-1])) if name.split() else ""


def _resolve_mentions(doc: Any, text: str, title: str | None = None) -> tuple[list[ActorMention], list[tuple[_Found, ActorMention]]]:
    data = _dictionary()
    credits = _credit_ranges(text)
    candidates = _find_candidates(doc, credits)
    context = _context_country(doc, candidates, title)
    persons: list[tuple[str, ActorMention]] = []  # (surname, mention), in order of appearance
    # (sentence start, mention) of named armed groups and of generic actors whose own words gave their country
    groups: list[tuple[int, ActorMention]] = []
    pairs: list[tuple[_Found, ActorMention]] = []
    roles: dict[Span, str] = {}  # titles written next to unknown persons ("Representative")
    for found in candidates:
        mention = _mention(doc, text, found, context, persons, groups, pairs, roles)
        if mention is None:
            continue
        pairs.extend(_coordinated(doc, text, found, mention))
        pairs.append((found, mention))
        if mention.type == "person" and found.kind in {"name", "entity"}:
            persons.append((_surname(mention.name), mention))
        named_group = mention.type in ARMED_TYPES and mention.actor_id and mention.actor_id not in data.generic
        if named_group or found.kind == "generic" and _demonym_before(doc, found.start)[1]:
            groups.append((doc[found.start].sent.start, mention))
    return [m for _, m in pairs], pairs


def _coordinated(doc: Any, text: str, found: _Found, mention: ActorMention) -> list[tuple[_Found, ActorMention]]:
    """'Iraqi and US officials': the same state body of each demonym coordinated before a matched one."""
    data = _dictionary()
    code = (mention.country_code or "").lower()
    if found.kind != "name" or not (mention.actor_id or "").startswith(f"{code}-") or code == "":
        return []
    body = mention.actor_id[len(code) + 1 :]
    extra: list[tuple[_Found, ActorMention]] = []
    i = found.start
    while i >= 2 and doc[i - 1].lower_ in {"and", "or", ","} and _fold(doc[i - 2].text) in data.demonyms:
        other = data.demonyms[_fold(doc[i - 2].text)][0]
        actor = data.by_id.get(f"{other.lower()}-{body}")
        if actor is None:
            break
        token = doc[i - 2]
        span = Span.of(text, token.idx, token.idx + len(token))
        extra.insert(0, (_Found(i - 2, i - 1, "name", actor.id), ActorMention(
            span, actor.name, actor.id, actor.country_code, actor.type, confidence=CONFIDENCE_METONYM)))
        i -= 2
    return extra


def _mention(
    doc: Any,
    text: str,
    found: _Found,
    context: str | None,
    persons: list[tuple[str, ActorMention]],
    groups: list[tuple[int, ActorMention]],
    pairs: list[tuple[_Found, ActorMention]],
    roles: dict[Span, str],
) -> ActorMention | None:
    """The ``ActorMention`` of one candidate, given what the article named before it."""
    data = _dictionary()
    span = doc[found.start : found.end]

    def build(start: int, end: int, **fields: Any) -> ActorMention:
        first, last = doc[start], doc[end - 1]
        return ActorMention(span=Span.of(text, first.idx, last.idx + len(last)), **fields)

    if found.kind == "name":
        actor = data.by_id[found.actor_id]
        start, _, backer, _ = _demonym_before(doc, found.start)
        patron = backer or data.patron.get(actor.id)
        confidence = CONFIDENCE_AMBIGUOUS if found.ambiguous else CONFIDENCE_NAME
        if actor.type == "person" and len(span) == 1 and actor.name.split()[-1] != span.text:
            confidence = CONFIDENCE_COREFERENCE
        return build(
            start if backer else found.start,
            found.end,
            name=actor.name,
            actor_id=actor.id,
            country_code=actor.country_code,
            type=actor.type,
            patron=patron,
            confidence=confidence,
            affiliation=actor.parent if actor.type == "person" else None,
        )
    if found.kind in {"generic", "state-noun"}:
        start, country, patron, demonym = _demonym_before(doc, found.start)
        words = span.text
        if found.kind == "state-noun":
            kind = data.state_nouns[_fold(span.text)]
            code = country or context
            actor = data.by_id.get(f"{(code or '').lower()}-{kind}")
            if actor is None:
                return build(start, found.end, name=words, type="state forces" if kind != "government" else "government",
                             patron=patron, confidence=CONFIDENCE_CONTEXT)
            return build(start, found.end, name=actor.name, actor_id=actor.id, country_code=code, type=actor.type,
                         patron=patron, confidence=CONFIDENCE_METONYM if country else CONFIDENCE_CONTEXT)
        actor = data.by_id[_deed_role(span.root, found.actor_id)]
        earlier = None if country else _referent(span, actor.id, groups)
        if earlier is not None:
            return build(start, found.end, name=earlier.name, actor_id=actor.id, country_code=earlier.country_code,
                         type=actor.type, patron=patron or earlier.patron,
                         confidence=min(CONFIDENCE_ANAPHOR, earlier.confidence))
        code = country or context
        name = data.by_id[_CIVILIANS].name if actor.type == "civilians" else actor.name
        return build(start, found.end, name=_acled_name(name, code), actor_id=actor.id, country_code=code,
                     type=actor.type, patron=patron, confidence=CONFIDENCE_METONYM if country else CONFIDENCE_CONTEXT)
    if found.kind == "identity":
        return build(found.start, found.end, name=_acled_name(found.name, context), country_code=context,
                     type="identity militia", confidence=CONFIDENCE_CONTEXT)
    if found.kind == "metonym":
        code = data.country_names.get(_key(span.text)) or data.capitals.get(span.text)
        actor = data.by_id.get(f"{code.lower()}-government") if code else None
        if actor is None:
            return None
        return build(found.start, found.end, name=actor.name, actor_id=actor.id, country_code=code, type=actor.type,
                     confidence=CONFIDENCE_METONYM)
    if found.kind == "anaphor-title":
        title = " ".join(t.lower_ for t in span[1:])
        for _, person in reversed(persons):
            role = person.actor_id and data.by_id[person.actor_id].role
            if _role_matches(title, role or roles.get(person.span)):
                return replace(person, span=Span.of(text, span.start_char, span.end_char), confidence=CONFIDENCE_ANAPHOR)
        return None
    if found.kind in {"anaphor-group", "anaphor-groups"}:
        sentence = doc[found.start].sent.start
        sentence_starts = sorted({s.start for s in doc.sents})
        for group_sentence, group in reversed(groups):
            # "The group" is a named one; "these groups" may be militias the article placed ("Iraqi militias").
            if group.type not in ARMED_TYPES or found.kind == "anaphor-group" and group.actor_id in data.generic:
                continue
            distance = sum(1 for s in sentence_starts if group_sentence < s <= sentence)
            if distance <= ANAPHOR_MAX_SENTENCES:
                return replace(group, span=Span.of(text, span.start_char, span.end_char),
                               confidence=min(CONFIDENCE_ANAPHOR, group.confidence))
        return None
    return _entity_mention(doc, text, found, persons, pairs, roles, build)


def _referent(span: Any, actor_id: str, groups: list[tuple[int, ActorMention]]) -> ActorMention | None:
    """The last earlier mention of the generic ``actor_id`` that named its country, when ``span`` points back to
    it ("those militias" after "Iraqi militias"): the article's main country may be another one's."""
    if not any(c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS for c in span.root.children):
        return None
    return next((m for _, m in reversed(groups) if m.actor_id == actor_id), None)


def _entity_mention(doc, text, found, persons, pairs, roles, build) -> ActorMention | None:
    """An actor only spaCy's NER knows: a surname of an earlier person, or a new name with context."""
    data = _dictionary()
    span = doc[found.start : found.end]
    if len(span) == 1:
        # spaCy often calls a lone surname ORG or GPE ("Billing said"); an earlier full name decides.
        for known_surname, person in reversed(persons):
            if known_surname == _surname(span.text):
                return replace(person, span=Span.of(text, span.start_char, span.end_char), confidence=CONFIDENCE_COREFERENCE)
        if found.label == "PERSON" and not any(e.start <= found.start < e.end for e in doc.ents):
            return None  # a surname-looking word with no earlier full name
    window = doc[max(span.sent.start, found.start - TITLE_WINDOW_TOKENS) : found.start]
    # "UNHCR Lebanon Representative", "Iraqi spokesman": the post's country.
    country = next((data.demonyms.get(_fold(t.text), (data.country_names.get(_key(t.text)), None))[0]
                    for t in window if t.text[:1].isupper() and (_fold(t.text) in data.demonyms or _key(t.text) in data.country_names)),
                   None)
    role = _title_role([t.lower_.rstrip(".") for t in window])
    affiliation = next((m.actor_id for f, m in reversed(pairs) if window.start <= f.start < found.start and m.actor_id), None)
    after = doc[found.end : min(span.sent.end, found.end + APPOSITIVE_WINDOW_TOKENS)]
    if after and after[0].text == ",":
        role = role or _title_role([t.lower_ for t in after[:4]])
        if role:
            affiliation = affiliation or _affiliation_after(doc, after)
    parent = data.by_id.get(affiliation) if affiliation else None
    country = country or (parent.country_code if parent and parent.type != "international organisation" else None)
    mention = build(
        found.start,
        found.end,
        name=span.text if found.label == "PERSON" else _ARTICLE_PREFIX.sub("", span.text),
        country_code=country,
        type="person" if found.label == "PERSON" else _org_type(span.text),
        confidence=CONFIDENCE_NER,
        affiliation=affiliation if found.label == "PERSON" else None,
    )
    if role:
        roles[mention.span] = role
    return mention


def _affiliation_after(doc: Any, after: Any) -> str | None:
    """The dictionary actor named in an appositive ("a spokesman for the US-led coalition")."""
    index, longest = _alias_index()
    folded = [_fold(t.text) for t in after]
    for i in range(len(folded)):
        for length in range(min(longest, len(folded) - i), 0, -1):
            entries = index.get(tuple(folded[i : i + length]))
            if entries and entries[0].actor_id not in _dictionary().generic:
                return entries[0].actor_id
    return None


def _org_type(name: str) -> str | None:
    """A guess at an unknown organisation's type from its head words."""
    lowered = name.lower()
    if re.search(r"\b(?:ministry|government|council|parliament|assembly|presidency|cabinet)\b", lowered):
        return "government"
    if re.search(r"\b(?:news|agency|times|post|tv|television|radio|press)\b", lowered):
        return "media"
    if re.search(r"\b(?:brigades?|battalions?|front|militia|movement|army|forces|liberation|mujahideen|jihad|lashkar|jaish|tehrik|"
                 r"rebels|guerrillas|insurgents|resistance|separatists?|tigers)\b", lowered):
        return "political militia"
    return None


def _corrected_entities(doc: Any, entities: tuple[Entity, ...], pairs, credits) -> tuple[Entity, ...]:
    """Entities without credits and fragments, with known actors' spans and labels enforced."""
    data = _dictionary()
    forced = []
    for found, mention in pairs:
        named = found.kind == "name" and found.proper and found.actor_id not in data.generic
        if named or (found.kind == "entity" and (mention.actor_id or mention.type == "person" or found.name_end)):
            label = "PERSON" if mention.type == "person" else "ORG"
            # "New People's Army (NPA)": one mention, but the name and its abbreviation are two entities.
            parts = [(found.start, found.end)] if found.name_end is None else [(found.start, found.name_end), (found.name_end + 1, found.end - 1)]
            forced += [Entity(doc[a:b].text, label, doc[a:b].start_char, doc[a:b].end_char) for a, b in parts]
    kept = []
    for entity in entities:
        if entity.label in _PROPER_LABELS and (
            _inside(entity.start, entity.end, credits)
            or not any(c.isalpha() for c in entity.text)
            or (entity.text.islower() and " " not in entity.text)
        ):
            continue
        if not any(f.start < entity.end and entity.start < f.end for f in forced):
            kept.append(entity)
    return tuple(sorted({*kept, *forced}, key=lambda e: (e.start, e.end)))


def resolve(analysis: Analysis) -> Analysis:
    """Fill ``actors`` from the parsed Doc and return corrected ``entities``."""
    doc = analysis.doc
    text = analysis.article.text
    if doc is None:
        import spacy

        doc = spacy.blank("en")(text)
    mentions, pairs = _resolve_mentions(doc, text, analysis.article.title)
    entities = _corrected_entities(doc, analysis.entities, pairs, _credit_ranges(text))
    return replace(analysis, actors=tuple(mentions), entities=entities)
