"""Distances on the Earth, shared by the stages and services that compare places."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG): great-circle distances within 0.5 % anywhere


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) in degrees of a box holding every point within radius_km.

    West > east when the box crosses the 180th meridian; a circle over a pole spans every longitude.
    """
    reach = radius_km / EARTH_RADIUS_KM  # the radius as an angle, in radians
    lat_reach = math.degrees(reach)
    south, north = max(-90.0, lat - lat_reach), min(90.0, lat + lat_reach)
    if abs(lat) + lat_reach >= 90 or reach >= math.pi / 2:
        return south, north, -180.0, 180.0
    lon_reach = math.degrees(math.asin(min(1.0, math.sin(reach) / math.cos(math.radians(lat)))))
    return south, north, (lon - lon_reach + 540) % 360 - 180, (lon + lon_reach + 540) % 360 - 180
