"""Read queries behind the orders pages: the buyer's orders, the producer's inbox and prep list."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace.catalog.product_models import Product
from marketplace.orders import states
from marketplace.orders.logistics import earliest_date
from marketplace.orders.models import Order, ShiftWindow
from marketplace.orders.reviews import product_reviews


def buyer_orders(session: Session, buyer_id: int, limit: int = 100) -> list[Order]:
    """A buyer's latest orders, newest first."""
    stmt = (
        select(Order)
        .options(selectinload(Order.checkout))  # each row shows how it is paid
        .where(Order.buyer_id == buyer_id)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


INBOX_PAGE_SIZE = 20
INBOX_MAX_PAGE = 50  # 1,000 orders deep; older ones are found by date or status
OPEN = (states.PLACED, states.ACCEPTED, states.READY)


def _with_card_rows(stmt):
    """Load what an order card shows (buyer, window, place, lines) in two queries in all."""
    return stmt.options(
        joinedload(Order.buyer),
        joinedload(Order.window),
        joinedload(Order.pickup_point),
        joinedload(Order.delivery_zone),
        selectinload(Order.lines),
    )


def group_orders(
    session: Session,
    group_id: int,
    *,
    status: str | None = None,
    day: date | None = None,
    window_id: int | None = None,
    point_id: int | None = None,
    page: int = 1,
    size: int = INBOX_PAGE_SIZE,
) -> tuple[list[Order], bool]:
    """One page of the group's inbox, newest first, and whether a next page exists."""
    page = max(1, min(page, INBOX_MAX_PAGE))
    stmt = select(Order).where(Order.group_id == group_id)
    if status:
        stmt = stmt.where(Order.status == status)
    else:  # unpaid online orders are not the producer's business until they are paid
        stmt = stmt.where(Order.status.not_in((states.AWAITING_PAYMENT, states.EXPIRED)))
    if day:
        stmt = stmt.where(Order.pickup_date == day)
    if window_id:
        stmt = stmt.where(Order.window_id == window_id)
    if point_id:
        stmt = stmt.where(Order.pickup_point_id == point_id)
    stmt = stmt.order_by(Order.created_at.desc(), Order.id.desc())
    stmt = stmt.limit(size + 1).offset((page - 1) * size)
    orders = list(session.scalars(_with_card_rows(stmt)).unique())
    has_next = len(orders) > size and page < INBOX_MAX_PAGE
    return orders[:size], has_next


def action_counts(session: Session, group_id: int, today: date) -> dict[str, int]:
    """What needs the group's hands: new orders to accept (any day), orders to prepare and
    orders ready to hand over today, tomorrow's open orders (one grouped query)."""
    rows = session.execute(
        select(Order.status, Order.pickup_date, func.count(Order.id))
        .where(
            Order.group_id == group_id,
            Order.status.in_(OPEN),
            Order.pickup_date >= today,
        )
        .group_by(Order.status, Order.pickup_date)
    ).all()
    counts = {"to_accept": 0, "to_prepare_today": 0, "ready_today": 0, "tomorrow": 0}
    tomorrow = today + timedelta(days=1)
    for status, day, n in rows:
        if status == states.PLACED:
            counts["to_accept"] += n
        if day == today and status == states.ACCEPTED:
            counts["to_prepare_today"] += n
        if day == today and status == states.READY:
            counts["ready_today"] += n
        if day == tomorrow:
            counts["tomorrow"] += n
    return counts


def newest_to_accept(session: Session, group_id: int, limit: int = 5) -> list[Order]:
    """The latest orders still waiting for the group to accept them."""
    stmt = (
        select(Order)
        .where(Order.group_id == group_id, Order.status == states.PLACED)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(limit)
    )
    return list(session.scalars(_with_card_rows(stmt)).unique())


def pickups_by_window(session: Session, group_id: int, days: list[date]) -> list[dict]:
    """Open orders per day and window for `days`: [{"day", "window", "count"}], in time order."""
    rows = session.execute(
        select(Order.pickup_date, ShiftWindow, func.count(Order.id))
        .join(ShiftWindow, ShiftWindow.id == Order.window_id)
        .where(
            Order.group_id == group_id,
            Order.status.in_(OPEN),
            Order.pickup_date.in_(days),
        )
        .group_by(Order.pickup_date, ShiftWindow.id)
        .order_by(Order.pickup_date, ShiftWindow.start_time)
    ).all()
    return [{"day": day, "window": window, "count": n} for day, window, n in rows]


def upcoming_days(session: Session, group_id: int, today: date, limit: int = 7) -> list[tuple]:
    """[(day, open orders)] from today on, the next `limit` days that have open orders."""
    return list(
        session.execute(
            select(Order.pickup_date, func.count(Order.id))
            .where(
                Order.group_id == group_id,
                Order.status.in_(OPEN),
                Order.pickup_date >= today,
            )
            .group_by(Order.pickup_date)
            .order_by(Order.pickup_date)
            .limit(limit)
        ).all()
    )


def prep_list(session: Session, group_id: int, day: date) -> list[dict]:
    """The "rekap": quantities per product, per window and per place, for one day.

    Returns one entry per agreed window: {"window", "order_count", "totals": [(name, unit,
    qty)], "places": [(place label, [(name, unit, qty)], [order])]}; only orders still to be
    handed over. Each place lists its orders too (number, buyer, address note, lines).
    """
    orders = session.scalars(
        _with_card_rows(
            select(Order)
            .where(
                Order.group_id == group_id,
                Order.pickup_date == day,
                Order.status.in_(OPEN),
            )
            .order_by(Order.window_start, Order.window_end, Order.id)
        )
    ).unique()
    # Grouped by the window each order agreed to: after an officer moved a window, orders
    # placed before and after the move are prepared for different times.
    windows: dict[Any, dict] = {}
    for order in orders:
        window = order.agreed_window
        entry = windows.setdefault(window, {"window": window, "totals": Counter(), "places": {}})
        place, place_orders = entry["places"].setdefault(order.place_label, (Counter(), []))
        place_orders.append(order)
        for line in order.lines:
            key = (line.name, line.unit)
            entry["totals"][key] += line.quantity
            place[key] += line.quantity
    result = []
    for entry in sorted(
        windows.values(), key=lambda e: (e["window"].start_time, e["window"].end_time)
    ):
        result.append(
            {
                "window": entry["window"],
                "order_count": sum(len(orders) for _c, orders in entry["places"].values()),
                "totals": [(n, u, q) for (n, u), q in sorted(entry["totals"].items())],
                "places": [
                    (label, [(n, u, q) for (n, u), q in sorted(counter.items())], place_orders)
                    for label, (counter, place_orders) in sorted(entry["places"].items())
                ],
            }
        )
    return result


def product_page(session: Session, product: Product) -> dict[str, Any]:
    """What orders shows on a product page: its latest reviews and, for a pre-order, the
    first pickup day (registered with the catalog's product page hook)."""
    return {
        "reviews": product_reviews(session, product.id, limit=10),
        "earliest_date": earliest_date([product]) if product.is_preorder else None,
    }
