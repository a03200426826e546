"""The HTTP API, served by uvicorn on a free loopback port over a small known database."""

from __future__ import annotations

import csv
import io
import json
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import hostile_requests as hostile
from dashboard_db import HOSTILE_ACTOR, HOSTILE_TEXT, KNOWN, build
from newsevents.errors import NewsEventsError
from newsevents.serve import Dashboard
from newsevents.serve.server import bind
from newsevents.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import load_bench  # noqa: E402  (the load driver and filters; its speed figures live in docs/BENCHMARKS.md)
import store_bench  # noqa: E402  (the generated corpus)

TOKEN = "s3cret-token"
MAX_UPLOAD = 4000
# The bounded load: a database a few seconds to build, ten requests per client thread, and a hard stop.
LOAD_EVENTS = 10_000
LOAD_CONCURRENCY = 32
LOAD_REQUESTS = 10 * LOAD_CONCURRENCY
LOAD_TIMEOUT_S = 240.0


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    def json(self):
        return json.loads(self.body)


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None) -> Answer:
    call = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("serve") / "events.db")


@pytest.fixture(scope="module")
def server(database) -> Iterator[Dashboard]:
    with open_store(database) as store, Dashboard(store, ingest_token=TOKEN, max_upload_bytes=MAX_UPLOAD) as running:
        yield running


def get(server: Dashboard, path: str) -> Answer:
    return request(server.url + path)


def test_health_and_loopback(server):
    assert server.url.startswith("http://127.0.0.1:")
    answer = get(server, "api/health")
    assert answer.status == 200 and answer.json()["status"] == "ok" and answer.json()["events"] == len(KNOWN)


def test_events_page_with_total_and_filters(server):
    page = get(server, "api/events?limit=2&min_confidence=0").json()
    assert page["total"] == len(KNOWN) and len(page["events"]) == 2 and (page["limit"], page["offset"]) == (2, 0)
    assert [e["date"] for e in page["events"]] == ["2024-06-15", "2024-06-03"]  # newest first
    lebanon = get(server, "api/events?country=Lebanon").json()
    assert lebanon["total"] == 1 and lebanon["events"][0]["location"]["name"] == "Beirut"
    assert get(server, "api/events?type=assault&aggregate=false").json()["total"] == 2
    assert get(server, "api/events?acled_type=battles").json()["events"][0]["actor1"]["name"] == HOSTILE_ACTOR
    assert get(server, "api/events?actor=russia").json()["total"] == 1
    assert get(server, "api/events?since=2024-06&until=2024-06-10").json()["total"] == 2
    assert get(server, "api/events?bbox=30,30,40,50").json()["total"] == 2
    assert get(server, "api/events?near=33.9,35.5&radius=50").json()["total"] == 1
    assert get(server, "api/events?q=students").json()["events"][0]["location"]["name"] == "Bogotá"
    assert get(server, "api/events?offset=4&limit=10").json()["events"][0]["location"]["name"] == "Beirut"


def test_events_as_geojson_and_csv(server):
    geo = get(server, "api/events?format=geojson&country=UA")
    assert geo.headers["content-type"] == "application/geo+json"
    (feature,) = geo.json()["features"]
    assert feature["geometry"]["coordinates"] == [36.23, 49.99] and feature["properties"]["fatalities"] == 2
    table = get(server, "api/events?format=csv&limit=100")
    rows = list(csv.DictReader(io.StringIO(table.body.decode())))
    assert len(rows) == len(KNOWN) and {r["location"] for r in rows} == {k.location for k in KNOWN}


def test_one_event_has_its_sources_and_evidence(server):
    listed = get(server, "api/events?country=LB").json()["events"][0]
    event = get(server, f"api/events/{listed['id'][:8]}").json()
    assert event["id"] == listed["id"] and event["fatalities"] == 4
    assert event["evidence_spans"]["location"]["text"] == "Beirut"
    assert [s["article_id"] for s in event["sources"]] == [listed["article_id"]]


