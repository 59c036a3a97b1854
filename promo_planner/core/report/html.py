"""The report as one self-contained HTML file: inline style, an inline SVG chart, no scripts.

Nothing is fetched or run when the file is opened: no ``<script>``, no remote stylesheet, font
or image, and a Content-Security-Policy that forbids them anyway. Everything the user or the
ladder wrote is escaped with ``html.escape``; only http(s) and mailto links become ``<a>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from decimal import Decimal

from promo_planner.core.planner.explanation import next_steps
from promo_planner.core.readiness import AreaProgress
from promo_planner.core.records import Evidence
from promo_planner.core.report import words
from promo_planner.core.report.model import (
    EVIDENCE_SHOWN,
    NEEDS_OPPORTUNITY,
    NEW_EVIDENCE_SHOWN,
    Gap,
    Report,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

STYLE = """
:root { --ink: #1d232b; --muted: #5b6573; --line: #d9dee5; --soft: #f4f6f9;
  --ok: #2f7d4f; --short: #c0782a; --bad: #b3372e; --accent: #2c5fa8; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: #eef1f5; color: var(--ink);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; }
main { max-width: 62rem; margin: 1.5rem auto; padding: 2rem 2.5rem; background: #fff;
  border-radius: 8px; box-shadow: 0 1px 3px rgba(0, 0, 0, .08); }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.02rem; margin: 1.4rem 0 .4rem; }
p, li, dd, .text, td.long { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
.sub, .muted { color: var(--muted); }
.small { font-size: .85em; }
.id { font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted);
  white-space: nowrap; }
.text { white-space: pre-wrap; }
.summary { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem 1.4rem;
  margin: .6rem 0 1rem; }
.big { font-size: 2.6rem; font-weight: 700; line-height: 1; }
.verdict { font-weight: 600; }
.verdict.ready, .change.up { color: var(--ok); }
.verdict.not-ready, .change.down { color: var(--bad); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.2rem;
  margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted);
  border-bottom-width: 2px; white-space: nowrap; }
