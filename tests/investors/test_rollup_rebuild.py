"""The set-based rollup rebuild gives exactly the rows of the former row-by-row version."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from marketplace.core.timeutil import utcnow
from marketplace.investors import rollup_rebuild, rollups
from marketplace.investors.models import GroupBuyerMonth, GroupMonthlyStats, OrderRollupMark
from marketplace.orders.models import Order, OrderEvent
from marketplace.procurement.po_models import Bast
from tests.factories import make_group, make_logistics, make_sold_order, make_user
from tests.investors.helpers import wib_moment as wib
from tests.procurement.factories import make_bast, make_delivery, make_po


def _reference_rebuild(session: Session) -> dict[str, int]:
    """The former Python implementation of rollups.rebuild, kept as the specification."""
    refunds = dict(
        session.execute(sa.select(OrderRollupMark.order_id, OrderRollupMark.refunded)).all()
    )
    cancellers = {
        oid: actor
        for oid, actor in session.execute(
            sa.select(OrderEvent.order_id, OrderEvent.actor_id)
            .where(OrderEvent.to_status == "cancelled")
            .order_by(OrderEvent.id)
        )
    }
    stats: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(rollups.COUNTERS, 0))
    buyers: dict[tuple, int] = defaultdict(int)
    marks: list[dict[str, Any]] = []
    rows = session.execute(
        sa.select(
            Order.id,
            Order.group_id,
            Order.buyer_id,
            Order.status,
            Order.total,
            Order.pickup_date,
            Order.completed_at,
            Order.cancelled_at,
            Order.window_end,  # agreed at checkout (migration 0011)
        ).where(Order.status.in_(("completed", "cancelled")))
    )
    for oid, gid, buyer, status, total, pdate, done_at, cancel_at, end in rows:
        if status == "completed" and done_at is not None:
            month = rollups.month_of(done_at)
            row = stats[(gid, month)]
            refunded = min(refunds.get(oid, 0), total)
            row["revenue"] += total
            row["refunded"] += refunded
            row["completed_orders"] += 1
            row["on_time_orders"] += int(rollups.is_on_time(done_at, pdate, end))
            buyers[(gid, buyer, month)] += 1
            marks.append(
                {"order_id": oid, "completed": True, "cancelled": False, "refunded": refunded}
            )
        elif status == "cancelled":
            actor = cancellers.get(oid)
            row = stats[(gid, rollups.month_of(cancel_at or utcnow()))]
            row["cancelled_orders"] += 1
            row["cancelled_by_group"] += int(actor is not None and actor != buyer)
            marks.append({"order_id": oid, "completed": False, "cancelled": True, "refunded": 0})
    # Business-to-business revenue: each signed BAST's accepted goods, in its WIB month.
    for bast in session.scalars(sa.select(Bast)):
        po = bast.delivery.po
        amount = sum(ln.qty_accepted * ln.po_line.unit_price for ln in bast.delivery.lines)
        if amount:
            stats[(po.group_id, rollups.month_of(bast.signed_at))]["b2b_revenue"] += amount
    for model in (GroupMonthlyStats, GroupBuyerMonth, OrderRollupMark):
        session.execute(sa.delete(model))
    if stats:
        session.execute(
            GroupMonthlyStats.__table__.insert(),
            [{"group_id": g, "month": m, **v} for (g, m), v in stats.items()],
        )
    if buyers:
        session.execute(
            GroupBuyerMonth.__table__.insert(),
            [
                {"group_id": g, "buyer_id": b, "month": m, "orders": n}
                for (g, b, m), n in buyers.items()
            ],
        )
    if marks:
        session.execute(OrderRollupMark.__table__.insert(), marks)
    session.flush()
    return {"months": len(stats), "buyer_months": len(buyers), "orders": len(marks)}


def _state(session: Session, counts: dict[str, int]) -> tuple:
    marks = session.execute(
        sa.select(
            OrderRollupMark.order_id,
            OrderRollupMark.completed,
            OrderRollupMark.cancelled,
            OrderRollupMark.refunded,
        ).order_by(OrderRollupMark.order_id)
    ).all()
    return counts, rollups.snapshot_rows(session), [tuple(m) for m in marks]


def _drop_window(session: Session, order: Order) -> None:
    """Give the order no agreed window end (NULL), past PostgreSQL's NOT NULL."""
    if session.get_bind().dialect.name == "postgresql":
        # DDL is transactional: the test's rollback restores the constraint
        session.execute(sa.text("ALTER TABLE orders ALTER COLUMN window_end DROP NOT NULL"))
    session.execute(sa.update(Order).where(Order.id == order.id).values(window_end=None))


