"""Checkout: one payment, one order per group, stock taken atomically."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.models import User
from catalog.product_models import Product
from marketplace.core.timeutil import utcnow
from orders import cart as carts
from orders import logistics, notify, payment_step, states
from orders.models import (
    Checkout,
    DeliveryZone,
    GroupDeliveryZone,
    GroupPickupPoint,
    GroupServiceSettings,
    GroupWindow,
    Order,
    OrderEvent,
    OrderLine,
    PickupPoint,
    ShiftWindow,
)

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B look-alikes
CODE_LENGTH = 6
MAX_NOTE = 255


class CheckoutError(ValueError):
    """Checkout refused; the message is shown to the buyer and nothing was created."""

    def __init__(self, message: str, group_id: int | None = None):
        super().__init__(message)
        self.group_id = group_id


class OutOfStock(CheckoutError):
    """A product ran out while checking out."""

    def __init__(self, product: Product, remaining: int):
        super().__init__(
            _(
                "Stok %(name)s tidak cukup: tinggal %(n)s %(unit)s. Ubah jumlah di keranjang.",
                name=product.name,
                n=remaining,
                unit=product.unit,
            ),
            product.group_id,
        )
        self.product_id = product.id
        self.remaining = remaining


@dataclass
class Selection:
    """The buyer's choice for one group: pickup at a point or delivery to a zone, on a slot."""

    fulfilment: str  # pickup | delivery
    day: date
    window_id: int
    pickup_point_id: int | None = None
    delivery_zone_id: int | None = None
    address_note: str = ""


def new_pickup_code(session: Session) -> str:
    """A short code the buyer shows at handover, unique among orders."""
    for _attempt in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Order.id).where(Order.pickup_code == code)) is None:
            return code
    raise RuntimeError("could not find a free pickup code")  # pragma: no cover


def _check_selection(
    session: Session,
    group,
    sel: Selection | None,
    products: list[Product],
    now: datetime | None,
) -> tuple[int, ShiftWindow]:
    """Validate one group's choice under its settings row lock; return (fee, window)."""
    if sel is None:
        raise CheckoutError(
            _("Pilih cara ambil atau antar untuk pesanan dari %(g)s.", g=group.name), group.id
        )
    settings = session.scalar(
        select(GroupServiceSettings)
        .where(GroupServiceSettings.group_id == group.id)
        .with_for_update()
    )
    if settings is None:
        raise CheckoutError(
            _("%(g)s belum mengatur titik ambil atau antar.", g=group.name), group.id
        )
    window = session.get(ShiftWindow, sel.window_id)
    served = session.get(GroupWindow, (group.id, sel.window_id))
    if window is None or not window.is_active or served is None:
        raise CheckoutError(_("Jam ambil tidak tersedia untuk %(g)s.", g=group.name), group.id)
    fee = 0
    if sel.fulfilment == "pickup":
        point = session.get(PickupPoint, sel.pickup_point_id) if sel.pickup_point_id else None
        if (
            point is None
            or not point.is_active
            or session.get(GroupPickupPoint, (group.id, point.id)) is None
        ):
            raise CheckoutError(
                _("Titik ambil tidak tersedia untuk %(g)s.", g=group.name), group.id
            )
    elif sel.fulfilment == "delivery":
        zone = session.get(DeliveryZone, sel.delivery_zone_id) if sel.delivery_zone_id else None
        gz = session.get(GroupDeliveryZone, (group.id, zone.id)) if zone else None
        if zone is None or not zone.is_active or gz is None:
            raise CheckoutError(_("%(g)s tidak mengantar ke zona itu.", g=group.name), group.id)
        note = (sel.address_note or "").strip()
        if not note or len(note) > MAX_NOTE:
            raise CheckoutError(
                _("Tulis alamat antar (kamar, blok, patokan), maksimal 255 karakter."), group.id
            )
        fee = gz.fee
    else:
        raise CheckoutError(_("Pilih ambil sendiri atau diantar."), group.id)
    problem = logistics.slot_problem(
        session,
        group.id,
        settings,
        sel.day,
        window,
        logistics.earliest_date(products, now),
        now,
    )
    if problem:
        raise CheckoutError(problem, group.id)
    return fee, window


