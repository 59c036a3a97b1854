"""The store's summary reads for the report: every item's id, date and links without its text,
and chosen items in full, agreeing with ``list_evidence`` item for item."""

from __future__ import annotations

import datetime as dt

from promo_planner.core.records import CriterionLink, EvidenceDraft
from promo_planner.core.store import Store

DAY = dt.date(2026, 3, 1)


def _add(store: Store, title: str, day: dt.date, *links: CriterionLink) -> int:
    draft = EvidenceDraft(title=title, date=day, description=f"about {title}", criteria=links)
    return store.add_evidence(draft).id


def test_index_is_list_evidence_without_the_text(store: Store) -> None:
    _add(store, "old", DAY, CriterionLink("craft.testing", "partial"))
    _add(store, "same day, later id", DAY + dt.timedelta(days=5))
    _add(
        store,
        "new",
        DAY + dt.timedelta(days=9),
        CriterionLink("people.mentoring"),
        CriterionLink("craft.basics", "partial"),
    )
    _add(store, "same day", DAY + dt.timedelta(days=5), CriterionLink("craft.design"))
    later = store.list_evidence()[0].id
    store.link(later, "craft.testing")  # linked after the others: last in link order
    full = store.list_evidence()
    assert store.evidence_index() == [(e.id, e.date, e.criteria) for e in full]
    assert [e.title for e in full] == [
        "new",
        "same day",
        "same day, later id",
        "old",
    ]
    assert store.evidence_index()[0][2] == (
        CriterionLink("people.mentoring"),
        CriterionLink("craft.basics", "partial"),
        CriterionLink("craft.testing"),
    )


def test_items_by_id_are_whole_newest_first_and_skip_unknown_ids(store: Store) -> None:
    ids = [_add(store, f"item {n}", DAY + dt.timedelta(days=n % 7)) for n in range(12)]
    wanted = [ids[0], ids[5], ids[11], 999_999]
    got = store.evidence_items(wanted)
    everything = {e.id: e for e in store.list_evidence()}
    assert got == sorted(
        (everything[i] for i in wanted[:3]), key=lambda e: (e.date, e.id), reverse=True
    )
    assert store.evidence_items([]) == []


def test_more_ids_than_one_query_can_bind(store: Store) -> None:
    ids = [_add(store, f"bulk {n}", DAY) for n in range(1_000)]
    got = store.evidence_items(ids)
    assert [e.id for e in got] == sorted(ids, reverse=True)
    assert all(e.description == f"about {e.title}" for e in got)
