"""Paying online: Snap transactions, notifications applied idempotently, expiry, reconcile.

Locking rule: every change to a payment attempt first locks its row (`SELECT … FOR UPDATE` on
PostgreSQL; on SQLite the write transaction itself is exclusive, BEGIN IMMEDIATE), so a
notification, a duplicate of it and the reconcile job are applied one after the other, and the
monotonic status table decides whether the later one changes anything. Stock goes back through
the orders state machine, whose own guard releases it exactly once.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_OFFICER, User
from marketplace.core.timeutil import to_wib, utcnow
from marketplace.orders import notification_messages as messages
from marketplace.orders import notify, states
from marketplace.orders import services as orders
from marketplace.orders.order_models import Checkout
from marketplace.orders.payment_step import PaymentState
from marketplace.payments import buyer_state, ledger, midtrans, order_handlers
from marketplace.payments import statuses as st
from marketplace.payments.models import PaymentAttempt, PaymentNotification

log = logging.getLogger(__name__)

REQUIRED_FIELDS = ("order_id", "status_code", "gross_amount", "signature_key", "transaction_status")


class PaymentError(ValueError):
    """The payment cannot be started; the message is for the buyer."""


class MidtransMethod:
    """The online payment method registered with the orders' payment step."""

    code = "midtrans"
    label = _l("Bayar online: QRIS, GoPay, ShopeePay, virtual account (Midtrans)")
    short_label = _l("online (Midtrans)")
    initial_status = states.AWAITING_PAYMENT

    def is_available(self) -> bool:
        """Offered only with Midtrans keys, or the simulator in development."""
        return midtrans.is_configured()

    def prepare(self, session: Session, checkout: Checkout) -> None:
        """Stock is already reserved; the orders wait until the deadline for the payment."""
        minutes = int(current_app.config["MIDTRANS_EXPIRY_MINUTES"])
        checkout.payment_status = st.NONE
        checkout.payment_deadline = utcnow() + timedelta(minutes=minutes)

    def next_url(self, checkout: Checkout) -> str | None:
        return url_for("payments.pay", checkout_id=checkout.id)

    def states(self, orders: list) -> dict[int, PaymentState]:
        """Paid, unpaid, or paid and (being) given back: see payments.buyer_state."""
        return buyer_state.order_states(orders, str(self.short_label))

    def refund_notice(self, order) -> str | None:
        """How a paid order's money comes back if it is cancelled."""
        return buyer_state.refund_notice(order)


def _lock_attempt(session: Session, provider_order_id: str) -> PaymentAttempt | None:
    stmt = select(PaymentAttempt).where(PaymentAttempt.provider_order_id == provider_order_id)
    return session.scalars(stmt.with_for_update()).first()


