"""Gazetteer candidates for a name, scored with the hints around it, and the winner as a ``PlaceMention``."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..geometry import haversine_km
from ..records import PlaceMention, Span
from .gazetteer import Place, feature_codes_by_word, open_gazetteer
from .names import division_key, fold, name_key

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
# ... and only its own name or an alternate no province of it bears: "Scotland" is an alternate name of the
# United Kingdom but the own name of one of its first-level divisions, and "she moved to Scotland" means that one.
DIVISION_PENALTY = 1.5  # "Kirkuk" alone means the city, not the governorate or district of the same name
# ... but only a town this large a share of the division's people is its rival: "Vermont" is the state, not one
# of the hamlets named after it, while Kirkuk city holds a third of its governorate and Washington, D.C. a tenth
# of the state.
DIVISION_RIVAL_SHARE = 0.05
# Places without a population (supplement sites) are ranked as if they had this many people.
DEFAULT_SITE_POPULATION = 5_000
NO_COUNTRY_CONTEXT_SHARE = 0.5
# A country the article names outright holds its own towns whatever share of the article's other clues it has:
# a US story on "flights between Chicago and Moscow, Russia's capital" is about that Moscow, not the Idaho town,
# though the US clues outnumber the Russian ones. Towns only: "Egypt and the Red Sea" names the sea, not the
# Egyptian governorate of that name.
NAMED_COUNTRY_SHARE = 0.5
# A town or county in a province or state the article names ("Gainesville ... Florida") is that one.
ADMIN1_CONTEXT_BONUS = 2.0
# A town or county in the state of another town the article places with confidence: local news names
# its neighbours ("Decatur ... Marietta"), but a town is weaker evidence of its state than the state's name.
TOWN_ADMIN1_CONTEXT_BONUS = 1.0
# A place near the article's other places ("Paris" among Texas towns is Paris, Texas), scaled by the share
# of those places within NEARBY_KM of it: a report tours one region far more often than the globe.
NEARBY_WEIGHT = 2.0
NEARBY_KM = 250.0
# "Santiago city, Isabela province": the writer named the town's own division, which outweighs a
# namesake five orders of magnitude larger (0.8 per tenfold population).
CHAIN_ADMIN1_BONUS = 4.0
# "Alexandria, Virginia", "Goma, Congo": the last link of a chain is the division or country that can hold
# a place named like the link before it, not a namesake town (Virginia, South Africa) or the other Congo.
CHAIN_HOLDS_BONUS = 3.0
_PRECISION_BY_CODE = {
    "CONT": 4,
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
# Rank of a place in the country > division > district > town hierarchy, for "A town, B province, C".
_LEVEL_BY_CODE = {"CONT": 5, "PCLI": 4, "PCL": 4, "ADM1": 3, "RGN": 3, "ADM2": 2, "ADM3": 2}
_DIVISION_CODES = frozenset({"ADM1", "ADM2"})
# Words between a name and its feature word ("Harir air base", "Zaatari refugee camp").
_QUALIFIERS = frozenset({"air", "military", "refugee", "border", "naval", "international"})
# The ranking features by the names `geocode` and `show` print. Each term of a candidate's score belongs to one.
POPULATION = "population"
FEATURE_CLASS = "feature class"  # a country outranks its namesakes; a bare name is a town before a division
QUALIFIER = "qualifier"  # "City, ST", "Town, Province, Country": a link of the name's own chain
CONTAINMENT = "containment"  # in a first-level division the article names or places its other towns in
NEARBY_PLACES = "nearby places"
COUNTRY_CONTEXT = "country context"  # the article's actors, nationality words, headline and other places
NATIONALITY_WORD = "nationality word"  # right before the name: "the Czech capital X"
FEATURE_WORD = "feature word"  # "X province", "the village of X"
OWN_NAME = "own name"
CURATED_SITE = "curated site"
# What decided a place with no rival in the gazetteer, and a country told only by the article's actors and places.
ONLY_MATCH = "only match"
COUNTRY_OF_MENTIONS = "article's country"
# A namesake this close is the same place as another feature (a city and its same-named district): what a map
# reader asks is why not the namesake elsewhere, so the reasons compare with the best place beyond this radius,
# the one geoparsers are scored at, and with the nearer namesake only when there is none.
RIVAL_MIN_KM = 161.0
# A feature is named as deciding when it gave the winner this much more than the best other place: below it
# (under a threefold population) it is noise beside the feature that made the difference.
DECIDING_MIN_LEAD = 0.4
# The short form `show` and `geocode` print: the strongest reasons, not every small one.
DECIDING_MAX = 3


def _fits(feature_code: str, wanted: Sequence[str]) -> bool:
    return any(feature_code.startswith(w[:-1]) if w.endswith("*") else feature_code == w for w in wanted)


def _has_rival_town(division: Place, biggest_town: dict[str | None, int]) -> bool:
    """Whether a town of the division's name in its country is big enough to be what a bare mention means."""
    if division.country_code not in biggest_town:
        return False
    # A division without a population (a curated one) gives way to any town, as it always did.
    return biggest_town[division.country_code] >= DIVISION_RIVAL_SHARE * division.population


