"""Deliveries of a purchase order: who may see one, the group dispatching it, what is still
outstanding, and the group's work-page panel (replacing rejected goods: `replacements`).

A delivery is planned with the PO (po helper); the group records what it sends and marks it
dispatched; the company's staff receive it with a BAST (`procurement.bast`). Every status move
is a conditional UPDATE on the current status, so a double submission moves nothing twice.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.models import User
from marketplace.core.timeutil import utcnow
from marketplace.orders.logistics import now_wib
from marketplace.procurement import states
from marketplace.procurement.companies import require_member, roles_of
from marketplace.procurement.po_models import Delivery, DeliveryLine, PurchaseOrder

# A group sees a PO's deliveries once the PO was sent to it.
GROUP_VISIBLE = frozenset(
    {
        states.PO_ISSUED,
        states.PO_ACCEPTED,
        states.PO_IN_DELIVERY,
        states.PO_DELIVERED,
        states.PO_COMPLETED,
        states.PO_CANCELLED,
    }
)
# The group may dispatch goods of a PO in these statuses.
PO_DISPATCHABLE = frozenset({states.PO_ACCEPTED, states.PO_IN_DELIVERY})


class DeliveryError(ValueError):
    """Quantities the user can fix; the message is for them (HTTP 422)."""


# --- who may see a delivery -------------------------------------------------------------------


def _load(session: Session, delivery_id: int) -> Delivery | None:
    stmt = (
        select(Delivery)
        .where(Delivery.id == delivery_id)
        .options(selectinload(Delivery.lines).selectinload(DeliveryLine.po_line))
    )
    return session.scalars(stmt).first()


def group_delivery(session: Session, group_id: int, delivery_id: int) -> Delivery | None:
    """The delivery when it belongs to a PO of `group_id` already sent to the group, else None."""
    delivery = _load(session, delivery_id)
    if delivery is None or delivery.po.group_id != group_id:
        return None
    return delivery if delivery.po.status in GROUP_VISIBLE else None


def company_delivery(session: Session, user: User, delivery_id: int) -> Delivery:
    """The delivery when `user` is staff of the PO's company; NotFound (404) otherwise."""
    delivery = _load(session, delivery_id)
    company_id = delivery.po.company_id if delivery is not None else 0
    require_member(session, user, company_id)  # 404 for anyone else, and for no delivery
    assert delivery is not None
    return delivery


def staff_actor(session: Session, user: User, company_id: int) -> str:
    """The states-table actor a company's staff member signs as (any role may receive)."""
    held = roles_of(session, user.id, company_id)
    for role in (states.REQUESTER, states.APPROVER, states.FINANCE):
        if role in held:
            return role
    return states.SYSTEM  # never: require_member ran first; SYSTEM may not receive


# --- quantities -----------------------------------------------------------------------------


def _sum_where(status: str, column) -> object:
    return func.coalesce(func.sum(case((Delivery.status == status, column), else_=0)), 0)


def line_totals(
    session: Session, po: PurchaseOrder, exclude_id: int | None = None
) -> dict[int, tuple[int, int, int]]:
    """Per PO line: (accepted at signed BASTs, on the road, still planned), one statement.

    "On the road" is what dispatched deliveries carry; "planned" what scheduled ones plan.
    `exclude_id` leaves one delivery out (the one being dispatched).
    """
    stmt = (
        select(
            DeliveryLine.po_line_id,
            _sum_where(states.DELIVERY_RECEIVED, DeliveryLine.qty_accepted),
            _sum_where(states.DELIVERY_DISPATCHED, DeliveryLine.qty_delivered),
            _sum_where(states.DELIVERY_SCHEDULED, DeliveryLine.qty_planned),
        )
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Delivery.po_id == po.id)
        .group_by(DeliveryLine.po_line_id)
    )
    if exclude_id is not None:
        stmt = stmt.where(Delivery.id != exclude_id)
    return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in session.execute(stmt)}


def outstanding(session: Session, po: PurchaseOrder, exclude_id: int | None = None) -> dict:
    """Per PO line id: what the group may still send (ordered − accepted − on the road)."""
    totals = line_totals(session, po, exclude_id)
    return {
        line.id: max(0, line.quantity - sum(totals.get(line.id, (0, 0, 0))[:2]))
        for line in po.lines
    }


def check_dispatchable(delivery: Delivery) -> None:
    """IllegalTransition (409) unless the group may dispatch this delivery now."""
    if delivery.status != states.DELIVERY_SCHEDULED:
        raise states.IllegalTransition(
            _(
                "Pengiriman ini sudah berstatus %(status)s.",
                status=states.label("delivery", delivery.status),
            )
        )
    states.check_transition("delivery", delivery.status, states.DELIVERY_DISPATCHED, states.GROUP)
    if delivery.po.status not in PO_DISPATCHABLE:
        raise states.IllegalTransition(
            _("PO %(po)s belum dikonfirmasi atau sudah ditutup.", po=delivery.po.number)
        )


