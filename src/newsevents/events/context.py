from __future__ import annotations

import re
from bisect import bisect_right

from ..records import Analysis, PlaceMention
from .lexicon import _cues
from .syntax import _lemma, _line_sentences

# "in Korangi neighborhood, Karachi, city, Sindh province, Pakistan": between two places of one chain stand
# only commas and designators or unresolved names, never a verb, a conjunction or a sentence break.
CHAIN_GAP = 60  # characters: "town, Khyber Agency, Federally Administered Tribal Areas, " still fits


# A designator word between a name and its comma: "Dora neighborhood, ", "Sangin village, ".
_DESIGNATED_GAP = re.compile(r"\s+[a-z]+\s*,")


_CHAIN_BREAK = re.compile(r"[.;:!?]|\b(and|or|to|from|between|while|where|which|who|as|in|at|near|of|after|before|by)\b", re.I)


class _Context:
    """What every sentence needs from the article: mentions, paragraphs, text."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.text = analysis.article.text
        self.actors = analysis.actors
        # A continent is no place of an event: the codebook's widest location is a country.
        self.places = tuple(p for p in analysis.places if p.feature_code != "CONT")
        self.dates = analysis.dates
        self.entities = analysis.entities
        self.sentences = _line_sentences(analysis.doc)
        self.sentence_starts = [sent.start_char for sent in self.sentences]
        self.chain_heads = _chain_heads(self.text, self.places)
        self.incidental = frozenset(p for p in self.places if _incidental(analysis.doc, self.text, p))
        self.elsewhere = frozenset(p for p in self.places if _elsewhere(analysis.doc, p))
        self.tolls: dict[tuple[int, int], tuple] = {}  # (token start, end) of a sentence -> its (dead, hurt)

    def paragraph(self, offset: int) -> int:
        return self.text.count("\n", 0, offset)

    def sentence(self, offset: int) -> int:
        """Index of the sentence holding ``offset``."""
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    def mentions_in(self, mentions, start: int, end: int):
        return [m for m in mentions if m.span.start >= start and m.span.end <= end]


_QUALIFYING_SUFFIX = re.compile(r"-(?:[a-z]+ed\b|[A-Z])")


def _qualifier(text: str, place: PlaceMention) -> bool:
    """"Turkey-backed fighters", "a Kabul-based group": a place that qualifies the doers, not where they acted;
    "the Cotonou-Parakou highway": the end of a road, which may run hundreds of kilometres from the event."""
    return bool(_QUALIFYING_SUFFIX.match(text, place.span.end))


def _incidental(doc, text: str, place: PlaceMention) -> bool:
    """A place that says who someone is or where they came from, never where an event happened."""
    span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    return _qualifier(text, place) or (span is not None and (
        _affiliation(span.root) or _origin(span.root) or _country_modifier(place, span.root)))


def _elsewhere(doc, place: PlaceMention) -> bool:
    """"The two are charged with smuggling rifles into Chad": a sentence that tells a charge places the deed charged,
    never the arrest or trial that reports it, even when the note names no other place. A charge inside the
    event's own sentence ("killed two men suspected of theft in Kandi") is how a note places its event."""
    span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    if span is None or _lemma(span.root.sent.root) not in _cues().accusation_verbs:
        return False
    return any(_alleged(a) for a in span.root.ancestors)


def _country_modifier(place: PlaceMention, root) -> bool:
    """"US bases", "Lebanon's news agency": a country naming whose thing it is; "Lebanon's south" stays a place."""
    return (
        place.feature_code in ("PCLI", "ADM1")
        and root.dep_ in ("compound", "poss")
        and _lemma(root.head) not in _cues().area_nouns
    )


def _origin(root) -> bool:
    """"herders from Niger clashed with farmers": where people come from, not where the event was."""
    while root.dep_ == "conj":
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.pos_ in ("NOUN", "PROPN")


def _affiliation(root) -> bool:
    """"the Muzaffargarh traders association president": a place naming whom a person or body belongs to."""
    if root.dep_ not in ("compound", "poss"):
        return False
    root = root.head
    while root.dep_ == "compound":
        root = root.head
    return _lemma(root) in _cues().affiliation_nouns


def _chained(text: str, inner: PlaceMention, outer: PlaceMention) -> bool:
    """Whether ``outer`` names where ``inner`` lies ("Cavite province, Philippines"), not a place listed beside it."""
    gap = text[inner.span.end : outer.span.start]
    # "Dora neighborhood, Hermel city, ...": a place its designator says is inside the next one lies in the
    # chain's country whatever the gazetteer read ("Gaza, Israel said" names two countries, with no designator).
    designated = bool(_DESIGNATED_GAP.match(gap))
    wider = outer.precision > inner.precision or outer.name == inner.name or (
        designated and outer.precision == inner.precision)
    same_country = not (inner.country_code and outer.country_code) or inner.country_code == outer.country_code
    linked = "," in gap and len(gap) <= CHAIN_GAP and not _CHAIN_BREAK.search(gap)
    return linked and wider and (same_country or designated)


def _chain_heads(text: str, places: tuple[PlaceMention, ...]) -> dict[PlaceMention, PlaceMention]:
    """Each place's most specific resolved place of its chain ("A village, B province, Country"): the event's place."""
    ordered = sorted(places, key=lambda p: p.span.start)
    chains: list[list[PlaceMention]] = []
    for place in ordered:
        if chains and _chained(text, chains[-1][-1], place):
            chains[-1].append(place)
        else:
            chains.append([place])
    return {p: _chain_head(chain) for chain in chains for p in chain}


def _chain_head(chain: list[PlaceMention]) -> PlaceMention:
    """The most specific place of a chain that lies in the country the chain ends in: a name read as a place
    abroad ("Dora neighborhood, Hermel city, Beqaa governorate, Lebanon") is a misreading of a local one."""
    country = chain[-1].country_code
    local = [p for p in chain if not (country and p.country_code) or p.country_code == country]
    return min(local or chain, key=lambda q: q.precision)


def _alleged(token) -> bool:
    """"accused of killing a farmer": a deed someone is charged with, not one this event did."""
    governor = token.head.head if token.head.dep_ == "prep" else token.head
    return token.dep_ in ("pcomp", "pobj") and _lemma(governor) in _cues().alleged_words
