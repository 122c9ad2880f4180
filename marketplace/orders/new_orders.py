"""The rows of a new order: unique pickup codes, the order with its lines and first event,
and the group's notification. Used by checkout (orders.checkout) and by payment confirmation
(orders.fulfilment, when a paid order becomes placed).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.product_models import Product
from marketplace.core.formatting import long_date
from marketplace.orders import notify, states
from marketplace.orders.models import Checkout, Order, OrderEvent, OrderLine

if TYPE_CHECKING:
    from marketplace.orders.checkout import Selection

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B look-alikes
CODE_LENGTH = 6


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


def new_order(
    checkout: Checkout,
    buyer: User,
    sel: Selection,
    fee: int,
    code: str,
    status: str,
    timestamp: datetime,
    lines_of: list[tuple[Product, int]],
) -> Order:
    """A new order of one group (not added to the session: it cascades from the checkout)."""
    lines = [
        OrderLine(
            product_id=p.id,
            name=p.name,
            unit=p.unit,
            unit_price=p.price,
            quantity=qty,
            line_total=p.price * qty,
            from_stock=not p.is_preorder,
        )
        for p, qty in lines_of
    ]
    subtotal = sum(line.line_total for line in lines)
    order = Order(
        checkout=checkout,
        group_id=lines_of[0][0].group_id,
        buyer_id=buyer.id,
        status=status,
        fulfilment=sel.fulfilment,
        pickup_point_id=sel.pickup_point_id if sel.fulfilment == "pickup" else None,
        delivery_zone_id=sel.delivery_zone_id if sel.fulfilment == "delivery" else None,
        address_note=(sel.address_note or "").strip() if sel.fulfilment == "delivery" else "",
        window_id=sel.window_id,
        pickup_date=sel.day,
        delivery_fee=fee,
        subtotal=subtotal,
        total=subtotal + fee,
        pickup_code=code,
        placed_at=timestamp if status == states.PLACED else None,
        created_at=timestamp,
        lines=lines,
    )
    order.events.append(
        OrderEvent(from_status=None, to_status=status, actor_id=buyer.id, created_at=timestamp)
    )
    return order


def announce_new_order(session: Session, order: Order, buyer: User | None = None) -> None:
    """Tell the group's members about a new (placed) order."""
    with force_locale("id"):  # notifications are stored in Indonesian
        text = _(
            "Pesanan baru #%(id)s dari %(buyer)s untuk %(day)s.",
            id=order.id,
            buyer=(buyer or order.buyer).name,
            day=long_date(order.pickup_date),
        )
    notify.notify_group(
        session, order.group_id, "order_new", text, notify.producer_order_path(order.id)
    )
