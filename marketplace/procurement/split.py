"""Proposing how to split a request's items across the groups that quoted (a consortium).

Pure functions: no session, no clock. The caller (`award.py`) reads the quotes, each group's
free units per day (`orders.capacity.free_units_by_day`) and track record, and hands them in.

The rules, in order:
- a group never gets more of an item than it quoted;
- a group with declared capacity gets no more units than are free on its days from its
  earliest possible day (today + lead time) to the needed-by date, all items of the request
  sharing the group's daily capacity (the request is of one category);
- a group without declared capacity is limited only by its quoted quantities, delivered in one
  drop on its earliest day (if that is not after the needed-by date);
- the cheaper unit price wins, then the better on-time rate, then the lower group id;
- what nobody can make by the needed-by date is reported as a shortfall per item, not refused.

Delivery days are the days units are taken from the group's capacity, earliest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Offer:
    """What one group quoted and what it can still make.

    `free_by_day`: free units per day (None: no capacity declared, no daily limit).
    `earliest`: the first day the group can deliver (today + its lead time).
    """

    group_id: int
    prices: Mapping[int, int]  # item id -> unit price (int Rupiah)
    quantities: Mapping[int, int]  # item id -> quantity offered
    earliest: date
    free_by_day: Mapping[date, int] | None = None

    @property
    def has_capacity(self) -> bool:
        return self.free_by_day is not None


@dataclass
class GroupPlan:
    """One group's share: quantity per item and the delivery days (day -> item id -> units)."""

    group_id: int
    quantities: dict[int, int] = field(default_factory=dict)
    days: dict[date, dict[int, int]] = field(default_factory=dict)
    unplanned: dict[int, int] = field(default_factory=dict)  # units that fit no day

    @property
    def total_units(self) -> int:
        return sum(self.quantities.values())

    def amount(self, prices: Mapping[int, int]) -> int:
        return sum(prices[item] * qty for item, qty in self.quantities.items())

    @property
    def fits(self) -> bool:
        return not any(self.unplanned.values())


@dataclass
class Proposal:
    """Per group its plan (groups that got nothing are left out) and the shortfall per item."""

    plans: list[GroupPlan]
    shortfall: dict[int, int]

    @property
    def complete(self) -> bool:
        return not any(self.shortfall.values())

    def plan_for(self, group_id: int) -> GroupPlan | None:
        return next((p for p in self.plans if p.group_id == group_id), None)


def usable_days(offer: Offer, needed_by: date) -> list[tuple[date, int | None]]:
    """The group's delivery days up to `needed_by` with their free units, earliest first.

    Without declared capacity: its earliest day alone, unlimited (None), if not too late.
    """
    if offer.earliest > needed_by:
        return []
    if offer.free_by_day is None:
        return [(offer.earliest, None)]
    return [
        (day, free)
        for day, free in sorted(offer.free_by_day.items())
        if offer.earliest <= day <= needed_by and free > 0
    ]


def room(offer: Offer, needed_by: date) -> int | None:
    """Units the group can still make by `needed_by` (None: no limit)."""
    days = usable_days(offer, needed_by)
    if not days:
        return 0
    if days[0][1] is None:
        return None
    return sum(free for _, free in days)


def plan_group(offer: Offer, quantities: Mapping[int, int], needed_by: date) -> GroupPlan:
    """Place `quantities` (item id -> units) on the group's days, earliest first, items in
    id order sharing each day's free units. What fits no day is in `unplanned`."""
    plan = GroupPlan(offer.group_id, {i: q for i, q in sorted(quantities.items()) if q > 0})
    left = dict(plan.quantities)
    for day, free in usable_days(offer, needed_by):
        for item in sorted(left):
            if left[item] <= 0:
                continue
            take = left[item] if free is None else min(left[item], free)
            if take <= 0:
                break
            plan.days.setdefault(day, {})[item] = take
            left[item] -= take
            if free is not None:
                free -= take
    plan.unplanned = {item: n for item, n in left.items() if n > 0}
    return plan


def _rank(offers: list[Offer], item: int, scores: Mapping[int, float]) -> list[Offer]:
    quoting = [o for o in offers if o.quantities.get(item, 0) > 0 and item in o.prices]
    return sorted(quoting, key=lambda o: (o.prices[item], -scores.get(o.group_id, 0.0), o.group_id))


def propose_split(
    needs: Mapping[int, int],
    offers: list[Offer],
    *,
    needed_by: date,
    scores: Mapping[int, float] | None = None,
) -> Proposal:
    """Split `needs` (item id -> units) over `offers`: cheapest first, then the better
    on-time rate (`scores`, group id -> 0..1), within quoted quantities and free capacity by
    `needed_by`. Never raises for too little supply: the rest is `shortfall`."""
    scores = scores or {}
    remaining_room = {o.group_id: room(o, needed_by) for o in offers}
    taken: dict[int, dict[int, int]] = {o.group_id: {} for o in offers}
    shortfall = {}
    for item in sorted(needs):
        need = needs[item]
        for offer in _rank(offers, item, scores):
            if need <= 0:
                break
            limit = remaining_room[offer.group_id]
            take = min(need, offer.quantities[item], need if limit is None else limit)
            if take <= 0:
                continue
            taken[offer.group_id][item] = take
            need -= take
            if limit is not None:
                remaining_room[offer.group_id] = limit - take
        shortfall[item] = need
    by_id = {o.group_id: o for o in offers}
    plans = [plan_group(by_id[gid], qty, needed_by) for gid, qty in sorted(taken.items()) if qty]
    return Proposal(plans, shortfall)


def days_between(start: date, end: date) -> list[date]:
    """Every day from `start` to `end`, inclusive (empty when end < start)."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