def _set_refund(session: Session, order: Order, amount: int) -> None:
    session.execute(
        sa.update(OrderRollupMark)
        .where(OrderRollupMark.order_id == order.id)
        .values(refunded=amount)
    )


def _cancel_event(session: Session, order: Order, actor) -> None:
    session.add(
        OrderEvent(
            order_id=order.id,
            from_status="placed",
            to_status="cancelled",
            actor_id=actor.id if actor is not None else None,
        )
    )
    session.flush()


def test_set_based_rebuild_equals_the_row_by_row_rules(db_session):
    s = db_session
    logistics = make_logistics(s)  # siang ends 12:45 WIB
    chair, buyer, other = make_user(s), make_user(s), make_user(s)
    group, group_b = make_group(s, chair=chair), make_group(s)
    jan15, jan31 = date(2024, 1, 15), date(2024, 1, 31)
    feb1, feb10, feb12 = date(2024, 2, 1), date(2024, 2, 10), date(2024, 2, 12)

    def sold(total=10_000, who=buyer, grp=group, **kw):
        return make_sold_order(s, grp, who, total, logistics=logistics, **kw)

    # Month boundary: the last microsecond of January WIB (also .9999, which SQLite's date
    # functions would round up into February) and midnight of February 1 WIB.
    sold(completed_at=wib(jan31, time(23, 59, 59, 999999)))
    sold(completed_at=wib(jan31, time(23, 59, 59, 999900)), who=other)
    sold(completed_at=wib(feb1, time(0, 0)))
    # On time exactly at the window's end, late one microsecond after it.
    sold(completed_at=wib(feb10, time(12, 45)), pickup_date=feb10)
    sold(completed_at=wib(feb10, time(12, 45, 0, 1)), pickup_date=feb10)
    sold(completed_at=wib(feb10, time(11, 0)), pickup_date=feb12, window="pagi")
    # Without a window: on time until the end of the pickup date.
    _drop_window(s, sold(completed_at=wib(feb12, time(23, 59, 59, 999999)), pickup_date=feb12))
    _drop_window(s, sold(completed_at=wib(date(2024, 2, 13), time(0, 0)), pickup_date=feb12))
    # Refunds: one recorded by the payments code, one beyond the total (capped), one on an
    # order that is cancelled now (dropped).
    refunded = sold(total=10_000, completed_at=wib(feb10, time(9, 0)))
    rollups.record_order_refunded(s, refunded, 4_000)
    over = sold(total=20_000, completed_at=wib(feb10, time(9, 0)), who=other)
    _set_refund(s, over, 25_000)
    # Cancellations: by the buyer, the producer, the system; several events (the last one
    # counts; the two such orders sit in different months so that shows); none at all; at
    # the month boundary; without a cancellation time.
    sold(status="cancelled", cancelled_at=wib(feb10, time(8, 0)), cancelled_by=buyer)
    sold(status="cancelled", cancelled_at=wib(feb10, time(8, 0)), cancelled_by=chair)
    sold(status="cancelled", cancelled_at=wib(feb10, time(8, 0)), cancelled_by=None)
    _cancel_event(
        s, sold(status="cancelled", cancelled_at=wib(feb10, time(8, 0)), cancelled_by=chair), buyer
    )
    _cancel_event(
        s, sold(status="cancelled", cancelled_at=wib(jan15, time(8, 0)), cancelled_by=buyer), chair
    )
    silent = sold(status="cancelled", cancelled_at=wib(feb10, time(8, 0)), record=False)
    s.execute(sa.delete(OrderEvent).where(OrderEvent.order_id == silent.id))
    sold(status="cancelled", cancelled_at=wib(jan31, time(23, 59, 59, 999999)), cancelled_by=chair)
    sold(status="cancelled", cancelled_at=wib(feb1, time(0, 0)), cancelled_by=chair)
    undated = sold(status="cancelled", cancelled_at=None, cancelled_by=chair)
    _set_refund(s, undated, 3_000)
    # Ignored: a completed order without a completion time, open and expired orders (a stale
    # mark of the open one disappears); another group and buyer.
    sold(status="completed", completed_at=None)
    stale = sold(status="placed", record=False)
    s.add(OrderRollupMark(order_id=stale.id, completed=True, cancelled=False, refunded=500))
    sold(status="expired", record=False)
    sold(total=7_000, grp=group_b, who=other, completed_at=wib(feb1, time(10, 0)))
    sold(total=7_000, grp=group_b, who=other, completed_at=wib(feb12, time(10, 0)))
    # BASTs: the last microsecond of January WIB (a month without other sales for group_b),
    # February 1 with a rejection, and one with everything rejected (counts nothing).
    po = make_po(s, group=group, lines=(("Wearpack", 150_000, 100), ("Rompi", 20_000, 50)))
    jan_bast = make_bast(
        s, make_delivery(s, make_po(s, group=group_b, lines=(("Kaos", 50_000, 3),)))
    )
    jan_bast.signed_at = wib(jan31, time(23, 59, 59, 999999))
    feb_bast = make_bast(s, make_delivery(s, po), rejected={po.lines[0].id: (10, "Jahitan lepas")})
    feb_bast.signed_at = wib(feb1, time(0, 0))
    none_bast = make_bast(
        s,
        make_delivery(s, po, quantities={po.lines[1].id: 5}),
        rejected={po.lines[1].id: (5, "Salah ukuran")},
    )
    none_bast.signed_at = wib(feb10, time(9, 0))
    s.flush()
    s.expire_all()

    with s.begin_nested() as savepoint:
        expected = _state(s, _reference_rebuild(s))
        savepoint.rollback()
    actual = _state(s, rollup_rebuild.rebuild(s))
    assert actual == expected
    assert _state(s, rollup_rebuild.rebuild(s)) == expected  # refunds survive a second rebuild

    counts, rows, marks = actual
    stats = {(r[0], r[1]): r[2:] for r in rows if r[0] != "buyer"}
    # revenue, refunded, completed, on time, cancelled, cancelled by the group, B2B revenue
    assert stats[(group.id, date(2024, 1, 1))] == (20_000, 0, 2, 0, 2, 2, 0)
    b2b = 90 * 150_000 + 50 * 20_000
    assert stats[(group.id, date(2024, 2, 1))] == (90_000, 24_000, 8, 6, 6, 2, b2b)
    assert stats[(group.id, rollups.month_of(utcnow()))] == (0, 0, 0, 0, 1, 1, 0)
    assert stats[(group_b.id, date(2024, 1, 1))] == (0, 0, 0, 0, 0, 0, 150_000)
    assert stats[(group_b.id, date(2024, 2, 1))] == (14_000, 0, 2, 2, 0, 0, 0)
    assert ("buyer", group_b.id, other.id, date(2024, 2, 1), 2) in rows
    refunds = {m[0]: m[3] for m in marks}
    assert refunds[refunded.id] == 4_000 and refunds[over.id] == 20_000
    assert refunds[undated.id] == 0 and stale.id not in refunds
    assert counts == {"months": 5, "buyer_months": 5, "orders": len(marks)}