def test_article_has_text_captions_and_spans(server):
    event = get(server, "api/events?country=KE").json()["events"][0]
    article = get(server, f"api/articles/{event['article_id']}").json()
    assert article["text"] == HOSTILE_TEXT  # data, returned as it was written; escaping is the page's job
    assert article["captions"] == ["A street in Nairobi."]
    (place,) = article["places"]
    assert article["text"][place["start"] : place["end"]] == "Nairobi"
    (report,) = article["events"]
    assert article["text"][report["evidence"]["start"] : report["evidence"]["end"]] == report["evidence"]["text"]


def test_stats_count_by_type_country_and_day(server):
    stats = get(server, "api/stats").json()
    assert (stats["events"], stats["aggregates"], stats["fatalities"]) == (5, 1, 9)
    assert stats["by_country"] == {"CO": 1, "KE": 1, "LB": 1, "ML": 1, "UA": 1}
    assert list(stats["by_day"]) == sorted(k.date for k in KNOWN)
    assert get(server, "api/stats?country=UA").json()["by_event_type"] == {"ASSAULT": 1}


def test_points_are_compact_markers(server):
    points = get(server, "api/points?aggregate=false").json()
    column = {name: i for i, name in enumerate(points["columns"])}
    where = {row[column["lat"]]: row[column["lon"]] for row in points["rows"]}
    assert where == {k.lat: k.lon for k in KNOWN if not k.aggregate} and points["truncated"] is False
    assert get(server, "api/points?limit=2").json()["truncated"] is True


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("acled-csv", "newsevents-acled.csv"), ("plover-json", "newsevents-plover.jsonl"),
     ("geojson", "newsevents-events.geojson"), ("parquet", "newsevents-events.parquet")],
)  # fmt: skip
def test_export_downloads_every_match(server, fmt, name):
    answer = get(server, f"api/export?format={fmt}&aggregate=false")
    assert answer.status == 200
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(answer.body)).num_rows == 4
    elif fmt == "geojson":
        assert len(json.loads(answer.body)["features"]) == 4
    elif fmt == "plover-json":
        assert len(answer.body.decode().splitlines()) == 4
    else:
        assert len(list(csv.DictReader(io.StringIO(answer.body.decode())))) == 4


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("api/events?colour=red", 400, "unknown parameter 'colour'"),
        ("api/stats?limit=5", 400, "unknown parameter 'limit'"),
        ("api/health?x=1", 400, "unknown parameter 'x'"),
        ("api/events?since=2024-13-40", 400, "not a date"),
        ("api/events?since=2024-06-02&until=2024-06-01", 400, "after until"),
        ("api/events?bbox=1,2,3", 400, "4 comma-separated numbers"),
        ("api/events?bbox=10,50,20,40", 400, "north"),
        ("api/events?near=95,10", 400, "near"),
        ("api/events?limit=100000", 400, "limit 100000 is outside"),
        ("api/events?limit=-1", 400, "limit -1"),
        ("api/events?offset=-5", 400, "offset"),
        ("api/events?limit=ten", 422, "limit"),
        ("api/events?min_confidence=2", 400, "min confidence"),
        ("api/events?sort=colour", 400, "cannot sort"),
        ("api/events?country=Atlantis", 400, "not a country"),
        ("api/events?format=xml", 422, "format"),
        ("api/points?limit=0", 422, "limit"),
        ("api/export", 422, "format"),
        ("api/events/abc", 400, "too short"),
        ("api/events/0123456789abcdef", 404, "no event"),
        ("api/events/..%2F..%2Fetc%2Fpasswd", 404, "Not Found"),
        ("api/articles/fffffff", 404, "no article"),
        ("api/nothing", 404, "Not Found"),
        ("static/..%2F..%2F__init__.py", 404, "Not Found"),
    ],
)
def test_bad_requests_get_a_4xx_that_says_why(server, path, status, says):
    answer = get(server, path)
    assert answer.status == status, answer.body
    assert says in answer.json()["error"]


