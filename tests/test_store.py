"""Tests for the store: statuses, idempotence, search, filters, evidence, migrations, errors."""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from newsevents.errors import QueryError, StoreError
from newsevents.records import (
    POINT_COLUMNS,
    ActorMention,
    Analysis,
    Article,
    ArticleSummary,
    DateMention,
    Entity,
    EventActor,
    EventMention,
    EventPlace,
    EventQuery,
    FieldEvidence,
    PlaceMention,
    Span,
    StoredArticle,
    StoredEvent,
    StoredPlace,
    StoreStats,
)
from newsevents.store import DB_ENV_VAR, open_store
from newsevents.store import postgres as postgres_backend
from newsevents.store import sqlite as sqlite_backend
from newsevents.store.schema import SCHEMA_VERSION

ERBIL_TEXT = (
    "A drone strike hit a fuel depot near Erbil airport on Wednesday night, killing two guards, "
    "the regional interior ministry said. Kurdish officials blamed an armed group backed by Iran."
)
BOGOTA_TEXT = (
    "Thousands of protesters marched through central Bogotá on Saturday against a tax reform. "
    "Police fired tear gas and at least 12 people were injured, a rights group said."
)
MOSUL_TEXT = (
    "A car bomb exploded in a crowded market in Mosul on Friday, killing five people and wounding 20, "
    "police said. No group claimed the attack."
)
BUDGET_TEXT = "Parliament met on Monday to debate the budget for the coming year."


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def _place(text: str, phrase: str, country_code: str, lat: float, lon: float) -> PlaceMention:
    return PlaceMention(
        span=_span(text, phrase), name=phrase, geonameid=None, lat=lat, lon=lon,
        country_code=country_code, feature_code="PPLA", precision=2,
    )  # fmt: skip


def _event(text: str, evidence: str, event_type: str, **fields) -> EventMention:
    return EventMention(event_type=event_type, evidence=_span(text, evidence), **fields)


def _erbil() -> Analysis:
    article = Article(
        text=ERBIL_TEXT, title="Drone strike hits fuel depot near Erbil", published="2021-04-15",
        source="wire", url="https://example.org/erbil", captions=("Smoke over the depot.",), credits=("Photo: Staff",),
    )  # fmt: skip
    place = _place(ERBIL_TEXT, "Erbil", "IQ", 36.19, 44.01)
    event = _event(
        ERBIL_TEXT, "A drone strike hit a fuel depot near Erbil airport on Wednesday night, killing two guards",
        "ASSAULT", event_mode="aerial", acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Air/drone strike",
        actor2=ActorMention(span=_span(ERBIL_TEXT, "guards"), name="guards", type="civilians"),
        date=DateMention(span=_span(ERBIL_TEXT, "Wednesday night"), date="2021-04-14", precision="day"),
        location=place, fatalities=2, fatalities_span=_span(ERBIL_TEXT, "two"),
        reported_by=(ActorMention(span=_span(ERBIL_TEXT, "interior ministry"), name="Interior Ministry"),),
        trigger=_span(ERBIL_TEXT, "drone strike"), confidence=0.8,
    )  # fmt: skip
    return Analysis(
        article=article,
        entities=(Entity("Erbil", "GPE", *_bounds(ERBIL_TEXT, "Erbil")), Entity("Iran", "GPE", *_bounds(ERBIL_TEXT, "Iran"))),
        places=(place,),
        events=(event,),
    )


def _bogota() -> Analysis:
    article = Article(text=BOGOTA_TEXT, title="Protesters rally in Bogotá", published="2021-05-02", source="wire")
    place = _place(BOGOTA_TEXT, "Bogotá", "CO", 4.61, -74.08)
    day = DateMention(span=_span(BOGOTA_TEXT, "Saturday"), date="2021-05-01", precision="day")
    protest = _event(
        BOGOTA_TEXT, "Thousands of protesters marched through central Bogotá on Saturday", "PROTEST",
        acled_event_type="Protests", acled_sub_event_type="Peaceful protest",
        actor1=ActorMention(span=_span(BOGOTA_TEXT, "protesters"), name="Protesters (Colombia)", country_code="CO"),
        date=day, location=place, is_aggregate=False,
    )  # fmt: skip
    tear_gas = _event(
        BOGOTA_TEXT, "Police fired tear gas and at least 12 people were injured", "COERCE",
        actor1=ActorMention(span=_span(BOGOTA_TEXT, "Police"), name="Police Forces of Colombia", country_code="CO"),
        date=day, location=place, injuries=12, injuries_span=_span(BOGOTA_TEXT, "12"),
        reported_by=(ActorMention(span=_span(BOGOTA_TEXT, "a rights group"), name="rights group"),),
    )  # fmt: skip
    return Analysis(article=article, places=(place,), events=(protest, tear_gas))


def _mosul() -> Analysis:
    article = Article(text=MOSUL_TEXT, title="Car bomb kills five in Mosul market", published="2021-03-20", source="agency")
    place = _place(MOSUL_TEXT, "Mosul", "IQ", 36.34, 43.13)
    event = _event(
        MOSUL_TEXT, "A car bomb exploded in a crowded market in Mosul on Friday, killing five people and wounding 20",
        "ASSAULT", event_mode="bombing", acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Remote explosive/landmine/IED",
        date=DateMention(span=_span(MOSUL_TEXT, "Friday"), date="2021-03-19", precision="day"),
        location=place, fatalities=5, fatalities_span=_span(MOSUL_TEXT, "five"),
        injuries=20, injuries_span=_span(MOSUL_TEXT, "20"), is_aggregate=True,
    )  # fmt: skip
    return Analysis(article=article, places=(place,), events=(event,))


def _budget() -> Analysis:
    return Analysis(article=Article(text=BUDGET_TEXT, source="wire"))


def _bounds(text: str, phrase: str) -> tuple[int, int]:
    span = _span(text, phrase)
    return span.start, span.end


