"""Invoices to companies, their Midtrans payment attempts, and groups' tax identities.

Midtrans payments of invoices have their own table (`invoice_payments`) instead of rows in
`payment_attempts`, whose `checkout_id` is required and whose handling in
`payments.services.handle_notification` assumes a checkout: that path stays as it is, and the
procurement notification handler tells the two apart by the `provider_order_id` prefix (`INV-`).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.procurement import states
from marketplace.procurement.po_models import Delivery, PurchaseOrder

KIND_DOWN_PAYMENT = "down_payment"
KIND_DELIVERY = "delivery"
KIND_FINAL = "final"
INVOICE_KINDS = {
    KIND_DOWN_PAYMENT: _l("Uang muka"),
    KIND_DELIVERY: _l("Tagihan pengiriman"),
    KIND_FINAL: _l("Pelunasan"),
}
PAID_VIA_MIDTRANS = "midtrans"
PAID_VIA_TRANSFER = "transfer"
PAID_VIA = {PAID_VIA_MIDTRANS: _l("Midtrans"), PAID_VIA_TRANSFER: _l("Transfer bank")}


class GroupTaxProfile(db.Model):
    """A group's tax identity for invoices: its NPWP and whether it is PKP (charges PPN)."""

    __tablename__ = "group_tax_profiles"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    npwp: Mapped[str | None] = mapped_column(String(16))
    is_pkp: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group: Mapped[ProducerGroup] = relationship()


class Invoice(db.Model):
    """A group's invoice to a company for a PO: the down payment, a delivery's accepted goods,
    or the balance. Names and NPWPs of both sides are copied when it is issued (history)."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # INV-2026-00001
    po_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("po_deliveries.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    subtotal: Mapped[int] = mapped_column(sa.BigInteger)
    ppn: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    total: Mapped[int] = mapped_column(sa.BigInteger)
    seller_name: Mapped[str] = mapped_column(String(160), default="")
    seller_npwp: Mapped[str | None] = mapped_column(String(16))
    seller_is_pkp: Mapped[bool] = mapped_column(default=False)
    buyer_name: Mapped[str] = mapped_column(String(160), default="")
    buyer_npwp: Mapped[str | None] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_date: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(20), default=states.INVOICE_ISSUED, index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    paid_at: Mapped[datetime | None] = mapped_column()
    paid_via: Mapped[str | None] = mapped_column(String(16))
    payment_ref: Mapped[str] = mapped_column(String(64), default="")
    transfer_reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    transfer_reported_at: Mapped[datetime | None] = mapped_column()
    transfer_paid_on: Mapped[date | None] = mapped_column()  # as the company reports it
    transfer_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    transfer_confirmed_at: Mapped[datetime | None] = mapped_column()
    reminded_before_at: Mapped[datetime | None] = mapped_column()
    reminded_after_at: Mapped[datetime | None] = mapped_column()
    overdue_flagged_at: Mapped[datetime | None] = mapped_column()

    po: Mapped[PurchaseOrder] = relationship()
    delivery: Mapped[Delivery | None] = relationship()
    payments: Mapped[list[InvoicePayment]] = relationship(
        back_populates="invoice", order_by="InvoicePayment.id"
    )

    __table_args__ = (
        CheckConstraint("subtotal >= 0 AND ppn >= 0 AND total = subtotal + ppn", name="sums"),
        CheckConstraint("kind IN ('down_payment', 'delivery', 'final')", name="kind_known"),
        # One down payment and one balance invoice per PO (one per delivery: delivery_id).
        sa.Index(
            "uq_invoices_po_kind_once",
            "po_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("kind IN ('down_payment', 'final') AND status != 'cancelled'"),
            postgresql_where=sa.text("kind IN ('down_payment', 'final') AND status != 'cancelled'"),
        ),
    )


class InvoicePayment(db.Model):
    """One Midtrans Snap transaction for an invoice (like `payments.PaymentAttempt` for a
    checkout); a new attempt, with a new `provider_order_id`, after a failed one."""

    __tablename__ = "invoice_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    provider_order_id: Mapped[str] = mapped_column(String(50), unique=True)  # INV-…-a1
    gross_amount: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(String(20), default="none", index=True)
    fraud_status: Mapped[str | None] = mapped_column(String(16))
    snap_token: Mapped[str | None] = mapped_column(String(128))
    redirect_url: Mapped[str | None] = mapped_column(String(500))
    expires_at: Mapped[datetime] = mapped_column()
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="payments")

    __table_args__ = (CheckConstraint("gross_amount > 0", name="amount_positive"),)
