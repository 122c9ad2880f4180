"""The rows of a new order: unique pickup codes, the order with its lines and first event,
and the group's notification. Used by checkout (orders.checkout) and by payment confirmation
(orders.fulfilment, when a paid order becomes placed). The buyer's `Selection` is defined here,
below checkout, so that checkout imports this module and not the other way round.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session, make_transient_to_detached

from marketplace.accounts.models import User
from marketplace.catalog.product_models import Product
from marketplace.orders import notification_messages as messages
from marketplace.orders import notify, states
from marketplace.orders.models import Checkout, Order, OrderEvent, OrderLine, ShiftWindow

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B look-alikes
CODE_LENGTH = 6


@dataclass
class Selection:
    """The buyer's choice for one group: pickup at a point or delivery to a zone, on a slot."""

    fulfilment: str  # pickup | delivery
    day: date
    window_id: int
    pickup_point_id: int | None = None
    delivery_zone_id: int | None = None
    address_note: str = ""


@dataclass(frozen=True)
class Terms:
    """What checkout agreed for one group's order, copied onto it: the window (code, times),
    the pickup point's or delivery zone's name and the delivery fee."""

    window: ShiftWindow
    place_name: str
    fee: int = 0


def new_pickup_codes(session: Session, count: int) -> list[str]:
    """`count` short codes the buyer shows at handover, unique among orders (one query)."""
    for _attempt in range(20):
        codes = {
            "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(count)
        }
        if len(codes) == count and not session.scalar(
            select(Order.id).where(Order.pickup_code.in_(codes)).limit(1)
        ):
            return sorted(codes)
    raise RuntimeError("could not find a free pickup code")  # pragma: no cover


@dataclass
class NewOrder:
    """An order about to be inserted: the Order (its columns set, no id yet) and the rows of
    its lines and first event, kept apart so checkout inserts all three with Core statements."""

    order: Order
    lines: list[dict]
    event: dict


def new_order(
    checkout: Checkout,
    buyer: User,
    sel: Selection,
    terms: Terms,
    code: str,
    status: str,
    timestamp: datetime,
    lines_of: list[tuple[Product, int]],
) -> NewOrder:
    """A new order of one group, with every column set (nothing is left for a flush to fill)."""
    lines = [
        {
            "product_id": p.id,
            "name": p.name,
            "unit": p.unit,
            "unit_price": p.price,
            "quantity": qty,
            "line_total": p.price * qty,
            "from_stock": not p.is_preorder,
        }
        for p, qty in lines_of
    ]
    subtotal = sum(line["line_total"] for line in lines)
    pickup = sel.fulfilment == "pickup"
    order = Order(
        checkout=checkout,
        group_id=lines_of[0][0].group_id,
        buyer_id=buyer.id,
        status=status,
        fulfilment=sel.fulfilment,
        pickup_point_id=sel.pickup_point_id if pickup else None,
        delivery_zone_id=None if pickup else sel.delivery_zone_id,
        address_note="" if pickup else (sel.address_note or "").strip(),
        window_id=sel.window_id,
        pickup_date=sel.day,
        window_code=terms.window.code,
        window_start=terms.window.start_time,
        window_end=terms.window.end_time,
        pickup_point_name=terms.place_name if pickup else None,
        delivery_zone_name=None if pickup else terms.place_name,
        delivery_fee=terms.fee,
        subtotal=subtotal,
        total=subtotal + terms.fee,
        pickup_code=code,
        cancel_reason="",
        stock_released=False,
        created_at=timestamp,
        placed_at=timestamp if status == states.PLACED else None,
        accepted_at=None,
        ready_at=None,
        completed_at=None,
        cancelled_at=None,
        expired_at=None,
    )
    event = {
        "from_status": None,
        "to_status": status,
        "actor_id": buyer.id,
        "note": "",
        "created_at": timestamp,
    }
    return NewOrder(order, lines, event)


def _columns(obj) -> dict:
    """The column values set on a new ORM object (its instance dict, minus relationships)."""
    table = obj.__table__
    state = sa.inspect(obj).dict
    return {c.key: state[c.key] for c in table.columns if c.key in state}


def insert_checkout(session: Session, checkout: Checkout, new_orders: list[NewOrder]) -> None:
    """Insert the checkout, its orders, lines and first events with Core statements.

    Four statements whatever the size (INSERT … RETURNING for the checkout and the orders,
    executemany for the lines and the events), instead of the unit of work's bookkeeping;
    then the checkout and its orders join the session as persistent objects without being
    read back, so callers use them as if the ORM had flushed them (lines and events load
    when first read).
    """
    checkout.id = session.execute(
        sa.insert(Checkout).values(_columns(checkout)).returning(Checkout.id)
    ).scalar_one()
    order_rows = []
    for item in new_orders:
        item.order.checkout_id = checkout.id
        order_rows.append(_columns(item.order))
    ids = session.execute(
        sa.insert(Order).returning(Order.id, sort_by_parameter_order=True), order_rows
    ).scalars()
    line_rows, event_rows = [], []
    for item, order_id in zip(new_orders, ids, strict=True):
        item.order.id = order_id
        line_rows += [{**line, "order_id": order_id} for line in item.lines]
        event_rows.append({**item.event, "order_id": order_id})
    session.execute(sa.insert(OrderLine), line_rows)
    session.execute(sa.insert(OrderEvent), event_rows)
    for obj in (checkout, *(item.order for item in new_orders)):
        make_transient_to_detached(obj)
    session.add(checkout)  # cascades to its orders: persistent, nothing left to flush


def announce_new_order(session: Session, order: Order, buyer: User | None = None) -> None:
    """Tell the group's members about a new (placed) order."""
    notify.notify_group(
        session,
        order.group_id,
        "order_new",
        messages.ORDER_NEW,
        {
            "id": order.id,
            "buyer": (buyer or order.buyer).name,
            "day": order.pickup_date.isoformat(),
        },
        notify.producer_order_link(order.id),
    )
