"""Tests for the time stage (newsevents.dates): reference dates and date expressions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from newsevents.dates import resolve_dates, resolve_expression
from newsevents.records import Analysis, Article, DateMention, Entity

THU = date(2025, 12, 18)  # a Thursday
SAT = date(2021, 6, 5)  # a Saturday

# text, reference, expected span text, date, precision, end, is_range
EXPRESSIONS = [
    # explicit dates in common formats
    ("On 19 March 2020, gunmen attacked a checkpoint.", THU, "19 March 2020", "2020-03-19", "day", None, False),
    ("The vote took place on December 18, 2025.", THU, "December 18, 2025", "2025-12-18", "day", None, False),
    ("It was signed on 18 December 2025 in Cairo.", THU, "18 December 2025", "2025-12-18", "day", None, False),
    ("Talks resumed on Dec. 18 in Doha.", THU, "Dec. 18", "2025-12-18", "day", None, False),
    ("Report dated 2025-12-18 by the agency.", THU, "2025-12-18", "2025-12-18", "day", None, False),
    ("The decree of 18/12/2025 was published.", THU, "18/12/2025", "2025-12-18", "day", None, False),
    ("Clashes broke out on 3/4/2025 near the border.", date(2025, 4, 10), "3/4/2025", "2025-04-03", "day", None, False),
    ("The war began Oct. 8, 2023, with rocket fire.", THU, "Oct. 8, 2023", "2023-10-08", "day", None, False),
    ("Photo taken in Homs, December 20 , 2024.", THU, "December 20 , 2024", "2024-12-20", "day", None, False),
    ("The truce was agreed on the 5th of May 2019.", THU, "5th of May 2019", "2019-05-05", "day", None, False),
    ("Militants struck on June 3rd, 2016 at dawn.", THU, "June 3rd, 2016", "2016-06-03", "day", None, False),
    ("A bomb went off on 21 SEPTEMBER 2013 in the market.", THU, "21 SEPTEMBER 2013", "2013-09-21", "day", None, False),
    ("Police dispersed the crowd on 12.06.2016 downtown.", THU, "12.06.2016", "2016-06-12", "day", None, False),
    ("The note is dated 05/20/2013 in the file.", date(2013, 5, 20), "05/20/2013", "2013-05-20", "day", None, False),
    # year-less dates: nearest occurrence on or before the reference
    ("A drone hit the base on April 14.", SAT, "April 14", "2021-04-14", "day", None, False),
    ("On 19 March, troops shelled the village.", date(2020, 3, 21), "19 March", "2020-03-19", "day", None, False),
    ("Rockets landed on December 24 near the airport.", date(2021, 6, 5), "December 24", "2020-12-24", "day", None, False),
    ("Students marched on 29/06 in the capital.", date(2016, 7, 1), "29/06", "2016-06-29", "day", None, False),
    ("An ambush on May 8 killed two soldiers.", SAT, "May 8", "2021-05-08", "day", None, False),
    # a few days past the reference keeps its year (or the next across New Year); further on is last year's
    ("Gunmen raided the market on 5 July, residents said.", date(2021, 7, 2), "5 July", "2021-07-05", "day", None, False),
    ("A curfew was imposed on 2 January in the town.", date(2020, 12, 29), "2 January", "2021-01-02", "day", None, False),
    ("Rockets landed on 20 July near the port.", date(2021, 7, 2), "20 July", "2020-07-20", "day", None, False),
    ("Troops returned to the base on Sept.9 at dawn.", date(2016, 9, 20), "Sept.9", "2016-09-09", "day", None, False),
    ("Fighting resumed on Feb 29 near the river.", date(2025, 3, 5), "Feb 29", "2025-02-28", "day", None, False),
    # months and years
    ("Protests erupted in March across the south.", THU, "March", "2025-03-01", "month", "2025-03-31", False),
    ("The leader was killed in January 2020 in a strike.", THU, "January 2020", "2020-01-01", "month", "2020-01-31", False),
    ("A bombing campaign started in September last year.", THU, "September last year", "2024-09-01", "month", "2024-09-30", False),
    ("Lawmakers imposed sanctions in 2019 on the regime.", THU, "2019", "2019-01-01", "year", "2019-12-31", False),
    ("Elections were held last March in the north.", THU, "last March", "2025-03-01", "month", "2025-03-31", False),
    ("They met in December, officials said.", date(2025, 12, 3), "December", "2025-12-01", "month", "2025-12-31", False),
    ("An assessment published in April found gaps.", SAT, "April", "2021-04-01", "month", "2021-04-30", False),
    ("The council will meet in February to vote.", THU, "February", "2026-02-01", "month", "2026-02-28", False),
    ("Unrest spread during the 1990s in the region.", THU, "1990s", "1990-01-01", "year", "1999-12-31", True),
    # parts of periods and seasons
    ("Fighting escalated in late 2019, residents said.", THU, "late 2019", "2019-09-01", "quarter", "2019-12-31", False),
    ("Reconstruction is planned for mid-2024.", THU, "mid-2024", "2024-05-01", "quarter", "2024-08-31", False),
    ("Talks collapsed in early 2020 after the vote.", THU, "early 2020", "2020-01-01", "quarter", "2020-04-30", False),
    ("Aid convoys arrived in early March in the city.", THU, "early March", "2025-03-01", "week", "2025-03-10", False),
    ("Troops withdrew in mid-June from the town.", THU, "mid-June", "2025-06-11", "week", "2025-06-20", False),
    ("The last fighters left at the end of March.", THU, "the end of March", "2025-03-21", "week", "2025-03-31", False),
    ("The army will hold the valley until the end of the year.", THU, "the end of the year", "2025-12-01", "month", "2025-12-31", False),
    ("Prices rose at the beginning of 2022 sharply.", THU, "the beginning of 2022", "2022-01-01", "month", "2022-01-31", False),
    ("Output fell in the first half of 2023.", THU, "the first half of 2023", "2023-01-01", "quarter", "2023-06-30", False),
    ("Floods hit the valley in the spring, farmers said.", THU, "in the spring", "2025-03-01", "quarter", "2025-05-31", False),
    ("The offensive began last summer in the desert.", THU, "last summer", "2025-06-01", "quarter", "2025-08-31", False),
    ("The siege lasted through winter 2019 into spring.", THU, "winter 2019", "2019-12-01", "quarter", "2020-02-29", False),
    ("The dam was completed in the summer of 2020.", THU, "in the summer of 2020", "2020-06-01", "quarter", "2020-08-31", False),
    # weekdays
    ("The agency chief said Thursday that returns rose.", THU, "Thursday", "2025-12-18", "day", None, False),
    ("The Senate voted Wednesday to repeal the law.", THU, "Wednesday", "2025-12-17", "day", None, False),
    ("Jets struck the hills on Monday, witnesses said.", THU, "Monday", "2025-12-15", "day", None, False),
    ("Gunmen stormed the post on Thursday night, police said.", THU, "Thursday night", "2025-12-18", "day", None, False),
    ("The general is scheduled to meet on Thursday with envoys.", THU, "Thursday", "2025-12-18", "day", None, False),
    ("The committee will meet on Friday in Naqoura.", THU, "Friday", "2025-12-19", "day", None, False),
    ("The minister will travel on Tuesday to Paris.", THU, "Tuesday", "2025-12-23", "day", None, False),
    ("Talks are set to resume on Monday in Geneva.", THU, "Monday", "2025-12-22", "day", None, False),
    ("Protesters gathered last Thursday outside parliament.", THU, "last Thursday", "2025-12-11", "day", None, False),
    ("Voting opens next Thursday across the country.", THU, "next Thursday", "2025-12-25", "day", None, False),
    ("The shelling began on Sunday morning in the suburbs.", SAT, "Sunday morning", "2021-05-30", "day", None, False),
    # relative days and periods
    ("Two shells hit the port yesterday, officials said.", THU, "yesterday", "2025-12-17", "day", None, False),
    ("The mechanism's meeting tomorrow will test the truce.", THU, "tomorrow", "2025-12-19", "day", None, False),
    ("Today the border crossing reopened.", THU, "Today", "2025-12-18", "day", None, False),
    ("Sirens sounded last night across the north.", THU, "last night", "2025-12-17", "day", None, False),
    ("The commander told reporters last month that drones were a threat.", SAT, "last month", "2021-05-01", "month", "2021-05-31", False),
    ("Militias attacked the convoy last week near Mosul.", THU, "last week", "2025-12-08", "week", "2025-12-14", False),
    ("The precision of the strikes this year marks a shift.", SAT, "this year", "2021-01-01", "year", "2021-12-31", False),
    ("Exports collapsed last year amid the war.", THU, "last year", "2024-01-01", "year", "2024-12-31", False),
    ("The fund opens next year to applicants.", THU, "next year", "2026-01-01", "year", "2026-12-31", False),
    ("A ceasefire halted the war a year ago.", THU, "a year ago", "2024-12-18", "year", None, False),
    ("The rebels seized the town three weeks ago, locals said.", THU, "three weeks ago", "2025-11-27", "week", None, False),
    ("Clashes erupted earlier this month in the camp.", THU, "earlier this month", "2025-12-01", "month", "2025-12-31", False),
    # open and closed ranges
    ("Since late 2019, militias have conducted 300 attacks.", SAT, "Since late 2019", "2019-09-01", "quarter", "2021-06-05", True),
    ("The group has operated in Iraq since 2003 to gain sway.", SAT, "since 2003", "2003-01-01", "year", "2021-06-05", True),
    ("Over the past weeks, pressure on the government grew.", THU, "Over the past weeks", "2025-11-27", "week", "2025-12-18", True),
    ("Drones struck at least three times in the past two months.", SAT, "in the past two months", "2021-04-05", "month", "2021-06-05", True),
    ("In the last year, new armed groups emerged.", SAT, "In the last year", "2020-06-05", "year", "2021-06-05", True),
    ("Returns have been steady over the past year, she said.", THU, "over the past year", "2024-12-18", "year", "2025-12-18", True),
    ("Sporadic raids occurred in recent weeks near the town.", THU, "in recent weeks", "2025-11-27", "week", "2025-12-18", True),
    ("Aid flights landed between May 8 and 11 at the airfield.", SAT, "between May 8 and 11", "2021-05-08", "day", "2021-05-11", True),
    ("Strikes were recorded from 8 to 11 May in the valley.", SAT, "from 8 to 11 May", "2021-05-08", "day", "2021-05-11", True),
    ("Police attacked herders over 24-26 June, 2016 in the district.", THU, "24-26 June, 2016", "2016-06-24", "day", "2016-06-26", True),
    ("Herders were attacked over 24-26 June. Some 21 died.", date(2016, 7, 1), "24-26 June", "2016-06-24", "day", "2016-06-26", True),
    ("Police fired on marchers in July. The unrest ended.", date(2016, 7, 20), "July", "2016-07-01", "month", "2016-07-31", False),
    ("Herders clashed with farmers between 30 April - 2 May near the river.", date(2019, 4, 30),
     "between 30 April - 2 May", "2019-04-30", "day", "2019-05-02", True),
    ("Militias fought for the town between Aug.3-4 in the north.", date(2016, 8, 10), "between Aug.3-4", "2016-08-03",
     "day", "2016-08-04", True),
    ("Camps filled between 2019 and 2021 as fighting spread.", THU, "between 2019 and 2021", "2019-01-01", "year", "2021-12-31", True),
    ("Herders clashed with farmers on 17 and 21 June in the plains.", date(2016, 6, 30), "17", "2016-06-17", "day", None, False),
    ("It was abducted sometime between June 1, 2013 and June 30, 2013 in Syria.", THU,
     "between June 1, 2013 and June 30, 2013", "2013-06-01", "day", "2013-06-30", True),
    # bare years are year mentions (low confidence)
    ("A revival of the 2015 nuclear deal is on the table.", THU, "2015", "2015-01-01", "year", "2015-12-31", False),
]

NON_DATES = [
    "The plan is in line with UN Security Council Resolution 2803.",
    "Some 2,500 forces operate at the bases.",
    "Rebuilding will cost $216 billion, the bank estimates.",
    "Cairo submitted a list of 15 names to the factions.",
    "Armed MQ-9 Reaper drones are stationed at the base.",
    "Call the hotline on +1 202-555-0143 for details.",
    "Turnout rose by 12% in the northern provinces.",
    "A 14-year-old boy was among the wounded.",
    "The country emerged from a 14-year civil war.",
    "About 2000 troops were deployed to the border.",
    "Flight 2014 was diverted to Larnaca.",
    "He served 3/4 of his sentence before release.",
    "Officials said the fall of the regime changed everything.",
    "Residents may march to the square if talks fail.",
    "The score was 1-0 at half time.",
]


def _assert_span(text: str, mention: DateMention) -> None:
    assert text[mention.span.start : mention.span.end] == mention.span.text


@pytest.mark.parametrize("text, reference, span_text, expected, precision, end, is_range", EXPRESSIONS)
def test_expression_table(text, reference, span_text, expected, precision, end, is_range):
    mention = resolve_expression(text, reference)
    assert mention is not None
    _assert_span(text, mention)
    assert (mention.span.text, mention.date, mention.precision, mention.end, mention.is_range) == (
        span_text, expected, precision, end, is_range,
    )


def test_bare_year_has_low_confidence():
    bare = resolve_expression("the 2015 nuclear deal", THU)
    stated = resolve_expression("signed in 2015", THU)
    assert bare.confidence < 0.5 < stated.confidence


@pytest.mark.parametrize("text", NON_DATES)
def test_non_dates_give_no_mention(text):
    assert resolve_dates(Analysis(Article(text=text, published="2025-12-18"))).dates == ()


# Chained offsets resolve against the previous dated mention, not the reference.
CHAINS = [
    ("A drone hit the hangar on May 8. Three days later, another drone struck Harir.", SAT, "Three days later", "2021-05-11"),
    ("Troops entered the town on 2 March 2020. The next day, rebels counterattacked.", SAT, "The next day", "2020-03-03"),
    ("The blast hit on June 3, 2016. Two days after the attack, police arrested a suspect.", SAT, "Two days after", "2016-06-05"),
    ("Talks ended on 10 May 2019. A week later, fighting resumed.", SAT, "A week later", "2019-05-13"),
    ("Voting closed on 4 April 2018. The day before, a bomb exploded near a polling station.", SAT, "The day before", "2018-04-03"),
    ("Militants attacked on 12 July 2017, and on the same day the army replied.", SAT, "the same day", "2017-07-12"),
    ("Rebels seized the depot on 4 June 2019. The previous night, shells hit the garrison.", SAT, "The previous night", "2019-06-03"),
    ("Talks failed on 9 March 2018. The following morning, protesters blocked the road.", SAT, "The following morning", "2018-03-10"),
]


@pytest.mark.parametrize("text, published, span_text, expected", CHAINS)
def test_chained_offsets_follow_previous_date(text, published, span_text, expected):
    analysis = resolve_dates(Analysis(Article(text=text, published=published.isoformat())))
    mention = next(m for m in analysis.dates if m.span.text == span_text)
    _assert_span(text, mention)
    assert mention.date == expected
    assert not mention.is_inferred


@pytest.mark.parametrize(
    "text",
    [
        "The war began on 8 October 2023, a day after Hamas attacked southern Israel.",
        "The strikes came a day before a meeting of the monitoring committee.",
    ],
)
def test_offsets_from_undated_events_are_not_dates(text):
    analysis = resolve_dates(Analysis(Article(text=text, published="2025-12-18")))
    assert all("day" not in m.span.text for m in analysis.dates)


def test_chained_offset_without_antecedent_is_inferred():
    mention = resolve_expression("Two days later, the convoy left.", THU)
    assert (mention.date, mention.is_inferred) == ("2025-12-20", True)


def test_resolve_expression_uses_context_and_previous():
    previous = resolve_expression("on May 8", SAT)
    chained = resolve_expression("three days later", SAT, previous=previous)
    future = resolve_expression("on Friday", THU, context_before="The envoy will arrive ")
    assert chained.date == "2021-05-11"
    assert future.date == "2025-12-19" and future.span.text == "Friday"


# ----------------------------------------------------------------- reference date

REFERENCES = [
    # text, published, captions, expected date, basis, is_inferred
    ("Rockets fell on Thursday near the port.", "2025-12-18", (), "2025-12-18", "published", False),
    ("Rockets fell on Thursday.", "Thu, 18 Dec 2025 09:30:00 GMT", (), "2025-12-18", "published", False),
    ("BEIRUT, Dec 18, 2025 (Reuters) - Jets struck on Thursday.", None, (), "2025-12-18", "dateline", False),
    ("ERBIL, Iraq, May 9 (Reuters) - A drone hit a hangar on 8 May 2021, officials said.", None, (), "2021-05-09", "dateline", False),
    ("Published: 18 December 2025\nJets struck villages on Thursday.", None, (), "2025-12-18", "dateline", False),
    ("Updated on 2025-12-18\nJets struck villages on Thursday.", None, (), "2025-12-18", "dateline", False),
    ("Jets struck on 14 December 2025; talks had begun on 2 May 2024.", None, (), "2025-12-14", "text", True),
    ("Jets struck the hills on Thursday.", None, ("Smoke rises over the hills on December 18, 2025.",), "2025-12-18", "text", True),
    ("Jets struck the hills on Thursday.", None, (), None, "none", True),
    # a coder's note: the report's own date, with the year the note states elsewhere
    ("Police shot at marchers in 2016; five dead since Monday (source dated 22/06).", None, (), "2016-06-22", "dateline", False),
    ("Police shot at marchers; five dead since Monday (source dated 22/06).", None, (), None, "none", True),
]


@pytest.mark.parametrize("text, published, captions, expected, basis, inferred", REFERENCES)
def test_reference_date(text, published, captions, expected, basis, inferred):
    reference = resolve_dates(Analysis(Article(text=text, published=published, captions=captions))).reference_date
    assert (reference.date, reference.basis, reference.is_inferred) == (expected, basis, inferred)
    if reference.span is not None:
        _assert_span(text, DateMention(reference.span, reference.date, "day"))


@pytest.mark.parametrize(
    ("text", "published", "dateline"),
    [
        ("BEIRUT, Dec 18 (Reuters) - Jets struck on Thursday.", "2025-12-18", "Dec 18"),
        ("BEIRUT, Dec 18, 2025 (Reuters) - Jets struck on Thursday.", None, "Dec 18, 2025"),
        # A title and a photo caption may come before the dateline.
        ("Jets Strike Hills Near Border\n\nSmoke rises over the hills. (Photo: Agency)\n\n"
         "BEIRUT, Dec 18 (Reuters) - Jets struck on Thursday.", "2025-12-18", "Dec 18"),
        ("Jets struck the hills on Thursday, Dec 18.", "2025-12-18", None),
    ],
)
def test_the_dateline_is_marked_whatever_the_basis(text, published, dateline):
    reference = resolve_dates(Analysis(Article(text=text, published=published))).reference_date
    assert (reference.dateline.text if reference.dateline else None) == dateline


def test_caption_date_is_weaker_than_body_date():
    body = resolve_dates(Analysis(Article(text="Talks ended on 14 December 2025."))).reference_date
    caption = resolve_dates(
        Analysis(Article(text="Talks ended.", captions=("Delegates in Doha on December 14, 2025.",)))
    ).reference_date
    assert caption.date == body.date and caption.confidence < body.confidence < 1.0


def test_mentions_resolved_against_inferred_reference_are_marked():
    text = "Jets struck on 14 December 2025. On Thursday, more strikes followed."
    analysis = resolve_dates(Analysis(Article(text=text)))
    explicit, weekday = analysis.dates
    assert (explicit.is_inferred, weekday.is_inferred, weekday.date) == (False, True, "2025-12-11")
    assert weekday.confidence < explicit.confidence


def test_without_reference_relative_dates_stay_undated():
    text = "A drone hit the hangar on April 14, months after the strike of January 2020."
    analysis = resolve_dates(Analysis(Article(text=text)))
    dated = {m.span.text: m.date for m in analysis.dates}
    assert dated == {"April 14": None, "January 2020": "2020-01-01"}
    assert all(m.is_inferred for m in analysis.dates if m.date is None)


def test_article_numeric_order_decides_ambiguous_dates():
    text = "The first raid was on 05/20/2013 and the second on 05/08/2013."
    analysis = resolve_dates(Analysis(Article(text=text)))
    assert [m.date for m in analysis.dates] == ["2013-05-20", "2013-05-08"]


def test_ambiguous_numeric_date_without_evidence_is_day_first_and_guessed():
    analysis = resolve_dates(Analysis(Article(text="The raid was on 05/08/2013.")))
    (mention,) = analysis.dates
    assert (mention.date, mention.is_inferred) == ("2013-08-05", True)


def test_spacy_date_entities_are_hints_for_the_rest():
    text = "The strike came a fortnight ago, in the Jan 2 phase."
    start = text.index("a fortnight ago")
    entities = (Entity("a fortnight ago", "DATE", start, start + len("a fortnight ago")),)
    analysis = resolve_dates(Analysis(Article(text=text, published="2025-12-18"), entities=entities))
    hint = next(m for m in analysis.dates if m.span.text == "a fortnight ago")
    _assert_span(text, hint)
    assert hint.date == "2025-12-04"
    assert [m.span.start for m in analysis.dates] == sorted(m.span.start for m in analysis.dates)


# ----------------------------------------------------------------- the shared sample

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "raw_news_dump.txt"


def _sample_articles() -> list[Article]:
    """The sample's articles, with lines repeated in an article moved to captions (a stand-in for clean)."""
    if not SAMPLE.exists():
        pytest.skip("shared sample not available")
    chunks = [chunk for chunk in re.split(r"\n\s*\n\s*\n(?=\S)", SAMPLE.read_text(encoding="utf-8")) if chunk.strip()]
    articles = []
    for chunk in chunks:
        lines = chunk.split("\n")
        repeated = {line for line in lines if line.strip() and lines.count(line) > 1}
        body = "\n".join(line for line in lines if line not in repeated and line.strip() != "TT")
        articles.append(Article(text=body, captions=tuple(sorted(repeated))))
    return articles


