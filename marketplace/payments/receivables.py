"""Invoices in the group ledger: a receivable when issued, closed when paid or cancelled.

Procurement's invoicing calls these (payments knows nothing about invoices but their number,
kept as the entry's `reference`). Receivable entries stay out of the group's balance (money the
platform holds); an invoice paid through Midtrans adds the money to the balance, since it
reached the platform's account, while one paid by bank transfer went straight to the group.
Each invoice enters each kind once (unique index `uq_ledger_invoice_kind`), so a repeated
event or a double submission records nothing twice.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.payments.models import (
    LEDGER_INVOICE_EARNING,
    LEDGER_RECEIVABLE,
    LEDGER_RECEIVABLE_PAID,
    LEDGER_RECEIVABLE_VOID,
    RECEIVABLE_KINDS,
    LedgerEntry,
)


def _once(session: Session, group_id: int, kind: str, amount: int, reference: str) -> bool:
    """Add the entry unless the invoice already has one of this kind; True when added."""
    exists = session.scalar(
        select(LedgerEntry.id).where(LedgerEntry.reference == reference, LedgerEntry.kind == kind)
    )
    if exists is not None:
        return False
    session.add(LedgerEntry(group_id=group_id, kind=kind, amount=amount, reference=reference))
    session.flush()
    return True


def record_receivable(session: Session, group_id: int, amount: int, reference: str) -> bool:
    """An invoice of `amount` Rupiah, numbered `reference`, was issued by the group."""
    return _once(session, group_id, LEDGER_RECEIVABLE, amount, reference)


def record_invoice_paid(
    session: Session, group_id: int, amount: int, reference: str, *, held: bool
) -> bool:
    """The invoice was paid: its receivable closes; `held` (paid through Midtrans) also puts
    the money in the group's balance, to be paid out like order earnings."""
    added = _once(session, group_id, LEDGER_RECEIVABLE_PAID, -amount, reference)
    if added and held:
        _once(session, group_id, LEDGER_INVOICE_EARNING, amount, reference)
    return added


def void_receivable(session: Session, group_id: int, amount: int, reference: str) -> bool:
    """The invoice was cancelled: nothing is owed any more."""
    return _once(session, group_id, LEDGER_RECEIVABLE_VOID, -amount, reference)


def outstanding(session: Session, group_id: int) -> int:
    """What companies still owe the group on issued invoices, in Rupiah."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.group_id == group_id, LedgerEntry.kind.in_(RECEIVABLE_KINDS)
        )
    )
    return int(total or 0)
