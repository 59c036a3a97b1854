"""SPEC 4 against an independent reference: random ladders, plans, evidence, dates and rating
histories, measured by ``assess`` and by a plain re-reading of the SPEC written here.

The reference shares nothing with the implementation but the input types: its own required
sets, its own month arithmetic for the evidence window, its own rounding, its own notion of the
latest rating.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from promo_planner.core.ladder import Area, Criterion, Guideline, Level, Promotion
from promo_planner.core.readiness import assess, window_start
from promo_planner.core.records import Rating

TODAY = dt.date(2026, 3, 31)
LEVELS = ("L0", "L1", "L2", "L3a", "L3b")
PARENT = {"L0": None, "L1": "L0", "L2": "L1", "L3a": "L2", "L3b": "L2"}
AREAS = ("a", "b", "c")


# --------------------------------------------------------------------------- the reference


def ref_ancestors(level: str) -> list[str]:
    out = []
    node = PARENT[level]
    while node is not None:
        out.append(node)
        node = PARENT[node]
    return out


def ref_required(g: Guideline, level: str) -> list[Criterion]:
    levels = {level, *ref_ancestors(level)}
    pool = [c for c in g.criteria if c.level in levels]
    gone = {s for c in pool for s in c.supersedes}
    return [c for c in pool if c.id not in gone]


def ref_months_back(today: dt.date, months: int) -> dt.date:
    year, month = today.year, today.month
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def ref_round(x: Fraction) -> Decimal:
    """Half away from zero, to one decimal (x is never negative here)."""
    tenths = math.floor(x * 10 + Fraction(1, 2))
    return Decimal(tenths) / 10


def ref_latest(ratings: list[Rating], cid: str, who: str) -> Rating | None:
    mine = [r for r in ratings if r.criterion_id == cid and r.who == who]
    if not mine:
        return None
    best = mine[0]
    for r in mine[1:]:
        if (r.rated_on, r.recorded_at, r.id) > (best.rated_on, best.recorded_at, best.id):
            best = r
    return None if best.value == "clear" else best


def reference(g, current, target, evidence, ratings, today):  # type: ignore[no-untyped-def]
    months = g.promotion.evidence_window_months
    oldest = ref_months_back(today, months) if months else None
    carried = {c.id for c in ref_required(g, current)}
    rows = {}
    for c in ref_required(g, target):
        full = partial = 0
        newest = None
        for _, day, links in evidence:
            if day > today or (oldest is not None and day < oldest):
                continue
            for cid, strength, when in links:
                if cid != c.id:
                    continue
                full += strength == "full"
                partial += strength == "partial"
                newest = when if newest is None else max(newest, when)
        ev = min(Fraction(1), (full + Fraction(partial, 2)) / c.evidence_required)
        mine = ref_latest(ratings, c.id, "self")
        boss = ref_latest(ratings, c.id, "manager")
        held = c.id in carried and not (mine is not None and mine.value == "down")
        claimed = Fraction(1) if held else ev
        agreed = claimed if boss is None else Fraction(1 if boss.value == "up" else 0)
        if agreed == 1:
            only_held = held and ev < 1 and (boss is None or boss.value != "up")
            status = "held" if only_held else "met"
        else:
            status = "partial" if agreed > 0 else "missing"
        rows[c.id] = {
            "agreed": agreed,
            "claimed": claimed,
            "status": status,
            "held": held,
            "disputed": boss is not None and boss.value == "down" and claimed > 0,
            "rerate": boss is not None
            and newest is not None
            and newest > (boss.rated_on, boss.recorded_at),
        }
    by_id = {c.id: c for c in g.criteria}

    def percent(ids, key):  # type: ignore[no-untyped-def]
        total = sum(Fraction(by_id[i].weight) for i in ids)
        if not total:
            return Fraction(100)
        return 100 * sum(Fraction(by_id[i].weight) * rows[i][key] for i in ids) / total

    readiness = ref_round(percent(list(rows), "agreed"))
    areas = {}
    for a in AREAS:
        ids = [i for i in rows if by_id[i].area == a]
        if ids:
            areas[a] = ref_round(percent(ids, "agreed"))
    ready = readiness >= g.promotion.readiness_threshold and all(
        v >= g.promotion.area_floor for v in areas.values()
    )
    return rows, readiness, ref_round(percent(list(rows), "claimed")), areas, ready


# --------------------------------------------------------------------------- random inputs


@st.composite
def ladders(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 9))
    criteria = []
    for i in range(n):
        level = draw(st.sampled_from(LEVELS))
        lower = [c for c in criteria if c.level in ref_ancestors(level)]
        supersedes = ()
        if lower and draw(st.booleans()):
            supersedes = (draw(st.sampled_from(lower)).id,)
        criteria.append(
            Criterion(
                id=f"c{i}",
                area=draw(st.sampled_from(AREAS)),
                level=level,
                title=f"Criterion {i}",
                description=None,
                examples=(),
                evidence_required=draw(st.integers(1, 3)),
                effort_weeks=Decimal(2),
                weight=Decimal(draw(st.sampled_from(["1", "2", "3", "0.5"]))),
                requires=(),
                supersedes=supersedes,
                needs_opportunity=False,
            )
        )
    promotion = Promotion(
        readiness_threshold=Decimal(draw(st.sampled_from(["50", "75", "90", "92.25", "100"]))),
        lead_weeks=2,
        sustain_weeks=0,
        area_floor=Decimal(draw(st.sampled_from(["0", "0", "40", "50", "66.7"]))),
        evidence_window_months=draw(st.sampled_from([0, 0, 1, 3, 12, 13])),
    )
    return Guideline(
        id="r",
        name="R",
        version="1",
        description=None,
        promotion=promotion,
        levels=tuple(Level(lv, lv, None, PARENT[lv], None) for lv in LEVELS),
        areas=tuple(Area(a, a.upper(), None) for a in AREAS),
        criteria=tuple(criteria),
    )


TODAYS = (TODAY, dt.date(2024, 2, 29), dt.date(2026, 1, 31))
# The window's edges and the days either side of them, so the edge is tried often.
EDGES = sorted(
    {
        ref_months_back(today, months) + dt.timedelta(days=shift)
        for today in TODAYS
        for months in (1, 3, 12, 13)
        for shift in (-1, 0, 1)
    }
)
DAYS = st.one_of(
    st.integers(-500, 30).map(lambda d: TODAY + dt.timedelta(days=d)), st.sampled_from(EDGES)
)
MOMENTS = st.tuples(DAYS, st.integers(0, 3).map(lambda h: dt.datetime(2026, 1, 1, h)))


@st.composite
def cases(draw):  # type: ignore[no-untyped-def]
    g = draw(ladders())
    current, target = draw(
        st.sampled_from(
            [(a, b) for a in LEVELS for b in LEVELS if a != b and a in ref_ancestors(b)]
        )
    )
    ids = [c.id for c in g.criteria] + ["gone.criterion"]
    evidence = []
    for eid in range(1, draw(st.integers(0, 8)) + 1):
        day = draw(DAYS)
        chosen = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        links = [(cid, draw(st.sampled_from(["full", "partial"])), draw(MOMENTS)) for cid in chosen]
        evidence.append((eid, day, links))
    ratings = [
        Rating(
            criterion_id=draw(st.sampled_from(ids)),
            who=draw(st.sampled_from(["self", "manager"])),
            value=draw(st.sampled_from(["up", "down", "clear"])),
            rated_on=moment[0],
            recorded_at=moment[1],
            id=rid,
        )
        for rid, moment in enumerate(draw(st.lists(MOMENTS, max_size=8)), start=1)
    ]
    today = draw(st.sampled_from(TODAYS))
    return g, current, target, evidence, ratings, today


# --------------------------------------------------------------------------- the comparison


@settings(max_examples=300, deadline=None)
@given(cases())
def test_assess_matches_the_reference(case) -> None:  # type: ignore[no-untyped-def]
    g, current, target, evidence, ratings, today = case
    links = [
        (eid, cid, strength, day, when)
        for eid, day, items in evidence
        for cid, strength, when in items
    ]
    found = assess(g, current, target, links, ratings=ratings, today=today)
    rows, readiness, claimed, areas, ready = reference(g, current, target, evidence, ratings, today)
    assert [cp.criterion.id for cp in found.criteria] == list(rows)
    for cp in found.criteria:
        expected = rows[cp.criterion.id]
        assert cp.progress == expected["agreed"], cp.criterion.id
        assert cp.claimed == expected["claimed"], cp.criterion.id
        assert cp.status == expected["status"], cp.criterion.id
        assert cp.held == expected["held"], cp.criterion.id
        assert cp.disputed == expected["disputed"], cp.criterion.id
        assert cp.rerate == expected["rerate"], cp.criterion.id
    assert found.readiness == readiness
    assert found.readiness_claimed == claimed
    assert {a.area.id: a.readiness for a in found.areas()} == areas
    assert found.ready == ready


# --------------------------------------------------------------------------- named edges


def test_the_window_counts_the_day_exactly_n_months_back_and_clamps_month_ends() -> None:
    assert window_start(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert window_start(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert window_start(dt.date(2025, 2, 28), 12) == dt.date(2024, 2, 28)
    assert window_start(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert window_start(dt.date(2026, 5, 15), 6) == dt.date(2025, 11, 15)
    assert window_start(dt.date(2026, 1, 10), 13) == dt.date(2024, 12, 10)
    assert window_start(dt.date(2026, 5, 15), 0) is None
    for today in (dt.date(2026, 3, 31), dt.date(2024, 2, 29), dt.date(2026, 7, 1)):
        for months in (1, 2, 6, 11, 12, 25):
            assert window_start(today, months) == ref_months_back(today, months)


def _one(window: int) -> Guideline:
    c = Criterion("x.one", "a", "L1", "One", None, (), 1, Decimal(1), Decimal(1), (), (), False)
    return Guideline(
        "w",
        "W",
        None,
        None,
        Promotion(Decimal(100), 0, 0, Decimal(0), window),
        tuple(Level(lv, lv, None, PARENT[lv], None) for lv in LEVELS),
        (Area("a", "A", None),),
        (c,),
    )


def test_evidence_on_the_window_edge_counts_and_the_day_before_does_not() -> None:
    g = _one(window=1)
    on_edge = assess(g, "L0", "L1", [(1, "x.one", "full", dt.date(2026, 2, 28), None)], today=TODAY)
    assert on_edge.readiness == 100
    before = assess(g, "L0", "L1", [(1, "x.one", "full", dt.date(2026, 2, 27), None)], today=TODAY)
    assert before.readiness == 0 and before.criteria[0].uncounted_ids == (1,)


def test_evidence_dated_after_today_does_not_count() -> None:
    g = _one(window=0)
    later = assess(
        g, "L0", "L1", [(1, "x.one", "full", TODAY + dt.timedelta(days=1), None)], today=TODAY
    )
    assert later.readiness == 0 and later.criteria[0].uncounted_ids == (1,)
