"""The actor mentions of an article: candidates turned into ``ActorMention``s with in-article
coreference, and the entities corrected by what was found (the stage verb ``find_actors``)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..records import Actor, ActorMention, Analysis, Entity, Span
from ..textnorm import ARTICLE_PREFIX, DEFINITE_DETERMINERS, fold
from .country import WORD, acled_name, context_country, demonym_before
from .deeds import CIVILIANS, deed_role, deed_subjects, identity_militias, victims
from .dictionary import ARABIC_ARTICLE, ARMED_TYPES, FUNCTION_WORDS, alias_index, key, loaded
from .matching import Found, ambiguous_confirmed, anaphors, entity_found, inside, is_given_name, is_place, match_aliases

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

_PROPER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
# Photo credits and caption sources: "(Photo by Rabih DAHER / AFP)", "... north Baghdad (Reuters)".
_CREDIT = re.compile(
    r"\((?:photo|image|picture|file photo)s?\b[^)\n]*\)|\(\s*[A-Z][\w .'’/-]{0,40}\)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _credit_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]


def _title_role(words: list[str]) -> str | None:
    """The longest title among the given lowercase words, as a role ("foreign minister")."""
    titles = loaded().titles
    for length in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - length + 1):
            phrase = " ".join(words[i : i + length])
            if phrase in titles:
                return phrase
    return None


def _role_matches(title: str, role: str | None) -> bool:
    if not role:
        return False
    return any(word in role.lower() for word in loaded().titles.get(title, ()))


def _find_candidates(doc: Any, credits: list[tuple[int, int]]) -> list[Found]:
    """Every place an actor may be named, ordered by position, without overlaps."""
    data = loaded()
    found = [f for f in match_aliases(doc, credits) if not f.ambiguous or ambiguous_confirmed(doc, f)]
    identities = identity_militias(doc, set())
    found = [f for f in found if not any(i.start < f.end and f.start < i.end for i in identities)] + identities
    taken = {i for f in found for i in range(f.start, f.end)}
    for ent in doc.ents:
        if ent.label_ in {"PERSON", "ORG"} and not taken.intersection(range(ent.start, ent.end)) and not is_place(doc, ent):
            # Only a name with a word of its own: "al-" cut off "al-Quds Force" names nobody.
            named = any(w.lower() not in FUNCTION_WORDS for w in WORD.findall(ent.text))
            if not inside(ent.start_char, ent.end_char, credits) and named:
                start = ent.start - 1 if ent.label_ == "PERSON" and is_given_name(doc, ent.start - 1, taken) else ent.start
                found.append(entity_found(doc, start, ent, credits, found))
                taken.update(range(start, found[-1].end))
        elif ent.label_ == "GPE" and not taken.intersection(range(ent.start, ent.end)):
            is_country = key(ent.text) in data.country_names or ent.text in data.capitals
            if is_country and ent.root.dep_ == "nsubj":
                found.append(Found(ent.start, ent.end, "metonym"))
                taken.update(range(ent.start, ent.end))
    found += deed_subjects(doc, taken)
    found += victims(doc, taken)
    surnames = {_surname(doc[f.start : f.end].text) for f in found if f.kind == "entity" and f.label == "PERSON"}
    surnames |= {_surname(data.by_id[f.actor_id].name) for f in found if f.actor_id and data.by_id[f.actor_id].type == "person"}
    for token in doc:
        # A lone surname spaCy did not tag ("Billing said"); _entity_mention keeps it only after a full name.
        if token.i not in taken and token.is_title and fold(token.text) in surnames:
            found.append(Found(token.i, token.i + 1, "entity", label="PERSON"))
            taken.add(token.i)
    found += anaphors(doc, taken)
    return sorted(found, key=lambda f: f.start)


def _surname(name: str) -> str:
    return fold(ARABIC_ARTICLE.sub("", name.split()[-1])) if name.split() else ""


def _resolve_mentions(doc: Any, text: str, title: str | None = None) -> tuple[list[ActorMention], list[tuple[Found, ActorMention]]]:
    data = loaded()
    credits = _credit_ranges(text)
    candidates = _find_candidates(doc, credits)
    context = context_country(doc, candidates, title)
    persons: list[tuple[str, ActorMention]] = []  # (surname, mention), in order of appearance
    # (sentence start, mention) of named armed groups and of generic actors whose own words gave their country
    groups: list[tuple[int, ActorMention]] = []
    pairs: list[tuple[Found, ActorMention]] = []
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
        if named_group or found.kind == "generic" and demonym_before(doc, found.start)[1]:
            groups.append((doc[found.start].sent.start, mention))
    return [m for _, m in pairs], pairs


def _coordinated(doc: Any, text: str, found: Found, mention: ActorMention) -> list[tuple[Found, ActorMention]]:
    """'Iraqi and US officials': the same state body of each demonym coordinated before a matched one."""
    data = loaded()
    code = (mention.country_code or "").lower()
    actor_id = mention.actor_id or ""
    if found.kind != "name" or not actor_id.startswith(f"{code}-") or code == "":
        return []
    body = actor_id[len(code) + 1 :]
    extra: list[tuple[Found, ActorMention]] = []
    i = found.start
    while i >= 2 and doc[i - 1].lower_ in {"and", "or", ","} and fold(doc[i - 2].text) in data.demonyms:
        other = data.demonyms[fold(doc[i - 2].text)][0]
        actor = data.by_id.get(f"{other.lower()}-{body}")
        if actor is None:
            break
        token = doc[i - 2]
        span = Span.of(text, token.idx, token.idx + len(token))
        extra.insert(0, (Found(i - 2, i - 1, "name", actor.id), ActorMention(
            span, actor.name, actor.id, actor.country_code, actor.type, confidence=CONFIDENCE_METONYM)))
        i -= 2
    return extra


def _mention(
    doc: Any,
    text: str,
    found: Found,
    context: str | None,
    persons: list[tuple[str, ActorMention]],
    groups: list[tuple[int, ActorMention]],
    pairs: list[tuple[Found, ActorMention]],
    roles: dict[Span, str],
) -> ActorMention | None:
    """The ``ActorMention`` of one candidate, given what the article named before it."""
    data = loaded()
    span = doc[found.start : found.end]

    def build(start: int, end: int, **fields: Any) -> ActorMention:
        first, last = doc[start], doc[end - 1]
        return ActorMention(span=Span.of(text, first.idx, last.idx + len(last)), **fields)

    actor: Actor | None
    if found.kind == "name":
        assert found.actor_id is not None  # a dictionary name always carries its actor
        actor = data.by_id[found.actor_id]
        start, _, backer, _ = demonym_before(doc, found.start)
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
        start, country, patron, demonym = demonym_before(doc, found.start)
        words = span.text
        if found.kind == "state-noun":
            kind = data.state_nouns[fold(span.text)]
            code = country or context
            actor = data.by_id.get(f"{(code or '').lower()}-{kind}")
            if actor is None:
                return build(start, found.end, name=words, type="state forces" if kind != "government" else "government",
                             patron=patron, confidence=CONFIDENCE_CONTEXT)
            return build(start, found.end, name=actor.name, actor_id=actor.id, country_code=code, type=actor.type,
                         patron=patron, confidence=CONFIDENCE_METONYM if country else CONFIDENCE_CONTEXT)
        assert found.actor_id is not None  # a generic actor always carries its generic actor id
        actor = data.by_id[deed_role(span.root, found.actor_id)]
        earlier = None if country else _referent(span, actor.id, groups)
        if earlier is not None:
            return build(start, found.end, name=earlier.name, actor_id=actor.id, country_code=earlier.country_code,
                         type=actor.type, patron=patron or earlier.patron,
                         confidence=min(CONFIDENCE_ANAPHOR, earlier.confidence))
        code = country or context
        name = data.by_id[CIVILIANS].name if actor.type == "civilians" else actor.name
        return build(start, found.end, name=acled_name(name, code), actor_id=actor.id, country_code=code,
                     type=actor.type, patron=patron, confidence=CONFIDENCE_METONYM if country else CONFIDENCE_CONTEXT)
    if found.kind == "identity":
        assert found.name is not None  # identity militias are found with the name built from the text
        return build(found.start, found.end, name=acled_name(found.name, context), country_code=context,
                     type="identity militia", confidence=CONFIDENCE_CONTEXT)
    if found.kind == "metonym":
        code = data.country_names.get(key(span.text)) or data.capitals.get(span.text)
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
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in span.root.children):
        return None
    return next((m for _, m in reversed(groups) if m.actor_id == actor_id), None)


def _entity_mention(doc, text, found, persons, pairs, roles, build) -> ActorMention | None:
    """An actor only spaCy's NER knows: a surname of an earlier person, or a new name with context."""
    data = loaded()
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
    country = next((data.demonyms.get(fold(t.text), (data.country_names.get(key(t.text)), None))[0]
                    for t in window if t.text[:1].isupper() and (fold(t.text) in data.demonyms or key(t.text) in data.country_names)),
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
        name=span.text if found.label == "PERSON" else ARTICLE_PREFIX.sub("", span.text),
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
    index, longest = alias_index()
    folded = [fold(t.text) for t in after]
    for i in range(len(folded)):
        for length in range(min(longest, len(folded) - i), 0, -1):
            entries = index.get(tuple(folded[i : i + length]))
            if entries and entries[0].actor_id not in loaded().generic:
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
    data = loaded()
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
            inside(entity.start, entity.end, credits)
            or not any(c.isalpha() for c in entity.text)
            or (entity.text.islower() and " " not in entity.text)
        ):
            continue
        if not any(f.start < entity.end and entity.start < f.end for f in forced):
            kept.append(entity)
    return tuple(sorted({*kept, *forced}, key=lambda e: (e.start, e.end)))


def find_actors(analysis: Analysis) -> Analysis:
    """Fill ``actors`` from the parsed Doc and return corrected ``entities``."""
    doc = analysis.doc
    text = analysis.article.text
    if doc is None:
        import spacy

        doc = spacy.blank("en")(text)
    mentions, pairs = _resolve_mentions(doc, text, analysis.article.title)
    entities = _corrected_entities(doc, analysis.entities, pairs, _credit_ranges(text))
    return replace(analysis, actors=tuple(mentions), entities=entities)