def dispatch(session: Session, delivery: Delivery, quantities: dict[int, int]) -> None:
    """The group sends `quantities` {delivery line id: qty} and marks the delivery dispatched.

    Each quantity is at most what is still outstanding on its PO line; at least one is above
    zero. The first dispatch of a PO moves it to in_delivery. Raises DeliveryError (422) for
    quantities, IllegalTransition (409) for a delivery not scheduled or a PO not accepted.
    Locking rule: conditional UPDATEs on the delivery's and the PO's current status.
    """
    po = delivery.po
    states.check_transition("delivery", delivery.status, states.DELIVERY_DISPATCHED, states.GROUP)
    if po.status not in PO_DISPATCHABLE:
        raise states.IllegalTransition(
            _("PO %(po)s belum dikonfirmasi atau sudah ditutup.", po=po.number)
        )
    room = outstanding(session, po, exclude_id=delivery.id)
    sent = {}
    for line in delivery.lines:
        qty = quantities.get(line.id, 0)
        if qty < 0 or qty > room.get(line.po_line_id, 0):
            raise DeliveryError(
                _(
                    "%(item)s: paling banyak %(n)s yang belum dikirim.",
                    item=line.po_line.description,
                    n=room.get(line.po_line_id, 0),
                )
            )
        sent[line.id] = qty
    if not any(sent.values()):
        raise DeliveryError(_("Isi jumlah barang yang dikirim."))
    moved = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status == states.DELIVERY_SCHEDULED)
        .values(status=states.DELIVERY_DISPATCHED, dispatched_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # a concurrent submission got there first
        raise states.IllegalTransition(_("Pengiriman ini sudah ditandai dikirim."))
    for line in delivery.lines:
        line.qty_delivered = sent[line.id]
    start_delivery(session, po, states.GROUP)
    session.flush()
    session.refresh(delivery)


def start_delivery(session: Session, po: PurchaseOrder, actor: str) -> None:
    """accepted → in_delivery, once (conditional UPDATE); other statuses are left alone."""
    if po.status != states.PO_ACCEPTED:
        return
    states.check_transition("po", po.status, states.PO_IN_DELIVERY, actor)
    session.execute(
        update(PurchaseOrder)
        .where(PurchaseOrder.id == po.id, PurchaseOrder.status == states.PO_ACCEPTED)
        .values(status=states.PO_IN_DELIVERY)
        .execution_options(synchronize_session=False)
    )
    session.refresh(po, ["status"])


def finish_if_all_accepted(session: Session, po: PurchaseOrder) -> bool:
    """in_delivery → delivered once every PO line's quantity was accepted at BASTs."""
    totals = line_totals(session, po)
    if any(totals.get(line.id, (0, 0, 0))[0] < line.quantity for line in po.lines):
        return False
    if po.status != states.PO_IN_DELIVERY:
        return False
    states.check_transition("po", po.status, states.PO_DELIVERED, states.SYSTEM)
    moved = session.execute(
        update(PurchaseOrder)
        .where(PurchaseOrder.id == po.id, PurchaseOrder.status == states.PO_IN_DELIVERY)
        .values(status=states.PO_DELIVERED)
        .execution_options(synchronize_session=False)
    )
    session.refresh(po, ["status"])
    return moved.rowcount == 1


# --- the group's morning view -----------------------------------------------------------------


def upcoming(session: Session, group_id: int, days: list[date]) -> list[Delivery]:
    """The group's deliveries still to send on `days` (accepted POs), by day and window."""
    stmt = (
        select(Delivery)
        .join(PurchaseOrder, PurchaseOrder.id == Delivery.po_id)
        .where(
            PurchaseOrder.group_id == group_id,
            PurchaseOrder.status.in_(PO_DISPATCHABLE),
            Delivery.status == states.DELIVERY_SCHEDULED,
            Delivery.day.in_(days),
        )
        .order_by(Delivery.day, Delivery.window_id, Delivery.id)
        .options(
            selectinload(Delivery.lines).selectinload(DeliveryLine.po_line),
            selectinload(Delivery.window),
            selectinload(Delivery.point),
            selectinload(Delivery.po),
        )
    )
    return list(session.scalars(stmt))


def work_panels(session: Session, group) -> list[dict]:
    """The work page's panel of today's and tomorrow's company deliveries (catalog hook);
    shown only when there is one, a fixed number of queries."""
    today = now_wib().date()
    days = [today, today + timedelta(days=1)]
    rows = upcoming(session, group.id, days)
    if not rows:
        return []
    return [
        {
            "template": "procurement/_work_deliveries.html",
            "rank": 25,
            "days": [(day, [d for d in rows if d.day == day]) for day in days],
            "today": today,
        }
    ]
