"""The stage verb: each toponym span resolved with the article's countries, the words around it and the
hierarchy chain it stands in ("A town, B province, Country")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from ..records import ActorMention, Analysis, PlaceMention, Span
from .gazetteer import Place, country_by_demonym, feature_codes_by_word, open_gazetteer
from .names import GENERIC_DIVISION_WORDS, division_key, name_key
from .rank import COUNTRY_OF_MENTIONS, Candidate, Hints, level, place_mention, rank, rank_places
from .recognise import (
    AREA_WORDS,
    ARTICLE_BEFORE,
    ROAD_AFTER,
    TOKEN,
    abbreviated_divisions,
    listed_kind,
    toponym_spans,
)

# A town smaller than this, in a country nothing else in the article points to, is more likely a
# namesake of a local village the gazetteer lacks than a real foreign place; capitals and big cities
# ("talks in Paris") are mentioned abroad often enough to keep.
STRAY_TOWN_MAX_POPULATION = 100_000
# An all-caps name this short is an acronym ("ANA", "CIA"); it names a country or division ("UAE",
# "FATA") but a town only by accident of spelling. Written with full stops it is an abbreviation the
# gazetteer holds on purpose ("L.A.").
ACRONYM_MAX_LENGTH = 5
# No country's own name is this short, so a name this short is a country only as its acronym in capitals.
COUNTRY_ACRONYM_MAX_LENGTH = 3
# A town placed with at least this confidence (a clear score margin) lends its state and its point to the
# ranking of the article's other names; a coin-flip reading would spread its own mistake.
TOWN_CONTEXT_CONFIDENCE = 0.6
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
_DIRECTION = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
_RELATIVE_BEFORE = re.compile(
    r"(?:\b(?:near|nearby|outside|around|close to|outskirts of|vicinity of|suburbs? of|edge of|periphery of|"
    r"(?:km|kilometers|kilometres|miles)\s+" + _DIRECTION + r"\s+of|" + _DIRECTION + r"\s+of|"
    r"(?:area|areas|region|border area)\s+" + _DIRECTION + r"\s+of)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3})$",
    re.IGNORECASE,
)
# "the village of X", "the province of X", "village X": a feature word right before the name.
_FEATURE_BEFORE = re.compile(r"\b([A-Za-z]+)\s+(?:of\s+)?(?:the\s+)?$")
_COMPOUND_HEAD = re.compile(r"[A-Za-z]{2,}-$")
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
# Seats of government ("the Pentagon said", "White House officials") name the institution, an actor;
# they are places only after a locative word ("a meeting at the White House").
_INSTITUTION_CODES = frozenset({"ADMF"})
# A bare "at" is not enough: "an official at the Pentagon" is an affiliation.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:inside|outside|near|into|in front of|(?:gates|grounds|steps|lawn) of|"
    r"(?:arrived|held|gathered|met|meeting|rally|protest|landed|stood) (?:at|in))\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# A person's nationality says little about where the news happens: "the US president met the Czech
# president in Prague" is in Prague, Czechia, though only one of the two presidents is named.
PERSON_CONTEXT_WEIGHT = 0.25
# The actors stage gives an unnamed group ("police", "a local man") the country it guesses from the
# article's own place names, at its lowest confidence. Those names are read here directly; counting the
# guess again would turn one misreading into a majority: "Paris police said a Paris man ..." read as
# France once makes every officer French, and then Paris, Texas cannot win.
ACTOR_CONTEXT_MIN_CONFIDENCE = 0.4


def _context(analysis: Analysis) -> Counter:
    """Country weights from actors, demonyms and the headline."""
    countries: Counter[str] = Counter()
    for actor in analysis.actors:
        if actor.country_code and actor.confidence >= ACTOR_CONTEXT_MIN_CONFIDENCE:
            countries[actor.country_code] += PERSON_CONTEXT_WEIGHT if actor.type == "person" else 1  # type: ignore[assignment]  # Counter counts floats too
    demonyms = country_by_demonym()
    for word in re.findall(r"[A-Z][a-z]+", analysis.article.text):
        if word in demonyms:
            countries[demonyms[word]] += 1
    title = analysis.article.title or ""
    for match in TOKEN.finditer(title):
        word = match.group()
        code = demonyms.get(word)
        if code is None:
            best = rank(word, Hints(Counter()))
            code = best[0].place.country_code if best and best[0].place.feature_code == "PCLI" else None
        if code:
            countries[code] += 3
    return countries


def _place_context(resolved: Iterable[PlaceMention]) -> Counter:
    """Country weights from the places a first pass resolved."""
    countries: Counter = Counter()
    for place in resolved:
        if place.country_code:
            countries[place.country_code] += 2 if place.feature_code == "PCLI" else 1
    return countries


def _local_hints(text: str, start: int, end: int) -> tuple[str | None, tuple[str, ...], bool, int | None]:
    """The demonym, feature words, relative phrase and division level word right around one mention."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 20]
    words_before = re.findall(r"[\w'’-]+", before)[-4:]
    demonyms = country_by_demonym()
    local = next((demonyms[w] for w in reversed(words_before) if w in demonyms), None)
    feature_words = feature_codes_by_word()
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
    # "Becker, Clay and Wilkin counties": each name of the list is a county.
    features += feature_words.get(listed_kind(text, end) or "", ())
    # "Nad Ali district", "the Tohoue area": the place is the area around the named town.
    area_after = next_word is not None and next_word.group(1).lower() in AREA_WORDS
    relative = bool(_RELATIVE_BEFORE.search(before)) or area_after
    # The division word may be inside the mention ("Isabela province") or right after it ("Khyber Agency").
    last_word = text[start:end].rsplit(None, 1)[-1].lower()
    division_word = last_word if last_word in _PRECISION_BY_DIVISION_WORD else (next_word and next_word.group(1).lower())
    return local, features, relative, _PRECISION_BY_DIVISION_WORD.get(division_word or "")


