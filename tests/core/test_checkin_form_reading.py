"""The check-in form from the snapshot's index, reading in full only the titles it names, is
the same form as from every item in full (``checkin export`` on a long portfolio)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from promo_planner.core.checkin_form import EVIDENCE_NAMED, form_yaml
from promo_planner.core.ladder import Guideline
from promo_planner.core.portfolio import require_snapshot
from promo_planner.core.records import CriterionLink, Evidence, EvidenceDraft, Plan
from promo_planner.core.store import Store

TODAY = dt.date(2026, 3, 2)


def test_the_form_reads_only_the_titles_it_names_and_says_the_same(
    tmp_path: Path, ladder: Guideline
) -> None:
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan("mini", "1.0", "L3", "L5-ic"), ladder)
        many = EVIDENCE_NAMED + 4
        for i in range(many):
            store.add_evidence(
                EvidenceDraft(
                    f"Harness piece {i}",
                    TODAY - dt.timedelta(days=many - i),
                    criteria=(CriterionLink("craft.testing"),),
                ),
                today=TODAY,
            )
        asked: list[set[int]] = []

        def read(ids: set[int]) -> list[Evidence]:
            asked.append(set(ids))
            return store.evidence_items(ids)

        whole = form_yaml(require_snapshot(store, TODAY, full_evidence=True))
        lean = form_yaml(require_snapshot(store, TODAY), read)
        assert lean == whole
        assert len(asked) == 1 and len(asked[0]) == EVIDENCE_NAMED  # not all of them
        newest = f"Harness piece {many - 1}"
        assert newest in lean and f"and {many - EVIDENCE_NAMED} more" in lean
        assert "Harness piece 0 " not in lean
