"""Read queries behind the orders pages: the buyer's orders, the producer's inbox and prep list."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog.product_models import Product
from marketplace.orders import states
from marketplace.orders.logistics import earliest_date
from marketplace.orders.models import Order
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


def group_orders(
    session: Session,
    group_id: int,
    *,
    status: str | None = None,
    day: date | None = None,
    window_id: int | None = None,
    point_id: int | None = None,
    limit: int = 200,
) -> list[Order]:
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
    stmt = stmt.order_by(Order.pickup_date, Order.window_id, Order.id).limit(limit)
    return list(session.scalars(stmt))


def prep_list(session: Session, group_id: int, day: date) -> list[dict]:
    """The "rekap": quantities per product, per window and per place, for one day.

    Returns one entry per window: {"window", "totals": [(name, unit, qty)],
    "places": [(place label, [(name, unit, qty)])]}; only orders still to be handed over.
    """
    orders = session.scalars(
        select(Order)
        .where(
            Order.group_id == group_id,
            Order.pickup_date == day,
            Order.status.in_((states.PLACED, states.ACCEPTED, states.READY)),
        )
        .order_by(Order.window_id, Order.id)
    ).all()
    windows: dict[int, dict] = {}
    for order in orders:
        entry = windows.setdefault(
            order.window_id, {"window": order.window, "totals": Counter(), "places": {}}
        )
        place = entry["places"].setdefault(order.place_label, Counter())
        for line in order.lines:
            key = (line.name, line.unit)
            entry["totals"][key] += line.quantity
            place[key] += line.quantity
    result = []
    for entry in sorted(windows.values(), key=lambda e: e["window"].start_time):
        result.append(
            {
                "window": entry["window"],
                "totals": [(n, u, q) for (n, u), q in sorted(entry["totals"].items())],
                "places": [
                    (label, [(n, u, q) for (n, u), q in sorted(counter.items())])
                    for label, counter in sorted(entry["places"].items())
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
