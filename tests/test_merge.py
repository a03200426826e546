"""Merge: a caption sharpens the place of a body event but never makes an event of its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsevents.merge import merge_reports, place_at_captions
from newsevents.records import (
    Analysis,
    Article,
    DateMention,
    EventActor,
    EventMention,
    EventPlace,
    PlaceMention,
    Span,
    StoredEvent,
)

BODY = "Israeli jets struck southern Lebanon on Thursday, the army said."
CAPTION = "Smoke rises over the village of Yaroun after an Israeli strike on December 18, 2025."


def _place(text: str, name: str, precision: int, country: str = "LB") -> PlaceMention:
    start = text.index(name)
    return PlaceMention(Span.of(text, start, start + len(name)), name, country_code=country, precision=precision)


def _date(text: str, phrase: str, iso: str | None) -> DateMention:
    start = text.index(phrase)
    return DateMention(Span.of(text, start, start + len(phrase)), iso, "day")


def _strike(text: str, place: PlaceMention | None, date: DateMention | None, **fields) -> EventMention:
    return EventMention(
        event_type=fields.pop("event_type", "ASSAULT"),
        evidence=Span.of(text, 0, len(text)),
        acled_event_type=fields.pop("acled_event_type", "Explosions/Remote violence"),
        location=place,
        date=date,
        confidence=0.8,
        **fields,
    )


BODY_EVENT = _strike(BODY, _place(BODY, "southern Lebanon", 3), _date(BODY, "Thursday", "2025-12-18"))
CAPTION_EVENT = _strike(CAPTION, _place(CAPTION, "Yaroun", 1), _date(CAPTION, "December 18, 2025", "2025-12-18"))


def _merge(body_event: EventMention, caption_event: EventMention) -> tuple[EventMention, ...]:
    body = Analysis(article=Article(text=BODY, captions=(CAPTION,)), events=(body_event,))
    caption = Analysis(article=Article(text=CAPTION), events=(caption_event,))
    return place_at_captions(body, [caption]).events


def test_caption_place_codes_the_body_event_there_too():
    events = _merge(BODY_EVENT, CAPTION_EVENT)
    assert len(events) == 2
    added = events[1]
    assert added.location.name == "Yaroun" and added.location.caption == 0
    assert CAPTION[added.location.span.start:added.location.span.end] == "Yaroun"
    assert added.evidence == BODY_EVENT.evidence  # the words are the body's
    assert added.date == BODY_EVENT.date and added.confidence < BODY_EVENT.confidence


@pytest.mark.parametrize(
    ("body_event", "caption_event", "why"),
    [
        (BODY_EVENT, _strike(CAPTION, None, None), "caption event has no place"),
        (BODY_EVENT, _strike(CAPTION, _place(CAPTION, "Yaroun", 3), None), "caption place is a region"),
        (BODY_EVENT, _strike(CAPTION, _place(CAPTION, "Yaroun", 1, "IL"), None), "another country"),
        (BODY_EVENT, _strike(CAPTION, _place(CAPTION, "Yaroun", 1), _date(CAPTION, "December 18, 2025", "2025-12-11")),
         "another day"),
        (BODY_EVENT, _strike(CAPTION, _place(CAPTION, "Yaroun", 1), None, event_type="PROTEST",
                             acled_event_type="Protests"), "another kind of event"),
        (_strike(BODY, _place(BODY, "southern Lebanon", 1), None), CAPTION_EVENT, "body event already exact"),
        (_strike(BODY, None, None, is_aggregate=True), CAPTION_EVENT, "body event is an aggregate"),
    ],
)
def test_caption_adds_nothing_when_it_does_not_fit(body_event, caption_event, why):
    assert _merge(body_event, caption_event) == (body_event,), why


def test_a_caption_alone_makes_no_event():
    body = Analysis(article=Article(text=BODY, captions=(CAPTION,)))
    assert place_at_captions(body, [Analysis(article=Article(text=CAPTION), events=(CAPTION_EVENT,))]).events == ()


# --- reports of one event by several articles ---------------------------------------------------

MAIDUGURI = EventPlace("Maiduguri", 2331447, 11.8464, 13.1603, "NG", 1)
KONDUGA = EventPlace("Konduga", 2334008, 11.6526, 13.4181, "NG", 1)  # about 35 km south-east
NIGERIA = EventPlace("Nigeria", 2328926, 9.0, 8.0, "NG", 4)
UNKNOWN = EventActor("Unidentified Armed Group (Nigeria)", "NG", "rebel group")
CIVILIANS = EventActor("Civilians (Nigeria)", "NG", "civilians")


def _report(event_id: str, article: str, published: str, day: str | None, **fields) -> StoredEvent:
    text = fields.pop("text", "A bomber struck a market.")
    return StoredEvent(
        id=event_id,
        article_id=article,
        article_title=None,
        event_type=fields.pop("event_type", "ASSAULT"),
        evidence=Span(0, len(text), text),
        acled_event_type=fields.pop("acled_event_type", "Explosions/Remote violence"),
        acled_sub_event_type=fields.pop("acled_sub_event_type", "Suicide bomb"),
        actor1=fields.pop("actor1", UNKNOWN),
        actor2=fields.pop("actor2", CIVILIANS),
        date=day,
        date_precision=fields.pop("date_precision", "day" if day else None),
        location=fields.pop("location", MAIDUGURI),
        confidence=fields.pop("confidence", 0.9),
        article_published=published,
        **fields,
    )


# One bombing told by three outlets (one dates it by the weekday, one by the calendar, one a day off in
# its own time zone), a follow-up that raises the toll, a second attack the same day 35 km away, and a
# condemnation of the bombing.
BOMBING = [
    _report("e01", "a1", "2025-12-18", "2025-12-18", fatalities=12, actor1=EventActor("Boko Haram", None, "rebel group")),
    _report("e02", "a2", "2025-12-19", "2025-12-18", fatalities=14, reported_by=("Borno State officials",)),
    _report("e03", "a3", "2025-12-19", "2025-12-19", fatalities=12, injuries=30, acled_sub_event_type="Remote explosive/landmine/IED"),
    _report("e04", "a4", "2025-12-20", "2025-12-18", fatalities=19, injuries=30, confidence=0.95),
]
OTHER_ATTACK = _report("e05", "a2", "2025-12-19", "2025-12-18", fatalities=5, location=KONDUGA,
                       acled_event_type="Violence against civilians", acled_sub_event_type="Attack")  # fmt: skip
CONDEMNATION = _report("e06", "a5", "2025-12-19", "2025-12-19", event_type="ACCUSE", acled_event_type=None,
                       acled_sub_event_type=None, actor1=EventActor("Bola Tinubu", "NG", "person"), actor2=None)  # fmt: skip
CORPUS = [*BOMBING, OTHER_ATTACK, CONDEMNATION]


def _groups(events) -> list[list[str]]:
    return sorted(sorted(s.report.id for s in event.sources) for event in events)


def test_one_event_per_real_event():
    assert _groups(merge_reports(CORPUS)) == [["e01", "e02", "e03", "e04"], ["e05"], ["e06"]]


def test_merged_event_keeps_the_most_precise_and_the_highest_toll():
    bombing = next(e for e in merge_reports(CORPUS) if len(e.sources) == 4)
    assert bombing.id == "e01" and bombing.sources[0].report.id == "e01"  # the first report published leads
    assert (bombing.date, bombing.fatalities, bombing.injuries) == ("2025-12-18", 19, 30)
    assert bombing.actor1 is not None and bombing.actor1.name == "Boko Haram"  # named beats "unidentified"
    assert bombing.acled_sub_event_type == "Suicide bomb"  # what most reports say
    assert bombing.reported_by == ("Borno State officials",)
    assert dict(bombing.field_sources)["fatalities"] == "e04"
    follow_up = next(s for s in bombing.sources if s.report.id == "e04")
    assert 0.6 <= follow_up.score <= 1 and dict(follow_up.reasons)["km"] == 0.0


def test_merging_ignores_the_order_of_the_reports():
    expected = merge_reports(CORPUS)
    for shuffled in (CORPUS[::-1], CORPUS[3:] + CORPUS[:3], sorted(CORPUS, key=lambda r: r.fatalities or 0)):
        assert merge_reports(shuffled) == expected


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (_report("x1", "a9", "2025-12-18", "2025-12-18", is_aggregate=True), "aggregates never merge"),
        (_report("x2", "a1", "2025-12-18", "2025-12-18"), "reports of one article stay apart"),
        (_report("x3", "a9", "2025-12-18", "2025-12-21"), "days apart"),
        (_report("x4", "a9", "2025-12-18", "2025-12-18", location=KONDUGA), "35 km apart, both exact"),
        (_report("x5", "a9", "2025-12-18", "2025-12-18", actor1=EventActor("Islamic State West Africa Province", None, "rebel group")), "another named group"),
        (_report("x6", "a9", "2025-12-18", "2025-12-18", acled_event_type="Battles"), "another kind of event"),
        (_report("x7", "a9", "2025-12-18", None), "no date"),
    ],
)
def test_reports_that_stay_apart(other, why):
    assert len(merge_reports([BOMBING[0], other])) == 2, why


def test_coarse_dates_and_places_merge_when_they_cover_the_event():
    month = _report("m1", "a9", "2025-12-30", "2025-12-01", date_precision="month", location=replace(MAIDUGURI, precision=3))
    [event] = merge_reports([BOMBING[1], month])
    assert (event.date, event.date_precision, event.location) == ("2025-12-18", "day", MAIDUGURI)


def test_country_level_reports_need_the_same_named_actor():
    vague = [_report(f"c{i}", f"a{i}", "2025-12-18", "2025-12-18", location=NIGERIA) for i in range(2)]
    assert len(merge_reports(vague)) == 2
    named = [replace(r, actor1=EventActor("Boko Haram", None, "rebel group")) for r in vague]
    assert len(merge_reports(named)) == 1


def test_complete_linkage_does_not_chain():
    # b is between a and c: 30 km from each with precision 2, but a and c are 60 km apart.
    a = _report("a", "p1", "2025-12-18", "2025-12-18", location=EventPlace("A", None, 11.0, 13.0, "NG", 2))
    b = _report("b", "p2", "2025-12-18", "2025-12-18", location=EventPlace("B", None, 11.27, 13.0, "NG", 2))
    c = _report("c", "p3", "2025-12-18", "2025-12-18", location=EventPlace("C", None, 11.54, 13.0, "NG", 2))
    assert len(merge_reports([a, b, c])) == 2
