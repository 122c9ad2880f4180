"""Paying invoices: through Midtrans (virtual account or QRIS), or by bank transfer that the
company's finance staff report and the group confirms.

Locking rule: every change to an invoice first locks its row (`SELECT … FOR UPDATE`; SQLite's
write transaction is exclusive), and a Midtrans notification first locks its `InvoicePayment`
row, so a notification, its duplicate, a transfer confirmation and a double-submitted form
are applied one after the other; the invoice's state table decides whether the later one
may change anything, and an action already done answers as done (never twice).
"""

from __future__ import annotations

import logging
import secrets
from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.core.timeutil import to_wib, utcnow
from marketplace.orders import notification_b2b as messages
from marketplace.orders import notify
from marketplace.payments import midtrans, order_handlers, receivables, services
from marketplace.payments import statuses as st
from marketplace.procurement import hooks, states
from marketplace.procurement.billing_models import (
    PAID_VIA_MIDTRANS,
    PAID_VIA_TRANSFER,
    Invoice,
    InvoicePayment,
)
from marketplace.procurement.invoicing import finance_staff, invoice_link, today_wib
from marketplace.procurement.po_models import PurchaseOrder

log = logging.getLogger(__name__)

ORDER_ID_PREFIX = "INV-"  # invoice numbers start with it; checkouts' ids with "TKM-"
PAYMENT_HOURS = 24  # how long a virtual account / QRIS of an invoice stays payable
# Company payments: bank virtual accounts and QRIS (no e-wallets, no cards).
ENABLED_PAYMENTS = ("bca_va", "bni_va", "bri_va", "permata_va", "other_va", "other_qris")
PAYABLE = frozenset({states.INVOICE_ISSUED, states.INVOICE_OVERDUE})


class InvoicePaymentError(ValueError):
    """The payment action cannot be done now; the message is for the user."""


def midtrans_available() -> bool:
    """Invoices are offered through Midtrans only with real keys (not the simulator)."""
    return bool(current_app.config.get("MIDTRANS_SERVER_KEY"))


def lock_invoice(session: Session, invoice_id: int) -> Invoice | None:
    stmt = select(Invoice).where(Invoice.id == invoice_id).with_for_update()
    return session.scalars(stmt).first()


# --- paid ------------------------------------------------------------------------------------


def complete_po_if_settled(session: Session, po: PurchaseOrder) -> bool:
    """Move a delivered PO whose invoices are all paid (or cancelled) to completed."""
    if po.status != states.PO_DELIVERED:
        return False
    open_ = session.scalar(
        select(Invoice.id).where(
            Invoice.po_id == po.id, Invoice.status.in_(tuple(states.INVOICE_OPEN))
        )
    )
    if open_ is not None:
        return False
    states.check_transition("po", po.status, states.PO_COMPLETED, states.SYSTEM)
    po.status = states.PO_COMPLETED
    session.flush()
    return True


def mark_paid(session: Session, invoice: Invoice, actor: str, *, via: str, ref: str = "") -> bool:
    """Settle an invoice (row locked by the caller); False when it already was paid."""
    if invoice.status == states.INVOICE_PAID:
        return False
    states.check_transition("invoice", invoice.status, states.INVOICE_PAID, actor)
    invoice.status = states.INVOICE_PAID
    invoice.paid_at = utcnow()
    invoice.paid_via = via
    if ref:
        invoice.payment_ref = ref[:64]
    po = invoice.po
    receivables.record_invoice_paid(
        session, po.group_id, invoice.total, invoice.number, held=via == PAID_VIA_MIDTRANS
    )
    params = {"number": invoice.number, "amount": invoice.total}
    notify.notify(
        session,
        finance_staff(session, po.company_id),
        "invoice",
        messages.INVOICE_PAID,
        params,
        invoice_link(invoice),
    )
    notify.notify_group(
        session, po.group_id, "invoice", messages.INVOICE_PAID, params, group_link()
    )
    session.flush()
    hooks.fire(session, "invoice_paid", invoice)
    complete_po_if_settled(session, po)
    return True


def group_link() -> notify.Link:
    return ("procurement.group_invoices", {})


# --- bank transfer ---------------------------------------------------------------------------


