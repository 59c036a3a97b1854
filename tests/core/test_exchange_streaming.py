"""Import reads a long export one evidence item at a time: same content, same located errors,
and the checked items can wait on disk (``Spool``) instead of in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from promo_planner.core.errors import InputError
from promo_planner.core.exchange import export_yaml, parse_export
from promo_planner.core.records import CriterionLink, EvidenceDraft, Plan
from promo_planner.core.spool import Spool
from promo_planner.core.store import Store
from promo_planner.core.yamlio import STREAMED, read_yaml
from tests.core.sample_ladder import sample_guideline

DAY = dt.date(2026, 3, 1)


def _export(tmp_path: Path, items: int) -> str:
    with Store.open(tmp_path / "p.db", create=True) as store:
        store.set_plan(Plan("sample", "1", "L2", "L3-ic", dt.date(2027, 1, 31)), sample_guideline())
        for i in range(items):
            store.add_evidence(
                EvidenceDraft(
                    f"Item {i}",
                    DAY - dt.timedelta(days=i),
                    description=f"line one\nline {i}",
                    tags=("a", f"t{i % 3}"),
                    criteria=(CriterionLink("craft.testing", "partial" if i % 2 else "full"),),
                )
            )
        return export_yaml(store)


def test_a_streamed_list_hands_over_each_item_with_its_own_marks() -> None:
    seen: list[tuple[int, object, tuple[int, int]]] = []
    text = "top: 1\nitems:\n  - {a: 1}\n  - b: x\n    c: y\nafter: 2\n"

    def take(index: int, value: object, doc: object) -> None:
        assert hasattr(doc, "mark_of")
        seen.append((index, value, doc.mark_of(("items", index, *(["c"] if index else [])))))

    doc = read_yaml(text, streamed={"items": take})
    assert seen == [(0, {"a": 1}, (3, 5)), (1, {"b": "x", "c": "y"}, (5, 8))]
    assert doc.value == {"top": 1, "items": [STREAMED, STREAMED], "after": 2}
    assert doc.mark_of(("after",)) == (6, 8)
    assert ("items", 1, "c") not in doc.marks  # forgotten once handed over


def test_an_alias_of_a_streamed_item_still_expands() -> None:
    got: list[object] = []
    text = "items:\n  - &one {a: 1}\n  - *one\n"
    doc = read_yaml(text, streamed={"items": lambda i, v, d: got.append(v)})
    assert got == [{"a": 1}, {"a": 1}] and not doc.problems


def test_import_through_a_spool_keeps_every_item_in_order(tmp_path: Path) -> None:
    text = _export(tmp_path, 30)
    spool: Spool[object] = Spool()
    content = parse_export(text, "in.yaml", None, spool)  # type: ignore[arg-type]
    assert len(content.evidence) == 30
    assert list(content.evidence) == list(parse_export(text, "in.yaml").evidence)
    assert [e.criteria[0].strength for e in content.evidence][:4] == [
        "full", "partial", "full", "partial",
    ]  # fmt: skip
    with Store.open(tmp_path / "q.db", create=True) as target:
        target.replace_content(content)
        assert export_yaml(target) == text
    spool.close()


def test_errors_in_several_items_are_all_reported_in_file_order(tmp_path: Path) -> None:
    text = _export(tmp_path, 5)
    bad = text.replace("title: Item 1\n", "title: ''\n").replace(
        "title: Item 3\n", "title: Item 3\n  bogus: 1\n"
    )
    with pytest.raises(InputError) as caught:
        parse_export(bad, "in.yaml")
    lines = caught.value.lines
    # The format is checked first: an unknown key stops the rules' checks, as before streaming.
    assert len(lines) == 1 and "evidence[3].bogus: unknown key" in lines[0], lines
    bad = text.replace("title: Item 1\n", "title: ''\n").replace("title: Item 3\n", "title: ''\n")
    with pytest.raises(InputError) as caught:
        parse_export(bad, "in.yaml")
    lines = caught.value.lines
    assert [line.split(": ")[1] for line in lines] == ["evidence[1].title", "evidence[3].title"]
    assert int(lines[0].split(":")[1]) < int(lines[1].split(":")[1])


def test_a_spool_reads_back_what_was_written_more_than_once() -> None:
    spool: Spool[tuple[int, str]] = Spool()
    for i in range(1000):
        spool.append((i, "x" * (i % 7)))
    assert len(spool) == 1000
    assert list(spool) == [(i, "x" * (i % 7)) for i in range(1000)]
    assert list(spool)[-1] == (999, "x" * 5) and (3, "xxx") in spool
    spool.close()


def _with_inbox(tmp_path: Path) -> str:
    from promo_planner.core.inbox import CandidateDraft

    with Store.open(tmp_path / "i.db", create=True) as store:
        store.set_plan(Plan("sample", "1", "L2", "L3-ic", dt.date(2027, 1, 31)), sample_guideline())
        store.add_candidates(
            CandidateDraft(
                fingerprint=f"merge:{i}",
                source="git:/src/shop",
                kind="merge",
                title=f"Merged change {i}",
                date=DAY,
                commits=(f"{i:040x}",),
            )
            for i in range(6)
        )
        return export_yaml(store)


def test_the_inbox_is_read_one_candidate_at_a_time_and_comes_back_whole(tmp_path: Path) -> None:
    text = _with_inbox(tmp_path)
    inbox: Spool[object] = Spool()
    content = parse_export(text, "in.yaml", None, None, inbox)  # type: ignore[arg-type]
    assert [c.title for c in content.inbox] == [f"Merged change {i}" for i in range(6)]
    with Store.open(tmp_path / "q.db", create=True) as target:
        target.replace_content(content)
        assert export_yaml(target) == text
    inbox.close()


def test_inbox_problems_name_the_line_duplicates_first(tmp_path: Path) -> None:
    text = _with_inbox(tmp_path)
    bad = text.replace("fingerprint: merge:4", "fingerprint: merge:1").replace(
        "title: Merged change 2", "title: ' '"
    )
    with pytest.raises(InputError) as caught:
        parse_export(bad, "in.yaml")
    lines = caught.value.lines
    assert [line.split(": ", 2)[1] for line in lines] == ["inbox[4].fingerprint", "inbox[2].title"]
    assert "duplicate 'merge:1' (first at inbox[1])" in lines[0]
    second = bad.index("fingerprint: merge:1", bad.index("fingerprint: merge:1") + 1)
    assert lines[0].startswith(f"in.yaml:{bad.count(chr(10), 0, second) + 1}:"), lines