ANALYSES = (_erbil, _bogota, _mosul, _budget)


@pytest.fixture
def store(store_url):
    """A new store on each backend."""
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path):
    with open_store(tmp_path / "news.db") as opened:
        yield opened


@pytest.fixture
def filled(store):
    for make in ANALYSES:
        store.save_analysis(make())
    return store


ERBIL = _erbil().article


@pytest.mark.parametrize(
    ("sequence", "statuses", "versions"),
    [
        pytest.param([ERBIL, ERBIL], ["new", "duplicate"], [1, 1], id="same-article-twice"),
        pytest.param(
            [ERBIL, replace(ERBIL, text=ERBIL_TEXT + " Flights were suspended.")],
            ["new", "version"], [1, 2], id="same-url-new-text",
        ),  # fmt: skip
        pytest.param(
            [ERBIL, replace(ERBIL, text=ERBIL_TEXT + " Update."), replace(ERBIL, text=ERBIL_TEXT + " Update 2.")],
            ["new", "version", "version"], [1, 2, 3], id="three-versions",
        ),  # fmt: skip
        pytest.param(
            [ERBIL, replace(ERBIL, url="https://example.org/other", title="Another story")],
            ["new", "new"], [1, 1], id="other-url-is-another-article",
        ),  # fmt: skip
    ],
)
def test_add_article_status_and_versions(store, sequence, statuses, versions):
    results = [store.add_article(article) for article in sequence]
    assert [status for _id, status in results] == statuses
    assert [store.article(article_id).version for article_id, _status in results] == versions
    assert store.stats().articles == len({article.id for article in sequence})  # older versions are kept


def test_adding_everything_twice_changes_nothing(store):
    run_id = store.start_run("ingest", ["fixture"])
    first = [(store.add_article(make().article, run_id), store.save_analysis(make())) for make in ANALYSES]
    before = store.stats()
    second = [(store.add_article(make().article, run_id), store.save_analysis(make())) for make in ANALYSES]
    assert [status for (_id, status), _n in first] == ["new"] * len(ANALYSES)
    assert [status for (_id, status), _n in second] == ["duplicate"] * len(ANALYSES)
    assert [n for _status, n in first] == [n for _status, n in second] == [1, 2, 1, 0]
    assert store.stats() == before
    assert before == StoreStats(
        articles=4, versions=0, analysed=4, events=4, reports=4, aggregates=1, places=3, entities=2, runs=1,
        by_event_type=(("ASSAULT", 2), ("COERCE", 1), ("PROTEST", 1)), by_country=(("CO", 2), ("IQ", 2)),
    )  # fmt: skip
    assert before.to_json() == {
        "articles": 4, "versions": 0, "analysed": 4, "events": 4, "reports": 4, "aggregates": 1, "places": 3,
        "entities": 2, "runs": 1, "by_event_type": {"ASSAULT": 2, "COERCE": 1, "PROTEST": 1},
        "by_country": {"CO": 2, "IQ": 2},
    }  # fmt: skip


def test_save_analysis_replaces_instead_of_duplicating(store):
    analysis = _bogota()
    assert store.save_analysis(analysis) == 2
    assert store.save_analysis(analysis) == 2
    fewer = Analysis(article=analysis.article, places=analysis.places, events=analysis.events[:1])
    assert store.save_analysis(fewer) == 1
    assert len(store.events()) == 1
    assert store.stats().places == 1


def test_has_analysis_lets_a_run_resume(store):
    analysis = _erbil()
    article_id, _status = store.add_article(analysis.article)
    assert not store.has_analysis(article_id)
    store.save_analysis(analysis)
    assert store.has_analysis(article_id)
    assert not store.has_analysis("0000000000000000")


def test_runs_record_counts(store):
    run_id = store.start_run("ingest", ["a.txt", "b.jsonl"])
    store.finish_run(run_id, {"read": 2, "new": 2, "errors": 0})
    assert store.stats().runs == 1
    with pytest.raises(StoreError, match="no run 999"):
        store.finish_run(999, {})


