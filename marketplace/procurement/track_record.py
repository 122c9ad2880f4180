"""Groups' computed track record beside their quotes: the figures investors see.

On-time rate, completed orders and the average rating are `investors.summary.compute`'s
figures over the same 12 months (the monthly rollup rows and the product reviews), computed
with its own helpers (`ratio`, `average`, `add_months`) but for all the quoting groups in one
statement, so an RFQ page costs the same with 2 quotes or 20.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import WIB
from marketplace.investors import summary
from marketplace.investors.models import GroupMonthlyStats
from marketplace.orders.models import Review


@dataclass(frozen=True)
class TrackRecord:
    completed_orders: int
    on_time_rate: str | None  # percent with one decimal (string Decimal), None: no orders
    rating_avg: str | None  # stars with two decimals, None: no ratings
    rating_count: int


EMPTY = TrackRecord(0, None, None, 0)


def _utc(day: date) -> datetime:
    """Start of a WIB day as naive UTC (as the summary counts ratings since)."""
    return datetime.combine(day, time.min, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


def track_records(
    session: Session, group_ids: Iterable[int], as_of: date | None = None
) -> dict[int, TrackRecord]:
    """group id -> its track record over the 12 months ending with as_of's month (WIB).

    One statement whatever the number of groups; equal to `summary.compute`'s values.
    """
    ids = sorted(set(group_ids))
    if not ids:
        return {}
    current = (as_of or summary.wib_today()).replace(day=1)
    start = summary.add_months(current, -11)
    monthly = (
        select(
            GroupMonthlyStats.group_id.label("group_id"),
            func.sum(GroupMonthlyStats.completed_orders).label("completed"),
            func.sum(GroupMonthlyStats.on_time_orders).label("on_time"),
        )
        .where(
            GroupMonthlyStats.group_id.in_(ids),
            GroupMonthlyStats.month >= start,
            GroupMonthlyStats.month <= current,
        )
        .group_by(GroupMonthlyStats.group_id)
        .subquery()
    )
    ratings = (
        select(
            Product.group_id.label("group_id"),
            func.count(Review.id).label("n"),
            func.sum(Review.rating).label("stars"),
        )
        .join(Product, Product.id == Review.product_id)
        .where(Product.group_id.in_(ids), Review.created_at >= _utc(start))
        .group_by(Product.group_id)
        .subquery()
    )
    rows = session.execute(
        select(
            ProducerGroup.id,
            monthly.c.completed,
            monthly.c.on_time,
            ratings.c.n,
            ratings.c.stars,
        )
        .outerjoin(monthly, monthly.c.group_id == ProducerGroup.id)
        .outerjoin(ratings, ratings.c.group_id == ProducerGroup.id)
        .where(ProducerGroup.id.in_(ids))
    )
    found = {}
    for group_id, completed, on_time, n, stars in rows:
        completed, on_time, n, stars = (int(v or 0) for v in (completed, on_time, n, stars))
        found[group_id] = TrackRecord(
            completed_orders=completed,
            on_time_rate=summary.ratio(on_time, completed),
            rating_avg=summary.average(stars, n),
            rating_count=n,
        )
    return {gid: found.get(gid, EMPTY) for gid in ids}
