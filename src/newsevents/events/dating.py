"""Dating pass: the date of each event (its clause's, an earlier sentence's, else the reference date) and
whether it is a count of events over a period (an aggregate)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..records import DateMention, Span
from .candidate import _Candidate
from .context import _Context
from .counting import _number
from .lexicon import _cues
from .syntax import _PLURAL_TAGS, _clause_verb, _lemma

# Sentences back (within the paragraph) whose date still applies ("Three days later ...").
DATE_LOOKBACK = 2


# A clause below the event's that tells of something else carries that thing's date: "accusing him
# since the board met in May", "to punish them for blocking the vote on Friday".
# A clause on the trigger itself ("the attack, which happened on Sunday") still dates the event.
_OTHER_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "xcomp", "ccomp", "pcomp", "csubj"})


# "the death of a herder a few days earlier": a step back from the story's time dates the noun's event.
_BACKWARD_OFFSETS = frozenset({"earlier", "before", "prior"})


# A deed in the perfect dated to the period of these precisions the article is in is what the period has seen so
# far, not one event.
_PERIODS = frozenset({"month", "quarter", "year"})


# "members of the Red Wednesday movement": a date inside a compound names or qualifies that noun.
_NAMING_DEPS = frozenset({"compound"})


# The links by which a reporting verb takes what it reports: a date reached through any other link
# ("officials said on Tuesday", "said in a report released on Monday") dates the telling.
_REPORTED_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "conj", "dobj", "advcl"})


def _dates_elsewhere(doc, mention: DateMention, head) -> bool:
    """Whether a date in the sentence of ``head`` dates another clause or an earlier thing, not the event."""
    tokens = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return False
    token = tokens.root
    if token.head.i != head.i and (
        token.dep_ in _NAMING_DEPS and token.head.i > token.i
        or token.lower_ in _BACKWARD_OFFSETS and token.head.pos_ in ("NOUN", "PROPN")
    ):
        return True
    governing = {head.i} | {t.i for t in head.ancestors}
    while token.head.i != token.i and token.head.i not in governing:
        token = token.head
        # "trucks carrying aid on Wednesday": a present participle with an object of its own tells what the noun was
        # doing at the event's time ("the year beginning in April" tells a time of its own).
        ongoing = token.dep_ == "acl" and token.tag_ == "VBG" and any(c.dep_ == "dobj" for c in token.children)
        if token.pos_ in ("VERB", "AUX") and token.dep_ in _OTHER_CLAUSE_DEPS and token.head.i != head.i and not ongoing:
            return True
    return False


def _dates_telling(context: _Context, mention: DateMention, head) -> bool:
    """Whether the date tells when the story was filed or its source spoke, not when the event happened:
    the dateline ("KABUL, Oct 2 (Reuters) -"), or a date hung on the reporting verb beside the clause it
    reports ("Gunmen raided the camp on Sunday, a spokesman said on Monday")."""
    ref = context.analysis.reference_date
    if ref is not None and ref.dateline is not None and ref.dateline.start <= mention.span.start < ref.dateline.end:
        return True
    tokens = context.analysis.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return False
    token = tokens.root
    reporting = _cues().reporting_verbs
    while token.head.i != token.i and token.i != head.i:
        if _lemma(token.head) in reporting and token.head.i != head.i:
            return token.dep_ not in _REPORTED_DEPS
        token = token.head
    return False


def _event_date(context: _Context, head, sent_index: int, aggregate: bool, exclude_spans,
                statement: bool = False) -> DateMention | None:
    """The date in the sentence that dates the trigger's clause, else an earlier sentence's (never for a statement),
    else the reference date."""
    sent = context.sentences[sent_index]
    doc = context.analysis.doc
    own = [
        d for d in context.mentions_in(context.dates, sent.start_char, sent.end_char)
        if d.date and not any(s.start <= d.span.start < s.end for s in exclude_spans)
        and not _dates_elsewhere(doc, d, head)
    ]
    # A statement happens when it is told; any other event takes the telling's date only when it has none of its own.
    telling = set() if statement else {id(d) for d in own if _dates_telling(context, d, head)}
    if own:
        return min(own, key=lambda d: (d.is_range != aggregate, id(d) in telling, abs(d.span.start - head.idx)))
    paragraph = context.paragraph(sent.start_char)
    # A statement is dated by its telling, not by the history told before it (said_types in event_cues.yaml).
    for back in range(1, 0 if statement else DATE_LOOKBACK + 1):
        if sent_index - back < 0:
            break
        previous = context.sentences[sent_index - back]
        if context.paragraph(previous.start_char) != paragraph and back > 1:
            break
        earlier = [
            d for d in context.mentions_in(context.dates, previous.start_char, previous.end_char)
            if d.date and not _dates_elsewhere(doc, d, previous.root)
        ]
        if earlier:
            return earlier[-1]
    ref = context.analysis.reference_date
    if ref is None or ref.date is None:
        return None
    span = ref.span or Span(0, 0, "")
    return DateMention(span, ref.date, "week", is_inferred=True, confidence=min(ref.confidence, 0.3))


def _is_aggregate(head, sent, date: DateMention | None, reference: str | None = None) -> bool:
    """Counts over a period: numbered or frequent plural events, plural events over a date range, deeds in the
    perfect over a span or over the period the article is in (``reference``, its date)."""
    cues = _cues()
    modifiers = set(cues.aggregate_modifiers)
    # Subjects and objects count victims, not events ("Dozens of people were killed").
    near = [c for c in head.children if c.dep_ not in ("nsubj", "nsubjpass", "dobj")]
    near += [head.head.head] if head.dep_ == "pobj" else []
    if any(_lemma(c) in modifiers or c.lower_ in modifiers for c in near):
        return True
    # "Six suicide bombers" counts those who attacked, not attacks.
    plural = head.tag_ in _PLURAL_TAGS and _lemma(head) not in cues.attacker_words
    if plural and any(c.dep_ == "nummod" and (_number(c) or 0) > 1 for c in head.children):
        return True
    if any(t.lower_ == "times" and any((_number(c) or 0) > 1 for c in t.children) for t in sent):
        return True
    anchor = _clause_verb(head)
    if plural and (date is not None and date.is_range or any(c.lower_ == "since" for c in anchor.children)):
        return True
    perfect = any(c.dep_ == "aux" and _lemma(c) == "have" for c in anchor.children)
    if perfect and any(c.dep_ == "nsubj" and _lemma(c) in cues.lasting_conflicts for c in anchor.children):
        return True  # "the war has killed 500,000": a conflict's toll over its years
    if perfect and any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)
                       for c in anchor.children):
        return True  # "since the truce began, 40 people have been killed": a toll over the time since
    if perfect and any(c.dep_ == "prep" and c.lower_ == "for" and any(_lemma(p) in cues.period_units for p in c.children)
                       for c in anchor.children):
        return True  # "have been fighting for a decade", "had protested for weeks": a lasting activity
    if perfect and date is not None and date.precision in _PERIODS and not date.is_inferred and reference and (
            date.date or "") <= reference <= (date.end or ""):
        return True  # "the shelling has killed 30 people this month": a toll over the month so far
    return plural and perfect and any(_lemma(c) in modifiers for c in anchor.subtree)


def date_events(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Each candidate with its date and aggregate flag."""
    dated = []
    reference = context.analysis.reference_date.date if context.analysis.reference_date else None
    for candidate in candidates:
        sent, head = context.sentences[candidate.sentence], candidate.head
        aggregate = _is_aggregate(head, sent, None)
        date = _event_date(context, head, candidate.sentence, aggregate, candidate.reporter_spans,
                           statement=candidate.event_type in _cues().said_types)
        # Only a range the sentence states makes its plural event a count: "The arrests came ..." borrows its date.
        own_date = date if date is not None and sent.start_char <= date.span.start < sent.end_char else None
        dated.append(replace(candidate, date=date, is_aggregate=aggregate or _is_aggregate(head, sent, own_date, reference)))
    return tuple(dated)
