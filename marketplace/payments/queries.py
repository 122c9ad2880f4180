"""Read queries behind the payment pages: attempts, refunds to make, late payments, balances."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.catalog.models import ProducerGroup
from marketplace.orders.order_models import Order
from marketplace.payments.ledger import balance
from marketplace.payments.models import RECEIVABLE_KINDS, LedgerEntry, PaymentAttempt, Refund


def checkout_attempts(session: Session, checkout_id: int) -> list[PaymentAttempt]:
    """A checkout's payment attempts, newest first."""
    stmt = (
        select(PaymentAttempt)
        .where(PaymentAttempt.checkout_id == checkout_id)
        .order_by(PaymentAttempt.id.desc())
    )
    return list(session.scalars(stmt))


def attempt_by_provider_order_id(session: Session, provider_order_id: str) -> PaymentAttempt | None:
    """The attempt Midtrans knows by this order_id, or None."""
    return session.scalars(
        select(PaymentAttempt).where(PaymentAttempt.provider_order_id == provider_order_id)
    ).first()


def pending_refunds(session: Session, group_id: int | None = None) -> list[Refund]:
    """Refunds not yet made (of one group's orders when `group_id` is given)."""
    stmt = select(Refund).where(Refund.status == "pending")
    if group_id is not None:
        stmt = stmt.where(Refund.order.has(group_id=group_id))
    return list(session.scalars(stmt))


REFUND_STATUSES = {"pending": _l("Sedang diproses"), "succeeded": _l("Berhasil")}


def refund_status_label(status: str) -> str:
    """A refund's status as the officer reads it."""
    return str(REFUND_STATUSES.get(status, status))


def recent_refunds(session: Session, limit: int = 50) -> list[Refund]:
    """The latest refunds, pending or made, newest first (the officer's payments page)."""
    stmt = select(Refund).order_by(Refund.created_at.desc(), Refund.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def late_payments(session: Session, group_id: int | None = None) -> list[PaymentAttempt]:
    """Payments that settled after their orders expired: money to give back."""
    stmt = select(PaymentAttempt).where(PaymentAttempt.needs_refund.is_(True))
    if group_id is not None:
        stmt = stmt.where(
            PaymentAttempt.checkout_id.in_(
                select(Order.checkout_id).where(Order.group_id == group_id)
            )
        )
    return list(session.scalars(stmt.order_by(PaymentAttempt.id.desc())))


def group_balances(session: Session) -> list[tuple[int, str, int]]:
    """(group id, name, balance) for every group with ledger entries."""
    stmt = (
        select(ProducerGroup.id, ProducerGroup.name, func.sum(LedgerEntry.amount))
        .join(LedgerEntry, LedgerEntry.group_id == ProducerGroup.id)
        .where(LedgerEntry.kind.not_in(RECEIVABLE_KINDS))
        .group_by(ProducerGroup.id, ProducerGroup.name)
        .order_by(ProducerGroup.name)
    )
    return [(gid, name, int(total or 0)) for gid, name, total in session.execute(stmt)]


def balance_panel(session: Session, group: ProducerGroup) -> list[dict]:
    """The group work page's balance panel (one query; registered in payments/__init__)."""
    return [
        {
            "template": "payments/_work_balance.html",
            "rank": 40,
            "balance": balance(session, group.id),
        }
    ]
