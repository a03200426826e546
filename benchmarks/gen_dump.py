"""Write a synthetic multi-article dump in the pasted style of raw news dumps (for speed benchmarks).

Usage: python benchmarks/gen_dump.py /tmp/dump_10k.txt --articles 10000 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

PLACES = ["Erbil", "Kirkuk", "Baghdad", "Nabatieh", "Tyre", "Bint Jbeil", "Aleppo", "Idlib", "Sanaa", "Hodeidah", "Gaza City", "Khan Younis"]
ACTORS = ["Israeli Military", "Hezbollah", "Houthis", "Kataib Hezbollah", "Iraqi Forces", "US-led Coalition", "Syrian Army"]
VERBS = ["Strikes", "Shells", "Targets", "Attacks", "Raids"]
CREDITS = ["(Reuters)", "(Asharq Al-Awsat)", "(Photo by Hassan AMMAR / AFP)", "(AP Photo/Bilal Hussein)"]
SENTENCES = [
    "{actor} carried out a strike near {place} on {day}, killing {n} people and wounding {m}, local officials said.",
    "The state news agency said the attack in {place} hit a residential building shortly after midnight.",
    "A spokesman for {actor} said the operation targeted weapons depots and launch sites near {place}.",
    "The Foreign Ministry condemned the attack and accused {actor} of violating the ceasefire.",
    "Hundreds of people protested in {place} on {day} against the violence, witnesses said.",
    "Since early 2023, more than {big} attacks have been recorded in the area, according to a monitoring group.",
    "Two days later, another drone struck a vehicle on the road to {place}, causing no injuries.",
    "Last month, {actor} said it would respond to any further strikes on its positions around {place}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(rng: random.Random) -> str:
    """One article: headline, duplicated caption, stray marker, repeated header block, body."""
    place, actor = rng.choice(PLACES), rng.choice(ACTORS)
    headline = f"{actor} {rng.choice(VERBS)} Positions Near {place} as Tensions Rise on {rng.choice(DAYS)}"
    caption = f"Smoke rises over {place} after a strike on {rng.choice(DAYS)} {rng.choice(CREDITS)}"
    header = f"{headline}\n\n{caption}\n{caption}\n"
    # Distinct templates per article: a paragraph repeated verbatim would read as a pasted caption.
    body = "\n\n".join(
        sentence.format(
            actor=rng.choice(ACTORS), place=rng.choice(PLACES), day=rng.choice(DAYS), n=rng.randint(1, 9), m=rng.randint(1, 30), big=rng.randint(100, 400)
        )
        for sentence in rng.sample(SENTENCES, rng.randint(6, len(SENTENCES)))
    )
    return f"{header}TT\n\n{header}\n{body}\n"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the dump."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with args.output.open("w", encoding="utf-8") as handle:
        for number in range(args.articles):
            if number:
                handle.write("\n" * rng.randint(2, 3))
            handle.write(article(rng))
    print(f"wrote {args.articles} articles, {args.output.stat().st_size / 1e6:.1f} MB to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
