"""Merge: a caption sharpens the place of a body event but never makes an event of its own."""

from __future__ import annotations

import pytest

from newsevents.merge import place_at_captions
from newsevents.records import Analysis, Article, DateMention, EventMention, PlaceMention, Span

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