def test_wal_mode(sqlite_store):
    sqlite_store.add_article(ERBIL)
    with sqlite3.connect(sqlite_store.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(store):
    # A row pointing at a missing article must be refused (on SQLite: the pragma is on).
    with pytest.raises(StoreError, match="(?i)foreign key"):
        _insert_orphan(store)


def _insert_orphan(store) -> None:
    with store._write() as conn:  # noqa: SLF001 - the write path is what enforces foreign keys
        conn.exec_driver_sql(
            "INSERT INTO entities(article_id, text, label, start, \"end\") VALUES ('missing', 'x', 'GPE', 0, 1)"
        )


@pytest.mark.parametrize(
    ("query", "titles", "marked"),
    [
        ("airport", ["Drone strike hits fuel depot near Erbil"], "**airport**"),
        ("Bogota", ["Protesters rally in Bogotá"], "**Bogotá**"),  # diacritics folded
        ("explod*", ["Car bomb kills five in Mosul market"], "**exploded**"),
        ('"car bomb"', ["Car bomb kills five in Mosul market"], "**car bomb**"),
        ("Erbil OR Mosul", ["Drone strike hits fuel depot near Erbil", "Car bomb kills five in Mosul market"], "**"),
        ("fuel depot", ["Drone strike hits fuel depot near Erbil"], "**"),
        ("tear-gas", ["Protesters rally in Bogotá"], "**tear gas**"),  # one token: a phrase
        ("submarine", [], None),
    ],
)
def test_search_finds_words_with_snippets(filled, query, titles, marked):
    rows = filled.articles(q=query)
    assert [row.title for row in rows] == titles  # newest first
    for row in rows:
        # PostgreSQL marks each word of a phrase on its own.
        assert row.snippet is not None and marked in row.snippet.replace("** **", " ")


@pytest.mark.parametrize("query", ["Deir ez-Zor", '"Deir ez Zor"', "ez-Zor", "Zor", "Deir ez*"])
def test_search_finds_hyphenated_names(store, query):
    # A hyphenated place name is searched for with or without its hyphen, on both backends alike.
    text = "Shelling hit the outskirts of Deir ez-Zor on Sunday, local officials said."
    store.add_article(Article(text=text, title="Shelling near the river", published="2024-03-03", source="wire"))
    store.add_article(Article(text="Talks on the dam resumed in Cairo.", title="Dam talks", published="2024-03-04", source="wire"))
    assert [row.title for row in store.articles(q=query)] == ["Shelling near the river"]


@pytest.mark.parametrize(
    ("query", "outcome"),
    [
        ('"unbalanced', "rows"),
        ("AND OR", "rows"),
        ("'; DROP TABLE articles; --", "rows"),
        ("NEAR(fuel depot", "rows"),
        ("title:Erbil", "rows"),
        ("Erbil OR", "rows"),
        ("*", "error"),
        ("--", "error"),
    ],
)
def test_hostile_search_neither_crashes_nor_injects(filled, query, outcome):
    before = filled.stats()
    if outcome == "error":
        with pytest.raises(StoreError) as caught:
            filled.articles(q=query)
        assert caught.value.fix
    else:
        assert isinstance(filled.articles(q=query), list)
    assert filled.stats() == before


def test_articles_list_newest_first_with_event_counts(filled):
    rows = filled.articles()
    assert all(isinstance(row, ArticleSummary) for row in rows)
    assert [(row.published, row.n_events) for row in rows] == [
        ("2021-05-02", 2), ("2021-04-15", 1), ("2021-03-20", 1), (None, 0),
    ]  # fmt: skip
    assert [row.title for row in filled.articles(limit=1, offset=1)] == ["Drone strike hits fuel depot near Erbil"]
    assert all(row.snippet is None for row in rows)
    assert list(rows[0].to_json()) == ["id", "key", "version", "title", "published", "source", "url", "n_events", "snippet"]


@pytest.mark.parametrize(
    ("filters", "expected_types_and_places"),
    [
        ({}, [("PROTEST", "Bogotá"), ("COERCE", "Bogotá"), ("ASSAULT", "Erbil"), ("ASSAULT", "Mosul")]),
        ({"country": "IQ"}, [("ASSAULT", "Erbil"), ("ASSAULT", "Mosul")]),
        ({"country": "co"}, [("PROTEST", "Bogotá"), ("COERCE", "Bogotá")]),
        ({"event_type": "protest"}, [("PROTEST", "Bogotá")]),
        ({"country": "IQ", "event_type": "PROTEST"}, []),
        ({"since": "2021-04-01"}, [("PROTEST", "Bogotá"), ("COERCE", "Bogotá"), ("ASSAULT", "Erbil")]),
        ({"until": "2021-03-31"}, [("ASSAULT", "Mosul")]),
        ({"since": "2021-04", "until": "2021-04"}, [("ASSAULT", "Erbil")]),
        ({"since": "2021-04-14", "until": "2021-04-14"}, [("ASSAULT", "Erbil")]),
        ({"since": "2022"}, []),
        ({"article_id": _bogota().article.id[:8], "limit": 1}, [("PROTEST", "Bogotá")]),
        ({"limit": 1, "offset": 3}, [("ASSAULT", "Mosul")]),
    ],
)
def test_event_filters(filled, filters, expected_types_and_places):
    rows = filled.events(**filters)
    assert [(row.event_type, row.location.name) for row in rows] == expected_types_and_places


@pytest.mark.parametrize("bad", ["14/04/2021", "2021-13-01", "yesterday"])
def test_event_filter_rejects_bad_dates(filled, bad):
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        filled.events(since=bad)


SUVA_TEXT = "Officials in Suva held talks on fishing rights on Tuesday."


def _suva() -> Analysis:
    # A weak guess on the far side of the 180th meridian: for the confidence and antimeridian filters.
    article = Article(text=SUVA_TEXT, title="Talks in Suva", published="2021-06-02", source="wire")
    place = _place(SUVA_TEXT, "Suva", "FJ", -18.14, 178.44)
    event = _event(
        SUVA_TEXT, "Officials in Suva held talks on fishing rights", "CONSULT", location=place, confidence=0.2,
        date=DateMention(span=_span(SUVA_TEXT, "Tuesday"), date="2021-06-01", precision="day"),
    )  # fmt: skip
    return Analysis(article=article, places=(place,), events=(event,))


@pytest.fixture
def queried(filled):
    filled.save_analysis(_suva())
    return filled


@pytest.mark.parametrize(
    ("filters", "expected_places"),
    [
        pytest.param({"event_type": "assault"}, ["Erbil", "Mosul"], id="type"),
        pytest.param({"acled_event_type": "explosions/REMOTE violence"}, ["Erbil", "Mosul"], id="acled-type"),
        pytest.param({"acled_sub_event_type": "air/drone STRIKE"}, ["Erbil"], id="sub-event"),
        pytest.param({"acled_sub_event_type": "air"}, [], id="sub-event-is-whole-name"),
        pytest.param({"actor": "POLICE"}, ["Bogotá"], id="actor1-part"),
        pytest.param({"actor": "guard"}, ["Erbil"], id="actor2-part"),
        pytest.param({"actor": "colombia"}, ["Bogotá", "Bogotá"], id="actor-either-event"),
        pytest.param({"actor": "100%_"}, [], id="actor-wildcards-are-literal"),
        pytest.param({"country": "iq"}, ["Erbil", "Mosul"], id="country-code"),
        pytest.param({"country": "Colombia"}, ["Bogotá", "Bogotá"], id="country-name"),
        pytest.param({"near": (36.19, 44.01), "radius_km": 50}, ["Erbil"], id="near"),
        pytest.param({"near": (36.19, 44.01), "radius_km": 100}, ["Erbil", "Mosul"], id="near-wider"),
        pytest.param({"near": (-18.0, -179.9), "radius_km": 200, "min_confidence": 0}, ["Suva"], id="near-across-180"),
        pytest.param({"near": (-18.0, -179.9), "radius_km": 100, "min_confidence": 0}, [], id="near-across-180-short"),
        pytest.param({"bbox": (43.5, 35.0, 45.0, 37.0)}, ["Erbil"], id="bbox"),
        pytest.param({"bbox": (-80.0, 0.0, 45.0, 40.0)}, ["Bogotá", "Bogotá", "Erbil", "Mosul"], id="bbox-wide"),
        pytest.param({"bbox": (170.0, -30.0, -170.0, 0.0), "min_confidence": 0}, ["Suva"], id="bbox-across-180"),
        pytest.param({"q": "market"}, ["Mosul"], id="full-text"),
        pytest.param({"q": '"tear gas"'}, ["Bogotá", "Bogotá"], id="full-text-phrase"),
        pytest.param({"aggregate": True}, ["Mosul"], id="only-aggregates"),
        pytest.param({"aggregate": False}, ["Bogotá", "Bogotá", "Erbil"], id="no-aggregates"),
        pytest.param({}, ["Bogotá", "Bogotá", "Erbil", "Mosul"], id="weak-guess-hidden"),
        pytest.param({"min_confidence": 0}, ["Suva", "Bogotá", "Bogotá", "Erbil", "Mosul"], id="all"),
        pytest.param({"min_confidence": 0.6}, ["Erbil"], id="min-confidence"),
        pytest.param({"sort": "-fatalities"}, ["Mosul", "Erbil", "Bogotá", "Bogotá"], id="sort-fatalities"),
        pytest.param({"sort": "date"}, ["Mosul", "Erbil", "Bogotá", "Bogotá"], id="sort-date-ascending"),
        pytest.param({"sort": "-confidence", "limit": 1}, ["Erbil"], id="sort-confidence"),
        pytest.param({"sort": "country", "offset": 2, "limit": 1}, ["Erbil"], id="offset"),
    ],
)
def test_event_query_filters(queried, filters, expected_places):
    assert [row.location.name for row in queried.events(**filters)] == expected_places


@pytest.mark.parametrize("broad", [0, 10**9], ids=["walk-the-date-order", "start-at-the-matches"])
def test_a_search_finds_the_same_page_either_way(tmp_path, monkeypatch, broad):
    # SQLite reads a page of a search one of two ways, by how many articles match (store.sqlite.article_matches).
    from newsevents.store import sqlite as backend

    monkeypatch.setattr(backend, "_BROAD_SEARCH", broad)
    with open_store(tmp_path / "news.db") as store:
        for make in (*ANALYSES, _suva):
            store.save_analysis(make())
        assert [row.location.name for row in store.events(q='"tear gas" OR market')] == ["Bogotá", "Bogotá", "Mosul"]
        assert [row.location.name for row in store.events(q="market", country="IQ", sort="date")] == ["Mosul"]


def test_event_query_object_and_stream(queried):
    query = EventQuery(country="CO", limit=None)
    assert queried.events(query) == list(queried.iter_events(query))
    assert len(queried.events(query)) == 2
    with pytest.raises(TypeError, match="not both"):
        queried.events(query, country="IQ")
    stream = queried.iter_events(limit=None, min_confidence=0)  # rows come as asked, not all at once
    assert next(stream).location.name == "Suva"
    stream.close()
    with pytest.raises(QueryError, match="sort by"):
        queried.iter_events(sort="size")  # a bad query fails when made, not at the first row


def test_equal_sort_keys_keep_a_stable_order(queried):
    # Both Bogotá events share country, date and article: the text order, then the id, decides.
    pages = [queried.events(sort="country", limit=1, offset=n)[0].id for n in range(4)]
    assert len(set(pages)) == 4 and pages == [row.id for row in queried.events(sort="country")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"since": "2021-05", "until": "2021-04"}, "is after until"),
        ({"near": (91.0, 0.0)}, "off the globe"),
        ({"near": (10.0, 10.0), "radius_km": 0}, "positive number of km"),
        ({"near": (10.0, 10.0), "radius_km": float("nan")}, "positive number of km"),
        ({"bbox": (10.0, 40.0, 20.0, 30.0)}, "WEST,SOUTH,EAST,NORTH"),
        ({"bbox": (10.0, 30.0, 200.0, 40.0)}, "longitudes -180..180"),
        ({"min_confidence": 1.5}, "outside 0..1"),
        ({"sort": "loudness"}, "sort by one of date, confidence"),
        ({"limit": -1}, "outside 0..10000"),
        ({"limit": 10_001}, "export every match"),
        ({"offset": -5}, "pass 0 or more"),
    ],
)
def test_event_query_says_what_to_fix(fields, message):
    with pytest.raises(QueryError, match=message):
        EventQuery(**fields)


