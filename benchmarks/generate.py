"""A deterministic stress portfolio: a career's worth of evidence on a big ladder.

    python benchmarks/generate.py --evidence 10000 --out benchmarks/out/p10000

writes DIR/ladder.yaml (9 levels with an IC/manager branch, 10 areas, 600 criteria) and
DIR/portfolio.db planned against it, with about two links per evidence item, ratings, 1:1 notes,
answers and report history. The same arguments always give the same content.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from promo_planner.core.loader import parse_guideline  # noqa: E402
from promo_planner.core.records import (  # noqa: E402
    QUESTION_KEYS,
    Checkin,
    CriterionLink,
    EvidenceDraft,
    Plan,
)
from promo_planner.core.store import Store  # noqa: E402

TODAY = dt.date(2026, 11, 21)
# Levels: a shared trunk, then an IC line and a manager line.
LEVELS = [
    ("g1", "Graduate Engineer", None, None),
    ("g2", "Engineer", None, None),
    ("g3", "Senior Engineer", None, None),
    ("g4", "Lead Engineer", None, None),
    ("g5-ic", "Staff Engineer", "g4", "ic"),
    ("g6-ic", "Senior Staff Engineer", "g5-ic", "ic"),
    ("g7-ic", "Principal Engineer", "g6-ic", "ic"),
    ("g5-em", "Engineering Manager", "g4", "manager"),
    ("g6-em", "Director of Engineering", "g5-em", "manager"),
]
AREAS = [
    "craft", "design", "delivery", "quality", "operations",
    "impact", "communication", "collaboration", "mentoring", "strategy",
]  # fmt: skip
CURRENT, TARGET = "g3", "g6-ic"
WORDS = [
    "migration",
    "latency",
    "payments",
    "search",
    "billing",
    "onboarding",
    "checkout",
    "platform",
    "api",
    "cache",
    "queue",
    "incident",
    "review",
    "rollout",
    "schema",
    "pipeline",
    "dashboard",
    "alerting",
    "pricing",
    "ledger",
    "mobile",
    "web",
    "auth",
    "permissions",
    "export",
    "import",
    "reporting",
    "growth",
    "retention",
    "experiment",
]


def ladder_yaml(n_criteria: int = 600) -> str:
    """The generated ladder as guideline YAML text."""
    rng = random.Random(7)
    lines = [
        "schema: promo-planner/guideline/v1",
        "id: bench-ladder",
        "name: Benchmark Ladder",
        'version: "1"',
        "promotion: {readiness_threshold: 90, lead_weeks: 4, sustain_weeks: 2}",
        "levels:",
    ]
    for lid, title, after, track in LEVELS:
        lines.append(f"  - id: {lid}")
        lines.append(f"    title: {title}")
        if after:
            lines.append(f"    after: {after}")
        if track:
            lines.append(f"    track: {track}")
    lines.append("areas:")
    for area in AREAS:
        lines += [f"  - id: {area}", f"    name: {area.title()}"]
    lines.append("criteria:")
    by_level: dict[str, list[str]] = {lid: [] for lid, *_ in LEVELS}
    parents = {
        lid: (after or (LEVELS[i - 1][0] if i else None))
        for i, (lid, _, after, _) in enumerate(LEVELS)
    }

    def lineage(lid: str) -> list[str]:
        out = []
        node: str | None = lid
        while node:
            out.append(node)
            node = parents[node]
        return out

    for i in range(n_criteria):
        lid = LEVELS[i % len(LEVELS)][0]
        area = AREAS[(i // len(LEVELS)) % len(AREAS)]
        cid = f"{area}.c{i:03d}"
        lines += [
            f"  - id: {cid}",
            f"    area: {area}",
            f"    level: {lid}",
            f"    title: Shows {rng.choice(WORDS)} {rng.choice(WORDS)} skill {i}",
            f"    description: Criterion {i} of the benchmark ladder, expected from {lid}.",
            f"    examples: [Evidence of {rng.choice(WORDS)}]",
            f"    effort_weeks: {rng.choice([1, 2, 3, 4, 6, 8])}",
        ]
        if rng.random() < 0.3:
            lines.append(f"    weight: {rng.choice([2, 3])}")
        if rng.random() < 0.2:
            lines.append(f"    evidence_required: {rng.choice([2, 3])}")
        if rng.random() < 0.1:
            lines.append("    needs_opportunity: true")
        below = [c for lv in lineage(lid) for c in by_level[lv]]
        if below and rng.random() < 0.25:
            lines.append(f"    requires: [{rng.choice(below)}]")
        by_level[lid].append(cid)
    return "\n".join(lines) + "\n"


def generate(evidence: int, out: Path) -> Path:
    """Write the ladder and the portfolio into ``out``; returns the portfolio path."""
    out.mkdir(parents=True, exist_ok=True)
    db = out / "portfolio.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    text = ladder_yaml()
    (out / "ladder.yaml").write_text(text)
    guideline = parse_guideline(text, str(out / "ladder.yaml"))
    rng = random.Random(evidence)
    required = guideline.required_ids(TARGET)
    # Evidence covers 70 % of the required set, so the planner has a real choice to make.
    linkable = required[: len(required) * 7 // 10]
    with Store.open(db, create=True) as store:
        store.set_plan(
            Plan(
                guideline_id=guideline.id,
                guideline_version=guideline.version,
                current_level=CURRENT,
                target_level=TARGET,
                target_date=TODAY + dt.timedelta(weeks=40),
            ),
            guideline,
        )
        for i in range(evidence):
            # Titles are varied text; a few planted words let the filter benchmark find a known set.
            planted = "Kestrel " if i % 997 == 0 else ("Kestrex " if i % 991 == 0 else "")
            links = tuple(
                CriterionLink(cid, rng.choice(("full", "full", "partial")))
                for cid in sorted(set(rng.sample(linkable, 2)))
            )
            store.add_evidence(
                EvidenceDraft(
                    title=f"{planted}{rng.choice(WORDS).title()} {rng.choice(WORDS)} work #{i}",
                    date=TODAY - dt.timedelta(days=rng.randrange(0, 5 * 365)),
                    description=" ".join(rng.choice(WORDS) for _ in range(30)),
                    impact=(f"{rng.choice(WORDS)} improved {rng.randrange(5, 90)}%",),
                    links=(f"https://example.com/doc/{i}",),
                    tags=(rng.choice(WORDS), rng.choice(WORDS)),
                    kind=rng.choice(("project", "incident", "review", "mentoring", "design")),
                    criteria=links,
                )
            )
        for cid in required[:120]:
            store.rate(cid, "self", rng.choice(("up", "down")), on=TODAY)
            if rng.random() < 0.7:
                store.rate(
                    cid, "manager", rng.choice(("up", "down")), "from the last 1:1", on=TODAY
                )
        for key in QUESTION_KEYS:
            store.set_answer(key, f"My answer about {key}: " + " ".join(rng.sample(WORDS, 12)))
        for k in range(40):
            store.add_note(
                f"1:1 note {k}: " + " ".join(rng.sample(WORDS, 10)), TODAY - dt.timedelta(weeks=k)
            )
        ids = [e.id for e in store.list_evidence()]
        for k, months in enumerate((12, 9, 6, 3)):
            store.record_checkin(
                Checkin(
                    id=0,
                    date=TODAY - dt.timedelta(days=30 * months),
                    target_level=TARGET,
                    readiness=Decimal(40 + 10 * k),
                    readiness_claimed=Decimal(45 + 10 * k),
                    evidence_ids=tuple(ids[len(ids) * (k + 1) // 5 :]),
                    files=(str(out / f"report-{k}.md"),),
                )
            )
    return db


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--evidence", type=int, default=300)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(generate(args.evidence, args.out))


if __name__ == "__main__":
    main()
