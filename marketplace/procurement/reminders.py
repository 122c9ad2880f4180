"""Invoice reminders and overdue flags, run daily by `flask pengadaan tagihan`.

- `REMIND_DAYS_BEFORE` days before its due date, an unpaid invoice reminds the company's
  finance staff once (`reminded_before_at`).
- After its due date, an unpaid invoice becomes overdue (state move by the system), reminds
  finance once (`reminded_after_at`) and is flagged once to the group and the officers
  (`overdue_flagged_at`).
An invoice whose transfer was reported waits for the group's confirmation and is left alone.

Idempotent and safe beside a second run: each mark is set by a conditional
`UPDATE … SET x_at = now WHERE id = :id AND x_at IS NULL`, and only the run whose update
changed the row sends the notices. Each invoice is committed on its own by the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_OFFICER, User
from marketplace.core.timeutil import utcnow
from marketplace.orders import notification_b2b as messages
from marketplace.orders import notify
from marketplace.procurement import states
from marketplace.procurement.billing_models import Invoice
from marketplace.procurement.invoicing import finance_staff, invoice_link, today_wib

REMIND_DAYS_BEFORE = 3


def _mark_once(session: Session, invoice: Invoice, column: str) -> bool:
    """Set `column` (a *_at timestamp) if still empty; True when this call set it."""
    col = getattr(Invoice, column)
    result = session.execute(
        update(Invoice)
        .where(Invoice.id == invoice.id, col.is_(None))
        .values({column: utcnow()})
        .execution_options(synchronize_session=False)
    )
    session.expire(invoice, [column])
    return result.rowcount == 1


def _params(invoice: Invoice) -> dict:
    return {
        "number": invoice.number,
        "amount": invoice.total,
        "due": invoice.due_date.isoformat(),
    }


def due_soon(session: Session, today: date) -> list[int]:
    """Unpaid invoices due within REMIND_DAYS_BEFORE days, not reminded yet."""
    stmt = select(Invoice.id).where(
        Invoice.status == states.INVOICE_ISSUED,
        Invoice.reminded_before_at.is_(None),
        Invoice.due_date >= today,
        Invoice.due_date <= today + timedelta(days=REMIND_DAYS_BEFORE),
    )
    return list(session.scalars(stmt.order_by(Invoice.id)))


def past_due(session: Session, today: date) -> list[int]:
    """Invoices past their due date that still need the move, the reminder or the flag."""
    stmt = select(Invoice.id).where(
        Invoice.due_date < today,
        (Invoice.status == states.INVOICE_ISSUED)
        | (
            (Invoice.status == states.INVOICE_OVERDUE)
            & (Invoice.reminded_after_at.is_(None) | Invoice.overdue_flagged_at.is_(None))
        ),
    )
    return list(session.scalars(stmt.order_by(Invoice.id)))


def remind_before(session: Session, invoice: Invoice) -> bool:
    if invoice.status != states.INVOICE_ISSUED or not _mark_once(
        session, invoice, "reminded_before_at"
    ):
        return False
    notify.notify(
        session,
        finance_staff(session, invoice.po.company_id),
        "invoice",
        messages.INVOICE_DUE_SOON,
        _params(invoice),
        invoice_link(invoice),
    )
    return True


def handle_overdue(session: Session, invoice: Invoice, today: date) -> bool:
    """Move an unpaid invoice past its due date to overdue, remind and flag it (each once)."""
    if invoice.due_date >= today:
        return False
    acted = False
    if invoice.status == states.INVOICE_ISSUED:
        states.check_transition("invoice", invoice.status, states.INVOICE_OVERDUE, states.SYSTEM)
        invoice.status = states.INVOICE_OVERDUE
        session.flush()
        acted = True
    if invoice.status != states.INVOICE_OVERDUE:
        return acted
    po = invoice.po
    if _mark_once(session, invoice, "reminded_after_at"):
        notify.notify(
            session,
            finance_staff(session, po.company_id),
            "invoice",
            messages.INVOICE_OVERDUE,
            _params(invoice),
            invoice_link(invoice),
        )
        acted = True
    if _mark_once(session, invoice, "overdue_flagged_at"):
        params = _params(invoice) | {"company": invoice.buyer_name}
        notify.notify_group(
            session,
            po.group_id,
            "invoice",
            messages.INVOICE_OVERDUE_FLAG,
            params,
            ("procurement.group_invoices", {}),
        )
        officers = session.scalars(select(User.id).where(User.role == ROLE_OFFICER))
        notify.notify(
            session,
            officers,
            "invoice",
            messages.INVOICE_OVERDUE_FLAG,
            params,
            ("procurement.officer_invoices", {}),
        )
        acted = True
    return acted


def _lock(session: Session, invoice_id: int) -> Invoice | None:
    return session.scalars(
        select(Invoice).where(Invoice.id == invoice_id).with_for_update()
    ).first()


def run(
    session: Session,
    today: date | None = None,
    *,
    commit: bool = False,
    progress: Callable[[list[int], str], Iterable[int]] | None = None,
) -> dict[str, int]:
    """Remind before the due date, then handle invoices past it; returns counts.

    `progress(ids, label)` may wrap each list (the CLI shows a progress bar); with `commit`
    each invoice is committed on its own.
    """
    today = today or today_wib()
    wrap = progress or (lambda ids, _label: ids)
    counts = {"reminded_before": 0, "overdue": 0}
    for invoice_id in wrap(due_soon(session, today), "before"):
        invoice = _lock(session, invoice_id)
        if invoice is not None and remind_before(session, invoice):
            counts["reminded_before"] += 1
        if commit:
            session.commit()
    for invoice_id in wrap(past_due(session, today), "after"):
        invoice = _lock(session, invoice_id)
        if invoice is not None and handle_overdue(session, invoice, today):
            counts["overdue"] += 1
        if commit:
            session.commit()
    session.flush()
    return counts
