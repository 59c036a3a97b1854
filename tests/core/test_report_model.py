"""The 1:1 report's content (SPEC section 6): what each section says, built from hand-made
records through the pure ``assemble_report`` and, at the end, from a real store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from promo_planner.core.ladder import Guideline
from promo_planner.core.planner import build_path
from promo_planner.core.readiness import assess
from promo_planner.core.records import (
    QUESTION_KEYS,
    Checkin,
    CriterionLink,
    Evidence,
    EvidenceDraft,
    Note,
    Plan,
    Rating,
)
from promo_planner.core.report import Report, assemble_report, build_report, write_report
from promo_planner.core.report.facts import still_needs
from promo_planner.core.report.sections.areas import Areas
from promo_planner.core.report.sections.evidence import EvidenceList
from promo_planner.core.report.sections.questions import Questions
from promo_planner.core.store import Store

TODAY = dt.date(2026, 3, 2)


def plan_for(
    target_date: dt.date | None = dt.date(2026, 12, 1), threshold: Decimal | None = None
) -> Plan:
    """L3 → L5-ic on the mini ladder (required: craft.testing ×2, craft.architecture w2,
    impact.projects needs an opportunity; none of them held at L3, so every number here comes
    from evidence)."""
    return Plan(
        "mini",
        "1.0",
        "L3",
        "L5-ic",
        target_date=target_date,
        readiness_threshold=threshold,
    )


def evidence(
    evidence_id: int,
    title: str,
    day: dt.date,
    *links: tuple[str, str],
    description: str = "",
    impact: tuple[str, ...] = (),
    urls: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Evidence:
    """A stored piece of evidence with ``(criterion, strength)`` links."""
    return Evidence(
        title=title,
        date=day,
        description=description,
        impact=impact,
        links=urls,
        tags=tags,
        criteria=tuple(CriterionLink(c, s) for c, s in links),  # type: ignore[arg-type]
        id=evidence_id,
    )


def make_report(
    ladder: Guideline,
    evidence_list: Iterable[Evidence] = (),
    *,
    plan: Plan | None = None,
    ratings: Iterable[Rating] = (),
    answers: Mapping[str, str] | None = None,
    notes: Iterable[Note] = (),
    last: Checkin | None = None,
    today: dt.date = TODAY,
    **more: object,
) -> Report:
    """The report of these records, through the real assessment and planner."""
    plan = plan or plan_for()
    items = list(evidence_list)
    links = [(e.id, c.criterion_id, c.strength) for e in items for c in e.criteria]
    ratings = list(ratings)
    assessment = assess(
        ladder,
        plan.current_level,
        plan.target_level,
        links,
        plan.readiness_threshold,
        ratings=ratings,
    )
    return assemble_report(
        today=today,
        plan=plan,
        assessment=assessment,
        path=build_path(assessment, plan, today),
        evidence=items,
        ratings=ratings,
        answers=answers,
        notes=notes,
        checkins=[last] if last is not None else [],
        **more,  # type: ignore[arg-type]
    )


def record(readiness: str, evidence_ids: tuple[int, ...], day: dt.date) -> Checkin:
    """A previous check-in (a report written to a file that day)."""
    return Checkin(
        1, day, "L5-ic", Decimal(readiness), Decimal(readiness), evidence_ids, files=("r",)
    )


# --------------------------------------------------------------------------- still needs


def test_still_needs_counts_what_is_missing_in_full_pieces_and_names_what_is_there(
    ladder: Guideline,
) -> None:
    one_partial = assess(ladder, "L3", "L5-ic", [(1, "craft.testing", "partial")])
    assert still_needs(one_partial.by_id["craft.testing"]) == (
        "2 more full pieces of evidence or 3 more partial (has 1 partial)"
    )
    one_full = assess(ladder, "L3", "L5-ic", [(1, "craft.testing", "full")])
    assert still_needs(one_full.by_id["craft.testing"]) == (
        "1 more full piece of evidence (has 1 full)"
    )
    half_left = assess(
        ladder,
        "L3",
        "L5-ic",
        [(1, "craft.testing", "full"), (2, "craft.testing", "partial")],
    )
    assert still_needs(half_left.by_id["craft.testing"]) == (
        "1 more full piece of evidence or 1 more partial (has 1 full and 1 partial)"
    )
    assert still_needs(one_full.by_id["impact.projects"]) == "1 more full piece of evidence"


# --------------------------------------------------------------------------- readiness


def test_readiness_change_is_now_minus_the_last_recorded_report(ladder: Guideline) -> None:
    items = [evidence(1, "Harness", dt.date(2026, 2, 1), ("craft.testing", "full"))]
    first = make_report(ladder, items)
    assert first.readiness == Decimal("12.5")  # weight 1 of 4, half met
    assert first.readiness_change is None
    later = make_report(ladder, items, last=record("5.0", (1,), dt.date(2026, 2, 1)))
    assert later.readiness_change == Decimal("7.5")
    fell = make_report(ladder, items, last=record("30.0", (1,), dt.date(2026, 2, 1)))
    assert fell.readiness_change == Decimal("-17.5")


def test_new_since_last_is_the_evidence_the_last_report_did_not_have(ladder: Guideline) -> None:
    items = [
        evidence(1, "Old", dt.date(2026, 1, 5), ("craft.testing", "full")),
        evidence(2, "Newer", dt.date(2026, 2, 5)),
        evidence(3, "Newest", dt.date(2026, 2, 25), ("impact.projects", "partial")),
    ]
    assert make_report(ladder, items).new_since_last == (3, 2, 1)
    since = make_report(ladder, items, last=record("0.0", (1, 2), dt.date(2026, 2, 10)))
    assert since.new_since_last == (3,)
    assert since.checkin().evidence_ids == (1, 2, 3)


# --------------------------------------------------------------------------- areas and gaps


def test_areas_summarise_status_counts_and_weighted_readiness(ladder: Guideline) -> None:
    items = [evidence(1, "Harness", dt.date(2026, 2, 1), ("craft.testing", "full"))]
    report = make_report(ladder, items)
    areas = {a.area.id: a for a in report.section(Areas).areas}
    assert list(areas) == ["craft", "impact"]
    craft = areas["craft"]
    assert (craft.met, craft.partial, craft.missing, craft.total) == (0, 1, 1, 2)
    assert craft.readiness == Decimal("16.7")  # (1 × 1/2) / (1 + 2)
    assert areas["impact"].readiness == Decimal("0.0")


def test_gaps_follow_the_path_then_the_gaps_it_leaves_out(ladder: Guideline) -> None:
    # At 50 % the cheapest way is testing + projects (28 days); architecture is left out.
    report = make_report(ladder, plan=plan_for(threshold=Decimal(50)))
    path_ids = [item.criterion_id for item in report.facts.path.items]
    gaps = report.facts.gaps
    assert [g.criterion_id for g in gaps] == [*path_ids, "craft.architecture"]
    on_path = {g.criterion_id: g for g in gaps if g.on_path}
    assert set(on_path) == {"craft.testing", "impact.projects"}
    for item in report.facts.path.items:
        gap = on_path[item.criterion_id]
        assert (gap.start, gap.finish, gap.latest_start, gap.slack_days) == (
            item.start,
            item.finish,
            item.latest_start,
            item.slack_days,
        )
    left = gaps[-1]
    assert not left.on_path
    assert left.start is None and left.finish is None and left.latest_start is None


def test_a_met_criterion_is_not_a_gap(ladder: Guideline) -> None:
    items = [
        evidence(1, "A", dt.date(2026, 1, 1), ("craft.testing", "full")),
        evidence(2, "B", dt.date(2026, 1, 2), ("craft.testing", "full")),
    ]
    report = make_report(ladder, items)
    gaps = report.facts.gaps
    assert "craft.testing" not in [g.criterion_id for g in gaps]
    assert [g.criterion_id for g in gaps] == [i.criterion_id for i in report.facts.path.items]


# --------------------------------------------------------------------------- asks, health


def test_asks_name_the_opportunity_then_the_disputes_then_what_to_rate_again(
    ladder: Guideline,
) -> None:
    items = [
        evidence(1, "Harness", dt.date(2026, 2, 1), ("craft.testing", "full")),
        evidence(2, "Layers", dt.date(2026, 2, 2), ("craft.architecture", "full")),
        evidence(3, "Project", dt.date(2026, 2, 3), ("impact.projects", "partial")),
    ]
    on = dt.date(2026, 2, 10)
    ratings = [
        Rating("craft.testing", "self", "up", rated_on=on),
        Rating("craft.testing", "manager", "down", rated_on=on),
        Rating("craft.architecture", "self", "up", rated_on=on),
        Rating("craft.architecture", "manager", "up", rated_on=on),
        # Both say 👎: nothing to talk over, though the evidence is there.
        Rating("impact.projects", "self", "down", rated_on=on),
        Rating("impact.projects", "manager", "down", rated_on=on),
    ]
    report = make_report(ladder, items, ratings=ratings)
    kinds = [(a.kind, a.criterion_id) for a in report.facts.asks]
    assert kinds == [("opportunity", "impact.projects"), ("dispute", "craft.testing")]
    opportunity = report.facts.asks[0]
    item = report.facts.path.item("impact.projects")
    assert (opportunity.start, opportunity.latest_start) == (item.start, item.latest_start)
    assert not opportunity.overdue and opportunity.now
    dispute = report.facts.asks[1]
    assert (dispute.self_value, dispute.manager_value, dispute.manager_on) == ("up", "down", on)
    assert dispute.claim == "1 of 2 pieces of evidence"


def test_evidence_linked_after_the_managers_rating_asks_for_a_fresh_look(
    ladder: Guideline,
) -> None:
    rated = dt.datetime(2026, 2, 10, 9)
    later = CriterionLink("craft.architecture", "full", dt.date(2026, 2, 20), rated.replace(day=20))
    items = [
        Evidence(title="Layers", date=dt.date(2026, 2, 1), id=1, criteria=(later,)),
    ]
    ratings = [Rating("craft.architecture", "manager", "up", "", dt.date(2026, 2, 10), rated)]
    plan = plan_for()
    links = [(1, "craft.architecture", "full", dt.date(2026, 2, 1), later.when)]
    assessment = assess(ladder, "L3", "L5-ic", links, ratings=ratings, today=TODAY)
    report = assemble_report(
        today=TODAY,
        plan=plan,
        assessment=assessment,
        path=build_path(assessment, plan, TODAY),
        evidence=items,
        ratings=ratings,
    )
    (ask,) = [a for a in report.facts.asks if a.kind == "rerate"]
    assert (ask.criterion_id, ask.new_evidence, ask.manager_value) == (
        "craft.architecture",
        1,
        "up",
    )
    (row,) = [r for r in report.facts.health if r.criterion_id == "craft.architecture"]
    assert row.rerate and report.facts.health[0] is row  # agreed, yet first: rate it again


def test_an_opportunity_whose_last_safe_start_has_passed_is_marked_overdue(
    ladder: Guideline,
) -> None:
    # Three weeks to the target: everything should have started already. The plan still
    # starts it no earlier than today; its last safe start is behind us.
    report = make_report(ladder, plan=plan_for(target_date=TODAY + dt.timedelta(weeks=3)))
    assert not report.facts.path.feasible
    opportunity = next(a for a in report.facts.asks if a.kind == "opportunity")
    assert opportunity.start is not None and opportunity.start >= TODAY
    assert opportunity.latest_start is not None and opportunity.latest_start < TODAY
    assert opportunity.overdue


def test_health_check_lists_disagreements_then_mine_only_then_unrated_then_settled(
    ladder: Guideline,
) -> None:
    ratings = [
        Rating("impact.projects", "self", "up", "led the migration"),
        Rating("impact.projects", "manager", "up"),
        Rating("craft.architecture", "self", "up"),
        Rating("craft.testing", "manager", "down", "coverage is thin"),
        Rating("craft.architecture", "manager", "down", "not yet"),
        Rating("people.hiring", "self", "down"),  # not required at the target: still shown
    ]
    report = make_report(ladder, ratings=ratings, plan=plan_for(threshold=Decimal(50)))
    rows = report.facts.health
    # Disagreements, then what only I rated (my manager's turn), then the settled ones (the
    # manager's word stands) in path order: testing is still a gap, projects is met.
    assert [(r.criterion_id, r.agreement) for r in rows] == [
        ("craft.architecture", "disagree"),
        ("people.hiring", "self-only"),
        ("craft.testing", "manager-only"),
        ("impact.projects", "agree"),
    ]
    assert rows[0].manager_note == "not yet"
    agreed = next(r for r in rows if r.criterion_id == "impact.projects")
    assert agreed.self_note == "led the migration"
    assert agreed.title == "Leads multi-team projects"


def test_health_check_lists_every_required_criterion_even_unrated(ladder: Guideline) -> None:
    ratings = [Rating("craft.testing", "self", "up")]
    rows = make_report(ladder, ratings=ratings).facts.health
    assert [(r.criterion_id, r.agreement) for r in rows] == [
        ("craft.testing", "self-only"),
        ("impact.projects", "unrated"),
        ("craft.architecture", "unrated"),
    ]


# --------------------------------------------------------------------------- questions


def test_questions_come_in_order_with_answers_and_prefilled_lack_and_risks(
    ladder: Guideline,
) -> None:
    report = make_report(
        ladder,
        plan=plan_for(target_date=TODAY + dt.timedelta(weeks=8)),
        answers={"revisit": "The on-call rota", "risks": "A reorg in Q2"},
    )
    assert [q.key for q in report.section(Questions).questions] == list(QUESTION_KEYS)
    by_key = {q.key: q for q in report.section(Questions).questions}
    assert by_key["revisit"].answer == "The on-call rota"
    assert by_key["lack"].answer == ""
    lack = by_key["lack"].prefill
    assert [line.split(" (")[0] for line in lack] == [g.title for g in report.facts.gaps]
    risks = by_key["risks"].prefill
    assert not report.facts.path.feasible
    # The path's own verdict: how late, and whether any capacity would make the date.
    assert risks[0].startswith("The path does not fit. The target date ")
    assert f"the earliest promotion date is {report.facts.path.earliest_promotion_date}" in risks[0]
    assert any("Leads multi-team projects: needs an opportunity" in line for line in risks[1:])
    assert any("after its last safe start" in line for line in risks[1:])
    assert by_key["risks"].answer == "A reorg in Q2"


def test_a_comfortable_plan_has_no_timeline_risks_but_the_opportunity(ladder: Guideline) -> None:
    report = make_report(ladder, plan=plan_for(target_date=dt.date(2027, 6, 1)))
    risks = {q.key: q for q in report.section(Questions).questions}["risks"].prefill
    assert report.facts.path.feasible
    assert len(risks) == 1 and risks[0].startswith("Leads multi-team projects: needs an")


def test_lack_lists_the_top_gaps_and_counts_the_rest(make_guideline: object) -> None:
    criteria = [
        {"id": f"craft.c{i}", "area": "craft", "level": "L4", "title": f"Criterion {i}"}
        for i in range(8)
    ]
    ladder = make_guideline(criteria=criteria)  # type: ignore[operator]
    plan = Plan("mini", "1.0", "L3", "L4", target_date=dt.date(2027, 1, 1))
    report = make_report(ladder, plan=plan)
    lack = {q.key: q for q in report.section(Questions).questions}["lack"].prefill
    assert len(lack) == 6
    assert lack[-1] == "… and 3 more gaps."


# --------------------------------------------------------------------------- evidence


def test_evidence_is_listed_once_newest_first_with_the_criteria_it_supports(
    ladder: Guideline,
) -> None:
    items = [
        evidence(1, "Older", dt.date(2026, 1, 5), ("craft.testing", "full")),
        evidence(
            2,
            "Newer",
            dt.date(2026, 2, 5),
            ("craft.testing", "partial"),
            ("impact.projects", "full"),
        ),
        evidence(3, "Talk", dt.date(2026, 2, 9), ("retired.criterion", "full")),
    ]
    section = make_report(ladder, items).section(EvidenceList)
    assert [i.evidence.id for i in section.items] == [3, 2, 1]
    newer = section.items[1]
    assert [section.support_words(s) for s in newer.supports] == [
        "Designs for testability (partial)",
        "Leads multi-team projects",
    ]
    talk = section.items[0]
    assert section.support_words(talk.supports[0]) == (
        "retired.criterion: not in this ladder (kept, not counted)"
    )
    assert "supports no criterion of L5-ic" in section.meta(talk)


def test_notes_are_oldest_first(ladder: Guideline) -> None:
    notes = [Note(2, dt.date(2026, 2, 1), "second"), Note(1, dt.date(2026, 1, 1), "first")]
    assert [n.text for n in make_report(ladder, notes=notes).section(Questions).notes] == [
        "first",
        "second",
    ]


# --------------------------------------------------------------------------- from a store


@pytest.fixture
def store(tmp_path: Path, ladder: Guideline) -> Iterable[Store]:
    with Store.open(tmp_path / "portfolio.db", create=True) as opened:
        opened.set_plan(plan_for(), ladder)
        yield opened


def test_build_report_reads_everything_from_the_store(store: Store) -> None:
    first = store.add_evidence(
        EvidenceDraft("Harness", dt.date(2026, 2, 1), criteria=(CriterionLink("craft.testing"),))
    )
    store.rate("craft.testing", "self", "up", on=TODAY)
    store.rate("craft.testing", "manager", "down", "one piece is not enough", on=TODAY)
    store.set_answer("unclear", "What counts as multi-team?")
    store.add_note("Asked about the platform project", TODAY)
    report = build_report(store, TODAY)
    # The manager's 👎 decides (SPEC 4): the agreed number drops to 0, the claim stays.
    assert report.readiness == Decimal("0.0")
    assert report.facts.assessment.readiness_claimed == Decimal("12.5")
    assert report.readiness_change is None
    assert [i.evidence.id for i in report.section(EvidenceList).items] == [first.id]
    assert report.facts.health[0].agreement == "disagree"
    assert {q.key: q.answer for q in report.section(Questions).questions}[
        "unclear"
    ] == "What counts as multi-team?"
    assert [n.text for n in report.section(Questions).notes] == ["Asked about the platform project"]


def test_write_report_writes_the_file_and_records_it_as_the_baseline(
    store: Store, tmp_path: Path
) -> None:
    first = store.add_evidence(
        EvidenceDraft("Harness", dt.date(2026, 2, 1), criteria=(CriterionLink("craft.testing"),))
    )
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    recorded = write_report(store, build_report(store, TODAY), "md", out)
    assert out.read_text(encoding="utf-8").startswith("# 1:1 report: L3 → L5-ic")
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.md"]  # no temp left
    assert (recorded.readiness, recorded.evidence_ids) == (Decimal("12.5"), (first.id,))
    assert recorded.statuses["craft.testing"] == "partial"
    assert store.checkins() == [recorded]
    assert recorded.files == (str(out.resolve()),)

    second = store.add_evidence(
        EvidenceDraft(
            "Second harness", dt.date(2026, 2, 20), criteria=(CriterionLink("craft.testing"),)
        )
    )
    later = build_report(store, TODAY + dt.timedelta(days=14))
    assert later.readiness_change == Decimal("12.5")  # 25.0 − 12.5
    assert later.new_since_last == (second.id,)


def test_build_report_without_a_plan_is_an_input_error(tmp_path: Path) -> None:
    from promo_planner.core.errors import InputError

    with (
        Store.open(tmp_path / "empty.db", create=True) as empty,
        pytest.raises(InputError, match="no plan"),
    ):
        build_report(empty, TODAY)
