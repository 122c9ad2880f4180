"""Purchase orders after the award: approval, the group's answer, cancellation, capacity.

Every status move goes through `_move`: the states table first (IllegalTransition, 409), then
a conditional `UPDATE purchase_orders SET status = :to WHERE id = :id AND status = :from`.
Locking rule: that UPDATE locks the PO's row until commit; a concurrent second move of the same
PO finds the status changed and is refused (409). Capacity is given back only by the move that
took the PO out of the statuses holding capacity (`states.PO_HOLDS_CAPACITY`), so exactly once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.models import User
from marketplace.core.timeutil import utcnow
from marketplace.orders import capacity, notify
from marketplace.orders import notification_b2b as messages
from marketplace.procurement import hooks, states
from marketplace.procurement.billing_models import GroupTaxProfile
from marketplace.procurement.models import ROLE_APPROVER, CompanyMember
from marketplace.procurement.po_models import Delivery, PurchaseOrder

PPN_PERCENT = 11  # PPN (VAT) a PKP group charges, in percent: the one place it is written
NOTIFY_KIND = "procurement"


def ppn_for(subtotal: int, is_pkp: bool) -> int:
    """PPN on `subtotal` Rupiah (rounded down to the Rupiah), 0 when the seller is not PKP."""
    return subtotal * PPN_PERCENT // 100 if is_pkp else 0


def group_is_pkp(session: Session, group_id: int) -> bool:
    profile = session.get(GroupTaxProfile, group_id)
    return bool(profile and profile.is_pkp)


def group_po_link(po_id: int) -> notify.Link:
    return ("procurement.group_po", {"po_id": po_id})


def company_po_link(po_id: int) -> notify.Link:
    return ("procurement.po_detail", {"po_id": po_id})


def _move(session: Session, po: PurchaseOrder, to: str, actor: str, reason: str = "") -> str:
    """Move `po` to `to` as `actor`, or raise IllegalTransition; returns the old status."""
    reason = (reason or "").strip()
    before = po.status
    states.check_transition("po", before, to, actor, reason)
    result = session.execute(
        update(PurchaseOrder)
        .where(PurchaseOrder.id == po.id, PurchaseOrder.status == before)
        .values(status=to, status_reason=reason or PurchaseOrder.status_reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # someone moved it since we read it
        session.expire(po)
        raise states.IllegalTransition(_("PO ini baru saja diubah orang lain. Muat ulang halaman."))
    session.expire(po, ["status", "status_reason"])
    return before


# --- issuing and approval ------------------------------------------------------------------


def issue(session: Session, po: PurchaseOrder, actor: str, approver: User | None = None) -> None:
    """Send the PO to its group: status issued, `po_issued` fired, the group notified."""
    _move(session, po, states.PO_ISSUED, actor)
    now = utcnow()
    po.issued_at = now
    if approver is not None:
        po.approved_by_id = approver.id
        po.approved_at = now
    session.flush()
    hooks.fire(session, "po_issued", po)
    notify.notify_group(
        session,
        po.group_id,
        NOTIFY_KIND,
        messages.PO_ISSUED,
        {"number": po.number, "company": po.company.name},
        group_po_link(po.id),
    )


def ask_approval(session: Session, po: PurchaseOrder) -> None:
    """Park a PO above the company's threshold until an approver signs it off."""
    _move(session, po, states.PO_AWAITING_APPROVAL, states.REQUESTER)
    approvers = session.scalars(
        select(CompanyMember.user_id).where(
            CompanyMember.company_id == po.company_id, CompanyMember.role == ROLE_APPROVER
        )
    ).all()
    notify.notify(
        session,
        approvers,
        NOTIFY_KIND,
        messages.PO_APPROVAL_NEEDED,
        {"number": po.number, "total": po.total},
        company_po_link(po.id),
    )


def approve(session: Session, po: PurchaseOrder, approver: User) -> None:
    """An approver signs the PO off in the app; it is issued to the group.

    The view checks the approver role (`companies.require_member`); a requester who is not
    an approver cannot approve their own PO.
    """
    issue(session, po, states.APPROVER, approver)


# --- the group's answer and cancellation -----------------------------------------------------


def accept(session: Session, po: PurchaseOrder) -> None:
    """The group confirms the PO: `po_accepted` (down-payment invoice, capacity stays held)."""
    _move(session, po, states.PO_ACCEPTED, states.GROUP)
    po.accepted_at = utcnow()
    session.flush()
    hooks.fire(session, "po_accepted", po)
    notify.notify(
        session,
        [po.requested_by_id],
        NOTIFY_KIND,
        messages.PO_ACCEPTED,
        {"number": po.number, "group": po.group.name},
        company_po_link(po.id),
    )


