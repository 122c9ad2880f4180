"""The cart: in the database for logged-in buyers, in the signed session cookie otherwise.

Both forms are a mapping {product_id: quantity}; `merge_into_db` moves the cookie cart into
the database cart at login.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.formatting import rupiah
from marketplace.core.timeutil import utcnow
from marketplace.orders.models import Cart, CartItem

MAX_LINES = 50
MAX_QUANTITY = 10000
# One checkout's total (and so any line's): Rp 1 miliar. Orders and checkouts store totals as
# 32-bit integers (up to Rp 2.147.483.647), and no TKM sale comes near this.
MAX_CHECKOUT_TOTAL = 1_000_000_000


def too_much_message() -> str:
    """The refusal shown when a cart line or a checkout goes over MAX_CHECKOUT_TOTAL."""
    return _(
        "Total belanja paling banyak %(max)s per checkout. Kurangi jumlahnya atau bagi menjadi "
        "beberapa pesanan.",
        max=rupiah(MAX_CHECKOUT_TOTAL),
    )


class CartError(ValueError):
    """The cart change was refused; the message is shown to the buyer."""


@dataclass
class CartLine:
    product: Product
    quantity: int
    problem: str | None = None

    @property
    def line_total(self) -> int:
        return self.product.price * self.quantity


@dataclass
class CartGroup:
    group: object
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)


def sellable(product: Product | None) -> bool:
    return product is not None and product.is_active and product.group.is_public


def products_with_groups(session: Session, product_ids) -> dict[int, Product]:
    """Products by id with their groups, in one query (the group's sectors are not needed)."""
    ids = list(product_ids)
    if not ids:
        return {}
    stmt = (
        select(Product)
        .where(Product.id.in_(ids))
        .options(joinedload(Product.group).lazyload(ProducerGroup.sector_rows))
    )
    return {p.id: p for p in session.scalars(stmt)}


def available(product: Product) -> int | None:
    """How many can be ordered now: the stock, or None for pre-orders (made after ordering)."""
    return None if product.is_preorder else product.stock


def cap(product: Product, quantity: int) -> int | None:
    """`quantity` raised to the minimum order and capped at stock; None if none can be sold."""
    limit = available(product)
    quantity = max(quantity, product.min_order)
    if limit is not None:
        if limit < product.min_order:
            return None
        quantity = min(quantity, limit)
    return quantity


def check_quantity(product: Product | None, quantity: int) -> None:
    """Raise CartError unless `quantity` of `product` may be in a cart."""
    if not sellable(product):
        raise CartError(_("Produk ini tidak tersedia."))
    if quantity < product.min_order:
        raise CartError(
            _(
                "Minimal pesan %(name)s adalah %(n)s %(unit)s.",
                name=product.name,
                n=product.min_order,
                unit=product.unit,
            )
        )
    if product.price * quantity > MAX_CHECKOUT_TOTAL:
        raise CartError(too_much_message())
    if not product.is_preorder and quantity > product.stock:
        raise CartError(
            _(
                "Stok %(name)s tinggal %(n)s %(unit)s.",
                name=product.name,
                n=product.stock,
                unit=product.unit,
            )
        )


def _cart(session: Session, user_id: int, create: bool) -> Cart | None:
    cart = session.scalar(select(Cart).where(Cart.user_id == user_id))
    if cart is None and create:
        cart = Cart(user_id=user_id)
        session.add(cart)
        session.flush()
    return cart


def db_items(session: Session, user_id: int) -> dict[int, int]:
    rows = session.execute(
        select(CartItem.product_id, CartItem.quantity)
        .join(Cart, Cart.id == CartItem.cart_id)
        .where(Cart.user_id == user_id)
        .order_by(CartItem.id)
    )
    return {pid: qty for pid, qty in rows}


def db_count(session: Session, user_id: int) -> int:
    return session.scalar(
        select(func.count(CartItem.id))
        .join(Cart, Cart.id == CartItem.cart_id)
        .where(Cart.user_id == user_id)
    )


def db_set(
    session: Session,
    user_id: int,
    product_id: int,
    quantity: int,
    current: dict[int, int] | None = None,
) -> None:
    """Set a product's quantity in the user's cart (0 removes it). Flush, no commit.

    `current` is the cart as db_items returned it in this transaction, when the caller has
    it: it saves reading the cart again to enforce MAX_LINES.
    """
    cart_id = session.scalar(select(Cart.id).where(Cart.user_id == user_id))
    if quantity <= 0:
        if cart_id is not None:
            session.execute(
                delete(CartItem).where(
                    CartItem.cart_id == cart_id, CartItem.product_id == product_id
                )
            )
        return
    if cart_id is None:
        cart = Cart(user_id=user_id)
        session.add(cart)
        session.flush()
        cart_id, current = cart.id, {}
    if current is None:
        current = db_items(session, user_id)
    if product_id not in current and len(current) >= MAX_LINES:
        raise CartError(_("Keranjang penuh (maksimal %(n)s produk).", n=MAX_LINES))
    # One statement whether the line exists or not (the pair is unique).
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(CartItem).values(
        cart_id=cart_id, product_id=product_id, quantity=quantity, added_at=utcnow()
    )
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["cart_id", "product_id"], set_={"quantity": stmt.excluded.quantity}
        )
    )


