"""The report's three renderings: every section present, and the user's text (hostile or just
long) shown exactly as typed without changing the document's structure.

The Markdown is parsed with markdown-it (CommonMark + GFM tables, as GitHub renders it), the
HTML with ``html.parser``: the assertions are about what a reader's viewer would build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from promo_planner.core.ladder import Guideline
from promo_planner.core.planner import path_document
from promo_planner.core.records import Checkin, Note, Rating
from promo_planner.core.report import Report, render_html, render_json, render_markdown
from promo_planner.core.report.mdtext import CELL_LIMIT
from tests.core.test_report_model import TODAY, evidence, make_report, plan_for, record

SCRIPT = "<script>alert(1)</script>"
HOSTILE_TITLE = f"{SCRIPT} # not a heading | not a cell * _ [x](javascript:alert(1)) 🚀"
HOSTILE_LINES = [
    "# heading?",
    "## heading?",
    "- list?",
    "+ list?",
    "* list?",
    "1. ordered?",
    "2) ordered?",
    "> quote?",
    "```python",
    "~~~",
    "    indented code?",
    "| a | b |",
    "|---|---|",
    "---",
    "===",
    "<div onclick='x()'>html?</div>",
    "[ref]: https://evil.example",
    "![img](https://evil.example/pixel.png)",
    "[click](javascript:alert(1))",
    "<https://autolink.example>",
    "trailing backslash \\",
    "emoji 🎉👍 and ünïcödé",
    SCRIPT,
]
HOSTILE_TEXT = "\n".join(HOSTILE_LINES)
LONG = ("a long line of text " * 500).strip()  # 9,999 characters
UNBROKEN = "x" * 10_000
SAFE_LINKS = ("https://example.com/pr/1?a=1&b=2", "mailto:me@example.com")
UNSAFE_LINKS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
)
SECTIONS = [
    "Brief",
    "Progress by area",
    "Gaps, in path order",
    "Asks for my manager",
    "The path",
    "Health check",
    "Open questions for the 1:1",
    "Evidence",
]


@pytest.fixture
def hostile_ladder(make_guideline: Any, ladder: Guideline) -> Guideline:
    """The mini ladder with a criterion title a third party might have written badly."""
    criteria = [
        {
            "id": c.id,
            "area": c.area,
            "level": c.level,
            "title": "Designs for testability | <b>really</b> # ok"
            if c.id == "craft.testing"
            else c.title,
            **({"evidence_required": 2} if c.id == "craft.testing" else {}),
            **({"requires": list(c.requires)} if c.requires else {}),
            **({"supersedes": list(c.supersedes)} if c.supersedes else {}),
            **({"needs_opportunity": True} if c.needs_opportunity else {}),
            **({"weight": int(c.weight)} if c.weight != 1 else {}),
        }
        for c in ladder.criteria
    ]
    return make_guideline(criteria=criteria)  # type: ignore[no-any-return]


@pytest.fixture
def hostile(hostile_ladder: Guideline) -> Report:
    """A report in which every piece of user text tries to break out."""
    items = [
        evidence(
            1,
            HOSTILE_TITLE,
            dt.date(2026, 1, 10),
            ("craft.testing", "full"),
            description=HOSTILE_TEXT,
            impact=(
                "p95 | latency -40%",
                "line one\nline two in a cell",
                SCRIPT,
                "[click](javascript:alert(1))",
                "```",
            ),
            urls=SAFE_LINKS + UNSAFE_LINKS,
            tags=("#tag", "<b>bold</b>"),
        ),
        evidence(
            2,
            "Long one " + "🚀" * 3,
            dt.date(2026, 2, 10),
            ("craft.testing", "partial"),
            ("retired | <criterion>", "full"),
            description=LONG + "\n\n" + UNBROKEN,
            impact=(LONG,),
        ),
    ]
    ratings = [
        Rating("craft.testing", "self", "up", f"mine | {SCRIPT}\n# note"),
        Rating("craft.testing", "manager", "down", "theirs\n| x | y |"),
        Rating("impact.projects", "self", "up"),
        Rating("impact.projects", "manager", "up", LONG),
        Rating("craft.architecture", "manager", "down"),
    ]
    answers = {key: f"{HOSTILE_TEXT}\n{key}" for key in ("lack", "revisit", "unclear", "risks")}
    notes = [Note(1, dt.date(2026, 2, 1), HOSTILE_TEXT), Note(2, dt.date(2026, 2, 2), UNBROKEN)]
    last = record("5.0", (1,), dt.date(2026, 2, 1))
    return make_report(
        hostile_ladder, items, ratings=ratings, answers=answers, notes=notes, last=last
    )


# --------------------------------------------------------------------------- Markdown helpers


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _text_of(tokens: list[Token], start: int) -> str:
    """The rendered text of the inline token after ``tokens[start]`` (an ``*_open``)."""
    inline = tokens[start + 1]
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _cells(row: str) -> list[str]:
    """Split a GFM table row on unescaped pipes (a backslash escapes the next character)."""
    cells, current, i = [], "", 0
    body = row.strip()
    assert body.startswith("|") and body.endswith("|") and not body.endswith("\\|"), row
    body = body[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i : i + 2]
            i += 2
            continue
        if ch == "|":
            cells.append(current)
            current = ""
        else:
            current += ch
        i += 1
    cells.append(current)
    return cells


def _tables(text: str) -> list[list[str]]:
    """Runs of lines starting with ``|`` whose second line is a delimiter row: what GFM reads
    as a table (a line of user text may start with ``|``; without that row it is a paragraph)."""
    tables: list[list[str]] = []
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
        elif block:
            if len(block) > 1 and re.fullmatch(
                r"\|( ?:?-+:? ?\|)+", block[1].replace(" --- ", "---")
            ):
                tables.append(block)
            block = []
    return tables


def _plain(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- Markdown


def test_markdown_has_every_section_in_order(hostile: Report) -> None:
    tokens = _md().parse(render_markdown(hostile))
    h2 = [
        _text_of(tokens, i)
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    assert h2 == SECTIONS


def test_markdown_headings_are_only_the_reports_own(
    hostile: Report, hostile_ladder: Guideline
) -> None:
    text = render_markdown(hostile)
    tokens = _md().parse(text)
    headings = [
        (t.tag, _text_of(tokens, i)) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    testing = hostile_ladder.criterion_by_id["craft.testing"].title
    assert testing.startswith("Designs for testability |")
    assert headings == [
        ("h1", "1:1 report: L3 → L5-ic"),
        *[("h2", s) for s in SECTIONS[:6]],
        ("h2", SECTIONS[6]),
        ("h3", "1. What do I lack for the next level?"),
        ("h3", "2. Which decisions should we revisit with my growth in mind?"),
        ("h3", "3. Where is the expected outcome of my work unclear?"),
        ("h3", "4. What risks the timeline?"),
        ("h3", "My 1:1 notes"),
        ("h2", SECTIONS[7]),
    ]
    # Raw text too: every line that starts like a heading is one of those.
    raw = [line for line in text.splitlines() if re.match(r" {0,3}#", line)]
    assert len(raw) == len(headings)


def test_markdown_user_text_opens_no_block_html_code_image_or_foreign_link(
    hostile: Report,
) -> None:
    text = render_markdown(hostile)
    tokens = list(_walk(_md().parse(text)))
    types = {t.type for t in tokens}
    for forbidden in (
        "html_block",
        "html_inline",
        "image",
        "fence",
        "code_block",
        "hr",
        "blockquote_open",
        "ordered_list_open",
        "s_open",
    ):
        if forbidden == "ordered_list_open":
            # The brief's asks and steps and the asks section are the report's own numbered
            # lists; user text adds none.
            assert sum(t.type == forbidden for t in tokens) == 3
            continue
        assert forbidden not in types, forbidden
    hrefs = [t.attrGet("href") for t in tokens if t.type == "link_open"]
    assert sorted(set(hrefs)) == sorted(SAFE_LINKS)
    # With GitHub's bare-URL linking too, no link leaves http(s) or mailto.
    linkified = _walk(MarkdownIt("gfm-like").parse(text))
    for token in linkified:
        if token.type == "link_open":
            assert str(token.attrGet("href")).startswith(("https://", "http://", "mailto:"))
    assert not re.search(r"(?<!\\)<script", text)
    assert "\\<script>" in text  # a backslash, not an HTML entity: it pastes as typed
    assert "&lt;" not in text and "&amp;" not in text


def test_markdown_shows_the_users_text_exactly_as_typed(hostile: Report) -> None:
    tokens = _md().parse(render_markdown(hostile))
    shown = " ".join(
        _text_of(tokens, i)
        for i, t in enumerate(tokens)
        if t.type in ("paragraph_open", "heading_open", "th_open", "td_open")
    )
    shown = _plain(shown)
    assert HOSTILE_TITLE in shown
    for line in HOSTILE_LINES:
        assert _plain(line) in shown, line
    for url in UNSAFE_LINKS:
        assert url in shown
    assert "mine | <script>alert(1)</script> # note" in shown
    assert "theirs | x | y |" in shown


def test_markdown_tables_keep_their_columns(hostile: Report) -> None:
    text = render_markdown(hostile)
    tables = _tables(text)
    assert len(tables) == 4  # areas, gaps, path, health check
    for table in tables:
        width = len(_cells(table[0]))
        assert set(_cells(table[1])) == {" --- "}
        for row in table[2:]:
            assert len(_cells(row)) == width, row
    # markdown-it agrees: as many cells in every row as in the header.
    tokens = _md().parse(text)
    for i, t in enumerate(tokens):
        if t.type == "tr_open":
            j = i + 1
            count = 0
            while tokens[j].type != "tr_close":
                count += tokens[j].type in ("th_open", "td_open")
                j += 1
            assert count in (3, 5, 9)


def test_markdown_cuts_long_text_in_cells_and_wraps_long_lines(hostile: Report) -> None:
    text = render_markdown(hostile)
    for table in _tables(text):
        for row in table:
            for cell in _cells(row):
                # a cell shows at most CELL_LIMIT characters of user text (plus escapes, an id)
                assert len(cell) < 2 * CELL_LIMIT + 60, cell[:80]
    # Outside tables (whose rows cannot wrap) free text wraps; a title (cut at 300) stays whole.
    # The brief is one line per point (it must fit a page: at most 40 lines).
    details = text[text.index("## Progress by area") :]
    prose = [line for line in details.splitlines() if not line.startswith("|")]
    assert all(len(line) <= 120 for line in prose if "**" not in line)
    assert max(len(line) for line in text.splitlines()) < 1000
    assert "more characters (the JSON report has it all)" in text
    assert UNBROKEN not in text


# --------------------------------------------------------------------------- HTML


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.in_style = False
        self.h2: list[str] = []
        self._h2: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"
        if tag == "h2":
            self._h2 = []

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        if tag == "h2" and self._h2 is not None:
            self.h2.append("".join(self._h2))
            self._h2 = None

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.text.append(data)
        if self._h2 is not None:
            self._h2.append(data)


def _parse_html(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector


def test_html_has_every_section_a_chart_and_a_print_stylesheet(hostile: Report) -> None:
    text = render_html(hostile)
    parsed = _parse_html(text)
    assert parsed.h2 == SECTIONS
    ids = [attrs.get("id") for tag, attrs in parsed.tags if tag == "section"]
    assert ids == ["brief", "areas", "gaps", "asks", "path", "health", "questions", "evidence"]
    assert "<svg" in text
    svg_labels = [t for t in parsed.text if t in ("Overall", "Technical craft", "Impact")]
    # one bar per area, overall first (each label also carries its full name as a tooltip)
    assert list(dict.fromkeys(svg_labels)) == ["Overall", "Technical craft", "Impact"]
    assert "@media print" in text
    assert text.startswith("<!DOCTYPE html>")


def test_html_runs_and_fetches_nothing(hostile: Report) -> None:
    text = render_html(hostile)
    lower = text.lower()
    assert "<script" not in lower
    assert 'href="javascript:' not in lower
    assert "<iframe" not in lower and "<object" not in lower and "<embed" not in lower
    assert "<link" not in lower and "@import" not in lower and "url(" not in lower
    parsed = _parse_html(text)
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "header",
        "footer",
        "section",
        "h1",
        "h2",
        "h3",
        "p",
        "div",
        "span",
        "strong",
        "em",
        "br",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "figure",
        "a",
        "svg",
        "text",
        "rect",
        "line",
    }
    hrefs = []
    for tag, attrs in parsed.tags:
        assert tag in allowed, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs and "style" not in attrs
        if "href" in attrs:
            assert tag == "a"
            hrefs.append(attrs["href"])
    assert sorted(set(hrefs)) == sorted(SAFE_LINKS)
    csp = next(a for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp.get("content") or "")


def test_html_shows_the_users_text_exactly_as_typed(hostile: Report) -> None:
    parsed = _parse_html(render_html(hostile))
    shown = "".join(parsed.text)
    assert HOSTILE_TITLE in shown
    assert HOSTILE_TEXT in shown  # description, answers and notes keep their lines
    for url in UNSAFE_LINKS:
        assert url in shown
    assert UNBROKEN in shown
    assert "theirs\n| x | y |" in shown


# --------------------------------------------------------------------------- JSON


def test_json_is_complete_and_keeps_the_text_as_data(hostile: Report) -> None:
    data = json.loads(render_json(hostile))
    required = {
        "plan",
        "readiness",
        "readiness_change",
        "areas",
        "gaps",
        "asks",
        "path",
        "evidence",
        "health_check",
        "questions",
        "new_since_last",
    }
    assert required <= set(data)
    assert len(data["evidence"]) == 2
    assert data["evidence"][1]["title"] == HOSTILE_TITLE
    assert data["evidence"][1]["description"] == HOSTILE_TEXT
    assert data["evidence"][1]["links"] == list(SAFE_LINKS + UNSAFE_LINKS)
    assert data["path"] == path_document(hostile.facts.path)
    # The manager's ratings decide (SPEC 4): only impact.projects (weight 1 of 4) has their 👍.
    assert data["readiness"] == 25.0 and data["readiness_change"] == 20.0
    # The disagreement first; then the settled ones, the gap (architecture) before the met one.
    assert [(row["criterion"], row["agreement"]) for row in data["health_check"]] == [
        ("craft.testing", "disagree"),
        ("craft.architecture", "manager-only"),
        ("impact.projects", "agree"),
    ]
    assert [q["key"] for q in data["questions"]] == ["lack", "revisit", "unclear", "risks"]
    assert data["questions"][0]["answer"].endswith("\nlack")
    assert data["new_since_last"] == [2]
    assert data["kept_links"] == [
        {"evidence": 2, "criterion": "retired | <criterion>", "strength": "full"}
    ]
    assert [n["text"] for n in data["notes"]] == [HOSTILE_TEXT, UNBROKEN]
    # impact.projects needs an opportunity, but my manager's 👍 already counts it as met.
    assert [(a["kind"], a["criterion"]) for a in data["asks"]] == [("dispute", "craft.testing")]


def test_json_first_report_has_no_change_and_everything_is_new(ladder: Guideline) -> None:
    items = [evidence(1, "A", dt.date(2026, 1, 1)), evidence(2, "B", dt.date(2026, 1, 2))]
    data = json.loads(render_json(make_report(ladder, items)))
    assert data["readiness_change"] is None
    assert data["last_checkin"] is None
    assert data["new_since_last"] == [2, 1]


# --------------------------------------------------------------------------- all formats


@pytest.mark.parametrize("render", [render_markdown, render_html, render_json])
def test_output_is_deterministic_and_dated_only_by_today(
    render: Any, hostile_ladder: Guideline
) -> None:
    def build() -> str:
        report = make_report(
            hostile_ladder,
            [evidence(1, "A", dt.date(2026, 1, 1), ("craft.testing", "full"))],
            ratings=[Rating("craft.testing", "self", "up")],
            last=Checkin(
                9,
                dt.date(2026, 2, 1),
                "L5-ic",
                record("1.0", (), TODAY).readiness,
                record("1.0", (), TODAY).readiness,
                (),
                files=("x",),
                created_at=dt.datetime(2020, 5, 5, 13, 14, 15),
            ),
        )
        return str(render(report))

    first, second = build(), build()
    assert first == second
    assert "13:14" not in first and "2020-05-05" not in first
    assert TODAY.isoformat() in first


def test_an_empty_portfolio_renders_in_every_format(ladder: Guideline) -> None:
    report = make_report(ladder, plan=plan_for(target_date=None))
    md = render_markdown(report)
    assert "No evidence yet." in md
    assert "Not rated by either of us yet (3): Designs for testability (craft.testing);" in md
    assert "*No answer written yet.*" in md
    assert "No evidence yet." in render_html(report)
    assert json.loads(render_json(report))["evidence"] == []


# --------------------------------------------------------------------------- capped lists


@pytest.fixture
def crowded(ladder: Guideline) -> Report:
    """8 pieces of evidence on craft.testing, 7 linked to nothing required, and 2 already in
    the last check-in: 13 new since it (ids 3-15)."""
    items = [
        evidence(n, f"Testing work {n:02d}", dt.date(2026, 1, n), ("craft.testing", "full"))
        for n in range(1, 9)
    ]
    items += [evidence(n, f"Side work {n:02d}", dt.date(2026, 2, n)) for n in range(9, 16)]
    return make_report(ladder, items, last=record("0.0", (1, 2), dt.date(2026, 1, 3)))


def test_every_piece_of_evidence_is_in_the_details_exactly_once(crowded: Report) -> None:
    for text in (render_markdown(crowded), "".join(_parse_html(render_html(crowded)).text)):
        details = text[
            text.index("Evidence\n") if "Evidence\n" in text else text.rindex("Evidence") :
        ]
        found = re.findall(r"(Testing|Side) work (\d\d)", details)
        assert sorted(int(n) for _, n in found) == list(range(1, 16))


def test_the_brief_names_the_newest_new_evidence_and_counts_the_rest(crowded: Report) -> None:
    md = render_markdown(crowded)
    brief = md[: md.index("## Progress by area")]
    assert (
        "- 13 new pieces of evidence: “Side work 15”; “Side work 14”; “Side work 13”; "
        "and 10 more" in brief
    )


def test_json_keeps_every_piece_of_evidence(crowded: Report) -> None:
    data = json.loads(render_json(crowded))
    assert sorted(e["id"] for e in data["evidence"]) == list(range(1, 16))
    assert data["new_since_last"] == list(range(15, 2, -1))
