"""The promotion packet (SPEC 6, ``report --kind packet``): the case for the committee from
the same data, in Markdown and HTML, hostile text shown exactly and inert."""

from __future__ import annotations

import datetime as dt
import re

from markdown_it import MarkdownIt

from promo_planner.core.ladder import Guideline
from promo_planner.core.records import Profile, Rating
from promo_planner.core.report import Report, render_html, render_markdown
from promo_planner.core.report.packet.case import Case
from tests.core.test_report_model import evidence, make_report
from tests.core.test_report_render import HOSTILE_TEXT, HOSTILE_TITLE, SAFE_LINKS, UNSAFE_LINKS

ON = dt.date(2026, 2, 20)


def packet(ladder: Guideline, **more: object) -> Report:
    items = [
        evidence(1, "Small harness", dt.date(2026, 1, 5), ("craft.testing", "partial")),
        evidence(
            2,
            "Contract tests for payments",
            dt.date(2026, 1, 20),
            ("craft.testing", "full"),
            impact=("0 broken deploys since", "CI 4 min faster"),
            urls=("https://example.com/pr/7", "https://example.com/doc"),
        ),
        evidence(
            3,
            "Test strategy",
            dt.date(2026, 2, 1),
            ("craft.testing", "full"),
            impact=("adopted by 3 teams",),
            urls=("https://example.com/doc",),
        ),
        evidence(4, "Layering", dt.date(2026, 2, 2), ("craft.architecture", "full")),
    ]
    ratings = [Rating("craft.testing", "manager", "up", "solid", ON)]
    return make_report(ladder, items, ratings=ratings, kind="packet", **more)


def test_the_packet_states_the_case_per_area_with_the_strongest_evidence(
    ladder: Guideline,
) -> None:
    report = packet(ladder, profile=Profile("Ada", "Payments", "Grace"))
    case = report.section(Case)
    (craft,) = case.areas  # impact has nothing met
    assert [m.criterion_id for m in craft.met] == ["craft.testing", "craft.architecture"]
    testing = craft.met[0]
    # Full links first, then the most impact data points: the contract tests, not the newest.
    assert testing.evidence is not None and testing.evidence.id == 2
    assert (testing.others, testing.link_numbers) == (2, (1, 2))
    assert case.agreement(testing) == "my manager agrees (👍 up on 2026-02-20): solid"
    assert case.agreement(craft.met[1]) == "not rated by my manager yet"
    md = render_markdown(report)
    assert md.startswith("# Promotion case: Ada, L3 → L5-ic\n")
    assert "- **My manager:** rated 1 of 3 criteria: 1 👍 up, 0 👎 down" in md
    assert (
        "  - Strongest evidence: Contract tests for payments (2026-01-20); and 2 more pieces" in md
    )
    assert "    - Links: [1], [2] (see the appendix)" in md
    remaining = md.split("## What remains", 1)[1].split("##", 1)[0]
    assert (
        "- Leads multi-team projects (Impact) is missing: it needs 1 more full piece of"
        in remaining
    )
    assert "it needs an opportunity (a project, a role) to show it." in remaining
    appendix = md.split("## Appendix: links", 1)[1]
    assert appendix.strip().split("\n") == [
        "1. <https://example.com/pr/7>: Contract tests for payments (2026-01-20)",
        "2. <https://example.com/doc>: Contract tests for payments (2026-01-20)",
    ]


def test_the_packet_has_no_brief_and_its_html_prints_the_summary_first(ladder: Guideline) -> None:
    report = packet(ladder)
    md = render_markdown(report)
    h2 = re.findall(r"^## (.*)$", md, flags=re.M)
    assert h2 == ["Summary", "The case, area by area", "What remains", "Appendix: links"]
    html = render_html(report)
    first_page, details = html.split('<div class="details">', 1)
    assert 'id="summary"' in first_page and 'id="case"' in details
    # Printed, the case follows the summary on the first page (the 1:1 brief has a page of its
    # own); a criterion's block is never split across pages.
    assert '<div class="details">' in html and "@page" in html


def test_hostile_text_in_the_packet_is_shown_exactly_and_stays_inert(
    ladder: Guideline,
) -> None:
    items = [
        evidence(
            1,
            HOSTILE_TITLE,
            dt.date(2026, 1, 10),
            ("craft.testing", "full"),
            description=HOSTILE_TEXT,
            impact=("p95 | latency -40% & $1.1M", "<script>alert(1)</script>", "[x](javascript:1)"),
            urls=SAFE_LINKS + UNSAFE_LINKS,
        )
    ]
    ratings = [Rating("craft.testing", "manager", "up", HOSTILE_TEXT, ON)]
    report = make_report(
        ladder,
        items,
        ratings=ratings,
        kind="packet",
        profile=Profile(HOSTILE_TITLE[:200], "<b>team</b>", "# boss"),
    )
    md = render_markdown(report)
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)

    def walk(ts):  # type: ignore[no-untyped-def]
        for t in ts:
            yield t
            yield from walk(t.children or [])

    all_tokens = list(walk(tokens))
    assert not {t.type for t in all_tokens} & {"html_block", "html_inline", "image", "fence"}
    hrefs = {t.attrGet("href") for t in all_tokens if t.type == "link_open"}
    assert hrefs <= set(SAFE_LINKS)
    shown = " ".join(t.content for t in all_tokens if t.type in ("text", "code_inline"))
    assert HOSTILE_TITLE in " ".join(shown.split())
    assert "p95 | latency -40% & $1.1M" in shown and "<script>alert(1)</script>" in shown
    assert "&amp;" not in md and "&lt;" not in md
    html = render_html(report).lower()
    assert "<script" not in html and 'href="javascript:' not in html and "<b>team" not in html
    assert "&lt;b&gt;team&lt;/b&gt;" in html
