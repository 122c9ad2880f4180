"""Checkout: one payment, one order per group, stock taken atomically."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import utcnow
from marketplace.orders import capacity_settings, logistics, notify, payment_step, states
from marketplace.orders import cart as carts
from marketplace.orders import notification_messages as messages
from marketplace.orders.models import (
    Checkout,
    DeliveryZone,
    GroupDeliveryZone,
    GroupPickupPoint,
    GroupServiceSettings,
    GroupWindow,
    PickupPoint,
    ShiftWindow,
)
from marketplace.orders.new_orders import (
    Selection,  # defined beside new_order, which reads it; still imported from here
    Terms,
    announce_new_order,
    insert_checkout,
    new_order,
    new_pickup_codes,
)

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


class NoCapacity(CheckoutError):
    """A group cannot make that many units on the chosen day (its declared capacity)."""

    def __init__(self, shortage: capacity_settings.CapacityShortage):
        super().__init__(str(shortage), shortage.group_id)
        self.day, self.available = shortage.day, shortage.available


# The group's link table to each shared list, and the link's column naming the list's row.
_LINK_TARGET = {
    GroupWindow: GroupWindow.window_id,
    GroupPickupPoint: GroupPickupPoint.pickup_point_id,
    GroupDeliveryZone: GroupDeliveryZone.zone_id,
}


def _served(link, target, group_id: int, target_id: int | None):
    """One query for the group's link row to `target_id`, if it is served and still active."""
    return (
        select(link)
        .join(target, target.id == _LINK_TARGET[link])
        .where(link.group_id == group_id, target.id == target_id, target.is_active.is_(True))
    )


def _check_selection(
    session: Session,
    group,
    sel: Selection | None,
    products: list[Product],
    now: datetime | None,
) -> tuple[Terms, GroupServiceSettings]:
    """Validate one group's choice (under its settings row lock if it caps orders per window).

    Returns the terms the order will keep, read from the rows this check loads anyway, and the
    group's settings row (kept by the caller: the session's identity map holds it only weakly).
    """
    if sel is None:
        raise CheckoutError(
            _("Pilih cara ambil atau antar untuk pesanan dari %(g)s.", g=group.name), group.id
        )
    settings = session.get(GroupServiceSettings, group.id)
    if settings is None:
        raise CheckoutError(
            _("%(g)s belum mengatur titik ambil atau antar.", g=group.name), group.id
        )
    if settings.max_orders_per_window is not None:
        # Only a group with a cap needs its checkouts serialised (count, then insert); the
        # others would otherwise queue behind each other for nothing.
        session.refresh(settings, with_for_update=True)
    served = session.scalar(_served(GroupWindow, ShiftWindow, group.id, sel.window_id))
    if served is None:
        raise CheckoutError(_("Jam ambil tidak tersedia untuk %(g)s.", g=group.name), group.id)
    window = served.window
    fee = 0
    if sel.fulfilment == "pickup":
        gp = session.scalar(_served(GroupPickupPoint, PickupPoint, group.id, sel.pickup_point_id))
        if gp is None:
            raise CheckoutError(
                _("Titik ambil tidak tersedia untuk %(g)s.", g=group.name), group.id
            )
        place_name = gp.pickup_point.name
    elif sel.fulfilment == "delivery":
        gz = session.scalar(
            _served(GroupDeliveryZone, DeliveryZone, group.id, sel.delivery_zone_id)
        )
        if gz is None:
            raise CheckoutError(_("%(g)s tidak mengantar ke zona itu.", g=group.name), group.id)
        note = (sel.address_note or "").strip()
        if not note or len(note) > MAX_NOTE:
            raise CheckoutError(
                _("Tulis alamat antar (kamar, blok, patokan), maksimal 255 karakter."), group.id
            )
        fee = gz.fee
        place_name = gz.zone.name
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
    return Terms(window, place_name, fee), settings


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

    Locking rule: first the GroupServiceSettings row FOR UPDATE of each group that caps its
    orders per window, in group-id order (serialises that group's capacity count), then each
    product's conditional stock UPDATE in product-id order, then, for groups that declared a
    unit capacity (`has_unit_capacity` on the settings row already read: no statement for the
    others), the conditional `capacity_use` UPDATEs in (group id, capacity id) order. Nothing
    else takes these locks in another order.
    """
    method = payment_step.get(payment_method)
    if method is None:
        raise CheckoutError(_("Metode pembayaran tidak tersedia."))
    items = carts.db_items(session, buyer.id)
    if not items:
        raise CheckoutError(_("Keranjang Anda kosong."))
    found = carts.products_with_groups(session, items)
    products: dict[int, Product] = {}
    for pid in sorted(items):
        product = found.get(pid)
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
    # Groups that declared a unit capacity, read from the settings row checked anyway: a group
    # without one costs no statement here.
    capacity_groups = []
    for group_id in sorted(by_group):
        group = by_group[group_id][0].group
        choices[group_id], settings = _check_selection(
            session, group, selections.get(group_id), by_group[group_id], now
        )
        if settings.has_unit_capacity:
            capacity_groups.append(group_id)
    for pid in sorted(products):
        take_stock(session, products[pid], items[pid])
    plan = {
        gid: (selections[gid].day, [(p, items[p.id]) for p in by_group[gid]])
        for gid in capacity_groups
    }
    try:
        held = capacity_settings.reserve_for_groups(session, plan)
    except capacity_settings.CapacityShortage as shortage:
        raise NoCapacity(shortage) from shortage

    # Everything is built first, then inserted with four Core statements (insert_checkout).
    timestamp = utcnow()
    status = method.initial_status
    checkout = Checkout(buyer_id=buyer.id, payment_method=method.code, total=0)
    codes = new_pickup_codes(session, len(by_group))
    built = [
        new_order(
            checkout,
            buyer,
            selections[group_id],
            choices[group_id],
            code,
            status,
            timestamp,
            [(p, items[p.id]) for p in sorted(by_group[group_id], key=lambda p: p.id)],
        )
        for group_id, code in zip(sorted(by_group), codes, strict=True)
    ]
    orders = [item.order for item in built]
    for item in built:
        for line in item.lines:
            line["capacity_id"] = held.get(line["product_id"])
    checkout.total = sum(order.total for order in orders)
    if checkout.total > carts.MAX_CHECKOUT_TOTAL:
        raise CheckoutError(carts.too_much_message())
    checkout.created_at = timestamp
    method.prepare(session, checkout)
    insert_checkout(session, checkout, built)
    carts.db_remove(session, buyer.id, list(products))
    if status == states.PLACED:
        for order in orders:
            announce_new_order(session, order, buyer)
        # The buyer hears of a cash order as of a paid one (fulfilment's notice on PLACED).
        notify.notify_each(
            session,
            buyer.id,
            f"order_{states.PLACED}",
            messages.ORDER_STATUS,
            [
                ({"id": order.id, "status": states.PLACED}, notify.buyer_order_link(order.id))
                for order in orders
            ],
        )
    return checkout
