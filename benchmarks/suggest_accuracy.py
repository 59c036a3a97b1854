"""How often ``suggest`` ranks the right criterion first, or in its top three.

    python benchmarks/suggest_accuracy.py

The labelled set comes from the bundled ladders: every example a criterion lists is a piece of
work whose right answer is known. Each example is held out (its criterion's document is built
without it), used as the query, and the rank of its criterion noted. The candidates ranked are
those the product ranks: the required set of the level where the criterion is first expected
(an engineer aiming at that level), or, with ``whole_ladder``, every criterion of the ladder.
Deterministic: the same ladders always give the same numbers.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from promo_planner.core.ladder import Guideline  # noqa: E402
from promo_planner.core.loader import resolve_guideline  # noqa: E402
from promo_planner.core.suggest import CriterionRanker  # noqa: E402

BUNDLED = ("software-engineer", "site-reliability-engineer")


@dataclass(frozen=True)
class Accuracy:
    """Held-out examples ranked, and how many put their criterion first / in the top three."""

    examples: int
    top1: int
    top3: int

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.examples if self.examples else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.examples if self.examples else 0.0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(
            self.examples + other.examples, self.top1 + other.top1, self.top3 + other.top3
        )


def evaluate(guideline: Guideline, *, whole_ladder: bool = False) -> Accuracy:
    """Hold out each example of each criterion in turn and rank its criterion."""
    total = Accuracy(0, 0, 0)
    for criterion in guideline.criteria:
        pool = list(guideline.criteria) if whole_ladder else guideline.required(criterion.level)
        for i, example in enumerate(criterion.examples):
            held_out = replace(
                criterion, examples=criterion.examples[:i] + criterion.examples[i + 1 :]
            )
            docs = [held_out if c.id == criterion.id else c for c in pool]
            ranked = CriterionRanker(docs).rank(example, limit=3)
            ids = [s.criterion.id for s in ranked]
            total += Accuracy(1, int(ids[:1] == [criterion.id]), int(criterion.id in ids))
    return total


def bundled_accuracy(*, whole_ladder: bool = False) -> Accuracy:
    """``evaluate`` over every bundled ladder, added up."""
    total = Accuracy(0, 0, 0)
    for name in BUNDLED:
        total += evaluate(resolve_guideline(name), whole_ladder=whole_ladder)
    return total


def _line(name: str, label: str, a: Accuracy) -> str:
    rates = f"top1={a.top1_rate:.1%} top3={a.top3_rate:.1%}"
    return f"{name:28} {label:40} n={a.examples:3} {rates}"


def main() -> int:
    for label, whole in (("required set of the criterion's level", False), ("whole ladder", True)):
        for name in BUNDLED:
            print(_line(name, label, evaluate(resolve_guideline(name), whole_ladder=whole)))
        print(_line("both", label, bundled_accuracy(whole_ladder=whole)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
