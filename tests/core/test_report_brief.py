"""The brief (SPEC 6): one printed page, at most 40 lines of Markdown however large the
portfolio; what changed since the last check-in of the same target; the asks; text beside every
👍/👎 in the HTML."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from promo_planner.core.loader import resolve_guideline
from promo_planner.core.records import Checkin, CriterionLink, EvidenceDraft, Plan, Profile
from promo_planner.core.report import (
    build_report,
    render_html,
    render_json,
    render_markdown,
    write_report,
)
from promo_planner.core.report.sections.brief import Brief
from promo_planner.core.store import Store

TODAY = dt.date(2026, 11, 21)
NASTY = "Cut p99 & cost <50ms> by ~40% for $1.1M * _not_ | [x](y) `code` #1 -> 4 "


def brief_lines(markdown: str) -> list[str]:
    """The Markdown from the top to the first section of the details."""
    return markdown[: markdown.index("## Progress by area")].rstrip("\n").split("\n")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """L3 -> L4-ic on the bundled ladder: 200 pieces of evidence with long, hostile titles, a
    rating on every criterion from both sides (half of them disagreeing), answers, notes, and
    a check-in a month ago whose statuses and ratings all differ from today's."""
    ladder = resolve_guideline("software-engineer")
    required = ladder.required_ids("L4-ic")
    # Built once for the module (the tests only read it): 200 items cost a few seconds.
    with Store.open(tmp_path_factory.mktemp("big") / "big.db", create=True) as store:
        store.set_plan(
            Plan(ladder.id, ladder.version, "L3", "L4-ic", target_date=dt.date(2027, 1, 15)),
            ladder,
        )
        store.set_profile(Profile("Ada " + "Lovelace " * 10, "Payments " * 10, "Grace " * 10))
        store.record_checkin(
            Checkin(
                0,
                TODAY - dt.timedelta(days=30),
                "L4-ic",
                Decimal("90.0"),
                Decimal("95.0"),
                (),
                statuses=dict.fromkeys(required, "met"),
                ratings={cid: ("down", "up") for cid in required},
            )
        )
        for n in range(200):
            store.add_evidence(
                EvidenceDraft(
                    title=f"{NASTY}{n} " + "word " * 40,
                    date=TODAY - dt.timedelta(days=n % 300),
                    impact=(NASTY,),
                    links=(f"https://example.com/{n}",),
                    criteria=(CriterionLink(required[n % len(required)], "partial"),),
                ),
                today=TODAY,
            )
        for i, cid in enumerate(required):
            store.rate(cid, "self", "up", NASTY, on=TODAY - dt.timedelta(days=40))
            manager = "down" if i % 2 else "up"
            store.rate(cid, "manager", manager, NASTY, on=TODAY - dt.timedelta(days=40))
        yield store


def test_the_brief_of_200_pieces_of_evidence_is_at_most_40_lines(big: Store) -> None:
    report = build_report(big, TODAY, complete=False)
    lines = brief_lines(render_markdown(report))
    assert len(lines) <= 40, "\n".join(lines)
    brief = report.section(Brief)
    # Everything the brief must say is there, its lists capped.
    text = "\n".join(lines)
    assert "**Readiness:**" in text and "**Promotion date:**" in text
    assert f"My manager has rated {brief.required} of {brief.required} criteria" in text
    assert "- 200 new pieces of evidence: " in text and "; and 197 more" in text
    assert len(brief.asks) == 5 and brief.more_asks > 0
    assert "Status changed: " in text and "Ratings changed: " in text
    assert text.count("\n1. ") == 2  # the asks and the next steps, each numbered from 1


def test_the_brief_says_what_changed_since_the_last_check_in(tmp_path: Path) -> None:
    ladder = resolve_guideline("software-engineer")
    required = ladder.required_ids("L4-ic")
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan(ladder.id, ladder.version, "L3", "L4-ic"), ladder)
        first = store.add_evidence(
            EvidenceDraft("Old work", TODAY - dt.timedelta(days=60)), today=TODAY
        )
        week_ago = TODAY - dt.timedelta(days=7)
        write_report(store, build_report(store, week_ago), "md", tmp_path / "a.md")
        store.add_evidence(
            EvidenceDraft(
                "Tracing for payments",
                TODAY - dt.timedelta(days=2),
                criteria=(CriterionLink(required[-1]),),
            ),
            today=TODAY,
        )
        store.rate(required[0], "manager", "down", on=TODAY)
        report = build_report(store, TODAY)
    brief = report.section(Brief)
    assert report.facts.baseline is not None and report.facts.baseline.date == week_ago
    assert brief.new_ids == (first.id + 1,)
    title0 = ladder.criterion_by_id[required[0]].title
    title_last = ladder.criterion_by_id[required[-1]].title
    assert brief.status_words() == [f"{title0}: held → missing", f"{title_last}: missing → partial"]
    assert brief.rating_words() == [f"{title0}: my manager not rated → 👎 down"]
    md = render_markdown(report)
    assert "**Since the last check-in (" + week_ago.isoformat() + ")**" in md
    assert "- 1 new piece of evidence: “Tracing for payments”" in md


