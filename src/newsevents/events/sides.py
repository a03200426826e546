"""Sides pass: who did it and to whom, as ACLED codes them: named perpetrators, crowds, generic actors,
state forces."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..records import ActorMention, Span
from ..textnorm import country_short_names, iso_country
from .attribution import _attribute_perpetrators
from .candidate import _Candidate
from .context import _Context
from .lexicon import _cues, _curated_names, _regex
from .roles import _PLACE_PREPS, _TARGET_PREPS
from .syntax import _lemma

_CROWD_TYPES = {"protesters", "rioters"}


# Groups that are no armed actor until they fight: ACLED codes them by what they did.
_UNARMED_DOERS = _CROWD_TYPES | {"civilians"}


def _note_actors(context: _Context, candidate: _Candidate, types: set[str]) -> list[ActorMention]:
    """Actors of ``types`` named in the candidate's sentence, then in the rest of its note (paragraph)."""
    evidence = candidate.evidence
    found = [a for a in context.actors if a.type in types and context.paragraph(a.span.start) == candidate.paragraph]
    return sorted(found, key=lambda a: not (evidence.start <= a.span.start < evidence.end))


def _generic(context: _Context, candidate: _Candidate, kind: str, span: Span) -> ActorMention:
    """ACLED's generic actor ``kind`` ("Rioters (Benin)") of the event's country, over ``span``."""
    entry = _cues().generic_actors[kind]
    country = _event_country(context, candidate)
    name = f"{entry.name} ({country_short_names()[country]})" if country in country_short_names() else entry.name
    return ActorMention(span, name, actor_id=kind, country_code=country, type=entry.type)


def _crowd_sides(context: _Context, candidate: _Candidate, kind: str) -> tuple[ActorMention | None, ActorMention | None]:
    """A demonstration's doers are its crowd; the force that broke it up is its target (excessive force: the doer)."""
    cues = _cues()
    sides = [a for a in (candidate.actor1, candidate.actor2) if a is not None]
    crowd = next((a for a in sides if a.type in _CROWD_TYPES), None)
    force = next((a for a in sides if a.type == "state forces"), None)
    if force is None and candidate.acled[1] in cues.crowd_intervened + cues.crowd_targeted:
        force = next(iter(_note_actors(context, candidate, {"state forces"})), None)
    victim = next((a for a in sides if a.type == "civilians" and a is not crowd), None)
    # The crowd keeps the words that named it, else those of the group that led it, else the trigger's.
    named = crowd or next((a for a in sides if a is not force), None)
    crowd = _generic(context, candidate, kind, named.span if named else candidate.trigger)
    # "Police clashed with rioters": a riot told with the force as the doer keeps it first.
    force_first = force is not None and force is candidate.actor1 and kind == "rioters" and (
        candidate.actor2 is not None and candidate.actor2.type in _CROWD_TYPES)
    if candidate.acled[1] in cues.crowd_targeted or force_first:
        return force, crowd
    if candidate.acled[1] in cues.crowd_intervened:
        return crowd, force or victim
    if kind == "rioters" and force is not None and force is candidate.actor2:
        return crowd, force  # "youths stoned policemen": the force they attacked
    if kind == "rioters" and _regex("(" + "|".join(cues.brawl_words) + ")").match(candidate.trigger.text):
        return crowd, replace(crowd)  # "two families clashed": rioters on both sides
    return crowd, victim


def _acled_sides(context: _Context, candidate: _Candidate) -> _Candidate:
    """ACLED's sides by event type: crowds for demonstrations; for a deed nobody is said to do, the armed actor the
    note names (else an unidentified armed group for violence, the police for arrests); civilians for violence
    against civilians nobody is said to suffer; villagers who fight are a communal militia."""
    cues = _cues()
    acled_type, sub_type = candidate.acled
    doer = actor1 = candidate.actor1
    actor2 = candidate.actor2
    if acled_type in cues.crowds:
        actor1, actor2 = _crowd_sides(context, candidate, cues.crowds[acled_type])
    elif doer is None and sub_type in cues.arrest_subtypes:
        forces = _note_actors(context, candidate, {"state forces"})
        country = _event_country(context, candidate)
        if forces:
            actor1 = forces[0]
        elif country:
            actor1 = _force_of(context, ActorMention(candidate.trigger, "police"), country, "police")
    elif doer is None and acled_type is not None:
        actor1 = _other_armed(context, candidate, actor2)
        if actor1 is None and acled_type in cues.armed_doer_types:
            actor1 = _generic(context, candidate, "unidentified-armed-group", candidate.trigger)
    elif doer is not None and doer.type in _UNARMED_DOERS and acled_type in cues.armed_doer_types:
        actor1 = _generic(context, candidate, "communal-militia", doer.span)
    if actor2 is None and acled_type in cues.two_sided_types:
        actor2 = _other_armed(context, candidate, actor1)
    if actor2 is None and {acled_type, sub_type} & set(cues.civilian_target_types):
        named = [a for a in _note_actors(context, candidate, {"civilians"}) if a.name != getattr(actor1, "name", None)]
        actor2 = named[0] if named else _generic(context, candidate, "civilians", candidate.trigger)
    actor1 = _with_country(context, candidate, actor1)
    actor2 = _with_country(context, candidate, actor2)
    return replace(candidate, actor1=actor1, actor2=actor2)


