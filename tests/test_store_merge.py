"""The store keeps one event per real event: reports of several articles merge, whatever the order."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

from newsevents.records import ActorMention, Analysis, Article, DateMention, EventMention, PlaceMention, Span
from newsevents.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"
MAIDUGURI = (11.8464, 13.1603)
KONDUGA = (11.6526, 13.4181)


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase))


def _report(text: str, evidence: str, day: str, town: str, where: tuple[float, float], **fields) -> EventMention:
    """An event of the corpus as the events stage codes it: typed, placed, dated, with its words."""
    place = PlaceMention(_span(text, town), town, lat=where[0], lon=where[1], country_code="NG", feature_code="PPLA", precision=1)
    return EventMention(
        event_type=fields.pop("event_type", "ASSAULT"),
        evidence=_span(text, evidence),
        acled_event_type=fields.pop("acled_event_type", "Explosions/Remote violence"),
        acled_sub_event_type=fields.pop("acled_sub_event_type", "Suicide bomb"),
        location=place,
        date=DateMention(_span(text, fields.pop("date_words")), day, "day"),
        confidence=fields.pop("confidence", 0.9),
        **fields,
    )


def _corpus() -> dict[str, Analysis]:
    """The merge corpus's bombing story, coded by hand (tests/fixtures/merge_corpus.jsonl has the texts)."""
    docs = {d["id"]: d for d in map(json.loads, (FIXTURES / "merge_corpus.jsonl").read_text(encoding="utf-8").splitlines())}

    def analysis(doc_id: str, *events: EventMention) -> Analysis:
        d = docs[doc_id]
        return Analysis(Article(text=d["text"], title=d["title"], published=d["published"], source=d["source"], external_id=doc_id), events=events)

    t = {k: d["text"] for k, d in docs.items()}
    return {
        "m1": analysis("m1", _report(t["m1"], t["m1"].split("\n")[0], "2025-12-18", "Maiduguri", MAIDUGURI, date_words="Thursday", fatalities=12)),
        "m2": analysis(
            "m2",
            _report(t["m2"], t["m2"].split("\n")[0], "2025-12-18", "Maiduguri", MAIDUGURI, date_words="December 18", fatalities=14),
            _report(t["m2"], t["m2"].split("\n")[-1], "2025-12-18", "Konduga", KONDUGA, date_words="the same day", fatalities=5,
                    acled_event_type="Violence against civilians", acled_sub_event_type="Attack"),
        ),
        "m3": analysis("m3", _report(t["m3"], t["m3"].split("\n")[0], "2025-12-18", "Maiduguri", MAIDUGURI, date_words="Thursday",
                                     fatalities=12, injuries=30, acled_sub_event_type="Remote explosive/landmine/IED")),
        "m4": analysis("m4", _report(t["m4"], t["m4"].split("\n")[0], "2025-12-18", "Maiduguri", MAIDUGURI, date_words="Thursday", fatalities=19)),
        "m5": analysis("m5", _report(t["m5"], t["m5"], "2025-12-19", "Maiduguri", MAIDUGURI, date_words="Friday", event_type="ACCUSE",
                                     acled_event_type=None, acled_sub_event_type=None,
                                     actor1=ActorMention(_span(t["m5"], "Bola Tinubu"), "Bola Tinubu", type="person"))),
    }  # fmt: skip


def _events(target: str | Path, order: list[str]) -> list[dict]:
    corpus = _corpus()
    with open_store(target) as store:
        for doc_id in order:
            store.save_analysis(corpus[doc_id])
        # By id: listings break ties by the order articles arrived in, which is the point of the test.
        return sorted((_comparable(e) for e in store.iter_events(min_confidence=0.0, limit=None)), key=lambda e: e["id"])


def _comparable(event) -> dict:
    """What must not depend on the order of ingest (not when each analysis was stored)."""
    data = event.to_json()
    data.pop("analysed_at")
    for source in data["sources"]:
        source.pop("article_title")
    return data


def _groups(events: list[dict]) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(s["article_id"] for s in e["sources"])) for e in events)


def test_reports_of_one_attack_become_one_event(store_url):
    events = _events(store_url, ["m1", "m2", "m3", "m4", "m5"])
    assert len(events) == 3  # the bombing, the Konduga attack and the condemnation
    bombing = next(e for e in events if len(e["sources"]) == 4)
    assert (bombing["date"], bombing["fatalities"], bombing["injuries"]) == ("2025-12-18", 19, 30)
    assert [s["article_source"] for s in bombing["sources"]] == ["Sahel Wire", "Global Desk", "Lagos Daily", "Sahel Wire"]
    assert bombing["sources"][0]["score"] == 1.0 and all(0.6 <= s["score"] < 1 for s in bombing["sources"][1:])
    assert bombing["field_sources"]["fatalities"] == bombing["sources"][-1]["event_id"]  # the follow-up's toll
    konduga = next(e for e in events if e["location"]["name"] == "Konduga")
    assert len(konduga["sources"]) == 1 and konduga["fatalities"] == 5


