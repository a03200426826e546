"""Distances between gold and predicted points on the Earth."""

from __future__ import annotations

from ..geometry import haversine_km

# 161 km = 100 miles, the customary geoparsing tolerance (Leidner 2008; Gritta et al. 2018),
# so our figures compare with published geoparsers.
ACCURACY_RADIUS_KM = 161.0


def coordinates(item: dict | None) -> tuple[float, float] | None:
    if not item or item.get("lat") is None or item.get("lon") is None:
        return None
    return float(item["lat"]), float(item["lon"])


def distance_km(gold: tuple[float, float], predicted: dict | None) -> float | None:
    point = coordinates(predicted)
    return haversine_km(*gold, *point) if point else None