SAMPLE_EVENTS = [
    # keyword in the article, published date, expression, expected date
    ("Erbil", "2021-06-05", "April 14", "2021-04-14"),
    ("Ayn al-Asad", "2021-06-05", "May 8", "2021-05-08"),
    ("Harir", "2021-06-05", "Three days later", "2021-05-11"),
    ("Caesar Act", "2025-12-18", "Wednesday", "2025-12-17"),
    ("al-Katrani", "2025-12-18", "Thursday", "2025-12-18"),
    ("al-Katrani", "2025-12-18", "tomorrow", "2025-12-19"),
]


def _article_with(keyword: str) -> Article:
    return next(a for a in _sample_articles() if keyword in a.text or any(keyword in c for c in a.captions))


@pytest.mark.parametrize("keyword, published, expression, expected", SAMPLE_EVENTS)
def test_shared_sample_event_dates(keyword, published, expression, expected):
    article = _article_with(keyword)
    analysis = resolve_dates(Analysis(Article(text=article.text, published=published, captions=article.captions)))
    mention = next(m for m in analysis.dates if m.span.text == expression)
    _assert_span(article.text, mention)
    assert mention.date == expected and not mention.is_inferred


@pytest.mark.parametrize("keyword", ["Erbil", "Caesar Act", "al-Katrani"])
def test_shared_sample_without_published_is_marked_inferred(keyword):
    analysis = resolve_dates(Analysis(_article_with(keyword)))
    assert analysis.reference_date.is_inferred
    relative = [m for m in analysis.dates if m.span.text in ("April 14", "Wednesday", "Thursday", "tomorrow")]
    assert relative and all(m.is_inferred and (m.date is None or m.confidence < 0.6) for m in relative)
    for mention in analysis.dates:
        _assert_span(analysis.article.text, mention)


def test_deadline_is_less_confident_than_a_stated_time():
    deadline = resolve_expression("The army will hold the valley until the end of the year.", THU)
    stated = resolve_expression("The army cleared the area at the end of the year.", THU)
    assert deadline.span.text == stated.span.text == "the end of the year"
    assert deadline.confidence < stated.confidence


@pytest.fixture(scope="module")
def parsed():
    """Parse with the shared spaCy model, once per module."""
    from newsevents import nlp

    def run(text: str) -> Analysis:
        analysis = next(nlp.parse([Analysis(Article(text=text, published="2025-12-18"))]))
        return resolve_dates(analysis)

    return run


@pytest.mark.slow
def test_offset_on_a_noun_is_less_confident_than_one_on_the_main_verb(parsed):
    text = (
        "Jets struck two villages on Thursday, days before talks of the panel that ended the war between "
        "the two sides a year ago."
    )
    analysis = parsed(text)
    by_text = {m.span.text: m for m in analysis.dates}
    for mention in analysis.dates:
        _assert_span(text, mention)
    assert by_text["a year ago"].confidence < by_text["Thursday"].confidence
    assert by_text["Thursday"].confidence == resolve_expression("on Thursday", THU).confidence
