"""Where an article names places: candidate toponym spans from NER, the gazetteer's names and trigger words."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..records import Analysis
from ..textnorm import FREE_ARTICLES, SUN_LETTER_ARTICLES, alternation
from .gazetteer import country_by_demonym, feature_codes_by_word, open_gazetteer
from .names import name_key
from .rank import Hints, rank

MAX_NAME_TOKENS = 6
TOKEN = re.compile(r"[^\W_][\w'’‘`ʿʾ.-]*", re.UNICODE)
# The Arabic articles looked for before a toponym ("ash-Shura"): al/el and their sun-letter forms.
_PLACE_ARTICLES = alternation(FREE_ARTICLES + SUN_LETTER_ARTICLES)
_ART = rf"\b(?:{_PLACE_ARTICLES})"  # "ar" is not the end of "near"
_CAP = r"[A-Z][\w'’-]+"  # a capitalised word
_CALENDAR_WORDS = "(?:" + "|".join([*calendar.month_name[1:], *calendar.day_name]) + ")"
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
ROAD_AFTER = re.compile(rf"(?:\s+and\s+{_CAP}-{_CAP})?{_ROAD_WORDS}", re.IGNORECASE)
_ROAD_ENDS = re.compile(rf"\b({_CAP})-({_CAP})(?=(?:\s+and\s+{_CAP}-{_CAP})?{_ROAD_WORDS})")
# "near Benghazi University", "outside Mosul airport": a site named after its town, with a locative word.
_TOWN_INSTITUTION = re.compile(
    rf"\b(?:near|outside|inside|at|into|in front of)\s+(?:the\s+)?({_CAP}(?:\s{_CAP})?)\s+"
    r"(?:University|(?:International\s+)?[Aa]irport|Hospital|Prison|Central Prison|Stadium|Medical Cent(?:er|re))\b"
)
# "Kerou (Atacora)", "Koualou (Materi, Atacora)": the district and province after a place name.
_PARENTHESIS_NAMES = re.compile(rf"(?<=[A-Za-z]) \(({_CAP}(?: {_CAP})?)(?:, ({_CAP}(?: {_CAP})?))?\)")
ARTICLE_BEFORE = re.compile(rf"(?<![\w])((?:{_PLACE_ARTICLES})[-‐])$", re.IGNORECASE)
# "in Save", "near Kalaat": a capitalised name after a locative preposition may be a small town.
# "In Rusape, residents ...": the preposition may open the sentence, but "In March" is a date.
_WEAK_TRIGGER = re.compile(
    # ", of Wooster": the hometown after a person's name.
    rf"(?:\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|from|to|between)|,\s+of)\s+(?!{_CALENDAR_WORDS}\b)({_CAP}(?:[\s-]{_CAP}){{0,2}})"
)
# A town's own public services are named after it, so they say where they are: "the Athens Police
# Department", "Roselle police", "the Henderson County Jail", "East Bank Mayor Jane Doe". Brands,
# clubs, newspapers and universities named after a place ("Manchester United") are not this.
_SERVICE_WORDS = (
    r"(?:Police|police|Fire (?:Department|Rescue)|Sheriff|City Council|Town Council|(?:City|Town|Village) Hall"
    r"|Board of Education|School District|Public Schools|(?:High|Middle|Elementary) School|(?:Memorial |General )?Hospital"
    r"|Public Library|(?:Circuit|District|Municipal|County|Superior) Court|Jail|Mayor|mayor|council|officials|firefighters)"
)
_NAMED_SERVICE = re.compile(rf"\b({_CAP}(?:\s{_CAP}){{0,2}}?)\s+{_SERVICE_WORDS}\b")
# "a Coral Gables man", "two Dayton teenagers": a place word before a person noun says where they are from.
_RESIDENT = re.compile(
    rf"\b(?:[Aa]n?|[Tt]wo|[Tt]hree|[Ff]our|\d+)\s+({_CAP}(?:\s{_CAP}){{0,2}}?)\s+"
    r"(?:man|woman|men|women|boy|girl|teen|teenager|teenagers|couple|family|resident|residents|native|driver|motorist)\b"
)
# The dateline that opens a news story: "CLINTON — A town couple ...", "MOUNT GILEAD (AP) -- ...",
# "CHARLESTON, W.Va. -- ...", also after a headline that ends in a full stop.
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?:]\s)|(?<=\n))([A-Z][A-Za-z'’.-]+(?:\s(?:[A-Z][A-Za-z'’.-]+|of|OF)){0,3}?)"
    r"(?=(?:,\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([A-Za-z]{2,10}\)\s*)?(?:—|–|--)\s*[A-Z\"“])"
)
# "Springfield, Ill.", "CHARLESTON, W.Va. --", "Lansing, MI": a state or province abbreviation after a town and
# a comma; "Sen. Jane Doe (D-Calif.)", "R-Pa.": after a party letter. Elsewhere most abbreviations are words
# ("Mass.", "Ore.", "OR"), so these two positions are the only ones read.
_ABBREVIATION_POSITION = rf"(?:\b({_CAP}(?:\s{_CAP}){{0,2}}),\s+|(?<![\w.-])[DRI]-)"
# "the 1200 block of Q Street Northwest, D.C.": a compass word before the state is the quadrant of a street
# address, not a town.
_QUADRANT = re.compile(r"(?:North|South)(?:east|west)?|East|West")
# "built in 300 B.C.": after a year the letters are an era, not British Columbia.
_ERA = re.compile(r"B\.?C\.?(?:E\.?)?")
_YEAR_BEFORE = re.compile(r"\d\s*$")
# "Becker, Clay and Wilkin counties": every name of a list that ends in a plural division word.
_LISTED_NAME = rf"{_CAP}(?:\s{_CAP}){{0,2}}"
_PLURAL_DIVISIONS = {
    "counties": "county", "provinces": "province", "districts": "district", "states": "state",
    "governorates": "governorate", "regions": "region", "towns": "town", "cities": "city", "villages": "village",
}
_PLURAL_DIVISION = "(" + "|".join(_PLURAL_DIVISIONS) + r")\b"
_NAME_LIST = re.compile(
    rf"\b((?:{_LISTED_NAME},\s+)*{_LISTED_NAME},?\s+(?:and|or)\s+{_LISTED_NAME})\s+{_PLURAL_DIVISION}"
)
# What follows one name of such a list, up to the plural word that says what kind of place each is.
_LIST_TAIL = re.compile(rf"(?:(?:,\s+(?:(?:and|or)\s+)?|,?\s+(?:and|or)\s+){_LISTED_NAME})*\s+{_PLURAL_DIVISION}")
_LIST_SEPARATOR = re.compile(r",\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
AREA_WORDS = frozenset(
    {"district", "tehsil", "area", "areas", "region", "countryside", "outskirts", "environs", "suburbs"}
)
# Words before a person's name: what follows them is a name, not a place ("Allama Nasrullah Madani").
_TITLES = frozenset(
    "mr mrs ms dr sheikh shaikh allama maulana maulvi mullah mufti imam haji hajji general gen col colonel major "
    "captain capt lt president minister governor mayor senator commander chief judge pastor father rev bishop "
    "prince king queen".split()
)
# Offices and institutions a place gives its name to: "the Fresno Mayor", "Kent County Auditor Jane Doe",
# "the Reno Public Library". A capitalised one of these after a place name is not a surname, and a person's
# name that opens with one ("Sheriff Jane Doe") has the office's place right before it, not a first name.
_OFFICE_WORDS = _TITLES | frozenset(
    "sheriff deputy coroner auditor commissioner commissioners ranger rangers attorney sen sens senate rep reps "
    "representative superintendent councilman councilwoman councillor council city town county state public "
    "community national naval arts historical library museum university college schools court police fire "
    "department board commission emergency elections water transit metropolitan".split()
)
_LEADING_THE = re.compile(r"[Tt]he\s+")
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s?|[.,;:])$")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_BLOCKING_LABELS = frozenset({"PERSON", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"})


def toponym_spans(analysis: Analysis) -> list[tuple[int, int, bool]]:
    """Candidate toponym spans, each with whether it needs the article's countries to back it.

    Sources: NER places, curated names found in the text, names after "village of" or in an
    ACLED-style "(District, Province)", and (needing backing) any capitalised name after "in"/"near".
    """
    text = analysis.article.text
    gazetteer = open_gazetteer()
    # NER sometimes runs a name into an ACLED "(District, Province)": "Bagou (Gogounou," is "Bagou".
    spans: list[tuple[int, int]] = [
        (e.start, len(text[: text.find("(", e.start, e.end)].rstrip()) if "(" in e.text[1:] else e.end)
        for e in analysis.entities
        if e.label in _PLACE_LABELS
    ]
    blocked = [
        (e.start, _run_on_end(e.text, e.start) if e.label == "ORG" else e.end, e.text)
        for e in analysis.entities
        if e.label in _BLOCKING_LABELS or e.label == "ORG"
    ]

    protected: set[tuple[int, int]] = set()  # spans a trigger word vouches for ("near Kabul University")

    def free(start: int, end: int) -> bool:
        """Whether a gazetteer match may be added, dropping NER spans it strictly contains."""
        for b_start, b_end, b_text in blocked:
            # An ORG that is exactly a known place name ("Erbil" labelled ORG) is a place.
            same_span = b_start == start and b_end == end and b_text not in country_by_demonym()
            if start < b_end and b_start < end and not same_span:
                return False
        overlapping = [(s, e) for s, e in spans if start < e and s < end]
        # "East London" found in the text beats the NER span "London" inside it.
        if any(not (start <= s and e <= end and e - s < end - start) or (s, e) in protected for s, e in overlapping):
            return False
        for span in overlapping:
            spans.remove(span)
        return True

    tokens = list(TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        if not tokens[i].group()[0].isupper() and tokens[i].group().lower() not in FREE_ARTICLES:
            i += 1
            continue
        for length in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            start, end = tokens[i].start(), tokens[i + length - 1].end()
            candidate = text[start:end].rstrip(".")
            end = start + len(candidate)
            last = tokens[i + length - 1].group()
            # A name ends in a capitalised word or a feature word: "Anbar province", "Harir air base".
            if not (last[:1].isupper() or last in feature_codes_by_word()) or re.search(r"[,;:()]|\.\s", candidate):
                continue
            if name_key(candidate) in gazetteer.scan_keys and free(start, end):
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
        if unclaimed and rank(text[start:end], Hints(Counter())):
            spans.append((start, end))
    for road in _ROAD_ENDS.finditer(text):
        # "the Bitta-Damboa axis" names two towns, not one town called Bitta-Damboa.
        spans = [span for span in spans if span != (road.start(1), road.end(2))]
        ends = [road.span(g) for g in (1, 2) if rank(road.group(g), Hints(Counter()))]
        triggered += ends
        spans += [end for end in ends if end not in spans]
    # A state abbreviation after a town says that both are places, whatever NER made of them.
    abbreviations = abbreviated_divisions(analysis)
    for abbreviation in abbreviations:
        ends = [abbreviation.span] + ([abbreviation.town] if abbreviation.town else [])
        for start, end in ends:
            # NER may run the town and its state together ("Springfield, Ill").
            spans = [(s, e) for s, e in spans if (s, e) in ends or not (start < e and s < end)]
            if (start, end) not in spans and (
                (start, end) == abbreviation.span or rank(text[start:end], Hints(Counter()))
            ):
                spans.append((start, end))
                triggered.append((start, end))
    # A dateline or a list of named divisions says place whatever NER made of the names.
    for start, end in [m.span(1) for m in _DATELINE.finditer(text)] + _listed_names(text):
        unclaimed = not any(start < s_end and s_start < end for s_start, s_end in spans)
        if unclaimed and rank(text[start:end], Hints(Counter())):
            spans.append((start, end))
            triggered.append((start, end))
    # A possessive ends a name: "in Tripoli's Salahadeen district" names Tripoli, then a part of it.
    weak = []
    for match in _WEAK_TRIGGER.finditer(text):
        name = _POSSESSIVE_CUT.split(match.group(1))[0]
        weak.append((match.start(1), match.start(1) + len(name)))
    protected.update(triggered)
    # free() also drops NER spans inside an unknown longer name: "Kati" in "in Kati Pahari area" is not Kati, Mali.
    weak = [(start, end) for start, end in weak if free(start, end) and rank(text[start:end], Hints(Counter()))]
    # A town's services and residents sit inside names NER calls organisations ("the Athens Police
    # Department"), so they skip free(); like any weak span they need the article's countries to back them.
    persons = [(e.start, e.end) for e in analysis.entities if e.label == "PERSON"]
    named = [m.span(1) for pattern in (_NAMED_SERVICE, _RESIDENT) for m in pattern.finditer(text)]
    for start, end in [_trimmed(text, start, end) for start, end in named] + _partners(text, [*spans, *weak]):
        # An NER place span that runs over the service ("the Henderson County Jail") and names nothing known yields.
        spans = [
            (s, e)
            for s, e in spans
            if not (s <= start and end <= e and (s, e) != (start, end) and not rank(text[s:e], Hints(Counter())))
        ]
        clear = not any(start < s_end and s_start < end for s_start, s_end in [*spans, *weak, *persons])
        if clear and rank(text[start:end], Hints(Counter())):
            weak.append((start, end))
    spans += weak
    # "Mass." after a town is Massachusetts, but "Mass" elsewhere is a church service.
    written = {abbreviation.text.rstrip(".") for abbreviation in abbreviations}
    repeated = [
        (start, end)
        for start, end in _repeated(text, spans, [(start, end) for start, end, _ in blocked])
        if text[start:end].rstrip(".") not in written
    ]
    weak += repeated
    spans += repeated
    people = _people(analysis)
    spans = [(s, e) for s, e in spans if (s, e) in triggered or not _names_person(text, s, e, people)]
    quadrants = [a.quadrant for a in abbreviations if a.quadrant]
    spans = [(s, e) for s, e in spans if not any(s < q_end and q_start < e for q_start, q_end in quadrants)]
    spans = [(s, e) for s, e in spans if not (_ERA.fullmatch(text, s, e) and _YEAR_BEFORE.search(text, max(0, s - 3), s))]
    return sorted({(*_trimmed(text, start, end), (start, end) in weak) for start, end in spans})


@dataclass(frozen=True)
class Abbreviation:
    """A state or province abbreviation in a position that makes it one, and the town it follows if any."""

    text: str  # as written, the gazetteer's key: "Ill.", "MI"
    span: tuple[int, int]
    town: tuple[int, int] | None
    quadrant: tuple[int, int] | None = None  # "Northwest" in "Q Street Northwest, D.C."


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> re.Pattern[str]:
    written = sorted(open_gazetteer().abbreviations, key=len, reverse=True)
    return re.compile(_ABBREVIATION_POSITION + "(" + "|".join(map(re.escape, written)) + r")(?!\w)")


def abbreviated_divisions(analysis: Analysis) -> list[Abbreviation]:
    """State and province abbreviations after a town ("Fresno, Calif.") or a party letter ("D-Calif.").

    A person's name before the comma makes the letters a title: "Jane Doe, MD".
    """
    persons = [(e.start, e.end) for e in analysis.entities if e.label == "PERSON"]
    found = []
    for match in _abbreviation_pattern().finditer(analysis.article.text):
        town = match.span(1) if match.group(1) else None
        if town and any(town[0] < end and start < town[1] for start, end in persons):
            continue
        quadrant = town if town and _QUADRANT.fullmatch(match.group(1)) else None
        town = None if quadrant else town and _trimmed(analysis.article.text, *town)
        found.append(Abbreviation(match.group(2), match.span(2), town, quadrant))
    return found


# NER runs a building's name on over a locative phrase: "St. Mark's School in Lombard" is the school, then
# Lombard. Only a building: "Islamic Resistance in Iraq" is a group's own name.
_RUN_ON = re.compile(
    r"\s(?:School|Academy|College|Church|Mosque|Temple|Homestead|Cent(?:er|re)|Hall|Museum|Library|Hospital|Clinic"
    r"|Park|Hotel|Stadium|Mall|Market|Prison|Jail|Station|Airport|Club)(?=\s(?:in|at|near)\s[A-Z])"
)


def _run_on_end(name: str, start: int) -> int:
    """Where an organisation's name ends: before a locative preposition NER took along."""
    run_on = _RUN_ON.search(name)
    return start + (run_on.end() if run_on else len(name))


