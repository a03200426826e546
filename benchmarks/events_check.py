"""Accuracy of the events stage on the dev benchmarks, next to a keyword baseline.

    .venv/bin/python benchmarks/events_check.py [--benchmarks DIR] [--limit N] [--split tune|check|all]

``--own`` instead scores our own news articles (tests/fixtures/news_articles.jsonl): every event of each
article against its hand-coded gold (events to find, events that may be found, events that must not be found
because they are planned, feared, denied, hypothetical, negated or background).

``--split`` (default ``tune``) chooses the part of each dev set (``evaluate.split_of``); ``--misses``
prints only documents of that part, so tuning reads tune documents alone.

Reads ``<source>/dev.jsonl`` (gold stripped before analysis), runs nlp.parse,
the actors, places and dates stages, and events.extract_events;
scores the document's primary event (evaluate.primary_event's rule).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import dev_split  # sibling script; the script's folder is on sys.path when it runs
from newsevents import actors, dates, events, nlp, places
from newsevents.records import Analysis, Article, event_to_contract

ACLED_SOURCES = ("acled_afg2020", "acled_benin", "acled_legacy2016", "case2021_task2", "gtd2013_mena", "gtd2013_other")
# case2021 snippets carry no fatality figures in their gold.
FATALITY_SOURCES = ("acled_afg2020", "acled_benin", "acled_legacy2016")
PLOVER_SOURCE = "plover_gsr"
OWN_SET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "news_articles.jsonl"
# Gold fields compared on a found event when the gold names them (None included: an unknown toll).
OWN_FIELDS = ("acled_sub_event_type", "fatalities", "injuries", "date", "is_aggregate")

# The trivial baseline: the first keyword found in the text decides.
BASELINE_ACLED = (
    ("airstrike", "Explosions/Remote violence", "Air/drone strike"),
    ("drone", "Explosions/Remote violence", "Air/drone strike"),
    ("suicide", "Explosions/Remote violence", "Suicide bomb"),
    ("bomb", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("ied", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("shell", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("protest", "Protests", "Peaceful protest"),
    ("riot", "Riots", "Violent demonstration"),
    ("arrest", "Strategic developments", "Arrests"),
    ("kidnap", "Violence against civilians", "Abduction/forced disappearance"),
    ("abduct", "Violence against civilians", "Abduction/forced disappearance"),
    ("civilian", "Violence against civilians", "Attack"),
    ("clash", "Battles", "Armed clash"),
    ("attack", "Battles", "Armed clash"),
)
BASELINE_PLOVER = (
    ("protest", "PROTEST"), ("agree", "AGREE"), ("reject", "REJECT"), ("attack", "ASSAULT"), ("kill", "ASSAULT"),
    ("threat", "THREATEN"), ("urge", "REQUEST"), ("demand", "REQUEST"), ("accus", "ACCUSE"), ("withdr", "RETREAT"),
    ("arrest", "COERCE"), ("support", "SUPPORT"), ("aid", "AID"), ("deploy", "MOBILIZE"), ("met ", "CONSULT"),
    ("sanction", "SANCTION"),
)
BASELINE_KILLED = re.compile(r"(\d+)\s+(?:\w+\s+){0,3}(?:were|was)?\s*killed", re.I)


def _stages() -> list:
    """The stages that run before events, in pipeline order."""
    return [actors.find_actors, places.resolve_places, dates.resolve_dates]


def _primary(predicted: list[dict]) -> dict | None:
    ordered = sorted(predicted, key=lambda e: e["evidence"]["start"])
    singles = [e for e in ordered if not e["is_aggregate"]]
    if singles:
        return max(singles, key=lambda e: e["confidence"])
    return ordered[0] if ordered else None


def _predict_all(rows: list[dict], stages: list) -> list[list[dict]]:
    """Every event of each row, as contract dicts."""
    analyses = (Analysis(Article(text=r["text"], title=r.get("title"), published=r.get("published"))) for r in rows)
    found = []
    for analysis in nlp.parse(analyses):
        for stage in stages:
            try:
                analysis = stage(analysis)
            except Exception:  # a stage still being written must not stop the measurement
                pass
        found.append([event_to_contract(e) for e in events.extract_events(analysis).events])
    return found


def _predict(rows: list[dict], stages: list) -> list[dict | None]:
    return [_primary(found) for found in _predict_all(rows, stages)]


def _fits(gold: dict, event: dict) -> bool:
    """Whether ``event`` is the one a gold entry describes: its type (when given) and words in its evidence."""
    actor1 = (event.get("actor1") or {}).get("name") or ""
    return (gold.get("words", "") in event["evidence"]["text"]
            and all(event.get(k) == gold[k] for k in ("event_type", "acled_sub_event_type", "is_aggregate") if k in gold)
            and gold.get("actor1_contains", "").lower() in actor1.lower()
            and (not gold.get("event_types") or event["event_type"] in gold["event_types"]))


def own_figures(docs: list[dict], found: list[list[dict]], show: bool = False) -> dict[str, float | int]:
    """Precision and recall of events, fields of those found, and events told that did not happen.

    ``found`` holds each article's contract events (``newsevents extract`` output); ``show`` prints every miss.
    """
    wanted = hit = predicted = right = unreal = fields = fields_right = 0
    for doc, events_ in zip(docs, found):
        gold = doc["gold"]
        for entry in gold["events"]:
            wanted += 1
            match = next((e for e in events_ if _fits({k: entry[k] for k in ("words", "event_type")}, e)), None)
            if match is not None:
                hit += 1
                for key in (k for k in OWN_FIELDS if k in entry):
                    fields += 1
                    fields_right += match.get(key) == entry[key]
                    if show and match.get(key) != entry[key]:
                        print(f"- {doc['id']} {entry['words']!r} {key}: gold {entry[key]} ours {match.get(key)}")
            elif show:
                print(f"- {doc['id']} missed {entry['event_type']} {entry['words']!r}")
        for event in events_:
            predicted += 1
            told = [a for a in gold["absent"] if _fits(a, event)]
            unreal += bool(told)
            right += not told and any(_fits(g, event) for g in gold["events"] + gold["optional"])
            if show and (told or not any(_fits(g, event) for g in gold["events"] + gold["optional"])):
                print(f"- {doc['id']} {'UNREAL' if told else 'extra'} {event['event_type']} "
                      f"{event.get('acled_sub_event_type')} [{(event.get('trigger') or {}).get('text')}] | {event['evidence']['text'][:90]}")
    recall, precision = hit / wanted, right / predicted if predicted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"articles": len(docs), "events": predicted, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3), "fields_right": fields_right, "fields": fields, "unreal": unreal}


def own_text(figures: dict) -> str:
    return (f"own news articles ({figures['articles']}): events {figures['events']}, precision {figures['precision']:.3f}, "
            f"recall {figures['recall']:.3f}, F1 {figures['f1']:.3f}, fields {figures['fields_right']}/{figures['fields']}, "
            f"events that did not happen {figures['unreal']}")


def _baseline(text: str) -> dict:
    lower = text.lower()
    acled = next(((t, s) for k, t, s in BASELINE_ACLED if k in lower), (None, None))
    plover = next((p for k, p in BASELINE_PLOVER if k in lower), None)
    killed = BASELINE_KILLED.search(text)
    return {
        "acled_event_type": acled[0], "acled_sub_event_type": acled[1], "event_type": plover,
        "fatalities": int(killed.group(1)) if killed else 0,
    }


def _macro_f1(pairs: list[tuple[str, str]]) -> float | None:
    gold = Counter(g for g, _ in pairs)
    pred = Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p)
    scores = []
    for label in gold:
        precision = hits[label] / pred[label] if pred[label] else 0.0
        recall = hits[label] / gold[label]
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else None


def _field_pairs(golds, predictions, gold_key, pred_key=None):
    pred_key = pred_key or gold_key
    return [
        (g[gold_key], str((p or {}).get(pred_key)) if p and p.get(pred_key) is not None else "(none)")
        if gold_key != "fatalities" else (g[gold_key], (p or {}).get(pred_key))
        for g, p in zip(golds, predictions)
        if g.get(gold_key) is not None
    ]


def _report(golds: list[dict], predictions: list, sources: list[str]) -> dict[str, float | None]:
    acled = [(g, p, s) for g, p, s in zip(golds, predictions, sources) if s in ACLED_SOURCES]
    fatal = [(g, p) for g, p, s in zip(golds, predictions, sources) if s in FATALITY_SOURCES]
    plover = [(g, p) for g, p, s in zip(golds, predictions, sources) if s == PLOVER_SOURCE]
    types = _field_pairs([g for g, _, _ in acled], [p for _, p, _ in acled], "acled_event_type")
    subs = _field_pairs([g for g, _, _ in acled], [p for _, p, _ in acled], "acled_sub_event_type")
    deaths = _field_pairs([g for g, _ in fatal], [p for _, p in fatal], "fatalities")
    plover_pairs = _field_pairs([g for g, _ in plover], [p for _, p in plover], "event_type")
    return {
        "acled_type_accuracy": sum(g == p for g, p in types) / len(types) if types else None,
        "acled_sub_macro_f1": _macro_f1(subs),
        "fatalities_exact": sum(g == p for g, p in deaths) / len(deaths) if deaths else None,
        "plover_type_macro_f1": _macro_f1(plover_pairs),
        "n_type": len(types), "n_sub": len(subs), "n_fatalities": len(deaths), "n_plover": len(plover_pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
    parser.add_argument("--benchmarks", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=0, help="documents per source (0: all)")
    dev_split.add_option(parser)
    parser.add_argument("--misses", type=str, default="", help="print type, sub-type and fatality misses of this source")
    parser.add_argument("--own", action="store_true", help=f"score only {OWN_SET.relative_to(OWN_SET.parents[2])} "
                        "(with --misses own: print its misses)")
    args = parser.parse_args()
    stages = _stages()
    if args.own:
        docs = [json.loads(line) for line in OWN_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
        print(own_text(own_figures(docs, _predict_all(docs, stages), show=args.misses == "own")))
        return
    golds, ours, baseline, sources, texts = [], [], [], [], []
    for source in ACLED_SOURCES + (PLOVER_SOURCE,):
        lines = (args.benchmarks / source / "dev.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        rows = dev_split.select(rows, args.split)
        rows = rows[: args.limit] if args.limit else rows
        golds += [r.pop("gold") for r in rows]
        ours += _predict(rows, stages)
        baseline += [_baseline(r["text"]) for r in rows]
        sources += [source] * len(rows)
        texts += [r["text"] for r in rows]
    print(f"stages used before events: {[s.__module__ for s in stages]}; dev part: {args.split}")
    ours_scores = _report(golds, ours, sources)
    base_scores = _report(golds, baseline, sources)
    print(f"{'metric':24} {'ours':>8} {'baseline':>9} {'n':>5}")
    for metric in ("acled_type_accuracy", "acled_sub_macro_f1", "fatalities_exact", "plover_type_macro_f1"):
        count = ours_scores["n_" + {"acled_type_accuracy": "type", "acled_sub_macro_f1": "sub",
                                    "fatalities_exact": "fatalities", "plover_type_macro_f1": "plover"}[metric]]
        print(f"{metric:24} {ours_scores[metric]:8.3f} {base_scores[metric]:9.3f} {count:5d}")
    if args.misses:
        for gold, predicted, source, text in zip(golds, ours, sources, texts):
            if source != args.misses:
                continue
            keys = ("event_type",) if source == PLOVER_SOURCE else ("acled_event_type", "acled_sub_event_type")
            got = [(predicted or {}).get(k) for k in keys]
            fatal = (predicted or {}).get("fatalities")
            if any(gold.get(k) and gold[k] != g for k, g in zip(keys, got)) or (
                    gold.get("fatalities") is not None and source in FATALITY_SOURCES and gold["fatalities"] != fatal):
                wanted = " / ".join(str(gold.get(k)) for k in keys)
                print(f"- gold {wanted} / {gold.get('fatalities')} | ours {' / '.join(map(str, got))} / {fatal} | {text[:200]}")


if __name__ == "__main__":
    main()
