"""Per-group monthly rollups, updated as orders complete, are cancelled or are refunded.

The orders state machine reaches `record_order_completed` and `record_order_cancelled` through
the `orders.hooks` transition listener `on_order_transition`, and a confirmed refund reaches
`record_order_refunded` through the refund listener `on_order_refunded` (both registered in
investors/__init__.py), in the same transaction as the change.
Each order is counted once: a row in `order_rollup_marks` is claimed with an atomic
conditional UPDATE before any counter moves, so a retried or concurrent call adds nothing.
Counters are bumped with INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL).

Rules (the rebuild, `rollup_rebuild.rebuild`, applies the same ones):
- month: the WIB calendar month of `completed_at` (completions, refunds) or `cancelled_at`;
- business-to-business revenue (`b2b_revenue`, investors.b2b): accepted quantity × unit price
  of each signed BAST, in the WIB month of signing; kept apart from the orders' `revenue`;
- revenue: the order's `total` (goods + delivery fee); refunds of a completed order are
  kept apart in `refunded` (capped at the total) and subtracted when shown;
- on time: completed no later than the end of the chosen shift window on the chosen date
  (WIB), for pickup and delivery alike; an order without a window is on time when completed
  by the end of its date;
- cancelled by the group: the cancelling OrderEvent's actor is a person other than the buyer
  (the state machine lets only the buyer, the producer or the system cancel).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.core.timeutil import WIB, to_wib, utcnow
from marketplace.investors.models import GroupBuyerMonth, GroupMonthlyStats, OrderRollupMark

COUNTERS = (
    "revenue",
    "refunded",
    "completed_orders",
    "on_time_orders",
    "cancelled_orders",
    "cancelled_by_group",
    "b2b_revenue",  # goods companies accepted at a BAST (investors.b2b)
)


def month_of(value: datetime) -> date:
    """First day of the WIB month a stored UTC datetime falls in."""
    return to_wib(value).date().replace(day=1)


def deadline(pickup_date: date, window_end: time | None) -> datetime:
    """The WIB moment an order must be completed by to count as on time."""
    return datetime.combine(pickup_date, window_end or time.max, tzinfo=WIB)


def is_on_time(completed_at: datetime, pickup_date: date, window_end: time | None) -> bool:
    """Completed no later than the end of the chosen window on the chosen date (WIB)."""
    return to_wib(completed_at) <= deadline(pickup_date, window_end)


def _insert(session: Session, model: Any):
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(model)


def bump_month(session: Session, group_id: int, month: date, **deltas: int) -> None:
    """Add `deltas` (counter -> amount) to the group's month row, creating it when missing."""
    table = GroupMonthlyStats.__table__
    values = {c: deltas.get(c, 0) for c in COUNTERS}
    stmt = _insert(session, GroupMonthlyStats).values(group_id=group_id, month=month, **values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["group_id", "month"],
        set_={c: table.c[c] + stmt.excluded[c] for c in deltas},
    )
    session.execute(stmt)


def _bump_buyer(session: Session, group_id: int, buyer_id: int, month: date) -> None:
    table = GroupBuyerMonth.__table__
    stmt = _insert(session, GroupBuyerMonth).values(
        group_id=group_id, buyer_id=buyer_id, month=month, orders=1
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["group_id", "buyer_id", "month"], set_={"orders": table.c.orders + 1}
    )
    session.execute(stmt)


def _claim(session: Session, order_id: int, flag: str) -> bool:
    """Atomically mark `flag` on the order's row; False if it was already marked."""
    session.execute(
        _insert(session, OrderRollupMark)
        .values(order_id=order_id, completed=False, cancelled=False, refunded=0)
        .on_conflict_do_nothing(index_elements=["order_id"])
    )
    column = getattr(OrderRollupMark, flag)
    result = session.execute(
        update(OrderRollupMark)
        .where(OrderRollupMark.order_id == order_id, column.is_(False))
        .values({flag: True})
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _window_end(order: Any) -> time | None:
    # The end agreed at checkout: an officer moving the window later changes no history.
    return getattr(order, "window_end", None)


def record_order_completed(session: Session, order: Any) -> bool:
    """Count a just-completed order in its group's month; False if it was counted before."""
    if order.completed_at is None or not _claim(session, order.id, "completed"):
        return False
    month = month_of(order.completed_at)
    on_time = is_on_time(order.completed_at, order.pickup_date, _window_end(order))
    bump_month(
        session,
        order.group_id,
        month,
        revenue=order.total,
        completed_orders=1,
        on_time_orders=int(on_time),
    )
    _bump_buyer(session, order.group_id, order.buyer_id, month)
    session.flush()
    return True


def record_order_cancelled(session: Session, order: Any, by_group: bool) -> bool:
    """Count a just-cancelled order (and whether the group cancelled it); False if counted."""
    if not _claim(session, order.id, "cancelled"):
        return False
    month = month_of(order.cancelled_at or utcnow())
    bump_month(session, order.group_id, month, cancelled_orders=1, cancelled_by_group=int(by_group))
    session.flush()
    return True


def record_order_refunded(session: Session, order: Any, amount: int) -> int:
    """Subtract a confirmed refund of a completed order from its month's revenue.

    Call once per confirmed refund with that refund's amount. Refunds of orders that never
    completed change nothing (they were never revenue). Returns the amount counted, capped
    so an order's refunds never exceed its total.
    """
    if order.status != "completed" or order.completed_at is None or amount <= 0:
        return 0
    record_order_completed(session, order)  # a no-op unless the completion was missed
    mark = session.scalars(
        select(OrderRollupMark).where(OrderRollupMark.order_id == order.id).with_for_update()
    ).one()
    delta = min(amount, order.total - mark.refunded)
    if delta <= 0:
        return 0
    mark.refunded += delta
    bump_month(session, order.group_id, month_of(order.completed_at), refunded=delta)
    session.flush()
    return delta


def snapshot_rows(session: Session) -> list[tuple]:
    """Every rollup row as plain tuples, sorted (to compare with a rebuild in tests)."""
    stats = session.execute(
        select(
            GroupMonthlyStats.group_id,
            GroupMonthlyStats.month,
            *[getattr(GroupMonthlyStats, c) for c in COUNTERS],
        ).order_by(GroupMonthlyStats.group_id, GroupMonthlyStats.month)
    ).all()
    buyers = session.execute(
        select(
            GroupBuyerMonth.group_id,
            GroupBuyerMonth.buyer_id,
            GroupBuyerMonth.month,
            GroupBuyerMonth.orders,
        ).order_by(GroupBuyerMonth.group_id, GroupBuyerMonth.buyer_id, GroupBuyerMonth.month)
    ).all()
    return [tuple(r) for r in stats] + [("buyer", *tuple(r)) for r in buyers]


def on_order_refunded(session: Session, order: Any, amount: int) -> None:
    """orders.hooks refund listener: subtract a confirmed refund from the group's month."""
    record_order_refunded(session, order, amount)


def on_order_transition(
    session: Session, order: Any, from_status: str, to_status: str, role: str
) -> None:
    """orders.hooks listener: count completions and cancellations as they happen."""
    if to_status == "completed":
        record_order_completed(session, order)
    elif to_status == "cancelled":
        record_order_cancelled(session, order, by_group=role == "producer")