def lookup(name: str, context_countries: Sequence[str] = (), limit: int = 10) -> list[PlaceMention]:
    """Ranked gazetteer candidates for a place name, best first (``context_countries`` are ISO2 codes)."""
    hints = Hints(countries=Counter(context_countries))
    span = Span(0, len(name), name)
    ranked = rank(name, hints)
    return [place_mention(span, candidate, ranked, hints.relative) for candidate in ranked[:limit]]


class Candidate(NamedTuple):
    """A gazetteer place for a mention, its score and the ranking features whose terms sum to it."""

    place: Place
    score: float
    is_primary: bool  # the mention is the place's own name, not one of its alternate spellings
    terms: tuple[tuple[str, float], ...] = ()
    ruled_out: int = 0  # namesakes the name's chain excluded: "Paris, Texas" leaves no Paris outside Texas


@dataclass
class Hints:
    countries: Counter
    admin1s: frozenset[str] = frozenset()
    local_country: str | None = None
    features: tuple[str, ...] = ()
    relative: bool = False
    container: Place | None = None  # the next link of a hierarchy chain: "A town, <B province>"
    within: bool = False  # the chain says "area of", so the place is smaller than its container
    town_admin1s: frozenset[str] = frozenset()  # admin1 of the towns the article places with confidence
    nearby: tuple[tuple[float, float], ...] = ()  # points of the article's other towns and districts
    held: tuple[Place, ...] = ()  # candidates of the chain link before this one: "<A town>, B province"
    named_countries: frozenset[str] = frozenset()  # countries the article names as countries ("Russia")


def level(place: Place) -> int:
    return _LEVEL_BY_CODE.get(place.feature_code, 1)


def _outside(place: Place, container: Place, within: bool) -> bool:
    """Whether a place cannot lie in the division or country a chain puts it in.

    A plain comma chain may be a list ("Mosul, Raqqa"), so only a smaller place is held to its
    container's country; "the Chin Zai area in Takhar" holds any place. Only GeoNames divisions are
    compared by name, provinces and the districts in them: a curated division may spell its name otherwise
    than GeoNames spells its towns' admin1 ("Atacora", "Atakora").
    """
    if container.country_code is None or (level(place) >= level(container) and not within):
        return False
    if place.country_code != container.country_code:
        return True
    return (
        level(container) in (_LEVEL_BY_CODE["ADM1"], _LEVEL_BY_CODE["ADM2"])
        and not container.is_supplement
        and place.admin1 is not None
        and division_key(place.admin1) != division_key(container.admin1)
    )


