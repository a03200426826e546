"""Tests for the places stage: gazetteer lookups, ruler patterns and in-article resolution."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsevents import nlp, places, resources
from newsevents.places.gazetteer import (
    Place,
    SupplementRow,
    _Admin1Row,
    _box_point,
    _DivisionCentroidRow,
    open_gazetteer,
)
from newsevents.places.names import name_key
from newsevents.places.rank import Candidate, deciding_features
from newsevents.records import ActorMention, Analysis, Article, Entity, Span

# These tests run the spaCy model (deselect with -m 'not slow').
pytestmark = pytest.mark.slow


SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "raw_news_dump.txt"
ACC_KM = 25  # a resolved town must land within a town's width of the reference point


def _near(place, lat: float, lon: float, km: float = ACC_KM) -> bool:
    return abs(place.lat - lat) * 111 < km and abs(place.lon - lon) * 111 < km


@pytest.fixture(scope="module")
def parse():
    patterns = places.ruler_patterns()

    def run(text: str, title: str | None = None) -> Analysis:
        analysis = Analysis(article=Article(text=text, title=title))
        return places.resolve_places(next(nlp.parse([analysis], patterns=patterns, with_parser=False)))

    return run


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Ayn al-Asad", "Ayn Asad"),
        ("Nabatiyeh", "nabatiyeh"),
        ("Türkiye", "Turkiye"),
        ("Ma'rib", "Marib"),
        ("as-Suwayda", "Suwayda"),
        ("St. Louis", "Saint Louis"),
        ("Baghdad’s", "Baghdad"),
    ],
)
def test_key_folds_spelling_variants(left, right):
    assert name_key(left) == name_key(right)


@pytest.mark.parametrize(
    ("name", "context", "country", "feature_code", "lat", "lon"),
    [
        ("Erbil", (), "IQ", "PPL", 36.19, 44.01),
        ("Arbil", (), "IQ", "PPL", 36.19, 44.01),
        ("Irbil", (), "IQ", "PPL", 36.19, 44.01),
        ("Hewler", (), "IQ", "PPL", 36.19, 44.01),
        ("Ain al-Asad", (), "IQ", "AIRB", 33.79, 42.44),
        ("Ayn al-Asad airbase", (), "IQ", "AIRB", 33.79, 42.44),
        ("Al Anbar Province", (), "IQ", "ADM1", 33.35, 41.9),
        ("Nabatiyeh", (), "LB", "PPLA", 33.38, 35.48),
        ("Türkiye", (), "TR", "PCLI", 39.0, 35.0),
        ("Taybeh", ("LB",), "LB", "PPL", 33.28, 35.53),
        ("Taybeh", ("PS",), "PS", "PPL", 31.96, 35.30),
        ("Paris", (), "FR", "PPL", 48.85, 2.35),
        ("Paris", ("US",), "US", "PPL", 33.66, -95.56),
        ("Litani river", (), "LB", "STM", 33.34, 35.25),
        ("Bab al-Hawa crossing", (), "SY", "PSTB", 36.23, 36.67),
        ("Zaatari refugee camp", (), "JO", "CMPRF", 32.30, 36.32),
    ],
)
def test_lookup_ranks_the_expected_place_first(name, context, country, feature_code, lat, lon):
    best = places.lookup(name, context)[0]
    assert (best.country_code, best.feature_code) == (country, feature_code)
    assert _near(best, lat, lon)
    assert best.span.text == name[best.span.start : best.span.end]


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        # Every country's first-level divisions, with or without their division word.
        ("Borno State", "NG", 11.6, 13.0),
        ("Borno", "NG", 11.6, 13.0),
        ("Gedo region", "SO", 3.3, 42.1),
        ("South Kivu", "CD", -2.8, 28.9),
        ("Kasserine Governorate", "TN", 35.2, 8.8),
        # GeoNames' points: a division stands at the middle of its towns' box, not at their mean.
        ("Florida", "US", 28.75, -82.5),
        ("Oregon", "US", 44.0, -120.5),
    ],
)
def test_lookup_finds_first_level_divisions(name, country, lat, lon):
    best = places.lookup(name)[0]
    assert (best.country_code, best.feature_code, best.precision) == (country, "ADM1", 3)
    assert _near(best, lat, lon, km=161)


@pytest.mark.parametrize(("name", "display"), [("Harir", "Harir"), ("Tajura", "Tajura")])
def test_lookup_displays_plain_english_names(name, display):
    assert places.lookup(name, ("IQ", "LY"))[0].name == display


def test_lookup_of_unknown_name_is_empty():
    assert places.lookup("Qwxzyville") == []


def test_ruler_patterns_label_known_places():
    patterns = {(p["pattern"], p["label"]): p["id"] for p in places.ruler_patterns()}
    assert patterns[("Erbil", "GPE")] == "geo:95446"
    assert patterns[("Ayn al-Asad", "FAC")] == "geo:iq-ayn-al-asad"
    assert patterns[("Litani", "LOC")] == "geo:lb-litani"
    assert ("Iraq", "GPE") in patterns


def test_supplement_rows_are_well_formed():
    rows = resources.load_table("gazetteer_supplement.csv", SupplementRow)
    ids = [row.id for row in rows]
    assert len(rows) >= 600 and len(ids) == len(set(ids))
    for row in rows:
        assert -90 <= row.lat <= 90 and -180 <= row.lon <= 180, row.id
        assert row.feature_class in set("APSHTL") and row.feature_code, row.id
        assert not row.country_code or re.fullmatch(r"[A-Z]{2}", row.country_code), row.id


@pytest.mark.parametrize(
    "lats, lons, expected",
    [
        # Towns crowd the south edge: the box's middle, not their mean, stands for the division.
        ([42.0, 42.1, 42.2, 42.3, 43.0, 52.0], [-80.0, -80.1, -80.0, -80.0, -81.0, -88.0], (47.0, -84.0)),
        # Across the antimeridian the box is taken on 0-360 degree longitudes, not around Greenwich.
        ([64.0, 65.0, 66.0, 67.0], [176.0, 178.0, -178.0, -176.0], (65.5, 180.0)),
        ([60.0, 61.0, 62.0], [170.0, -160.0, -150.0], (61.0, -170.0)),
    ],
)
def test_division_point_is_the_middle_of_its_towns_box(lats, lons, expected):
    lat, lon = _box_point(lats, lons)
    assert (round(lat, 6), round(lon, 6)) == expected


def test_division_centroid_rows_name_known_divisions():
    rows = resources.load_table("admin1_centroids.csv", _DivisionCentroidRow)
    known = {(r.country_code, r.admin1_code) for r in resources.load_table("admin1_names.csv", _Admin1Row)}
    assert rows and len({(r.country_code, r.admin1_code) for r in rows}) == len(rows)
    for row in rows:
        assert (row.country_code, row.admin1_code) in known, row
        assert -90 <= row.lat <= 90 and -180 <= row.lon <= 180, row


def test_large_provinces_stand_at_their_centre_not_their_settled_edge():
    """Ontario's towns crowd its southern edge; its point is the province's centre, north of Lake Superior."""
    ontario = next(p for p, _ in open_gazetteer().candidates("ontario") if p.feature_code == "ADM1")
    assert ontario.lat > 48.5 and -90 < ontario.lon < -80


IRAQ_TEXT = (
    "A drone struck the Ain al-Asad air base in Iraq's western Anbar province on Tuesday, according to "
    "Iraqi security officials. Hours later, rockets landed near Camp Taji, north of Baghdad. A third "
    "attack hit an airfield in Harir, about 70 km northeast of Erbil, the coalition said."
)
LEBANON_TEXT = (
    "Israeli warplanes struck the outskirts of the Lebanese village of al-Katrani and areas around Mount "
    "Rihan on Monday. A drone hit a motorcycle near the southern town of Taybeh, the state news agency "
    "said, while other raids targeted the Hermel region near the Syrian border. Lebanon's president "
    "condemned the strikes in a statement from Beirut, a day before talks in Paris."
)
WEST_BANK_TEXT = (
    "Settlers set fire to cars in the Palestinian village of Taybeh, east of Ramallah in the occupied West Bank."
)


@pytest.mark.parametrize(
    ("text", "title", "surface", "country", "precision", "lat", "lon"),
    [
        (IRAQ_TEXT, "Drone Attack Targets Base in Western Iraq", "Ain al-Asad air base", "IQ", 1, 33.79, 42.44),
        (IRAQ_TEXT, None, "Anbar province", "IQ", 3, 33.35, 41.9),
        (IRAQ_TEXT, None, "Camp Taji", "IQ", 2, 33.52, 44.26),
        (IRAQ_TEXT, None, "Baghdad", "IQ", 2, 33.34, 44.40),
        (IRAQ_TEXT, None, "Harir", "IQ", 1, 36.55, 44.35),
        (IRAQ_TEXT, None, "Erbil", "IQ", 2, 36.19, 44.01),
        (IRAQ_TEXT, None, "Iraq", "IQ", 4, 33.0, 44.0),
        (LEBANON_TEXT, "Israeli Strikes Hit Southern Lebanon", "al-Katrani", "LB", 2, 33.47, 35.62),
        (LEBANON_TEXT, None, "Mount Rihan", "LB", 2, 33.43, 35.58),
        (LEBANON_TEXT, None, "Taybeh", "LB", 2, 33.28, 35.53),
        (LEBANON_TEXT, None, "Hermel region", "LB", 2, 34.35, 36.40),
        (LEBANON_TEXT, None, "Beirut", "LB", 1, 33.89, 35.50),
        (LEBANON_TEXT, None, "Paris", "FR", 1, 48.85, 2.35),
        (WEST_BANK_TEXT, None, "Taybeh", "PS", 1, 31.96, 35.30),
        (WEST_BANK_TEXT, None, "West Bank", "PS", 3, 31.95, 35.25),
    ],
)
def test_resolve_places_in_fixture_sentences(parse, text, title, surface, country, precision, lat, lon):
    analysis = parse(text, title)
    found = [p for p in analysis.places if p.span.text == surface]
    assert found, [p.span.text for p in analysis.places]
    place = found[0]
    assert text[place.span.start : place.span.end] == place.span.text
    assert (place.country_code, place.precision) == (country, precision)
    assert _near(place, lat, lon)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ACLED-style "(District, Province)" after a village the gazetteer lacks.
        (
            "On 3 May 2021, unidentified gunmen killed two herders in Koualou (Materi, Atacora), Beninese police said.",
            [("Materi", "BJ", 1), ("Atacora", "BJ", 3)],
        ),
        # A small town after "near" is trusted once the article's country backs it.
        (
            "Beninese soldiers clashed with gunmen in Malanville and near Segbana on Sunday.",
            [("Malanville", "BJ", 1), ("Segbana", "BJ", 2)],
        ),
        # "X district" is the area around X.
        (
            "Taliban fighters attacked a checkpoint in Nad Ali district, Helmand, Afghan officials said.",
            [("Nad Ali", "AF", 2), ("Helmand", "AF", 3)],
        ),
        # A month after "in" is not a town called March.
        (
            "The minister returned in March from Washington to meet Iraqi officials in Baghdad.",
            [("Washington", "US", 1), ("Baghdad", "IQ", 1)],
        ),
    ],
)
def test_resolve_notes_and_prepositions(parse, text, expected):
    analysis = parse(text)
    assert [(p.span.text, p.country_code, p.precision) for p in analysis.places] == expected
    for place in analysis.places:
        assert text[place.span.start : place.span.end] == place.span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Seats of government stand for the institution unless a locative word puts us there.
        ("The Pentagon said White House officials were briefed on the raid.", []),
        ("Protesters in Washington gathered outside the White House.", [("Washington", "US"), ("White House", "US")]),
        # A demonym inside an actor phrase is context, not a place.
        ("The Israeli military said its jets struck targets in southern Lebanon.", [("southern Lebanon", "LB")]),
        # A note that names no country is backed by the town's own name.
        ("Vendors protested against new market fees in Chipinge.", [("Chipinge", "ZW")]),
        # A village the gazetteer lacks is not its foreign namesake once the note is about Benin.
        (
            "On 4 June 2022, suspected JNIM militants abducted a herder in Bagou (Gogounou, Alibori).",
            [("Gogounou", "BJ"), ("Alibori", "BJ")],
        ),
    ],
)
def test_resolve_skips_institutions_demonyms_and_stray_namesakes(parse, text, expected):
    analysis = parse(text)
    assert [(p.span.text, p.country_code) for p in analysis.places] == expected
    for place in analysis.places:
        assert text[place.span.start : place.span.end] == place.span.text


def test_resolve_keeps_text_order_and_skips_demonyms(parse):
    analysis = parse("Iraqi and Syrian officials met in Damascus and then flew to Baghdad.")
    assert [p.span.text for p in analysis.places] == ["Damascus", "Baghdad"]
    assert [p.country_code for p in analysis.places] == ["SY", "IQ"]


def test_resolve_finds_known_names_without_entities():
    text = "Rockets hit the Green Zone and a village near Kfar Kila."
    analysis = places.resolve_places(Analysis(article=Article(text=text)))
    assert [(p.span.text, p.country_code) for p in analysis.places] == [("Green Zone", "IQ"), ("Kfar Kila", "LB")]


@pytest.fixture(scope="module")
def sample_places(parse) -> list[Analysis]:
    if not SAMPLE.exists():
        pytest.skip("shared sample not available")
    pieces = [p.strip() for p in re.split(r"\n\s*\n\s*\n", SAMPLE.read_text(encoding="utf-8")) if p.strip()]
    return [parse(piece, piece.splitlines()[0]) for piece in pieces]


@pytest.mark.parametrize(
    ("surface", "country", "feature_code"),
    [
        ("Baghdad", "IQ", "PPL"),
        ("Taji military base", "IQ", "MILB"),
        ("Erbil", "IQ", "PPL"),
        ("Harir", "IQ", "PPL"),
        ("Ayn al-Asad airbase", "IQ", "AIRB"),
        ("Anbar Province", "IQ", "ADM1"),
        ("al-Katrani", "LB", "PPL"),
        ("Mount Rihan", "LB", "MT"),
        ("Hermel region", "LB", "ADM2"),
        ("Taybeh", "LB", "PPL"),
        ("Beirut", "LB", "PPL"),
        ("Paris", "FR", "PPL"),
        ("Damascus", "SY", "PPL"),
        ("Litani river", "LB", "STM"),
        ("Lebanon", "LB", "PCLI"),
        ("Egypt", "EG", "PCLI"),
        ("Türkiye", "TR", "PCLI"),
    ],
)
def test_shared_sample_places(sample_places, surface, country, feature_code):
    found = [p for a in sample_places for p in a.places if p.span.text == surface]
    assert found, surface
    assert all((p.country_code, p.feature_code) == (country, feature_code) for p in found)


def test_shared_sample_has_no_institutions_or_diacritics(sample_places):
    found = [p for a in sample_places for p in a.places]
    assert not {"Pentagon", "White House"} & {p.span.text for p in found}
    assert all(p.name.isascii() for p in found), [p.name for p in found if not p.name.isascii()]


def test_shared_sample_spans_match_text(sample_places):
    for analysis in sample_places:
        for place in analysis.places:
            assert analysis.article.text[place.span.start : place.span.end] == place.span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The country closes the chain and the province constrains the town: not Chile's Santiago or
        # Puerto Rico's Isabela.
        (
            "A bomb went off at a house in Santiago city, Isabela province, Philippines, on Sunday.",
            [("Santiago", "PH", 1, 16.69, 121.55), ("Isabela province", "PH", 3, 17.15, 121.89)],
        ),
        # A division word makes the mention the division, not its same-named capital.
        (
            "Soldiers shot a bomber at a checkpoint in Gossi town, Timbuktu region, Mali.",
            [("Timbuktu", "ML", 3, None, None)],
        ),
        # The village is unknown, so the province must still resolve for the event to fall back to.
        (
            "Gunmen shot a councillor in Pinagsama village, Cavite province, Philippines.",
            [("Cavite province", "PH", 3, 14.43, 120.94)],
        ),
        (
            "Militants attacked a post in Bara area, Khyber Agency, Federally Administered Tribal Areas, Pakistan.",
            [("Khyber Agency", "PK", 3, 34.10, 71.14), ("Federally Administered Tribal Areas", "PK", 3, None, None)],
        ),
        # A province that is not in the country the chain names is left unresolved, not moved abroad.
        ("Bandits robbed a bus in Kambi Nyoka area, Eastern province, Kenya.", []),
    ],
)
def test_resolve_hierarchy_chains(parse, text, expected):
    analysis = parse(text)
    found = [p for p in analysis.places if p.feature_code != "PCLI"]
    assert [(p.span.text, p.country_code, p.precision) for p in found] == [e[:3] for e in expected]
    for place, (_, _, _, lat, lon) in zip(found, expected):
        assert text[place.span.start : place.span.end] == place.span.text
        if lat is not None:
            assert _near(place, lat, lon)


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        # A surname that is also a town's name, right after a first name.
        ("Gunmen abducted Maulvi Abdul Madani in Karachi, Pakistan.", "Maulvi Abdul", ["Karachi", "Pakistan"]),
        # A first name that is also a town's name, right before a surname.
        ("Gunmen abducted Kalyan Kundu in Guwahati, India.", "Kundu", ["Guwahati", "India"]),
        # A surname repeated alone later.
        ("A bomb hit the house of Joseph Tan in Manila. Tan was unhurt.", "Joseph Tan", ["Manila"]),
        # A person span that is exactly a place name is NER's mistake.
        ("Gunmen attacked a convoy on the highway to Maxixe.", "Maxixe", ["Maxixe"]),
        # A name that opens with an office has the office's place before it, not a first name.
        ("Dover Mayor Ann Smith opened the bridge in Delaware.", "Mayor Ann Smith", ["Dover", "Delaware"]),
    ],
)
def test_resolve_skips_person_names(text, person, expected):
    start = text.index(person)
    actor = ActorMention(span=Span.of(text, start, start + len(person)), name=person, type="person")
    place_words = [w for w in expected if w in text]
    entities = tuple(Entity(w, "GPE", text.index(w), text.index(w) + len(w)) for w in place_words)
    for name in ("Madani", "Kalyan", "Tan"):
        if name in text and name not in person:
            entities += (Entity(name, "GPE", text.index(name), text.index(name) + len(name)),)
    analysis = places.resolve_places(Analysis(article=Article(text=text), entities=entities, actors=(actor,)))
    assert [p.span.text for p in analysis.places] == expected
    for place in analysis.places:
        assert text[place.span.start : place.span.end] == place.span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An acronym spelled like a town ("ANA" is an alternate name of Anah) names an organisation.
        ("Five Afghan National Army (ANA) soldiers died in an ambush in Badghis province.", ["Badghis"]),
        # A bare compass word that names a Cameroonian region elsewhere is not a place here.
        ("Officials from Wa West said the vote was delayed in Accra.", ["Accra"]),
    ],
)
def test_resolve_skips_acronyms_and_compass_words(parse, text, expected):
    analysis = parse(text)
    assert [p.span.text for p in analysis.places] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A sentence may open with the locative preposition; a month after it is a date, not March in England.
        ("In Mutare, traders blocked the market road. In March, vendors marched.", ["Mutare"]),
        # A settlement word after a name that NER missed: "Sohbatpur town".
        ("A mine exploded in Tanda area, Sohbatpur town, Balochistan province, Pakistan.",
         ["Sohbatpur", "Balochistan province", "Pakistan"]),
        # "Republic of X" names the division X.
        ("A device exploded at a school in the Republic of Dagestan, Russia.", ["Republic of Dagestan", "Russia"]),
        # "Nawa" in "Nawa-e Barakzayi" is not the Syrian town of Nawa; the province after "district," stands.
        ("On 2 March 2020, two soldiers were shot in Nawa-e Barakzayi district, Helmand.", ["Helmand"]),
        # An area said to lie in an Afghan district is not the Iranian city its first word spells.
        ("On 2 March 2020, a cook was abducted in the Qom Tepa area of Dashti Qala district, Takhar.", ["Takhar"]),
        # The tail of a hyphenated name is not the town it spells ("Lafia" in Nigeria).
        ("Gunmen abducted a farmer in Arrondissement of Birni-Lafia (Karimama, Alibori).", ["Karimama", "Alibori"]),
    ],
)
def test_resolve_finds_names_by_their_settings(parse, text, expected):
    analysis = parse(text)
    assert [p.span.text for p in analysis.places] == expected
    assert all(p.country_code != "GB" for p in analysis.places)


def test_name_after_district_is_its_province(parse):
    analysis = parse("On 4 March 2020, a checkpoint was attacked in Kushk district, Herat.")
    [herat] = [p for p in analysis.places if p.span.text == "Herat"]
    assert (herat.feature_code, herat.precision) == ("ADM1", 3)


def test_divisions_and_countries_have_seats(parse):
    analysis = parse("Fighting was reported in Helmand province and elsewhere in Afghanistan.")
    seats = {p.span.text: p.seat for p in analysis.places}
    assert seats["Helmand province"].name == "Lashkar Gah"
    assert seats["Afghanistan"].name == "Kabul"
    assert _near(seats["Afghanistan"], 34.53, 69.17, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Second-level divisions named with their division word, placed among their towns.
        (
            "Militiamen attacked an army post in Rutshuru territory, North Kivu, on Monday.",
            [("Rutshuru", "CD", "ADM2", 2, -0.95, 29.32)],
        ),
        (
            "Herders shot four farmers dead in Guma local government area, Benue State.",
            [("Guma", "NG", "ADM2", 2, 7.82, 8.86), ("Benue State", "NG", "ADM1", 3, 7.33, 8.75)],
        ),
        # Two districts share a name: the province after the comma says which one.
        (
            "Gunmen ambushed a police patrol in Dowlatabad district, Balkh province.",
            [("Dowlatabad", "AF", "ADM2", 2, 37.01, 66.80), ("Balkh", "AF", "ADM1", 3, None, None)],
        ),
        (
            "Gunmen ambushed a police patrol in Dowlatabad district, Faryab province.",
            [("Dowlatabad", "AF", "ADM2", 2, 36.43, 64.92), ("Faryab", "AF", "ADM1", 3, None, None)],
        ),
    ],
)
def test_resolve_second_level_divisions(parse, text, expected):
    analysis = parse(text)
    assert [(p.span.text, p.country_code, p.feature_code, p.precision) for p in analysis.places] == [
        e[:4] for e in expected
    ]
    for place, (*_, lat, lon) in zip(analysis.places, expected):
        if lat is not None:
            assert _near(place, lat, lon, km=10)


def test_bare_district_names_yield_to_towns():
    [first, *_] = places.lookup("Kirkuk")
    assert first.feature_code == "PPL"
    assert [p.feature_code for p in places.lookup("Rutshuru territory")][:1] == ["ADM2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A given name that is a town's name, known from the surname used alone later.
        ("Police arrested Salem Haddad in Tripoli, Libya. Haddad, a local councillor, was freed on Friday.",
         ["Tripoli", "Libya"]),
        # A demonym that spells a foreign division is the people of its country.
        ("Al Shabaab fighters attacked a base housing Somali soldiers near Baardheere town, Gedo region, Somalia.",
         ["Baardheere", "Gedo region", "Somalia"]),
        # ... unless a division word follows it.
        ("The Somali region of Ethiopia saw clashes on Monday.", ["Somali region", "Ethiopia"]),
        # "between" is a locative preposition too.
        ("Rioters blocked the road between Ouesse and Savalou, Beninese police said.", ["Ouesse", "Savalou"]),
        # A division named without its division word ("Kwara" for Kwara State) needs no other clue.
        ("A traders union, Kwara chapter, staged a sit-in over new levies.", ["Kwara"]),
    ],
)
def test_resolve_given_names_demonyms_and_bare_divisions(parse, text, expected):
    assert [p.span.text for p in parse(text).places] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Both ends of a road named after its towns are places, the tail included.
        ("Soldiers cleared mines along the Maiduguri-Damboa road on Friday.", ["Maiduguri", "Damboa"]),
        ("Patrols moved along the Bama-Gwoza and Dikwa-Marte axis, Nigerian officials said.",
         ["Bama", "Gwoza", "Dikwa", "Marte"]),
        # A name of several words backs itself; its first word is no foreign region ("Nelson", New Zealand).
        ("Parents marched in Motherwell to demand school meals for children in Nelson Mandela Bay.",
         ["Nelson Mandela Bay"]),
    ],
)
def test_resolve_road_ends_and_distinctive_names(parse, text, expected):
    analysis = parse(text)
    assert [p.span.text for p in analysis.places] == expected
    assert {p.country_code for p in analysis.places} <= {"NG", "ZA"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A site named after its town puts the event in the town; NER's own tag of the town survives.
        ("Students protested at Kabul University on Monday.", ["Kabul"]),
        ("A boat was bombed near Benghazi University on Sunday, Libyan forces said.", ["Benghazi"]),
        # A border post is named after the town beside it.
        ("Traders protested at the Beitbridge border post over new import rules.", ["Beitbridge"]),
    ],
)
def test_resolve_towns_named_by_their_sites(parse, text, expected):
    assert [p.span.text for p in parse(text).places] == expected


def test_a_known_name_inside_an_unknown_one_is_no_place(parse):
    analysis = parse("Gunmen fired on a police van in Kati Mohalla area, Karachi, Pakistan, on Friday.")
    assert "ML" not in {p.country_code for p in analysis.places}
    assert "Karachi" in [p.span.text for p in analysis.places]


def test_a_possessive_ends_a_name_after_a_preposition(parse):
    analysis = parse("Fighting closed the market in Tripoli’s Souq al-Juma district, Libyan officials said.")
    assert [(p.span.text, p.country_code) for p in analysis.places][:1] == [("Tripoli", "LY")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capitalised office or institution word after a place, used alone elsewhere, is no surname.
        ("The Dayton Public Library reopened on Monday. Public meetings resume in May.", ["Dayton"]),
        # A possessive place before a person's name is whose the person is.
        ("Vermont's Peter Walsh won the state title in Burlington, Vermont, on Saturday.",
         ["Vermont", "Burlington", "Vermont"]),
    ],
)
def test_a_place_before_an_office_or_a_name_is_kept(parse, text, expected):
    assert [p.span.text for p in parse(text).places] == expected


@pytest.mark.parametrize(
    ("confidence", "country"),
    [
        # An actor the actors stage named with its own country is context ...
        (0.9, "US"),
        # ... but one whose country it only guessed from the article's place names is not counted again.
        (0.35, "GR"),
    ],
)
def test_only_an_actors_own_country_is_context(confidence, country):
    text = "Officers said the Athens man was released on bail."
    officers = ActorMention(Span.of(text, 0, 8), "Police Forces of United States", country_code="US",
                            type="state forces", confidence=confidence)
    start = text.index("Athens")
    entities = (Entity("Athens", "GPE", start, start + 6),)
    analysis = places.resolve_places(Analysis(article=Article(text=text), entities=entities, actors=(officers,)))
    assert [p.country_code for p in analysis.places] == [country]


@pytest.mark.parametrize(
    ("text", "surface", "decided_by"),
    [
        # "City, ST": the state rules out every namesake abroad, and the town names its state.
        ("Protesters marched through Alexandria, Virginia, on Sunday.", "Alexandria", "qualifier"),
        ("Protesters marched through Alexandria, Virginia, on Sunday.", "Virginia", "qualifier"),
        ("Hail damaged roofs in Paris, Texas, overnight.", "Paris", "qualifier"),
        ("Reporters waited for the Czech president in Prague.", "Prague", "nationality word"),
        ("Minnesota lawmakers voted on Tuesday.", "Minnesota", "population"),
        # A city over the division of its name, when no namesake lies elsewhere.
        ("A car bomb went off in Kirkuk.", "Kirkuk", "feature class"),
    ],
)
def test_places_say_which_features_decided_them(parse, text, surface, decided_by):
    place = next(p for p in parse(text).places if p.span.text == surface)
    assert place.decided_by[0] == decided_by
    # Every place carries its feature code, division, country, confidence and the words it was read from.
    assert place.feature_code and place.admin1 and place.country_code and 0.3 < place.confidence < 0.95
    assert text[place.span.start : place.span.end] == place.span.text


def _candidate(ref: str, lat: float, score: float, ruled_out: int = 0, **terms: float) -> Candidate:
    place = Place(ref, None, ref, lat, 0.0, "XX", "PPL", 1000, None, False)
    return Candidate(place, score, True, tuple((name.replace("_", " "), value) for name, value in terms.items()), ruled_out)


@pytest.mark.parametrize(
    ("ranked", "expected"),
    [
        # Against the namesake elsewhere (the second is within 161 km, the same place as a map reader sees it).
        ([_candidate("a", 0.0, 5, population=1, country_context=4), _candidate("b", 0.5, 4.8, population=0.8, feature_class=4),
          _candidate("c", 20.0, 1, population=1)], ("country context",)),
        # Only a nearby namesake: it is the rival then.
        ([_candidate("a", 0.0, 5, population=5), _candidate("b", 0.5, 3.5, population=3.5)], ("population",)),
        # The strongest lead always, the others only above DECIDING_MIN_LEAD, at most DECIDING_MAX.
        ([_candidate("a", 0.0, 5, population=2.1, own_name=0.5, curated_site=2.4),
          _candidate("b", 20.0, 0, population=2, curated_site=-2)], ("curated site", "own name")),
        ([_candidate("a", 0.0, 5, population=0.2), _candidate("b", 20.0, 4.9)], ("population",)),
        # A chain that ruled out every other namesake, or a name with none.
        ([_candidate("a", 0.0, 5, ruled_out=3)], ("qualifier",)),
        ([_candidate("a", 0.0, 5)], ("only match",)),
        # A place that did not win has no reasons.
        ([_candidate("a", 0.0, 1), _candidate("b", 20.0, 5)], ()),
    ],
)
def test_deciding_features(ranked, expected):
    assert deciding_features(ranked[0], ranked) == expected


def test_countries_of_actors_and_places_are_handed_to_the_events_stage():
    text = "Sudanese troops crossed into Chad. Chad said the troops left."
    troops = ActorMention(Span.of(text, 0, 15), "Military Forces of Sudan", country_code="SD", type="state forces")
    entities = tuple(Entity("Chad", "GPE", m.start(), m.end()) for m in re.finditer("Chad", text))
    analysis = places.resolve_places(Analysis(article=Article(text=text), entities=entities, actors=(troops,)))
    sudan, chad = analysis.countries
    assert (sudan.country_code, sudan.feature_code, sudan.precision, sudan.span) == ("SD", "PCLI", 4, troops.span)
    assert (chad.country_code, chad.span.start) == ("TD", text.index("Chad"))  # its first mention
    assert sudan.seat.name == "Khartoum"
    assert sudan.decided_by == ("article's country",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A dateline opens the story, in capitals, after the headline's full stop.
        ("Couple faces drug counts. CLINTON — A couple was arrested in Iowa on Monday.", ["CLINTON", "Iowa"]),
        # A town's own services and residents are named after it, inside names NER calls organisations.
        ("The Athens Police Department arrested a man in Tennessee.", ["Athens", "Tennessee"]),
        ("A Coral Gables man was arrested in Florida on Friday.", ["Coral Gables", "Florida"]),
        # Every name of a list that ends in a plural division word.
        ("Roads were closed in Becker, Clay and Wilkin counties of Minnesota.", ["Becker", "Clay", "Wilkin", "Minnesota"]),
        # NER runs a school's name on over "in Lombard"; the hometown after a person's name.
        ("Pupils of the Sheldon Academy in Lombard, Illinois, won prizes.", ["Lombard", "Illinois"]),
        ("Teachers are worried, said Jim Amstutz, of Wooster, Ohio.", ["Wooster", "Ohio"]),
        # One sense per article: the town named once is the town again, but not inside a longer name.
        ("Lombard police closed a road in Illinois. An early Lombard settler built the mill.",
         ["Lombard", "Illinois", "Lombard"]),
        ("Lombard police closed a road in Illinois. The Lombard Historical Society met.",
         ["Lombard", "Illinois"]),
        # The partner of a place in a pair of names is a place too.
        ("The bank grew from Gainesville and Lindsay in Texas.", ["Gainesville", "Lindsay", "Texas"]),
        # A day after a town is no given name, and both ends of a hyphenated pair of countries are places.
        ("Snow will fall on Toronto Saturday night. On Saturday, roads may close.", ["Toronto"]),
        ("Analysts said the India-Pakistan border truce would hold.", ["India", "Pakistan"]),
        # Short names of provinces; after a year the letters are an era.
        ("Both the B.C. and Ontario governments announced plans.", ["B.C", "Ontario"]),
        ("Oil provinces such as Alberta and Newfoundland were hit hardest.", ["Alberta", "Newfoundland"]),
        ("The temple was built in 300 B.C. by a king of Egypt.", ["Egypt"]),
    ],
)
def test_resolve_finds_places_by_news_conventions(parse, text, expected):
    analysis = parse(text)
    assert [p.span.text for p in analysis.places] == expected
    for place in analysis.places:
        assert text[place.span.start : place.span.end] == place.span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A continent is the continent, not a town that shares its name.
        ("Most of the new solar capacity was built in Asia, while Europe added less.",
         [("Asia", "CONT"), ("Europe", "CONT")]),
        ("The company sells its goods across North America and Africa.",
         [("North America", "CONT"), ("Africa", "CONT")]),
    ],
)
def test_resolve_continents(parse, text, expected):
    analysis = parse(text)
    assert [(p.span.text, p.feature_code) for p in analysis.places] == expected
    assert all(p.country_code is None and p.geonameid for p in analysis.places)


def test_names_of_a_division_list_take_its_division_word(parse):
    analysis = parse("Roads were closed in Becker, Clay and Wilkin counties of Minnesota.")
    assert [p.feature_code for p in analysis.places[:3]] == ["ADM2", "ADM2", "ADM2"]


@pytest.mark.parametrize(
    ("text", "surface", "country", "admin1", "feature_code"),
    [
        # A nationality word near a city is country context: Prague, not a US namesake.
        ("President Obama met the Czech president in Prague to talk about nuclear weapons.", "Prague", "CZ", None, None),
        # A state's own name is the state, not a town spelled one letter off.
        ("Minnesota lawmakers voted on Tuesday to expand funding for rural hospitals.", "Minnesota", "US", None, "ADM1"),
        # The state after the comma holds the town, and is the US state, not a South African town.
        ("Protesters marched through Alexandria, Virginia, on Sunday demanding police reform.", "Alexandria", "US",
         "Virginia", None),
        ("Protesters marched through Alexandria, Virginia, on Sunday demanding police reform.", "Virginia", "US", None,
         "ADM1"),
        # A name is not its own evidence: the country reading of "Georgia" must not back itself once
        # the article's other places are US towns.
        ("Storms hit Georgia overnight. Roads closed in Macon, Savannah and Valdosta, Georgia officials said.",
         "Georgia", "US", None, "ADM1"),
        # A state outranks the hamlets named after it; only a big namesake town is a rival.
        ("Lawmakers in Vermont passed the school budget on Friday.", "Vermont", "US", None, "ADM1"),
        ("The governor toured flooded farms in Oregon on Monday.", "Oregon", "US", None, "ADM1"),
        # A county takes the state the article names.
        ("Deputies in Madison County, Illinois, arrested two men after a chase.", "Madison County", "US", "Illinois",
         None),
        # A country the article names holds its capital, however many US clues the article has.
        ("A Chicago airline will fly from Chicago and Boston to Moscow next year, the U.S. carrier said. "
         "Officials in Washington and Texas welcomed the route to Russia.", "Moscow", "RU", None, None),
        # A country's alternate name that is one of its divisions' own names is that division.
        ("She grew up in Scotland and moved to England after college.", "England", "GB", "England", "ADM1"),
    ],
)
def test_resolve_with_article_context(parse, text, surface, country, admin1, feature_code):
    found = [p for p in parse(text).places if p.span.text == surface]
    assert found, surface
    place = found[0]
    assert place.country_code == country
    assert admin1 is None or place.admin1 == admin1
    assert feature_code is None or place.feature_code == feature_code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A press abbreviation after a town is its state, and the state holds the town: Springfield, Illinois,
        # not the larger Springfield in Missouri.
        ("A man from Springfield, Ill., was arrested after a chase.",
         [("Springfield", "US", "Illinois", "PPL"), ("Ill", "US", "Illinois", "ADM1")]),
        ("Flooding closed schools in Wheeling, W.Va., on Tuesday.",
         [("Wheeling", "US", "West Virginia", "PPL"), ("W.Va", "US", "West Virginia", "ADM1")]),
        ("A wildfire forced people out of Kelowna, B.C., overnight.",
         [("Kelowna", "CA", "British Columbia", "PPL"), ("B.C", "CA", "British Columbia", "ADM1")]),
        # Postal codes, whatever NER made of them; one code may stand for two states: the town decides.
        ("Drought has hit farmers near Dubbo, NSW, the hardest.",
         [("Dubbo", "AU", "New South Wales", "PPL"), ("NSW", "AU", "New South Wales", "ADM1")]),
        ("The council in Lansing, MI approved the budget on Friday.",
         [("Lansing", "US", "Michigan", "PPL"), ("MI", "US", "Michigan", "ADM1")]),
        ("Perth, WA, recorded its hottest day, the bureau said.",
         [("Perth", "AU", "Western Australia", "PPL"), ("WA", "AU", "Western Australia", "ADM1")]),
        ("Seattle, WA, recorded its hottest day, the bureau said.",
         [("Seattle", "US", "Washington", "PPL"), ("WA", "US", "Washington", "ADM1")]),
        # A politician's party tag names the state.
        ("Sen. Jane Doe (D-Calif.) said the bill would pass.", [("Calif", "US", "California", "ADM1")]),
        # "Mass." after a town is the state; "Mass" elsewhere is no place.
        ("He attended Mass at a church in Boston, Mass., on Sunday.",
         [("Boston", "US", "Massachusetts", "PPL"), ("Mass", "US", "Massachusetts", "ADM1")]),
        # Elsewhere an abbreviation is not read, and after a person's name the letters are a title.
        ("Officials from Conn. visited the plant.", []),
        ("The study was led by Jane Doe, MD, and her team.", []),
        # Unambiguous abbreviations are names wherever they stand; "Us" opening a sentence is no country.
        ("Officials in Washington, D.C., met the U.S. envoy.",
         [("Washington", "US", "District of Columbia", "PPL"), ("D.C", "US", "District of Columbia", "ADM1"),
          ("U.S", "US", None, "PCLI")]),
        ("Police in L.A. arrested two men, California officials said.",
         [("L.A", "US", "California", "PPL"), ("California", "US", "California", "ADM1")]),
        ("Us and them: the debate went on in Ohio.", [("Ohio", "US", "Ohio", "ADM1")]),
        # A compass word before the state is a street address's quadrant, not a town.
        ("A man was shot on Tuesday in Northwest, D.C., police said.",
         [("D.C", "US", "District of Columbia", "ADM1")]),
        ("Police found the car in the 300 block of K Street, Northeast, D.C., late Friday.",
         [("D.C", "US", "District of Columbia", "ADM1")]),
    ],
)
def test_resolve_state_abbreviations(parse, text, expected):
    analysis = parse(text)
    found = [(p.span.text, p.country_code, p.admin1, p.feature_code) for p in analysis.places]
    assert found == expected
    for place in analysis.places:
        assert text[place.span.start : place.span.end] == place.span.text
