"""Issuing invoices: the down payment when a group accepts a PO, one invoice per signed BAST.

Amounts (int Rupiah):
- Down payment: `down_payment_percent` of the PO's subtotal, rounded half up; PPN on top when
  the group is PKP, so its total is that percent of the PO's total (up to rounding).
- Delivery: accepted quantities × the PO lines' unit prices, minus the down payment's share
  of them. The share is taken cumulatively (what all deliveries so far should have deducted,
  minus what earlier invoices did), so rounding never drifts and once everything ordered is
  accepted the down payment is deducted exactly: the invoices' subtotals add up to the
  accepted value.
- PPN only when the group is PKP (its `GroupTaxProfile`), `PPN_PERCENT` of each invoice's
  subtotal, rounded half up.

Idempotent: an invoice exists once per PO down payment and once per delivery (unique indexes
`uq_invoices_po_kind_once` and `invoices.delivery_id`); a repeated event finds it and returns
it. Locking rule: the PO row is locked (`SELECT … FOR UPDATE`; SQLite's write transaction is
exclusive) before the existing invoices are read, so two events for the same PO take turns.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.core.timeutil import to_wib, utcnow
from marketplace.orders import notification_b2b as messages
from marketplace.orders import notify
from marketplace.payments import receivables
from marketplace.procurement import hooks, numbering, states
from marketplace.procurement.billing_models import (
    KIND_DELIVERY,
    KIND_DOWN_PAYMENT,
    GroupTaxProfile,
    Invoice,
)
from marketplace.procurement.models import ROLE_FINANCE, CompanyMember
from marketplace.procurement.po_models import (
    TERMS_DAYS,
    Bast,
    Delivery,
    DeliveryLine,
    PoLine,
    PurchaseOrder,
)
from marketplace.procurement.po_services import PPN_PERCENT  # the one place it is written


def percent_of(amount: int, percent: int) -> int:
    """`percent` % of `amount`, rounded half up to whole Rupiah (both non-negative)."""
    return (amount * percent + 50) // 100


def share_of(amount: int, part: int, whole: int) -> int:
    """`amount` × part / whole, rounded half up (0 when whole is 0)."""
    if whole <= 0:
        return 0
    return (2 * amount * part + whole) // (2 * whole)


def today_wib() -> date:
    return to_wib(utcnow()).date()


def due_date_for(po: PurchaseOrder, issued_on: date) -> date:
    """COD: due on the day of issue; net14/net30: 14/30 days later."""
    return issued_on + timedelta(days=TERMS_DAYS[po.terms])


def tax_profile(session: Session, group_id: int) -> GroupTaxProfile | None:
    return session.get(GroupTaxProfile, group_id)


def _lock_po(session: Session, po: PurchaseOrder) -> None:
    session.scalars(
        select(PurchaseOrder.id).where(PurchaseOrder.id == po.id).with_for_update()
    ).first()


def finance_staff(session: Session, company_id: int) -> list[int]:
    """User ids of the company's finance staff (who pay invoices)."""
    stmt = select(CompanyMember.user_id).where(
        CompanyMember.company_id == company_id, CompanyMember.role == ROLE_FINANCE
    )
    return sorted(set(session.scalars(stmt)))


def invoice_link(invoice: Invoice) -> notify.Link:
    return ("procurement.invoice_detail", {"invoice_id": invoice.id})


def _issue(session: Session, po: PurchaseOrder, kind: str, subtotal: int, delivery_id=None):
    profile = tax_profile(session, po.group_id)
    pkp = bool(profile and profile.is_pkp)
    ppn = percent_of(subtotal, PPN_PERCENT) if pkp else 0
    issued_on = today_wib()
    invoice = Invoice(
        number=numbering.next_number(session, "INV"),
        po_id=po.id,
        delivery_id=delivery_id,
        kind=kind,
        subtotal=subtotal,
        ppn=ppn,
        total=subtotal + ppn,
        seller_name=po.group.name,
        seller_npwp=profile.npwp if profile else None,
        seller_is_pkp=pkp,
        buyer_name=po.company.name,
        buyer_npwp=po.company.npwp,
        due_date=due_date_for(po, issued_on),
        status=states.INVOICE_ISSUED,
    )
    session.add(invoice)
    session.flush()
    receivables.record_receivable(session, po.group_id, invoice.total, invoice.number)
    notify.notify(
        session,
        finance_staff(session, po.company_id),
        "invoice",
        messages.INVOICE_ISSUED,
        {
            "number": invoice.number,
            "po": po.number,
            "amount": invoice.total,
            "due": invoice.due_date.isoformat(),
        },
        invoice_link(invoice),
    )
    return invoice


