"""Hostile requests against the HTTP API, in tables: tests/test_serve.py asserts on them one by one and
benchmarks/load_bench.py tries them all on a large database and counts them (stdlib only).

A clean answer is a 2xx (the payload was taken as data) or a 4xx whose JSON body says ``error`` and ``fix``;
never a 5xx, and the database is the same afterwards (``checksum``).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

# (name, value): sent as the value of every query parameter of every read route, and as a path id.
SQL_PAYLOADS = (
    ("quote", "'"),
    ("double quote", '"'),
    ("or true", "' OR 1=1 --"),
    ("or string", "' OR '1'='1"),
    ("drop table", "; DROP TABLE events;--"),
    ("quoted drop table", "'; DROP TABLE events;--"),
    ("stacked delete", "1'; DELETE FROM articles WHERE '1'='1"),
    ("union select", "' UNION SELECT id, text FROM articles --"),
    ("union nulls", "1 UNION ALL SELECT NULL,NULL,NULL--"),
    ("comment open", "admin'/*"),
    ("comment close", "*/ OR 1=1 /*"),
    ("schema read", "'||(SELECT sql FROM sqlite_master)||'"),
    ("attach", "'; ATTACH DATABASE '/tmp/stolen.db' AS stolen;--"),
    ("pragma", "'; PRAGMA writable_schema=1;--"),
    ("like percent", "%"),
    ("like underscore", "_"),
    ("like both", "%_%"),
    ("backslash", "\\"),
    ("fts near", '"a" OR NEAR('),
    ("fts star", "*"),
    ("fts column filter", "title:x"),
    ("fts columns star", "text:* OR title:*"),
    ("fts caret", "^beirut"),
    ("fts dangling and", "a AND"),
    ("fts parenthesis", "("),
    ("fts minus", "-"),
    ("nul", "\x00"),
    ("nul inside", "Beirut\x00' OR 1=1"),
    ("long", "A" * 4000),
    ("long quotes", "'" * 2000),
    ("nan", "nan"),
    ("infinity", "-inf"),
    ("huge number", "1e309"),
    ("huge integer", "9" * 30),
    ("hex", "0x41"),
    ("null", "NULL"),
    ("right-to-left", "\u202e\u0628\u064a\u0631\u0648\u062a"),
    ("emoji", "\U0001f600"),
    ("header injection", "\r\nX-Injected: 1"),
    ("json operator", '{"$gt": ""}'),
)
# The read routes and the parameters they need besides the one under attack.
READ_ROUTES = {"/api/events": {}, "/api/stats": {}, "/api/points": {}, "/api/export": {"format": "geojson"}}
ID_ROUTES = ("/api/events/", "/api/articles/")
# A place name in `near` runs the geoparser (the spaCy model): those requests are slow, and tested apart.
GEOPARSED = {"near"}

# Paths that try to leave the static folder; every one is a 404.
PATH_TRAVERSALS = (
    "/static/../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/..%2f..%2fetc%2fpasswd",
    "/static/..%2F..%2F__init__.py",
    "/static/..\\..\\etc\\passwd",
    "/static/..%5c..%5capi.py",
    "/static/....//....//etc/passwd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/static/vendor/../../api.py",
    "/static/index.html%00.js",
    "/static//etc/passwd",
    "/docs/..",
    "/docs/../../etc/passwd",
    "/../../etc/passwd",
    "//etc/passwd",
)
# Query strings of /api/events with a page that cannot be: each a 4xx.
BAD_PAGES = (
    "limit=-1", "limit=100000", "limit=" + "9" * 30, "limit=ten", "limit=1.5", "limit=1e3", "limit=0x10", "limit=",
    "offset=-5", "offset=9223372036854775808", "offset=" + "9" * 30, "offset=abc", "offset=",
)  # fmt: skip
UNKNOWN_PARAMETERS = ("/api/events?colour=red", "/api/events?limit=5&LIMIT=6", "/api/stats?offset=1",
                      "/api/points?sort=date", "/api/health?debug=1", "/api/events?q[]=x", "/api/export?format=geojson&where=1")  # fmt: skip
# Authorization headers that are not the ingest token (None: no header).
BAD_TOKENS = (None, "", "Bearer", "Bearer ", "Bearer wrong", "Basic dXNlcjpwYXNz", "Token s3cret", "Bearer s3cret-token-",
              "Bearer \u00e9", "Bearer " + "x" * 5000)  # fmt: skip
# Host headers a loopback server must refuse (DNS rebinding).
BAD_HOSTS = ("attacker.example", "127.0.0.1.attacker.example", "localhost.", "", "localhost@attacker.example")


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes

    def error(self) -> dict:
        return json.loads(self.body)


def send(base_url: str, method: str, target: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Answer:
    """One request with ``target`` sent as written (no normalising of ``..`` or escapes)."""
    where = urlsplit(base_url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    try:
        headers = headers or {}
        connection.putrequest(method, target, skip_host="Host" in headers, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value.encode("utf-8"))
        if body is not None and not {"Transfer-Encoding", "Content-Length"} & set(headers):
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return Answer(response.status, response.getheader("content-type") or "", response.read())
    finally:
        connection.close()


def query(parameters: dict[str, str]) -> str:
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in parameters.items())


def read_targets(spec: dict, value: str, geoparsed: bool = False) -> list[str]:
    """``value`` in each query parameter of each read route of the OpenAPI ``spec`` in turn: request targets.

    Only the GEOPARSED parameters when ``geoparsed``, else all the others.
    """
    targets = []
    for route, needed in READ_ROUTES.items():
        names = [p["name"] for p in spec["paths"][route]["get"]["parameters"] if p["in"] == "query"]
        targets += [f"{route}?{query(needed | {name: value})}" for name in names if (name in GEOPARSED) == geoparsed]
    return targets


def id_targets(value: str) -> list[str]:
    return [route + quote(value, safe="") for route in ID_ROUTES]


def is_clean(answer: Answer) -> bool:
    """A 2xx, or a 4xx that says what is wrong and how to fix it as JSON."""
    if 200 <= answer.status < 300:
        return True
    if not 400 <= answer.status < 500 or not answer.content_type.startswith("application/json"):
        return False
    return {"error", "fix"} <= set(answer.error())


def checksum(path: Path) -> str:
    """SHA-256 of every table's rows in a SQLite file (its SQL dump), read over a connection of its own."""
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        for line in connection.iterdump():
            digest.update(line.encode("utf-8", "surrogatepass"))
    connection.close()
    return digest.hexdigest()


def oversized_bodies(limit: int) -> list[tuple[str, dict[str, str], bytes]]:
    """(name, headers, body) of uploads over ``limit`` bytes: declared, streamed in chunks, and claimed."""
    chunk = b"x" * 1024
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(limit // len(chunk) + 2)) + b"0\r\n\r\n"
    return [
        ("declared", {}, b"x" * (limit + 1)),
        ("chunked", {"Transfer-Encoding": "chunked"}, chunked),
        ("claimed", {"Content-Length": str(10**12)}, b"x"),
    ]
