"""Where an article names places: candidate toponym spans from NER, the gazetteer's names and trigger words."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Sequence

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
    rf"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|from|to|between)\s+(?!{_CALENDAR_WORDS}\b)({_CAP}(?:[\s-]{_CAP}){{0,2}})"
)
AREA_WORDS = frozenset(
    {"district", "tehsil", "area", "areas", "region", "countryside", "outskirts", "environs", "suburbs"}
)
# Words before a person's name: what follows them is a name, not a place ("Allama Nasrullah Madani").
_TITLES = frozenset(
    "mr mrs ms dr sheikh shaikh allama maulana maulvi mullah mufti imam haji hajji general gen col colonel major "
    "captain capt lt president minister governor mayor senator commander chief judge pastor father rev bishop "
    "prince king queen".split()
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
    blocked = [(e.start, e.end, e.text) for e in analysis.entities if e.label in _BLOCKING_LABELS or e.label == "ORG"]

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
            if not (last[:1].isupper() or last in feature_codes_by_word()) or re.search(r"[,;:()]", candidate):
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
    # A possessive ends a name: "in Tripoli's Salahadeen district" names Tripoli, then a part of it.
    weak = []
    for match in _WEAK_TRIGGER.finditer(text):
        name = _POSSESSIVE_CUT.split(match.group(1))[0]
        weak.append((match.start(1), match.start(1) + len(name)))
    protected.update(triggered)
    # free() also drops NER spans inside an unknown longer name: "Kati" in "in Kati Pahari area" is not Kati, Mali.
    weak = [(start, end) for start, end in weak if free(start, end) and rank(text[start:end], Hints(Counter()))]
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
    if next_word and (next_word.group(1).lower() in feature_codes_by_word() or next_word.group(1).lower() in AREA_WORDS):
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
    article = ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    return (article.start(1), end) if article else (start, end)
