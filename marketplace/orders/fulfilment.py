"""Order lifecycle: transitions through the state machine, stock release, handover, reorder."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import utcnow
from marketplace.orders import capacity_settings, hooks, notify, states
from marketplace.orders import cart as carts
from marketplace.orders import notification_messages as messages
from marketplace.orders.models import Order, OrderEvent, OrderLine
from marketplace.orders.new_orders import announce_new_order
from marketplace.orders.states import IllegalTransition

TIMESTAMP = {
    states.PLACED: "placed_at",
    states.ACCEPTED: "accepted_at",
    states.READY: "ready_at",
    states.COMPLETED: "completed_at",
    states.CANCELLED: "cancelled_at",
    states.EXPIRED: "expired_at",
}


class TransitionInputError(ValueError):
    """The move is legal but the input is missing or wrong (no reason, wrong pickup code)."""


class ReviewError(ValueError):
    """A review was refused; the message is shown to the buyer."""


def role_of(order: Order, actor: User | None) -> str:
    """How `actor` relates to `order`: system (None), producer of its group, or its buyer."""
    if actor is None:
        return states.SYSTEM
    membership = actor.group_membership
    if membership is not None and membership.group_id == order.group_id:
        return states.PRODUCER
    if actor.id == order.buyer_id:
        return states.BUYER
    raise IllegalTransition(_("Anda tidak berhak mengubah pesanan ini."))


def release_stock(session: Session, order: Order) -> bool:
    """Give the order's stock back, exactly once; True if this call released it.

    Locking rule: the guard is `UPDATE orders SET stock_released = true WHERE id = :id AND
    stock_released = false` (row lock until commit; a second, concurrent call waits and then
    matches no row), followed by plain increments in product-id order, only for lines that
    took stock (pre-order lines are made to order and took none), then the units the lines
    reserved on the group's daily capacity, in capacity-id order (`orders.capacity`).
    """
    result = session.execute(
        update(Order)
        .where(Order.id == order.id, Order.stock_released.is_(False))
        .values(stock_released=True)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    quantities: Counter[int] = Counter()
    held: list[tuple[int, int]] = []
    for product_id, quantity, from_stock, capacity_id in session.execute(
        select(
            OrderLine.product_id, OrderLine.quantity, OrderLine.from_stock, OrderLine.capacity_id
        ).where(OrderLine.order_id == order.id)
    ):
        if from_stock:
            quantities[product_id] += quantity
        if capacity_id is not None:
            held.append((capacity_id, quantity))
    for product_id in sorted(quantities):
        session.execute(
            update(Product)
            .where(Product.id == product_id)
            .values(stock=Product.stock + quantities[product_id])
            .execution_options(synchronize_session=False)
        )
    if held:
        day = session.scalar(select(Order.pickup_date).where(Order.id == order.id))
        capacity_settings.release_for_order(session, day, held)
    session.expire(order, ["stock_released"])
    return True


def _add_sold(session: Session, order: Order) -> None:
    for line in sorted(order.lines, key=lambda ln: ln.product_id):
        session.execute(
            update(Product)
            .where(Product.id == line.product_id)
            .values(sold_count=Product.sold_count + line.quantity)
            .execution_options(synchronize_session=False)
        )


def _notify_change(
    session: Session, order: Order, from_status: str, to_status: str, role: str, note: str
) -> None:
    if to_status == states.PLACED:  # an online payment arrived: now it is a new order
        announce_new_order(session, order)
    # An online payment's arrival is told to the buyer once per checkout by payments
    # (PAYMENT_RECEIVED), not once per order here.
    paid = from_status == states.AWAITING_PAYMENT and to_status == states.PLACED
    if role != states.BUYER and not paid:
        params: dict = {"id": order.id, "status": to_status}
        if note:
            params["reason"] = note
        notify.notify(
            session,
            [order.buyer_id],
            f"order_{to_status}",
            messages.ORDER_STATUS_REASON if note else messages.ORDER_STATUS,
            params,
            notify.buyer_order_link(order.id),
        )
    tell_group = role == states.BUYER or (
        role == states.SYSTEM and to_status in states.RELEASES_STOCK
    )
    if tell_group and from_status != states.AWAITING_PAYMENT:
        notify.notify_group(
            session,
            order.group_id,
            f"order_{to_status}",
            messages.ORDER_CANCELLED_BY_BUYER if role == states.BUYER else messages.ORDER_STATUS,
            {"id": order.id} if role == states.BUYER else {"id": order.id, "status": to_status},
            notify.producer_order_link(order.id),
        )


def transition(
    session: Session,
    order: Order,
    to_status: str,
    actor: User | None,
    reason: str | None = None,
    *,
    role: str | None = None,
    pickup_code: str | None = None,
) -> Order:
    """Move `order` to `to_status` if the state machine allows it for this actor.

    `actor` None means the system (payments, expiry). Raises IllegalTransition (HTTP 409)
    for a move not in `states.TRANSITIONS`, including one that lost a race, and
    TransitionInputError (422) for a missing reason or a wrong pickup code. Writes an
    OrderEvent and notifications; entering cancelled/expired releases the stock once;
    completing adds to the products' sold counts. Flushes, never commits.

    Locking rule: the status change is `UPDATE orders SET status = :to WHERE id = :id AND
    status = :from`; if another request moved the order first the row count is 0 and the
    move is refused, so two concurrent cancels apply once.
    """
    role = role or role_of(order, actor)
    from_status = order.status
    if not states.allowed(from_status, to_status, role):
        raise IllegalTransition(
            _(
                'Pesanan #%(id)s berstatus "%(frm)s" dan tidak dapat diubah menjadi "%(to)s".',
                id=order.id,
                frm=states.label(from_status),
                to=states.label(to_status),
            )
        )
    note = " ".join((reason or "").split())[:500]
    if states.reason_required(from_status, to_status, role) and not note:
        raise TransitionInputError(_("Tulis alasan pembatalan untuk pembeli."))
    if to_status == states.COMPLETED:
        given = (pickup_code or "").strip().upper().replace(" ", "")
        if given != order.pickup_code:
            raise TransitionInputError(
                _("Kode ambil salah. Minta pembeli menunjukkan kode pesanan #%(id)s.", id=order.id)
            )
    now = utcnow()
    values = {"status": to_status, TIMESTAMP[to_status]: now}
    if to_status == states.CANCELLED:
        values["cancel_reason"] = note
    result = session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == from_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise IllegalTransition(
            _("Status pesanan #%(id)s baru saja berubah; muat ulang halaman.", id=order.id)
        )
    session.expire(order)
    session.add(
        OrderEvent(
            order_id=order.id,
            from_status=from_status,
            to_status=to_status,
            actor_id=actor.id if actor is not None else None,
            note=note,
            created_at=now,
        )
    )
    session.flush()
    if to_status in states.RELEASES_STOCK:
        release_stock(session, order)
    if to_status == states.COMPLETED:
        _add_sold(session, order)
    _notify_change(session, order, from_status, to_status, role, note)
    hooks.fire(session, order, from_status, to_status, role)
    session.flush()
    return order


def find_by_code(session: Session, group_id: int, code: str) -> Order | None:
    """The group's order with this pickup code (another group's code finds nothing)."""
    code = (code or "").strip().upper().replace(" ", "")
    if not code:
        return None
    return session.scalar(
        select(Order).where(Order.group_id == group_id, Order.pickup_code == code)
    )


def reorder(session: Session, buyer: User, order: Order) -> tuple[int, list[str]]:
    """Put a past order's products back in the cart (capped at stock); return (added, skipped)."""
    added, skipped = 0, []
    items = carts.db_items(session, buyer.id)
    for line in order.lines:
        product = session.get(Product, line.product_id)
        qty = (
            carts.cap(product, items.get(product.id, 0) + line.quantity)
            if carts.sellable(product)
            else None
        )
        if qty is None:
            skipped.append(line.name)
            continue
        try:
            carts.db_set(session, buyer.id, product.id, qty)
        except carts.CartError:
            skipped.append(line.name)
            continue
        added += 1
    return added, skipped
