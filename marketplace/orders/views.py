"""Buyer pages: my orders, pickup code and QR, cancel, reorder, reviews, notifications.

The cart and checkout pages are in marketplace/orders/cart_views.py.
"""

from __future__ import annotations

import io

import segno
from flask import (
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.pwa import offline_pass
from marketplace.core.security import parse_id
from marketplace.extensions import db
from marketplace.orders import bp, notify, payment_step, queries, services, states
from marketplace.orders.forms import to_int
from marketplace.orders.models import Order
from marketplace.orders.reviews import reviewed_product_ids

# --- my orders ----------------------------------------------------------------------------


def _my_order(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or order.buyer_id != current_user.id:
        abort(404)
    return order


@bp.route("/pesanan")
@login_required
def my_orders():
    """The buyer's latest orders, each with how it is paid."""
    orders = queries.buyer_orders(db.session, current_user.id)
    return render_template(
        "orders/my_orders.html", orders=orders, payments=payment_step.states_of(orders)
    )


def _order_page(order: Order, error: str | None = None, status: int = 200):
    return (
        render_template(
            "orders/order_detail.html",
            order=order,
            can_cancel=states.allowed(order.status, states.CANCELLED, states.BUYER),
            reviewed=reviewed_product_ids(db.session, order.id)
            if order.status == states.COMPLETED
            else set(),
            error=error,
        ),
        status,
    )


@bp.route("/pesanan/<int:order_id>")
@login_required
def order_detail(order_id: int):
    """The buyer's order; while it is open, a pickup pass the app may keep offline."""
    order = _my_order(order_id)
    response = make_response(_order_page(order)[0])
    if order.status not in states.FINAL:
        offline_pass(response, url_for("orders.order_qr", order_id=order.id))
    return response


@bp.route("/pesanan/<int:order_id>/qr.svg")
@login_required
def order_qr(order_id: int):
    """The pickup code as a QR image: it opens the producer's handover form for this code."""
    order = _my_order(order_id)
    url = url_for("orders.handover", kode=order.pickup_code, _external=True)
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=5, border=2, xmldecl=False)
    response = Response(buf.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"  # the pickup code is the buyer's secret
    return response


@bp.route("/pesanan/<int:order_id>/batal", methods=["GET", "POST"])
@login_required
def buyer_cancel(order_id: int):
    """GET: ask to confirm (and say how paid money comes back); POST: cancel the order."""
    order = _my_order(order_id)
    if request.method == "GET":
        if not states.allowed(order.status, states.CANCELLED, states.BUYER):
            return redirect(url_for("orders.order_detail", order_id=order_id))
        return render_template(
            "orders/cancel_confirm.html", order=order, refund=payment_step.refund_notice(order)
        )
    refund = payment_step.refund_notice(order)
    try:
        services.transition(db.session, order, states.CANCELLED, current_user, role=states.BUYER)
    except services.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Pesanan #%(id)s dibatalkan.", id=order_id), "info")
    if refund:
        flash(refund, "info")
    return redirect(url_for("orders.order_detail", order_id=order_id))


@bp.route("/pesanan/<int:order_id>/pesan-lagi", methods=["POST"])
@login_required
def reorder(order_id: int):
    order = _my_order(order_id)
    added, skipped = services.reorder(db.session, current_user, order)
    db.session.commit()
    if added:
        flash(_("%(n)s produk dimasukkan ke keranjang.", n=added), "success")
    if skipped:
        flash(_("Tidak tersedia lagi: %(names)s.", names=", ".join(skipped)), "warning")
    return redirect(url_for("orders.cart"))


@bp.route("/pesanan/<int:order_id>/ulasan", methods=["POST"])
@login_required
def review(order_id: int):
    order = _my_order(order_id)
    product_id = parse_id(request.form.get("product_id"))
    rating = to_int(request.form.get("rating"))
    try:
        services.add_review(
            db.session,
            current_user,
            order,
            product_id or 0,
            rating if rating is not None else 0,
            request.form.get("comment", ""),
        )
    except services.ReviewError as exc:
        db.session.rollback()
        return _order_page(order, str(exc), 422)
    db.session.commit()
    flash(_("Terima kasih atas ulasan Anda."), "success")
    return redirect(url_for("orders.order_detail", order_id=order_id))


# --- notifications ------------------------------------------------------------------------


@bp.route("/notifikasi")
@login_required
def notifications():
    return render_template(
        "orders/notifications.html", items=notify.recent(db.session, current_user.id)
    )


@bp.route("/notifikasi/baca", methods=["POST"])
@login_required
def notifications_read():
    notify.mark_all_read(db.session, current_user.id)
    db.session.commit()
    return redirect(url_for("orders.notifications"))