def _with_country(context: _Context, candidate: _Candidate, actor: ActorMention | None) -> ActorMention | None:
    """A generic actor nobody could place ("Civilians") takes the event's country, as ACLED names it."""
    generic = _cues().generic_actors
    if actor is None or actor.country_code:
        return actor
    kind = actor.actor_id if actor.actor_id in generic else actor.type  # "herders" are "Civilians" by their type
    return _generic(context, candidate, kind, actor.span) if kind in generic else actor


def _other_armed(context: _Context, candidate: _Candidate, side: ActorMention | None) -> ActorMention | None:
    """The first armed actor of the note that is not ``side`` nor on the receiving end: the other party."""
    taken = side.name if side is not None else None
    return next((a for a in _note_actors(context, candidate, set(_cues().armed_actor_types))
                 if a.name != taken and not _receiving(context, candidate, a)), None)


def _receiving(context: _Context, candidate: _Candidate, actor: ActorMention) -> bool:
    """"a drone attack on the airbase used by US forces": an actor inside what the deed was done to, or
    named in another sentence without doing anything there, is no doer of it."""
    doc = context.analysis.doc
    trigger = doc.char_span(candidate.trigger.start, candidate.trigger.end, alignment_mode="expand")
    mention = doc.char_span(actor.span.start, actor.span.end, alignment_mode="expand")
    if trigger is None or mention is None:
        return False
    head, token = trigger.root, mention.root
    if token.sent != head.sent:
        return False  # the rest of the note: ACLED notes name the doer in a sentence of its own
    if head not in token.ancestors:
        # Outside the deed's own phrase only a clause's subject may have done it ("among US commanders" did not).
        while token.head.i != token.i and (token.dep_ in ("compound", "amod", "poss", "appos")
                                           or token.lower_ == "of" or token.head.lower_ == "of"):
            token = token.head  # "fighters of an armed group"
        seen = token.dep_ == "nsubjpass" and _lemma(token.head) in _cues().sighting_verbs
        return token.dep_ != "nsubj" and not seen
    while token.head.i != head.i:
        token = token.head
    return token.dep_ in ("dobj", "attr") or (token.dep_ == "prep" and token.lower_ in _TARGET_PREPS | _PLACE_PREPS)


def _force_of(context: _Context, actor: ActorMention, country: str, branch: str) -> ActorMention:
    """``actor`` as the armed or police forces of ``country``, named as the actor dictionary names them."""
    actor_id = f"{country.lower()}-{branch}"
    known = next((a for a in context.actors if a.actor_id == actor_id), None)
    name = known.name if known else _curated_names().get(actor_id)
    if name is None:
        record = iso_country(country)
        country_name = country_short_names().get(country) or (getattr(record, "common_name", None) or record.name if record else country)
        name = f"{'Police' if branch == 'police' else 'Military'} Forces of {country_name}"
    return replace(actor, name=name, actor_id=actor_id, country_code=country, type="state forces")


def _event_country(context: _Context, candidate: _Candidate) -> str | None:
    """The country of the event's place, else the one the article's places name most (a note placed nowhere
    in particular still tells its country: "in Harar and Dire Dawa")."""
    if candidate.location is not None and candidate.location.country_code:
        return candidate.location.country_code
    named = Counter(p.country_code for p in context.places if p.country_code)
    if not named:  # "SAF bombed ...": the named actors' country
        named = Counter(a.country_code for a in context.actors if a.country_code and a.type != "source")
    return named.most_common(1)[0][0] if named else None


def _home_country(context: _Context, candidate: _Candidate) -> str | None:
    """Whose "soldiers" or "police" these are: the event country's, unless the article names only one foreign force."""
    home = _event_country(context, candidate)
    named = {a.country_code for a in context.actors if a.type == "state forces" and a.country_code}
    if home not in named and len(named) == 1:
        return next(iter(named))
    return home


def _state_forces(context: _Context, candidate: _Candidate) -> _Candidate:
    """ACLED's coding of state agents: a state that attacks acts through its military; bare
    "soldiers" or "police" are the forces of the country where the event happened."""
    def resolve(actor: ActorMention | None, doer: bool) -> ActorMention | None:
        if actor is None:
            return None
        country = actor.country_code
        if doer and candidate.event_type == "ASSAULT" and actor.type == "government" and country and (
            actor.actor_id == f"{country.lower()}-government" or actor.name.startswith("Government of")
        ):
            return _force_of(context, actor, country, "military")
        if actor.type == "state forces" and not country:
            country = _home_country(context, candidate)
            if country:
                words = f"{actor.name} {actor.span.text}".lower()
                return _force_of(context, actor, country, "police" if any(w in words for w in _cues().police_words) else "military")
        return actor

    return replace(candidate, actor1=resolve(candidate.actor1, True), actor2=resolve(candidate.actor2, False))


def code_sides(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Perpetrators the article names elsewhere, then ACLED's sides and state forces for each event."""
    return tuple(_state_forces(context, _acled_sides(context, c)) for c in _attribute_perpetrators(context, candidates))
