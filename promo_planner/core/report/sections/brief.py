"""The brief: one printed page a manager reads in two minutes (SPEC 6), at most 40 lines of
Markdown however large the portfolio.

Readiness (and the claim when it differs) with the change since the last check-in, ready or
not, whether the target date holds, the top asks, how much the manager has rated and how often
we disagree, what changed since the last check-in, and the next steps of the plan. Every list
here is capped; the details below hold the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from promo_planner.core.planner import asks_now, next_steps
from promo_planner.core.records import Checkin, Thumb, json_number
from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report import words
from promo_planner.core.report.facts import Ask, Facts
from promo_planner.core.report.section import Section

TOP_ASKS = 5
NEW_TITLES = 3
CHANGES_LISTED = 4
STEPS = 3
TITLE_SHOWN = 80
"""Characters of a title the brief shows (the details show it whole): it must fit a page."""


@dataclass(frozen=True)
class StatusChange:
    """A required criterion whose status differs from the baseline check-in's."""

    criterion_id: str
    title: str
    before: str
    now: str


@dataclass(frozen=True)
class RatingChange:
    """One side's 👍/👎 on a criterion, then and now (None: not rated)."""

    criterion_id: str
    title: str
    who: str
    before: Thumb | None
    now: Thumb | None


@dataclass(frozen=True)
class Brief(Section):
    """The first page: the state, the asks, the changes and what comes next."""

    KEY = "brief"
    FIRST_PAGE = True

    readiness: Decimal
    readiness_claimed: Decimal
    threshold: Decimal
    ready: bool
    below_floor: tuple[str, ...]
    change: Decimal | None
    baseline: Checkin | None
    date_line: str
    feasible: bool
    earliest: dt.date
    target_date: dt.date
    required: int
    manager_rated: int
    disagreements: int
    asks: tuple[Ask, ...]
    more_asks: int
    today: dt.date
    new_ids: tuple[int, ...]
    new_titles: tuple[str, ...]
    status_changes: tuple[StatusChange, ...] | None
    """None when the baseline check-in did not record statuses (an older one)."""
    rating_changes: tuple[RatingChange, ...] | None
    """None when the baseline check-in did not record ratings (an older one)."""
    steps: tuple[str, ...]
    checkins: tuple[Checkin, ...]

    @classmethod
    def wants(cls, facts: Facts) -> list[int]:
        """The newest new pieces of evidence, whose titles the brief names."""
        return list(facts.new_since[:NEW_TITLES])

    @classmethod
    def of(cls, facts: Facts) -> Brief:
        """The brief from the facts."""
        found = facts.assessment
        path = facts.path
        rated = sum(1 for cp in found.criteria if cp.manager_rating is not None)
        required = {cp.criterion.id for cp in found.criteria}
        disagreements = sum(
            1 for r in facts.health if r.agreement == "disagree" and r.criterion_id in required
        )
        new = facts.new_since
        titles = tuple(
            words.truncate(" ".join(facts.evidence[i].title.split()), TITLE_SHOWN)
            for i in new[:NEW_TITLES]
            if i in facts.evidence
        )
        return cls(
            readiness=found.readiness,
            readiness_claimed=found.readiness_claimed,
            threshold=found.threshold,
            ready=found.ready,
            below_floor=tuple(a.area.name for a in found.areas_below_floor),
            change=facts.readiness_change,
            baseline=facts.baseline,
            date_line=_date_line(facts),
            feasible=path.feasible,
            earliest=path.earliest_promotion_date,
            target_date=path.target_date,
            required=len(found.criteria),
            manager_rated=rated,
            disagreements=disagreements,
            asks=facts.asks[:TOP_ASKS],
            more_asks=max(0, len(facts.asks) - TOP_ASKS),
            today=facts.today,
            new_ids=new,
            new_titles=titles,
            status_changes=_status_changes(facts),
            rating_changes=_rating_changes(facts),
            steps=tuple(_steps(facts)),
            checkins=facts.checkins,
        )

    # -- words shared by the formats ---------------------------------------------------------

    def verdict(self) -> str:
        """``ready`` or ``not ready yet`` (naming the areas below the floor)."""
        if self.ready:
            return "ready"
        if self.readiness >= self.threshold and self.below_floor:
            return f"not ready yet: below the area floor in {', '.join(self.below_floor)}"
        return "not ready yet"

    def readiness_words(self) -> str:
        """``62.5% of 90% needed (I claim 70.0%)``."""
        text = f"{words.percent(self.readiness)} of {words.threshold(self.threshold)} needed"
        if self.readiness_claimed != self.readiness:
            text += f" (I claim {words.percent(self.readiness_claimed)})"
        return text

    def change_words(self) -> str:
        """``+12.5 points since 2026-10-22 (was 50.0%)``, or that this is the first check-in."""
        base = self.baseline
        if base is None or self.change is None:
            return "the first check-in"
        return (
            f"{words.points(self.change)} since {base.date} (was {words.percent(base.readiness)})"
        )

    def manager_words(self) -> str:
        """``My manager has rated 5 of 23 criteria; we disagree on 1.``"""
        text = f"My manager has rated {self.manager_rated} of {self.required} criteria"
        if self.disagreements:
            return text + f"; we disagree on {self.disagreements}."
        return text + ("; we agree on all we both rated." if self.manager_rated else ".")

    def new_words(self) -> tuple[str, list[str]]:
        """The count of new evidence and the titles to name."""
        count = words.plural(len(self.new_ids), "new piece", "new pieces") + " of evidence"
        return count, list(self.new_titles)

    def status_words(self) -> list[str]:
        """``Designs for testability: partial → met``, one per change."""
        return [
            f"{words.truncate(c.title, TITLE_SHOWN)}: {c.before} → {c.now}"
            for c in self.status_changes or ()
        ]

    def rating_words(self) -> list[str]:
        """``Writes runbooks: my manager 👍 up → 👎 down, me not rated → 👍 up``, one per
        criterion."""
        changed: dict[str, list[str]] = {}
        for c in self.rating_changes or ():
            who = "my manager" if c.who == "manager" else "me"
            before = words.thumb(c.before) if c.before else "not rated"
            now = words.thumb(c.now) if c.now else "cleared"
            changed.setdefault(words.truncate(c.title, TITLE_SHOWN), []).append(
                f"{who} {before} → {now}"
            )
        return [f"{title}: {', '.join(said)}" for title, said in changed.items()]

    # -- Markdown ------------------------------------------------------------------------

    def markdown(self) -> list[str]:
        """The brief in at most ~30 lines."""
        lines = [
            "## Brief",
            "",
            f"- **Readiness:** {self.readiness_words()}: {self.verdict()}; {self.change_words()}",
            f"- **Promotion date:** {self.date_line}",
            f"- **Manager's view:** {self.manager_words()}",
            "",
            "**Asks for my manager**",
            "",
        ]
        if not self.asks:
            lines.append("Nothing to ask for now.")
        for i, ask in enumerate(self.asks, 1):
            lines.append(f"{i}. {ask_markdown(ask, self.today)}")
        if self.more_asks:
            lines += ["", f"*… and {self.more_asks} more under “Asks for my manager” below.*"]
        lines += ["", f"**{self.changes_heading()}**", ""]
        lines += [f"- {line}" for line in self._change_lines_md()]
        lines += ["", "**Next steps**", ""]
        if not self.steps:
            lines.append("Nothing to start: no gap needs closing.")
        lines += [f"{i}. {m.inline(step)}" for i, step in enumerate(self.steps, 1)]
        return lines

    def changes_heading(self) -> str:
        """``Since the last check-in (2026-10-22)`` or ``So far``."""
        if self.baseline is None:
            return "So far (no earlier check-in)"
        return f"Since the last check-in ({self.baseline.date})"

    def _change_lines_md(self) -> list[str]:
        count, titles = self.new_words()
        shown = [f"“{m.inline(t)}”" for t in titles]
        hidden = len(self.new_ids) - len(shown)
        new = count + (": " + "; ".join(shown) if shown else "")
        if shown and hidden > 0:
            new += f"; and {hidden:,} more"
        lines = [new]
        if self.baseline is not None:
            if self.status_changes is None:
                lines.append("Statuses and ratings: not recorded at that check-in")
            else:
                status = [m.inline(s) for s in self.status_words()]
                ratings = [m.inline(r) for r in self.rating_words()]
                lines.append(
                    "Status changed: " + (m.listed(status, CHANGES_LISTED) if status else "none")
                )
                lines.append(
                    "Ratings changed: " + (m.listed(ratings, CHANGES_LISTED) if ratings else "none")
                )
        return lines

    # -- HTML ----------------------------------------------------------------------------

    def html(self) -> str:
        """The brief as a boxed first page."""
        verdict_class = "ready" if self.ready else "not-ready"
        direction = ""
        if self.change is not None:
            direction = "up" if self.change > 0 else "down" if self.change < 0 else "flat"
        claimed = (
            f'<span class="muted">I claim {h.esc(words.percent(self.readiness_claimed))}</span>'
            if self.readiness_claimed != self.readiness
            else ""
        )
        headline = (
            '<div class="headline">'
            f'<span class="big">{h.esc(words.percent(self.readiness))}</span>'
            f"<span>of {h.esc(words.threshold(self.threshold))} needed: "
            f'<span class="verdict {verdict_class}">{h.esc(self.verdict())}</span></span>'
            f"{claimed}"
            f'<span class="change {direction}">{h.esc(self.change_words())}</span></div>'
        )
        facts = (
            '<dl class="facts">'
            f"<dt>Promotion date</dt><dd>{h.esc(self.date_line)}</dd>"
            f"<dt>Manager's view</dt><dd>{h.esc(self.manager_words())}</dd></dl>"
        )
        asks = "".join(f"<li>{ask_html(a, self.today)}</li>" for a in self.asks)
        asks_html = f'<ol class="asks">{asks}</ol>' if asks else h.empty("Nothing to ask for now.")
        if self.more_asks:
            asks_html += (
                f'<p class="muted small">… and {self.more_asks} more under “Asks for my manager”'
                " below.</p>"
            )
        count, titles = self.new_words()
        new = h.esc(count)
        if titles:
            hidden = len(self.new_ids) - len(titles)
            new += ": " + "; ".join(f"“{h.esc(t)}”" for t in titles)
            if hidden > 0:
                new += f"; and {hidden:,} more"
        changes = [new]
        if self.baseline is not None:
            if self.status_changes is None:
                changes.append("Statuses and ratings: not recorded at that check-in")
            else:
                status = [h.esc(s) for s in self.status_words()]
                ratings = [h.esc(r) for r in self.rating_words()]
                changes.append("Status changed: " + (_listed(status) if status else "none"))
                changes.append("Ratings changed: " + (_listed(ratings) if ratings else "none"))
        steps = "".join(f"<li>{h.esc(s)}</li>" for s in self.steps)
        return (
            '<section id="brief" class="brief"><h2>Brief</h2>'
            f"{headline}{facts}"
            f"<h3>Asks for my manager</h3>{asks_html}"
            f"<h3>{h.esc(self.changes_heading())}</h3>"
            f'<ul class="plain">{"".join(f"<li>{c}</li>" for c in changes)}</ul>'
            "<h3>Next steps</h3>"
            + (f"<ol>{steps}</ol>" if steps else h.empty("Nothing to start: no gap needs closing."))
            + "</section>"
        )

    # -- JSON ----------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """``readiness``, ``readiness_claimed``, ``readiness_change``, ``brief``,
        ``new_since_last`` and ``checkins``."""
        change = None if self.change is None else float(self.change)
        return {
            "readiness": float(self.readiness),
            "readiness_claimed": float(self.readiness_claimed),
            "readiness_change": change,
            "ready": self.ready,
            "threshold": json_number(self.threshold),
            "brief": {
                "readiness": float(self.readiness),
                "readiness_claimed": float(self.readiness_claimed),
                "readiness_change": change,
                "ready": self.ready,
                "verdict": self.verdict(),
                "promotion_date": self.date_line,
                "feasible": self.feasible,
                "target_date": self.target_date.isoformat(),
                "earliest_promotion_date": self.earliest.isoformat(),
                "required": self.required,
                "manager_rated": self.manager_rated,
                "disagreements": self.disagreements,
                "asks": [ask_json(a) for a in self.asks],
                "more_asks": self.more_asks,
                "since": self.baseline.date.isoformat() if self.baseline else None,
                "new_evidence": len(self.new_ids),
                "status_changes": None
                if self.status_changes is None
                else [
                    {
                        "criterion": c.criterion_id,
                        "title": c.title,
                        "before": c.before,
                        "now": c.now,
                    }
                    for c in self.status_changes
                ],
                "rating_changes": None
                if self.rating_changes is None
                else [
                    {
                        "criterion": c.criterion_id,
                        "title": c.title,
                        "who": c.who,
                        "before": c.before,
                        "now": c.now,
                    }
                    for c in self.rating_changes
                ],
                "next_steps": list(self.steps),
            },
            "last_checkin": None
            if self.baseline is None
            else {
                "date": self.baseline.date.isoformat(),
                "target_level": self.baseline.target_level,
                "readiness": float(self.baseline.readiness),
                "readiness_claimed": float(self.baseline.readiness_claimed),
                "files": list(self.baseline.files),
                "evidence": list(self.baseline.evidence_ids),
            },
            "new_since_last": list(self.new_ids),
            "checkins": [
                {
                    "date": c.date.isoformat(),
                    "readiness": float(c.readiness),
                    "readiness_claimed": float(c.readiness_claimed),
                    "files": list(c.files),
                }
                for c in self.checkins
            ],
        }


def _listed(items: list[str]) -> str:
    if len(items) <= CHANGES_LISTED:
        return "; ".join(items)
    return "; ".join(items[:CHANGES_LISTED]) + f"; and {len(items) - CHANGES_LISTED:,} more"


# --------------------------------------------------------------------------- the asks, in words


def ask_text(ask: Ask, today: dt.date) -> tuple[str, str, str]:
    """An ask as ``(what, title, why)``: ``An opportunity to show``, the criterion's title, and
    when or why, so each format can set the title apart its own way."""
    if ask.kind == "opportunity":
        return "An opportunity to show", ask.title, words.ask_when(ask, today)
    if ask.kind == "dispute":
        on = f" on {ask.manager_on}" if ask.manager_on else ""
        return (
            "A shared view of",
            ask.title,
            f"you rated it {words.thumb(ask.manager_value)}{on}; I count it: {ask.claim}",
        )
    on = f" of {ask.manager_on}" if ask.manager_on else ""
    noun = words.plural(ask.new_evidence, "piece", "pieces")
    return (
        "A fresh look at",
        ask.title,
        f"{noun} of evidence linked since your {words.thumb(ask.manager_value)}{on}",
    )


def ask_markdown(ask: Ask, today: dt.date) -> str:
    """One ask as a Markdown line."""
    what, title, why = ask_text(ask, today)
    title = words.truncate(title, TITLE_SHOWN)
    return f"**{what}** “{m.inline(title)}” ({m.code(ask.criterion_id)}): {m.inline(why)}."


def ask_html(ask: Ask, today: dt.date) -> str:
    """One ask as HTML."""
    what, title, why = ask_text(ask, today)
    title = words.truncate(title, TITLE_SHOWN)
    return (
        f"<strong>{h.esc(what)}</strong> “{h.esc(title)}” {h.ident(ask.criterion_id)}: "
        f"{h.esc(why)}."
    )


def ask_json(ask: Ask) -> dict[str, Any]:
    """One ask as JSON."""
    return {
        "kind": ask.kind,
        "criterion": ask.criterion_id,
        "title": ask.title,
        "start": ask.start.isoformat() if ask.start else None,
        "latest_start": ask.latest_start.isoformat() if ask.latest_start else None,
        "overdue": ask.overdue,
        "now": ask.now,
        "self": ask.self_value,
        "manager": ask.manager_value,
        "manager_on": ask.manager_on.isoformat() if ask.manager_on else None,
        "claim": ask.claim,
        "new_evidence": ask.new_evidence,
    }


# --------------------------------------------------------------------------- what changed


def _status_changes(facts: Facts) -> tuple[StatusChange, ...] | None:
    base = facts.baseline
    if base is None:
        return ()
    if not base.statuses:
        return None
    return tuple(
        StatusChange(cp.criterion.id, cp.criterion.title, base.statuses[cp.criterion.id], cp.status)
        for cp in facts.assessment.criteria
        if cp.criterion.id in base.statuses and base.statuses[cp.criterion.id] != cp.status
    )


def _rating_changes(facts: Facts) -> tuple[RatingChange, ...] | None:
    base = facts.baseline
    if base is None:
        return ()
    if not base.statuses:
        return None  # recorded before check-ins kept statuses and ratings
    now = {row.criterion_id: (row.self_value, row.manager_value) for row in facts.health}
    out = []
    for row in facts.health:  # health order: disagreements first
        then = base.ratings.get(row.criterion_id, (None, None))
        current = now[row.criterion_id]
        for side, who in ((1, "manager"), (0, "self")):
            if then[side] != current[side]:
                out.append(
                    RatingChange(row.criterion_id, row.title, who, then[side], current[side])
                )
    return tuple(out)


# --------------------------------------------------------------------------- the plan


def _date_line(facts: Facts) -> str:
    path = facts.path
    target = path.target_date.isoformat()
    earliest = path.earliest_promotion_date.isoformat()
    if path.beyond_calendar:
        return "no promotion date can be planned: the plan runs past the end of the calendar"
    assumed = " (none set: 26 weeks from today)" if path.target_date_assumed else ""
    if path.feasible:
        spare = (path.target_date - path.earliest_promotion_date).days
        return (
            f"the target date {target}{assumed} holds; earliest promotion date {earliest} "
            f"({words.plural(spare, 'day')} to spare)"
        )
    text = (
        f"the target date {target}{assumed} does not hold: earliest promotion date {earliest}, "
        f"{words.plural(path.days_late, 'day')} late"
    )
    if path.capacity_needed is not None:
        text += f"; working on {path.capacity_needed} gaps at once would make it"
    return text


def _steps(facts: Facts) -> list[str]:
    """The plan's next steps without the asks (listed above) and the verdict (the date line):
    what to start today, later this week, and next."""
    path = facts.path
    if path.beyond_calendar:
        return []
    steps = next_steps(path)[:-1]  # the last one is the verdict
    if asks_now(path):
        steps = steps[:-1]  # the ask line, said in the asks
    return steps[:STEPS]
