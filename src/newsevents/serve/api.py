"""The JSON API (/api/...), the dashboard's files (/) and the OpenAPI docs (/docs), over one Store.

Every answer to a bad request is a 4xx with ``{"error": ..., "fix": ...}``: a filter the store refuses
(QueryError) is 400, a parameter the route does not take is 400, a value of the wrong type is 422.
A database that fails is 503; nothing a client sends gives a 500.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
import threading
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import NewsEventsError, QueryError, StoreError
from ..export import BINARY_FORMATS, FORMATS, export, write_flat_csv
from ..ingest import SUFFIXES
from ..records import DEFAULT_MIN_CONFIDENCE, DEFAULT_RADIUS_KM, MAX_LIMIT, POINT_COLUMNS, EventQuery, parse_numbers
from ..store import Store

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A map of more markers than this is unreadable and slow to draw; the dashboard says when it shows fewer.
MAX_POINTS = 200_000
_UPLOAD_CHUNK = 64 * 1024
# What the browser may do on our pages: only this server's scripts, styles, data and images.
# Inline styles are allowed because Leaflet positions its panes and markers with them.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Download name and media type of each export format.
_EXPORT_FILES = {
    "acled-csv": ("newsevents-acled.csv", "text/csv; charset=utf-8"),
    "plover-json": ("newsevents-plover.jsonl", "application/x-ndjson"),
    "geojson": ("newsevents-events.geojson", "application/geo+json"),
    "parquet": ("newsevents-events.parquet", "application/vnd.apache.parquet"),
}
assert set(_EXPORT_FILES) == set(FORMATS), "every export format needs a download name"
ExportFormat = Literal["acled-csv", "plover-json", "geojson", "parquet"]
UploadFormat = Literal["txt", "text", "html", "htm", "jsonl", "ndjson", "json", "csv", "tsv", "xml", "rss", "atom"]
assert {f".{name}" for name in get_args(UploadFormat)} == set(SUFFIXES), "the upload formats are the ingest suffixes"


def filters(
    event_type: Annotated[str | None, Query(alias="type", description="PLOVER event type, e.g. ASSAULT.")] = None,
    acled_type: Annotated[str | None, Query(description="ACLED event type, any case, e.g. Protests.")] = None,
    sub_event: Annotated[str | None, Query(description="ACLED sub-event type, e.g. Air/drone strike.")] = None,
    actor: Annotated[str | None, Query(description="Part of either actor's name, any case.")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 code (LB) or English name (Lebanon).")] = None,
    since: Annotated[str | None, Query(description="On or after YYYY-MM-DD (or YYYY-MM, YYYY).")] = None,
    until: Annotated[str | None, Query(description="On or before YYYY-MM-DD (or YYYY-MM, YYYY).")] = None,
    near: Annotated[str | None, Query(description="LAT,LON or a place name: events within `radius` km.")] = None,
    radius: Annotated[float, Query(description="Radius for `near`, in km.")] = DEFAULT_RADIUS_KM,
    bbox: Annotated[str | None, Query(description="WEST,SOUTH,EAST,NORTH in degrees.")] = None,
    q: Annotated[str | None, Query(description="Full-text search of the events' articles.")] = None,
    aggregate: Annotated[bool | None, Query(description="true: only aggregates; false: only single events.")] = None,
    min_confidence: Annotated[float, Query(description="Hide weaker guesses; 0 shows all.")] = DEFAULT_MIN_CONFIDENCE,
    article: Annotated[str | None, Query(description="Only the events of this article id (or unique prefix).")] = None,
) -> dict[str, Any]:
    """Which events: the EventQuery fields of the query string."""
    return {
        "event_type": event_type, "acled_event_type": acled_type, "acled_sub_event_type": sub_event,
        "actor": actor, "country": country, "since": since, "until": until,
        "near": _point(near) if near else None, "radius_km": radius,
        "bbox": parse_numbers(bbox, 4, "bbox", "bbox=35.1,33.0,36.6,34.7 (WEST,SOUTH,EAST,NORTH)") if bbox else None,
        "q": q, "aggregate": aggregate, "min_confidence": min_confidence, "article_id": article,
    }  # fmt: skip


def _point(text: str) -> tuple[float, float]:
    from .. import pipeline  # a place name needs the geoparser, loaded on the first such request

    return pipeline.point(text, "near=")


Filters = Annotated[dict[str, Any], Depends(filters)]
Sort = Annotated[str, Query(description="date, confidence, fatalities, injuries, country, type or published; - first for descending.")]
Limit = Annotated[int, Query(description=f"Events in the page, 0..{MAX_LIMIT}.")]
Offset = Annotated[int, Query(description="Events to skip.")]


def create_app(
    store: Store,
    ingest_token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The API and dashboard over ``store`` (the caller closes it).

    ``ingest_token`` turns on ``POST /api/ingest`` for clients that send it as a bearer token.
    ``allowed_hosts`` refuses requests for other Host names: a loopback server that a web page
    reaches under another name (DNS rebinding) does not answer it.
    """
    app = FastAPI(
        title="newsevents",
        version=__version__,
        description="Political and conflict events read from news, with the words behind every field.",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(_known_parameters)],
    )
    _add_error_handlers(app)
    if allowed_hosts:

        @app.middleware("http")
        async def known_host(request: Request, call_next: Any) -> Response:
            host = request.headers.get("host", "").split(":")[0]  # the name without its port
            if host not in allowed_hosts:
                return _answer(400, f"this server does not answer for the host {host!r}", f"open it as {' or '.join(allowed_hosts)}")
            response: Response = await call_next(request)
            return response

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        return response

    @app.get("/api/health", tags=["api"])
    def health() -> dict[str, Any]:
        """The server is up and its database answers."""
        return {"status": "ok", "version": __version__, "events": store.count_events(EventQuery(min_confidence=0))}

    @app.get("/api/events", tags=["api"])
    def list_events(
        where: Filters,
        sort: Sort = "-date",
        limit: Limit = 100,
        offset: Offset = 0,
        format: Annotated[Literal["json", "geojson", "csv"], Query(description="json (a page with its total), geojson or csv.")] = "json",
    ) -> Response:
        """One page of the events matching the filters; `total` counts every match."""
        query = EventQuery(**where, sort=sort, limit=limit, offset=offset)
        if format == "json":
            page = [event.to_json() for event in store.iter_events(query)]
            return JSONResponse({"total": store.count_events(query), "limit": limit, "offset": offset, "events": page})
        text = StringIO()
        if format == "csv":
            write_flat_csv(store.iter_events(query), text)
            return Response(text.getvalue(), media_type="text/csv; charset=utf-8")
        export(store.iter_events(query), "geojson", text)
        return Response(text.getvalue(), media_type="application/geo+json")

    @app.get("/api/events/{event_id}", tags=["api"])
    def one_event(event_id: str) -> dict[str, Any]:
        """One event with every report of it and the words behind each field (a unique id prefix works)."""
        event = store.event(event_id)
        if event is None:
            raise HTTPException(404, f"there is no event {event_id!r}")
        return event.to_json()

    @app.get("/api/articles/{article_id}", tags=["api"])
    def one_article(article_id: str) -> dict[str, Any]:
        """One article: clean text, captions, credits, and the spans of its entities, places and events."""
        stored = store.article(article_id)
        if stored is None:
            raise HTTPException(404, f"there is no article {article_id!r}")
        return stored.to_json()

    @app.get("/api/stats", tags=["api"])
    def stats(where: Filters) -> dict[str, Any]:
        """The matching events counted by PLOVER type, ACLED type, country and day."""
        return store.tally_events(EventQuery(**where)).to_json()

    @app.get("/api/points", tags=["api"])
    def points(
        where: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_POINTS, description="Markers at most (newest first).")] = MAX_POINTS,
    ) -> dict[str, Any]:
        """The matching events that have coordinates, as compact map markers (rows of `columns`)."""
        found = store.event_points(EventQuery(**where, limit=None), limit + 1)
        rows = [point.to_json() for point in found[:limit]]
        return {"columns": list(POINT_COLUMNS), "rows": rows, "truncated": len(found) > limit}

    @app.get("/api/export", tags=["api"], response_class=FileResponse)
    def download(
        where: Filters,
        format: Annotated[ExportFormat, Query(description="acled-csv, plover-json, geojson or parquet.")],
        sort: Sort = "-date",
    ) -> Response:
        """Every matching event as a file in one of the field's formats (docs/exports.md)."""
        query = EventQuery(**where, sort=sort, limit=None)
        name, media_type = _EXPORT_FILES[format]
        binary = format in BINARY_FORMATS
        # Written to a spooled file first: an export that fails half-way is an error, not a cut-off file.
        spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024, mode="w+b" if binary else "w+", newline="")
        try:
            counts = export(store.iter_events(query), format, spool)
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        headers = {"Content-Disposition": f'attachment; filename="{name}"', "X-Events-Left-Out": str(counts.left_out)}
        return StreamingResponse(_chunks(spool, binary), media_type=media_type, headers=headers)

    ingest_lock = threading.Lock()

    @app.post("/api/ingest", tags=["api"])
    async def ingest(
        request: Request,
        format: Annotated[UploadFormat, Query(description="How to read the body: the suffix its file would have.")] = "txt",
        authorization: Annotated[str | None, Header(description="Bearer TOKEN, as given to `serve --ingest-token`.")] = None,
    ) -> dict[str, Any]:
        """Ingest the request body as one file (a text dump, JSON lines, CSV, HTML or a feed); off without a token."""
        if ingest_token is None:
            raise HTTPException(403, "ingest is off on this server")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), ingest_token.encode()):
            raise HTTPException(401, "a bearer token is needed to ingest")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_upload_bytes:
            raise HTTPException(413, f"the body is over {max_upload_bytes} bytes")
        with tempfile.TemporaryDirectory(prefix="newsevents-upload-") as folder:
            path = Path(folder) / f"upload.{format}"  # our own name: nothing the client sends reaches the path
            size = 0
            with path.open("wb") as handle:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > max_upload_bytes:
                        raise HTTPException(413, f"the body is over {max_upload_bytes} bytes")
                    handle.write(chunk)
            if size == 0:
                raise HTTPException(400, "the body is empty")
            summary = await run_in_threadpool(_ingest_file, store, path, ingest_lock)
        keys = ("read", "new", "version", "duplicate", "analysed", "events", "aggregates", "places", "errors")
        return {key: getattr(summary, key) for key in keys}

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _ingest_file(store: Store, path: Path, lock: threading.Lock) -> Any:
    from .. import pipeline  # loads spaCy: only when something is ingested

    with lock:  # one upload at a time: each holds a model's worth of memory while it runs
        return pipeline.ingest_into(store, [path])


