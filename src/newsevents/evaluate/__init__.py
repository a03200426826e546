"""Scores ``newsevents extract`` output against labelled gold files (``newsevents eval``).

A gold file is JSON Lines, one document a line:
``{"id", "text", "title"?, "published"?, "source"?, "gold": {"task": ..., ...}}``.
``gold.task`` chooses the metrics:

* ``acled`` / ``gtd`` (one event per document): ACLED event type accuracy and
  macro-F1, sub-event type macro-F1, actor1/actor2 match, fatalities and
  injuries exact match, date exact match, country accuracy, and geocoding
  (acc@161km, median error, coverage), all on the document's primary event.
* ``plover``: PLOVER event type accuracy and macro-F1, mode accuracy.
* ``geo``: toponym recognition P/R/F1 by span overlap, then acc@161km and
  median error over the matched toponyms.
* ``ner``: entity P/R/F1, exact span and label, after mapping spaCy labels to CoNLL.

``split_of`` puts each dev document in its ``tune`` part (about two thirds: read and fix these)
or its ``check`` part (the rest: scored, never read), by a hash of its id.

``score_merging`` scores the store's merge of reports across articles (pairwise P/R/F1).

Scoring rules, the same for every task:

* A gold field that is null is skipped for that metric (it is not in the denominator).
* A document without a prediction, or whose prediction carries ``"error"``,
  counts as predicting nothing: every metric it is in the denominator of misses.
* Macro-F1 averages F1 over the labels that occur in the gold; a missing
  prediction is the label ``(none)``, which lowers recall of the gold label.
* Geocoding: a missing or coordinate-less prediction is a miss for acc@161km and
  is left out of the median error; ``coverage`` says how many had coordinates.
* Actors match leniently (see ``actor_matches``): ACLED names such as
  "Military Forces of Afghanistan (2014-2021)" and our "Afghan military" are the same actor.
"""

from __future__ import annotations

from ..geometry import EARTH_RADIUS_KM, haversine_km
from .actor_match import actor_matches
from .geometry import ACCURACY_RADIUS_KM
from .gold import load_gold, load_predictions, strip_gold
from .merging import GoldReport, MergeScore, load_merge_gold, score_merging
from .report import Report, format_metric, markdown_table, text_table
from .scoring import WORST_PER_FIELD, score
from .split import Split, split_of
from .tasks import NONE_LABEL, conll_label, primary_event

__all__ = [
    "ACCURACY_RADIUS_KM",
    "EARTH_RADIUS_KM",
    "NONE_LABEL",
    "GoldReport",
    "MergeScore",
    "WORST_PER_FIELD",
    "Report",
    "Split",
    "actor_matches",
    "conll_label",
    "format_metric",
    "haversine_km",
    "load_gold",
    "load_merge_gold",
    "load_predictions",
    "markdown_table",
    "primary_event",
    "score",
    "score_merging",
    "split_of",
    "strip_gold",
    "text_table",
]