def resolve_places(analysis: Analysis) -> Analysis:
    """Fill ``analysis.places``, every toponym mention resolved in text order, and ``analysis.countries``."""
    text = analysis.article.text
    spans = toponym_spans(analysis)
    abbreviations = {a.span[0]: a.text for a in abbreviated_divisions(analysis)}
    clues = _context(analysis)
    first_pass = _resolve_spans(text, spans, abbreviations, lambda _: Hints(clues))

    def context(key: str) -> Hints:
        # A name is not its own evidence: "Georgia" first read as the country must not then count as
        # Georgian context for itself, so each name sees the article without its own mentions.
        others = [(m, p) for m, p in first_pass if name_key(m.span.text) != key]
        local = [p for m, p in others if level(p) <= 2 and m.confidence >= TOWN_CONTEXT_CONFIDENCE]
        return Hints(
            clues + _place_context(m for m, _ in others),
            frozenset(p.admin1 for _, p in others if p.feature_code == "ADM1" and p.admin1),
            # A district names its province's towns, not itself: only towns lend their state.
            town_admin1s=frozenset(p.admin1 for p in local if p.admin1 and p.feature_code.startswith("PPL")),
            nearby=tuple((p.lat, p.lon) for p in local),
            named_countries=frozenset(p.country_code for _, p in others if p.feature_code == "PCLI" and p.country_code),
        )

    resolved = _resolve_spans(text, spans, abbreviations, context)
    places = tuple(_without_stray_towns(resolved, clues))
    return replace(analysis, places=places, countries=_countries(analysis.actors, places))


def _countries(actors: Sequence[ActorMention], places: Sequence[PlaceMention]) -> tuple[PlaceMention, ...]:
    """The country of each code the actors and places carry, as a place over the code's first mention."""
    first: dict[str, Span] = {}
    mentions: list[ActorMention | PlaceMention] = [*actors, *places]
    for mention in sorted(mentions, key=lambda m: m.span.start):
        if mention.country_code:
            first.setdefault(mention.country_code, mention.span)
    found = ((open_gazetteer().country(code), span) for code, span in first.items())
    return tuple(
        replace(place_mention(span, Candidate(country, 0.0, True), [], False), decided_by=(COUNTRY_OF_MENTIONS,))
        for country, span in found
        if country is not None
    )


def _without_stray_towns(resolved: list[tuple[PlaceMention, Place]], clues: Counter) -> list[PlaceMention]:
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
        if gap and (gap.group(1) is None or gap.group(1) in feature_codes_by_word() or gap.group(1) in AREA_WORDS):
            links[i] = (i + 1, False)
        elif _AREA_OF_GAP.fullmatch(text, spans[i][1], spans[i + 1][0]):
            links[i] = (i + 1, True)
    return links


def _is_misread(surface: str, place: Place) -> bool:
    """An acronym ("ANA") or a bare compass word ("West", "Sur") that only spells like a town or division, or
    a short word that spells like a country's acronym ("Us and them" is not "US")."""
    if surface.isupper() and len(surface) <= ACRONYM_MAX_LENGTH and "." not in surface:
        return level(place) == 1
    if len(surface) <= COUNTRY_ACRONYM_MAX_LENGTH and place.feature_code == "PCLI":
        return not surface.isupper()
    generic = set(name_key(surface).split()) <= GENERIC_DIVISION_WORDS
    return generic and not place.is_supplement and place.feature_code != "PCLI"


