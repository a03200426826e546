"""What the store is asked: ``EventQuery``, every filter checked when the query is made."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from ..errors import QueryError

# --- What the store is asked -------------------------------------------------

# Below this an event is a weak guess: in the bundled demo dump the 5 of 39 events under 0.4 are a second,
# mistyped reading of words already coded as another event, or talk far down an article; `--all` shows them.
DEFAULT_MIN_CONFIDENCE = 0.4
DEFAULT_RADIUS_KM = 50.0
# One page a screen or an HTTP response can hold; more goes through Store.iter_events (exports).
MAX_LIMIT = 10_000
# The largest integer SQLite and PostgreSQL take as an OFFSET (a signed 64-bit one); a larger offset sent over
# HTTP failed in the database driver, where a page past the last match is just empty.
MAX_OFFSET = 2**63 - 1
# Sort keys (a leading "-" sorts descending); ties go to the newest date, then the newest article.
SORT_KEYS = ("date", "confidence", "fatalities", "injuries", "country", "type", "published")

_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")
# Filling a partial date to the first or last day of its period; day "31"
# works for every month because dates are compared as text.
_PERIOD_START = {4: "-01-01", 7: "-01"}
_PERIOD_END = {4: "-12-31", 7: "-31"}


@dataclass(frozen=True)
class EventQuery:
    """Which stored events to list and in what order; every value is checked when the query is made.

    ``since``/``until`` take YYYY-MM-DD, YYYY-MM or YYYY and include the whole period;
    events without a date (or without coordinates, for ``near``/``bbox``) are left out
    when the filter is given.
    """

    article_id: str | None = None  # an article id or a unique prefix
    event_type: str | None = None  # PLOVER, any case
    acled_event_type: str | None = None  # any case
    acled_sub_event_type: str | None = None  # any case
    actor: str | None = None  # part of either actor's name, any case
    country: str | None = None  # ISO 3166-1 alpha-2, or a country name the store resolves
    since: str | date | None = None
    until: str | date | None = None
    near: tuple[float, float] | None = None  # (lat, lon): events within radius_km of it
    radius_km: float = DEFAULT_RADIUS_KM
    bbox: tuple[float, float, float, float] | None = None  # (west, south, east, north); west > east crosses 180°
    q: str | None = None  # full-text search over the events' articles (their evidence is part of the text)
    aggregate: bool | None = None  # True: only aggregates, False: only single events, None: both
    min_confidence: float = DEFAULT_MIN_CONFIDENCE  # 0 shows every guess
    sort: str = "-date"
    limit: int | None = 100  # None: every match (Store.iter_events streams them)
    offset: int = 0

    def __post_init__(self) -> None:
        since, until = self.since_bound, self.until_bound
        if since is not None and until is not None and since > until:
            raise QueryError(f"since {self.since} is after until {self.until}", "swap them, or widen the period")
        if self.near is not None:
            _check_point(*self.near, "near")
        if not (math.isfinite(self.radius_km) and self.radius_km > 0):
            raise QueryError(f"radius {self.radius_km} km is not a distance", "give a positive number of km, e.g. 50")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            _check_point(south, west, "bbox")
            _check_point(north, east, "bbox")
            if south > north:
                raise QueryError(f"bbox south {south} is north of its north {north}", "write it as WEST,SOUTH,EAST,NORTH")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise QueryError(f"min confidence {self.min_confidence} is outside 0..1", "give e.g. 0.5, or 0 to show all")
        if self.sort_key not in SORT_KEYS:
            raise QueryError(f"cannot sort by {self.sort!r}", f"sort by one of {', '.join(SORT_KEYS)} (prefix - for descending)")
        if self.limit is not None and not 0 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit {self.limit} is outside 0..{MAX_LIMIT}", "page with --offset, or export every match")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise QueryError(f"offset {self.offset} is outside 0..{MAX_OFFSET}", "pass 0 or more, up to the number of matches")

    @property
    def since_bound(self) -> str | None:
        """``since`` as the first day of its period (YYYY-MM-DD)."""
        return None if self.since is None else _iso_bound(self.since, "since", _PERIOD_START)

    @property
    def until_bound(self) -> str | None:
        """``until`` as the last day of its period (YYYY-MM-DD; a month ends on "31")."""
        return None if self.until is None else _iso_bound(self.until, "until", _PERIOD_END)

    @property
    def sort_key(self) -> str:
        return self.sort.strip().removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.strip().startswith("-")


def _iso_bound(value: str | date, name: str, fill: dict[int, str]) -> str:
    text = value.isoformat()[:10] if isinstance(value, date) else str(value).strip()
    if _PARTIAL_DATE.fullmatch(text):
        if len(text) in fill:
            return text + fill[len(text)]
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise QueryError(f"{name} {value!r} is not a date", "write it as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-04-14")


def _check_point(lat: float, lon: float, name: str) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise QueryError(f"{name} {lat},{lon} is off the globe", "latitudes run -90..90 and longitudes -180..180")


def parse_numbers(text: str, count: int, name: str, example: str) -> tuple[float, ...]:
    """``count`` comma-separated numbers ("36.2,44.0"), for --near and --bbox."""
    try:
        numbers = tuple(float(part) for part in text.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != count or not all(math.isfinite(n) for n in numbers):
        raise QueryError(f"{name} {text!r} is not {count} comma-separated numbers", f"write it like {example}")
    return numbers
