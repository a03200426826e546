"""Actors stage: who is named in an article, resolved against a curated actor dictionary.

The dictionary is ``data/actors.yaml`` (persons, armed groups, organisations, media,
generic actors) plus state bodies generated for every country of ``data/countries.csv``
with the alias templates of ``data/actor_rules.yaml``. ``ruler_patterns`` feeds the
proper names to spaCy's EntityRuler; ``find_actors`` turns a parsed article into
``ActorMention`` records, with in-article coreference (surnames, titles, "the group").

Modules: ``rules`` types data/actor_rules.yaml; ``dictionary`` loads, checks and indexes the
dictionary; ``matching`` finds its aliases, NER names and anaphors in a parsed Doc; ``deeds``
finds unnamed groups by what they do; ``country`` weighs the article's country; ``mentions``
builds the ``ActorMention``s.
"""

from __future__ import annotations

from .dictionary import actor_dictionary, check, ruler_patterns, search
from .mentions import find_actors

__all__ = ["actor_dictionary", "check", "find_actors", "ruler_patterns", "search"]