def snap_params(checkout: Checkout, provider_order_id: str, buyer: User) -> dict:
    """The Snap request: item prices × quantities add up to gross_amount exactly."""
    items = []
    for order in checkout.orders:
        for line in order.lines:
            items.append(
                {
                    "id": f"P{line.product_id}",
                    "price": line.unit_price,
                    "quantity": line.quantity,
                    "name": line.name[:50],
                    "merchant_name": order.group.name[:50],
                }
            )
        if order.delivery_fee:
            items.append(
                {
                    "id": f"ONGKIR-{order.id}",
                    "price": order.delivery_fee,
                    "quantity": 1,
                    "name": f"Ongkos antar {order.group.name}"[:50],
                }
            )
    gross = sum(i["price"] * i["quantity"] for i in items)
    if gross != checkout.total:
        raise PaymentError(_("Rincian pesanan tidak cocok dengan totalnya; hubungi pendamping."))
    remaining = max(1, int((checkout.payment_deadline - utcnow()).total_seconds() // 60))
    methods = [m.strip() for m in current_app.config["MIDTRANS_ENABLED_PAYMENTS"].split(",")]
    return {
        "transaction_details": {"order_id": provider_order_id, "gross_amount": gross},
        "item_details": items,
        "customer_details": {
            "first_name": buyer.name[:50],
            "email": buyer.email,
            "phone": "+" + buyer.phone,
        },
        "enabled_payments": [m for m in methods if m],
        "expiry": {
            "start_time": to_wib(utcnow()).strftime("%Y-%m-%d %H:%M:%S +0700"),
            "unit": "minute",
            "duration": remaining,
        },
        "callbacks": {
            "finish": url_for("payments.checkout_status", checkout_id=checkout.id, _external=True)
        },
    }


def start_payment(session: Session, checkout: Checkout, buyer: User) -> PaymentAttempt:
    """Return a Snap transaction to pay `checkout`, reusing a live one or creating a new one.

    Raises PaymentError for a checkout that cannot be paid and midtrans.GatewayError when
    Midtrans fails; the orders stay as they are and can be paid again.
    """
    if checkout.payment_method != MidtransMethod.code:
        raise PaymentError(_("Pesanan ini dibayar tunai saat diambil atau diantar."))
    if any(o.status != states.AWAITING_PAYMENT for o in checkout.orders):
        raise PaymentError(_("Pesanan ini tidak sedang menunggu pembayaran."))
    if checkout.payment_deadline is None or checkout.payment_deadline <= utcnow():
        raise PaymentError(_("Batas waktu pembayaran sudah lewat."))
    live = session.scalars(
        select(PaymentAttempt)
        .where(
            PaymentAttempt.checkout_id == checkout.id,
            PaymentAttempt.redirect_url.is_not(None),
            PaymentAttempt.status.in_((st.NONE, st.PENDING)),
        )
        .order_by(PaymentAttempt.id.desc())
    ).first()
    if live is not None:
        return live
    provider_order_id = f"TKM-{checkout.id}-{secrets.token_hex(4)}"
    assert midtrans.valid_order_id(provider_order_id)
    params = snap_params(checkout, provider_order_id, buyer)
    attempt = PaymentAttempt(
        checkout_id=checkout.id,
        provider_order_id=provider_order_id,
        gross_amount=checkout.total,
        expires_at=checkout.payment_deadline,
    )
    session.add(attempt)
    session.flush()
    answer = midtrans.create_transaction(params)
    attempt.snap_token = answer.get("token")
    attempt.redirect_url = answer.get("redirect_url")
    session.flush()
    return attempt


def _officer_ids(session: Session) -> list[int]:
    return list(session.scalars(select(User.id).where(User.role == ROLE_OFFICER)))


def _flag_late_payment(session: Session, attempt: PaymentAttempt) -> None:
    attempt.needs_refund = True
    params = {"ref": attempt.provider_order_id}
    checkout = attempt.checkout
    # The buyer paid for orders that no longer exist: give the money back now, and say so.
    for order in checkout.orders:
        if order.status in states.RELEASES_STOCK:
            ledger.refund_order(session, order, "Pembayaran masuk setelah pesanan kedaluwarsa")
    notify.notify(
        session,
        [checkout.buyer_id],
        "payment_late",
        messages.PAYMENT_LATE_BUYER,
        {"amount": attempt.gross_amount},
        ("payments.checkout_status", {"checkout_id": checkout.id}),
    )
    for order in attempt.checkout.orders:
        notify.notify_group(
            session,
            order.group_id,
            "payment_late",
            messages.PAYMENT_LATE,
            params,
            notify.producer_order_link(order.id),
        )
    notify.notify(
        session,
        _officer_ids(session),
        "payment_late",
        messages.PAYMENT_LATE,
        params,
        ("payments.officer_payments", {}),
    )


def apply_status(
    session: Session, attempt: PaymentAttempt, status: str, fraud_status: str | None
) -> str:
    """Apply a Midtrans status to an attempt (row already locked); returns the outcome."""
    current = attempt.status
    paid = st.counts_as_paid(status, fraud_status)
    if status == current and (fraud_status or None) == (attempt.fraud_status or None):
        return "duplicate"
    late = paid and current in st.FAILED
    if not late and not st.is_legal(current, status):
        return "ignored"
    attempt.status = status
    attempt.fraud_status = fraud_status
    checkout = attempt.checkout
    checkout.payment_status = status
    if paid:
        placed = False  # a capture then its settlement: only the first places the orders
        for order in checkout.orders:
            if order.status == states.AWAITING_PAYMENT:
                orders.transition(session, order, states.PLACED, actor=None, role=states.SYSTEM)
                placed = True
        if late or any(
            o.status in (states.EXPIRED, states.CANCELLED) and o.stock_released
            for o in checkout.orders
        ):
            _flag_late_payment(session, attempt)
        if placed:  # one notice per checkout, not one per order (orders.fulfilment)
            notify.notify(
                session,
                [checkout.buyer_id],
                "payment_received",
                messages.PAYMENT_RECEIVED,
                {"amount": attempt.gross_amount},
                ("payments.checkout_status", {"checkout_id": checkout.id}),
            )
    elif status == st.REFUND:
        ledger.on_provider_refund(session, attempt)
    elif status in st.FAILED:
        target = states.EXPIRED if status == st.EXPIRE else states.CANCELLED
        with force_locale("id"):  # stored on the order as its reason, like a producer's words
            reason = st.label(status)
        for order in checkout.orders:
            if order.status == states.AWAITING_PAYMENT:
                orders.transition(
                    session,
                    order,
                    target,
                    actor=None,
                    role=states.SYSTEM,
                    reason=reason,
                )
    session.flush()
    return "applied"


def _store(
    session: Session, attempt: PaymentAttempt | None, payload: dict, source: str, outcome: str
) -> PaymentNotification:
    row = PaymentNotification(
        attempt_id=attempt.id if attempt else None,
        provider_order_id=str(payload.get("order_id", ""))[:64],
        source=source,
        transaction_status=str(payload.get("transaction_status", ""))[:20],
        status_code=str(payload.get("status_code", ""))[:8],
        gross_amount=str(payload.get("gross_amount", ""))[:32],
        fraud_status=(str(payload["fraud_status"])[:16] if payload.get("fraud_status") else None),
        outcome=outcome,
        body=json.dumps(payload)[:20000],
    )
    session.add(row)
    session.flush()
    return row


def store_notification(session: Session, payload: dict, source: str, outcome: str) -> None:
    """Store a notification that belongs to no checkout attempt (hooks' handlers use it)."""
    _store(session, None, payload, source, outcome)


def _amount_matches(raw: str, expected: int) -> bool:
    try:
        return Decimal(raw) == Decimal(expected)
    except (InvalidOperation, TypeError):
        return False


amount_matches = _amount_matches


def confirmed_status(
    payload: dict, provider_order_id: str, gross_amount: int, source: str
) -> tuple[str, str | None] | None:
    """(status, fraud_status) to apply: the notification's, or with MIDTRANS_VERIFY_STATUS
    the status Midtrans gives when asked; None when Midtrans cannot confirm it (answer 503)."""
    status, fraud = payload["transaction_status"], payload.get("fraud_status")
    if not current_app.config["MIDTRANS_VERIFY_STATUS"] or source == "reconcile":
        return status, fraud
    try:
        confirmed = midtrans.transaction_status(provider_order_id)
    except midtrans.GatewayError:
        return None
    if confirmed is None or not _amount_matches(
        str(confirmed.get("gross_amount", "")), gross_amount
    ):
        return None
    return confirmed.get("transaction_status", status), confirmed.get("fraud_status")


def handle_notification(
    session: Session, payload: object, source: str = "webhook"
) -> tuple[int, str]:
    """Authenticate, store and apply one notification; returns (HTTP status, outcome)."""
    if not isinstance(payload, dict) or not all(
        isinstance(payload.get(f), str) and payload.get(f) for f in REQUIRED_FIELDS
    ):
        return 400, "malformed"
    if not midtrans.signature_valid(payload, midtrans.server_key()):
        return 403, "bad_signature"
    handler = order_handlers.handler_for(payload["order_id"])
    if handler is not None:  # another feature's transaction (an invoice's, say)
        return handler(session, payload, source)
    attempt = _lock_attempt(session, payload["order_id"])
    if attempt is None:
        _store(session, None, payload, source, "unknown_order")
        return 404, "unknown_order"
    if not _amount_matches(payload["gross_amount"], attempt.gross_amount):
        _store(session, attempt, payload, source, "amount_mismatch")
        return 400, "amount_mismatch"
    confirmed = confirmed_status(payload, attempt.provider_order_id, attempt.gross_amount, source)
    if confirmed is None:
        _store(session, attempt, payload, source, "unconfirmed")
        return 503, "unconfirmed"
    status, fraud = confirmed
    if status not in st.KNOWN:
        _store(session, attempt, payload, source, "unknown_status")
        return 200, "unknown_status"
    outcome = apply_status(session, attempt, status, fraud)
    _store(session, attempt, payload, source, outcome)
    return 200, outcome
