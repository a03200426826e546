"""A small database for the API and browser tests: five articles with events at known places and dates.

One article is hostile: its text, title, URL, an actor's name and its place's name hold HTML, scripts and a
``javascript:`` URL, which the API must return as plain data and the dashboard must show as text. Built straight from Analysis records (no model).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsevents.records import ActorMention, Analysis, Article, DateMention, EventMention, PlaceMention, Span
from newsevents.store import open_store

HOSTILE_ACTOR = '<img src=x onerror="window.__xss=1">Hostile Group'
HOSTILE_TEXT = (
    "<script>window.__xss = 2;</script> Gunmen of the " + HOSTILE_ACTOR + " clashed with soldiers in Nairobi "
    "on Saturday, leaving three dead, police said. <script>alert(1)</script><img src=x onerror=alert(1)> "
    '<a href="javascript:alert(1)">more</a>'
)
HOSTILE_TITLE = '"><svg onload=alert(1)>Clashes in Nairobi'
HOSTILE_URL = "javascript:alert(1)"
HOSTILE_PLACE = "Nairobi<img src=x onerror=alert(1)>"  # the gazetteer's name of the place; the text says Nairobi


@dataclass(frozen=True)
class Known:
    """One event of the database as the tests look for it."""

    key: str
    text: str
    evidence: str
    event_type: str
    place: str
    country: str
    lat: float
    lon: float
    date: str
    fatalities: int | None = None
    actor: str | None = None
    acled: tuple[str, str] | None = None
    aggregate: bool = False
    title: str | None = None
    url: str | None = None
    place_name: str | None = None  # the place's name when it is not the words of the text

    @property
    def location(self) -> str:
        return self.place_name or self.place


KNOWN = (
    Known("beirut", "An air strike hit a building in Beirut on Friday, killing four people, civil defence said.",
          "An air strike hit a building in Beirut on Friday, killing four people", "ASSAULT", "Beirut", "LB",
          33.89, 35.50, "2024-05-03", 4, "Military Forces of Israel", ("Explosions/Remote violence", "Air/drone strike")),
    Known("kharkiv", "Shelling struck homes in Kharkiv on Friday, killing two residents, the governor said.",
          "Shelling struck homes in Kharkiv on Friday, killing two residents", "ASSAULT", "Kharkiv", "UA",
          49.99, 36.23, "2024-05-10", 2, "Military Forces of Russia", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    Known("bogota", "Thousands of students marched through Bogotá on Saturday against fee rises.",
          "Thousands of students marched through Bogotá on Saturday", "PROTEST", "Bogotá", "CO",
          4.61, -74.08, "2024-06-01", None, "Protesters (Colombia)", ("Protests", "Peaceful protest")),
    Known("bamako", "Since 2019 the group has carried out more than 300 attacks around Bamako, officials said on Monday.",
          "Since 2019 the group has carried out more than 300 attacks around Bamako", "ASSAULT", "Bamako", "ML",
          12.64, -8.00, "2024-06-03", None, None, None, aggregate=True),
    Known("nairobi", HOSTILE_TEXT, "clashed with soldiers in Nairobi on Saturday, leaving three dead", "FIGHT", "Nairobi",
          "KE", -1.29, 36.82, "2024-06-15", 3, HOSTILE_ACTOR, ("Battles", "Armed clash"), title=HOSTILE_TITLE, url=HOSTILE_URL,
          place_name=HOSTILE_PLACE),
)  # fmt: skip


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def analysis(known: Known) -> Analysis:
    text = known.text
    place = PlaceMention(span=_span(text, known.place), name=known.location, geonameid=None, lat=known.lat, lon=known.lon,
                         country_code=known.country, feature_code="PPLA", precision=1)  # fmt: skip
    actor = None
    if known.actor:
        words = known.actor if known.actor in text else known.evidence.split()[0]
        actor = ActorMention(span=_span(text, words), name=known.actor, country_code=known.country)
    day = next(word for word in ("Friday", "Saturday", "Monday") if word in text)
    event = EventMention(
        event_type=known.event_type, evidence=_span(text, known.evidence), actor1=actor,
        acled_event_type=known.acled[0] if known.acled else None, acled_sub_event_type=known.acled[1] if known.acled else None,
        date=DateMention(span=_span(text, day), date=known.date, precision="day"), location=place,
        fatalities=known.fatalities, is_aggregate=known.aggregate, confidence=0.8,
    )  # fmt: skip
    article = Article(text=text, title=known.title or f"News from {known.place}", published=known.date, source="Test Wire",
                      url=known.url or f"https://news.example/{known.key}", captions=(f"A street in {known.place}.",))  # fmt: skip
    return Analysis(article=article, places=(place,), events=(event,))


def build(path: Path) -> Path:
    """Write the database to ``path`` (a new SQLite file) and return the path."""
    with open_store(path) as store:
        for known in KNOWN:
            store.save_analysis(analysis(known))
    return path
