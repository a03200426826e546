"""The actors stage's rule data (data/actor_rules.yaml), loaded once into a typed, frozen record."""

from __future__ import annotations

from dataclasses import dataclass

from ..resources import load_rules


@dataclass(frozen=True)
class StateActor:
    """A state body generated for every country: {D} is each demonym, {C} each name of the country."""

    type: str
    name: str
    descriptive: tuple[str, ...]  # phrases matched in text, never EntityRuler patterns


@dataclass(frozen=True)
class ActorRules:
    """data/actor_rules.yaml, key for key (see its comments for what each one means)."""

    state_actors: dict[str, StateActor]
    generic_state_nouns: dict[str, tuple[str, ...]]
    backing_words: tuple[str, ...]
    titles: dict[str, tuple[str, ...]]
    group_anaphors: tuple[str, ...]
    deed_verbs: dict[str, tuple[str, ...]]
    protest_objects: tuple[str, ...]
    protest_destinations: tuple[str, ...]
    deed_roles: dict[str, dict[str, str]]
    deed_subjects: tuple[str, ...]
    victim_nouns: tuple[str, ...]
    quantity_nouns: tuple[str, ...]
    subdivision_stopwords: tuple[str, ...]


def actor_rules() -> ActorRules:
    return load_rules("actor_rules.yaml", ActorRules)
