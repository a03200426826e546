"""The actor dictionary: loading, validation, search, EntityRuler patterns and the alias index."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any

from ..records import Actor, ActorEntry
from ..resources import load_rules
from ..textnorm import ARABIC_ARTICLES, ARTICLE_PREFIX, FREE_ARTICLES, Country, countries, fold, iso_country
from .rules import ActorRules, actor_rules

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

# Words that may join the capitalised words of a name; of the Arabic articles, not the English
# homographs "an", "as", "at" nor the forms rare in group names.
FUNCTION_WORDS = frozenset(
    {"of", "the", "for", "and", "in", "de", "du", "la", "le", "bin", "ibn", "wal", "fi", "e", "d", "on", "i", "ur", "s"}
) | (ARABIC_ARTICLES - {"an", "as", "at", "az", "ar", "ath", "adh"})  # "Tehrik-i-Taliban", "Ansar ud-Dine", "People's"
# An Arabic article that may stand alone, as written before a name: "al-Qaeda", "Al Shabaab", "el-Sisi".
ARABIC_ARTICLE = re.compile(rf"\b(?:{'|'.join(FREE_ARTICLES + tuple(a.title() for a in FREE_ARTICLES))})[- ](?=\w)")
_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOKENIZER: list[Any] = []


def key(alias: str) -> str:
    """Normalised alias for duplicate checks and search: folded, without a leading article."""
    return ARTICLE_PREFIX.sub("", fold(alias))


@dataclass(frozen=True)
class _Dictionary:
    """The loaded dictionary plus the indexes ``find_actors`` needs."""

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


def _state_actors(rules: ActorRules, rows: tuple[Country, ...]) -> tuple[dict[str, ActorEntry], dict[str, set[str]]]:
    """Government, forces, police, ministries and parliament of every country, as entries."""
    entries: dict[str, ActorEntry] = {}
    descriptive: dict[str, set[str]] = {}
    for row in rows:
        code = row.iso2
        names = [row.name, *row.aliases]
        demonyms = list(row.demonyms)
        for kind, spec in rules.state_actors.items():
            actor_id = f"{code.lower()}-{kind}"
            phrases: list[str] = []
            for template in spec.descriptive:
                fillers = demonyms if "{D}" in template else names
                phrases += [template.replace("{D}", f).replace("{C}", f) for f in fillers]
            entries[actor_id] = ActorEntry(
                id=actor_id,
                name=spec.name.replace("{C}", names[0]),
                type=spec.type,
                country=code,
                aliases=tuple(phrases),
                parent=None if kind == "government" else f"{code.lower()}-government",
            )
            descriptive[actor_id] = {key(p) for p in phrases}
    return entries, descriptive


def _extended(base: ActorEntry, entry: ActorEntry) -> ActorEntry:
    """A generated state actor with the keys a curated entry of its id gives: its aliases are added, the
    other keys written replace the generated ones (a key left at its default was not written)."""
    given = {f.name: getattr(entry, f.name) for f in fields(entry) if getattr(entry, f.name) != f.default}
    aliases = tuple(a for a in (base.name, *base.aliases, *entry.aliases) if a is not None)
    return replace(base, **{**given, "aliases": aliases})


def _to_actor(entry: ActorEntry) -> Actor:
    aliases = [a for a in entry.aliases if a != entry.name]
    return Actor(
        id=entry.id,
        name=entry.name or "",
        type=entry.type or "",
        country_code=entry.country,
        aliases=tuple(dict.fromkeys(aliases)),
        parent=entry.parent,
        role=entry.role,
        start=None if entry.start is None else str(entry.start),
        end=None if entry.end is None else str(entry.end),
    )


@lru_cache(maxsize=1)
def loaded() -> _Dictionary:
    rules = actor_rules()
    rows = countries()
    curated = load_rules("actors.yaml", tuple[ActorEntry, ...])
    entries, descriptive = _state_actors(rules, rows)
    patron: dict[str, str] = {}
    ambiguous: dict[str, frozenset[str]] = {}
    problems = [f"{i}: id used {n} times in actors.yaml" for i, n in Counter(e.id for e in curated).items() if n > 1]
    for entry in curated:
        actor_id = entry.id
        entries[actor_id] = _extended(entries[actor_id], entry) if actor_id in entries else entry
        if entry.patron:
            patron[actor_id] = entry.patron
        if entry.ambiguous:
            ambiguous[actor_id] = frozenset(key(a) for a in entry.ambiguous)
    actors = tuple(_to_actor(e) for e in entries.values())
    generic = frozenset(e.id for e in curated if e.generic)
    demonyms: dict[str, tuple[str, str]] = {}
    country_names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    cities: dict[str, str] = {}
    for row in rows:
        code = row.iso2
        for demonym in row.demonyms:
            demonyms.setdefault(fold(demonym), (code, row.demonyms[0]))
        for name in [row.name, *row.aliases]:
            country_names.setdefault(key(name), code)
        if row.capital:
            capitals[row.capital] = code
        for city in row.cities:
            cities.setdefault(fold(city), code)
    state_nouns = {fold(p): kind for kind, phrases in rules.generic_state_nouns.items() for p in phrases}
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
        titles={fold(t): roles for t, roles in rules.titles.items()},
        backing_words=frozenset(rules.backing_words),
        group_anaphors=frozenset(fold(p) for p in rules.group_anaphors),
        problems=tuple(problems),
    )


def actor_dictionary() -> tuple[Actor, ...]:
    """Every actor of the dictionary, generated state bodies included (cached)."""
    return loaded().actors


def search(query: str, limit: int = 20) -> list[Actor]:
    """Actors whose id, name or an alias contains ``query`` (case and diacritics ignored), best first."""
    wanted = key(query)
    scored = []
    for order, actor in enumerate(actor_dictionary()):
        keys = [key(actor.name), *(key(a) for a in actor.aliases)]
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
    data = loaded()
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
            if code is not None and iso_country(str(code)) is None:
                problems.append(f"{where}: {code!r} is not an ISO 3166-1 alpha-2 code")
        if actor.parent is not None and actor.parent not in data.by_id:
            problems.append(f"{where}: unknown parent {actor.parent!r}")
        for value in (actor.start, actor.end):
            if value is not None and not _DATE_VALUE.match(value):
                problems.append(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if actor.type == "person" and actor.end is None and actor.start is not None and actor.role is None:
            problems.append(f"{where}: a person with a start date needs a role")
        for alias in {key(a) for a in (actor.name, *actor.aliases)}:
            if alias not in data.ambiguous.get(actor.id, ()):
                owners.setdefault(alias, set()).add(actor.id)
    for alias, ids in sorted(owners.items()):
        if len(ids) > 1:
            problems.append(f"alias {alias!r} is shared by {', '.join(sorted(ids))}; declare it ambiguous")
    return problems


def _is_proper(alias: str) -> bool:
    """True for a name ("Islamic State", "al-Qaeda"), false for a description ("Iraqi army")."""
    words = re.findall(r"[^\W\d_]+", alias)
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() or w.lower() in FUNCTION_WORDS for w in words)


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns for the dictionary's proper names, labelled PERSON or ORG, with actor ids."""
    data = loaded()
    patterns = []
    for actor in data.actors:
        if actor.id in data.generic:
            continue
        label = "PERSON" if actor.type == "person" else "ORG"
        skip = data.ambiguous.get(actor.id, frozenset()) | data.descriptive.get(actor.id, frozenset())
        names = [actor.name, *actor.aliases]
        # The ruler matches case-sensitively: "al-Nusrah Front" is also written "The Al-Nusrah Front".
        names += [n[0].upper() + n[1:] for n in names if n[:1].islower() and n.split("-")[0] in FREE_ARTICLES]
        for alias in dict.fromkeys(names + [n.replace("'", "’") for n in names if "'" in n]):
            if len(alias) < 2 or key(alias) in skip or ARTICLE_PREFIX.match(alias) or not _is_proper(alias):
                continue
            patterns.append({"label": label, "pattern": alias, "id": actor.id})
    return patterns