def _chunks(spool: Any, binary: bool) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(_UPLOAD_CHUNK):
            yield chunk if binary else chunk.encode("utf-8")


def _parameter_names(dependant: Dependant) -> set[str]:
    """The query parameters a route and its dependencies take, by the names clients use."""
    names = {field.alias for field in dependant.query_params}
    for child in dependant.dependencies:
        names |= _parameter_names(child)
    return names


def _known_parameters(request: Request) -> None:
    """Refuse a parameter the route does not take: a misspelt filter must not silently match everything."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.path.startswith("/api/"):
        return  # the dashboard's own page keeps its state in its query string
    known = _parameter_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise QueryError(
            f"unknown parameter {unknown[0]!r} for {route.path}",
            f"use {', '.join(sorted(known))}" if known else "this route takes no parameters",
        )


def _answer(status: int, message: str, fix: str = "") -> JSONResponse:
    return JSONResponse({"error": message, "fix": fix}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsEventsError)
    async def refused(_request: Request, error: NewsEventsError) -> JSONResponse:
        if isinstance(error, QueryError):
            return _answer(400, error.message, error.fix)
        if isinstance(error, StoreError):
            log.error("database error: %s", error)
            return _answer(503, error.message, error.fix)
        log.error("server error: %s", error)
        return _answer(500, error.message, error.fix)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return _answer(422, f"{where}: {first.get('msg', 'invalid value')}", "see /docs for each parameter's type")

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, error: HTTPException) -> JSONResponse:
        return _answer(error.status_code, str(error.detail))

    @app.exception_handler(Exception)
    async def crashed(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=error)
        return _answer(500, "the server failed on this request", "see the server's log")