def test_unknown_country_name_says_what_to_fix(queried):
    with pytest.raises(QueryError, match="ISO 3166-1 code"):
        queried.events(country="Atlantis")


def test_sql_reads_and_refuses_to_write(queried):
    columns, rows = queried.sql("SELECT event_type, count(*) AS n FROM events GROUP BY event_type ORDER BY n DESC, 1")
    assert columns == ("event_type", "n") and rows[0] == ("ASSAULT", 2)
    for statement in ("DELETE FROM events", "UPDATE events SET fatalities = 0", "DROP TABLE events",
                      "CREATE TABLE notes (x integer)"):  # fmt: skip
        with pytest.raises(StoreError, match="only reads"):
            queried.sql(statement)
    assert queried.stats().events == 5
    assert queried.sql("SELECT max(fatalities) FROM events")[1] == [(5,)]
    with pytest.raises(StoreError, match="the SQL statement failed"):
        queried.sql("SELEC 1")


def test_distance_works_without_sqlite_math_functions():
    raw = sqlite3.connect(":memory:")
    sqlite_backend._add_math_functions(raw)
    assert raw.execute("SELECT round(sin(radians(90)) * cos(0), 6)").fetchone() == (1.0,)


def test_evidence_spans_round_trip(filled):
    checked = 0
    for make in ANALYSES:
        stored = filled.article(make().article.id)
        text = stored.article.text
        spans = [Span(e.start, e.end, e.text) for e in stored.entities] + [place.span for place in stored.places]
        for event in stored.events:
            words = event.evidence_spans
            spans += [event.evidence, *words.reported_by]
            spans += [getattr(words, key) for key in ("event_type", "actor1", "actor2", "date", "location", "fatalities", "injuries")]
        for span in spans:
            if span is not None:
                assert text[span.start : span.end] == span.text
                checked += 1
    assert checked == 27


