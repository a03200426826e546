"""Tests of the events stage on hand-built analyses (own fixture sentences)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from newsevents import dates, events, nlp
from newsevents.events.placing import ACTOR_COUNTRY_CONFIDENCE, place_by_actors
from newsevents.records import (
    ActorMention,
    Analysis,
    Article,
    DateMention,
    EventMention,
    PlaceMention,
    ReferenceDate,
    Seat,
    Span,
)

# These tests run the spaCy model (deselect with -m 'not slow').
pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[2] / "shared"
# The shared sample's articles in order: when each was published (the interview gives no date).
SAMPLE_PUBLISHED = ("2021-06-05", None, "2025-12-18", "2025-12-18")


def _span(text: str, phrase: str, occurrence: int = 0) -> Span:
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    start = starts[occurrence]
    return Span.of(text, start, start + len(phrase))


def _analyse(text: str, actors=(), places=(), dates=(), published="2024-03-07") -> Analysis:
    """Parse ``text`` and attach hand-made mentions given as (phrase, kwargs) pairs."""
    [analysis] = nlp.parse([Analysis(Article(text=text, published=published))])
    return replace(
        analysis,
        actors=tuple(ActorMention(_span(text, p), **kw) for p, kw in actors),
        places=tuple(PlaceMention(_span(text, p), **kw) for p, kw in places),
        dates=tuple(DateMention(_span(text, p), **kw) for p, kw in dates),
        reference_date=ReferenceDate(published, "published", False),
    )


def _assert_spans(analysis: Analysis) -> None:
    text = analysis.article.text
    for event in analysis.events:
        for span in (event.evidence, event.trigger, event.fatalities_span, event.injuries_span):
            if span is not None:
                assert text[span.start : span.end] == span.text
        for source in event.reported_by:
            assert text[source.span.start : source.span.end] == source.span.text


DRONE = (
    "Late on March 3, a drone strike hit a fuel depot beside the airport of Kirkuk, a northern city, "
    "according to two Iraqi officials. Nobody was hurt in the attack."
)


def test_drone_strike_fields():
    analysis = events.extract_events(
        _analyse(
            DRONE,
            places=[("Kirkuk", {"name": "Kirkuk", "country_code": "IQ", "precision": 1})],
            dates=[("March 3", {"date": "2024-03-03", "precision": "day"})],
        )
    )
    _assert_spans(analysis)
    [event] = [e for e in analysis.events if e.event_type == "ASSAULT"]
    assert (event.event_mode, event.acled_event_type, event.acled_sub_event_type) == (
        "aerial", "Explosions/Remote violence", "Air/drone strike")
    assert event.location.name == "Kirkuk" and event.date.date == "2024-03-03"
    assert (event.fatalities, event.injuries) == (0, 0)
    assert [s.name for s in event.reported_by] == ["Iraqi officials"]
    assert not event.is_aggregate


@pytest.mark.parametrize(
    ("text", "event_type", "acled"),
    [
        ("On 2 May 2021, Taliban militants attacked an army checkpoint in Zari district.", "ASSAULT",
         ("Battles", "Armed clash")),
        ("On 2 May 2021, unknown gunmen shot dead two farmers in the village of Kpara.", "ASSAULT",
         ("Violence against civilians", "Attack")),
        ("On 2 May 2021, a roadside bomb struck a bus near the town of Gereshk.", "ASSAULT",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("On 2 May 2021, a suicide bomber detonated his vest outside a mosque in Quetta.", "ASSAULT",
         ("Explosions/Remote violence", "Suicide bomb")),
        ("On 2 May 2021, gunmen abducted a trader from his shop in Kandi.", "ASSAULT",
         ("Violence against civilians", "Abduction/forced disappearance")),
        ("On 2 May 2021, hundreds of nurses protested peacefully in front of the health ministry in Cotonou.",
         "PROTEST", ("Protests", "Peaceful protest")),
        ("On 2 May 2021, police fired tear gas at students protesting outside a college in Parakou.", "PROTEST",
         ("Protests", "Protest with intervention")),
        ("On 2 May 2021, police arrested three suspected militants in Malanville.", "COERCE",
         ("Strategic developments", "Arrests")),
        ("On 2 May 2021, army units recaptured the town of Bama from the insurgents.", "ASSAULT",
         ("Battles", "Government regains territory")),
        ("On 2 May 2021, a number of traders demonstrated in Bohicon. They burned tires and barricaded the main road.",
         "PROTEST", ("Riots", "Violent demonstration")),
        ("On 2 May 2021, teachers demonstrated in Natitingou. Police dispersed them and arrested four people.",
         "PROTEST", ("Protests", "Protest with intervention")),
        ("On 2 May 2021, students protested peacefully in Abomey. Soldiers opened fire on them, killing two.",
         "PROTEST", ("Protests", "Excessive force against protesters")),
        ("On 2 May 2021, a mob lynched a suspected thief at the market of Dassa.", "ASSAULT",
         ("Riots", "Mob violence")),
        ("On 2 May 2021, an assailant hurled a grenade into a gendarmerie post in Tanguieta.", "ASSAULT",
         ("Explosions/Remote violence", "Grenade")),
        ("On 2 May 2021, soldiers found a cache of weapons and ammunition near Karimama.", "COERCE",
         ("Strategic developments", "Disrupted weapons use")),
        ("Movement of forces: On 2 May 2021, armed men on motorcycles were seen near Segbana.", "MOBILIZE",
         ("Strategic developments", "Change to group/activity")),
        ("On 2 May 2021, army troops seized control of Kismayo port from rebel fighters.", "ASSAULT",
         ("Battles", "Government regains territory")),
        ("On 2 May 2021, two farming families fought over a plot of land near Gogounou.", "ASSAULT",
         ("Riots", "Mob violence")),
        ("On 2 May 2021, a herder threw stones at a farmer whose field his cattle had crossed near Kalale.", "ASSAULT",
         ("Riots", "Mob violence")),
        ("On 2 May 2021, villagers beat to death a woman accused of witchcraft in Kouande.", "ASSAULT",
         ("Riots", "Mob violence")),
        ("On 2 May 2021, unidentified men assaulted a shopkeeper in Parakou.", "ASSAULT",
         ("Violence against civilians", "Attack")),
        ("On 2 May 2021, bandits stopped a minibus and shot the driver dead near Banikoara.", "ASSAULT",
         ("Violence against civilians", "Attack")),
        ("On 2 May 2021, 40 rifles and 900 bullets were captured at a checkpoint in Malanville.", "ASSAULT",
         ("Strategic developments", "Disrupted weapons use")),
        ("A teenager was gang-raped by three men in the outskirts of Djougou, her family said.", "ASSAULT",
         ("Violence against civilians", "Sexual violence")),
        ("On 2 May 2021, a number of herders assaulted a farmer in Tchaourou. The attack followed a dispute over crops.",
         "ASSAULT", ("Riots", "Mob violence")),
    ],
)
def test_acled_types(text, event_type, acled):
    analysis = events.extract_events(_analyse(text))
    _assert_spans(analysis)
    primary = max(analysis.events, key=lambda e: e.confidence)
    assert primary.event_type == event_type
    assert (primary.acled_event_type, primary.acled_sub_event_type) == acled


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The Senate voted on Tuesday to lift the trade sanctions on Venezuela.", "CONCEDE"),
        ("Algeria's foreign ministry rejected the maritime accord signed by its neighbours.", "REJECT"),
        ("The minister blamed Russia for the collapse of the grain corridor talks.", "ACCUSE"),
        ("The two presidents met in Ankara on Monday.", "CONSULT"),
        ("Japan pledged to provide aid to the flood victims and sent tents.", "AID"),
        ("The council urged both sides to return to negotiations.", "REQUEST"),
        ("The rebel leader threatened to attack the capital.", "THREATEN"),
        ("Washington imposed sanctions on three shipping firms.", "SANCTION"),
        # Deeds named without the type's usual word.
        ("Bus drivers in the capital began a 48-hour strike over unpaid wages.", "PROTEST"),
        ("Youths pelted the officers with rocks near the stadium.", "PROTEST"),
        ("Dozens of mourners gathered outside the hospital, chanting the victim's name.", "PROTEST"),
        ("The Red Cross distributed rice and blankets to families in the camp.", "AID"),
        ("A charity delivered medicine and tents to the flooded villages.", "AID"),
        ("The army sent reinforcements to the border town after the raid.", "MOBILIZE"),
    ],
)
def test_plover_types(text, event_type):
    analysis = events.extract_events(_analyse(text))
    primary = max((e for e in analysis.events if not e.is_aggregate), key=lambda e: e.confidence)
    assert primary.event_type == event_type


@pytest.mark.parametrize(
    "text",
    [
        "The army did not attack the village.",
        "The defence minister is scheduled to meet his counterpart on Friday.",
        "If the talks fail, the rebels will attack the city.",
        "The ministry denied that its troops shelled the camp.",
    ],
)
def test_unrealised_events_are_dropped(text):
    found = {e.event_type for e in events.extract_events(_analyse(text)).events}
    assert not found & {"ASSAULT", "CONSULT"}


@pytest.mark.parametrize(
    "text",
    [
        # denied, with a gerund or a that-clause
        "The army denied shelling the village on Saturday.",
        "The rebel spokesman denied that his fighters had attacked the market.",
        # plotted, foiled, alleged
        "A court sentenced a man to nine years for plotting a bomb attack on a market.",
        "Police said they had foiled a plot to attack the mall.",
        "Residents accused the soldiers of killing four farmers.",
        # an intent told in the past perfect was overtaken
        "Prosecutors said the man had planned to detonate a device in the square.",
        # a condition is not told as done, whatever governs it
        "The group threatened to strike unless the government released its leader.",
        # a meeting told in the future is a schedule, no promise
        "The ministers plan to meet donors next week.",
    ],
)
def test_denied_plotted_alleged_and_scheduled_events_are_dropped(text):
    found = {e.event_type for e in events.extract_events(_analyse(text)).events}
    assert not found & {"ASSAULT", "CONSULT", "AGREE", "RETREAT"}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # the negation outweighs the modal before it
        ("The minister said his government would not sign any new border agreement.", "AGREE"),
        # an event planned, expected or forbidden, named as the object of that verb
        ("A court jailed a student for preparing an attack on a stadium.", "ASSAULT"),
        ("A march through the old town is planned for Sunday.", "PROTEST"),
        ("More arrests are expected in the coming weeks, the prosecutor said.", "COERCE"),
        ("The governor banned the rally outside the assembly.", "PROTEST"),
        # what a deed was done without did not happen
        ("The plan was approved without consulting the farmers.", "CONSULT"),
        # an intent in a relative clause describes someone; no one stated it
        ("The drone hit a truck carrying fighters who were preparing to attack the base.", "THREATEN"),
        # a gerund under a preposition shares its clause's status: here what others are pressed to do
        ("Donors have stepped up pressure on the cabinet to work on disarming the militias.", "RETREAT"),
        # what is needed or demanded is not done
        ("The envoy stressed the need for a withdrawal of troops from the border.", "RETREAT"),
        ("Hundreds marched in the capital demanding the withdrawal of foreign troops.", "RETREAT"),
        # an event named to date another is an anchor, not news
        ("The shelling came a day before a meeting of the truce committee.", "CONSULT"),
        ("Police raided the offices ahead of talks between the parties.", "CONSULT"),
        # a threat noun that nobody makes, owns or aims is a danger described
        ("The port city is grappling with a growing threat from armed gangs.", "THREATEN"),
        # a warning against what others might do is advice, no threat
        ("The minister warned against raising fuel prices before the winter.", "THREATEN"),
    ],
)
def test_negated_planned_and_forbidden_events_are_dropped(text, absent):
    assert absent not in {e.event_type for e in events.extract_events(_analyse(text)).events}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # the denial stops at an adverbial clause: the accusation after it is real
        ("The army denied the report, after residents accused the soldiers of looting.", "ACCUSE"),
        # and at a coordinated clause
        ("The army denied the report and said troops shelled the rebel camp.", "ASSAULT"),
        # a stated future protest is a threat in PLOVER, never a protest
        ("Teachers said they would protest outside the ministry on Monday.", "THREATEN"),
        # a gerund listed after an alleged deed is alleged too
        ("She accused the guards of beating the prisoners and stealing their money.", "ACCUSE"),
        # a stated plan of one's own is a threat, whatever the verb of planning
        ("The rebels are preparing to attack the airport, their commander said.", "THREATEN"),
        # a gerund under a real clause stays real
        ("Troops succeeded in disarming the militia on Monday.", "RETREAT"),
        # a threat made, received or owned is one
        ("The rebels issued a threat to kill the hostages on Monday.", "THREATEN"),
        ("The mayor received death threats after the vote.", "THREATEN"),
    ],
)
def test_what_a_denial_or_intent_does_not_govern(text, kept):
    assert kept in {e.event_type for e in events.extract_events(_analyse(text)).events}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a deed whose sufferer or doer is no one is denied
        ("Nobody was hurt when the rally in the square broke up at dusk.", "ASSAULT"),
        ("No villagers were killed, the district chief said.", "ASSAULT"),
        ("The inquiry found that the guards had killed none of the prisoners.", "ASSAULT"),
        # the deed a sentence or an arrest is for is the ground it recalls, not news of that day
        ("A court sentenced three men to twenty years in prison for the bombing of a hotel.", "ASSAULT"),
        ("Police arrested a teacher for his role in the killing of a local councillor.", "ASSAULT"),
        # a disaster did it, nobody did: no political event
        ("Heavy rains destroyed hundreds of houses in the river valley on Friday.", "COERCE"),
        ("Dozens of shops were destroyed by the storm overnight, the mayor said.", "COERCE"),
        # a raid in which people are arrested is the arrest, not an attack of its own
        ("Soldiers detained four smugglers in a night raid near the border.", "ASSAULT"),
        # the ground of a sanction, after "over"; a sanction told as the verb's object
        ("The bloc imposed sanctions on four judges over the detention of two reporters.", "COERCE"),
        # a gerund listed after an alleged deed is alleged too
        ("She accused the guards of beating the prisoners and stealing their money.", "COERCE"),
        # a warning that events may come is no threat; a question is no request
        ("Elders warned that reprisal attacks could follow the arrests.", "THREATEN"),
        ("Asked whether the army would intervene, the minister declined to comment.", "REQUEST"),
        # an event noun naming the kind of a thing, a state, a frame
        ("Police arrested members of a kidnapping gang in the port city.", "ASSAULT"),
        ("A mine killed two soldiers on patrol near the border on Friday.", "MOBILIZE"),
        ("Under the accord, both armies will pull back from the river.", "AGREE"),
        # a protest told as a kind of act, or done by armed men
        ("\"Blocking a road is a crime,\" the police chief said.", "PROTEST"),
        ("Armed men blocked the road and robbed the travellers.", "PROTEST"),
        # what an attack named as the doer did besides is its damage
        ("A car bomb exploded in the square on Monday. The blast destroyed two shops.", "COERCE"),
    ],
)
def test_denied_grounds_disasters_and_arrest_raids_are_no_event_of_their_own(text, absent):
    assert absent not in {e.event_type for e in events.extract_events(_analyse(text)).events}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a toll that is not zero keeps its attack
        ("Gunmen killed two guards, and no one else was hurt.", "ASSAULT"),
        # "for" under a verb that is no sanction: the attack is told
        ("The group claimed responsibility for an attack on a checkpoint on Sunday.", "ASSAULT"),
        # the sentencing itself is still told
        ("A court sentenced three men to twenty years in prison for the bombing of a hotel.", "SANCTION"),
        # the arrest a raid made is kept
        ("Soldiers detained four smugglers in a night raid near the border.", "COERCE"),
    ],
)
def test_what_a_denial_ground_or_raid_does_not_remove(text, kept):
    assert kept in {e.event_type for e in events.extract_events(_analyse(text)).events}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a known deed as the doer of a participle describing something else is a cause recalled
        ("Families searched the rubble left by the army's assault for their belongings.", False),
        ("Engineers repaired the damage caused by the shelling, the mayor said.", False),
        # told as news, the deed stands
        ("Rebels shelled the town on Monday, killing two women.", True),
    ],
)
def test_a_known_cause_of_a_state_is_no_event(text, found):
    assert ("ASSAULT" in {e.event_type for e in events.extract_events(_analyse(text)).events}) is found


@pytest.mark.parametrize(
    ("text", "aggregate"),
    [
        ("The war that began in 2011 has killed about 500,000 people.", True),
        ("The insurgency has killed thousands of civilians.", True),
        ("Gunmen have killed three villagers in the district, officials said.", False),
        # a perfect tense counted from a start is a toll over the time since
        ("Since the truce began in March, more than 40 farmers have been killed by soldiers.", True),
        ("Since the curfew took effect, police have shot dead two traders in the market.", True),
        # a perfect over a duration or a period is an activity or a toll over it
        ("The rebels have been fighting the army for more than ten years.", True),
    ],
)
def test_a_lasting_conflicts_toll_is_an_aggregate(text, aggregate):
    [event] = [e for e in events.extract_events(_analyse(text)).events if e.event_type == "ASSAULT"]
    assert event.is_aggregate is aggregate


def test_a_toll_in_the_perfect_over_a_period_is_an_aggregate():
    text = "Army artillery has killed at least 25 civilians in the city this month, a monitor said."
    found = events.extract_events(dates.resolve_dates(_analyse(text, published="2025-03-20"))).events
    assert [e.is_aggregate for e in found if e.event_type == "ASSAULT"] == [True]


@pytest.mark.parametrize(
    "text",
    [
        # history dated to the day, the month or the year, long before the article
        "The war began on Oct. 8, 2023, a day after militants attacked border towns.",
        "Rebels shelled the capital in September 2022, killing dozens.",
        "Last year's ceasefire was signed in Doha in 2023.",
        # a clause about an earlier event, and the clauses under it
        "An earlier truce collapsed when fighting resumed in the hills.",
    ],
)
def test_history_is_no_news(text):
    news = "Police arrested five protesters in the capital on Monday."
    analysis = _analyse(f"{news}\n\n{text}", published="2025-03-05")
    found = events.extract_events(dates.resolve_dates(analysis)).events
    assert {e.evidence.text for e in found} == {news}


def test_a_toll_since_years_back_stays_an_aggregate():
    news = "Police arrested five protesters in the capital on Monday."
    toll = "Since 2019 the group has carried out more than 200 attacks on police posts."
    found = events.extract_events(dates.resolve_dates(_analyse(f"{news}\n\n{toll}", published="2025-03-05"))).events
    assert [e.is_aggregate for e in found if "200 attacks" in e.evidence.text] == [True]


@pytest.mark.parametrize(
    ("text", "published", "kept"),
    [
        # a happening dated to the day, followed up weeks later, is the report's subject
        ("On February 14, a drone struck a hangar at the airport.", "2025-03-30", "ASSAULT"),
        # what went on in the past week is news
        ("In the past week, militias have carried out more than 30 attacks, killing four guards.", "2025-03-05",
         "ASSAULT"),
        # an article that tells only history is about that history
        ("The war began on Oct. 8, 2023, a day after militants attacked border towns.", "2025-03-05", "ASSAULT"),
    ],
)
def test_recent_and_lone_events_are_news(text, published, kept):
    found = events.extract_events(dates.resolve_dates(_analyse(text, published=published))).events
    assert kept in {e.event_type for e in found}


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # one exchange told by two verbs sharing a subject: its more confident event
        ("The minister said Cairo is coordinating closely with Washington and has held talks with the envoy.",
         "CONSULT", "COOPERATE"),
        # deeds are each an event, and so are different statements
        ("Troops shelled the village and arrested five men.", "COERCE", None),
        ("The minister rejected the proposal and urged the United Nations to send monitors.", "REQUEST", None),
    ],
)
def test_one_event_per_exchange_of_talk(text, kept, dropped):
    found = [e.event_type for e in events.extract_events(_analyse(text)).events]
    assert kept in found and dropped not in found


def test_a_statement_is_dated_by_its_telling():
    text = "The treaty was signed in 2019.\n\nThe minister rejected the treaty on behalf of the new government."
    analysis = events.extract_events(dates.resolve_dates(_analyse(text, published="2025-03-05")))
    [reject] = [e for e in analysis.events if e.event_type == "REJECT"]
    assert reject.date is not None and reject.date.date == "2025-03-05"


@pytest.mark.parametrize(
    ("text", "published", "trigger", "expected"),
    [
        # The deed's own weekday, not the day its source spoke nor the dateline's filing date.
        ("LAGOS, May 9 (Reuters) - Gunmen raided a farm near the river on Monday, police said on Wednesday.",
         "2024-05-09", "raided", "2024-05-06"),
        # A date hung on the report that tells the deed dates the report.
        ("Soldiers shot two herders near a well on April 2, a rights group said in a report released on Monday.",
         "2024-05-09", "shot", "2024-04-02"),
        # A present participle tells a state at the deed's time: its date is the deed's.
        ("Bandits looted a lorry carrying grain on the main road on Tuesday, the owner said on Thursday.",
         "2024-05-09", "looted", "2024-05-07"),
        # With no date of its own, the deed takes the telling's.
        ("Gunmen raided a farm near the river, police said on Wednesday.", "2024-05-09", "raided", "2024-05-08"),
    ],
)
def test_an_event_takes_the_date_of_its_own_clause(text, published, trigger, expected):
    analysis = events.extract_events(dates.resolve_dates(_analyse(text, published=published)))
    [event] = [e for e in analysis.events if e.trigger is not None and e.trigger.text == trigger]
    assert event.date is not None and event.date.date == expected


def test_a_deed_dated_after_the_article_is_yet_to_come():
    text = "Teachers' unions have called a general strike for 20 March."
    analysis = events.extract_events(dates.resolve_dates(_analyse(text, published="2024-03-07")))
    assert "PROTEST" not in {e.event_type for e in analysis.events}


def test_statements_by_other_speakers_or_about_other_targets_are_other_statements():
    text = ("ACCRA, March 7 - The opposition leader accused the army of looting shops and rejected an offer of talks.\n\n"
            "He also accused the police of beating students.\n\n"
            "The ruling party's spokesman, Kofi Mensah, denied the claims in a statement on Thursday.")
    mensah = ("Kofi Mensah", {"name": "Kofi Mensah", "country_code": "GH", "type": "person", "confidence": 0.9})
    analysis = events.extract_events(dates.resolve_dates(_analyse(text, actors=[mensah])))
    accusations = [e for e in analysis.events if e.event_type == "ACCUSE"]
    assert len(accusations) == 2
    [denial] = [e for e in analysis.events if e.trigger is not None and e.trigger.text == "denied"]
    assert denial.event_type == "REJECT" and denial.actor1 is not None and denial.actor1.name == "Kofi Mensah"


def test_deeds_alleged_in_an_accusation_are_not_events():
    text = "He accused the coast guard of detaining fishermen and seizing their boats."
    assert {e.event_type for e in events.extract_events(_analyse(text)).events} == {"ACCUSE"}


def test_an_event_is_not_folded_into_the_series_it_belongs_to():
    text = "Gunmen abducted 12 farmers near the village on Sunday, one of several attacks in the region this month."
    analysis = events.extract_events(dates.resolve_dates(_analyse(text)))
    [abduction] = [e for e in analysis.events if not e.is_aggregate]
    assert abduction.acled_sub_event_type == "Abduction/forced disappearance"


def test_an_indefinite_noun_tells_a_new_event():
    text = ("MARDAN, May 3 - The army said on Friday that fighting with the rebels was continuing.\n\n"
            "In Mardan, an explosion hit a crowded bus station on Friday, wounding several people.")
    mardan = {"name": "Mardan", "country_code": "PK", "precision": 1}
    analysis = events.extract_events(dates.resolve_dates(_analyse(text, places=[("MARDAN", mardan), ("Mardan", mardan)])))
    assert any("explosion" in e.evidence.text for e in analysis.events if e.event_type == "ASSAULT")


def test_threat_is_not_assault():
    found = {e.event_type for e in events.extract_events(_analyse("The militia threatened to shell the port.")).events}
    assert found == {"THREATEN"}


@pytest.mark.parametrize(
    ("text", "fatalities", "injuries"),
    [
        ("On 4 June 2020, three soldiers were killed and five were wounded when militants attacked a post.", 3, 5),
        # Unmentioned wounded follow the fatalities convention: 0 when the report tells its casualties.
        ("On 4 June 2020, militants attacked a post, killing at least 5 policemen.", 5, 0),
        ("On 4 June 2020, militants attacked a post. Dozens of people were killed.", 12, 0),
        ("On 4 June 2020, militants attacked a post. Fatalities coded as 2.", 2, 0),
        ("On 4 June 2020, militants attacked a post. No casualties were reported.", 0, 0),
        ("On 4 June 2020, militants attacked a post. There were no reported casualties.", 0, 0),
        # "Casualties" may be dead or hurt: no toll is known. Doubt that there were any is ACLED's 0.
        ("On 4 June 2020, a drone strike on a truck inflicted casualties.", None, None),
        ("On 4 June 2020, gunmen attacked a checkpoint. It is unclear whether there were casualties.", 0, None),
        # A count of casualties that is not known says there were some: no toll is known.
        ("On 4 June 2020, gunmen attacked a checkpoint. The number of casualties was not known.", None, None),
        # "No one was killed" says nothing of the wounded in the next clause.
        ("On 4 June 2020, gunmen opened fire on a bus. No one was killed, but three passengers were wounded.", 0, 3),
        ("On 4 June 2020, rebels raided an outpost; an unknown number of troops were killed.", 0, 0),
        # "were reported killed": the dead are the subject of the reporting verb.
        ("On 4 June 2020, militias clashed near a market. Two fighters were reported killed.", 2, 0),
        ("On 4 June 2020, gunmen shot dead a trader and his son in the market.", 2, 0),
        ("On 4 June 2020, the ambush left four soldiers dead.", 4, 0),
        # A passive toll after the attack is that attack's toll, told once.
        ("On 4 June 2020, gunmen opened fire on a patrol in Tikrit. Four guards were killed in the attack.", 4, 0),
        ("On 4 June 2020, gunmen raided a checkpoint in Tikrit. One militiaman was killed and two soldiers "
         "were injured.", 1, 2),
        # Negation stays in its clause.
        ("On 4 June 2020, a bomb exploded under the car of a judge in Mosul. The judge was not injured in the "
         "blast; however, his driver was killed.", 1, 0),
        ("On 4 June 2020, a bomb exploded at a market in Mosul. Twenty-five people were killed.", 25, 0),
        ("On 4 June 2020, a bomb went off in a Mosul market. Besides the bomber, two shoppers were "
         "killed, while four others were injured.", 3, 4),
        ("On 4 June 2020, a bomb went off in a Mosul market. An unknown number of shoppers were injured.", 0, None),
        # A total over several attacks is not this attack's toll; wounded the total does not mention were none.
        ("On 4 June 2020, a bomb exploded at a market in Mosul. This was one of three blasts in the city. "
         "Nine people were killed across the three attacks.", None, 0),
    ],
)
def test_casualties(text, fatalities, injuries):
    analysis = events.extract_events(_analyse(text, dates=[("4 June 2020", {"date": "2020-06-04", "precision": "day"})]))
    _assert_spans(analysis)
    [event] = [e for e in analysis.events if e.event_type == "ASSAULT" and not e.is_aggregate]
    assert (event.fatalities, event.injuries) == (fatalities, injuries)


AGGREGATE = (
    "Since early 2022, armed groups have carried out more than 200 attacks on army positions, "
    "according to a UN report.\nThe air force has conducted almost daily airstrikes since then, killing 40 civilians."
)


def test_aggregates_and_sources():
    analysis = events.extract_events(
        _analyse(AGGREGATE, dates=[("Since early 2022", {"date": "2022-01-01", "precision": "month", "is_range": True})])
    )
    _assert_spans(analysis)
    assaults = [e for e in analysis.events if e.event_type == "ASSAULT"]
    assert [e.is_aggregate for e in assaults] == [True, True]
    assert assaults[1].fatalities == 40
    assert [s.name for s in assaults[0].reported_by] == ["UN"]


MULTI = (
    "Warplanes conducted airstrikes on Thursday, the army said.\n"
    "The state news agency said the raids stretched from the hills of Kafr Sousa in the west to the Qalamoun region."
)


def test_one_event_per_place_with_actors_and_sources():
    text = MULTI
    analysis = events.extract_events(
        _analyse(
            text,
            actors=[("Warplanes", {"name": "Syrian Air Force", "country_code": "SY", "type": "state forces"})],
            places=[("Kafr Sousa", {"name": "Kafr Sousa", "precision": 1}), ("Qalamoun", {"name": "Qalamoun", "precision": 2})],
            dates=[("Thursday", {"date": "2024-03-07", "precision": "day"})],
        )
    )
    _assert_spans(analysis)
    places = sorted(e.location.name for e in analysis.events if e.event_type == "ASSAULT" and e.location)
    assert places == ["Kafr Sousa", "Qalamoun"]
    first = next(e for e in analysis.events if e.event_type == "ASSAULT")
    assert first.actor1 is not None and first.actor1.name == "Syrian Air Force"


def test_caption_lines_give_no_event():
    text = "Smoke rises after an airstrike on the outskirts of the town (Photo by Jane Doe / AFP)\nThe talks resumed."
    assert not [e for e in events.extract_events(_analyse(text)).events if e.event_type == "ASSAULT"]


def test_nominal_event_with_target():
    text = "A rocket attack on the Balad airbase damaged a runway on Sunday."
    analysis = events.extract_events(
        _analyse(text, actors=[("Balad airbase", {"name": "Balad airbase", "type": "facility"})])
    )
    [event] = [e for e in analysis.events if e.event_type == "ASSAULT"]
    assert event.actor2 is not None and event.actor2.name == "Balad airbase"
    assert event.acled_sub_event_type == "Shelling/artillery/missile attack"


def test_no_doc_gives_no_events():
    assert events.extract_events(Analysis(Article(text="Troops attacked the town."))).events == ()


def _sample_articles(raw: str) -> list[str]:
    """Split the raw dump like the clean stage: articles apart, headlines, captions and markers out."""
    articles = []
    for block in re.split(r"\n\s*\n\s*\n", raw):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip() and ln.strip() != "TT"]
        if not lines:
            continue
        title = lines[0]
        body = [ln for ln in lines if ln != title and not ln.endswith(")")]
        articles.append("\n\n".join(body))
    return articles


def test_shared_sample():
    sample = SHARED / "samples" / "raw_news_dump.txt"
    if not sample.exists():
        pytest.skip("shared sample not available")
    found = []
    for text in _sample_articles(sample.read_text(encoding="utf-8")):
        analysis = events.extract_events(next(nlp.parse([Analysis(Article(text=text, published="2025-12-18"))])))
        _assert_spans(analysis)
        found.extend(analysis.events)
    def has(event_type, trigger_word, **fields):
        return any(
            e.event_type == event_type and trigger_word in e.evidence.text
            and all(getattr(e, k) == v for k, v in fields.items())
            for e in found
        )
    assert has("ASSAULT", "CIA hangar", acled_sub_event_type="Air/drone strike", injuries=0)
    assert has("ASSAULT", "Ayn al-Asad", event_mode="aerial")
    assert has("ASSAULT", "Harir", event_mode="aerial")
    assert has("ASSAULT", "more than 300 attacks", is_aggregate=True)
    assert has("ASSAULT", "127 civilians", is_aggregate=True, fatalities=127)
    assert has("ASSAULT", "Taybeh", fatalities=None)  # "inflicted casualties": dead or hurt, nobody says
    assert has("CONCEDE", "Caesar Act", event_mode="ease-sanctions")
    assert has("REJECT", "memorandum")
    assert has("ACCUSE", "responsibility on Israel")
    assert not [e for e in found if "Photo by" in e.evidence.text or "(Reuters)" in e.evidence.text]


def _pipeline_sample():
    """The shared sample through the real pipeline: contract lines, and analyses with publication dates."""
    sample = SHARED / "samples" / "raw_news_dump.txt"
    if not sample.exists():
        pytest.skip("shared sample not available")
    from newsevents import clean, ingest, pipeline

    lines = list(pipeline.extract_file(str(sample)))
    articles = [a for d in ingest.read([str(sample)]) for a in clean.clean(d)]
    analyses = [pipeline.extract(a.text, published=p, title=a.title) for a, p in zip(articles, SAMPLE_PUBLISHED)]
    return lines, analyses


@pytest.fixture(scope="module")
def pipeline_sample():
    return _pipeline_sample()


def _find(events_, words: str, **fields):
    """Events whose evidence holds ``words`` and whose attributes equal ``fields``."""
    return [
        e for e in events_
        if words in e.evidence.text and all(getattr(e, k) == v for k, v in fields.items())
    ]


def test_pipeline_contract_lines(pipeline_sample):
    lines, _ = pipeline_sample
    assert len(lines) == 4
    for line in lines:
        for event in line["events"]:
            evidence = event["evidence"]
            assert line["text"][evidence["start"] : evidence["end"]] == evidence["text"]
            assert "Photo" not in evidence["text"] and "(Reuters)" not in evidence["text"]
    erbil = [e for e in lines[0]["events"] if "CIA hangar" in e["evidence"]["text"]]
    assert any(e["acled_sub_event_type"] == "Air/drone strike" and e["injuries"] == 0 for e in erbil)


def test_pipeline_sample_events(pipeline_sample):
    _, analyses = pipeline_sample
    iraq, egypt, syria, lebanon = (a.events for a in analyses)
    for analysis in analyses:
        for event in analysis.events:
            assert analysis.article.text[event.evidence.start : event.evidence.end] == event.evidence.text
    [erbil] = _find(iraq, "CIA hangar", event_type="ASSAULT", event_mode="aerial", injuries=0)
    assert (erbil.acled_event_type, erbil.acled_sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert erbil.location.name == "Erbil"
    assert [e.date.date for e in _find(iraq, "Ayn al-Asad", event_mode="aerial")] == ["2021-05-08"]
    assert [e.date.date for e in _find(iraq, "Harir", event_mode="aerial")] == ["2021-05-11"]
    assert _find(iraq, "more than 300 attacks", event_type="ASSAULT", is_aggregate=True)
    assert _find(syria, "Caesar Act", event_type="CONCEDE", event_mode="ease-sanctions")
    assert _find(egypt, "memorandum", event_type="REJECT")
    assert _find(egypt, "responsibility on Israel", event_type="ACCUSE")
    stretched = [e for e in _find(lebanon, "stretched", event_type="ASSAULT", event_mode="aerial") if e.location]
    assert {"Mount Rihan", "Hermel"} <= {e.location.name.split()[0] if e.location.name.startswith("Hermel")
                                         else e.location.name for e in stretched}
    assert all("National News Agency" in [s.name for s in e.reported_by] for e in stretched)
    hezbollah = [e for e in lebanon if e.event_type == "ASSAULT" and e.actor2 and e.actor2.name == "Hezbollah"]
    assert any("Israel" in " ".join(s.name for s in e.reported_by) for e in hezbollah)
    assert [e.fatalities for e in _find(lebanon, "Taybeh", event_type="ASSAULT")] == [None]
    assert _find(lebanon, "127 civilians", event_type="ASSAULT", is_aggregate=True, fatalities=127)
    # The war's start and last year's bombardment are history the article recalls.
    assert not _find(lebanon, "Hamas attacked", event_type="ASSAULT")
    assert not _find(lebanon, "widespread bombardment", event_type="ASSAULT")


def test_pipeline_sample_state_forces_and_anaphora(pipeline_sample):
    _, analyses = pipeline_sample
    iraq, _, syria, lebanon = (a.events for a in analyses)
    # a: a state that strikes acts through its military.
    [lead] = _find(lebanon, "series of airstrikes", event_type="ASSAULT")
    assert lead.actor1.type == "state forces" and lead.actor1.country_code == "IL"
    assert lead.actor1.name == "Israel Defense Forces"
    # c: "the strikes" of later sentences are the lead event: no clash of their own, the target joins it.
    assert lead.acled_sub_event_type == "Air/drone strike" and lead.actor2.name == "Hezbollah"
    assert "Israel Defense Forces" in [s.name for s in lead.reported_by]
    assert not _find(lebanon, "the strikes hit", event_type="ASSAULT")
    assert not _find(lebanon, "The strikes came", event_type="ASSAULT")
    # d: the regions of the strikes carry the lead's actors, and a bordering country is no place of them.
    stretched = _find(lebanon, "stretched", event_type="ASSAULT")
    assert stretched and all(e.location.country_code == "LB" for e in stretched)
    assert all(e.actor1.name == "Israel Defense Forces" and e.actor2.name == "Hezbollah" for e in stretched)
    # e: the drone strike is where its own sentence says, and a later speaker is not its doer.
    [taybeh] = _find(lebanon, "Taybeh", event_type="ASSAULT")
    assert (taybeh.location.name, taybeh.location.precision) == ("Taybeh", 2)
    assert taybeh.actor1 is None or "Berri" not in taybeh.actor1.name
    # g: descriptions and quotes are no events.
    assert not _find(lebanon, "peacekeeping force deployed", event_type="MOBILIZE")
    assert not _find(syria, "destroyed houses", event_type="COERCE")
    assert not _find(iraq, "these attacks increase", event_type="ASSAULT")


@pytest.mark.parametrize(
    ("text", "actor", "kwargs", "name", "country"),
    [
        # b: bare state forces belong to the country of the event.
        ("Soldiers shot dead two herders near Kandahar on Monday.", "Soldiers",
         {"name": "soldiers", "type": "state forces"}, "Military Forces of Afghanistan", "AF"),
        ("Policemen beat a trader in Kandahar on Monday.", "Policemen",
         {"name": "policemen", "type": "state forces"}, "Police Forces of Afghanistan", "AF"),
        # a: a government that attacks is coded as its military.
        ("Afghanistan bombed a Taliban camp near Kandahar on Monday.", "Afghanistan",
         {"name": "Government of Afghanistan", "actor_id": "af-government", "country_code": "AF", "type": "government"},
         "Military Forces of Afghanistan", "AF"),
    ],
)
def test_state_forces_take_the_event_country(text, actor, kwargs, name, country):
    analysis = events.extract_events(
        _analyse(
            text,
            actors=[(actor, kwargs)],
            places=[("Kandahar", {"name": "Kandahar", "country_code": "AF", "precision": 1})],
            dates=[("Monday", {"date": "2024-03-04", "precision": "day"})],
        )
    )
    _assert_spans(analysis)
    [event] = [e for e in analysis.events if e.event_type == "ASSAULT"]
    assert (event.actor1.name, event.actor1.country_code, event.actor1.type) == (name, country, "state forces")
    assert analysis.article.text[event.actor1.span.start : event.actor1.span.end] == event.actor1.span.text


def test_anaphoric_attack_merges_into_its_antecedent():
    text = (
        "Gunmen attacked a police post in Ghazni on Monday. Officials said the attack left three policemen dead.\n\n"
        "Governor Ahmad Wali said in Kabul that the attack showed the need for more troops."
    )
    analysis = events.extract_events(
        _analyse(
            text,
            actors=[("Gunmen", {"name": "Gunmen", "type": "political militia"}),
                    ("Ahmad Wali", {"name": "Ahmad Wali", "type": "person"})],
            places=[("Ghazni", {"name": "Ghazni", "country_code": "AF", "precision": 2}),
                    ("Kabul", {"name": "Kabul", "country_code": "AF", "precision": 1})],
            dates=[("Monday", {"date": "2024-03-04", "precision": "day"})],
        )
    )
    _assert_spans(analysis)
    [event] = [e for e in analysis.events if e.event_type == "ASSAULT"]
    assert (event.location.name, event.fatalities, event.actor1.name) == ("Ghazni", 3, "Gunmen")


UNIDENTIFIED = {"name": "Unidentified Armed Group (Iraq)", "type": "political militia"}


@pytest.mark.parametrize(
    ("text", "generic", "doer"),
    [
        ("On 4 June 2020, gunmen attacked a checkpoint in Tikrit. Four soldiers were killed. No group claimed "
         "responsibility, but police attributed the shooting to the Revolutionary Front of Kandar (RFK).",
         "gunmen", "Revolutionary Front of Kandar (RFK)"),
        ("On 4 June 2020, a bomb exploded at a market in Mosul. The Northern Liberation Army claimed "
         "responsibility for the blast.", None, "Northern Liberation Army"),
        ("On 4 June 2020, assailants abducted a trader in Kandi. Sources suspect the Dendi Brigade of the abduction.",
         "assailants", "Dendi Brigade"),
        ("On 4 June 2020, gunmen attacked a checkpoint in Tikrit. No group claimed responsibility.",
         "gunmen", "Unidentified Armed Group (Iraq)"),
    ],
)
def test_attributed_perpetrator(text, generic, doer):
    analysis = events.extract_events(_analyse(text, actors=[(generic, UNIDENTIFIED)] if generic else []))
    _assert_spans(analysis)
    event = next(e for e in analysis.events if e.event_type == "ASSAULT")
    assert event.actor1.name == doer
    assert text[event.actor1.span.start : event.actor1.span.end] == event.actor1.span.text


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("On 14 July 2022, gunmen kidnapped a young herder in Kandi.", "BJ"),
        ("On 14 July 2022, a farmer was shot dead by gunmen in Kandi.", "BJ"),
    ],
)
def test_unnamed_victims_are_civilians(text, country):
    analysis = events.extract_events(_analyse(
        text, places=[("Kandi", {"name": "Kandi", "country_code": country, "precision": 1})]))
    event = next(e for e in analysis.events if e.event_type == "ASSAULT")
    assert event.actor2 is not None and event.actor2.type == "civilians"
    assert event.actor2.name == "Civilians (Benin)" and event.actor2.country_code == country
    assert text[event.actor2.span.start : event.actor2.span.end] == event.actor2.span.text


def _primary(analysis: Analysis):
    singles = [e for e in analysis.events if not e.is_aggregate]
    return max(singles, key=lambda e: e.confidence)


@pytest.mark.parametrize(
    "text, dates, trigger",
    [
        # A cause told after "in the wake of" is background; the borrowed date range does not make arrests a count.
        ("Between 4 and 9 May 2023, gendarmes detained 12 herders near Kandara. "
         "The detentions came after a rebel raid on the town.",
         [("Between 4 and 9 May 2023", {"date": "2023-05-04", "precision": "day", "is_range": True})], "detained"),
        # What followed ("was later arrested") is a sequel of the shooting, not the report's event.
        ("On 2 June 2023, a guard opened fire on two customs officers at a checkpoint in Lomaville. "
         "The guard was later arrested.", [("2 June 2023", {"date": "2023-06-02", "precision": "day"})], "opened"),
    ],
)
def test_background_and_sequel_events_do_not_lead(text, dates, trigger):
    analysis = events.extract_events(_analyse(text, dates=dates))
    _assert_spans(analysis)
    assert _primary(analysis).trigger.text == trigger


def _place(name: str, country: str, precision: int) -> dict:
    return {"name": name, "country_code": country, "precision": precision}


@pytest.mark.parametrize(
    "text, places, expected",
    [
        # The toll sentence has no place: the paragraph's chain gives its most specific resolved place, not the country.
        ("06/02/2019: Assailants opened fire on a trader in Dolores village, Marindo province, Philippines. "
         "The trader was injured in the attack.",
         [("Marindo", _place("Marindo", "PH", 3)), ("Philippines", _place("Philippines", "PH", 4))], "Marindo"),
        # "A neighborhood, B, city, C province, Country" parses as a coordination, but it is one place.
        ("06/02/2019: Assailants attacked a cleric in Orangi neighborhood, Lyari, city, Sindh province, Pakistan.",
         [("Lyari", _place("Lyari", "PK", 1)), ("Sindh province", _place("Sindh", "PK", 3)),
          ("Pakistan", _place("Pakistan", "PK", 4))], "Lyari"),
        # A place inside an actor's name ("Afghan National Army (ANA)") tells who, not where.
        ("06/02/2019: Assailants gunned down an off-duty Afghan National Army (ANA) officer in Farah city, "
         "Farah province, Afghanistan.",
         [("ANA", _place("Anah", "IQ", 1)), ("Farah", _place("Farah", "AF", 1)),
          ("Farah province", _place("Farah Province", "AF", 3)), ("Afghanistan", _place("Afghanistan", "AF", 4))],
         "Farah"),
        # A later telling that names a foreign country (whose army was hit) keeps the lead's place.
        ("06/02/2019: A roadside bomb exploded in Sangin village, Helmand province, Afghanistan. "
         "The blast hit a convoy of the United States (US) Army's 3rd Brigade, killing one soldier.",
         [("Helmand province", _place("Helmand Province", "AF", 3)), ("Afghanistan", _place("Afghanistan", "AF", 4)),
          ("United States", _place("United States", "US", 4))], "Helmand Province"),
        # "Turkey-backed fighters": a place that qualifies the doers is no place of the event.
        ("Turkey-backed fighters seized a hilltop village on Thursday.", [("Turkey", _place("Turkey", "TR", 4))], None),
        # The victim's affiliation ("the Larkana traders union president") is not where the shooting was.
        ("06/02/2019: Assailants fired on a car near Hala town, Sindh province, Pakistan. Two people, including "
         "the Larkana Traders Union president, were killed in the attack.",
         [("Hala", _place("Hala", "PK", 2)), ("Sindh province", _place("Sindh", "PK", 3)),
          ("Pakistan", _place("Pakistan", "PK", 4)), ("Larkana", _place("Larkana", "PK", 1))], "Hala"),
        # Where the herders came from is not where they fought.
        ("On 2 May 2019, herders from Niger clashed with farmers from Gaya in Kandi (Kandi, Alibori).",
         [("Niger", _place("Niger", "NE", 4)), ("Gaya", _place("Gaya", "NE", 1)),
          ("Kandi", _place("Kandi", "BJ", 1))], "Kandi"),
        # The ends of a road named after them are not where the road was blocked.
        ("On 2 May 2019, youths blocked the Parakou-Djougou road near the village of Bassila (Bassila, Donga).",
         [("Parakou", _place("Parakou", "BJ", 1)), ("Bassila", _place("Bassila", "BJ", 1))], "Bassila"),
        # With no other place, a body named after its town places what it did there.
        ("The Sirte Revolutionaries Council said its fighters killed two men accused of spying.",
         [("Sirte", _place("Sirte", "LY", 1))], "Sirte"),
        # A comma chain ends in its country: a designated name the gazetteer read abroad is a local place misread.
        ("06/02/2019: Assailants launched two rockets into Dora neighborhood, Hermel city, Beqaa governorate, Lebanon.",
         [("Dora", _place("Dora", "IQ", 1)), ("Hermel", _place("Hermel", "LB", 1)),
          ("Beqaa governorate", _place("Beqaa", "LB", 3)), ("Lebanon", _place("Lebanon", "LB", 4))], "Hermel"),
        # With no designator, a country after the comma is another country ("Khan Younis, Israel said").
        ("06/02/2019: Jets struck Khan Younis, Israel said.",
         [("Khan Younis", _place("Khan Younis", "PS", 1)), ("Israel", _place("Israel", "IL", 4))], "Khan Younis"),
        # The place of the attack a strike answers is not where the strike was.
        ("06/02/2019: Jets struck militant positions in Gedo region in retaliation for an attack in Lamu town.",
         [("Gedo region", _place("Gedo", "SO", 3)), ("Lamu", _place("Lamu", "KE", 1))], "Gedo"),
        # A place that NER also tagged as an organisation is still the place.
        ("06/02/2019: Assailants detonated a device at a school in Buynaksk area, Republic of Dagestan, Russia.",
         [("Buynaksk", _place("Buynaksk", "RU", 2)), ("Russia", _place("Russia", "RU", 4))], "Buynaksk"),
    ],
)
def test_event_place_is_the_most_specific_of_its_chain(text, places, expected):
    actors = [("Assailants", UNIDENTIFIED)] if "Assailants" in text else []
    if "(ANA)" in text:
        actors.append(("Afghan National Army (ANA)", {"name": "Military Forces of Afghanistan", "type": "state forces"}))
    if "Buynaksk" in text:
        actors.append(("Buynaksk", {"name": "Buynaksk"}))
    analysis = events.extract_events(_analyse(text, actors=actors, places=places))
    _assert_spans(analysis)
    event = _primary(analysis)
    assert (event.location.name if event.location else None) == expected


def test_place_coordinated_with_the_victim_is_not_counted():
    text = "06/02/2019: Assailants shot and killed a police officer in Farah city, Farah province, Afghanistan."
    analysis = events.extract_events(_analyse(text, places=[("Farah province", _place("Farah Province", "AF", 3))]))
    _assert_spans(analysis)
    assert _primary(analysis).fatalities == 1


@pytest.mark.parametrize(
    "text, acled",
    [
        # An explosive found and made safe never went off: ACLED codes the prevented attack as disrupted
        # weapons use, not as the bombing it was meant to be.
        ("Police found a homemade bomb under a bridge outside the town and defused it.",
         ("Strategic developments", "Disrupted weapons use")),
        ("Bomb disposal experts dismantled an IED planted on the main road.",
         ("Strategic developments", "Disrupted weapons use")),
        # one that did go off is the bombing
        ("A homemade bomb exploded under a bridge outside the town on Monday.",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("Soldiers discovered a hideout used by the militants to store arms near the river.",
         ("Strategic developments", "Disrupted weapons use")),
        ("Government troops drove back the insurgents from a hilltop village in the east.",
         ("Battles", "Government regains territory")),
        ("Opposition fighters recaptured a hill town from the army on Sunday.",
         ("Battles", "Non-state actor overtakes territory")),
        ("Islamic State militants had gained ground in the western districts of the city.",
         ("Battles", "Non-state actor overtakes territory")),
        ("Security forces have taken at least four people from their homes in the district.",
         ("Violence against civilians", "Abduction/forced disappearance")),
        ("Soldiers sexually abused women who were fleeing the fighting in the north.",
         ("Violence against civilians", "Sexual violence")),
        ("Youths confronted police in several towns, hurling stones and fireworks.",
         ("Riots", "Violent demonstration")),
        ("Five people were detained in the capital during an attempted protest against the new law.",
         ("Protests", "Protest with intervention")),
        ("Students held a die-in outside the ministry on Friday.", ("Protests", "Peaceful protest")),
    ],
)
def test_acled_vocabulary(text, acled):
    analysis = events.extract_events(_analyse(text))
    _assert_spans(analysis)
    event = _primary(analysis)
    assert (event.acled_event_type, event.acled_sub_event_type) == acled


def test_territory_told_as_a_participle_is_no_event():
    text = "A helicopter dropped barrel bombs on farmland occupied by the rebels."
    analysis = events.extract_events(_analyse(text))
    assert not [e for e in analysis.events if e.acled_sub_event_type == "Non-state actor overtakes territory"]


def test_toll_is_divided_among_the_places_of_the_event():
    text = "On 20 June 2016, herders attacked the villages of Abeko, Tumbi and Vara, killing 26."
    places = [(name, _place(name, "NG", 1)) for name in ("Abeko", "Tumbi", "Vara")]
    analysis = events.extract_events(_analyse(text, places=places))
    _assert_spans(analysis)
    tolls = {e.location.name: e.fatalities for e in analysis.events if e.event_type == "ASSAULT"}
    assert tolls == {"Abeko": 9, "Tumbi": 9, "Vara": 8}


# --------------------------------------------------------------------------- ACLED sides


def test_demonstrators_who_burn_are_the_rioters_of_the_country_and_the_police_their_target():
    text = "On 3 May 2021, traders demonstrated in Lokossa and burned tyres on the main road. Police officers dispersed them."
    actors = [("traders", {"name": "Protesters (Benin)", "type": "protesters", "country_code": "BJ"}),
              ("Police officers", {"name": "Police", "type": "state forces"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Lokossa", _place("Lokossa", "BJ", 1))]))
    _assert_spans(analysis)
    event = _primary(analysis)
    assert event.acled_event_type == "Riots"
    assert (event.actor1.name, event.actor1.type) == ("Rioters (Benin)", "rioters")
    assert event.actor2.name == "Police Forces of Benin"


def test_a_party_that_calls_a_march_is_not_the_protesters_actor():
    text = "Supporters of the Unity Party held a peaceful march in Kasama on Monday against fuel prices."
    actors = [("Unity Party", {"name": "Unity Party", "type": "political party"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Kasama", _place("Kasama", "ZM", 1))]))
    event = _primary(analysis)
    assert event.acled_event_type == "Protests"
    assert (event.actor1.name, event.actor1.country_code) == ("Protesters (Zambia)", "ZM")


def test_passive_agent_of_a_coordinated_verb_is_the_doer():
    text = "On 4 June 2020, two guards were shot and killed by rebel fighters in Dorma."
    actors = [("guards", {"name": "Guards", "type": "state forces", "country_code": "CF"}),
              ("rebel fighters", {"name": "Rebels", "type": "rebel group"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Dorma", _place("Dorma", "CF", 1))]))
    event = _primary(analysis)
    assert event.actor1.name == "Rebels"
    assert event.actor2.name == "Guards"


def test_the_doer_of_an_attack_noun_after_by():
    text = "On 9 May 2020, shelling by government troops killed four civilians in Kafr Ruma."
    actors = [("government troops", {"name": "Military Forces of Syria", "type": "state forces", "country_code": "SY"}),
              ("civilians", {"name": "Civilians (Syria)", "type": "civilians", "country_code": "SY"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Kafr Ruma", _place("Kafr Ruma", "SY", 1))]))
    event = _primary(analysis)
    assert event.actor1.name == "Military Forces of Syria"
    assert event.actor2.name == "Civilians (Syria)"


def test_violence_nobody_is_said_to_do_is_an_unidentified_armed_groups():
    text = "On 2 April 2020, two herders were killed by a roadside bomb near Tangi. Nobody knows who laid the device."
    analysis = events.extract_events(_analyse(text, places=[("Tangi", _place("Tangi", "AF", 1))]))
    event = _primary(analysis)
    assert event.acled_event_type == "Explosions/Remote violence"
    assert (event.actor1.name, event.actor1.country_code) == ("Unidentified Armed Group (Afghanistan)", "AF")
    assert event.actor2.type == "civilians"


def test_the_other_party_of_a_clash_is_found_in_the_note():
    text = "On 8 March 2020, 3 soldiers were injured in fighting with Taliban militants in Surkh district."
    actors = [("soldiers", {"name": "soldiers", "type": "state forces"}),
              ("Taliban", {"name": "Taliban", "type": "rebel group"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Surkh", _place("Surkh", "AF", 2))]))
    event = _primary(analysis)
    assert event.acled_event_type == "Battles"
    assert {event.actor1.name, event.actor2.name} == {"Taliban", "Military Forces of Afghanistan"}


def test_villagers_who_attack_people_are_a_communal_militia():
    text = "On 12 May 2019, armed farmers attacked a herders camp near Kalale and killed two herders."
    actors = [("armed farmers", {"name": "Civilians (Benin)", "type": "civilians", "country_code": "BJ"}),
              ("herders", {"name": "Civilians (Benin)", "type": "civilians", "country_code": "BJ"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Kalale", _place("Kalale", "BJ", 2))]))
    event = _primary(analysis)
    assert event.acled_event_type == "Violence against civilians"
    assert event.actor1.name == "Unidentified Communal Militia (Benin)"


def test_an_arrest_nobody_is_said_to_make_is_the_polices():
    text = "Arrests: On 5 May 2022, a man suspected of selling stolen motorbikes was arrested in Dassa."
    analysis = events.extract_events(_analyse(text, places=[("Dassa", _place("Dassa", "BJ", 1))]))
    event = _primary(analysis)
    assert event.acled_sub_event_type == "Arrests"
    assert event.actor1.actor_id == "bj-police"


def test_a_note_label_event_takes_the_armed_group_its_note_names():
    text = "Movement of forces: On 6 June 2022, fighters of an armed group were seen crossing the river near Kompa."
    actors = [("an armed group", {"name": "Unidentified Armed Group (Benin)", "type": "political militia", "country_code": "BJ"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Kompa", _place("Kompa", "BJ", 1))]))
    event = _primary(analysis)
    assert event.acled_sub_event_type == "Change to group/activity"
    assert event.actor1.name == "Unidentified Armed Group (Benin)"


def test_where_the_doers_were_is_no_doer():
    text = "On 1 July 2013, a pressure bomb was located and disarmed by bomb squad officers in Ranchi."
    actors = [("Ranchi", {"name": "Ranchi"})]
    analysis = events.extract_events(_analyse(text, actors=actors, places=[("Ranchi", _place("Ranchi", "IN", 1))]))
    assert all(e.actor1 is None or e.actor1.name != "Ranchi" for e in analysis.events)


def test_event_told_at_country_level_is_mapped_at_its_seat():
    text = "On 2 May 2021, pirates attacked a fishing boat off the coast of Togo."
    togo = {"name": "Togo", "country_code": "TG", "precision": 4, "lat": 8.5, "lon": 1.0,
            "feature_code": "PCLI", "seat": Seat("Lome", 6.13, 1.22)}
    analysis = events.extract_events(_analyse(text, places=[("Togo", togo)]))
    event = _primary(analysis)
    assert (event.location.name, event.location.precision) == ("Togo", 4)
    assert (event.location.lat, event.location.lon) == (6.13, 1.22)
    # The mention itself keeps the country's own centre.
    assert analysis.places[0].lat == 8.5


@pytest.mark.parametrize(
    "text, fatalities, injuries",
    [
        # Lists the parser makes appositions, and a number sitting on a name inside the victims' phrase.
        ("Three policemen, one teacher and one local trader were killed when soldiers clashed with rioters.", 5, None),
        ("The village chief, his brother, and a passing farmer died when gunmen opened fire.", 3, None),
        ("Gunmen shot dead two officials, Tom Okello and Sam Obura, near the market.", 2, None),
        ("Five Kenya Defence Forces (KDF) soldiers were killed in a roadside bomb blast.", 5, None),
        # "another", a pronoun, a reflexive and "along with" are people too.
        ("Gunmen attacked a checkpoint. One guard was killed and another was badly wounded.", 1, 1),
        ("Two suicide attackers blew themselves up outside a mosque, killing only themselves.", 2, 0),
        ("A suicide bomber attacked a convoy, killing the governor and 9 other people.", 10, 0),
        ("Gunmen attacked a village; the chief Musa Kamara was killed along with one gunman.", 2, 0),
        # Each casualty word counts its own number.
        ("Two dead and four injured when a truck hit a landmine in the district.", 2, 4),
        # Killings "to death", by two verbs, or "caused the death of".
        ("A crowd beat to death two alleged thieves in the town.", 2, 0),
        ("Gunmen killed and mutilated a trader in the village.", 1, 0),
        ("Soldiers fought with gunmen, causing the death of all three gunmen.", 3, 0),
        # Animals killed and killings someone is accused of are no toll of the event.
        ("Soldiers killed about 40 cows belonging to herders in the village.", 0, 0),
        ("Villagers attacked herders after a herder was accused of killing a farmer.", 0, 0),
    ],
)
def test_casualty_counts(text, fatalities, injuries):
    event = _primary(events.extract_events(_analyse(text)))
    assert event.fatalities == fatalities
    if injuries is not None:
        assert event.injuries == injuries


@pytest.mark.parametrize(
    "text, fatalities, injuries",
    [
        # A total over several attacks is shared out evenly; the first attack takes the remainder.
        ("05/20/2014: A car bomb exploded beside a bus station in Kirkuk city. It was one of two blasts to hit Kirkuk "
         "that day. At least 9 people in all were killed and 30 more were wounded in the two explosions.", 4, 15),
        ("05/20/2014: A car bomb exploded beside a bus station in Kirkuk city. It was the first of two blasts to hit "
         "Kirkuk that day. At least 9 people in all were killed and 30 more were wounded in the two explosions.", 5, 15),
        # Wounded the total does not mention were none.
        ("05/20/2014: Gunmen attacked a police post in Kunar. This was one of three attacks on posts in the district. "
         "Seven officers were killed across all three incidents.", 2, 0),
        # Without the number of attacks the share stays unknown.
        ("05/20/2014: Gunmen attacked a police post in Kunar. Seven officers were killed across all the attacks.",
         None, 0),
        # An ACLED note's own share settles the toll.
        ("On 3 May 2021, 9 militants were killed in clashes in Alpha and Beta districts. "
         "Fatalities split over 3 locations (2).", 2, None),
        ("On 3 May 2021, gunmen killed between six and ten villagers in Alpha, Beta and Gamma. "
         "Fatalities split over three locations.", 2, None),
        ("On 3 May 2021, gunmen attacked a police post in Alpha. Two policemen died. (total of 4 fatalities)", 4, None),
    ],
)
def test_shared_and_coded_tolls(text, fatalities, injuries):
    day = text[:10] if text[0].isdigit() else "3 May 2021"
    dates = [(day, {"date": "2014-05-20" if text[0].isdigit() else "2021-05-03", "precision": "day"})]
    places = [(name, _place(name, "AF", 1)) for name in ("Kirkuk", "Kunar", "Alpha") if name in text]
    event = _primary(events.extract_events(_analyse(text, dates=dates, places=places)))
    assert event.fatalities == fatalities
    if injuries is not None:
        assert event.injuries == injuries


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        # Demonstrators who fight the police riot, however the clash is worded; "riot police" make no riot.
        ("On 4 May 2022, police clashed with demonstrators who blocked the main road in Parakou.",
         ("Riots", "Violent demonstration")),
        ("On 4 May 2022, heavy clashes erupted between riot police and students protesting in Lome.",
         ("Riots", "Violent demonstration")),
        ("On 4 May 2022, most marchers stayed peaceful in Dakar, but some fought with police and ransacked stores.",
         ("Riots", "Violent demonstration")),
        ("On 4 May 2022, police used stun grenades and tear gas to disperse protesters outside parliament in Nairobi.",
         ("Protests", "Protest with intervention")),
        # A crowd nobody calls armed that kills someone it accuses of a crime is a mob.
        ("On 4 May 2022, villagers in Dassa beat to death a man they suspected of stealing goats.", ("Riots", "Mob violence")),
        ("On 4 May 2022, residents of Kpataba chased down and killed a man believed to have murdered a trader.",
         ("Riots", "Mob violence")),
        ("On 4 May 2022, suspected herders killed a farmer in his field near Nikki.",
         ("Violence against civilians", "Attack")),
        # Both sides fight: a battle, though those killed are farmers or herders.
        ("On 4 May 2022, two herders died in fighting between farmers and herders near Savalou.",
         ("Battles", "Armed clash")),
        ("On 4 May 2022, an armed group attacked a village near Kandi and was repelled by soldiers.",
         ("Battles", "Armed clash")),
        # Hotels and ships are civilian targets; villages taken stay a territory change.
        ("On 4 May 2022, gunmen opened fire on a hotel in Bamako, killing three guests.",
         ("Violence against civilians", "Attack")),
        ("On 4 May 2022, pirates attacked an oil tanker off the coast of Lagos.", ("Violence against civilians", "Attack")),
        ("On 4 May 2022, government forces captured the town and three nearby villages.",
         ("Battles", "Government regains territory")),
        ("On 4 May 2022, a bomb planted by the Liberation Front exploded near a market in Imphal.",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        # "Mobiliser" is no mob.
        ("On 4 May 2022, police arrested the party's chief mobiliser outside the court in Kampala.",
         ("Strategic developments", "Arrests")),
    ],
)
def test_acled_type_rules(text, acled):
    primary = _primary(events.extract_events(_analyse(text)))
    assert (primary.acled_event_type, primary.acled_sub_event_type) == acled


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        # A crowd that turns on the police has the police as its target, not civilians.
        ("On 6 June 2021, a number of youths beat policemen who were arresting a fuel smuggler in the village of Pobe.",
         "Police Forces of Benin"),
        # A brawl between families has rioters on both sides.
        ("On 6 June 2021, two families clashed with machetes over a field boundary in Parakou. Three people were hurt.",
         "Rioters (Benin)"),
    ],
)
def test_crowd_targets(text, actor2):
    from newsevents import pipeline

    primary = _primary(pipeline.extract(text, published="2021-06-08"))
    assert primary.acled_event_type == "Riots"
    assert primary.actor2.name == actor2


def test_generic_victims_take_the_event_country():
    from newsevents import pipeline

    primary = _primary(pipeline.extract("On 6 June 2021, bandits killed two herders near Kandi, Benin.", published="2021-06-08"))
    assert (primary.actor2.name, primary.actor2.country_code) == ("Civilians (Benin)", "BJ")


def test_talk_between_two_countries_is_one_event():
    text = "On 2 May 2024, the minister praised relations between Jordan and Kuwait as close."
    places = [("Jordan", _place("Jordan", "JO", 4)), ("Kuwait", _place("Kuwait", "KW", 4))]
    analysis = events.extract_events(_analyse(text, places=places))
    assert len([e for e in analysis.events if e.event_type == "COOPERATE"]) <= 1


def test_a_country_naming_whose_thing_is_no_place():
    text = "On 2 May 2024, rockets struck near US bases in Dhi Qar province."
    places = [("US", _place("United States", "US", 4) | {"feature_code": "PCLI"}),
              ("Dhi Qar province", _place("Dhi Qar", "IQ", 3) | {"feature_code": "ADM1"})]
    analysis = events.extract_events(_analyse(text, places=places))
    assert _primary(analysis).location.name == "Dhi Qar"


def test_a_continent_is_no_place_of_an_event():
    text = "Gunmen attacked a convoy near Gao in West Africa on Monday, killing four drivers."
    places = [("Gao", _place("Gao", "ML", 2)), ("Africa", _place("Africa", None, 4) | {"feature_code": "CONT"})]
    analysis = events.extract_events(_analyse(text, places=places))
    assert _primary(analysis).location.name == "Gao"
    alone = "Gunmen attacked a convoy in Africa on Monday, killing four drivers."
    analysis = events.extract_events(_analyse(alone, places=[("Africa", _place("Africa", None, 4) | {"feature_code": "CONT"})]))
    assert _primary(analysis).location is None


def test_who_runs_the_target_is_no_doer():
    text = ("On 2 May 2024, a drone attack on the Tal Afar airbase, where Turkish forces operate drones, "
            "alarmed Turkish commanders.")
    actors = [("Turkish forces", {"name": "Military Forces of Turkey", "type": "state forces", "country_code": "TR"}),
              ("Turkish commanders", {"name": "Military Forces of Turkey", "type": "state forces", "country_code": "TR"})]
    analysis = events.extract_events(_analyse(text, actors=actors))
    event = _primary(analysis)
    assert event.event_type == "ASSAULT"
    assert event.actor1 is None or event.actor1.name != "Military Forces of Turkey"


def test_a_feared_attack_is_no_event():
    text = "On 2 May 2024, villagers said they were fearful of being attacked by the militia."
    analysis = events.extract_events(_analyse(text))
    assert not [e for e in analysis.events if e.event_type == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        # A sentence that tells a charge places the deed charged, not the arrest told before it.
        ("On 4 March 2021, two customs officers were arrested by gendarmes. They are accused of selling fuel in Nigeria.",
         [("Nigeria", _place("Nigeria", "NG", 4))], None),
        # "men suspected of theft in Kandi": how a note places its own event.
        ("On 4 March 2021, gendarmes arrested two men suspected of theft in Kandi.",
         [("Kandi", _place("Kandi", "BJ", 1))], "Kandi"),
    ],
)
def test_the_place_of_a_deed_charged_is_not_the_arrests(text, places, expected):
    analysis = events.extract_events(_analyse(text, places=places))
    _assert_spans(analysis)
    arrest = next(e for e in analysis.events if e.acled_sub_event_type == "Arrests")
    assert (arrest.location.name if arrest.location else None) == expected


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        # A protest told as the purpose of a gathering happened.
        ("On 2 May 2024, dozens of nurses gathered outside the regional hospital in Kumasi to protest against unpaid wages.",
         ("Protests", "Peaceful protest")),
        ("On 2 May 2024, traders assembled at the market in Tamale to heed the union's call to protest against new taxes.",
         ("Protests", "Peaceful protest")),
        # A bare verb the tagger reads as a noun in a series of past-tense verbs is still a verb.
        ("On 2 May 2024, a crowd of people stripped, beat, and filmed two traders at a stall in Parakou.",
         ("Riots", "Mob violence")),
        # A quarrel that kills is a clash between its parties.
        ("On 2 May 2024, a herder and a farmer got engaged in an argument over a field in Gogounou that resulted in "
         "the death of the farmer.", ("Battles", "Armed clash")),
    ],
)
def test_events_told_without_their_usual_words(text, acled):
    analysis = events.extract_events(_analyse(text))
    _assert_spans(analysis)
    primary = _primary(analysis)
    assert (primary.acled_event_type, primary.acled_sub_event_type) == acled


@pytest.mark.parametrize(
    "text",
    [
        # A gathering only planned: its protest is a stated intent, not a protest.
        "On 2 May 2024, the unions plan to gather outside parliament in Accra to protest against the budget.",
        # A quarrel that killed nobody is no fight; "the beat" is a noun.
        "On 2 May 2024, the dispute over the chieftaincy in Djougou went on for a third year.",
        "On 2 May 2024, the drummers kept the rhythm, the beat, and the crowd in Ouidah.",
    ],
)
def test_no_protest_or_fight_without_a_deed(text):
    found = {e.event_type for e in events.extract_events(_analyse(text)).events}
    assert not found & {"PROTEST", "ASSAULT"}


# An interview names its official once and goes on with "he said": each statement is the official's.
INTERVIEW = (
    "The state broadcaster spoke to the foreign minister about the fighting on the northern border.\n\n"
    "Foreign Minister Karim Haddad said the talks with the neighbouring government had stalled.\n\n"
    "He accused the rebels of blocking aid convoys to the border villages.\n\n"
    "The talks, he added, could resume next month.\n\n"
    "He rejected a proposal to send foreign troops and urged the United Nations to send more monitors.\n\n"
    "Gunmen shot dead the mayor of a border town, Omar Saleh, on Saturday. He condemned the killing.\n\n"
    "The minister called for an independent inquiry."
)
_HADDAD = ("Karim Haddad", {"name": "Karim Haddad", "country_code": "LB", "type": "person", "confidence": 0.9})
_SALEH = ("Omar Saleh", {"name": "Omar Saleh", "country_code": "LB", "type": "person", "confidence": 0.9})


def _statement(analysis: Analysis, words: str, event_type: str):
    [event] = [e for e in analysis.events if e.event_type == event_type and words in e.evidence.text]
    return event


@pytest.mark.parametrize(
    ("words", "event_type"),
    [
        ("He accused", "ACCUSE"),
        ("He rejected", "REJECT"),
        ("urged the United Nations", "REQUEST"),
        # The mayor was shot: a victim is no speaker, whoever was named last.
        ("He condemned", "ACCUSE"),
    ],
)
def test_a_pronoun_making_a_statement_is_the_last_named_speaker(words, event_type):
    analysis = events.extract_events(_analyse(INTERVIEW, actors=[_HADDAD, _SALEH]))
    _assert_spans(analysis)
    actor = _statement(analysis, words, event_type).actor1
    assert actor is not None and actor.name == "Karim Haddad"
    assert actor.span.text == "He" and INTERVIEW[actor.span.start : actor.span.end] == "He"
    assert actor.confidence < 0.9


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # Nobody named before the pronoun: the article's first words.
        ("He rejected a proposal to send foreign troops to the border.", "REJECT"),
        # An unnamed speaker came between: the pronoun may be that spokesman's.
        ("Foreign Minister Karim Haddad said the talks had stalled. A ministry spokesman said the meeting was useful. "
         "He rejected a proposal to send foreign troops.", "REJECT"),
        # Named too far back, in another paragraph.
        ("Foreign Minister Karim Haddad said the talks had stalled.\n\nThe border stayed quiet on Monday.\n\n"
         "Traders reopened their shops.\n\nSchools stayed closed.\n\nFuel prices rose again.\n\n"
         "He rejected a proposal to send foreign troops.", "REJECT"),
        # The only person named is the victim of the deed just told.
        ("Gunmen shot dead the mayor of a border town, Omar Saleh, on Saturday. He condemned the killing.", "ACCUSE"),
    ],
)
def test_a_pronoun_with_no_speaker_to_stand_for_names_nobody(text, event_type):
    analysis = events.extract_events(_analyse(text, actors=[a for a in (_HADDAD, _SALEH) if a[0] in text]))
    assert _statement(analysis, "He", event_type).actor1 is None


def test_a_pronoun_stands_for_the_speaker_not_the_person_spoken_of():
    text = "Foreign Minister Karim Haddad said President Samir Aoun had approved the plan. He rejected calls for a delay."
    aoun = ("Samir Aoun", {"name": "Samir Aoun", "country_code": "LB", "type": "person", "confidence": 0.9})
    analysis = events.extract_events(_analyse(text, actors=[_HADDAD, aoun]))
    assert _statement(analysis, "He rejected", "REJECT").actor1.name == "Karim Haddad"


def test_a_pronoun_doing_a_deed_is_no_statement():
    text = "Colonel Ali Nasser said his unit was ready. He shot two smugglers near the crossing on Friday."
    nasser = ("Ali Nasser", {"name": "Ali Nasser", "country_code": "LB", "type": "person", "confidence": 0.9})
    analysis = events.extract_events(_analyse(text, actors=[nasser]))
    assert all(e.actor1 is None or e.actor1.name != "Ali Nasser" for e in analysis.events if e.event_type == "ASSAULT")


def test_interview_statements_through_the_pipeline():
    from newsevents import pipeline

    analysis = pipeline.extract(INTERVIEW, published="2024-03-10")
    speakers = [(e.event_type, e.actor1.span.text, e.actor1.name) for e in analysis.events
                if e.actor1 is not None and e.actor1.type == "person"]
    # "The minister" is the official whose title was written with his name.
    assert speakers == [("ACCUSE", "He", "Karim Haddad"), ("REJECT", "He", "Karim Haddad"),
                        ("REQUEST", "He", "Karim Haddad"), ("ACCUSE", "He", "Karim Haddad"),
                        ("REQUEST", "The minister", "Karim Haddad")]


def test_pipeline_sample_statements_and_back_references(pipeline_sample):
    _, analyses = pipeline_sample
    iraq, egypt = analyses[0].events, analyses[1].events
    # The interview's "he warned", "he denied", ...: the foreign minister, less surely than where he is named.
    pronouns = [e.actor1 for e in egypt if e.actor1 is not None and e.actor1.span.text.lower() in {"he", "she"}]
    assert len(pronouns) >= 3
    assert all(a.name == "Badr Abdelatty" and a.confidence < 0.9 for a in pronouns)
    # "Those militias" are the Iraqi militias named before, not militias of the country the article names most.
    [those] = [e for e in iraq if e.evidence.text.startswith("Those militias")]
    assert (those.actor1.name, those.actor1.country_code) == ("Militias (Iraq)", "IQ")


def test_weak_unattributed_talk_is_not_coded():
    span = Span(0, 5, "talks")
    weak = EventMention("CONSULT", span, confidence=0.2)
    assert not events._codeable(weak)
    assert events._codeable(replace(weak, actor1=ActorMention(span, "Government of Egypt")))
    assert events._codeable(replace(weak, confidence=events.UNATTRIBUTED_MIN_CONFIDENCE))


def test_a_state_named_as_the_doer_is_not_the_fallback_place():
    text = ("Turkey shelled villages in northern Syria on Monday.\n\n"
            "Turkey has carried out near-daily raids since then, killing dozens of civilians.")
    second = text.index("Turkey has")
    analysis = events.extract_events(
        _analyse(
            text,
            actors=[("Turkey", {"name": "Military Forces of Turkey", "country_code": "TR", "type": "state forces"})],
            places=[
                ("Turkey", {"name": "Turkey", "country_code": "TR", "feature_code": "PCLI", "precision": 4}),
                ("Syria", {"name": "Syria", "country_code": "SY", "feature_code": "PCLI", "precision": 4}),
            ],
        )
    )
    later = [e for e in analysis.events if e.evidence.start >= second]
    assert later and all(e.location.country_code == "SY" for e in later)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # A deed feared several steps below the fear word has not happened.
        ("Families fearful of being caught up in renewed revenge attacks left the district on Monday.", "ASSAULT"),
        # Bare infinitives listed after a "to" infinitive are purposes, whatever the parser made of them.
        ("The ministry is coordinating with the UN to reopen the crossings, mobilize troops and clear the roads.",
         "MOBILIZE"),
        # "Talks reached a dead end": a dispute that killed nobody is no fight.
        ("On the border dispute, the minister said talks with the neighbours have reached a dead end.", "ASSAULT"),
    ],
)
def test_feared_purposed_and_figurative_deeds_are_not_events(text, absent):
    assert absent not in {e.event_type for e in events.extract_events(_analyse(text)).events}


def _country(text: str, phrase: str, name: str, code: str, seat: Seat) -> PlaceMention:
    """A country as the places stage hands it over in ``analysis.countries``, over ``phrase``."""
    return PlaceMention(_span(text, phrase), name, lat=0.0, lon=0.0, country_code=code, feature_code="PCLI",
                        precision=4, seat=seat)


def test_event_without_place_takes_its_state_actor_country():
    text = "Gunmen shot a herder and Sudanese troops shelled the camp."
    gunmen = ActorMention(_span(text, "Gunmen"), "Unidentified Armed Group (Chad)", country_code="TD", type="political militia")
    troops = ActorMention(_span(text, "Sudanese troops"), "Military Forces of Sudan", country_code="SD", type="state forces")
    placed = EventMention("ASSAULT", Span.of(text, 0, len(text)), actor1=gunmen, actor2=troops)
    orphan = EventMention("ASSAULT", Span.of(text, 0, len(text)))
    countries = (_country(text, "Gunmen", "Chad", "TD", Seat("N'Djamena", 12.11, 15.04)),
                 _country(text, "Sudanese troops", "Sudan", "SD", Seat("Khartoum", 15.55, 32.53)))
    analysis = place_by_actors(Analysis(article=Article(text=text), countries=countries, events=(placed, orphan)))
    located, unplaced = analysis.events
    # The state force speaks for its country before a group whose country was guessed.
    assert (located.location.country_code, located.location.precision) == ("SD", 4)
    assert (located.location.span, located.location.confidence) == (troops.span, ACTOR_COUNTRY_CONFIDENCE)
    assert (located.location.lat, located.location.lon) == (15.55, 32.53)  # mapped at the seat
    assert unplaced.location is None


def test_event_without_place_takes_the_country_of_the_article_events():
    text = "Chadian aircraft bombed Niger on Friday. The air force has kept up its raids since."
    aircraft = ActorMention(_span(text, "Chadian aircraft"), "Military Forces of Chad", country_code="TD", type="state forces")
    niger = PlaceMention(_span(text, "Niger"), "Niger", country_code="NE", feature_code="PCLI", precision=4)
    struck = EventMention("ASSAULT", _span(text, "Chadian aircraft bombed Niger on Friday."), actor1=aircraft, location=niger)
    raids = EventMention("ASSAULT", _span(text, "The air force has kept up its raids since."), actor1=aircraft)
    countries = (_country(text, "Chadian aircraft", "Chad", "TD", Seat("N'Djamena", 12.11, 15.04)),
                 _country(text, "Niger", "Niger", "NE", Seat("Niamey", 13.51, 2.11)))
    analysis = place_by_actors(Analysis(article=Article(text=text), places=(niger,), countries=countries,
                                        events=(struck, raids)))
    # The country the article's other events happen in, over its own mention, beats the doer's.
    assert (analysis.events[1].location.country_code, analysis.events[1].location.span) == ("NE", niger.span)