def db_remove(session: Session, user_id: int, product_ids: list[int]) -> None:
    """Remove these products from the user's cart (one statement)."""
    if product_ids:
        session.execute(
            delete(CartItem).where(
                CartItem.cart_id.in_(select(Cart.id).where(Cart.user_id == user_id)),
                CartItem.product_id.in_(product_ids),
            )
        )


def add(session: Session, items: dict[int, int], product_id: int, quantity: int) -> int:
    """The new quantity after adding `quantity` to `items` (validated, not stored)."""
    if quantity < 1 or quantity > MAX_QUANTITY:
        raise CartError(_("Jumlah tidak valid."))
    product = session.get(Product, product_id)  # the caller's products_with_groups row
    new_qty = items.get(product_id, 0) + quantity
    if product is not None and sellable(product) and new_qty < product.min_order:
        new_qty = product.min_order
    check_quantity(product, new_qty)
    if product_id not in items and len(items) >= MAX_LINES:
        raise CartError(_("Keranjang penuh (maksimal %(n)s produk).", n=MAX_LINES))
    return new_qty


def merge_into_db(session: Session, user_id: int, items: dict[int, int]) -> int:
    """Add a cookie cart to the user's cart, capped at stock; skip what cannot be sold."""
    merged = 0
    current = db_items(session, user_id)
    products = products_with_groups(session, items)
    for pid, qty in items.items():
        product = products.get(pid)
        new_qty = cap(product, current.get(pid, 0) + qty) if sellable(product) else None
        if new_qty is None:
            continue
        try:
            db_set(session, user_id, pid, new_qty, current)
        except CartError:
            break
        current[pid] = new_qty
        merged += 1
    return merged


def load(session: Session, items: dict[int, int]) -> list[CartGroup]:
    """Cart lines grouped by producer group, each line with the problem it has now, if any."""
    groups: dict[int, CartGroup] = {}
    products = products_with_groups(session, items)  # one query, no query per line
    for pid, qty in items.items():
        product = products.get(pid)
        if product is None:
            continue
        line = CartLine(product, qty)
        try:
            check_quantity(product, qty)
        except CartError as exc:
            line.problem = str(exc)
        groups.setdefault(product.group_id, CartGroup(product.group)).lines.append(line)
    return sorted(groups.values(), key=lambda cg: cg.group.name)


def clean_cookie_cart(raw) -> dict[int, int]:
    """The session cookie's cart as {product_id: quantity}, dropping anything malformed."""
    result: dict[int, int] = {}
    if not isinstance(raw, dict):
        return result
    for key, value in list(raw.items())[:MAX_LINES]:
        try:
            pid, qty = int(key), int(value)
        except (TypeError, ValueError):
            continue
        if pid > 0 and 1 <= qty <= MAX_QUANTITY:
            result[pid] = qty
    return result