def tokenize(text: str) -> list[str]:
    if not _TOKENIZER:
        import spacy

        _TOKENIZER.append(spacy.blank("en").tokenizer)
    return [t.text for t in _TOKENIZER[0](text)]


def _variants(alias: str) -> set[str]:
    """Spellings of an alias as written in news: al-/el- forms and without the article."""
    variants = {alias}
    if ARABIC_ARTICLE.search(alias):
        # Either article hyphenated ("al-", "el-"), or the commoner one apart ("al Qaeda").
        for prefix in (*(f"{a}-" for a in FREE_ARTICLES), f"{FREE_ARTICLES[0]} "):
            variants.add(ARABIC_ARTICLE.sub(prefix, alias))
        if len(alias.split()) >= 2:
            variants.add(ARABIC_ARTICLE.sub("", alias))
    return {ARTICLE_PREFIX.sub("", v) for v in variants}


@dataclass(frozen=True)
class Entry:
    actor_id: str
    alias: str
    proper: bool  # the alias is a name ("Hezbollah"), not a description ("Lebanese army")
    ambiguous: bool


@lru_cache(maxsize=1)
def alias_index() -> tuple[dict[tuple[str, ...], list[Entry]], int]:
    """Folded token sequence -> dictionary entries, and the longest sequence length."""
    data = loaded()
    index: dict[tuple[str, ...], list[Entry]] = {}
    for actor in data.actors:
        ambiguous = data.ambiguous.get(actor.id, frozenset())
        descriptive = data.descriptive.get(actor.id, frozenset())
        for alias in dict.fromkeys((actor.name, *actor.aliases)):
            proper = _is_proper(alias) and key(alias) not in descriptive
            entry = Entry(actor.id, alias, proper, key(alias) in ambiguous)
            for variant in _variants(alias):
                tokens = tuple(fold(t) for t in tokenize(variant))
                if tokens and entry not in index.setdefault(tokens, []):
                    index[tokens].append(entry)
    return index, max(len(k) for k in index)