td.num, td.date, td.thumb { white-space: nowrap; }
td.warn { color: var(--bad); font-weight: 600; }
td.needs { min-width: 10rem; }
.flags { margin-top: .15rem; }
td.thumb { font-size: 1.1rem; }
.label-small { font-size: .8rem; color: var(--muted); margin: .4rem 0 .2rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.disagree td { background: #fdf1ef; }
.pill { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem;
  font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
.pill.met { color: var(--ok); } .pill.partial { color: var(--short); }
.pill.missing { color: var(--bad); }
.flag { display: inline-block; font-size: .78rem; color: var(--muted); margin-right: .4rem; }
.flag.warn { color: var(--bad); font-weight: 600; }
figure.chart { margin: .4rem 0 1rem; }
figure.chart svg { width: 100%; height: auto; max-width: 46rem; display: block; }
svg .label { font-size: 13px; fill: var(--ink); }
svg .value { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .track { fill: #e9edf2; }
svg .fill.ok { fill: var(--ok); } svg .fill.short { fill: var(--short); }
svg .threshold { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .grid { stroke: #c9d0d9; stroke-width: 1; }
svg .needed { font-size: 11px; fill: var(--bad); }
ol.asks li, ul.plain li { margin-bottom: .4rem; }
.evidence { list-style: none; padding: 0; margin: .3rem 0 1rem; }
.evidence > li { border: 1px solid var(--line); border-left: 4px solid var(--accent);
  border-radius: 4px; padding: .5rem .8rem; margin-bottom: .5rem; }
.evidence > li.partial { border-left-color: var(--short); }
.evidence .head { font-weight: 600; }
.evidence ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.question { border: 1px solid var(--line); border-radius: 6px; padding: .2rem 1rem .6rem;
  margin-bottom: .8rem; }
.question h3 { margin-top: .6rem; }
.answer { border-left: 3px solid var(--accent); padding: .2rem .8rem; background: var(--soft); }
.empty { color: var(--muted); font-style: italic; }
a { color: var(--accent); }
footer { margin-top: 2.5rem; font-size: .85rem; color: var(--muted); }

@page { margin: 14mm 12mm; }
@media print {
  html { font-size: 10.5pt; }
  body { background: none; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 1.4rem; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  p.meta { break-after: avoid; page-break-after: avoid; }
  tr, .evidence > li, .question, figure.chart, .summary, dl.facts, ol.asks li, .criterion {
    break-inside: avoid; page-break-inside: avoid; }
  tr.disagree td, .answer { background: none; }
  tr.disagree td:first-child { border-left: 3px solid var(--bad); }
  a { color: inherit; }
  a.url::after { content: ""; }
}
"""


def esc(text: str) -> str:
    """User or ladder text made inert for HTML (control characters dropped)."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def _link(url: str) -> str:
    safe = words.safe_link(url)
    if safe is None:
        return f'<span class="text">{esc(url)}</span> <span class="muted">(not a web link)</span>'
    return f'<a class="url" href="{esc(safe)}" rel="noopener noreferrer nofollow">{esc(safe)}</a>'


def _id(identifier: str) -> str:
    return f'<span class="id">{esc(identifier)}</span>'


def _table(header: Iterable[tuple[str, str]], rows: Iterable[str]) -> str:
    head = "".join(
        f'<th class="{cls}">{label}</th>' if cls else f"<th>{label}</th>" for label, cls in header
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


# --------------------------------------------------------------------------- the chart


def chart(areas: Iterable[AreaProgress], readiness: Decimal, threshold: Decimal) -> str:
    """An inline SVG: one horizontal bar per area (weighted progress, 0-100 %), overall first,
    with the readiness threshold drawn as a dashed line across all of them."""
    rows: list[tuple[str, Decimal, bool]] = [("Overall", readiness, True)]
    rows += [(a.area.name, a.readiness, False) for a in areas]
    label_w, bar_w, value_w, row_h, bar_h, top = 220, 420, 70, 30, 16, 24
    width = label_w + bar_w + value_w
    height = top + row_h * len(rows) + 18
    x0 = label_w

    def x(pct: Decimal) -> float:
        return x0 + bar_w * float(max(Decimal(0), min(Decimal(100), pct))) / 100

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">Readiness by area, against the '
        f"{esc(words.threshold(threshold))} threshold</title>",
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
        state = "ok" if pct >= threshold else "short"
        label = words.truncate(name, 26)
        weight = ' font-weight="700"' if overall else ""
        parts.append(
            f'<text class="label" x="{label_w - 10}" y="{y + bar_h - 3:.1f}" '
            f'text-anchor="end"{weight}><title>{esc(name)}</title>{esc(label)}</text>'
        )
        parts.append(
            f'<rect class="track" x="{x0}" y="{y:.1f}" width="{bar_w}" height="{bar_h}" rx="3"/>'
        )
        parts.append(
            f'<rect class="fill {state}" x="{x0}" y="{y:.1f}" width="{x(pct) - x0:.1f}" '
            f'height="{bar_h}" rx="3"/>'
        )
        parts.append(
            f'<text class="value" x="{x0 + bar_w + 8}" y="{y + bar_h - 3:.1f}"{weight}>'
            f"{esc(words.percent(pct))}</text>"
        )
    tx = x(threshold)
    parts.append(
        f'<line class="threshold" x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - 14}"/>'
    )
    parts.append(
        f'<text class="needed" x="{tx:.1f}" y="{height - 2}" text-anchor="middle">'
        f"needed: {esc(words.threshold(threshold))}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- sections


def _header(report: Report) -> str:
    p = report.plan
    version = f" {esc(p.guideline_version)}" if p.guideline_version else ""
    return (
        "<header>"
        f"<h1>1:1 gap report: {esc(p.current_level)} → {esc(p.target_level)}</h1>"
        f'<p class="sub">{esc(p.current_title)} → {esc(p.target_title)} · '
        f"{esc(p.guideline_name)} ({_id(p.guideline_id)}{version}) · "
        f"as of {report.today.isoformat()}</p>"
        "</header>"
    )


def _plan(report: Report) -> str:
    p = report.plan
    verdict = (
        '<span class="verdict ready">ready</span>'
        if report.ready
        else '<span class="verdict not-ready">not ready yet</span>'
    )
    last = report.last_checkin
    if last is not None and report.readiness_change is not None:
        direction = "up" if report.readiness_change > 0 else "down"
        if report.readiness_change == 0:
            direction = "flat"
        change = (
            f'<span class="change {direction}">{esc(words.points(report.readiness_change))}'
            f"</span> since the check-in of {last.date.isoformat()} "
            f"(was {esc(words.percent(last.readiness))})"
        )
    else:
        change = '<span class="muted">first recorded report</span>'
    fit = "fits" if p.feasible else f'<span class="verdict not-ready">{esc(words.fit(p))}</span>'
    facts = [
        ("Target date", words.iso(p.target_date)),
        ("Gaps closed by", words.iso(p.deadline)),
        ("Path", fit),
        ("Earliest promotion date", words.iso(p.earliest_promotion_date)),
        ("Readiness after the path", esc(words.percent(p.readiness_after))),
        ("Capacity", f"{p.capacity} gap{'s' if p.capacity != 1 else ''} at a time"),
    ]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return (
        '<section id="plan"><h2>Plan and readiness</h2>'
        f'<div class="summary"><span class="big">{esc(words.percent(report.readiness))}</span>'
        f"<span>of {esc(words.threshold(report.threshold))} needed: {verdict}</span>"
        f"<span>{change}</span></div>"
        f'<dl class="facts">{items}</dl></section>'
    )


def _areas(report: Report) -> str:
    if not report.areas:
        body = '<p class="empty">The target level requires nothing.</p>'
    else:
        rows = [
            f"<tr><td>{esc(a.area.name)}</td><td class='num'>{a.met}</td>"
            f"<td class='num'>{a.partial}</td><td class='num'>{a.missing}</td>"
            f"<td class='num'>{esc(words.percent(a.readiness))}</td></tr>"
            for a in report.areas
        ]
        header = [
            ("Area", ""),
            ("Met", "num"),
            ("Partial", "num"),
            ("Missing", "num"),
            ("Readiness", "num"),
        ]
        body = (
            f'<figure class="chart">{chart(report.areas, report.readiness, report.threshold)}'
            "</figure>" + _table(header, rows)
        )
    return f'<section id="areas"><h2>Progress by area</h2>{body}</section>'


def _flags(gap: Gap) -> str:
    return "".join(
        f'<span class="flag{" warn" if flag == NEEDS_OPPORTUNITY else ""}">{flag}</span>'
        for flag in gap.flags()
    )


def _gaps(report: Report) -> str:
    if not report.gaps:
        body = '<p class="empty">No gaps: every criterion the target level requires is met.</p>'
    else:
        rows = []
        for i, g in enumerate(report.gaps, 1):
            late = " warn" if g.slack_days is not None and g.slack_days <= 0 else ""
            rows.append(
                f"<tr><td class='num'>{i}</td>"
                f"<td class='long'>{esc(g.title)}<br>"
                f'<span class="muted small">{esc(g.area_name)}</span> {_id(g.criterion_id)}'
                f'<div class="flags">{_flags(g)}</div></td>'
                f'<td><span class="pill {g.status}">{g.status}</span></td>'
                f"<td class='long needs'>{esc(g.still_needs)}</td>"
                f"<td class='date'>{words.day_from(g.start, report.today)}</td>"
                f"<td class='date'>{words.day_from(g.finish, report.today)}</td>"
                f"<td class='date'>{words.day_from(g.latest_start, report.today)}</td>"
                f"<td class='num{late}'>{esc(words.slack(g.slack_days))}</td></tr>"
            )
        header = [
            ("#", "num"),
            ("Criterion", ""),
            ("Status", ""),
            ("Still needs", ""),
            ("Start", ""),
            ("Finish", ""),
            ("Latest start", ""),
            ("Slack", "num"),
        ]
        body = _table(header, rows)
    return f'<section id="gaps"><h2>Gaps, in path order</h2>{body}</section>'


def _asks(report: Report) -> str:
    if not report.asks:
        body = (
            '<p class="empty">Nothing to ask for: no gap needs an opportunity and we agree on '
            "every criterion we both rated.</p>"
        )
    else:
        items = []
        for ask in report.asks:
            if ask.kind == "opportunity":
                items.append(
                    f"<li><strong>An opportunity</strong> to show “{esc(ask.title)}” "
                    f"{_id(ask.criterion_id)}: {esc(words.ask_when(ask, report.today))}.</li>"
                )
            else:
                items.append(
                    f"<li><strong>A shared view</strong> of “{esc(ask.title)}” "
                    f"{_id(ask.criterion_id)}: I say {words.thumb(ask.self_value)}, "
                    f"my manager says {words.thumb(ask.manager_value)}.</li>"
                )
        body = f'<ol class="asks">{"".join(items)}</ol>'
    return f'<section id="asks"><h2>Asks for my manager</h2>{body}</section>'


def _path(report: Report) -> str:
    steps = "".join(f"<li>{esc(step)}</li>" for step in next_steps(report.path))
    now = f'<ul class="next-steps">{steps}</ul>'
    titles = {g.criterion_id: g.title for g in report.gaps}
    if not report.path.milestones:
        body = '<p class="empty">No milestones.</p>'
    else:
        rows = [
            f"<tr><td class='date'>{m.date.isoformat()}</td><td>{esc(m.title)}</td>"
            f"<td>{'<br>'.join(esc(titles.get(cid, cid)) for cid in m.criteria)}</td></tr>"
            for m in report.path.milestones
        ]
        body = _table([("Date", ""), ("Milestone", ""), ("Closes", "")], rows)
    return f'<section id="path"><h2>The path</h2>{now}{body}</section>'


def _evidence_item(e: Evidence, strength: str | None, details: dict[int, str]) -> str:
    """One evidence list item; ``details`` keeps what follows the head per evidence id, since
    a piece of evidence linked to several criteria is listed under each of them."""
    cls = f' class="{strength}"' if strength else ""
    meta = f"#{e.id} · {e.date.isoformat()}" + (f" · {strength}" if strength else "")
    found = details.get(e.id)
    if found is None:
        found = details[e.id] = _evidence_details(e)
    return (
        f'<li{cls}><div class="head">{esc(e.title)}</div><div class="muted">{meta}</div>'
        f"{found}</li>"
    )


def _evidence_details(e: Evidence) -> str:
    parts = []
    if e.description.strip():
        parts.append(f'<div class="text">{esc(e.description.strip())}</div>')
    details = [f"<li>Impact: {esc(point)}</li>" for point in e.impact]
    details += [f"<li>Link: {_link(url)}</li>" for url in e.links]
    if e.tags:
        details.append(f"<li>Tags: {esc(', '.join(e.tags))}</li>")
    if details:
        parts.append(f"<ul>{''.join(details)}</ul>")
    return "".join(parts)


def _more(hidden: int) -> str:
    """The line after a capped evidence list saying how much it leaves out (none if 0)."""
    return f'<p class="more muted">{words.more_evidence(hidden)}</p>' if hidden > 0 else ""


def _evidence(report: Report) -> str:
    by_id = report.evidence_by_id()
    details: dict[int, str] = {}
    parts = ['<section id="evidence"><h2>Evidence per criterion</h2>']
    if not report.evidence_by_criterion:
        parts.append('<p class="empty">No evidence is linked to a required criterion yet.</p>')
    for ce in report.evidence_by_criterion:
        items = "".join(
            _evidence_item(by_id[le.evidence_id], le.strength, details)
            for le in ce.evidence[:EVIDENCE_SHOWN]
        )
        parts.append(
            f'<div class="criterion"><h3>{esc(ce.title)} {_id(ce.criterion_id)}</h3>'
            f'<p class="muted meta">{esc(ce.area_name)} · <span class="pill {ce.status}">'
            f"{ce.status}</span> · {words.credit(ce.full, ce.partial, ce.evidence_required)}</p>"
            f'<ul class="evidence">{items}</ul>{_more(len(ce.evidence) - EVIDENCE_SHOWN)}</div>'
        )
    if report.other_evidence:
        items = "".join(
            _evidence_item(by_id[i], None, details) for i in report.other_evidence[:EVIDENCE_SHOWN]
        )
        hidden = len(report.other_evidence) - EVIDENCE_SHOWN
        parts.append(
            '<div class="criterion"><h3>Not linked to a required criterion</h3>'
            f'<ul class="evidence">{items}</ul>{_more(hidden)}</div>'
        )
    if report.kept_links:
        kept = "; ".join(
            f"#{k.evidence_id} → {_id(k.criterion_id)} ({k.strength})" for k in report.kept_links
        )
        parts.append(
            f'<p class="muted"><em>Kept links</em> (to criteria this ladder does not have; kept, '
            f"not counted): {kept}</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def _health(report: Report) -> str:
    if not report.health_check:
        body = '<p class="empty">Nothing rated yet.</p>'
    else:
        rows = []
        for row in report.health_check:
            notes = []
            if row.self_note.strip():
                notes.append(f"<div><strong>Me:</strong> {esc(row.self_note)}</div>")
            if row.manager_note.strip():
                notes.append(f"<div><strong>Manager:</strong> {esc(row.manager_note)}</div>")
            rows.append(
                f'<tr class="{row.agreement}"><td>{esc(row.title)}<br>'
                f"{_id(row.criterion_id)}</td>"
                f"<td class='thumb'>{words.thumb(row.self_value)}</td>"
                f"<td class='thumb'>{words.thumb(row.manager_value)}</td>"
                f"<td>{words.AGREEMENT_WORDS[row.agreement]}</td>"
                f"<td class='long'>{''.join(notes)}</td></tr>"
            )
        header = [("Criterion", ""), ("Me", ""), ("Manager", ""), ("Agreement", ""), ("Notes", "")]
        body = _table(header, rows)
    return f'<section id="health"><h2>Health check</h2>{body}</section>'


def _questions(report: Report) -> str:
    parts = ['<section id="questions"><h2>Open questions for the 1:1</h2>']
    for i, q in enumerate(report.questions, 1):
        parts.append(f'<div class="question"><h3>{i}. {esc(q.text)}</h3>')
        if q.prefill:
            items = "".join(f"<li>{esc(item)}</li>" for item in q.prefill)
            parts.append(f'<p class="muted">From the plan:</p><ul class="plain">{items}</ul>')
        if q.answer.strip():
            parts.append(
                '<p class="label-small">My answer:</p>'
                f'<div class="answer text">{esc(q.answer.strip())}</div>'
            )
        else:
            parts.append('<p class="empty">No answer written yet.</p>')
        parts.append("</div>")
    if report.notes:
        items = "".join(
            f'<li><strong>{n.date.isoformat()}</strong> <div class="text">{esc(n.text.strip())}'
            "</div></li>"
            for n in report.notes
        )
        parts.append(f'<h3>My 1:1 notes</h3><ul class="plain">{items}</ul>')
    parts.append("</section>")
    return "".join(parts)


def _new(report: Report) -> str:
    last = report.last_checkin
    parts = ['<section id="new"><h2>Evidence added since the last check-in</h2>']
    if last is None:
        parts.append(
            '<p class="muted">No report was recorded before this one, so all the evidence counts '
            "as new.</p>"
        )
    if not report.new_since_last:
        text = (
            f"Nothing new since the check-in of {last.date.isoformat()}."
            if last
            else "No evidence yet."
        )
        parts.append(f'<p class="empty">{text}</p>')
    else:
        by_id = report.evidence_by_id()
        items = "".join(
            f"<li>{esc(by_id[i].title)} <span class='muted'>#{i} · "
            f"{by_id[i].date.isoformat()}</span></li>"
            for i in report.new_since_last[:NEW_EVIDENCE_SHOWN]
        )
        hidden = len(report.new_since_last) - NEW_EVIDENCE_SHOWN
        parts.append(f'<ul class="plain">{items}</ul>{_more(hidden)}')
    parts.append("</section>")
    return "".join(parts)


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document (no scripts, nothing fetched)."""
    p = report.plan
    title = f"1:1 gap report: {p.current_level} → {p.target_level} ({report.today.isoformat()})"
    body = "\n".join(
        [
            _header(report),
            _plan(report),
            _areas(report),
            _gaps(report),
            _asks(report),
            _path(report),
            _evidence(report),
            _health(report),
            _questions(report),
            _new(report),
            "<footer>Prepared with promo-planner from the engineer's own portfolio.</footer>",
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
