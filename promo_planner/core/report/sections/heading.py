"""Who and when: the title, the profile (name, role or team, manager), the levels and the period
the report covers, at the top of every report (SPEC 6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from promo_planner.core.records import Profile, json_number
from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report.facts import Facts, Kind, PlanSummary
from promo_planner.core.report.section import Section

KIND_TITLES: dict[Kind, str] = {"gap": "1:1 report", "packet": "Promotion case"}


def who_words(profile: Profile) -> list[str]:
    """The profile's parts as shown: ``Ada Lovelace``, ``Payments team``, ``manager: Grace``."""
    parts = [profile.name, profile.role]
    if profile.manager:
        parts.append(f"manager: {profile.manager}")
    return [p for p in parts if p]


def level_words(plan: PlanSummary) -> str:
    """``Senior Engineer (L3) → Staff Engineer (L4-ic)``."""
    return (
        f"{plan.current_title} ({plan.current_level}) → {plan.target_title} ({plan.target_level})"
    )


@dataclass(frozen=True)
class Heading(Section):
    """The document's title line and who and when it is about."""

    KEY = "heading"
    FIRST_PAGE = True

    kind: Kind
    today: dt.date
    profile: Profile
    plan: PlanSummary
    period_start: dt.date | None
    baseline_date: dt.date | None
    since: dt.date | None

    @classmethod
    def of(cls, facts: Facts) -> Heading:
        """Who, which levels and which period, from the facts."""
        base = facts.baseline
        start = facts.period.start
        if facts.kind == "packet":
            # The case covers the evidence that counts: from the oldest counted piece.
            days = [day for i, day, _ in facts.index if i in facts.counted]
            start = min(days) if days else None
        return cls(
            kind=facts.kind,
            today=facts.today,
            profile=facts.profile,
            plan=facts.plan,
            period_start=start,
            baseline_date=base.date if base is not None else None,
            since=facts.period.since,
        )

    @property
    def title(self) -> str:
        """``1:1 report: Ada Lovelace, L3 → L4-ic``."""
        who = f"{self.profile.name}, " if self.profile.name else ""
        return (
            f"{KIND_TITLES[self.kind]}: {who}{self.plan.current_level} → {self.plan.target_level}"
        )

    def period_words(self) -> str:
        """``2026-10-22 to 2026-11-21, since the check-in of 2026-10-22``."""
        end = self.today.isoformat()
        if self.kind == "packet":
            start = self.period_start.isoformat() if self.period_start else None
            return f"evidence from {start} to {end}" if start else f"up to {end}"
        if self.baseline_date is not None:
            text = f"{self.baseline_date} to {end}, since the check-in of {self.baseline_date}"
            if self.since is not None and self.since != self.baseline_date:
                text += f" (the latest on or before {self.since})"
            return text
        if self.since is not None:
            return f"{self.since} to {end} (no check-in on or before {self.since} to compare with)"
        first = f"evidence from {self.period_start}; " if self.period_start else ""
        return f"up to {end} ({first}the first check-in)"

    def _ladder(self) -> str:
        p = self.plan
        version = f" {p.guideline_version}" if p.guideline_version else ""
        return f"{p.guideline_name} ({p.guideline_id}{version})"

    def markdown(self) -> list[str]:
        """The title, who, the levels and the period."""
        who = who_words(self.profile)
        lines = [f"# {m.inline(self.title)}", ""]
        if who:
            lines.append(" · ".join(m.inline(part) for part in who) + "  ")
        lines.append(f"{m.inline(level_words(self.plan))} · {m.inline(self._ladder())}  ")
        lines.append(f"Period: {self.period_words()}")
        return lines

    def html(self) -> str:
        """The header block."""
        who = who_words(self.profile)
        p = self.plan
        version = f" {h.esc(p.guideline_version)}" if p.guideline_version else ""
        ladder = f"{h.esc(p.guideline_name)} ({h.ident(p.guideline_id)}{version})"
        return (
            "<header>"
            f"<h1>{h.esc(self.title)}</h1>"
            + (f'<p class="who">{" · ".join(h.esc(w) for w in who)}</p>' if who else "")
            + f'<p class="sub">{h.esc(level_words(p))} · {ladder}</p>'
            f'<p class="sub period">Period: {h.esc(self.period_words())}</p>'
            "</header>"
        )

    def to_json(self) -> dict[str, Any]:
        """``profile``, ``period`` and ``plan``."""
        p = self.plan
        return {
            "today": self.today.isoformat(),
            "profile": self.profile.fields(),
            "period": {
                "from": self.period_start.isoformat() if self.period_start else None,
                "to": self.today.isoformat(),
                "since": self.since.isoformat() if self.since else None,
                "checkin": self.baseline_date.isoformat() if self.baseline_date else None,
            },
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
                "days_late": p.days_late,
                "capacity_needed": p.capacity_needed,
                "readiness_after": float(p.readiness_after),
            },
        }


def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
