"""Buyer pages: the cart (cookie or database) and checkout (pickup or delivery per group)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from marketplace.catalog.product_models import Product
from marketplace.core.security import parse_id, safe_next
from marketplace.extensions import db
from marketplace.orders import bp, logistics, payment_step, services
from marketplace.orders import cart as carts
from marketplace.orders.cart_session import SESSION_CART
from marketplace.orders.forms import form_group_ids, parse_quantity, parse_selection
from marketplace.orders.models import Checkout

# --- cart ---------------------------------------------------------------------------------


def _items() -> dict[int, int]:
    if current_user.is_authenticated:
        return carts.db_items(db.session, current_user.id)
    return carts.clean_cookie_cart(session.get(SESSION_CART))


def _store(product_id: int, quantity: int, current: dict[int, int] | None = None) -> None:
    if current_user.is_authenticated:
        carts.db_set(db.session, current_user.id, product_id, quantity, current)
        return
    items = carts.clean_cookie_cart(session.get(SESSION_CART))
    if quantity <= 0:
        items.pop(product_id, None)
    else:
        items[product_id] = quantity
    session[SESSION_CART] = {str(k): v for k, v in items.items()}


@bp.route("/keranjang")
def cart():
    """The cart, grouped by producer group."""
    groups = carts.load(db.session, _items())
    return render_template(
        "orders/cart.html",
        groups=groups,
        total=sum(cg.subtotal for cg in groups),
        has_problem=any(line.problem for cg in groups for line in cg.lines),
    )


@bp.route("/keranjang/tambah", methods=["POST"])
def cart_add():
    """Add a product to the cart (quantity respects minimum order and stock)."""
    product_id = parse_id(request.form.get("product_id"))
    raw_quantity = request.form.get("quantity")
    quantity = parse_quantity(raw_quantity, carts.MAX_QUANTITY) if raw_quantity else 1
    back = safe_next(request.form.get("next"), url_for("orders.cart"))
    # Held here so carts.add finds it (and its group) in the session without a query.
    product = carts.products_with_groups(db.session, [product_id] if product_id else [])
    if product_id is None or not product:
        abort(404)
    if not quantity:
        flash(_bad_quantity(), "danger")
        return _cart_error()
    try:
        items = _items()
        new_qty = carts.add(db.session, items, product_id, quantity)
        _store(product_id, new_qty, items)
    except carts.CartError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _cart_error()
    db.session.commit()
    # The message links to the cart: a buyer who keeps shopping still has it one tap away.
    flash(
        Markup('{} <a class="alert-link" href="{}" data-testid="flash-cart">{}</a>').format(
            _("Ditambahkan ke keranjang."), url_for("orders.cart"), _("Lihat keranjang")
        ),
        "success",
    )
    return redirect(back)


@bp.route("/keranjang/ubah/<int:product_id>", methods=["POST"])
def cart_update(product_id: int):
    """Change a line's quantity; 0 (or the remove button) removes it."""
    quantity = parse_quantity(request.form.get("quantity"), carts.MAX_QUANTITY)
    if request.form.get("remove") or quantity == 0:
        _store(product_id, 0)
        db.session.commit()
        flash(_("Produk dihapus dari keranjang."), "info")
        return redirect(url_for("orders.cart"))
    if quantity is None:
        flash(_bad_quantity(), "danger")
        return _cart_error()
    try:
        carts.check_quantity(db.session.get(Product, product_id), quantity)
        _store(product_id, quantity)
    except carts.CartError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _cart_error()
    db.session.commit()
    return redirect(url_for("orders.cart"))


def _bad_quantity() -> str:
    return _("Jumlah harus angka bulat dari 1 sampai %(n)s.", n=carts.MAX_QUANTITY)


def _cart_error():
    groups = carts.load(db.session, _items())
    return (
        render_template(
            "orders/cart.html",
            groups=groups,
            total=sum(cg.subtotal for cg in groups),
            has_problem=True,
        ),
        422,
    )


# --- checkout -----------------------------------------------------------------------------


def _checkout_page(
    error: str | None = None,
    error_group: int | None = None,
    status: int = 200,
    items: dict[int, int] | None = None,
):
    if items is None:
        items = carts.db_items(db.session, current_user.id)
    g.nav_cart_count = len(items)  # the nav needs no second count
    groups = carts.load(db.session, items)
    options = {}
    for cg in groups:
        service = logistics.checkout_service(db.session, cg.group.id)
        earliest = logistics.earliest_date([line.product for line in cg.lines])
        slots = logistics.open_slots(db.session, cg.group.id, service, earliest)
        options[cg.group.id] = {
            "service": service,
            "slots": slots,
            "choice": logistics.slot_choice(slots, service),
            "earliest": earliest,
        }
    return (
        render_template(
            "orders/checkout.html",
            groups=groups,
            options=options,
            methods=payment_step.available(),
            form=request.form,
            error=error,
            error_group=error_group,
            window_label=logistics.window_label,
            total=sum(cg.subtotal for cg in groups),
        ),
        status,
    )


@bp.route("/checkout", methods=["GET", "POST"])
@login_required
def checkout():
    """Choose pickup or delivery per group and the payment; place all orders at once."""
    if request.method == "GET":
        items = carts.db_items(db.session, current_user.id)
        if not items:
            flash(_("Keranjang Anda kosong."), "info")
            return redirect(url_for("orders.cart"))
        return _checkout_page(items=items)
    # The form names each group it offers (slot-<group id>); groups not in the cart are
    # ignored by place_checkout, and a group of the cart without a choice is refused there.
    selections = {}
    for gid in form_group_ids(request.form):
        sel = parse_selection(request.form, gid)
        if sel is not None:
            selections[gid] = sel
    method_code = request.form.get("payment", "cod")
    try:
        result = services.place_checkout(db.session, current_user, selections, method_code)
    except (services.OutOfStock, services.NoCapacity) as exc:
        db.session.rollback()
        return _checkout_page(str(exc), exc.group_id, 409)
    except services.CheckoutError as exc:
        db.session.rollback()
        return _checkout_page(str(exc), exc.group_id, 422)
    checkout_id = result.id  # read before the commit expires it
    method = payment_step.get(result.payment_method)
    db.session.commit()
    target = method.next_url(result) if method else None
    flash(_("Pesanan Anda sudah dibuat."), "success")
    return redirect(target or url_for("orders.checkout_done", checkout_id=checkout_id))


@bp.route("/pesanan/checkout/<int:checkout_id>")
@login_required
def checkout_done(checkout_id: int):
    """What was just ordered: one order per group, with pickup codes."""
    result = db.session.get(Checkout, checkout_id)
    if result is None or result.buyer_id != current_user.id:
        abort(404)
    return render_template("orders/checkout_done.html", checkout=result)
