"""The report as JSON: everything it says, machine-readable (SPEC section 7, ``report --format
json``). Readiness values are numbers with one decimal; dates are ISO ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from promo_planner.core.planner.explanation import path_document
from promo_planner.core.records import json_number
from promo_planner.core.report.model import Report

SCHEMA = "promo-planner/report/v1"


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _progress(value: Fraction) -> float:
    return round(float(value), 4)


def report_to_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON values (dicts, lists, strings, numbers, booleans, null).

    Raises ValueError for a report built with ``complete=False``: the JSON report is the one
    that holds every piece of evidence in full.
    """
    if not report.complete:
        raise ValueError("the JSON report needs build_report(..., complete=True)")
    p = report.plan
    last = report.last_checkin
    return {
        "schema": SCHEMA,
        "today": report.today.isoformat(),
        "plan": {
            "guideline": p.guideline_id,
            "guideline_name": p.guideline_name,
            "guideline_version": p.guideline_version,
            "current_level": p.current_level,
            "current_title": p.current_title,
            "target_level": p.target_level,
            "target_title": p.target_title,
            "target_date": _date(p.target_date),
            "deadline": _date(p.deadline),
            "capacity": p.capacity,
            "threshold": json_number(p.threshold),
            "feasible": p.feasible,
            "earliest_promotion_date": _date(p.earliest_promotion_date),
            "readiness_after": _num(p.readiness_after),
        },
        "readiness": _num(report.readiness),
        "threshold": json_number(report.threshold),
        "ready": report.ready,
        "readiness_change": _num(report.readiness_change),
        "last_checkin": None
        if last is None
        else {
            "date": last.date.isoformat(),
            "target_level": last.target_level,
            "readiness": _num(last.readiness),
            "readiness_claimed": _num(last.readiness_claimed),
            "files": list(last.files),
            "evidence": list(last.evidence_ids),
        },
        "areas": [
            {
                "id": a.area.id,
                "name": a.area.name,
                "met": a.met,
                "partial": a.partial,
                "missing": a.missing,
                "total": a.total,
                "readiness": _num(a.readiness),
            }
            for a in report.areas
        ],
        "gaps": [
            {
                "criterion": g.criterion_id,
                "title": g.title,
                "area": g.area_id,
                "level": g.level,
                "status": g.status,
                "progress": _progress(g.progress),
                "full": g.full,
                "partial": g.partial,
                "evidence_required": g.evidence_required,
                "still_needs": g.still_needs,
                "needs_opportunity": g.needs_opportunity,
                "new_at_target": g.new_at_target,
                "on_path": g.on_path,
                "start": _date(g.start),
                "finish": _date(g.finish),
                "latest_start": _date(g.latest_start),
                "effort_days": g.effort_days,
                "slack_days": g.slack_days,
                "critical": g.critical,
                "requires": list(g.requires),
            }
            for g in report.gaps
        ],
        "asks": [
            {
                "kind": a.kind,
                "criterion": a.criterion_id,
                "title": a.title,
                "start": _date(a.start),
                "latest_start": _date(a.latest_start),
                "overdue": a.overdue,
                "self": a.self_value,
                "manager": a.manager_value,
            }
            for a in report.asks
        ],
        "path": path_document(report.path),
        "evidence": [e.to_json(with_kind=True) for e in report.evidence],
        "evidence_by_criterion": [
            {
                "criterion": ce.criterion_id,
                "title": ce.title,
                "status": ce.status,
                "evidence": [{"id": le.evidence_id, "strength": le.strength} for le in ce.evidence],
            }
            for ce in report.evidence_by_criterion
        ],
        "other_evidence": list(report.other_evidence),
        "health_check": [
            {
                "criterion": row.criterion_id,
                "title": row.title,
                "agreement": row.agreement,
                "self": row.self_value,
                "manager": row.manager_value,
                "self_note": row.self_note,
                "manager_note": row.manager_note,
            }
            for row in report.health_check
        ],
        "questions": [
            {"key": q.key, "question": q.text, "prefill": list(q.prefill), "answer": q.answer}
            for q in report.questions
        ],
        "notes": [{"id": n.id, "date": n.date.isoformat(), "text": n.text} for n in report.notes],
        "new_since_last": list(report.new_since_last),
        "kept_links": [
            {"evidence": k.evidence_id, "criterion": k.criterion_id, "strength": k.strength}
            for k in report.kept_links
        ],
    }


def render_json(report: Report) -> str:
    """The report as indented JSON text (UTF-8 as is, keys in a stable order), ending in a
    newline."""
    return json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n"
