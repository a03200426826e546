"""Tests of the actors stage: dictionary data, ruler patterns and mention resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents import actors, nlp
from newsevents.actors.mentions import CONFIDENCE_METONYM
from newsevents.records import Analysis, Article

# These tests run the spaCy model (deselect with -m 'not slow').
pytestmark = pytest.mark.slow


SHARED = Path(__file__).resolve().parents[2] / "shared"

FIXTURE = (
    "Egyptian Foreign Minister Badr Abdelatty met his Jordanian counterpart in Cairo on Monday. "
    "Abdelatty said the talks were frank, and the minister urged restraint.\n\n"
    "Parliament Speaker Nabih Berri told the National News Agency that Israeli airstrikes on the south "
    "were a message. The speaker added that the Lebanese army would deploy.\n\n"
    "UNHCR Representative in Lebanon Karolina Lindholm Billing said returns had slowed. Billing said funding was short.\n\n"
    "Gen. Kenneth F. McKenzie Jr., the head of US Central Command, said Iranian-backed Iraqi militias had fired drones.\n\n"
    "Hezbollah fighters clashed with the Israeli military near the border, Reuters reported. "
    "The group said two of its members were killed.\n\n"
    "Kataib Hezbollah denied any role, while Hamas and Palestinian Islamic Jihad praised the attack. "
    "The Houthis, also known as Ansar Allah, fired missiles.\n\n"
    "Egypt's Foreign Ministry condemned the raid, and US officials said coalition officials were investigating. "
    "Col. Jane Doe, a spokeswoman for the US-led coalition, confirmed it. The Quds Force and the IRGC were blamed.\n\n"
    "Smoke rises over the village (Photo by Jane Roe / AFP)\n"
)


def _resolve(text: str) -> Analysis:
    analysis = next(nlp.parse([Analysis(article=Article(text=text))], patterns=actors.ruler_patterns()))
    return actors.find_actors(analysis)


@pytest.fixture(scope="module")
def fixture_analysis() -> Analysis:
    return _resolve(FIXTURE)


def _mention(analysis: Analysis, surface: str, occurrence: int = 0):
    found = [m for m in analysis.actors if m.span.text == surface]
    assert len(found) > occurrence, f"{surface!r} not resolved; got {[m.span.text for m in analysis.actors]}"
    return found[occurrence]


def test_dictionary_is_large_and_valid():
    assert len(actors.actor_dictionary()) >= 1500
    assert actors.check() == []


@pytest.mark.parametrize(
    ("actor_id", "name", "type_", "country", "parent"),
    [
        ("iq-military", "Military Forces of Iraq", "state forces", "IQ", "iq-government"),
        ("lb-military", "Lebanese Armed Forces", "state forces", "LB", "lb-government"),
        ("eg-foreign-ministry", "Ministry of Foreign Affairs of Egypt", "government", "EG", "eg-government"),
        ("quds-force", "Quds Force", "state forces", "IR", "irgc"),
        ("irgc", "Islamic Revolutionary Guard Corps", "state forces", "IR", "ir-government"),
        ("kenneth-mckenzie", "Kenneth F. McKenzie Jr.", "person", "US", "centcom"),
        ("bashar-al-assad", "Bashar al-Assad", "person", "SY", "sy-government"),
    ],
)
def test_dictionary_entries(actor_id, name, type_, country, parent):
    actor = {a.id: a for a in actors.actor_dictionary()}[actor_id]
    assert (actor.name, actor.type, actor.country_code, actor.parent) == (name, type_, country, parent)


def test_former_office_holders_have_an_end_date():
    actor = actors.search("Bashar Assad")[0]
    assert (actor.id, actor.end) == ("bashar-al-assad", "2024-12-08")


@pytest.mark.parametrize(
    ("query", "expected_id"),
    [("abdelatty", "badr-abdelatty"), ("HIZBOLLAH", "hezbollah"), ("erdogan", "recep-tayyip-erdogan"), ("Türkiye", None),
     ("daesh", "isis"), ("Asharq al-Awsat", "asharq-al-awsat"), ("ansar allah", "houthis")],
)
def test_search_ignores_case_and_diacritics(query, expected_id):
    results = actors.search(query, limit=5)
    if expected_id is None:
        assert all(a.country_code == "TR" for a in results) and results
    else:
        assert results[0].id == expected_id


def test_ruler_patterns_name_only_proper_names():
    patterns = actors.ruler_patterns()
    texts = {p["pattern"] for p in patterns}
    assert {"Hezbollah", "Badr Abdelatty", "Asharq Al-Awsat", "Israel Defense Forces"} <= texts
    assert not {"civilians", "Iraqi army", "Israeli airstrikes", "Fars", "IS"} & texts
    assert {p["label"] for p in patterns} == {"PERSON", "ORG"}
    assert all(p["id"] for p in patterns)


@pytest.mark.parametrize(
    ("surface", "actor_id", "country", "type_", "patron"),
    [
        ("Badr Abdelatty", "badr-abdelatty", "EG", "person", None),
        ("Abdelatty", "badr-abdelatty", "EG", "person", None),
        ("the minister", "badr-abdelatty", "EG", "person", None),
        ("Nabih Berri", "nabih-berri", "LB", "person", None),
        ("The speaker", "nabih-berri", "LB", "person", None),
        ("National News Agency", "nna", "LB", "media", None),
        ("Israeli airstrikes", "il-military", "IL", "state forces", None),
        ("Lebanese army", "lb-military", "LB", "state forces", None),
        ("UNHCR", "unhcr", None, "international organisation", None),
        ("Gen. Kenneth F. McKenzie Jr.", "kenneth-mckenzie", "US", "person", None),
        ("US Central Command", "centcom", "US", "state forces", None),
        ("Iranian-backed Iraqi militias", "militias", "IQ", "political militia", "IR"),
        ("Hezbollah", "hezbollah", "LB", "political militia", "IR"),
        ("Israeli military", "il-military", "IL", "state forces", None),
        ("Reuters", "reuters", "GB", "media", None),
        ("The group", "hezbollah", "LB", "political militia", "IR"),
        ("Kataib Hezbollah", "kataib-hezbollah", "IQ", "political militia", "IR"),
        ("Hamas", "hamas", "PS", "rebel group", "IR"),
        ("Palestinian Islamic Jihad", "pij", "PS", "rebel group", "IR"),
        ("Ansar Allah", "houthis", "YE", "rebel group", "IR"),
        ("Egypt's Foreign Ministry", "eg-foreign-ministry", "EG", "government", None),
        ("US officials", "us-government", "US", "government", None),
        ("coalition officials", "us-led-coalition", "US", "external/other forces", None),
        ("Quds Force", "quds-force", "IR", "state forces", None),
        ("IRGC", "irgc", "IR", "state forces", None),
    ],
)
def test_resolve_fixture(fixture_analysis, surface, actor_id, country, type_, patron):
    mention = _mention(fixture_analysis, surface)
    text = fixture_analysis.article.text
    assert text[mention.span.start : mention.span.end] == mention.span.text
    assert (mention.actor_id, mention.country_code, mention.type, mention.patron) == (actor_id, country, type_, patron)


def test_unknown_person_keeps_ner_name_with_org_context(fixture_analysis):
    first = _mention(fixture_analysis, "Karolina Lindholm Billing")
    later = _mention(fixture_analysis, "Billing")
    assert (first.type, first.actor_id, first.affiliation) == ("person", None, "unhcr")
    assert later.name == "Karolina Lindholm Billing"
    assert first.confidence < _mention(fixture_analysis, "Badr Abdelatty").confidence


def test_appositive_gives_affiliation_and_country(fixture_analysis):
    mention = _mention(fixture_analysis, "Jane Doe")
    assert (mention.affiliation, mention.country_code) == ("us-led-coalition", "US")


def test_person_affiliation_is_the_office(fixture_analysis):
    assert _mention(fixture_analysis, "Badr Abdelatty").affiliation == "eg-foreign-ministry"


def test_credits_produce_no_entities_or_actors(fixture_analysis):
    credit_start = FIXTURE.index("(Photo by")
    assert all(e.start < credit_start for e in fixture_analysis.entities)
    assert all(m.span.start < credit_start for m in fixture_analysis.actors)


def test_known_actors_are_entities_with_the_right_label(fixture_analysis):
    labels = {(e.text, e.label) for e in fixture_analysis.entities}
    assert {("Badr Abdelatty", "PERSON"), ("Hezbollah", "ORG"), ("Karolina Lindholm Billing", "PERSON")} <= labels
    text = fixture_analysis.article.text
    assert all(text[e.start : e.end] == e.text for e in fixture_analysis.entities)


@pytest.mark.parametrize(
    ("sentence", "surface", "actor_id", "country"),
    [
        ("On 3 March 2020, Taliban fighters raided an army post in Helmand and shot 2 Afghan soldiers dead.", "Taliban", "taliban", "AF"),
        ("On 3 March 2020, Taliban fighters raided an army post in Helmand and shot 2 Afghan soldiers dead.", "Afghan soldiers", "af-military", "AF"),
        ("Unknown gunmen abducted a farmer in the village.", "Unknown gunmen", "unidentified-armed-group", None),
        ("Hundreds of protesters gathered outside the Iraqi parliament in Baghdad.", "protesters", "protesters", "IQ"),
        ("A mob burnt down a house in the town after a dispute.", "mob", "rioters", None),
        ("JNIM militants attacked soldiers of the Beninese army near the park.", "JNIM", "jnim", "ML"),
        ("The Rapid Support Forces shelled El Fasher, Sudanese army sources said.", "Rapid Support Forces", "rsf", "SD"),
    ],
)
def test_resolve_sentences(sentence, surface, actor_id, country):
    mention = _mention(_resolve(sentence), surface)
    assert (mention.actor_id, mention.country_code) == (actor_id, country)
    assert sentence[mention.span.start : mention.span.end] == surface


@pytest.fixture(scope="module")
def shared_sample() -> Analysis:
    sample = SHARED / "samples" / "raw_news_dump.txt"
    if not sample.exists():
        pytest.skip("shared sample is absent")
    return _resolve(sample.read_text(encoding="utf-8"))


def test_shared_sample_key_actors(shared_sample):
    analysis, text = shared_sample, shared_sample.article.text
    by_id = {m.actor_id: m for m in analysis.actors if m.actor_id}
    expected = {
        "badr-abdelatty": ("EG", "person"),
        "nabih-berri": ("LB", "person"),
        "hezbollah": ("LB", "political militia"),
        "hamas": ("PS", "rebel group"),
        "nna": ("LB", "media"),
        "il-military": ("IL", "state forces"),
        "unhcr": (None, "international organisation"),
    }
    for actor_id, (country, type_) in expected.items():
        assert actor_id in by_id, actor_id
        assert (by_id[actor_id].country_code, by_id[actor_id].type) == (country, type_)
    assert all(text[m.span.start : m.span.end] == m.span.text for m in analysis.actors)
    # The sample names Reuters only in photo credits "(Reuters)": no mention there, but the name is known.
    assert "reuters" not in by_id
    assert (actors.search("Reuters")[0].type, actors.search("Reuters")[0].country_code) == ("media", "GB")


# ACLED-style notes: the country comes from province names "(District, Department)", demonyms,
# capitals or the headline, and unnamed groups are named by their deed the way ACLED codes them.
ACLED_NOTES = [
    # text, title, surface, name, country, type
    ("On 3 May 2020, soldiers shot two herders near Kandi (Kandi, Alibori).", None, "soldiers",
     "Military Forces of Benin", "BJ", "state forces"),
    ("On 3 May 2020, soldiers shot two herders near Kandi (Kandi, Alibori).", None, "herders",
     "Civilians (Benin)", "BJ", "civilians"),
    # Unarmed victims are civilians to ACLED, whatever their trade.
    ("On 6 May 2021, gunmen killed a trader near Nikki (Nikki, Borgou).", None, "a trader",
     "Civilians (Benin)", "BJ", "civilians"),
    ("On 7 May 2021, a woman was abducted in Segbana (Segbana, Alibori).", None, "a woman",
     "Civilians (Benin)", "BJ", "civilians"),
    ("On 8 May 2021, bandits robbed villagers in Banikoara (Banikoara, Alibori).", None, "villagers",
     "Civilians (Benin)", "BJ", "civilians"),
    ("On 9 May 2021, unknown men shot a farmer in Kalale (Kalale, Borgou).", None, "farmer",
     "Civilians (Benin)", "BJ", "civilians"),
    ("On 9 June 2021, soldiers arrested a Fulani herder and two civilians in Kerou (Kerou, Atacora).", None, "civilians",
     "Civilians (Benin)", "BJ", "civilians"),
    # Fulani herders who attack, or fight in a clash, are coded as the Fulani militia.
    ("On 10 June 2021, Fulani herders attacked a farm in Bante (Bante, Collines).", None, "Fulani herders",
     "Fulani Ethnic Militia (Benin)", "BJ", "identity militia"),
    ("On 11 June 2021, a clash between farmers and Fulani herders left one dead in Ouesse (Ouesse, Collines).", None,
     "Fulani herders", "Fulani Ethnic Militia (Benin)", "BJ", "identity militia"),
    ("On 12 June 2021, soldiers killed two Fulani herders in Materi (Materi, Atacora).", None, "Fulani herders",
     "Civilians (Benin)", "BJ", "civilians"),
    ("On 5 June 2021, residents lynched a suspected thief in Sirarou (N-Dali, Borgou).", None, "residents",
     "Rioters (Benin)", "BJ", "rioters"),
    ("On 2 July 2021, several youths demonstrated against bread prices in Parakou (Parakou, Borgou).", None, "several youths",
     "Protesters (Benin)", "BJ", "protesters"),
    ("On 8 May 2022, a crowd beat a man accused of theft in Bohicon (Bohicon, Zou).", None, "a crowd",
     "Rioters (Benin)", "BJ", "rioters"),
    ("On 9 May 2022, an armed group abducted a trader in Karimama (Karimama, Alibori).", None, "armed group",
     "Unidentified Armed Group (Benin)", "BJ", "political militia"),
    ("On 1 April 2021, the Dendi ethnic community of Guene burned a herders' camp near Malanville (Malanville, Alibori).", None,
     "Dendi ethnic community", "Dendi Ethnic Militia (Benin)", "BJ", "identity militia"),
    ("Fighters of the Ketou communal militia attacked a farm in Ketou (Ketou, Plateau) on Monday.", None,
     "Ketou communal militia", "Ketou Communal Militia", None, "identity militia"),
    ("Police dispersed the crowd with tear gas.", "Unrest in Porto-Novo as teachers strike", "Police",
     "Police Forces of Benin", "BJ", "state forces"),
    # A verb that is no protest verb still protests with a protest as its object or "to the streets".
    ("On 3 May 2023, some forty bus drivers staged a sit-in in Djougou (Djougou, Donga).", None,
     "some forty bus drivers", "Protesters (Benin)", "BJ", "protesters"),
    ("Hundreds of shopkeepers took to the streets of Kisumu on Tuesday.", None,
     "shopkeepers", "Protesters (Kenya)", "KE", "protesters"),
    # A clause with its own subject is another's deed: the drivers protest, they do not kill.
    ("Dozens of drivers demonstrated in Cotonou after a colleague was killed by a truck.", None,
     "drivers", "Protesters (Benin)", "BJ", "protesters"),
    # The noun a modifier belongs to says what the group does.
    ("A Fulani pastoralist man attacked a farmer with a machete in Kandi (Kandi, Alibori).", None,
     "Fulani pastoralist", "Fulani Ethnic Militia (Benin)", "BJ", "identity militia"),
    # A large city or province is better evidence of the event's country than a demonym.
    ("A crowd of youths beat a Nigerian trader accused of theft in Nikki (Nikki, Borgou).", None,
     "a Nigerian trader", "Civilians (Benin)", "BJ", "civilians"),
    ("Gunmen stormed a police station in Mombasa overnight.", None,
     "police station", "Police Forces of Kenya", "KE", "state forces"),
    ("Suspected militants ambushed customs officers near Malanville (Malanville, Alibori).", None,
     "customs officers", "Police Forces of Benin", "BJ", "state forces"),
]


@pytest.mark.parametrize(("text", "title", "surface", "name", "country", "type_"), ACLED_NOTES)
def test_acled_note_actors(text, title, surface, name, country, type_):
    analysis = next(nlp.parse([Analysis(article=Article(text=text, title=title))], patterns=actors.ruler_patterns()))
    mention = _mention(actors.find_actors(analysis), surface)
    assert text[mention.span.start : mention.span.end] == mention.span.text
    assert (mention.name, mention.country_code, mention.type) == (name, country, type_)


def test_acled_location_codes_are_not_actors():
    text = "On 30 November 2022, the school of Koabagou (Kerou, Atacora) was closed by the authorities."
    surfaces = {m.span.text for m in _resolve(text).actors}
    assert not {"Koabagou", "Kerou", "Atacora"} & surfaces


def test_coordinated_demonyms_give_one_actor_each():
    text = "Iraqi and US officials say the drones were launched from the south."
    found = [(m.span.text, m.actor_id, m.country_code) for m in _resolve(text).actors]
    assert found[:2] == [("Iraqi", "iq-government", "IQ"), ("US officials", "us-government", "US")]
    assert all(text[m.span.start : m.span.end] == m.span.text for m in _resolve(text).actors)


def test_country_in_a_title_gives_an_unknown_person_a_country(fixture_analysis):
    assert _mention(fixture_analysis, "Karolina Lindholm Billing").country_code == "LB"


# Attribution sentences in the style of terrorism incident summaries: the group is named by its
# long name, its abbreviation in brackets, or the abbreviation alone, and keeps its canonical name.
ATTRIBUTIONS = [
    # text, surface, actor id, canonical name, country, type
    ("Officials blamed the ambush on the New People's Army (NPA) in Samar.", "New People's Army (NPA)", "npa",
     "New People's Army", "PH", "rebel group"),
    ("The NPA denied any role in the ambush.", "NPA", "npa", "New People's Army", "PH", "rebel group"),
    ("Tehrik-i-Taliban Pakistan (TTP) said it carried out the bombing in Peshawar.", "Tehrik-i-Taliban Pakistan (TTP)", "ttp",
     "Tehrik-i-Taliban Pakistan", "PK", "rebel group"),
    ("A spokesman said the TTP would continue its campaign.", "TTP", "ttp", "Tehrik-i-Taliban Pakistan", "PK", "rebel group"),
    ("Police suspected Lashkar-e-Jhangvi of the attack on the pilgrims.", "Lashkar-e-Jhangvi", "lashkar-e-jhangvi",
     "Lashkar-e-Jhangvi", "PK", "rebel group"),
    ("Sources said the Islamic State of Iraq and the Levant (ISIL) was behind the car bomb.",
     "Islamic State of Iraq and the Levant (ISIL)", "isis", "Islamic State", None, "rebel group"),
    ("Authorities attributed the kidnapping to Al-Qaida in the Arabian Peninsula (AQAP).",
     "Al-Qaida in the Arabian Peninsula (AQAP)", "aqap", "al-Qaeda in the Arabian Peninsula", "YE", "rebel group"),
    ("The Al-Nusrah Front claimed the attack on the checkpoint.", "Al-Nusrah Front", "nusra-front", "Jabhat al-Nusra", "SY",
     "rebel group"),
    ("Sinai Province fighters attacked an army post near Rafah.", "Sinai Province", "is-sinai", "Islamic State Sinai Province",
     "EG", "rebel group"),
    ("Officials blamed the Baloch Liberation Front (BLF) for the blast.", "Baloch Liberation Front (BLF)", "blf",
     "Baloch Liberation Front", "PK", "rebel group"),
    ("The Movement for Oneness and Jihad in West Africa (MUJAO) said it sent the bombers.",
     "Movement for Oneness and Jihad in West Africa (MUJAO)", "mujao", "Movement for Oneness and Jihad in West Africa", "ML",
     "rebel group"),
    ("Anti-Balaka militiamen attacked the mosque in Bangui.", "Anti-Balaka", "anti-balaka", "Anti-Balaka", "CF",
     "political militia"),
    ("FARDC troops repulsed an attack by the NDC-R near Pinga.", "FARDC", "cd-military", "Military Forces of DR Congo", "CD",
     "state forces"),
    ("The NDC-R denied the claims.", "NDC-R", "ndc-r", "Nduma Defence of Congo-Renove", "CD", "political militia"),
    ("AMISOM said its convoy was hit near Afgooye.", "AMISOM", "amisom", "AMISOM", "SO", "external/other forces"),
    ("RENAMO gunmen fired on a bus in Sofala.", "RENAMO gunmen", "renamo", "RENAMO", "MZ", "rebel group"),
    ("Troops clashed with the Revolutionary Armed Forces of Colombia (FARC) in Cauca.",
     "Revolutionary Armed Forces of Colombia (FARC)", "farc", "Revolutionary Armed Forces of Colombia", "CO", "rebel group"),
    ("The Real IRA said it planted the device in Londonderry.", "Real IRA", "real-ira", "Real Irish Republican Army", "GB",
     "rebel group"),
]


@pytest.mark.parametrize(("text", "surface", "actor_id", "name", "country", "type_"), ATTRIBUTIONS)
def test_armed_groups_resolve_to_canonical_names(text, surface, actor_id, name, country, type_):
    mention = _mention(_resolve(text), surface)
    assert text[mention.span.start : mention.span.end] == mention.span.text
    assert (mention.actor_id, mention.name, mention.country_code, mention.type) == (actor_id, name, country, type_)


def test_bracketed_abbreviation_is_one_mention_and_two_entities():
    text = "Officials blamed the ambush on the New People's Army (NPA) in Samar."
    analysis = _resolve(text)
    assert [m.span.text for m in analysis.actors if m.actor_id == "npa"] == ["New People's Army (NPA)"]
    organisations = [e.text for e in analysis.entities if e.label == "ORG"]
    assert organisations == ["New People's Army", "NPA"]
    assert all(text[e.start : e.end] == e.text for e in analysis.entities)


def test_unknown_group_keeps_its_bracketed_abbreviation():
    text = "No group claimed the blast; officials suspected the Zomi Revolutionary Liberation Front (ZRLF) in Manipur."
    mention = next(m for m in _resolve(text).actors if "ZRLF" in m.span.text)
    assert text[mention.span.start : mention.span.end] == mention.span.text
    assert (mention.name, mention.actor_id, mention.type) == ("Zomi Revolutionary Liberation Front (ZRLF)", None, "political militia")


def test_a_credit_in_brackets_is_not_an_abbreviation():
    text = "Hezbollah (AFP) said two fighters were killed near the border."
    assert "Hezbollah" in {m.span.text for m in _resolve(text).actors}


@pytest.mark.parametrize(
    ("pattern", "actor_id"),
    [("New People's Army", "npa"), ("NPA", "npa"), ("Tehrik-i-Taliban Pakistan", "ttp"), ("Lashkar-e-Taiba", "lashkar-e-taiba"),
     ("Al-Nusrah Front", "nusra-front"), ("Boko Haram", "boko-haram"), ("Abu Sayyaf", "abu-sayyaf"), ("ISWAP", "iswap")],
)
def test_armed_groups_are_ruler_patterns(pattern, actor_id):
    assert {"label": "ORG", "pattern": pattern, "id": actor_id} in actors.ruler_patterns()


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Police in Narathiwat blamed separatists for the bombing in southern Thailand.", "separatists", "Separatists (Thailand)"),
        ("Officials in Chhattisgarh, India, said Maoists blew up the road.", "Maoists", "Maoists (India)"),
    ],
)
def test_generic_perpetrators_take_the_article_country(text, surface, name):
    assert _mention(_resolve(text), surface).name == name


@pytest.mark.parametrize(
    ("text", "surface", "name", "country"),
    [
        # Named actors vote too: they break the tie of a province and a district named like a foreign one.
        ("Two policemen died as Taliban fighters overran their post in Saraj district, Kandahar.", "policemen",
         "Police Forces of Afghanistan", "AF"),
        # A note that names no place still tells whose soldiers these are by the groups it names.
        ("Soldiers repelled an al-Shabaab raid on their camp overnight.", "Soldiers", "Military Forces of Somalia", "SO"),
        ("Three Arbakis were wounded in a Taliban ambush on their post.", "Arbakis", "Militia (Pro-Government)", None),
        ("An NDS officer was shot dead by gunmen in the city.", "NDS", "Police Forces of Afghanistan", "AF"),
    ],
)
def test_named_actors_give_the_context_country(text, surface, name, country):
    mention = _mention(_resolve(text), surface)
    assert (mention.name, mention.country_code) == (name, country)


@pytest.mark.parametrize(
    "text",
    [
        "The National Union of Teachers staged a sit-in over unpaid allowances in Lagos.",
        "Members of the National Association of Road Transport Owners blocked the highway.",
    ],
)
def test_a_shared_alias_opening_a_longer_name_is_not_that_actor(text):
    assert "the-national" not in {m.actor_id for m in _resolve(text).actors}


def test_a_region_name_opening_a_longer_name_gives_no_country():
    analysis = _resolve("Angry parents and teachers marched to the education office in Nelson Mandela Bay.")
    assert "NZ" not in {m.country_code for m in analysis.actors}


# Heads of state and opposition leaders of Africa, the Middle East and South Asia: an ACLED note often
# names only a person, and the person's country is then where the event happened.
LEADERS = [
    ("Supporters of President Yoweri Museveni marched through the town centre on Saturday.", "Yoweri Museveni",
     "yoweri-museveni", "UG"),
    ("Opposition leader Kizza Besigye was arrested as he left his home.", "Kizza Besigye", "kizza-besigye", "UG"),
    ("Salva Kiir declared a unilateral ceasefire across the country.", "Salva Kiir", "salva-kiir", "SS"),
    ("Police dispersed supporters of Tshisekedi outside the party headquarters.", "Tshisekedi", "felix-tshisekedi", "CD"),
    ("Hundreds rallied in support of Imran Khan after his arrest.", "Imran Khan", "imran-khan", "PK"),
    ("Students burnt portraits of President Omar El Bashir.", "Omar El Bashir", "omar-al-bashir", "SD"),
    ("Mahamat Idriss Deby named a new army chief.", "Mahamat Idriss Deby", "mahamat-idriss-deby", "TD"),
    ("Idriss Deby Itno visited the front line.", "Idriss Deby Itno", "idriss-deby", "TD"),
    ("Mourners gathered at the grave of Sheikh Hasina's father.", "Sheikh Hasina", "sheikh-hasina", "BD"),
]


@pytest.mark.parametrize(("text", "surface", "actor_id", "country"), LEADERS)
def test_leaders_resolve_to_their_country(text, surface, actor_id, country):
    mention = _mention(_resolve(text), surface)
    assert (mention.actor_id, mention.country_code, mention.type) == (actor_id, country, "person")


@pytest.mark.parametrize(
    ("text", "shared_by"),
    [
        ("Sharif told a rally that the government would fall.", {"nawaz-sharif", "shehbaz-sharif", "raheel-sharif"}),
        ("Deby spoke to the troops before the offensive.", {"idriss-deby", "mahamat-idriss-deby"}),
        ("Kenyatta addressed the crowd at the stadium.", {"uhuru-kenyatta"}),
    ],
)
def test_a_shared_surname_alone_names_nobody(text, shared_by):
    assert not shared_by & {m.actor_id for m in _resolve(text).actors}


def test_a_shared_surname_refers_back_to_the_full_name():
    analysis = _resolve("President Mahamat Idriss Deby visited the troops. Deby said the army would respond.")
    assert _mention(analysis, "Deby").actor_id == "mahamat-idriss-deby"


def test_a_note_naming_only_a_leader_is_placed_in_the_leader_country():
    from newsevents import pipeline

    analysis = pipeline.extract(
        "On 12 March 2019, supporters of former President Boni Yayi marched to demand the release of party officials.",
        published="2019-03-12",
    )
    assert analysis.events and analysis.events[0].location.country_code == "BJ"


def test_a_peace_mission_places_its_events_in_its_theatre():
    analysis = _resolve("A Nigerien MINUSMA peacekeeper was wounded by unidentified gunmen near the camp.")
    assert _mention(analysis, "MINUSMA").country_code == "ML"
    assert _mention(analysis, "unidentified gunmen").country_code == "ML"


# Iraqi militias named once, then the United States named more often: a phrase pointing back at the militias keeps
# their country, not the one the article names most.
_MILITIAS = (
    "Iranian-backed Iraqi militias fired rockets at a base near Erbil on Tuesday. US officials said Washington would "
    "send more troops, and the US embassy raised its alert level. {} have also flown drones at the United States consulate."
)


@pytest.mark.parametrize(
    ("opening", "surface", "name", "country", "patron"),
    [
        ("Those militias", "militias", "Militias (Iraq)", "IQ", "IR"),
        ("The militias", "militias", "Militias (Iraq)", "IQ", "IR"),
        ("These groups", "These groups", "Militias (Iraq)", "IQ", "IR"),
        # Nothing points back: a new mention takes the article's country.
        ("Militias", "Militias", "Militias (United States)", "US", None),
    ],
)
def test_a_phrase_pointing_back_takes_the_country_named_before(opening, surface, name, country, patron):
    mention = _mention(_resolve(_MILITIAS.format(opening)), surface)
    assert (mention.name, mention.country_code, mention.patron) == (name, country, patron)
    assert mention.confidence <= CONFIDENCE_METONYM


def test_a_singular_group_anaphor_still_needs_a_named_group():
    analysis = _resolve(_MILITIAS.format("The group"))
    assert "The group" not in [m.span.text for m in analysis.actors]


def test_shared_sample_those_militias(shared_sample):
    analysis, text = shared_sample, shared_sample.article.text
    [those] = [m for m in analysis.actors if text[max(0, m.span.start - 6) : m.span.start] == "Those "]
    assert (those.name, those.country_code) == ("Militias (Iraq)", "IQ")


def test_an_article_cut_off_a_name_is_no_actor():
    analysis = _resolve("Officials mourned the commander of al-Quds Force, Brig. Gen. Reza Karimi, in Tehran.")
    assert "al-" not in {m.span.text for m in analysis.actors}
