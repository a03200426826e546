"""Tests for the clean stage: dump segmentation, caption/credit removal and offset maps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsevents import clean as clean_stage
from newsevents.records import Article, RawDocument
from newsevents.resources import data_path

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CREDIT_TRACES = re.compile(r"^TT$|\(Reuters\)|\(Asharq Al-Awsat\)|\(Photo by|TOPSHOT|Getty Images|^Photo:", re.MULTILINE)


def _dump(text: str, **fields) -> RawDocument:
    return RawDocument(text=text, source="test", kind="dump", **fields)


def _assert_offsets(article: Article) -> None:
    """Every segment maps clean text to identical raw text, and together they cover the text."""
    covered = 0
    for segment in article.offset_map:
        clean_piece = article.text[segment.clean_start : segment.clean_start + segment.length]
        assert clean_piece == article.raw[segment.raw_start : segment.raw_start + segment.length]
        assert segment.clean_start == covered
        covered += segment.length
    assert covered == len(article.text)


def _assert_clean_body(article: Article) -> None:
    assert not CREDIT_TRACES.search(article.text)
    assert article.title is None or article.title not in article.text
    for caption in article.captions:
        assert caption not in article.text


# --- the fixture dump written for these tests ------------------------------------------


@pytest.fixture(scope="module")
def fixture_articles() -> list[Article]:
    text = (FIXTURES / "dump_mixed.txt").read_text(encoding="utf-8")
    return clean_stage.clean(_dump(text, published="2024-07-01"))


def test_fixture_dump_segments_into_three_articles(fixture_articles):
    assert [a.title for a in fixture_articles] == [
        "Turkish Drones Hit Kurdish Positions Near Sulaimaniyah",
        "Houthis Claim Missile Attack on Ship in Gulf of Aden",
        "Syrian Army Says It Repelled Attack Near Aleppo",
    ]
    assert {a.published for a in fixture_articles} == {"2024-07-01"}


@pytest.mark.parametrize(
    ("index", "captions", "credits", "first", "last"),
    [
        (
            0,
            ("A Turkish Bayraktar drone on display", "Smoke over the hills near Penjwen"),
            ("Reuters", "Photo by Shwan MOHAMMED / AFP"),
            "Turkish drones struck positions",
            "attacks inside Turkey.",
        ),
        (1, (), ("Reuters",), "The Houthis said on Monday", "agency UKMTO said."),
        (2, (), (), "Syrian troops repelled an attack", "in Idlib countryside."),
    ],
)
def test_fixture_dump_captions_credits_and_body(fixture_articles, index, captions, credits, first, last):
    article = fixture_articles[index]
    assert (article.captions, article.credits) == (captions, credits)
    assert article.text.startswith(first) and article.text.endswith(last)
    _assert_clean_body(article)
    _assert_offsets(article)


def test_fixture_dump_body_keeps_paragraphs_and_collapses_spaces(fixture_articles):
    article = fixture_articles[0]
    assert article.text.split("\n\n") == [
        "Turkish drones struck positions of the Kurdistan Workers' Party near Sulaimaniyah on Sunday, "
        "the Kurdish security council said.",
        "A second strike hit a vehicle near the town of Penjwen\nand killed two fighters, local officials said.",
        "Ankara said the operation targeted militants who planned attacks inside Turkey.",
    ]
    # The page marker "2" between paragraphs is gone, and every raw offset points at the same word.
    end = article.text.index("Ankara said") + len("Ankara said")
    assert article.raw[: article.raw_offset(end)].endswith("Ankara said")


def test_fixture_dump_raw_is_the_untouched_segment(fixture_articles):
    dump = (FIXTURES / "dump_mixed.txt").read_text(encoding="utf-8")
    for article in fixture_articles:
        assert article.raw in dump
        assert article.raw.startswith(article.title)
    assert "=====" not in "".join(a.raw for a in fixture_articles)
    assert "A Headline With No Body At All" not in "".join(a.raw for a in fixture_articles)


# --- the shared real sample ------------------------------------------------------------

SAMPLE_TITLES = [
    "Iran Proxies in Iraq Threaten US with Sophisticated Weapons",
    "Egypt FM Banks on Trump for Implementation of Gaza Deal, Blames Israel for Impasse",
    "Lifting of US Sanctions on Syria Could Spur Refugee Returns, Says UN Official",
    "Israel Launches Intense Airstrikes in Lebanon as Deadline Looms to Disarm Hezbollah",
]


@pytest.fixture(scope="module")
def sample_articles() -> list[Article]:
    sample = SHARED / "samples" / "raw_news_dump.txt"
    if not sample.exists():
        pytest.skip("shared sample not available")
    return clean_stage.clean(_dump(sample.read_text(encoding="utf-8")))


def test_shared_sample_gives_four_titled_articles(sample_articles):
    assert [a.title for a in sample_articles] == SAMPLE_TITLES


@pytest.mark.parametrize(
    ("index", "credits", "caption_start"),
    [
        (0, ("Reuters",), "US soldiers in Taji military base"),
        (1, ("Asharq Al-Awsat",), "Egyptian Foreign Minister Badr Abdelatty"),
        (2, ("Reuters",), "People sit after receiving bread"),
        (3, ("TOPSHOT", "Photo by Rabih DAHER / AFP"), "Smoke rises from the site"),
    ],
)
def test_shared_sample_bodies_are_clean_and_metadata_kept(sample_articles, index, credits, caption_start):
    article = sample_articles[index]
    assert article.credits == credits
    assert len(article.captions) == 1 and article.captions[0].startswith(caption_start)
    assert "\n\n\n" not in article.text and article.text == article.text.strip()
    _assert_clean_body(article)
    _assert_offsets(article)


# --- the bundled example dump -----------------------------------------------------------


def test_bundled_example_dump_gives_four_articles():
    articles = clean_stage.clean(_dump(data_path("example_dump.txt").read_text(encoding="utf-8")))
    assert len(articles) == 4
    for article in articles:
        assert article.title and article.captions and article.credits
        assert 6 <= len(article.text.split("\n\n")) <= 12
        _assert_clean_body(article)
        _assert_offsets(article)


# --- smaller dumps, table-driven ----------------------------------------------------------

BODY = "Police said three people suffered wounds during Friday's clashes."
OTHER = "The ministry said it had opened an investigation into the attack."


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        (f"Clashes Erupt in Tripoli Suburb\n\n{BODY}\n", ["Clashes Erupt in Tripoli Suburb"]),
        (f"Clashes erupt in Tripoli suburb\n\n{BODY}\n", ["Clashes erupt in Tripoli suburb"]),
        (f"{BODY}\n\nA second paragraph follows here.\n", [None]),
        (f"First Story Title Here\n\n{BODY}\n---\nSecond Story Title Here\n\n{OTHER}\n", ["First Story Title Here", "Second Story Title Here"]),
        (f"First Story Title Here\n\n{BODY}\n\n=====\n\n{OTHER}\n", ["First Story Title Here", None]),
        (f"First Story Title Here\n\n{BODY}\n\n\nSecond Story Title Here\n\n{OTHER}\n", ["First Story Title Here", "Second Story Title Here"]),
        (f"Story Title Without Marker\n\nStory Title Without Marker\n\n{BODY}\n", ["Story Title Without Marker"]),
        ("Only A Headline Here\n", []),
        ("Only A Headline Here\n\nA caption for it (Reuters)\nTT\n\nOnly A Headline Here\n", []),
        ("", []),
        ("\n\n  \n", []),
    ],
    ids=[
        "single-title-case",
        "single-sentence-case",
        "no-headline",
        "dash-separator",
        "equals-separator",
        "blank-gap",
        "repeat-no-marker",
        "headline-only",
        "header-only",
        "empty",
        "blank",
    ],
)
def test_dump_segmentation(text, titles):
    articles = clean_stage.clean(_dump(text))
    assert [a.title for a in articles] == titles
    for article in articles:
        assert article.text in (BODY, OTHER) or article.text.startswith(BODY)
        _assert_offsets(article)


def test_single_article_dump_keeps_document_title_when_none_found():
    (article,) = clean_stage.clean(_dump(f"{BODY}\n", title="Given Title", external_id="doc-1"))
    assert (article.title, article.external_id, article.text) == ("Given Title", "doc-1", BODY)


def test_multi_article_dump_gets_distinct_external_ids():
    text = f"First Story Title Here\n\n{BODY}\n---\nSecond Story Title Here\n\n{OTHER}\n"
    assert [a.external_id for a in clean_stage.clean(_dump(text, external_id="doc"))] == ["doc#1", "doc#2"]


def test_body_subheading_after_single_blank_line_does_not_split():
    text = f"Main Story Title Here\n\n{BODY}\n\nWhat Comes Next\n\n{OTHER}\n"
    (article,) = clean_stage.clean(_dump(text))
    assert article.text == f"{BODY}\n\nWhat Comes Next\n\n{OTHER}"


def test_paragraph_repeated_in_one_article_is_treated_as_caption():
    text = f"Main Story Title Here\n\n{BODY}\n\nRescuers at the scene\n\n{OTHER}\n\nRescuers at the scene\n"
    (article,) = clean_stage.clean(_dump(text))
    assert (article.text, article.captions) == (f"{BODY}\n\n{OTHER}", ("Rescuers at the scene",))


@pytest.mark.parametrize(
    ("caption_line", "captions", "credits"),
    [
        ("Smoke rises over Tyre (Reuters)", ("Smoke rises over Tyre",), ("Reuters",)),
        ("Smoke rises over Tyre. (AP Photo/Hussein Malla)", ("Smoke rises over Tyre.",), ("AP Photo/Hussein Malla",)),
        ("Smoke rises over Tyre (Photo by Mahmoud ZAYYAT / AFP)", ("Smoke rises over Tyre",), ("Photo by Mahmoud ZAYYAT / AFP",)),
        ("TOPSHOT - Smoke rises over Tyre (AFP)", ("Smoke rises over Tyre",), ("TOPSHOT", "AFP")),
        ("Smoke rises over Tyre. AFP/Getty Images", ("Smoke rises over Tyre.",), ("AFP/Getty Images",)),
        ("Smoke rises over Tyre (The National)", ("Smoke rises over Tyre",), ("The National",)),
        ("Photo: Reuters", (), ("Reuters",)),
        ("Photo: smoke rises over Tyre after a strike on the port area at dawn", ("smoke rises over Tyre after a strike on the port area at dawn",), ()),
    ],
)
def test_captions_and_credits_become_metadata(caption_line, captions, credits):
    text = f"Strike Hits Port of Tyre\n\n{caption_line}\n{caption_line}\nTT\n\nStrike Hits Port of Tyre\n\n{caption_line}\n\n{BODY}\n"
    (article,) = clean_stage.clean(_dump(text))
    assert (article.text, article.captions, article.credits) == (BODY, captions, credits)
    _assert_offsets(article)


def test_caption_inside_body_is_removed():
    text = f"Strike Hits Port of Tyre\n\n{BODY}\n\nRescuers search the rubble (Reuters)\n\nThe army said it was investigating.\n"
    (article,) = clean_stage.clean(_dump(text))
    assert article.text == f"{BODY}\n\nThe army said it was investigating."
    assert (article.captions, article.credits) == (("Rescuers search the rubble",), ("Reuters",))


def test_body_paragraph_ending_with_acronym_in_parentheses_is_kept():
    line = "The fighters belong to the Islamic Resistance in Iraq (IRI)"
    (article,) = clean_stage.clean(_dump(f"Militias Claim New Attacks\n\n{BODY}\n\n{line}\n"))
    assert article.text == f"{BODY}\n\n{line}"


# --- pages and records -----------------------------------------------------------------


def test_record_text_is_never_changed():
    text = "  Photo: Reuters\nTT\n\nRockets hit Erbil (Reuters)\n\n"
    document = RawDocument(text=text, source="s", kind="record", title="T", published="2024-01-02", url="u", external_id="e")
    (article,) = clean_stage.clean(document)
    assert article.text == text and article.raw == text
    assert (article.title, article.published, article.url, article.external_id, article.source) == ("T", "2024-01-02", "u", "e", "s")
    _assert_offsets(article)


def test_page_drops_leading_title_captions_and_credits_only():
    text = f"Strike Hits Port of Tyre\n\nSmoke over the port (Reuters)\n\n{BODY}\n\nA later line (Reuters)"
    document = RawDocument(text=text, source="s", kind="page", title="Strike Hits Port of Tyre")
    (article,) = clean_stage.clean(document)
    assert article.text == f"{BODY}\n\nA later line (Reuters)"
    assert (article.captions, article.credits, article.title) == (("Smoke over the port",), ("Reuters",), "Strike Hits Port of Tyre")
    _assert_offsets(article)


@pytest.mark.parametrize("kind", ["page", "record"])
@pytest.mark.parametrize("text", ["", "   \n\n "])
def test_empty_page_or_record_yields_nothing(kind, text):
    assert clean_stage.clean(RawDocument(text=text, source="s", kind=kind)) == []


def test_huge_single_line_dump_is_one_article():
    text = "Shelling continued near the border today. " * 200_000
    (article,) = clean_stage.clean(_dump(text))
    assert article.title is None and article.text == text.strip()
    _assert_offsets(article)


@pytest.mark.parametrize("kind", ["record", "page", "dump"])
def test_cp1252_punctuation_pasted_as_control_characters_is_repaired(kind):
    text = "Journalists picketed outside the broadcaster\x92s offices in Tripoli\x92s old city \x93to demand answers\x94."
    [article] = clean_stage.clean(RawDocument(text=text, source="paste", kind=kind))
    assert "broadcaster’s" in article.text and "Tripoli’s" in article.text and "“to demand answers”" in article.text
    assert len(article.text) == len(text.strip())


@pytest.mark.parametrize("kind", ["record", "page", "dump"])
def test_lone_surrogate_becomes_a_replacement_character_in_place(kind):
    # Found by tests/test_fuzz.py: a JSON "\ud800" escape reached spaCy, which cannot encode it, and stopped the run.
    text = "A drone struck \ud800 a depot near Idlib on Monday."
    [article] = clean_stage.clean(RawDocument(text=text, source="s\udfff", kind=kind, title="Drone \ud83d strike", external_id="x\ud800"))
    assert article.text == text.replace("\ud800", "\ufffd")
    assert (article.title, article.source, article.external_id) == ("Drone \ufffd strike", "s\ufffd", "x\ufffd")
    assert article.id  # hashable: the text encodes as UTF-8
    _assert_offsets(article)
