"""The inbox's decisions in the store, and taking them back (the app's ctrl+z)."""

from __future__ import annotations

import datetime as dt

import pytest

from promo_planner.core.errors import InputError
from promo_planner.core.inbox import CandidateDraft, evidence_draft
from promo_planner.core.records import CriterionLink
from promo_planner.core.store import Store

WORK = CandidateDraft(
    fingerprint="merge:abc",
    source="git:/src/shop",
    kind="merge",
    title="Retry payments with idempotency keys",
    date=dt.date(2026, 11, 2),
    commits=("a" * 40,),
    added=120,
    removed=30,
    file_count=4,
)


def test_an_accepted_candidate_returns_to_the_inbox_and_its_evidence_goes(store: Store) -> None:
    (candidate,) = store.add_candidates([WORK])
    criterion = store.guideline().required_ids("L3-ic")[0]
    links = (CriterionLink(criterion, "full"),)
    evidence = store.accept_candidate(candidate.id, evidence_draft(candidate, links))
    assert store.count_evidence() == 1 and store.links()

    returned = store.return_candidate(candidate.id)

    assert returned.status == "pending" and returned.evidence_id is None
    assert store.count_evidence() == 0 and not store.links()
    assert [c.id for c in store.candidates()] == [candidate.id]
    with pytest.raises(InputError, match="still waiting for review"):
        store.return_candidate(candidate.id)
    # Accepted again, it is evidence again (under a new number: the old one is gone for good).
    again = store.accept_candidate(candidate.id, evidence_draft(candidate, links))
    assert again.id != evidence.id and store.count_evidence() == 1


def test_only_an_accepted_candidate_can_be_returned(store: Store) -> None:
    (candidate,) = store.add_candidates([WORK])
    store.dismiss_candidate(candidate.id)
    with pytest.raises(InputError, match="already dismissed"):
        store.return_candidate(candidate.id)
