"""Each group's ledger of money the platform holds: earnings, fees, refunds and payouts.

Locking rule for payouts: the group's row is locked (`SELECT … FOR UPDATE`; SQLite's write
transaction is exclusive) before the balance is read, so two payouts cannot both spend the same
balance; a payout reference is unique per group, so a resubmitted form records nothing twice.
"""

from __future__ import annotations

import logging
import secrets

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.core.formatting import rupiah
from marketplace.core.timeutil import utcnow
from marketplace.orders import hooks, states
from marketplace.orders.order_models import Order
from marketplace.payments import midtrans
from marketplace.payments import statuses as st
from marketplace.payments.models import (
    LEDGER_EARNING,
    LEDGER_FEE,
    LEDGER_PAYOUT,
    LEDGER_REFUND,
    RECEIVABLE_KINDS,
    LedgerEntry,
    PaymentAttempt,
    Refund,
)

log = logging.getLogger(__name__)


class LedgerError(ValueError):
    """A ledger rule refused the request; the message is for the officer."""


def paid_attempt(session: Session, order: Order) -> PaymentAttempt | None:
    """The settled online payment covering `order`, if any."""
    stmt = select(PaymentAttempt).where(
        PaymentAttempt.checkout_id == order.checkout_id,
        PaymentAttempt.status.in_((st.SETTLEMENT, st.CAPTURE, st.PARTIAL_REFUND)),
    )
    return session.scalars(stmt.limit(1)).first()


def _has_entry(session: Session, order_id: int, kind: str) -> bool:
    return (
        session.scalar(
            select(LedgerEntry.id).where(LedgerEntry.order_id == order_id, LedgerEntry.kind == kind)
        )
        is not None
    )


def record_earning(session: Session, order: Order) -> None:
    """Credit a completed, online-paid order to its group (minus the platform fee), once."""
    if paid_attempt(session, order) is None or _has_entry(session, order.id, LEDGER_EARNING):
        return
    session.add(
        LedgerEntry(
            group_id=order.group_id,
            kind=LEDGER_EARNING,
            amount=order.total,
            order_id=order.id,
            note=f"Pesanan #{order.id} selesai",
        )
    )
    fee = order.total * int(current_app.config["PLATFORM_FEE_BASIS_POINTS"]) // 10000
    if fee:
        session.add(
            LedgerEntry(
                group_id=order.group_id,
                kind=LEDGER_FEE,
                amount=-fee,
                order_id=order.id,
                note="Biaya platform",
            )
        )
    session.flush()


def refund_order(session: Session, order: Order, reason: str) -> Refund | None:
    """Refund a cancelled order that was paid online; a failed call leaves it pending."""
    attempt = paid_attempt(session, order)
    if attempt is None:
        return None
    refund = session.scalars(select(Refund).where(Refund.order_id == order.id)).first()
    if refund is None:
        refund = Refund(
            order_id=order.id,
            attempt_id=attempt.id,
            amount=order.total,
            refund_key=f"RF-{order.id}-{secrets.token_hex(4)}",
            reason=reason,
        )
        session.add(refund)
        session.flush()
    if refund.status == "pending":
        _try_refund(session, refund, attempt)
    return refund


def _try_refund(session: Session, refund: Refund, attempt: PaymentAttempt) -> None:
    try:
        midtrans.refund(
            attempt.provider_order_id,
            refund.refund_key,
            refund.amount,
            refund.reason or "Pesanan dibatalkan",
        )
    except midtrans.GatewayError as exc:
        refund.last_error = str(exc)
        log.warning("refund %s failed: %s", refund.refund_key, exc)
    else:
        refund.status = "succeeded"
        refund.processed_at = utcnow()
        refund.last_error = ""
        take_back(session, refund.order, refund.amount)
    session.flush()


def take_back(session: Session, order: Order, amount: int) -> bool:
    """Take a refunded order's money back from its group, once per order; True if taken now.

    Both sides of a refund end here: our cancel-then-refund call and Midtrans' `refund`
    notification (sent for our refunds too, and for refunds started in Midtrans' dashboard),
    so whichever comes first takes the money back and the other, or a duplicate, finds the
    refund entry and changes nothing. An order never credited (not completed) has nothing
    to take back.
    """
    if not _has_entry(session, order.id, LEDGER_EARNING) or _has_entry(
        session, order.id, LEDGER_REFUND
    ):
        return False
    hooks.fire_refund(session, order, amount)  # investors' rollups listen
    session.add(
        LedgerEntry(
            group_id=order.group_id,
            kind=LEDGER_REFUND,
            amount=-amount,
            order_id=order.id,
            note=f"Pengembalian dana pesanan #{order.id}",
        )
    )
    session.flush()
    return True


