"""Ablations of the actors stage on the shared dev benchmarks (CoNLL NER F1, ACLED and GTD actor1 recall).

``make bench`` scores only the whole pipeline's NER and its primary event's actor1; this
script shows what each part adds: NER F1 of bare spaCy, with the actor ruler, and with
``actors.find_actors``. Actor1 (ACLED actor1, GTD group name) is "found" when *any* resolved
actor of the note matches it, scored twice: the strict name match below (gold name or its
parts equal to a mention's name or dictionary alias) and the lenient rule of ``newsevents
eval`` (same name, shared distinctive word, or same coarse class and country).

Only the tune part of each set is read unless ``--split`` says otherwise (``evaluate.split_of``).

Usage: .venv/bin/python benchmarks/actors_check.py [SHARED_DIR] [--split tune|check|all]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import dev_split  # sibling script; the script's folder is on sys.path when it runs
from newsevents import actors, evaluate, nlp
from newsevents.actors.dictionary import key
from newsevents.records import Analysis, Article


def _f1(gold: set, predicted: set) -> float:
    hits = len(gold & predicted)
    return 2 * hits / (len(gold) + len(predicted)) if gold or predicted else 1.0


def ner_f1(shared: Path, split: str) -> dict[str, float]:
    """Exact-span F1 of bare spaCy, spaCy with the actor ruler, and the ruler plus ``find_actors``."""
    rows = dev_split.select(evaluate.load_gold(shared / "benchmarks" / "conll2003_testb" / "dev.jsonl"), split)
    gold = {(r["id"], e["start"], e["end"], e["label"]) for r in rows for e in r["gold"]["entities"]}
    scores = {}
    for setting, patterns, resolve in (("bare", (), False), ("ruler", actors.ruler_patterns(), False), ("ruler+resolve", actors.ruler_patterns(), True)):
        analyses = nlp.parse((Analysis(article=Article(text=r["text"], external_id=r["id"])) for r in rows), patterns, with_parser=False)
        predicted = set()
        for analysis in analyses:
            entities = actors.find_actors(analysis).entities if resolve else analysis.entities
            predicted |= {
                (analysis.article.external_id, e.start, e.end, evaluate.conll_label(e.label))
                for e in entities
                if evaluate.conll_label(e.label)
            }
        scores[setting] = _f1(gold, predicted)
    return scores


def _normalise(name: str) -> set[str]:
    """Gold actor names without "(Benin)", "(2016-)", "(ISIL)" and with each part of "A: B" and "A and/or B"."""
    parts = re.split(r":| and/or ", re.sub(r"\([^)]*\)", "", name))
    return {key(p) for p in parts if p.strip()}


def actor1_found(shared: Path, source: str, split: str) -> tuple[float, float]:
    """Share of notes where some resolved actor matches gold actor1: by name or alias, and by ``evaluate.actor_matches``."""
    rows = [r for r in dev_split.select(evaluate.load_gold(shared / "benchmarks" / source / "dev.jsonl"), split)
            if r["gold"].get("actor1")]
    by_id = {a.id: a for a in actors.actor_dictionary()}
    named = lenient = 0
    analyses = nlp.parse((Analysis(article=Article(text=r["text"])) for r in rows), actors.ruler_patterns(), with_parser=True)
    for row, analysis in zip(rows, analyses):
        gold = row["gold"]["actor1"]
        names = set()
        mentions = actors.find_actors(analysis).actors
        for mention in mentions:
            names.add(key(mention.name))
            if mention.actor_id in by_id:
                actor = by_id[mention.actor_id]
                names |= {key(a) for a in (actor.name, *actor.aliases)}
        named += bool(_normalise(gold) & names)
        lenient += any(
            evaluate.actor_matches(gold, {"name": m.name, "country_code": m.country_code, "type": m.type}, row["gold"].get("country_code"))
            for m in mentions
        )
    return named / len(rows), lenient / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", nargs="?", type=Path, default=Path(__file__).resolve().parents[2] / "shared",
                        help="the folder holding benchmarks/ (default: ../shared)")
    dev_split.add_option(parser)
    args = parser.parse_args()
    print(f"actor dictionary: {len(actors.actor_dictionary())} actors, {len(actors.check())} problems")
    for setting, score in ner_f1(args.shared, args.split).items():
        print(f"conll2003_testb dev {args.split} NER F1 ({setting}): {score:.3f}")
    for source in ("acled_afg2020", "acled_benin", "gtd2013_mena", "gtd2013_other"):
        named, lenient = actor1_found(args.shared, source, args.split)
        print(f"{source} dev {args.split} actor1 found among resolved actors: {named:.3f} by name, {lenient:.3f} by evaluate.actor_matches")


if __name__ == "__main__":
    main()
