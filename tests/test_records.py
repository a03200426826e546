"""Records: evidence spans, offset maps back to raw text, the contract serialiser."""

from __future__ import annotations

import pytest

from newsevents.records import (
    Analysis,
    Article,
    DateMention,
    EventMention,
    OffsetSegment,
    PlaceMention,
    Span,
    analysis_to_contract,
)

RAW = "HEADLINE\nCaption (Reuters)\n\nFirst body line.\n\nSecond line."
# The clean text keeps the two body paragraphs; the headline and caption are gone.
CLEAN = "First body line.\n\nSecond line."
ARTICLE = Article(
    text=CLEAN, title="HEADLINE", raw=RAW,
    offset_map=(OffsetSegment(0, RAW.index("First"), len(CLEAN)),),
)


@pytest.mark.parametrize("clean_offset", [0, 6, len(CLEAN)])
def test_raw_offset_maps_back(clean_offset):
    raw = ARTICLE.raw_offset(clean_offset)
    assert RAW[raw:raw + 5] == CLEAN[clean_offset:clean_offset + 5]


def test_raw_offset_prefers_the_following_segment_at_a_boundary():
    raw = "aaXXbb"
    article = Article(text="aabb", raw=raw, offset_map=(OffsetSegment(0, 0, 2), OffsetSegment(2, 4, 2)))
    assert article.raw_offset(2) == 4  # start of "bb", not the end of "aa"
    assert article.raw_offset(4) == 6
    assert article.raw_offset(9) is None


def test_ids_follow_content_and_keys_follow_identity():
    changed = Article(text=CLEAN + " Updated.", title="HEADLINE", raw=RAW)
    assert ARTICLE.id != changed.id
    assert Article(text="x", external_id="doc-1").key == Article(text="y", external_id="doc-1").key


def test_contract_shape_and_quarter_precision():
    text = "Since late 2019, militias struck Erbil."
    event = EventMention(
        event_type="ASSAULT",
        evidence=Span.of(text, 0, len(text)),
        date=DateMention(Span.of(text, 6, 15), "2019-10-01", "quarter", end="2019-12-31"),
        location=PlaceMention(Span.of(text, 33, 38), "Erbil", 95446, 36.19, 44.01, "IQ", "PPLA", 1),
        is_aggregate=True,
    )
    line = analysis_to_contract(Analysis(article=Article(text=text), events=(event,)), "doc")
    [out] = line["events"]
    assert line["id"] == "doc" and out["date_precision"] == "month" and out["is_aggregate"] is True
    assert text[out["evidence"]["start"]:out["evidence"]["end"]] == out["evidence"]["text"]
    assert out["location"] == {"name": "Erbil", "geonameid": 95446, "lat": 36.19, "lon": 44.01,
                               "country_code": "IQ", "precision": 1}
