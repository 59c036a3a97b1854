"""Progress by area: how each area of the target level stands, with a chart in HTML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from promo_planner.core.readiness import AreaProgress
from promo_planner.core.report import htmltext as h
from promo_planner.core.report import mdtext as m
from promo_planner.core.report import words
from promo_planner.core.report.facts import Facts
from promo_planner.core.report.section import Section


@dataclass(frozen=True)
class Areas(Section):
    """Per-area counts and weighted readiness."""

    KEY = "areas"

    areas: tuple[AreaProgress, ...]
    readiness: Decimal
    threshold: Decimal
    area_floor: Decimal

    @classmethod
    def of(cls, facts: Facts) -> Areas:
        """The areas of the target level's required set."""
        found = facts.assessment
        return cls(tuple(found.areas()), found.readiness, found.threshold, found.area_floor)

    def markdown(self) -> list[str]:
        """A table: area, met, partial, missing, readiness."""
        lines = ["## Progress by area", ""]
        if not self.areas:
            return [*lines, "The target level requires nothing."]
        if self.area_floor:
            lines += [f"Every area needs {words.threshold(self.area_floor)} or more.", ""]
        rows = [
            [
                m.cell(a.area.name),
                str(a.met),
                str(a.partial),
                str(a.missing),
                words.percent(a.readiness),
            ]
            for a in self.areas
        ]
        return lines + m.table(["Area", "Met", "Partial", "Missing", "Readiness"], rows)

    def html(self) -> str:
        """A bar chart against the threshold, then the table."""
        if not self.areas:
            return h.section(
                self.KEY, "Progress by area", h.empty("The target level requires nothing.")
            )
        rows = [
            f"<tr><td>{h.esc(a.area.name)}</td><td class='num'>{a.met}</td>"
            f"<td class='num'>{a.partial}</td><td class='num'>{a.missing}</td>"
            f"<td class='num'>{h.esc(words.percent(a.readiness))}</td></tr>"
            for a in self.areas
        ]
        header = [
            ("Area", ""),
            ("Met", "num"),
            ("Partial", "num"),
            ("Missing", "num"),
            ("Readiness", "num"),
        ]
        floor = (
            f'<p class="muted">Every area needs {h.esc(words.threshold(self.area_floor))} or '
            "more.</p>"
            if self.area_floor
            else ""
        )
        svg = chart(self.areas, self.readiness, self.threshold, self.area_floor)
        body = f'<figure class="chart">{svg}</figure>' + floor + h.table(header, rows)
        return h.section(self.KEY, "Progress by area", body)

    def to_json(self) -> dict[str, Any]:
        """``areas``."""
        return {
            "areas": [
                {
                    "id": a.area.id,
                    "name": a.area.name,
                    "met": a.met,
                    "held": a.held,
                    "partial": a.partial,
                    "missing": a.missing,
                    "total": a.total,
                    "readiness": float(a.readiness),
                    "readiness_claimed": float(a.readiness_claimed),
                }
                for a in self.areas
            ]
        }


def chart(
    areas: Iterable[AreaProgress], readiness: Decimal, threshold: Decimal, floor: Decimal
) -> str:
    """An inline SVG: one horizontal bar per area (weighted progress, 0-100 %), overall first.

    Each bar is measured against what applies to it: the overall bar against the readiness
    threshold, each area against the area floor (a dashed mark on each); green when it is
    there, amber when not. Without a floor the area bars are neutral: no area has a bar to
    clear on its own."""
    rows: list[tuple[str, Decimal, bool]] = [("Overall", readiness, True)]
    rows += [(a.area.name, a.readiness, False) for a in areas]
    label_w, bar_w, value_w, row_h, bar_h, top = 220, 420, 70, 30, 16, 24
    width = label_w + bar_w + value_w
    height = top + row_h * len(rows) + 18
    x0 = label_w

    def x(pct: Decimal) -> float:
        return x0 + bar_w * float(max(Decimal(0), min(Decimal(100), pct))) / 100

    floor_words = f", each area against the {words.threshold(floor)} area floor" if floor else ""
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">Readiness against the {h.esc(words.threshold(threshold))} '
        f"threshold{h.esc(floor_words)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        tx = x(Decimal(tick))
        parts.append(
            f'<line class="grid" x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - 14}"/>'
        )
        parts.append(
            f'<text class="tick" x="{tx:.1f}" y="{top - 10}" text-anchor="middle">{tick}%</text>'
        )
    for i, (name, pct, overall) in enumerate(rows):
        y = top + i * row_h + (row_h - bar_h) / 2
        bar = threshold if overall else floor
        state = "ok" if pct >= bar else "short"
        if not overall and not floor:
            state = "plain"
        label = words.truncate(name, 26)
        weight = ' font-weight="700"' if overall else ""
        parts.append(
            f'<text class="label" x="{label_w - 10}" y="{y + bar_h - 3:.1f}" '
            f'text-anchor="end"{weight}><title>{h.esc(name)}</title>{h.esc(label)}</text>'
        )
        parts.append(
            f'<rect class="track" x="{x0}" y="{y:.1f}" width="{bar_w}" height="{bar_h}" rx="3"/>'
        )
        parts.append(
            f'<rect class="fill {state}" x="{x0}" y="{y:.1f}" width="{x(pct) - x0:.1f}" '
            f'height="{bar_h}" rx="3"/>'
        )
        if overall or floor:
            mark = x(bar)
            parts.append(
                f'<line class="threshold" x1="{mark:.1f}" y1="{y - 3:.1f}" x2="{mark:.1f}" '
                f'y2="{y + bar_h + 3:.1f}"/>'
            )
        parts.append(
            f'<text class="value" x="{x0 + bar_w + 8}" y="{y + bar_h - 3:.1f}"{weight}>'
            f"{h.esc(words.percent(pct))}</text>"
        )
    legend = f"dashed: needed ({words.threshold(threshold)} overall"
    legend += f", {words.threshold(floor)} per area)" if floor else ")"
    parts.append(f'<text class="needed" x="{x0}" y="{height - 2}">{h.esc(legend)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