def test_event_keeps_contract_fields_and_field_evidence(filled):
    erbil = _erbil()
    [listed] = filled.events(country="IQ", since="2021-04")
    shown = filled.event(listed.id[:7])
    assert isinstance(shown, StoredEvent)
    assert shown == listed
    assert shown.article_id == erbil.article.id
    assert shown.article_title == erbil.article.title
    assert (shown.article_source, shown.article_published) == ("wire", "2021-04-15")
    assert shown.analysed_at is not None and shown.analysed_at.endswith("+00:00")
    assert shown.actor1 is None
    assert shown.actor2 == EventActor(name="guards", country_code=None, type="civilians")
    assert shown.location == EventPlace(name="Erbil", lat=36.19, lon=44.01, country_code="IQ", precision=2)
    assert (shown.date, shown.date_precision, shown.fatalities, shown.injuries) == ("2021-04-14", "day", 2, None)
    assert (shown.reported_by, shown.confidence, shown.is_aggregate) == (("Interior Ministry",), 0.8, False)
    assert shown.evidence == erbil.events[0].evidence
    words = partial(_span, ERBIL_TEXT)
    assert shown.evidence_spans == FieldEvidence(
        event_type=words("drone strike"), actor2=words("guards"), date=words("Wednesday night"),
        location=words("Erbil"), fatalities=words("two"), reported_by=(words("interior ministry"),),
    )  # fmt: skip
    # The JSON the CLI prints: the contract's fields, the words behind them, then where the event was read.
    assert list(shown.to_json()) == [
        "event_type", "event_mode", "acled_event_type", "acled_sub_event_type", "actor1", "actor2", "date",
        "date_precision", "location", "fatalities", "injuries", "is_aggregate", "reported_by", "evidence",
        "confidence", "evidence_spans", "id", "article_id", "article_title", "article_source",
        "article_published", "analysed_at", "sources", "field_sources",
    ]  # fmt: skip
    two = words("two")
    assert shown.to_json()["evidence_spans"]["fatalities"] == {"start": two.start, "end": two.end, "text": "two"}


def test_event_ids_are_stable_across_databases(tmp_path):
    ids = []
    for name in ("one.db", "two.db"):
        with open_store(tmp_path / name) as store:
            store.save_analysis(_bogota())
            ids.append(sorted(event.id for event in store.events()))
    assert ids[0] == ids[1]
    assert len(set(ids[0])) == 2


def test_same_words_twice_get_distinct_event_ids(store):
    analysis = _mosul()
    doubled = Analysis(article=analysis.article, events=analysis.events * 2)
    assert store.save_analysis(doubled) == 2
    assert len({event.id for event in store.events()}) == 2


def test_article_has_everything(filled):
    erbil = _erbil()
    stored = filled.article(erbil.article.id)
    assert isinstance(stored, StoredArticle)
    assert (stored.id, stored.key, stored.version) == (erbil.article.id, erbil.article.key, 1)
    assert stored.article == erbil.article  # text, raw, metadata, captions, credits and offset map round-trip
    assert stored.entities == erbil.entities
    [place] = erbil.places
    assert stored.places == (StoredPlace(place.span, "Erbil", None, 36.19, 44.01, "IQ", "PPLA", 2),)
    assert stored.ingested_at and stored.analysed_at and stored.run_id is None
    assert [event.event_type for event in stored.events] == ["ASSAULT"]
    shown = stored.to_json()
    assert (shown["captions"], shown["credits"]) == (["Smoke over the depot."], ["Photo: Staff"])
    assert shown["events"] == [event.to_json() for event in stored.events]


@pytest.mark.parametrize(
    ("lookup", "found"),
    [
        (lambda article_id: article_id, True),
        (lambda article_id: article_id[:6], True),
        (lambda article_id: article_id[:10].upper(), True),
        (lambda article_id: "ffffffffffffffff" if article_id[0] != "f" else "0000000000000000", False),
        (lambda _article_id: "not-an-id", False),
    ],
    ids=["full", "prefix-6", "upper-case-prefix", "unknown", "not-hex"],
)
def test_article_by_id_or_prefix(filled, lookup, found):
    article_id = _mosul().article.id
    stored = filled.article(lookup(article_id))
    assert (stored.id if stored else None) == (article_id if found else None)


def test_short_id_prefix_says_what_to_do(filled):
    with pytest.raises(StoreError, match="at least 6 characters"):
        filled.article(_mosul().article.id[:3])