def test_check_ins_are_one_per_day_and_target_and_compare_within_the_target(
    tmp_path: Path,
) -> None:
    ladder = resolve_guideline("software-engineer")
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan(ladder.id, ladder.version, "L3", "L4-ic"), ladder)
        monday = TODAY - dt.timedelta(days=4)
        for fmt in ("md", "html", "json"):  # three exports on one day: one check-in
            write_report(store, build_report(store, monday), fmt, tmp_path / f"r.{fmt}")
        (checkin,) = store.checkins()
        assert checkin.date == monday and len(checkin.files) == 3
        # Another export the same day compares with the check-in before that day, not itself.
        assert build_report(store, monday).facts.baseline is None
        assert build_report(store, TODAY).facts.baseline == checkin
        # Re-planned to another track: its reports compare with that target's check-ins only.
        store.set_plan(Plan(ladder.id, ladder.version, "L3", "L4-em"), ladder)
        assert build_report(store, TODAY).facts.baseline is None
        write_report(store, build_report(store, TODAY), "md", tmp_path / "em.md")
        assert [c.target_level for c in store.checkins()] == ["L4-ic", "L4-em"]
        store.set_plan(Plan(ladder.id, ladder.version, "L3", "L4-ic"), ladder)
        assert build_report(store, TODAY + dt.timedelta(days=1)).facts.baseline == checkin


def test_since_chooses_the_check_in_to_compare_with(tmp_path: Path) -> None:
    ladder = resolve_guideline("software-engineer")
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan(ladder.id, ladder.version, "L3", "L4-ic"), ladder)
        days = [TODAY - dt.timedelta(days=d) for d in (60, 30, 10)]
        for day in days:
            store.add_evidence(EvidenceDraft(f"Work of {day}", day), today=day)
            write_report(store, build_report(store, day), "md", tmp_path / f"{day}.md")
        assert build_report(store, TODAY).facts.baseline.date == days[2]  # type: ignore[union-attr]
        older = build_report(store, TODAY, since=days[1] + dt.timedelta(days=3))
        assert older.facts.baseline.date == days[1]  # type: ignore[union-attr]
        assert len(older.new_since_last) == 1
        heading = render_markdown(older).split("\n")[3]
        assert heading == (
            f"Period: {days[1]} to {TODAY}, since the check-in of {days[1]} "
            f"(the latest on or before {days[1] + dt.timedelta(days=3)})"
        )
        # No check-in that early: the evidence dated since then is what is new.
        none = build_report(store, TODAY, since=days[0] - dt.timedelta(days=1))
        assert none.facts.baseline is None
        assert none.new_since_last == (3, 2, 1)
        assert "(no check-in on or before" in render_markdown(none).split("\n")[3]


class _Thumbs(HTMLParser):
    """Each emoji thumb in the page, with the text that follows it in the same cell."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_thumb_in_the_html_has_its_word_beside_it(big: Store) -> None:
    html = render_html(build_report(big, TODAY, complete=False))
    parser = _Thumbs()
    parser.feed(html)
    text = " ".join(parser.text)  # cells apart: "👍 up" must not run into "agree"
    thumbs = re.findall(r"[👍👎]", text)
    assert len(thumbs) > 40
    # Every 👍 is followed by "up" and every 👎 by "down", wherever it stands.
    assert re.findall(r"👍\s*(\w+)", text) == ["up"] * text.count("👍")
    assert re.findall(r"👎\s*(\w+)", text) == ["down"] * text.count("👎")
    assert text.count("👍") + text.count("👎") == len(thumbs)


def test_the_json_brief_and_check_ins(big: Store) -> None:
    import json

    data = json.loads(render_json(build_report(big, TODAY)))
    for key in (
        "profile",
        "period",
        "plan",
        "readiness",
        "readiness_claimed",
        "readiness_change",
        "brief",
        "areas",
        "gaps",
        "asks",
        "path",
        "evidence",
        "health_check",
        "questions",
        "new_since_last",
        "checkins",
    ):
        assert key in data, key
    assert data["readiness_change"] == pytest.approx(data["readiness"] - 90.0)
    assert len(data["evidence"]) == 200 and len(data["new_since_last"]) == 200
    assert data["checkins"][0]["readiness"] == 90.0
    assert len(data["brief"]["asks"]) == 5
    assert data["profile"]["name"].startswith("Ada Lovelace")
