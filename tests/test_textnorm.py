"""The shared text normalisation: folding, articles, number words and countries."""

from __future__ import annotations

import re

import pytest

from newsevents import textnorm
from newsevents.actors.dictionary import key
from newsevents.places.names import fold as place_fold
from newsevents.places.names import name_key, plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ḩarīr", "Harir"), ("Sétif", "Setif"), ("ﬁeld", "field"), ("Şanlıurfa", "Sanlıurfa"), ("plain", "plain")],
)
def test_strip_marks_drops_diacritics_only(text, expected):
    assert textnorm.strip_marks(text) == expected


def test_fold_ignores_case_marks_apostrophes_and_spacing():
    assert textnorm.fold("  Ansar  al-Dīn ") == "ansar al-din"
    assert textnorm.fold("People’s Front") == textnorm.fold("people's front") == "people's front"
    assert textnorm.fold("ŞANLIURFA") == textnorm.fold("Şanlıurfa") == "sanliurfa"
    assert textnorm.fold("Straße") == "strasse"  # casefold, not lower


def test_loose_turns_punctuation_into_single_spaces():
    assert textnorm.loose("Ahrar ash-Shām (Idlib)!") == "ahrar ash sham idlib"
    assert textnorm.spaced("--a..b  c--") == "a b c"


def test_stage_variants_are_built_on_the_same_folding():
    # The gazetteer's fold drops possessives, apostrophes and parentheses; its key drops articles.
    assert place_fold("Kafr Nabl's market (Idlib)") == "kafr nabl market"
    assert name_key("The Wadi al-Ḩawrān") == name_key("wadi hawran") == "wadi hawran"
    assert name_key("Ras ash-Shaykh") == "ras shaykh"
    assert name_key("Al") == "al"  # a name made only of an article keeps it
    assert plain("Ḩarīr ʿAlī") == "Harir Ali"
    # The actor dictionary's key folds and drops a leading English article.
    assert key("The Zarqa Brigades") == "zarqa brigades"


def test_article_sets():
    assert set(textnorm.FREE_ARTICLES) <= textnorm.ARABIC_ARTICLES
    assert set(textnorm.SUN_LETTER_ARTICLES) <= textnorm.ARABIC_ARTICLES
    assert {"ud", "ul", "ath", "adh"} <= textnorm.ARABIC_ARTICLES
    assert "the" not in textnorm.ARABIC_ARTICLES
    assert textnorm.ARTICLE_PREFIX.sub("", "An armed band") == "armed band"
    assert textnorm.ARTICLE_PREFIX.sub("", "Theban guards") == "Theban guards"
    assert "those" in textnorm.DEFINITE_DETERMINERS and "a" not in textnorm.DEFINITE_DETERMINERS


def test_alternation_puts_longer_words_first():
    pattern = re.compile(rf"^(?:{textnorm.alternation(['as', 'ash', 'a.b'])})")
    assert pattern.match("ash-Sham").group() == "ash"
    assert pattern.match("a.b").group() == "a.b" and not pattern.match("axb")


def test_cardinals():
    words = textnorm.cardinals()
    assert words["seven"] == 7 and words["nineteen"] == 19 and words["ninety"] == 90 and words["thousand"] == 1000
    assert not {"a", "an", "both", "single", "several"} & set(words)


def test_each_stage_adds_its_own_count_words():
    from newsevents.dates.patterns import count_of
    from newsevents.events.counting import _number_words

    assert count_of("Twelve") == 12 and count_of("a few") == 3
    assert _number_words()["both"] == 2 and _number_words()["forty"] == 40


def test_countries_load_typed_once():
    rows = textnorm.countries()
    assert rows is textnorm.countries()
    france = next(c for c in rows if c.iso2 == "FR")
    assert france.name == "France" and france.demonyms[0] == "French" and france.capital == "Paris"
    assert textnorm.country_short_names()["FR"] == "France"
    assert all(len(c.iso2) == 2 and c.name for c in rows)


def test_iso_lookups():
    assert textnorm.iso_code("Kenya") == "KE"
    assert textnorm.iso_code("Middle Earth") is None
    assert textnorm.iso_code("Palestine") is None and textnorm.iso_code("Palestine", fuzzy=True) == "PS"
    assert textnorm.iso_country("KE").name == "Kenya"
    assert textnorm.iso_country("QQ") is None
    assert any(s.country_code == "KE" for s in textnorm.iso_subdivisions())