def test_migrates_an_empty_file_and_reopens(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with open_store(path) as store:
        store.save_analysis(_erbil())
    with open_store(str(path)) as store:
        assert store.stats().events == 1
        assert store.articles(q="depot")[0].title == _erbil().article.title
    with sqlite3.connect(path) as raw:
        versions = [row[0] for row in raw.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_opening_an_old_database_migrates_it(tmp_path):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.save_analysis(_mosul())
    # Make it look like a database written before the full-text index existed.
    with sqlite3.connect(path) as raw:
        for trigger in ("insert", "delete", "update"):
            raw.execute(f"DROP TRIGGER articles_fts_{trigger}")
        raw.execute("DROP TABLE articles_fts")
        raw.execute("DELETE FROM schema_version WHERE version > 1")
    with open_store(path) as store:
        assert [row.title for row in store.articles(q="market")] == [_mosul().article.title]


def test_migration_3_adds_the_event_filter_indexes(tmp_path):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.save_analysis(_erbil())
    filter_indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_events_%' ORDER BY name"
    with sqlite3.connect(path) as raw:
        made = [row[0] for row in raw.execute(filter_indexes)]
        for name in ("ix_events_acled_type_date", "ix_events_acled_sub_type_date", "ix_events_lat_lon"):
            raw.execute(f"DROP INDEX {name}")
        raw.execute("DELETE FROM schema_version WHERE version >= 3")
    with open_store(path) as store:
        assert [row.location.name for row in store.events(near=(36.2, 44.0))] == ["Erbil"]
    with sqlite3.connect(path) as raw:
        assert [row[0] for row in raw.execute(filter_indexes)] == made


def test_migration_5_orders_the_event_filter_indexes_by_date(tmp_path):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.save_analysis(_erbil())
    filter_indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_events_%' ORDER BY name"
    with sqlite3.connect(path) as raw:
        made = [row[0] for row in raw.execute(filter_indexes)]
        # The indexes of schema 4: one column each, and one on confidence.
        for name in ("ix_events_type_date", "ix_events_country_date", "ix_events_acled_type_date", "ix_events_acled_sub_type_date"):
            raw.execute(f"DROP INDEX {name}")
        raw.execute("CREATE INDEX ix_events_type ON events (event_type)")
        raw.execute("CREATE INDEX ix_events_country ON events (country_code)")
        raw.execute("CREATE INDEX ix_events_acled_type ON events (lower(acled_event_type))")
        raw.execute("CREATE INDEX ix_events_acled_sub_type ON events (lower(acled_sub_event_type))")
        raw.execute("CREATE INDEX ix_events_confidence ON events (confidence)")
        raw.execute("DELETE FROM schema_version WHERE version >= 5")
    with open_store(path) as store:
        assert [row.location.name for row in store.events(event_type="assault", country="IQ")] == ["Erbil"]
    with sqlite3.connect(path) as raw:
        assert [row[0] for row in raw.execute(filter_indexes)] == made
        plan = " ".join(row[-1] for row in raw.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE country_code = 'IQ' AND confidence >= 0.4 ORDER BY date DESC"
        ))  # fmt: skip
    assert "ix_events_country_date" in plan and "TEMP B-TREE" not in plan


def test_migration_6_adds_an_index_for_the_deadliest_first_order(tmp_path):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.save_analysis(_erbil())
    with sqlite3.connect(path) as raw:
        raw.execute("DROP INDEX ix_events_fatalities_date")
        raw.execute("DELETE FROM schema_version WHERE version >= 6")
    with open_store(path) as store:
        assert [row.location.name for row in store.events(sort="-fatalities")] == ["Erbil"]
    with sqlite3.connect(path) as raw:
        plan = " ".join(row[-1] for row in raw.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE confidence >= 0.4 ORDER BY fatalities DESC, date DESC LIMIT 100"
        ))  # fmt: skip
    assert "ix_events_fatalities_date" in plan and "TEMP B-TREE FOR ORDER BY" not in plan


def test_default_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(DB_ENV_VAR, str(tmp_path / "env.db"))
    with open_store() as store:
        assert store.path == tmp_path / "env.db"
        assert store.location == str(tmp_path / "env.db")
    assert (tmp_path / "env.db").exists()


def _not_a_database(tmp_path: Path) -> str:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    return str(path)


def _foreign_database(tmp_path: Path) -> str:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE accounts (id INTEGER)")
    return str(path)


def _newer_database(tmp_path: Path) -> str:
    path = tmp_path / "newer.db"
    open_store(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO schema_version VALUES (999, 'from the future', '2099-01-01')")
    return str(path)


def _read_only_new_file(tmp_path: Path) -> str:
    return f"sqlite:///file:{tmp_path / 'missing.db'}?mode=ro&uri=true"


@pytest.mark.parametrize(
    ("make_target", "message"),
    [
        (lambda tmp_path: str(tmp_path / "no" / "such" / "folder" / "news.db"), "does not exist"),
        (lambda tmp_path: str(tmp_path), "is a folder"),
        (_not_a_database, "is not a SQLite database"),
        (_foreign_database, "database of another program"),
        (_newer_database, "newer than this newsevents"),
        (_read_only_new_file, "cannot open or create"),
        (lambda _tmp_path: "mysql://user:secret@localhost/news", "not supported"),
        (lambda _tmp_path: "://nowhere", "not a database URL"),
    ],
    ids=["missing-folder", "folder", "not-a-database", "foreign", "newer", "read-only-new", "mysql", "bad-url"],
)
def test_bad_targets_raise_store_error_with_a_fix(tmp_path, make_target, message):
    with pytest.raises(StoreError) as caught:
        open_store(make_target(tmp_path))
    assert message in caught.value.message
    assert caught.value.fix
    assert "secret" not in str(caught.value)


def test_writing_a_read_only_database_says_so(tmp_path):
    path = tmp_path / "shared.db"
    open_store(path).close()
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        assert store.stats().articles == 0  # reading works
        with pytest.raises(StoreError, match="read-only") as caught:
            store.add_article(ERBIL)
    assert caught.value.message == f"cannot write to {path}: it is read-only"
    assert "permissions" in caught.value.fix


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_says_what_to_do(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError) as caught:
            open_store(folder / "news.db")
        assert caught.value.fix
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    ("sqlite_message", "problem", "fix"),
    [
        ("no such module: fts5", "lacks FTS5", "FTS5"),
        ("database is locked", "locked by another process", "try again"),
        ("database or disk is full", "is full", "free some space"),
        ("database disk image is malformed", "is damaged", ".recover"),
        ("something unforeseen", "something unforeseen", "--debug"),
    ],
)
def test_database_errors_become_store_errors_with_a_fix(sqlite_message, problem, fix):
    error = sqlite_backend.to_store_error(sqlite3.OperationalError(sqlite_message), "news.db")
    assert problem in error.message
    assert fix in error.fix


