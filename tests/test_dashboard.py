"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright) against a loopback server.

Skipped when Chromium or Playwright is missing, unless NEWSEVENTS_REQUIRE_BROWSER is set (CI sets it):
then a missing browser fails the run.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard_db import HOSTILE_ACTOR, HOSTILE_PLACE, HOSTILE_TITLE, HOSTILE_URL, KNOWN, build
from newsevents.serve import Dashboard
from newsevents.store import open_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = bool(os.environ.get("NEWSEVENTS_REQUIRE_BROWSER"))
try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None

if (CHROMIUM is None or sync_playwright is None) and not REQUIRED:
    pytest.skip("Chromium or Playwright is not installed (.ci/run installs both)", allow_module_level=True)

# Chromium as the machine's closed network needs it: no background calls home, no GPU, no sandbox as root.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
VIEW = (3, 25.0, 35.0)  # zoom, lat, lon: Lebanon, Ukraine and Kenya in one view, far enough apart not to cluster


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Dashboard]:
    path = build(tmp_path_factory.mktemp("dashboard") / "events.db")
    with open_store(path) as store, Dashboard(store) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM is not None, "install Debian's chromium package"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    """A page that records console errors, dialogs (an injected alert) and every request that would leave the
    server (and stops it)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    dialogs: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def only_loopback(route):
        if route.request.url.startswith(server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    opened.route("**/*", only_loopback)
    yield opened
    context.close()
    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert errors == [], f"console errors: {errors}"
    assert outside == [], f"requests left loopback: {outside}"


def open_dashboard(page: Page, server: Dashboard, query: str = "") -> None:
    zoom, lat, lon = VIEW
    separator = "&" if query else ""
    page.goto(f"{server.url}?{query}{separator}map={zoom}/{lat}/{lon}")
    page.wait_for_selector("body[data-ready=true]")


def api(server: Dashboard, path: str) -> dict:
    with urllib.request.urlopen(server.url + path) as response:
        return json.load(response)


def event_id(server: Dashboard, country: str) -> str:
    return api(server, f"api/events?country={country}")["events"][0]["id"]


def pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator world pixel of a point (what Leaflet's default CRS draws)."""
    size = 256 * 2**zoom
    phi = math.radians(lat)
    return size * (lon + 180) / 360, size * (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2


def test_markers_appear_at_their_coordinates(page, server):
    open_dashboard(page, server)
    zoom, lat, lon = VIEW
    centre = pixel(lat, lon, zoom)
    box = page.locator("#map").bounding_box()
    # Bogotá lies west of this view, but the cluster layer draws a margin around it: its marker is placed too.
    single = [k for k in KNOWN if not k.aggregate]
    for known in single:
        marker = page.locator(f'.ev-marker[data-id="{event_id(server, known.country)}"]')
        marker.wait_for()
        found = marker.bounding_box()
        x, y = pixel(known.lat, known.lon, zoom)
        expected = (box["x"] + box["width"] / 2 + x - centre[0], box["y"] + box["height"] / 2 + y - centre[1])
        assert abs(found["x"] + found["width"] / 2 - expected[0]) < 2, known.place
        assert abs(found["y"] + found["height"] / 2 - expected[1]) < 2, known.place
    assert page.locator(".ev-marker").count() == len(single) == 4  # no marker for the aggregate


def test_a_filter_changes_markers_and_list(page, server):
    open_dashboard(page, server)
    page.select_option("select[name=country]", "UA")
    page.wait_for_selector("body[data-ready=true][data-markers='1']")
    assert page.locator("#event-list .event-item").count() == 1
    assert "Kharkiv" in page.locator("#event-list").inner_text()
    assert page.locator(".ev-marker").count() == 1
    assert parse_qs(urlparse(page.url).query)["country"] == ["UA"]


def test_brushing_the_timeline_filters_dates(page, server):
    open_dashboard(page, server)
    chart = page.locator("#histogram").bounding_box()
    y = chart["y"] + chart["height"] / 2
    # The days run from May 3 to June 15, 2024: the first fifth of the width holds May 3 to about May 11.
    page.mouse.move(chart["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(chart["x"] + chart["width"] * 0.2, y, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r"since="))
    page.wait_for_selector("body[data-ready=true]")
    query = parse_qs(urlparse(page.url).query)
    assert query["since"] == ["2024-05-03"] and "2024-05-10" <= query["until"][0] < "2024-06-01"
    listed = page.locator("#event-list").inner_text()
    assert "Beirut" in listed and "Kharkiv" in listed and "Nairobi" not in listed
    assert page.input_value("input[name=since]") == "2024-05-03"


def test_clicking_an_event_opens_its_article_with_the_evidence_highlighted(page, server):
    open_dashboard(page, server)
    page.locator("#event-list .event-item", has_text="Beirut").click()
    page.wait_for_selector("#article-view mark.current")
    beirut = next(k for k in KNOWN if k.place == "Beirut")
    # The place's own highlight cuts the evidence in pieces; together they are the evidence's words.
    assert "".join(page.locator("#article-view mark.current").all_inner_texts()) == beirut.evidence
    assert "Military Forces of Israel" in page.locator("#event-view").inner_text()
    assert page.locator("#article-view .place").first.inner_text() == "Beirut"
    assert page.locator(f'.ev-marker.selected[data-id="{event_id(server, "LB")}"]').count() == 1


def test_clicking_a_marker_opens_its_event(page, server):
    open_dashboard(page, server)
    page.locator(f'.ev-marker[data-id="{event_id(server, "UA")}"]').click()
    page.wait_for_selector("#article-view mark.current")
    assert "Kharkiv" in page.locator("#event-view h2").inner_text()
    assert page.locator("#event-list .event-item.selected", has_text="Kharkiv").count() == 1


def test_a_shared_url_restores_the_view(page, server):
    kharkiv = event_id(server, "UA")
    page.goto(f"{server.url}?country=UA&event={kharkiv}&map=6/49.5/36.5")
    page.wait_for_selector("#article-view mark.current")
    assert page.input_value("select[name=country]") == "UA"
    assert page.locator("#event-list .event-item").count() == 1
    assert "Kharkiv" in page.locator("#event-view").inner_text()
    assert parse_qs(urlparse(page.url).query)["map"] == ["6/49.5000/36.5000"]


def test_article_text_titles_actor_and_place_names_are_shown_as_text(page, server):
    open_dashboard(page, server)
    page.locator("#event-list .event-item", has_text="Nairobi").click()
    page.wait_for_selector("#article-view mark.current")
    page.wait_for_timeout(300)  # an injected onerror or onload would have run by now
    assert page.evaluate("window.__xss") is None  # neither the article's script nor the actor's onerror ran
    article = page.locator("#article-view").inner_text()
    for shown in ("<script>window.__xss = 2;</script>", "<script>alert(1)</script><img src=x onerror=alert(1)>",
                  '<a href="javascript:alert(1)">more</a>', HOSTILE_TITLE, HOSTILE_URL):  # fmt: skip
        assert shown in article
    for where in ("#event-list", "#event-view"):
        assert HOSTILE_ACTOR in page.locator(where).inner_text() and HOSTILE_PLACE in page.locator(where).inner_text()
    injected = "script, img, svg, a[href^='javascript']"
    assert page.locator(f"#article-view :is({injected}), #event-view :is({injected}), #event-list :is({injected})").count() == 0


def test_aggregates_are_listed_apart_and_not_mapped(page, server):
    open_dashboard(page, server)
    assert "Bamako" in page.locator("#aggregate-list").inner_text()
    assert "Bamako" not in page.locator("#event-list").inner_text()
    assert page.locator("#aggregate-title").inner_text() == "Aggregates: 1"


def test_downloads_follow_the_filters(page, server):
    open_dashboard(page, server, "country=LB")
    href = page.locator('.downloads a[data-format="geojson"]').get_attribute("href")
    assert parse_qs(urlparse(href).query) == {"country": ["LB"], "min_confidence": ["0.3"], "format": ["geojson"]}
    with page.expect_download() as download:
        page.click('.downloads a[data-format="geojson"]')
    with open(download.value.path(), encoding="utf-8") as handle:
        assert [f["properties"]["location"] for f in json.load(handle)["features"]] == ["Beirut"]


def test_keyboard_reaches_an_event_and_escape_closes_it(page, server):
    open_dashboard(page, server)
    page.locator("#event-list .event-item").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel:not([hidden])")
    page.keyboard.press("Escape")
    page.wait_for_selector("#panel[hidden]", state="attached")
    assert "event" not in parse_qs(urlparse(page.url).query)


def test_phone_width_stacks_without_sideways_scrolling(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(server.url)
    phone.wait_for_selector("body[data-ready=true]")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    map_box, list_box = phone.locator("#map").bounding_box(), phone.locator(".lists").bounding_box()
    assert map_box["width"] <= 390 and list_box["y"] > map_box["y"] + map_box["height"]
    context.close()