def on_provider_refund(session: Session, attempt: PaymentAttempt) -> None:
    """Midtrans says the whole payment went back to the buyer: settle every order's side.

    Each order's earning is taken back (once), and a refund of ours still waiting for a retry
    is marked done, so it is never sent to Midtrans a second time.
    """
    for order in attempt.checkout.orders:
        refund = session.scalars(select(Refund).where(Refund.order_id == order.id)).first()
        if refund is not None and refund.status == "pending":
            refund.status = "succeeded"
            refund.processed_at = utcnow()
            refund.last_error = ""
        take_back(session, order, refund.amount if refund is not None else order.total)
    session.flush()


def retry_refunds(session: Session) -> int:
    """Try every pending refund again; returns how many succeeded."""
    done = 0
    for refund in session.scalars(select(Refund).where(Refund.status == "pending")):
        attempt = session.get(PaymentAttempt, refund.attempt_id)
        _try_refund(session, refund, attempt)
        done += refund.status == "succeeded"
    return done


def balance(session: Session, group_id: int) -> int:
    """The group's balance in Rupiah (money held; invoices' receivables are not)."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
                LedgerEntry.group_id == group_id, LedgerEntry.kind.not_in(RECEIVABLE_KINDS)
            )
        )
        or 0
    )


def entries(session: Session, group_id: int, limit: int = 200) -> list[LedgerEntry]:
    """The group's ledger, newest first."""
    stmt = (
        select(LedgerEntry)
        .where(LedgerEntry.group_id == group_id)
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def record_payout(
    session: Session,
    officer: User,
    group: ProducerGroup,
    amount: int,
    reference: str,
    note: str = "",
) -> LedgerEntry:
    """Record money paid out to a group; never twice, never beyond the balance."""
    if amount <= 0:
        raise LedgerError(_("Jumlah pembayaran harus lebih dari nol."))
    reference = reference.strip()
    if not reference:
        raise LedgerError(_("Nomor referensi transfer wajib diisi."))
    session.scalars(
        select(ProducerGroup.id).where(ProducerGroup.id == group.id).with_for_update()
    ).first()
    if session.scalar(
        select(LedgerEntry.id).where(
            LedgerEntry.group_id == group.id,
            LedgerEntry.kind == LEDGER_PAYOUT,
            LedgerEntry.reference == reference,
        )
    ):
        raise LedgerError(_("Pembayaran dengan referensi ini sudah dicatat."))
    available = balance(session, group.id)
    if amount > available:
        raise LedgerError(
            _(
                "Saldo kelompok hanya %(balance)s; pembayaran tidak boleh melebihi saldo.",
                balance=rupiah(available),
            )
        )
    entry = LedgerEntry(
        group_id=group.id,
        kind=LEDGER_PAYOUT,
        amount=-amount,
        reference=reference,
        note=note,
        created_by=officer.id,
    )
    session.add(entry)
    try:
        session.flush()
    except IntegrityError as exc:
        raise LedgerError(_("Pembayaran dengan referensi ini sudah dicatat.")) from exc
    audit.record(
        session,
        actor_id=officer.id,
        action="ledger.payout",
        subject_type="group",
        subject_id=group.id,
        reason=note,
        details=f"{amount} ref {reference}",
    )
    return entry


def on_order_transition(
    session: Session, order: Order, from_status: str, to_status: str, role: str
) -> None:
    """Credit completed online orders; refund online orders cancelled after payment."""
    if to_status == states.COMPLETED:
        record_earning(session, order)
    elif to_status == states.CANCELLED and from_status != states.AWAITING_PAYMENT:
        refund_order(session, order, order.cancel_reason or "Pesanan dibatalkan")


def _payout_details(details: str) -> str:
    amount, sep, reference = details.partition(" ref ")  # as record_payout writes it
    if not sep or not amount.isdigit():
        return details
    return _("%(amount)s, referensi %(ref)s", amount=rupiah(int(amount)), ref=reference)


audit.register_actions(
    {"ledger.payout": audit.Action(_l("Pembayaran ke kelompok"), details=_payout_details)}
)