def test_failure_mid_write_leaves_no_partial_article(sqlite_store):
    store = sqlite_store
    analysis = _mosul()
    with sqlite3.connect(store.path) as raw:
        raw.execute("CREATE TRIGGER fail_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk gone'); END")
    before = store.stats()
    with pytest.raises(StoreError, match="disk gone"):
        store.save_analysis(analysis)
    assert store.article(analysis.article.id) is None
    assert store.stats() == before


# Runs in a child process that dies (os._exit, no cleanup) in the middle of the
# transaction, after the article row is written and while events are inserted.
_KILLED_WRITER = """
import os, pickle, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "connect")
def _add_die(dbapi_connection, _record):
    dbapi_connection.create_function("die", 0, lambda: os._exit(3))

from newsevents.store import open_store
with open(sys.argv[2], "rb") as handle:
    analyses = pickle.load(handle)
store = open_store(sys.argv[1])
for analysis in analyses:
    store.save_analysis(analysis)
"""


def test_killed_process_leaves_no_partial_article(tmp_path, sqlite_store):
    store = sqlite_store
    store.save_analysis(_erbil())
    before = store.stats()
    store.close()
    with sqlite3.connect(store.path) as raw:
        raw.execute("CREATE TRIGGER die_on_event BEFORE INSERT ON events BEGIN SELECT die(); END")
    batch = tmp_path / "batch.pickle"
    batch.write_bytes(pickle.dumps([_budget(), _mosul(), _bogota()]))
    child = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(store.path), str(batch)], capture_output=True)
    assert child.returncode == 3, child.stderr.decode()
    with sqlite3.connect(store.path) as raw:
        raw.execute("DROP TRIGGER die_on_event")
    with open_store(store.path) as reopened:
        after = reopened.stats()
        assert reopened.article(_mosul().article.id) is None
        assert reopened.article(_budget().article.id) is not None  # committed before the kill
        # Re-running finishes the work without duplicates.
        assert [reopened.save_analysis(make()) for make in ANALYSES] == [1, 2, 1, 0]
        assert reopened.stats().events == 4
    assert after == replace(before, articles=2, analysed=2)


def test_caption_place_evidence_says_so(tmp_path):
    from newsevents.records import Analysis, Article, EventMention, PlaceMention, Span
    from newsevents.store import open_store

    caption = "Smoke over Yaroun"
    text = "Jets struck southern Lebanon."
    place = PlaceMention(Span.of(caption, 11, 17), "Yaroun", country_code="LB", precision=1, caption=0)
    event = EventMention("ASSAULT", Span.of(text, 0, len(text)), location=place)
    with open_store(tmp_path / "c.db") as store:
        article = Article(text=text, captions=(caption,))
        store.save_analysis(Analysis(article=article, events=(event,)))
        [row] = store.events()
    assert (row.evidence_spans.location, row.evidence_spans.location_caption) == (Span(11, 17, "Yaroun"), 0)
    assert row.to_json()["evidence_spans"]["location"] == {"start": 11, "end": 17, "text": "Yaroun", "caption": 0}


def test_place_reasons_are_stored_with_the_location(tmp_path):
    from newsevents.records import Analysis, Article, EventMention, PlaceMention, Span
    from newsevents.store import open_store

    text = "Crowds gathered in Paris, Texas."
    place = PlaceMention(Span.of(text, 19, 24), "Paris", country_code="US", decided_by=("qualifier", "population"))
    with open_store(tmp_path / "r.db") as store:
        store.save_analysis(Analysis(article=Article(text=text), events=(EventMention("PROTEST", Span.of(text, 0, 31), location=place),)))
        [row] = store.events()
    assert row.evidence_spans.location_decided_by == ("qualifier", "population")
    assert row.to_json()["evidence_spans"]["location"]["decided_by"] == ["qualifier", "population"]


# --- PostgreSQL -----------------------------------------------------------------


def test_postgres_migrates_a_fresh_database_and_reopens(postgres_url):
    import sqlalchemy

    with open_store(postgres_url) as store:
        assert store.path is None and store.location == postgres_url
        store.save_analysis(_erbil())
    with open_store(postgres_url) as store:  # a second open finds nothing to migrate
        assert store.stats().events == 1
        assert store.articles(q="depot")[0].title == _erbil().article.title
    engine = sqlalchemy.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            versions = conn.exec_driver_sql("SELECT version FROM schema_version ORDER BY version").scalars().all()
            index = conn.exec_driver_sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_articles_search'").scalar()
            ordered = dict(conn.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('ix_events_country_date', 'ix_events_fatalities_date')"
            ).all())  # fmt: skip
    finally:
        engine.dispose()
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert "USING gin (search)" in index
    # Pages are read newest (and deadliest) first, undated last: the indexes keep that order.
    assert ordered["ix_events_country_date"].endswith("(country_code, date DESC NULLS LAST)")
    assert ordered["ix_events_fatalities_date"].endswith("(fatalities DESC NULLS LAST, date DESC NULLS LAST)")


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("make_url", "message", "fix"),
    [
        (lambda _server: f"postgresql://user:secret@127.0.0.1:{_closed_port()}/news", "cannot reach", "start the server"),
        (lambda server: server.url("no_such_database"), "does not exist", "createdb"),
        (lambda server: server.url("postgres").replace("newsevents@", "stranger:secret@"), "no such user", "createuser"),
        (lambda _server: "postgresql+psycopg2://user:secret@127.0.0.1/news", "not supported", "postgresql+psycopg://"),
        (lambda _server: "postgresql://user:secret@127.0.0.1", "names no database", "newsevents"),
    ],
    ids=["refused", "missing-database", "unknown-user", "other-driver", "no-database-name"],
)
def test_postgres_errors_say_what_to_do(postgres_server, make_url, message, fix):
    with pytest.raises(StoreError) as caught:
        open_store(make_url(postgres_server))
    assert message in caught.value.message
    assert fix in caught.value.fix
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("query", "fts5", "tsquery"),
    [
        ("depot", '"depot"', "('depot')"),
        ('"car bomb" OR explod*', '"car bomb" OR "explod"*', "('car' <-> 'bomb') | ('explod':*)"),
        ("tear-gas Bogotá", '"tear gas" "Bogotá"', "('tear' <-> 'gas') & ('Bogotá')"),
        ("it's NEAR(x OR", '"it s" "NEAR x"', "('it' <-> 's') & ('NEAR' <-> 'x')"),
    ],
)
def test_searches_translate_alike_for_both_backends(query, fts5, tsquery):
    assert sqlite_backend.fts_query(query) == fts5
    assert postgres_backend.ts_query(query) == tsquery


