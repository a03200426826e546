"""Distances between gold and predicted points on the Earth."""

from __future__ import annotations

import math

# 161 km = 100 miles, the customary geoparsing tolerance (Leidner 2008; Gritta et al. 2018),
# so our figures compare with published geoparsers.
ACCURACY_RADIUS_KM = 161.0
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def coordinates(item: dict | None) -> tuple[float, float] | None:
    if not item or item.get("lat") is None or item.get("lon") is None:
        return None
    return float(item["lat"]), float(item["lon"])


def distance_km(gold: tuple[float, float], predicted: dict | None) -> float | None:
    point = coordinates(predicted)
    return haversine_km(*gold, *point) if point else None