def test_any_order_gives_the_same_events(new_database):
    expected = _events(new_database(), ["m1", "m2", "m3", "m4", "m5"])
    for order in itertools.islice(itertools.permutations(["m5", "m4", "m3", "m2", "m1"]), 0, 120, 29):
        assert _events(new_database(), list(order)) == expected, order


def test_ingesting_again_changes_nothing(store_url):
    path = store_url
    first = _events(path, ["m1", "m2", "m3", "m4", "m5"])
    assert _events(path, ["m4", "m2"]) == first


def test_a_reanalysed_article_is_merged_again(store_url):
    path = store_url
    _events(path, ["m1", "m2", "m3", "m4"])
    corpus = _corpus()
    with open_store(path) as store:
        # m1 read again, now without its event: the bombing keeps three reports and a new lead.
        store.save_analysis(Analysis(corpus["m1"].article))
        bombing = max(store.events(), key=lambda e: len(e.sources))
        assert len(bombing.sources) == 3 and bombing.article_source == "Global Desk"
        assert store.event(bombing.sources[1].report.id) == bombing  # a report's id finds its event


def test_an_articles_own_reports_keep_their_evidence(store_url):
    path = store_url
    _events(path, ["m1", "m2"])
    with open_store(path) as store:
        [article] = [a for a in store.articles() if a.title.startswith("Borno")]
        stored = store.article(article.id)
        assert stored is not None and len(stored.events) == 2
        for report in stored.events:
            assert stored.article.text[report.evidence.start : report.evidence.end] == report.evidence.text


def test_old_databases_get_one_report_per_event(tmp_path):
    path = tmp_path / "old.db"
    _events(path, ["m1", "m5"])
    with sqlite3.connect(path) as raw:
        raw.execute("DELETE FROM reports")
        raw.execute("DELETE FROM schema_version WHERE version >= 4")
    with open_store(path) as store:
        assert sorted(len(e.sources) for e in store.events()) == [1, 1]


def test_the_neighbour_search_finds_every_report_that_could_join(tmp_path):
    # Reports of every date precision spread over two years, and of every place precision at
    # growing distances (and none): the SQL prefilter must keep each pair the match accepts.
    from newsevents.merge import match_reports
    from newsevents.store.merging import _neighbours

    text = "Gunmen attacked a village near Maiduguri."
    days = [(p, f"2025-{m:02d}-{d:02d}") for p in ("day", "week", "month", "year") for m in (1, 2, 12) for d in (1, 2, 28, 31) if not (m == 2 and d > 28)]
    # (place precision, degrees north of Maiduguri): 0.2 degrees is about 22 km; None has no coordinates.
    spots = [(1, 0.0), (1, 0.2), (2, 0.4), (3, 1.2), (3, 1.5), (4, 0.0), (None, None)]
    analyses = []
    for n, ((precision, day), (geo, north)) in enumerate(itertools.product(days[::3] + days[:4], spots)):
        # A named actor, so that even two country-level reports of one day can join.
        gunmen = ActorMention(_span(text, "Gunmen"), "Boko Haram", type="rebel")
        mention = _report(text, text, day, "Maiduguri", MAIDUGURI, date_words="Gunmen", actor1=gunmen)
        place = mention.location
        if north is None:
            place = PlaceMention(place.span, "Nigeria", country_code="NG", precision=4)
        else:
            place = PlaceMention(place.span, "Maiduguri", lat=MAIDUGURI[0] + north, lon=MAIDUGURI[1], country_code="NG", precision=geo)
        mention = EventMention(**{**vars(mention), "location": place, "date": DateMention(mention.date.span, day, precision)})
        analyses.append(Analysis(Article(text=f"{text} ({n})", title=str(n), published="2025-12-31", source="s"), events=(mention,)))
    with open_store(tmp_path / "n.db") as store:
        for analysis in analyses:
            store.save_analysis(analysis)
        everyone = [r for a in store.articles(limit=500) for r in store.article(a.id).events]
        assert len(everyone) == len(analyses)
        pairs = coarse = 0
        with store._engine.connect() as conn:
            for report in everyone:
                found = {r.id for r in _neighbours(conn, report)}
                joinable = {o.id for o in everyone if match_reports(report, o) is not None}
                assert joinable <= found, (report.date, report.date_precision, report.location)
                pairs += len(joinable)
                coarse += bool(joinable) and report.location.precision == 4
        assert pairs > len(everyone) and coarse  # not empty: most reports could join several, country-level ones too