def test_missing_postgres_driver_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` fail
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://user@127.0.0.1/news")
    assert "psycopg" in caught.value.message
    assert caught.value.fix == "pip install newsevents[postgres]"


# --- concurrent writers -----------------------------------------------------------

_WRITER = """
import pickle, sys
from newsevents.store import open_store
with open(sys.argv[2], "rb") as handle:
    analyses = pickle.load(handle)
with open_store(sys.argv[1]) as store:
    for analysis in analyses:
        store.save_analysis(analysis)
"""
_N_ARTICLES = 60
_N_KEYS = 20  # three versions of each key


def _numbered(i: int) -> Analysis:
    text = f"A car bomb exploded in a market in Mosul on Friday, killing {i + 1} people, police said."
    article = Article(text=text, title=f"Bomb number {i}", source="wire", url=f"https://example.org/{i % _N_KEYS}")
    return Analysis(article=article, events=(_event(text, "A car bomb exploded in a market in Mosul", "ASSAULT"),))


def test_two_writers_lose_nothing_and_double_nothing(store_url, tmp_path):
    analyses = [_numbered(i) for i in range(_N_ARTICLES)]
    # A third in common; at each step both writers store versions of the same key.
    batches = {"first": analyses[: 2 * _N_KEYS], "second": analyses[_N_KEYS :]}
    writers = []
    for name, batch in batches.items():  # both start on a database no one has opened yet
        path = tmp_path / f"{name}.pickle"
        path.write_bytes(pickle.dumps(batch))
        writers.append(subprocess.Popen([sys.executable, "-c", _WRITER, store_url, str(path)], stderr=subprocess.PIPE))
    for writer in writers:
        _out, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors.decode()
    with open_store(store_url) as store:
        stats = store.stats()
        assert (stats.articles, stats.analysed, stats.events) == (_N_ARTICLES, _N_ARTICLES, _N_ARTICLES)
        listed = store.articles(limit=1000)
        assert sorted(row.id for row in listed) == sorted(analysis.article.id for analysis in analyses)
        versions: dict[str, list[int]] = {}
        for row in listed:
            versions.setdefault(row.key, []).append(row.version)
        assert sorted(sorted(numbers) for numbers in versions.values()) == [[1, 2, 3]] * _N_KEYS
        assert sorted(event.article_id for event in store.events(limit=1000)) == sorted(row.id for row in listed)


def test_count_events_ignores_the_page(filled):
    everything = EventQuery(min_confidence=0, limit=1, offset=1)
    assert filled.count_events(everything) == len(filled.events(min_confidence=0, limit=None)) == 4
    assert filled.count_events(EventQuery(min_confidence=0, country="IQ")) == 2
    assert filled.count_events(EventQuery(min_confidence=0, q="tear gas")) == 2  # both events of the Bogotá article
    assert filled.count_events(EventQuery(min_confidence=0, since="2022")) == 0


def test_tally_counts_by_type_country_and_day_and_keeps_aggregates_apart(filled):
    tally = filled.tally_events(EventQuery(min_confidence=0))
    assert (tally.events, tally.aggregates, tally.undated) == (4, 1, 0)
    assert tally.fatalities == 2  # Erbil's two; the Mosul aggregate's five are not a single event's toll
    assert dict(tally.by_event_type) == {"ASSAULT": 2, "PROTEST": 1, "COERCE": 1}
    assert tally.by_country == (("CO", 2), ("IQ", 2))
    assert tally.by_day == (("2021-03-19", 1), ("2021-04-14", 1), ("2021-05-01", 2))  # oldest first
    assert dict(tally.by_acled_type) == {"Explosions/Remote violence": 2, "Protests": 1}
    narrowed = filled.tally_events(EventQuery(min_confidence=0, country="CO"))
    assert (narrowed.events, narrowed.by_day) == (2, (("2021-05-01", 2),))
    assert narrowed.to_json()["by_event_type"] == {"COERCE": 1, "PROTEST": 1}


def test_event_points_are_markers_in_query_order(filled):
    points = filled.event_points(EventQuery(min_confidence=0, sort="-fatalities"))
    assert [p.fatalities for p in points][:2] == [5, 2]
    erbil = next(p for p in points if p.fatalities == 2)
    assert (erbil.lat, erbil.lon, erbil.event_type, erbil.date, erbil.is_aggregate) == (36.19, 44.01, "ASSAULT", "2021-04-14", False)
    assert erbil.to_json()[0] == erbil.id and len(erbil.to_json()) == len(POINT_COLUMNS)
    assert len(filled.event_points(EventQuery(min_confidence=0), limit=1)) == 1
    in_colombia = filled.event_points(EventQuery(min_confidence=0, bbox=(-80, 0, -70, 10)))
    assert {p.id for p in in_colombia} == {p.id for p in points if p.lon < 0} and len(in_colombia) == 2