def _lookup_keys(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Keys to try for a mention, longest first, each with the feature codes its dropped words imply."""
    words = fold(text).split()
    feature_words = feature_codes_by_word()
    tries: list[tuple[str, tuple[str, ...]]] = [(name_key(text), ()), (name_key(text).replace(" ", ""), ())]
    implied: tuple[str, ...] = ()
    while len(words) > 1 and (words[-1] in feature_words or words[-1] in _QUALIFIERS):
        implied += feature_words.get(words[-1], ())
        words = words[:-1]
        tries.append((name_key(" ".join(words)), implied))
    if len(words) > 1 and words[0] in feature_words:
        tries.append((name_key(" ".join(words[1:])), implied + feature_words[words[0]]))
    # "Republic of Dagestan", "Province of Kandahar": the division named after its division word.
    if len(words) > 2 and words[1] == "of" and (words[0] in feature_words or words[0] == "republic"):
        tries.append((name_key(" ".join(words[2:])), implied + feature_words.get(words[0], ("ADM1",))))
    return tries


def rank(text: str, hints: Hints) -> list[Candidate]:
    gazetteer = open_gazetteer()
    found: Sequence[tuple[Place, bool]]
    for key, implied in _lookup_keys(text):  # noqa: B007 (the matching key is read after the loop)
        found = gazetteer.candidates(key)
        if found:
            break
    else:
        return []
    return rank_places(found, hints, implied)


def rank_places(found: Sequence[tuple[Place, bool]], hints: Hints, implied: tuple[str, ...] = ()) -> list[Candidate]:
    """Candidate places (each with whether the mention is its own name) scored with the hints, best first."""
    named = len(found)
    if hints.container is not None:
        # "Isabela province, Philippines": not Puerto Rico's Isabela, whatever its size.
        found = [(place, primary) for place, primary in found if not _outside(place, hints.container, hints.within)]
    ruled_out = named - len(found)
    wanted = hints.features + implied
    # At least 1: a clue weaker than one mention (a person's nationality) alone must not count as a full one.
    total_context = max(sum(hints.countries.values()), 1)
    scored = []
    biggest_town: dict[str | None, int] = {}  # the most people a town of the name has, by country
    for place, _ in found:
        if level(place) == 1:  # a country is no rival town: "England" is the division, not the United Kingdom
            biggest_town[place.country_code] = max(biggest_town.get(place.country_code, 0), place.population)
    own_divisions = {place.country_code for place, is_primary in found if is_primary and place.feature_code == "ADM1"}
    for place, is_primary in found:
        terms: list[tuple[str, float]] = []  # (feature, term): the branches below give no feature two terms
        population = place.population or DEFAULT_SITE_POPULATION
        terms.append((POPULATION, POPULATION_WEIGHT * math.log10(population + 1)))
        if place.country_code:
            share = hints.countries.get(place.country_code, 0) / total_context
            if place.country_code in hints.named_countries and level(place) == 1:
                share = max(share, NAMED_COUNTRY_SHARE)
            terms.append((COUNTRY_CONTEXT, COUNTRY_CONTEXT_WEIGHT * share))
        else:
            # Seas and cross-border regions belong to no country, so context neither helps nor hurts.
            terms.append((COUNTRY_CONTEXT, COUNTRY_CONTEXT_WEIGHT * NO_COUNTRY_CONTEXT_SHARE))
        if place.feature_code != "ADM1":
            if place.admin1 in hints.admin1s:
                terms.append((CONTAINMENT, ADMIN1_CONTEXT_BONUS))
            elif place.admin1 in hints.town_admin1s:
                terms.append((CONTAINMENT, TOWN_ADMIN1_CONTEXT_BONUS))
        if hints.nearby:
            close = sum(haversine_km(place.lat, place.lon, lat, lon) <= NEARBY_KM for lat, lon in hints.nearby)
            terms.append((NEARBY_PLACES, NEARBY_WEIGHT * close / len(hints.nearby)))
        container = hints.container
        if (
            container is not None
            and place.admin1
            and not place.is_supplement
            and level(place) < level(container) < _LEVEL_BY_CODE["PCLI"]
        ):
            # "Behsud district, Nangarhar": the Behsud of Nangarhar, not the district of that name in Wardak.
            same = division_key(place.admin1) == division_key(container.admin1)
            terms.append((QUALIFIER, CHAIN_ADMIN1_BONUS if same else -CHAIN_ADMIN1_BONUS))
        holds = any(level(h) < level(place) and not _outside(h, place, True) for h in hints.held)
        if holds and level(place) >= _LEVEL_BY_CODE["ADM1"]:
            terms.append((QUALIFIER, CHAIN_HOLDS_BONUS))
        if hints.local_country and place.country_code == hints.local_country:
            terms.append((NATIONALITY_WORD, LOCAL_DEMONYM_BONUS))
        if wanted:
            terms.append((FEATURE_WORD, FEATURE_MATCH_BONUS if _fits(place.feature_code, wanted) else -FEATURE_MISMATCH_PENALTY))
        elif place.feature_code in _DIVISION_CODES and _has_rival_town(place, biggest_town):
            terms.append((FEATURE_CLASS, -DIVISION_PENALTY))
        if place.feature_code == "PCLI" and (is_primary or place.country_code not in own_divisions):
            terms.append((FEATURE_CLASS, COUNTRY_BONUS))
        if is_primary:
            terms.append((OWN_NAME, PRIMARY_NAME_BONUS))
        if place.is_supplement:
            terms.append((CURATED_SITE, SUPPLEMENT_BONUS))
        scored.append(Candidate(place, sum(value for _, value in terms), is_primary, tuple(terms), ruled_out))
    scored.sort(key=lambda candidate: -candidate.score)
    return scored


def deciding_features(winner: Candidate, ranked: Sequence[Candidate]) -> tuple[str, ...]:
    """The features that put ``winner`` ahead of its rival in ``ranked``, largest lead first; none if it lost."""
    others = [c for c in ranked if c.place.ref != winner.place.ref]
    far = (c for c in others if haversine_km(c.place.lat, c.place.lon, winner.place.lat, winner.place.lon) > RIVAL_MIN_KM)
    rival = next(far, others[0] if others else None)
    chain = (QUALIFIER,) if winner.ruled_out else ()
    if rival is None:
        return chain or (ONLY_MATCH,)
    if winner.score < rival.score:
        return ()
    ours, theirs = dict(winner.terms), dict(rival.terms)
    leads = sorted(((ours.get(name, 0.0) - theirs.get(name, 0.0), name) for name in ours.keys() | theirs.keys()), reverse=True)
    strongest = [name for i, (lead, name) in enumerate(leads) if lead > 0 and (i == 0 or lead >= DECIDING_MIN_LEAD)]
    return tuple(dict.fromkeys(chain + tuple(strongest)))[:DECIDING_MAX]


def place_mention(
    span: Span, candidate: Candidate, ranked: Sequence[Candidate], relative: bool, division_precision: int | None = None
) -> PlaceMention:
    place = candidate.place
    runner_up = next((c for c in ranked if c.place.ref != place.ref), None)
    margin = candidate.score - runner_up.score if runner_up is not None else 3.0
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
        decided_by=deciding_features(candidate, ranked),
        seat=open_gazetteer().seat(place.ref) if place.feature_code in ("ADM1", "PCLI") else None,
    )