# "Gainesville and Lindsay": the partner of a place in a pair of names is a place of the same kind.
_PAIR = re.compile(rf"\s+(?:and|or)\s+({_CAP})(?![\w'’-]*\s[A-Z])")


def _partners(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single names paired with a recognised place by "and"/"or"."""
    return [match.span(1) for _, end in spans if (match := _PAIR.match(text, end))]


def listed_kind(text: str, end: int) -> str | None:
    """The singular feature word of the list a name ends: "Clay" in "Clay and Wilkin counties" -> "county"."""
    tail = _LIST_TAIL.match(text, end)
    return _PLURAL_DIVISIONS[tail.group(1)] if tail else None


def _listed_names(text: str) -> list[tuple[int, int]]:
    """Each name of "A, B and C counties" (a list ending in a plural division word)."""
    found = []
    for match in _NAME_LIST.finditer(text):
        position = match.start(1)
        for part in _LIST_SEPARATOR.split(match.group(1)):
            position = text.index(part, position)
            found.append((position, position + len(part)))
            position += len(part)
    return found


# A repeated name is part of a longer one when a capitalised word joins it: "Washington Post",
# "George Washington"; a service word after it ("Lombard police") does not count.
_JOINED_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s$")
_JOINED_AFTER = re.compile(rf"^(?:-\w|\s(?!{_SERVICE_WORDS}\b)[A-Z])")


def _repeated(
    text: str, spans: Sequence[tuple[int, int]], names: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Other mentions of a name the article already uses as a place (one sense per article).

    "Lombard police said ... an early Lombard settler": NER tags some mentions of a small town and
    misses or mislabels the rest. A mention joined to another capitalised word is another name, and
    so is one inside a longer name NER found ("Islamic Resistance in Iraq"); ``names`` are those.
    """
    taken = list(spans)
    found = []
    for name in sorted({text[s:e] for s, e in spans}):
        if not name[:1].isupper():
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w])", text):
            start, end = match.span()
            if any(start < s_end and s_start < end for s_start, s_end in taken) or any(
                s <= start and end <= e and (s, e) != (start, end) for s, e in names
            ):
                continue
            before = text[max(0, start - 30) : start]
            sentence_start = not before.strip() or before.rstrip()[-1:] in ".!?:\"“\n"
            if (_JOINED_BEFORE.search(before) and not sentence_start) or _JOINED_AFTER.match(text[end : end + 40]):
                continue
            taken.append((start, end))
            found.append((start, end))
    return found


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
    if next_word and (next_word.group(1).lower() in feature_codes_by_word() or next_word.group(1).lower() in AREA_WORDS):
        return False
    # "abducted Kalyan Kundu in ... Kundu, a supervisor": a name followed by a word the text later
    # uses alone is a person's given name, whatever NER made of it.
    following = re.match(rf" (?!{_CALENDAR_WORDS}\b)([A-Z][a-z]+)\b", text[end : end + 30])
    if (
        following
        and not _is_office_or_demonym(following.group(1))
        and re.search(rf"(?<!{re.escape(text[start:end])} )\b{following.group(1)}\b", text)
    ):
        return True
    surnames = {text[s:e].split()[-1] for s, e in people if " " in text[s:e].strip()}
    # "Ohio's Jane Doe": a possessive place before a name is whose she is, not her first name.
    possessive = bool(_TRAILING_POSSESSIVE.search(text, start, end)) and text[end - 1] != "."
    for p_start, p_end in people:
        # A person span that is exactly a place name ("Maxixe" tagged PERSON) is NER's mistake, not a name.
        inside = start < p_end and p_start < end and (p_start, p_end) != (start, end)
        before_name = text[end:p_start] == " " and not possessive and not _is_office_or_demonym(text[p_start:p_end].split()[0])
        if inside or text[p_end:start] == " " or before_name:
            return True
    title = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, start - 20) : start])
    return text[start:end] in surnames or bool(title and title.group(1).lower() in _TITLES)


def _is_office_or_demonym(word: str) -> bool:
    """Whether a capitalised word after a place says what of the place follows ("Mayor", "Italian"), not a surname."""
    return word.rstrip(".").lower() in _OFFICE_WORDS or word in country_by_demonym()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The bare toponym: "the Ain al-Asad air base" -> "Ain al-Asad air base", "Iraq's" -> "Iraq", "al-" kept."""
    leading = _LEADING_THE.match(text, start, end)
    if leading:
        start = leading.end()
    trailing = _TRAILING_POSSESSIVE.search(text, start, end)
    if trailing and trailing.end() == end:
        end = trailing.start()
    # Widen over an Arabic article the NER left out: "al-" + "Katrani".
    article = ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    return (article.start(1), end) if article else (start, end)
