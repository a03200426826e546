from __future__ import annotations

from ..records import Span

# Two dependency steps reach "lifting of sanctions" and "remove the sanctions".
DEPENDENT_DEPTH = 2


_PLURAL_TAGS = {"NNS", "NNPS"}


_MODIFIER_DEPS = {"amod", "compound", "nmod"}


# Dependents only a noun takes: "the beat", "a police beat".
_NOUN_MARKS = {"det", "poss", "amod", "nummod", "compound"}


def _line_sentences(doc) -> list:
    """The parser's sentences cut at line breaks: a parse may run a sentence into the next paragraph."""
    pieces = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if "\n" in token.text and token.is_space:
                if token.i > start:
                    pieces.append(doc[start : token.i])
                start = token.i + 1
        if sent.end > start:
            pieces.append(doc[start : sent.end])
    return pieces


def _inside(sent, token) -> bool:
    return token is not None and sent.start <= token.i < sent.end


def _lemma(token) -> str:
    return token.lemma_.lower()


def _keys(token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _pos_ok(token, pos: str) -> bool:
    if pos == "V":
        return token.pos_ in ("VERB", "AUX") or _listed_verb(token)
    if pos == "N":
        return token.pos_ in ("NOUN", "PROPN")
    return token.pos_ in ("VERB", "NOUN")


def _listed_verb(token) -> bool:
    """"undressed, beat, and filmed two men": a bare word in a series with a past-tense verb is a verb the tagger
    misread as a noun; a determiner or modifier ("the beat") makes it the noun it looks like."""
    if token.pos_ != "NOUN" or token.dep_ != "conj" or any(c.dep_ in _NOUN_MARKS for c in token.children):
        return False
    head = token.head
    # The parser may hang the series' last verb elsewhere: the word after its "and" still belongs to it.
    after_and = [head.doc[c.i + 1] for c in head.children if c.dep_ == "cc" and c.i + 1 < len(head.doc)]
    series = [head, *after_and, *(c for c in head.children if c.dep_ == "conj" and c.i != token.i)]
    return any(t.tag_ in ("VBD", "VBN") for t in series)


def _near(token, depth: int = DEPENDENT_DEPTH):
    frontier = [token]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children]
        yield from frontier


def _phrase_head(run):
    ids = {t.i for t in run}
    return next((t for t in run if t.head.i not in ids or t.head.i == t.i), run[-1])


def _clause_verb(token):
    """The verb whose clause holds ``token`` (the token itself when it is a verb)."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def _small_clause_subject(verb):
    """"shot the driver dead": the parser makes "the driver dead" a clause of its own; its subject is the victim."""
    for clause in verb.children:
        if clause.dep_ in ("ccomp", "xcomp", "oprd") and clause.pos_ == "ADJ":
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return None


def _anchor(head):
    """The clause that carries a nominal trigger's place ("the strikes stretched from A to B")."""
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" and head.head.head.pos_ == "NOUN" and head.head.head.dep_ == "dobj":
        return head.head.head.head
    return head


def _branch(anchor, token):
    """The child of ``anchor`` through which ``token`` hangs, and the first preposition on the way."""
    prep = None
    current = token
    while current.head.i != current.i and current.head.i != anchor.i:
        if current.dep_ == "pobj":
            prep = current.head.lower_
        current = current.head
    if current.dep_ == "prep":
        prep = current.lower_
    return current, prep


def _paragraph_text(text: str, offset: int) -> str:
    """The line (an ACLED note, a news paragraph) holding ``offset``."""
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1 : end if end >= 0 else len(text)]


def _evidence(text: str, sent, offset: int) -> Span:
    """The sentence, cut to the line of the trigger (a parse may run a sentence across paragraphs)."""
    start = max(sent.start_char, text.rfind("\n", 0, offset) + 1)
    line_end = text.find("\n", offset)
    end = min(sent.end_char, line_end if line_end >= 0 else len(text))
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)