def down_payment_invoice(session: Session, po: PurchaseOrder) -> Invoice | None:
    """The PO's (live) down-payment invoice, or None."""
    stmt = select(Invoice).where(
        Invoice.po_id == po.id,
        Invoice.kind == KIND_DOWN_PAYMENT,
        Invoice.status != states.INVOICE_CANCELLED,
    )
    return session.scalars(stmt).first()


def issue_down_payment(session: Session, po: PurchaseOrder) -> Invoice | None:
    """Invoice the PO's down payment once (None when the PO asks for none)."""
    if po.down_payment_percent <= 0:
        return None
    _lock_po(session, po)
    existing = down_payment_invoice(session, po)
    if existing is not None:
        return existing
    subtotal = percent_of(po.subtotal, po.down_payment_percent)
    if subtotal <= 0:
        return None
    return _issue(session, po, KIND_DOWN_PAYMENT, subtotal)


def accepted_value(session: Session, delivery_id: int) -> int:
    """Accepted quantities × unit prices of one delivery (Rupiah, before PPN)."""
    stmt = (
        select(func.coalesce(func.sum(DeliveryLine.qty_accepted * PoLine.unit_price), 0))
        .join(PoLine, PoLine.id == DeliveryLine.po_line_id)
        .where(DeliveryLine.delivery_id == delivery_id)
    )
    return int(session.scalar(stmt) or 0)


def _invoiced_deliveries_value(session: Session, po: PurchaseOrder) -> tuple[int, int]:
    """(accepted value, subtotal) over the PO's delivery invoices issued so far."""
    ids = list(
        session.scalars(
            select(Invoice.delivery_id).where(
                Invoice.po_id == po.id,
                Invoice.kind == KIND_DELIVERY,
                Invoice.status != states.INVOICE_CANCELLED,
                Invoice.delivery_id.is_not(None),
            )
        )
    )
    value = sum(accepted_value(session, i) for i in ids)
    billed = session.scalar(
        select(func.coalesce(func.sum(Invoice.subtotal), 0)).where(
            Invoice.po_id == po.id,
            Invoice.kind == KIND_DELIVERY,
            Invoice.status != states.INVOICE_CANCELLED,
        )
    )
    return value, int(billed or 0)


def delivery_invoice(session: Session, delivery_id: int) -> Invoice | None:
    return session.scalars(select(Invoice).where(Invoice.delivery_id == delivery_id)).first()


def issue_for_delivery(session: Session, delivery: Delivery) -> Invoice | None:
    """Invoice a received delivery's accepted goods once, minus the down payment's share.

    None when nothing is left to bill (everything rejected, or a 100 % down payment).
    """
    po = delivery.po
    _lock_po(session, po)
    existing = delivery_invoice(session, delivery.id)
    if existing is not None:
        return existing
    value = accepted_value(session, delivery.id)
    if value <= 0:
        return None
    dp = down_payment_invoice(session, po)
    dp_subtotal = dp.subtotal if dp is not None else 0
    before, _billed = _invoiced_deliveries_value(session, po)
    after = before + value
    # What all deliveries so far should have deducted, minus what earlier ones did.
    deducted = min(dp_subtotal, share_of(dp_subtotal, after, po.subtotal)) - min(
        dp_subtotal, share_of(dp_subtotal, before, po.subtotal)
    )
    subtotal = value - deducted
    if subtotal <= 0:
        return None
    return _issue(session, po, KIND_DELIVERY, subtotal, delivery_id=delivery.id)


def cancel_open_invoices(session: Session, po: PurchaseOrder, reason: str) -> int:
    """Cancel the PO's unpaid invoices (its receivables void); returns how many."""
    count = 0
    stmt = select(Invoice).where(
        Invoice.po_id == po.id, Invoice.status.in_((states.INVOICE_ISSUED, states.INVOICE_OVERDUE))
    )
    for invoice in session.scalars(stmt.with_for_update()):
        states.check_transition(
            "invoice", invoice.status, states.INVOICE_CANCELLED, states.SYSTEM, reason
        )
        invoice.status = states.INVOICE_CANCELLED
        invoice.status_reason = reason
        receivables.void_receivable(session, po.group_id, invoice.total, invoice.number)
        count += 1
    session.flush()
    return count


# --- listeners (registered when the factory imports this module) -----------------------------


@hooks.on("po_accepted")
def on_po_accepted(session: Session, po: PurchaseOrder) -> None:
    issue_down_payment(session, po)


@hooks.on("bast_signed")
def on_bast_signed(session: Session, bast: Bast) -> None:
    issue_for_delivery(session, bast.delivery)


@hooks.on("po_cancelled")
def on_po_cancelled(session: Session, po: PurchaseOrder) -> None:
    cancel_open_invoices(session, po, po.status_reason or "PO dibatalkan")