def _resolve_spans(
    text: str,
    spans: Sequence[tuple[int, int, bool]],
    abbreviations: dict[int, str],
    context: Callable[[str], Hints],
) -> list[tuple[PlaceMention, Place]]:
    """Resolve each span, last first, so that the later links of a hierarchy chain constrain the earlier.

    ``abbreviations`` are the state abbreviations by start ("Ill." after "Springfield, "), read as the
    divisions they stand for ("WA": Washington or Western Australia) instead of looked up by name.
    """
    links = _containers(text, spans)
    holders = {link: index for index, (link, _) in links.items()}
    resolved: dict[int, tuple[PlaceMention, Place]] = {}
    for index in range(len(spans) - 1, -1, -1):
        start, end, needs_context = spans[index]
        if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue  # part of a longer word: "Israel" in "Israeli" is a demonym, context only
        before = max(0, start - 12)
        if (
            _COMPOUND_HEAD.search(text, before, start)
            and not ARTICLE_BEFORE.search(text, before, start)
            and not ROAD_AFTER.match(text, end)
            and not any(e == start - 1 for _, e, _ in spans)
        ):
            # The tail of a hyphenated name: "Lafia" in "Birni-Lafia", not "Damboa" in "the Bitta-Damboa road",
            # nor "Pakistan" in "the India-Pakistan border", where the head is a place of its own.
            continue
        if _EZAFE_AFTER.match(text, end):
            continue
        surface = text[start:end]
        lowercase_lead = _LOWERCASE_LEAD.match(surface)
        if lowercase_lead and not rank(surface, Hints(Counter())):
            # NER sometimes takes an adjective along: "occupied West Bank" -> "West Bank".
            start += lowercase_lead.end()
            surface = text[start:end]
        link, within = links.get(index, (None, False))
        while link is not None and link not in resolved:
            link = links.get(link, (None, False))[0]  # an unknown link ("Aniban II village") passes the chain on
        container = resolved[link][1] if link is not None else None
        local, features, relative, division_precision = _local_hints(text, start, end)
        article = context(name_key(surface))
        countries = article.countries
        held = holders.get(index)
        held_text = text[spans[held][0] : spans[held][1]] if held is not None else ""
        held_places = tuple(c.place for c in rank(held_text, Hints(Counter()))) if held_text else ()
        hints = replace(
            article,
            local_country=local,
            features=features,
            relative=relative,
            container=container,
            within=within,
            held=held_places,
        )
        written = abbreviations.get(start)
        if written:
            ranked = rank_places([(p, True) for p in open_gazetteer().abbreviations[written]], hints)
        else:
            ranked = rank(surface, hints)
        if not ranked:
            continue
        best = ranked[0]
        place = best.place
        if _is_misread(surface, place):
            continue
        demonym_of = country_by_demonym().get(surface)
        if demonym_of and place.country_code != demonym_of and not features:
            continue  # "Somali soldiers" are Somalia's, not from Ethiopia's Somali region
        if place.feature_code in _INSTITUTION_CODES and not _LOCATIVE_BEFORE.search(text[max(0, start - 30) : start]):
            continue
        # A foreign place reached only through one of its alternate spellings ("Hamas" is an
        # alternate name of Hamm, Germany) is a misread name, not a place.
        # "Ogun" is Ogun State's own name, unless it is another place's ("Plateau" in Benin, "Plateau State").
        own_name = best.is_primary or (
            name_key(surface) == division_key(place.name) and not any(c.is_primary for c in ranked[1:])
        )
        if not (own_name or place.is_supplement or place.feature_code == "PCLI" or place.country_code in countries):
            continue
        # A short note that names no country ("Gunmen attacked farmers in Rusape") can only be backed
        # by the name itself: its own spelling of a place, not an alternate one.
        # A name of several words is its own backing ("in Nelson Mandela Bay"); a short one needs the article's.
        distinctive = best.is_primary and " " in surface.strip()
        if needs_context and place.country_code not in countries and (countries or not best.is_primary) and not distinctive:
            continue
        mention = place_mention(Span.of(text, start, end), best, ranked, relative, division_precision)
        resolved[index] = (mention, place)
    return [resolved[index] for index in sorted(resolved)]