def report_transfer(
    session: Session, invoice: Invoice, user: User, reference: str, paid_on: date
) -> bool:
    """Finance staff say they transferred the invoice's total; the group is asked to confirm.

    False when the same report was already made (a double submission); IllegalTransition
    (409) for an invoice that is not waiting for payment.
    """
    reference = reference.strip()
    if not reference:
        raise InvoicePaymentError(_("Nomor referensi transfer wajib diisi."))
    if paid_on > today_wib():
        raise InvoicePaymentError(_("Tanggal transfer tidak boleh di masa depan."))
    invoice = lock_invoice(session, invoice.id)
    if invoice.status == states.INVOICE_TRANSFER_REPORTED and invoice.payment_ref == reference:
        return False
    states.check_transition(
        "invoice", invoice.status, states.INVOICE_TRANSFER_REPORTED, states.FINANCE
    )
    invoice.status = states.INVOICE_TRANSFER_REPORTED
    invoice.status_reason = ""
    invoice.payment_ref = reference[:64]
    invoice.transfer_paid_on = paid_on
    invoice.transfer_reported_by_id = user.id
    invoice.transfer_reported_at = utcnow()
    notify.notify_group(
        session,
        invoice.po.group_id,
        "invoice",
        messages.INVOICE_TRANSFER_REPORTED,
        {"company": invoice.buyer_name, "number": invoice.number, "ref": reference},
        group_link(),
    )
    session.flush()
    return True


def confirm_transfer(session: Session, invoice: Invoice, user: User) -> bool:
    """The group found the money on its account: the invoice is paid (once)."""
    invoice = lock_invoice(session, invoice.id)
    if invoice.status == states.INVOICE_PAID and invoice.paid_via == PAID_VIA_TRANSFER:
        return False
    states.check_transition("invoice", invoice.status, states.INVOICE_PAID, states.GROUP)
    invoice.transfer_confirmed_by_id = user.id
    invoice.transfer_confirmed_at = utcnow()
    return mark_paid(session, invoice, states.GROUP, via=PAID_VIA_TRANSFER)


def reject_transfer(session: Session, invoice: Invoice, user: User, reason: str) -> bool:
    """The group did not find the transfer: back to unpaid (overdue past its due date)."""
    reason = reason.strip()
    invoice = lock_invoice(session, invoice.id)
    if invoice.status != states.INVOICE_TRANSFER_REPORTED and invoice.status in PAYABLE:
        return False  # already sent back (a double submission)
    target = states.INVOICE_OVERDUE if invoice.due_date < today_wib() else states.INVOICE_ISSUED
    states.check_transition("invoice", invoice.status, target, states.GROUP, reason)
    invoice.status = target
    invoice.status_reason = reason
    notify.notify(
        session,
        [invoice.transfer_reported_by_id] if invoice.transfer_reported_by_id else [],
        "invoice",
        messages.INVOICE_TRANSFER_REJECTED,
        {"number": invoice.number, "reason": reason},
        invoice_link(invoice),
    )
    session.flush()
    return True


# --- Midtrans --------------------------------------------------------------------------------


def snap_params(invoice: Invoice, provider_order_id: str, payer: User) -> dict:
    """The Snap request for the invoice's total: one item, virtual accounts and QRIS."""
    return {
        "transaction_details": {"order_id": provider_order_id, "gross_amount": invoice.total},
        "item_details": [
            {
                "id": invoice.number,
                "price": invoice.total,
                "quantity": 1,
                "name": f"Tagihan {invoice.number}"[:50],
                "merchant_name": invoice.seller_name[:50],
            }
        ],
        "customer_details": {
            "first_name": invoice.buyer_name[:50],
            "email": payer.email,
            "phone": "+" + payer.phone if payer.phone else "",
        },
        "enabled_payments": list(ENABLED_PAYMENTS),
        "expiry": {
            "start_time": to_wib(utcnow()).strftime("%Y-%m-%d %H:%M:%S +0700"),
            "unit": "hour",
            "duration": PAYMENT_HOURS,
        },
        "callbacks": {
            "finish": url_for("procurement.invoice_detail", invoice_id=invoice.id, _external=True)
        },
    }


