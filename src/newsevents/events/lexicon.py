"""The events stage's rule data, loaded once into typed, frozen records.

data/event_cues.yaml holds the cue lists and regexes (see its comments for what each one means),
data/event_triggers.csv the trigger phrases, data/plover_acled.csv the default ACLED type of each
PLOVER type and mode. A misspelt or missing key fails at load time, naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..records import ActorEntry
from ..resources import load_rules, load_table


@dataclass(frozen=True)
class Instrument:
    """A weapon's words and the ASSAULT mode (and ACLED type) they set."""

    mode: str
    words: tuple[str, ...]
    acled: tuple[str, str] | None = None


@dataclass(frozen=True)
class AcledRule:
    """One ordered ACLED refinement; a field left out does not restrict the rule."""

    types: tuple[str, ...]
    acled: tuple[str, str]
    modes: tuple[str, ...] | None = None
    base: tuple[str, ...] | None = None
    sentence: str | None = None
    unless: str | None = None
    note: tuple[str, ...] | None = None  # every regex must match the note
    note_unless: str | None = None
    agent: str | None = None
    victim: str | None = None
    doer: str | None = None


@dataclass(frozen=True)
class Attribution:
    name_after: tuple[str, ...]
    name_before: tuple[str, ...]
    group_nouns: tuple[str, ...]


@dataclass(frozen=True)
class DeadlyQuarrels:
    nouns: tuple[str, ...]
    acled: tuple[str, str]
    weight: float


@dataclass(frozen=True)
class GenericActor:
    name: str
    type: str


@dataclass(frozen=True)
class EventCues:
    """data/event_cues.yaml, key for key."""

    instruments: tuple[Instrument, ...]
    explosion_modes: tuple[str, ...]
    refinable_modes: tuple[str, ...]
    victim_classes: dict[str, tuple[str, ...]]
    acled_rules: tuple[AcledRule, ...]
    note_labels: dict[str, tuple[str, str, str, str]]  # label -> ACLED type, sub-event type, PLOVER type, mode
    attribution: Attribution
    unattributed_doers: tuple[str, ...]
    affiliation_nouns: tuple[str, ...]
    area_nouns: tuple[str, ...]
    sighting_verbs: tuple[str, ...]
    per_place_types: tuple[str, ...]
    deadly_quarrels: DeadlyQuarrels
    reporting_verbs: tuple[str, ...]
    realising_verbs: tuple[str, ...]
    gathering_verbs: tuple[str, ...]
    modal_auxiliaries: dict[str, str]
    intent_verbs: tuple[str, ...]
    prospective_verbs: tuple[str, ...]
    planned_types: tuple[str, ...]
    warning_verbs: tuple[str, ...]
    said_types: tuple[str, ...]
    exchange_types: tuple[str, ...]
    hostile_types: tuple[str, ...]
    pledged_types: tuple[str, ...]
    acled_types: tuple[str, ...]
    denial_verbs: tuple[str, ...]
    fear_words: tuple[str, ...]
    unrealising_words: tuple[str, ...]
    threat_making_verbs: tuple[str, ...]
    negative_arguments: tuple[str, ...]
    sanction_verbs: tuple[str, ...]
    natural_forces: tuple[str, ...]
    arrest_operations: tuple[str, ...]
    irrealis_modifiers: tuple[str, ...]
    conditional_marks: tuple[str, ...]
    anchor_prepositions: tuple[str, ...]
    background_cues: str
    sequel_adverbs: tuple[str, ...]
    response_cues: str
    lasting_conflicts: tuple[str, ...]
    period_units: tuple[str, ...]
    earlier_modifiers: tuple[str, ...]
    event_frames: tuple[str, ...]
    aggregate_modifiers: tuple[str, ...]
    death_verbs: tuple[str, ...]
    death_intransitive: tuple[str, ...]
    death_phrases: dict[str, tuple[str, ...]]
    to_death_verbs: tuple[str, ...]
    death_nouns: tuple[str, ...]
    figurative_dead: tuple[str, ...]
    death_causes: tuple[str, ...]
    injury_verbs: tuple[str, ...]
    injury_nouns: tuple[str, ...]
    unknown_casualties: tuple[str, ...]
    toll_measures: tuple[str, ...]
    toll_addition_words: tuple[str, ...]
    aggregate_toll: str
    attacker_words: tuple[str, ...]
    zero_casualty_patterns: dict[str, str]
    coded_fatalities: str
    split_fatalities: str
    attack_count: str
    first_attack: str
    animal_words: tuple[str, ...]
    alleged_words: tuple[str, ...]
    accusation_verbs: tuple[str, ...]
    quantity_words: dict[str, int]
    count_words: dict[str, int]
    caption_patterns: tuple[str, ...]
    territory_types: tuple[str, ...]
    participle_types: tuple[str, ...]
    generic_actors: dict[str, GenericActor]
    crowds: dict[str, str]
    crowd_intervened: tuple[str, ...]
    crowd_targeted: tuple[str, ...]
    armed_doer_types: tuple[str, ...]
    arrest_subtypes: tuple[str, ...]
    civilian_target_types: tuple[str, ...]
    two_sided_types: tuple[str, ...]
    armed_actor_types: tuple[str, ...]
    police_words: tuple[str, ...]
    brawl_words: tuple[str, ...]



@dataclass(frozen=True)
class _TriggerRow:
    """One line of data/event_triggers.csv; a "~" word of the phrase is a dependent of its head."""

    phrase: str
    pos: str
    event_type: str
    event_mode: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    weight: float


@dataclass(frozen=True)
class _AcledDefaultRow:
    """One line of data/plover_acled.csv: the ACLED type of a PLOVER type and mode."""

    event_type: str
    event_mode: str
    acled_event_type: str
    acled_sub_event_type: str


@dataclass(frozen=True)
class _Trigger:
    words: tuple[str, ...]
    dependents: tuple[str, ...]
    pos: str
    event_type: str
    event_mode: str
    acled: tuple[str | None, str | None] | None
    weight: float


def _cues() -> EventCues:
    return load_rules("event_cues.yaml", EventCues)


@lru_cache(maxsize=1)
def _triggers() -> dict[str, tuple[_Trigger, ...]]:
    """Triggers indexed by the lemma they start with (the head lemma for dependent patterns)."""
    index: dict[str, list[_Trigger]] = {}
    for row in load_table("event_triggers.csv", _TriggerRow):
        words = row.phrase.lower().split()
        acled = (row.acled_event_type, row.acled_sub_event_type)
        trigger = _Trigger(
            words=tuple(w for w in words if not w.startswith("~")),
            dependents=tuple(w[1:] for w in words if w.startswith("~")),
            pos=row.pos,
            event_type=row.event_type,
            event_mode=row.event_mode,
            acled=acled if acled[0] else None,
            weight=row.weight,
        )
        index.setdefault(trigger.words[0], []).append(trigger)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _acled_defaults() -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (r.event_type, r.event_mode): (r.acled_event_type, r.acled_sub_event_type)
        for r in load_table("plover_acled.csv", _AcledDefaultRow)
    }


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@lru_cache(maxsize=1)
def _curated_names() -> dict[str, str]:
    """Names the actor dictionary gives its state actors ("il-military" -> "Israel Defense Forces")."""
    return {e.id: e.name for e in load_rules("actors.yaml", tuple[ActorEntry, ...]) if e.name}
