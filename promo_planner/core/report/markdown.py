"""The report as Markdown (GitHub-flavoured): headings, tables and lists that paste into a doc.

Every piece of text the user (or a third-party ladder) wrote goes through ``inline``, ``cell``
or ``block``, which make it plain text whatever it contains: it cannot open a heading, a list,
a quote or a code fence, break a table row, form a link or an image, or inject HTML. The only
links are the user's own http(s)/mailto links, written as autolinks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from promo_planner.core.planner.explanation import next_steps
from promo_planner.core.records import Evidence
from promo_planner.core.report import words
from promo_planner.core.report.model import EVIDENCE_SHOWN, NEW_EVIDENCE_SHOWN, Gap, Report

# Longest text a table cell shows; the JSON report keeps everything.
CELL_LIMIT = 160
# Longest free text (description, answer, note) shown in full before it is cut.
BLOCK_LIMIT = 3000
# Longest impact data point shown in full.
IMPACT_LIMIT = 600
# Source lines are wrapped so the raw file reads well too.
WRAP = 96

# Characters that mean something inline in CommonMark/GFM get a backslash; &, < and > become
# entities so no HTML forms. One str.translate pass: the report escapes thousands of lines.
_ESCAPES = str.maketrans(
    {ch: "\\" + ch for ch in "\\`*_[]~|$"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
# Finding none of them is cheaper than translating: most lines have nothing to escape.
_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]~|$&<>]")
# A line that starts with one of these would open a heading, list or setext underline.
_BLOCK_STARTS = "#+=-"
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_NOT_AUTOLINKABLE = re.compile(r"[<>|`\\]")
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _escape_line(text: str) -> str:
    """One line of user text made literal: inline syntax, HTML and line-start markers."""
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    first = text[:1]
    if first and first in _BLOCK_STARTS:
        return "\\" + text
    if first.isdecimal():  # what \d matches: an ordered list marker needs a digit first
        return _ORDERED_START.sub(r"\1\\\2", text)
    return text


def wrap(flat: str, width: int = WRAP) -> list[str]:
    """``flat`` (words single-spaced, no spaces at the ends) in lines of at most ``width``.

    The same lines as ``textwrap.wrap(flat, width, break_on_hyphens=False)``, long words cut
    included, found with slicing and ``rfind`` rather than textwrap's chunk-by-chunk loop.
    """
    lines: list[str] = []
    start, end_of_text = 0, len(flat)
    while end_of_text - start > width:
        end = start + width
        if flat[end] == " ":  # the line is exactly full; the space after it goes
            lines.append(flat[start:end])
            start = end + 1
            continue
        space = flat.rfind(" ", start, end)
        word_end = flat.find(" ", space + 1)
        if space < 0 or (word_end if word_end >= 0 else end_of_text) - space - 1 > width:
            # A word longer than a line fills what is left of this one and goes on the next.
            lines.append(flat[start:end])
            start = end
        else:
            lines.append(flat[start:space])
            start = space + 1
    if start < end_of_text:
        lines.append(flat[start:])
    return lines


def inline(text: str, limit: int | None = None) -> str:
    """User text as one literal line: whitespace (newlines included) collapsed to spaces."""
    flat = " ".join(_CONTROL.sub("", text).split())
    if limit is not None:
        flat = words.truncate(flat, limit)
    return _escape_line(flat)


def cell(text: str, limit: int = CELL_LIMIT) -> str:
    """User text for a table cell: one line, cut to ``limit`` characters, ``|`` escaped."""
    return inline(text, limit) or " "


def code(identifier: str) -> str:
    """An id as inline code when it is a plain id, else as escaped text."""
    if _SAFE_ID.fullmatch(identifier):
        return f"`{identifier}`"
    return inline(identifier)


def block(text: str, indent: str = "", limit: int = BLOCK_LIMIT) -> str:
    """Multi-line user text as literal paragraphs, its line breaks kept as hard breaks.

    ``indent`` puts every line inside a list item. Long lines are wrapped (the raw text stays
    readable); text past ``limit`` characters is cut, saying how much was left out.
    """
    text = _NEWLINES.sub("\n", _CONTROL.sub("", text)).strip()
    cut = 0
    if len(text) > limit:
        cut = len(text) - limit
        text = text[:limit].rstrip()
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        lines = []
        for raw in paragraph.split("\n"):
            flat = " ".join(raw.split())
            if not flat:
                continue
            pieces = wrap(flat) if len(flat) > WRAP else (flat,)
            lines.append("\n".join(indent + _escape_line(p) for p in pieces))
        if lines:
            # A backslash at the end of a line is a hard break: the user's own line breaks stay.
            paragraphs.append("\\\n".join(lines))
    if cut:
        paragraphs.append(f"{indent}*… {cut:,} more characters (the JSON report has it all)*")
    return "\n\n".join(paragraphs)


def _item(marker: str, text: str, indent: str, limit: int) -> str:
    """A list item holding wrapped user text: ``marker`` starts it, ``indent`` continues it."""
    body = block(text, indent=indent, limit=limit)
    return marker + body[len(indent) :]


def link(url: str) -> str:
    """An http(s)/mailto link as an autolink; anything else as plain text, not clickable."""
    safe = words.safe_link(url)
    if safe is not None and not _NOT_AUTOLINKABLE.search(safe):
        return f"<{safe}>"
    return inline(url, CELL_LIMIT) + " *(not a web link: shown as text)*"


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    return [_row(header), _row("---" for _ in header), *(_row(r) for r in rows)]


def _flags(gap: Gap) -> str:
    return ", ".join(gap.flags()) or " "


# --------------------------------------------------------------------------- sections


def _title(report: Report) -> list[str]:
    p = report.plan
    version = f" {code(p.guideline_version)}" if p.guideline_version else ""
    return [
        f"# 1:1 gap report: {inline(p.current_level)} → {inline(p.target_level)}",
        "",
        f"Guideline: {inline(p.guideline_name)} ({code(p.guideline_id)}{version}) · "
        f"as of {report.today.isoformat()}",
    ]


def _plan(report: Report) -> list[str]:
    p = report.plan
    verdict = "ready" if report.ready else "not ready yet"
    lines = [
        "## Plan and readiness",
        "",
        f"- **Level:** {inline(p.current_level)} {inline(p.current_title)} → "
        f"{inline(p.target_level)} {inline(p.target_title)}",
        f"- **Readiness:** **{words.percent(report.readiness)}** of "
        f"{words.threshold(report.threshold)} needed: {verdict}",
    ]
    last = report.last_checkin
    if last is not None and report.readiness_change is not None:
        lines.append(
            f"- **Since the last check-in ({last.date.isoformat()}):** "
            f"{words.points(report.readiness_change)} (was {words.percent(last.readiness)})"
        )
    else:
        lines.append("- **Since the last check-in:** this is the first check-in")
    lines.append(f"- **Target date:** {words.iso(p.target_date)}")
    lines.append(f"- **Gaps closed by:** {words.iso(p.deadline)}")
    fit = words.fit(p)
    lines.append(f"- **Path:** {fit}")
    lines.append(f"- **Readiness after the path:** {words.percent(p.readiness_after)}")
    lines.append(f"- **Capacity:** {p.capacity} gap{'s' if p.capacity != 1 else ''} at a time")
    return lines


def _areas(report: Report) -> list[str]:
    lines = ["## Progress by area", ""]
    if not report.areas:
        return [*lines, "The target level requires nothing."]
    rows = [
        [
            cell(a.area.name),
            str(a.met),
            str(a.partial),
            str(a.missing),
            f"{words.percent(a.readiness)} of 100%",
        ]
        for a in report.areas
    ]
    return lines + _table(["Area", "Met", "Partial", "Missing", "Readiness"], rows)


def _gaps(report: Report) -> list[str]:
    lines = ["## Gaps, in path order", ""]
    if not report.gaps:
        return [*lines, "No gaps: every criterion the target level requires is met."]
    rows = [
        [
            str(i),
            f"{cell(g.title)} ({code(g.criterion_id)})",
            cell(g.area_name),
            cell(g.still_needs),
            words.day_from(g.start, report.today),
            words.day_from(g.finish, report.today),
            words.day_from(g.latest_start, report.today),
            words.slack(g.slack_days),
            _flags(g),
        ]
        for i, g in enumerate(report.gaps, 1)
    ]
    header = [
        "#",
        "Criterion",
        "Area",
        "Still needs",
        "Start",
        "Finish",
        "Latest start",
        "Slack",
        "Notes",
    ]
    return lines + _table(header, rows)


def _asks(report: Report) -> list[str]:
    lines = ["## Asks for my manager", ""]
    if not report.asks:
        return [
            *lines,
            "Nothing to ask for: no gap needs an opportunity and we agree on every "
            "criterion we both rated.",
        ]
    for i, ask in enumerate(report.asks, 1):
        if ask.kind == "opportunity":
            lines.append(
                f"{i}. **An opportunity** to show “{inline(ask.title)}” "
                f"({code(ask.criterion_id)}): {words.ask_when(ask, report.today)}."
            )
        else:
            lines.append(
                f"{i}. **A shared view** of “{inline(ask.title)}” ({code(ask.criterion_id)}): "
                f"I say {words.thumb(ask.self_value)}, my manager says "
                f"{words.thumb(ask.manager_value)}."
            )
    return lines


def _path(report: Report) -> list[str]:
    path = report.path
    lines = ["## The path", ""]
    lines += [_item("- ", step, "  ", BLOCK_LIMIT) for step in next_steps(path)]
    lines.append("")
    titles = {g.criterion_id: g.title for g in report.gaps}
    if not path.milestones:
        return [*lines, "No milestones."]
    rows = []
    for m in path.milestones:
        closes = ", ".join(cell(titles.get(cid, cid), 80) for cid in m.criteria) or " "
        rows.append([m.date.isoformat(), cell(m.title), closes])
    return lines + _table(["Date", "Milestone", "Closes"], rows)


def _evidence_item(e: Evidence, strength: str | None, details: dict[int, list[str]]) -> list[str]:
    """One evidence list item; ``details`` keeps what follows the head line per evidence id,
    since a piece of evidence linked to several criteria is listed under each of them."""
    head = f"- **{inline(e.title, 300)}** · #{e.id} · {e.date.isoformat()}"
    if strength is not None:
        head += f" · {strength}"
    if e.description.strip():
        head += "\\"  # a hard break keeps the description under its title, in the same item
    found = details.get(e.id)
    if found is None:
        found = details[e.id] = _evidence_details(e)
    return [head, *found]


def _evidence_details(e: Evidence) -> list[str]:
    lines = []
    if e.description.strip():
        lines.append(block(e.description, indent="  "))
    for point in e.impact:
        lines.append(_item("  - Impact: ", point, "    ", IMPACT_LIMIT))
    for url in e.links:
        lines.append(f"  - Link: {link(url)}")
    if e.tags:
        lines.append("  - Tags: " + ", ".join(inline(t, 60) for t in e.tags))
    return lines


def _more(hidden: int) -> list[str]:
    """The paragraph after a capped evidence list saying how much it leaves out (none if 0)."""
    return [f"*{words.more_evidence(hidden)}*", ""] if hidden > 0 else []


def _evidence(report: Report) -> list[str]:
    lines = ["## Evidence per criterion", ""]
    by_id = report.evidence_by_id()
    details: dict[int, list[str]] = {}
    if not report.evidence_by_criterion:
        lines.append("No evidence is linked to a required criterion yet.")
    for ce in report.evidence_by_criterion:
        lines += [
            f"### {inline(ce.title, 200)} ({code(ce.criterion_id)})",
            "",
            f"{inline(ce.area_name)} · {ce.status} · "
            f"{words.credit(ce.full, ce.partial, ce.evidence_required)}",
            "",
        ]
        for linked in ce.evidence[:EVIDENCE_SHOWN]:
            lines += _evidence_item(by_id[linked.evidence_id], linked.strength, details)
        lines += ["", *_more(len(ce.evidence) - EVIDENCE_SHOWN)]
    if report.other_evidence:
        lines += ["### Not linked to a required criterion", ""]
        for evidence_id in report.other_evidence[:EVIDENCE_SHOWN]:
            lines += _evidence_item(by_id[evidence_id], None, details)
        lines += ["", *_more(len(report.other_evidence) - EVIDENCE_SHOWN)]
    if report.kept_links:
        lines += [
            "*Kept links* (to criteria this ladder does not have; kept, not counted): "
            + "; ".join(
                f"#{k.evidence_id} → {code(k.criterion_id)} ({k.strength})"
                for k in report.kept_links
            ),
            "",
        ]
    return lines[:-1] if lines[-1] == "" else lines


def _health(report: Report) -> list[str]:
    lines = ["## Health check", ""]
    if not report.health_check:
        return [*lines, "Nothing rated yet (`promo-planner rate CRITERION --self up|down`)."]
    rows = []
    for row in report.health_check:
        notes = []
        if row.self_note.strip():
            notes.append(f"me: {row.self_note}")
        if row.manager_note.strip():
            notes.append(f"manager: {row.manager_note}")
        rows.append(
            [
                f"{cell(row.title)} ({code(row.criterion_id)})",
                words.thumb(row.self_value),
                words.thumb(row.manager_value),
                words.AGREEMENT_WORDS[row.agreement],
                cell("; ".join(notes), 240),
            ]
        )
    return lines + _table(["Criterion", "Me", "Manager", "Agreement", "Notes"], rows)


def _questions(report: Report) -> list[str]:
    lines = ["## Open questions for the 1:1", ""]
    for i, q in enumerate(report.questions, 1):
        lines += [f"### {i}. {inline(q.text)}", ""]
        if q.prefill:
            lines += ["From the plan:", ""]
            lines += [_item("- ", item, "  ", 600) for item in q.prefill]
            lines.append("")
        if q.answer.strip():
            lines += ["My answer:", "", block(q.answer), ""]
        else:
            lines += ["*No answer written yet.*", ""]
    if report.notes:
        lines += ["### My 1:1 notes", ""]
        for note in report.notes:
            lines.append(f"- **{note.date.isoformat()}:**")
            lines.append(block(note.text, indent="  "))
        lines.append("")
    return lines[:-1] if lines[-1] == "" else lines


def _new(report: Report) -> list[str]:
    last = report.last_checkin
    lines = ["## Evidence added since the last check-in", ""]
    if last is None:
        lines += ["No report was recorded before this one, so all the evidence counts as new.", ""]
    if not report.new_since_last:
        if last is None:
            return [*lines, "No evidence yet."]
        return [*lines, f"Nothing new since the check-in of {last.date.isoformat()}."]
    by_id = report.evidence_by_id()
    for evidence_id in report.new_since_last[:NEW_EVIDENCE_SHOWN]:
        e = by_id[evidence_id]
        lines.append(f"- **{inline(e.title, 300)}** · #{e.id} · {e.date.isoformat()}")
    hidden = len(report.new_since_last) - NEW_EVIDENCE_SHOWN
    if hidden > 0:
        lines += ["", f"*{words.more_evidence(hidden)}*"]
    return lines


def render_markdown(report: Report) -> str:
    """The report as one Markdown document (GitHub-flavoured), ending in a newline."""
    sections = [
        _title(report),
        _plan(report),
        _areas(report),
        _gaps(report),
        _asks(report),
        _path(report),
        _evidence(report),
        _health(report),
        _questions(report),
        _new(report),
    ]
    return "\n\n".join("\n".join(s) for s in sections) + "\n"
