"""Payment pages: pay a checkout, its status, the webhook, ledgers, and the simulator."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.catalog.access import producer_required
from marketplace.catalog.models import ProducerGroup
from marketplace.core.security import parse_id, role_required
from marketplace.extensions import csrf, db
from marketplace.orders import payment_step
from marketplace.orders.order_models import Checkout
from marketplace.payments import bp, ledger, midtrans, queries, services, simulate, simulator
from marketplace.payments import statuses as st
from marketplace.payments.forms import PayoutForm


def _own_checkout(checkout_id: int) -> Checkout:
    checkout = db.session.get(Checkout, checkout_id)
    if checkout is None or checkout.buyer_id != current_user.id:
        abort(404)
    return checkout


@bp.route("/pembayaran/<int:checkout_id>")
@login_required
def checkout_status(checkout_id: int):
    """The buyer's payment page: the current payment state and a pay button while unpaid."""
    checkout = _own_checkout(checkout_id)
    # The pay form on this page is redirected to Snap: let the browser follow it there.
    g.csp_form_action = midtrans.snap_origins()
    return render_template(
        "payments/checkout.html",
        checkout=checkout,
        attempts=queries.checkout_attempts(db.session, checkout.id),
        labels=st.LABELS,
        # The order pages read the same states: both say when money goes back.
        order_payments=payment_step.states_of(checkout.orders),
    )


@bp.route("/pembayaran/<int:checkout_id>/bayar", methods=["GET", "POST"])
@login_required
def pay(checkout_id: int):
    """Start (or resume) the Snap payment and send the buyer to it."""
    checkout = _own_checkout(checkout_id)
    if request.method == "GET":
        return redirect(url_for("payments.checkout_status", checkout_id=checkout.id))
    try:
        attempt = services.start_payment(db.session, checkout, current_user)
    except services.PaymentError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
        return redirect(url_for("payments.checkout_status", checkout_id=checkout_id)), 303
    except midtrans.GatewayError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("payments.checkout_status", checkout_id=checkout_id)), 303
    db.session.commit()
    return redirect(attempt.redirect_url, code=303)


@bp.route("/payments/midtrans/notification", methods=["POST"])
@csrf.exempt
def midtrans_notification():
    """Midtrans' HTTP notification: authenticated by its signature, not by CSRF or a session."""
    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # deeply nested JSON is malformed too, not a 500
        payload = None
    status, outcome = services.handle_notification(db.session, payload, "webhook")
    # Every authenticated notification is stored, even one that changes nothing.
    if outcome not in ("malformed", "bad_signature"):
        db.session.commit()
    else:
        db.session.rollback()
    return {"outcome": outcome}, status


@bp.route("/kelompok/saya/saldo")
@producer_required
def group_ledger():
    """The producer's view of its group's ledger and any payment needing a refund."""
    group = g.group
    return render_template(
        "payments/group_ledger.html",
        group=group,
        balance=ledger.balance(db.session, group.id),
        entries=ledger.entries(db.session, group.id),
        pending_refunds=queries.pending_refunds(db.session, group_id=group.id),
        late=queries.late_payments(db.session, group_id=group.id),
    )


@bp.route("/pendamping/pembayaran", methods=["GET", "POST"])
@role_required("officer")
def officer_payments():
    """Officers: late payments to refund, pending refunds, balances and payouts."""
    form = PayoutForm()
    if form.validate_on_submit():
        group = db.session.get(ProducerGroup, parse_id(request.form.get("group_id")) or 0)
        if group is None:
            abort(404)
        try:
            ledger.record_payout(
                db.session,
                current_user,
                group,
                form.amount.data,
                form.reference.data,
                form.note.data or "",
            )
        except ledger.LedgerError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for("payments.officer_payments")), 303
        db.session.commit()
        flash(_("Pembayaran ke %(name)s dicatat.", name=group.name), "success")
        return redirect(url_for("payments.officer_payments"))
    if form.errors:
        first = next(iter(form.errors.values()))[0]
        flash(_("Periksa isian pembayaran: %(error)s", error=first), "danger")
    return render_template(
        "payments/officer.html",
        form=form,
        late=queries.late_payments(db.session),
        refunds=queries.pending_refunds(db.session),
        recent_refunds=queries.recent_refunds(db.session),
        refund_status_label=queries.refund_status_label,
        balances=queries.group_balances(db.session),
    ), (422 if form.errors else 200)


@bp.route("/pendamping/pembayaran/refund-ulang", methods=["POST"])
@role_required("officer")
def retry_refunds():
    """Try the pending refunds again."""
    done = ledger.retry_refunds(db.session)
    db.session.commit()
    flash(_("%(n)s pengembalian dana berhasil.", n=done), "info")
    return redirect(url_for("payments.officer_payments"))


def _simulator_on() -> None:
    if not current_app.config.get("MIDTRANS_SIMULATOR") or current_app.config.get(
        "MIDTRANS_SERVER_KEY"
    ):
        abort(404)


@bp.route("/payments/simulator/<order_id>", methods=["GET", "POST"])
@login_required
def simulator_page(order_id: str):
    """The local stand-in for the Snap page: pay, let it expire, or have it denied."""
    _simulator_on()
    txn = db.session.get(simulator.SimulatedTransaction, order_id)
    attempt = queries.attempt_by_provider_order_id(db.session, order_id)
    if txn is None or attempt is None or attempt.checkout.buyer_id != current_user.id:
        abort(404)
    if request.method == "POST":
        action = {"pay": "settlement", "expire": "expire", "deny": "deny"}.get(
            request.form.get("action", "")
        )
        if action is None:
            abort(400)
        simulate.apply_action(db.session, order_id, action)
        db.session.commit()
        return redirect(url_for("payments.checkout_status", checkout_id=attempt.checkout_id))
    return render_template("payments/simulator.html", txn=txn, attempt=attempt)