def take_stock(session: Session, product: Product, quantity: int) -> None:
    """Decrement stock with a conditional UPDATE; raise OutOfStock if it would go below zero.

    Pre-order products are made after ordering: they take no stock (only `ever_ordered`).

    Locking rule: `UPDATE products SET stock = stock - n WHERE id = :id AND stock >= n`; the
    row lock it takes is held until commit, and callers take products in product-id order so
    two checkouts never wait on each other in a cycle. On SQLite the write transaction began
    with BEGIN IMMEDIATE, so checkouts run one after another.
    """
    if product.is_preorder:
        session.execute(
            update(Product)
            .where(Product.id == product.id)
            .values(ever_ordered=True)
            .execution_options(synchronize_session=False)
        )
        return
    result = session.execute(
        update(Product)
        .where(
            Product.id == product.id,
            Product.stock >= quantity,
            Product.is_active.is_(True),
        )
        .values(stock=Product.stock - quantity, ever_ordered=True)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        remaining = session.scalar(select(Product.stock).where(Product.id == product.id)) or 0
        raise OutOfStock(product, remaining)


def place_checkout(
    session: Session,
    buyer: User,
    selections: dict[int, Selection],
    payment_method: str,
    *,
    now: datetime | None = None,
) -> Checkout:
    """Turn the buyer's cart into one checkout with one order per group.

    `selections` maps group id to that group's Selection. All or nothing: on any error this
    raises CheckoutError (OutOfStock when a product ran out, naming it and what is left) after
    possibly having flushed partial work, so the caller MUST roll back; on success it flushes
    and the caller commits.

    Locking rule: first each group's GroupServiceSettings row FOR UPDATE in group-id order
    (serialises the window capacity count per group), then each product's conditional stock
    UPDATE in product-id order. Nothing else takes these locks in another order.
    """
    method = payment_step.get(payment_method)
    if method is None:
        raise CheckoutError(_("Metode pembayaran tidak tersedia."))
    items = carts.db_items(session, buyer.id)
    if not items:
        raise CheckoutError(_("Keranjang Anda kosong."))
    products: dict[int, Product] = {}
    for pid in sorted(items):
        product = session.get(Product, pid)
        try:
            carts.check_quantity(product, items[pid])
        except carts.CartError as exc:
            limit = carts.available(product) if carts.sellable(product) else None
            if limit is not None and items[pid] > limit:
                raise OutOfStock(product, product.stock) from exc
            raise CheckoutError(str(exc), product.group_id if product else None) from exc
        products[pid] = product
    by_group: dict[int, list[Product]] = {}
    for product in products.values():
        by_group.setdefault(product.group_id, []).append(product)

    choices = {}
    for group_id in sorted(by_group):
        group = by_group[group_id][0].group
        choices[group_id] = _check_selection(
            session, group, selections.get(group_id), by_group[group_id], now
        )
    for pid in sorted(products):
        take_stock(session, products[pid], items[pid])

    timestamp = utcnow()
    checkout = Checkout(buyer_id=buyer.id, payment_method=method.code, total=0)
    session.add(checkout)
    session.flush()
    status = method.initial_status
    grand_total = 0
    orders = []
    for group_id in sorted(by_group):
        sel = selections[group_id]
        fee, _window = choices[group_id]
        lines = [
            OrderLine(
                product_id=p.id,
                name=p.name,
                unit=p.unit,
                unit_price=p.price,
                quantity=items[p.id],
                line_total=p.price * items[p.id],
                from_stock=not p.is_preorder,
            )
            for p in sorted(by_group[group_id], key=lambda p: p.id)
        ]
        subtotal = sum(line.line_total for line in lines)
        order = Order(
            checkout_id=checkout.id,
            group_id=group_id,
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
            pickup_code=new_pickup_code(session),
            placed_at=timestamp if status == states.PLACED else None,
            created_at=timestamp,
            lines=lines,
        )
        order.events.append(
            OrderEvent(from_status=None, to_status=status, actor_id=buyer.id, created_at=timestamp)
        )
        session.add(order)
        session.flush()
        grand_total += order.total
        orders.append(order)
    checkout.total = grand_total
    method.prepare(session, checkout)
    carts.db_remove(session, buyer.id, list(products))
    session.flush()
    if status == states.PLACED:
        for order in orders:
            announce_new_order(session, order)
    return checkout


def announce_new_order(session: Session, order: Order) -> None:
    """Tell the group's members about a new (placed) order."""
    with force_locale("id"):  # notifications are stored in Indonesian
        text = _(
            "Pesanan baru #%(id)s dari %(buyer)s untuk %(day)s.",
            id=order.id,
            buyer=order.buyer.name,
            day=order.pickup_date.strftime("%d-%m-%Y"),
        )
    notify.notify(
        session,
        notify.group_member_ids(session, order.group_id),
        "order_new",
        text,
        notify.producer_order_path(order.id),
    )
