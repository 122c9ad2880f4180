"""`flask payments reconcile`: ask Midtrans about payments still waiting past their deadline.

Safe to run from cron every few minutes: each attempt is handled in its own transaction through
the same status table as notifications, so running it twice, or beside a late notification,
changes nothing twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.core.timeutil import utcnow
from marketplace.orders import services as orders
from marketplace.orders import states
from marketplace.orders.order_models import Checkout, Order
from marketplace.payments import midtrans
from marketplace.payments import statuses as st
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.services import _lock_attempt, _store, apply_status

log = logging.getLogger(__name__)


def overdue_attempts(session: Session, now: datetime) -> list[str]:
    """Provider order ids of attempts still unpaid after their deadline."""
    stmt = select(PaymentAttempt.provider_order_id).where(
        PaymentAttempt.status.in_((st.NONE, st.PENDING)), PaymentAttempt.expires_at < now
    )
    return list(session.scalars(stmt.order_by(PaymentAttempt.id)))


def reconcile_attempt(session: Session, provider_order_id: str, now: datetime) -> str:
    """Fetch one attempt's status from Midtrans and apply it; returns the outcome."""
    answer = midtrans.transaction_status(provider_order_id)  # outside the row lock
    attempt = _lock_attempt(session, provider_order_id)
    if attempt is None or attempt.status not in (st.NONE, st.PENDING):
        return "skipped"
    grace = timedelta(minutes=current_app.config["MIDTRANS_RECONCILE_GRACE_MINUTES"])
    if answer is None:
        # Midtrans never saw a payment method chosen: nothing can settle any more.
        if now < attempt.expires_at + grace:
            return "waiting"
        answer = {
            "order_id": provider_order_id,
            "transaction_status": st.EXPIRE,
            "status_code": "407",
            "gross_amount": f"{attempt.gross_amount}.00",
        }
    status = str(answer.get("transaction_status", ""))
    if status not in st.KNOWN:
        return "unknown_status"
    outcome = apply_status(session, attempt, status, answer.get("fraud_status"))
    _store(session, attempt, answer, "reconcile", outcome)
    return outcome


def expire_unstarted(session: Session, now: datetime) -> int:
    """Expire online orders whose buyer never opened the payment page before the deadline."""
    grace = timedelta(minutes=current_app.config["MIDTRANS_RECONCILE_GRACE_MINUTES"])
    has_attempt = select(PaymentAttempt.id).where(PaymentAttempt.checkout_id == Checkout.id)
    stmt = (
        select(Order)
        .join(Checkout)
        .where(
            Order.status == states.AWAITING_PAYMENT,
            Checkout.payment_deadline < now - grace,
            ~has_attempt.exists(),
        )
        .with_for_update(of=Order)
    )
    count = 0
    for order in session.scalars(stmt):
        orders.transition(
            session,
            order,
            states.EXPIRED,
            actor=None,
            role=states.SYSTEM,
            reason="Tidak dibayar sampai batas waktu",
        )
        count += 1
    return count


def run(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Reconcile every overdue attempt, committing each on its own; returns outcome counts."""
    now = now or utcnow()
    counts: dict[str, int] = {}
    for provider_order_id in overdue_attempts(session, now):
        try:
            outcome = reconcile_attempt(session, provider_order_id, now)
            session.commit()
        except midtrans.GatewayError as exc:
            session.rollback()
            log.warning("reconcile %s: %s", provider_order_id, exc)
            outcome = "gateway_error"
        counts[outcome] = counts.get(outcome, 0) + 1
    expired = expire_unstarted(session, now)
    session.commit()
    if expired:
        counts["expired_unstarted"] = expired
    return counts
