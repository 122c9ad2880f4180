"""Daily production capacity in units: what a group can still promise on a day.

A group declares per product, or per category, how many units it can make a day and its lead
time (`orders.capacity_settings`). Retail checkouts and purchase orders draw on the same
`capacity_use` counts, so a group's day is never promised twice. No declared capacity means
no limit.

Locking rule (every function here): a reservation is `INSERT … ON CONFLICT DO NOTHING` of the
day's row, then one conditional `UPDATE capacity_use SET units_taken = units_taken + :n WHERE
capacity_id = :c AND day = :d AND units_taken + :n <= (SELECT units_per_day …)`. The UPDATE's
row lock is held until commit; a concurrent reservation of the same day waits and then sees
the new count, so two can never overbook. A caller reserving several (capacity, day) pairs in
one transaction takes them in (capacity id, day) order. Reads take no locks. Functions flush
nothing themselves (they run statements) and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from marketplace.catalog.product_models import Product
from marketplace.core.formatting import long_date
from marketplace.orders.capacity_models import CapacityUse, GroupCapacity
from marketplace.orders.logistics import now_wib


class CapacityFull(ValueError):
    """The day cannot take that many more units; `available` is what it still can."""

    def __init__(self, day: date, available: int, capacity: GroupCapacity | None = None):
        super().__init__(day, available)
        self.day = day
        self.available = available
        self.capacity = capacity

    def __str__(self) -> str:
        return _(
            "Kapasitas produksi tanggal %(d)s sudah penuh: masih bisa %(n)s.",
            d=long_date(self.day),
            n=self.available,
        )


def capacity_for(
    session: Session, group_id: int, product_id: int | None, category: str | None
) -> GroupCapacity | None:
    """The capacity that limits this product (its own row wins over its category's), or None.

    Given only `product_id`, the product's category is read in the same statement. Reads only.
    """
    if product_id is None and category is None:
        return None
    targets = []
    if product_id is not None:
        targets.append(GroupCapacity.product_id == product_id)
        if category is None:
            category_of = select(Product.category).where(Product.id == product_id)
            targets.append(GroupCapacity.category == category_of.scalar_subquery())
    if category is not None:
        targets.append(GroupCapacity.category == category)
    return session.scalars(
        select(GroupCapacity)
        .where(GroupCapacity.group_id == group_id, or_(*targets))
        .order_by(GroupCapacity.product_id.is_(None))
        .limit(1)
    ).first()


def capacities_for_products(
    session: Session, group_id: int, products: Iterable[Product]
) -> dict[int, GroupCapacity]:
    """Product id -> the capacity that limits it, for the products that have one (one query)."""
    products = list(products)
    ids = {p.id for p in products}
    categories = {p.category for p in products}
    rows = session.scalars(
        select(GroupCapacity).where(
            GroupCapacity.group_id == group_id,
            or_(GroupCapacity.product_id.in_(ids), GroupCapacity.category.in_(categories)),
        )
    ).all()
    by_product = {c.product_id: c for c in rows if c.product_id is not None}
    by_category = {c.category: c for c in rows if c.category is not None}
    found = {}
    for p in products:
        cap = by_product.get(p.id) or by_category.get(p.category)
        if cap is not None:
            found[p.id] = cap
    return found


def _taken(session: Session, capacity_id: int, day: date) -> int:
    return (
        session.scalar(
            select(CapacityUse.units_taken).where(
                CapacityUse.capacity_id == capacity_id, CapacityUse.day == day
            )
        )
        or 0
    )


def units_left(session: Session, capacity: GroupCapacity, day: date) -> int:
    """Units `capacity` can still take on `day` (never below 0; lead time not applied)."""
    return max(0, capacity.units_per_day - _taken(session, capacity.id, day))


def available_units(
    session: Session,
    group_id: int,
    day: date,
    *,
    product_id: int | None = None,
    category: str | None = None,
) -> int | None:
    """Units still free on `day` for this product or category; None: no limit declared.

    Pure arithmetic on the day's count (lead time is `free_units_by_day`'s business). Reads only.
    """
    capacity = capacity_for(session, group_id, product_id, category)
    return None if capacity is None else units_left(session, capacity, day)


def free_units_by_day(
    session: Session,
    group_id: int,
    start: date,
    end: date,
    *,
    product_id: int | None = None,
    category: str | None = None,
    today: date | None = None,
) -> dict[date, int]:
    """Free units for each day from `start` to `end` (inclusive), for proposing a split.

    Days before today (WIB) + the lead time have 0. An empty dict means no capacity is
    declared (no limit); `capacity_for` tells the two apart for an empty range. Reads only,
    two statements.
    """
    capacity = capacity_for(session, group_id, product_id, category)
    if capacity is None:
        return {}
    first_possible = (today or now_wib().date()) + timedelta(days=capacity.lead_time_days)
    taken = dict(
        session.execute(
            select(CapacityUse.day, CapacityUse.units_taken).where(
                CapacityUse.capacity_id == capacity.id, CapacityUse.day.between(start, end)
            )
        ).all()
    )
    free = {}
    day = start
    while day <= end:
        free[day] = (
            0 if day < first_possible else max(0, capacity.units_per_day - taken.get(day, 0))
        )
        day += timedelta(days=1)
    return free


def _insert(session: Session):
    return (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(
        CapacityUse
    )


def reserve_on(session: Session, capacity: GroupCapacity, day: date, units: int) -> None:
    """Take `units` of `capacity` on `day` or raise CapacityFull (nothing taken then).

    Locking rule: INSERT-if-missing of the day's row, then the conditional UPDATE (module
    docstring); the row stays locked until commit.
    """
    if units <= 0:
        return
    session.execute(
        _insert(session)
        .values(capacity_id=capacity.id, day=day, units_taken=0)
        .on_conflict_do_nothing(index_elements=["capacity_id", "day"])
    )
    limit = (
        select(GroupCapacity.units_per_day).where(GroupCapacity.id == capacity.id).scalar_subquery()
    )
    result = session.execute(
        update(CapacityUse)
        .where(
            CapacityUse.capacity_id == capacity.id,
            CapacityUse.day == day,
            CapacityUse.units_taken + units <= limit,
        )
        .values(units_taken=CapacityUse.units_taken + units)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise CapacityFull(day, units_left(session, capacity, day), capacity)


def release_on(session: Session, capacity_id: int, day: date, units: int) -> None:
    """Give `units` of a capacity's day back, never below 0 (a missing row is a no-op).

    Locking rule: one plain `UPDATE … SET units_taken = CASE …` (row lock until commit).
    Exactly-once is the caller's guard (for orders, `fulfilment.release_stock`'s flag).
    """
    if units <= 0:
        return
    session.execute(
        update(CapacityUse)
        .where(CapacityUse.capacity_id == capacity_id, CapacityUse.day == day)
        .values(
            units_taken=case(
                (CapacityUse.units_taken >= units, CapacityUse.units_taken - units), else_=0
            )
        )
        .execution_options(synchronize_session=False)
    )


def reserve_units(
    session: Session,
    group_id: int,
    day: date,
    units: int,
    *,
    product_id: int | None = None,
    category: str | None = None,
) -> None:
    """Take `units` on `day` from the capacity limiting this product/category, or raise
    CapacityFull(day, available). No declared capacity: nothing to take, never full.

    Lead time is not checked here (retail stock is already made); plan with free_units_by_day.
    Locking rule: see the module docstring (conditional UPDATE, no long locks).
    """
    capacity = capacity_for(session, group_id, product_id, category)
    if capacity is not None:
        reserve_on(session, capacity, day, units)


def release_units(
    session: Session,
    group_id: int,
    day: date,
    units: int,
    *,
    product_id: int | None = None,
    category: str | None = None,
) -> None:
    """Give back `units` on `day` to the capacity limiting this product/category (never
    below 0). The caller makes sure it releases once. Locking rule: one plain UPDATE."""
    capacity = capacity_for(session, group_id, product_id, category)
    if capacity is not None:
        release_on(session, capacity.id, day, units)