def decline(session: Session, po: PurchaseOrder, reason: str) -> None:
    """The group declines the PO (reason required): its capacity is given back once."""
    _move(session, po, states.PO_DECLINED, states.GROUP, reason)
    _wind_down(session, po)
    notify.notify(
        session,
        [po.requested_by_id],
        NOTIFY_KIND,
        messages.PO_DECLINED,
        {"number": po.number, "group": po.group.name, "reason": reason.strip()},
        company_po_link(po.id),
    )


def cancel(session: Session, po: PurchaseOrder, actor: str, reason: str) -> None:
    """Cancel the PO (who may, and whether a reason is needed: the states table)."""
    _move(session, po, states.PO_CANCELLED, actor, reason)
    _wind_down(session, po)
    notify.notify_group(
        session,
        po.group_id,
        NOTIFY_KIND,
        messages.PO_CANCELLED,
        {"number": po.number, "reason": (reason or "").strip()},
        group_po_link(po.id),
    )


def _wind_down(session: Session, po: PurchaseOrder) -> None:
    """After a move out of the capacity-holding statuses: scheduled deliveries cancelled, their
    units given back (only this move's caller gets here, so once), `po_cancelled` fired."""
    release_capacity(session, po)
    session.flush()
    hooks.fire(session, "po_cancelled", po)


def release_capacity(session: Session, po: PurchaseOrder) -> None:
    """Cancel the PO's scheduled deliveries and give their planned units back to the group's
    capacity, in (capacity id, day) order. The caller guarantees once (`_move`)."""
    category = po.rfq.category if po.rfq is not None else None
    cap = capacity.capacity_for(session, po.group_id, None, category) if category else None
    units: dict[date, int] = defaultdict(int)
    for delivery in po.deliveries:
        if delivery.status != states.DELIVERY_SCHEDULED:
            continue
        delivery.status = states.DELIVERY_CANCELLED
        delivery.status_reason = po.status_reason
        units[delivery.day] += sum(line.qty_planned for line in delivery.lines)
    if cap is not None:
        for day in sorted(units):
            capacity.release_on(session, cap.id, day, units[day])


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    kind: str  # "down_payment", "delivery", "balance"
    amount: int
    delivery: Delivery | None = None


def down_payment(po: PurchaseOrder) -> int:
    return po.total * po.down_payment_percent // 100


def milestones(po: PurchaseOrder) -> list[Milestone]:
    """Down payment (if any), each delivery with the value of its goods, then the balance."""
    out = []
    dp = down_payment(po)
    if dp:
        out.append(Milestone("down_payment", dp))
    price = {line.id: line.unit_price for line in po.lines}
    for delivery in po.deliveries:
        value = sum(price[dl.po_line_id] * dl.qty_planned for dl in delivery.lines)
        out.append(Milestone("delivery", value, delivery))
    out.append(Milestone("balance", po.total - dp))
    return out


def load_po(session: Session, po_id: int) -> PurchaseOrder | None:
    """A PO with its lines and deliveries (and their lines), in four statements."""
    return session.scalars(
        select(PurchaseOrder)
        .where(PurchaseOrder.id == po_id)
        .options(
            selectinload(PurchaseOrder.lines),
            selectinload(PurchaseOrder.deliveries).selectinload(Delivery.lines),
        )
    ).first()


def company_pos(session: Session, company_id: int, limit: int = 200) -> list[PurchaseOrder]:
    """The company's POs, newest first, with their group (one statement)."""
    return list(
        session.scalars(
            select(PurchaseOrder)
            .where(PurchaseOrder.company_id == company_id)
            .options(selectinload(PurchaseOrder.group))
            .order_by(PurchaseOrder.created_at.desc(), PurchaseOrder.id.desc())
            .limit(limit)
        )
    )


def group_pos(session: Session, group_id: int, limit: int = 200) -> list[PurchaseOrder]:
    """The group's POs (never drafts or those awaiting the company's approval), newest first."""
    hidden = (states.PO_DRAFT, states.PO_AWAITING_APPROVAL)
    return list(
        session.scalars(
            select(PurchaseOrder)
            .where(PurchaseOrder.group_id == group_id, PurchaseOrder.status.not_in(hidden))
            .options(selectinload(PurchaseOrder.company))
            .order_by(PurchaseOrder.created_at.desc(), PurchaseOrder.id.desc())
            .limit(limit)
        )
    )


def visible_to_group(po: PurchaseOrder) -> bool:
    return po.status not in (states.PO_DRAFT, states.PO_AWAITING_APPROVAL)
