"""Payment attempts, received notifications, refunds and each group's ledger."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.orders.order_models import Checkout, Order


class PaymentAttempt(db.Model):
    """One Snap transaction for a checkout; a new attempt (new order_id) each time the buyer
    pays again after a gateway failure, as Midtrans refuses to reuse an order_id."""

    __tablename__ = "payment_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkouts.id"), index=True)
    provider_order_id: Mapped[str] = mapped_column(String(50), unique=True)
    gross_amount: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="none", index=True)
    fraud_status: Mapped[str | None] = mapped_column(String(16))
    snap_token: Mapped[str | None] = mapped_column(String(128))
    redirect_url: Mapped[str | None] = mapped_column(String(500))
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # A settlement that arrived after the orders had expired and released their stock.
    needs_refund: Mapped[bool] = mapped_column(default=False, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    checkout: Mapped[Checkout] = relationship()


class PaymentNotification(db.Model):
    """Every notification received (or status fetched), stored before anything is applied."""

    __tablename__ = "payment_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("payment_attempts.id"), index=True)
    provider_order_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))  # webhook | reconcile | simulator
    transaction_status: Mapped[str] = mapped_column(String(20))
    status_code: Mapped[str] = mapped_column(String(8), default="")
    gross_amount: Mapped[str] = mapped_column(String(32), default="")
    fraud_status: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(32))  # applied | duplicate | ignored | ...
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class Refund(db.Model):
    """A refund of one order's amount through Midtrans; `pending` until Midtrans confirms."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("payment_attempts.id"), index=True)
    amount: Mapped[int] = mapped_column()
    refund_key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column()

    order: Mapped[Order] = relationship()

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


LEDGER_EARNING = "earning"
LEDGER_FEE = "fee"
LEDGER_REFUND = "refund"
LEDGER_PAYOUT = "payout"
# Invoices to companies (procurement): what a company owes the group is a receivable, not
# money the platform holds, so these kinds stay out of the balance (RECEIVABLE_KINDS); only
# an invoice paid through Midtrans (the platform's account) adds held money, LEDGER_INVOICE_EARNING.
LEDGER_RECEIVABLE = "receivable"  # + invoice total, when issued
LEDGER_RECEIVABLE_PAID = "receivable_paid"  # - invoice total, when paid (any way)
LEDGER_RECEIVABLE_VOID = "receivable_void"  # - invoice total, when cancelled
LEDGER_INVOICE_EARNING = "invoice_earning"  # + invoice total, paid through Midtrans
RECEIVABLE_KINDS = frozenset({LEDGER_RECEIVABLE, LEDGER_RECEIVABLE_PAID, LEDGER_RECEIVABLE_VOID})
INVOICE_KINDS = RECEIVABLE_KINDS | {LEDGER_INVOICE_EARNING}
LEDGER_KINDS = {
    LEDGER_EARNING: _l("Pendapatan pesanan"),
    LEDGER_FEE: _l("Biaya platform"),
    LEDGER_REFUND: _l("Pengembalian dana"),
    LEDGER_PAYOUT: _l("Pembayaran ke kelompok"),
    LEDGER_RECEIVABLE: _l("Piutang tagihan"),
    LEDGER_RECEIVABLE_PAID: _l("Tagihan dibayar"),
    LEDGER_RECEIVABLE_VOID: _l("Tagihan dibatalkan"),
    LEDGER_INVOICE_EARNING: _l("Pembayaran tagihan lewat Midtrans"),
}


def ledger_kind_label(kind: str) -> str:
    """A ledger entry's kind as the reader should see it."""
    return str(LEDGER_KINDS.get(kind, kind))


_INVOICE_KINDS_SQL = (
    "kind IN ('receivable', 'receivable_paid', 'receivable_void', 'invoice_earning')"
)


class LedgerEntry(db.Model):
    """Money the platform holds for a group: earnings in, fees, refunds and payouts out."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column()  # signed Rupiah: + in, - out
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    reference: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        # One earning, one fee and one refund per order; a payout reference only once.
        sa.Index(
            "uq_ledger_order_kind",
            "order_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("order_id IS NOT NULL"),
            postgresql_where=sa.text("order_id IS NOT NULL"),
        ),
        sa.Index(
            "uq_ledger_payout_reference",
            "group_id",
            "reference",
            unique=True,
            sqlite_where=sa.text("kind = 'payout'"),
            postgresql_where=sa.text("kind = 'payout'"),
        ),
        # Each invoice (its number is the reference) enters each invoice kind once.
        sa.Index(
            "uq_ledger_invoice_kind",
            "reference",
            "kind",
            unique=True,
            sqlite_where=sa.text(_INVOICE_KINDS_SQL),
            postgresql_where=sa.text(_INVOICE_KINDS_SQL),
        ),
    )

    @property
    def description(self) -> str:
        """What the entry is, in the reader's language, from its kind and order.

        `note` keeps the Indonesian text written when the entry was made (history); only a
        payout's note is shown as is, since it is the officer's own words.
        """
        if self.kind == LEDGER_EARNING and self.order_id:
            return _("Pesanan #%(id)s selesai", id=self.order_id)
        if self.kind == LEDGER_FEE:
            return _("Biaya platform")
        if self.kind == LEDGER_REFUND and self.order_id:
            return _("Pengembalian dana pesanan #%(id)s", id=self.order_id)
        if self.kind in INVOICE_KINDS:  # the invoice number is shown as the reference
            return ledger_kind_label(self.kind)
        return self.note