def start_payment(session: Session, invoice: Invoice, payer: User) -> InvoicePayment:
    """A Snap transaction for the invoice: a live one again, or a new attempt.

    InvoicePaymentError for an invoice not waiting for payment or without Midtrans keys;
    midtrans.GatewayError when Midtrans fails (nothing changes, the user may try again).
    """
    if not midtrans_available():
        raise InvoicePaymentError(
            _("Pembayaran lewat Midtrans belum tersedia; bayar lewat transfer.")
        )
    invoice = lock_invoice(session, invoice.id)
    if invoice.status not in PAYABLE:
        raise InvoicePaymentError(_("Tagihan ini tidak sedang menunggu pembayaran."))
    live = session.scalars(
        select(InvoicePayment)
        .where(
            InvoicePayment.invoice_id == invoice.id,
            InvoicePayment.redirect_url.is_not(None),
            InvoicePayment.status.in_((st.NONE, st.PENDING)),
            InvoicePayment.expires_at > utcnow(),
        )
        .order_by(InvoicePayment.id.desc())
    ).first()
    if live is not None:
        return live
    provider_order_id = f"{invoice.number}-{secrets.token_hex(3)}"
    assert provider_order_id.startswith(ORDER_ID_PREFIX)
    assert midtrans.valid_order_id(provider_order_id)
    attempt = InvoicePayment(
        invoice_id=invoice.id,
        provider_order_id=provider_order_id,
        gross_amount=invoice.total,
        status=st.NONE,
        expires_at=utcnow() + timedelta(hours=PAYMENT_HOURS),
    )
    session.add(attempt)
    session.flush()
    answer = midtrans.create_transaction(snap_params(invoice, provider_order_id, payer))
    attempt.snap_token = answer.get("token")
    attempt.redirect_url = answer.get("redirect_url")
    session.flush()
    return attempt


def _lock_attempt(session: Session, provider_order_id: str) -> InvoicePayment | None:
    stmt = select(InvoicePayment).where(InvoicePayment.provider_order_id == provider_order_id)
    return session.scalars(stmt.with_for_update()).first()


def apply_status(session: Session, attempt: InvoicePayment, status: str, fraud: str | None) -> str:
    """Apply a Midtrans status to an attempt (row locked): applied, duplicate or ignored."""
    if status == attempt.status and (fraud or None) == (attempt.fraud_status or None):
        return "duplicate"
    if not st.is_legal(attempt.status, status):
        return "ignored"
    attempt.status = status
    attempt.fraud_status = fraud
    if st.counts_as_paid(status, fraud):
        invoice = lock_invoice(session, attempt.invoice_id)
        if invoice.status in states.INVOICE_OPEN:
            mark_paid(
                session,
                invoice,
                states.SYSTEM,
                via=PAID_VIA_MIDTRANS,
                ref=attempt.provider_order_id,
            )
        else:  # paid already (by transfer, or another attempt): the officer sorts it out
            log.warning("invoice %s paid again by %s", invoice.number, attempt.provider_order_id)
    session.flush()
    return "applied"


def handle_notification(session: Session, payload: dict, source: str) -> tuple[int, str]:
    """A Midtrans notification for an invoice (signature already checked by payments)."""
    attempt = _lock_attempt(session, payload["order_id"])
    if attempt is None:
        services.store_notification(session, payload, source, "unknown_order")
        return 404, "unknown_order"
    if not services.amount_matches(payload["gross_amount"], attempt.gross_amount):
        services.store_notification(session, payload, source, "amount_mismatch")
        return 400, "amount_mismatch"
    confirmed = services.confirmed_status(
        payload, attempt.provider_order_id, attempt.gross_amount, source
    )
    if confirmed is None:
        services.store_notification(session, payload, source, "unconfirmed")
        return 503, "unconfirmed"
    status, fraud = confirmed
    if status not in st.KNOWN:
        services.store_notification(session, payload, source, "unknown_status")
        return 200, "unknown_status"
    outcome = apply_status(session, attempt, status, fraud)
    services.store_notification(session, payload, source, outcome)
    return 200, outcome


order_handlers.register_order_id_handler(ORDER_ID_PREFIX, handle_notification)
