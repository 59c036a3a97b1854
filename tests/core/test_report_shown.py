"""``build_report(..., complete=False)``: the Markdown and HTML reports (the 1:1 report and the
packet) read only the evidence they show in full, and say exactly what the complete report
says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from promo_planner.core.ladder import Guideline
from promo_planner.core.records import Checkin, CriterionLink, Evidence, EvidenceDraft
from promo_planner.core.report import build_report, render_html, render_json, render_markdown
from promo_planner.core.report.document import wanted_evidence
from promo_planner.core.store import Store
from tests.core.test_report_model import TODAY, plan_for
from tests.helpers import assessment


@pytest.fixture
def store(tmp_path: Path, ladder: Guideline) -> Iterable[Store]:
    """9 pieces of evidence on craft.testing (two partial), 3 on two criteria, 7 linked to
    nothing required (one only to a criterion the ladder lacks), a report in between."""
    with Store.open(tmp_path / "portfolio.db", create=True) as opened:
        opened.set_plan(plan_for(), ladder)

        def add(title: str, day: int, *links: CriterionLink) -> None:
            opened.add_evidence(
                EvidenceDraft(
                    title,
                    dt.date(2026, 1, 1) + dt.timedelta(days=day % 40),
                    description=f"What {title} was about",
                    impact=(f"{title} saved a day",),
                    links=(f"https://example.com/{day}",),
                    criteria=links,
                )
            )

        for n in range(9):
            strength = "partial" if n in (2, 7) else "full"
            add(f"testing {n}", n * 7, CriterionLink("craft.testing", strength))  # type: ignore[arg-type]
        for n in range(3):
            add(
                f"both {n}",
                n * 11,
                CriterionLink("craft.architecture"),
                CriterionLink("impact.projects"),
            )
        for n in range(6):
            add(f"side {n}", n * 5)
        opened.record_checkin(
            Checkin(
                0,
                TODAY - dt.timedelta(days=7),
                "L5-ic",
                assessment(opened, TODAY).readiness,
                assessment(opened, TODAY).readiness,
                (1, 2, 3),
                files=("r.md",),
            )
        )
        add("orphan", 3, CriterionLink("craft.testing"))
        opened.link(19, "craft.testing", "partial")
        yield opened


@pytest.mark.parametrize("kind", ["gap", "packet"])
def test_markdown_and_html_say_the_same_from_the_shown_evidence_only(
    store: Store, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from promo_planner.core.report.sections import evidence as listing

    monkeypatch.setattr(listing, "EVIDENCE_LISTED", 5)  # the details list the 5 newest
    whole = build_report(store, TODAY, kind=kind)  # type: ignore[arg-type]
    shown = build_report(store, TODAY, kind=kind, complete=False)  # type: ignore[arg-type]
    assert render_markdown(shown) == render_markdown(whole)
    assert render_html(shown) == render_html(whole)
    assert not shown.facts.complete and whole.facts.complete
    assert set(shown.facts.evidence) == wanted_evidence(whole.facts)
    assert len(shown.facts.evidence) < len(whole.facts.evidence) == 19
    assert shown.checkin().evidence_ids == whole.checkin().evidence_ids == tuple(range(1, 20))
    assert (shown.readiness, shown.new_since_last) == (whole.readiness, whole.new_since_last)


def test_the_json_report_refuses_a_report_without_every_piece_of_evidence(store: Store) -> None:
    with pytest.raises(ValueError, match="complete"):
        render_json(build_report(store, TODAY, complete=False))
    assert render_json(build_report(store, TODAY)).count('"title"') >= 19


def test_evidence_removed_between_the_two_reads_is_read_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store.evidence_items
    removed: list[int] = []

    def remove_first_then_read(ids: Iterable[int]) -> list[Evidence]:
        wanted = sorted(ids)
        if not removed:  # another process removes a shown item after the index was read
            with Store.open(store.path, create=True) as other:
                removed.append(other.remove_evidence(wanted[-1]).id)
        return real(wanted)

    monkeypatch.setattr(store, "evidence_items", remove_first_then_read)
    report = build_report(store, TODAY, complete=False)
    assert removed and removed[0] not in report.checkin().evidence_ids
    assert set(report.facts.evidence) == wanted_evidence(report.facts)
    assert render_markdown(report) == render_markdown(build_report(store, TODAY))
