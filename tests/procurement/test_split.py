"""Proposing a split of a request over the groups that quoted (pure functions, no database)."""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.procurement.split import Offer, plan_group, propose_split

TODAY = date(2026, 3, 2)
DUE = TODAY + timedelta(days=9)  # ten days: TODAY .. DUE


def free(per_day: int, *, start: date = TODAY, end: date = DUE, taken=None) -> dict:
    days = {}
    day = start
    while day <= end:
        days[day] = per_day - (taken or {}).get(day, 0)
        day += timedelta(days=1)
    return days


def offer(gid, price, qty, *, per_day=None, lead=0, item=1, taken=None, items=None) -> Offer:
    items = items or {item: (price, qty)}
    return Offer(
        group_id=gid,
        prices={i: p for i, (p, _) in items.items()},
        quantities={i: q for i, (_, q) in items.items()},
        earliest=TODAY + timedelta(days=lead),
        free_by_day=None if per_day is None else free(per_day, taken=taken),
    )


def test_three_groups_share_600_wearpacks_within_their_daily_capacity():
    """Cheapest first, each group only what its free days before the due date hold."""
    offers = [
        offer(1, 150_000, 400, per_day=20, lead=5),  # days 5..9: 5 days x 20 = 100
        offer(2, 155_000, 600, per_day=30, taken={TODAY + timedelta(days=3): 30}),  # 9 x 30
        offer(3, 160_000, 600, per_day=50),  # 10 x 50 = 500
    ]
    proposal = propose_split({1: 600}, offers, needed_by=DUE)
    assert proposal.complete
    got = {p.group_id: p.quantities[1] for p in proposal.plans}
    assert got == {1: 100, 2: 270, 3: 230}
    for plan in proposal.plans:
        source = next(o for o in offers if o.group_id == plan.group_id)
        assert plan.fits
        assert sum(sum(d.values()) for d in plan.days.values()) == plan.quantities[1]
        for day, units in plan.days.items():
            assert source.earliest <= day <= DUE
            assert sum(units.values()) <= source.free_by_day[day]
    group1 = proposal.plan_for(1)
    assert min(group1.days) == TODAY + timedelta(days=5)  # lead time respected
    assert TODAY + timedelta(days=3) not in proposal.plan_for(2).days  # that day is full
    assert proposal.plan_for(3).days[TODAY] == {1: 50}  # earliest first, full days


def test_shortfall_is_reported_not_refused():
    offers = [offer(1, 10_000, 100, per_day=5), offer(2, 12_000, 30)]
    proposal = propose_split({1: 200}, offers, needed_by=DUE)
    assert not proposal.complete
    assert {p.group_id: p.quantities[1] for p in proposal.plans} == {1: 50, 2: 30}
    assert proposal.shortfall == {1: 120}


def test_group_without_capacity_is_limited_by_its_quote_and_delivers_once():
    proposal = propose_split({1: 500}, [offer(7, 9_000, 450, lead=3)], needed_by=DUE)
    plan = proposal.plan_for(7)
    assert plan.quantities == {1: 450}
    assert plan.days == {TODAY + timedelta(days=3): {1: 450}}
    assert proposal.shortfall == {1: 50}


def test_group_that_cannot_start_before_the_due_date_gets_nothing():
    offers = [offer(1, 5_000, 100, lead=20), offer(2, 6_000, 100, per_day=50, lead=12)]
    proposal = propose_split({1: 100}, offers, needed_by=DUE)
    assert proposal.plans == []
    assert proposal.shortfall == {1: 100}


def test_equal_prices_prefer_the_better_track_record():
    offers = [offer(1, 10_000, 100), offer(2, 10_000, 100)]
    proposal = propose_split({1: 100}, offers, needed_by=DUE, scores={1: 0.6, 2: 0.95})
    assert [p.group_id for p in proposal.plans] == [2]
    tie = propose_split({1: 100}, offers, needed_by=DUE)
    assert [p.group_id for p in tie.plans] == [1]  # then the lower id


def test_items_of_a_request_share_a_groups_daily_capacity():
    five = TODAY + timedelta(days=4)
    offers = [
        Offer(1, {1: 100_000, 2: 120_000}, {1: 60, 2: 60}, TODAY, free(10, end=five)),
        offer(2, 130_000, 100, items={1: (130_000, 100), 2: (130_000, 100)}),
    ]
    proposal = propose_split({1: 30, 2: 40}, offers, needed_by=TODAY + timedelta(days=4))
    first = proposal.plan_for(1)
    assert first.quantities == {1: 30, 2: 20}  # 50 units in five days of 10
    assert proposal.plan_for(2).quantities == {2: 20}
    assert proposal.complete
    assert all(sum(units.values()) <= 10 for units in first.days.values())


def test_plan_group_reports_what_does_not_fit():
    plan = plan_group(offer(1, 1, 100, per_day=10), {1: 120}, DUE)
    assert plan.unplanned == {1: 20}
    assert not plan.fits
    assert len(plan.days) == 10