def test_every_page_carries_a_strict_content_security_policy(server):
    for path in ("", "api/health", "docs", "static/dashboard.js"):
        headers = get(server, path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_openapi_docs_are_served_offline(server):
    spec = get(server, "openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/stats", "/api/health"} <= set(spec["paths"])
    page = get(server, "docs").body.decode()
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in page and "http" not in page.split("<body>")[1]


def test_requests_under_another_host_name_are_refused(server):
    # A page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) must not read the database.
    answer = request(server.url + "api/health", headers={"Host": "attacker.example"})
    assert answer.status == 400


def test_ingest_needs_the_token(server):
    assert request(server.url + "api/ingest", data=b"text").status == 401
    wrong = request(server.url + "api/ingest", data=b"text", headers={"Authorization": "Bearer nope"})
    assert wrong.status == 401


def test_ingest_refuses_a_body_over_the_limit(server):
    answer = request(server.url + "api/ingest", data=b"x" * (MAX_UPLOAD + 1), headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status == 413 and "over" in answer.json()["error"]


def test_ingest_is_off_without_a_token(tmp_path):
    with open_store(build(tmp_path / "off.db")) as store, Dashboard(store) as running:
        answer = request(running.url + "api/ingest", data=b"text", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status == 403 and "off" in answer.json()["error"]


@pytest.mark.slow
def test_ingest_stores_a_posted_dump(tmp_path):
    body = (
        b"Protesters rally in Dakar\n\nDAKAR, Senegal (AP) - Thousands of protesters marched through Dakar on "
        b"Tuesday, June 4, 2024, demanding the release of detained activists, witnesses said.\n"
    )
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with open_store(tmp_path / "ingest.db") as store, Dashboard(store, ingest_token=TOKEN) as running:
        answer = request(running.url + "api/ingest?format=txt", data=body, headers=auth)
        assert answer.status == 200, answer.body
        summary = answer.json()
        assert (summary["new"], summary["errors"]) == (1, []) and summary["events"] >= 1
        assert get(running, "api/events?q=Dakar").json()["total"] >= 1
        again = request(running.url + "api/ingest?format=txt", data=body, headers=auth)
        assert again.json()["duplicate"] == 1  # idempotent


def test_a_busy_port_gives_a_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        with pytest.raises(NewsEventsError, match="in use"):
            bind("127.0.0.1", taken.getsockname()[1])


@pytest.mark.slow
def test_near_takes_a_place_name(server):
    assert [e["location"]["name"] for e in get(server, "api/events?near=Beirut&radius=50").json()["events"]] == ["Beirut"]
    answer = get(server, "api/events?near=Qwzxv")
    assert answer.status == 400 and "no place of that name" in answer.json()["error"]


# --- hostile requests (tests/hostile_requests.py; benchmarks/load_bench.py tries the same tables) ----------------


@pytest.fixture(scope="module")
def spec(server) -> dict:
    return get(server, "openapi.json").json()


@pytest.fixture
def unchanged(database) -> Iterator[None]:
    """Fails the test when the database's rows differ after it."""
    before = hostile.checksum(database)
    yield
    assert hostile.checksum(database) == before, "a request changed the database"


def refused(server: Dashboard, target: str, method: str = "GET", **sent) -> list[str]:
    """What is wrong with the answers to ``target``: not a clean answer (2xx, or a 4xx with error and fix)."""
    answer = hostile.send(server.url, method, target, **sent)
    return [] if hostile.is_clean(answer) else [f"{target[:120]!r}: {answer.status} {answer.body[:200]!r}"]


PAYLOAD_IDS = [name for name, _ in hostile.SQL_PAYLOADS]


@pytest.mark.parametrize("payload", [value for _, value in hostile.SQL_PAYLOADS], ids=PAYLOAD_IDS)
def test_injected_filters_are_data_or_a_clean_4xx(server, spec, unchanged, payload):
    targets = hostile.read_targets(spec, payload) + hostile.id_targets(payload)
    assert len(targets) > 60  # every parameter of /api/events, /api/stats, /api/points and /api/export, and both ids
    assert [problem for target in targets for problem in refused(server, target)] == []


@pytest.mark.slow
def test_injected_place_names_are_a_clean_4xx(server, spec, unchanged):
    targets = [target for _, value in hostile.SQL_PAYLOADS for target in hostile.read_targets(spec, value, geoparsed=True)]
    assert len(targets) == len(hostile.SQL_PAYLOADS) * len(hostile.READ_ROUTES)
    assert [problem for target in targets for problem in refused(server, target)] == []


@pytest.mark.parametrize(
    ("search", "status", "says"),
    [("*", 400, "no words"), ("\x00", 400, "no words"), ('"a" OR NEAR(', 200, ""), ("title:x", 200, ""), ("%", 400, "no words")],
)  # fmt: skip
def test_a_search_without_words_is_the_clients_error(server, search, status, says):
    # It was a 503 (a failing database) before: nothing a client sends may look like a server fault.
    answer = hostile.send(server.url, "GET", f"/api/events?{hostile.query({'q': search})}")
    assert answer.status == status and says in answer.body.decode()


@pytest.mark.parametrize("path", hostile.PATH_TRAVERSALS)
def test_paths_out_of_the_static_folder_are_not_found(server, path):
    answer = hostile.send(server.url, "GET", path)
    assert answer.status == 404 and hostile.is_clean(answer), answer.body[:200]
    assert b"root:" not in answer.body and b"import" not in answer.body


@pytest.mark.parametrize("page", hostile.BAD_PAGES)
def test_bad_pages_are_a_clean_4xx(server, page):
    answer = hostile.send(server.url, "GET", f"/api/events?{page}")
    assert 400 <= answer.status < 500 and hostile.is_clean(answer), answer.body[:200]


@pytest.mark.parametrize("target", hostile.UNKNOWN_PARAMETERS)
def test_unknown_parameters_are_refused(server, target):
    answer = hostile.send(server.url, "GET", target)
    assert answer.status == 400 and "unknown parameter" in answer.error()["error"]


@pytest.mark.parametrize("authorization", hostile.BAD_TOKENS)
def test_ingest_refuses_every_wrong_token(server, unchanged, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    answer = hostile.send(server.url, "POST", "/api/ingest?format=txt", headers=headers, body=b"Gunmen attacked a bank.")
    assert answer.status == 401 and hostile.is_clean(answer), answer.body[:200]


@pytest.mark.parametrize(("name", "headers", "body"), hostile.oversized_bodies(MAX_UPLOAD), ids=lambda v: v if isinstance(v, str) else "")
def test_ingest_refuses_every_oversized_body(server, unchanged, name, headers, body):
    answer = hostile.send(server.url, "POST", "/api/ingest", headers={"Authorization": f"Bearer {TOKEN}", **headers}, body=body)
    assert answer.status == 413 and hostile.is_clean(answer), (name, answer.body[:200])


@pytest.mark.parametrize("host", hostile.BAD_HOSTS)
def test_other_host_names_get_a_clean_4xx(server, host):
    answer = hostile.send(server.url, "GET", "/api/health", headers={"Host": host})
    assert answer.status == 400 and "host" in answer.error()["error"] and answer.error()["fix"]


def test_a_bounded_load_on_loopback_gets_no_errors(tmp_path):
    with open_store(tmp_path / "load.db") as store:
        store_bench.load(store, LOAD_EVENTS)
        with Dashboard(store) as running:
            assert running.url.startswith("http://127.0.0.1:")
            load = load_bench.hammer(running.url, load_bench.targets(LOAD_REQUESTS), LOAD_CONCURRENCY, LOAD_TIMEOUT_S)
    assert load.errors == [] and not load.stopped_by_timeout
    assert load.sent == load.served == LOAD_REQUESTS
