"""Lists of deliveries for the two sides: the company's receiving list (what arrived and waits
for a BAST, what is still coming, what was received lately) and the group's (what to send,
what is on the road, what was received). A fixed number of statements per list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.procurement import states
from marketplace.procurement.po_models import Delivery, DeliveryLine, PurchaseOrder

RECENT = 20  # received deliveries shown
OPEN_LIMIT = 200
# Scheduled deliveries count once the PO went to the group and was accepted.
PO_ACTIVE = (states.PO_ACCEPTED, states.PO_IN_DELIVERY)


@dataclass
class DeliveryLists:
    """`arrived`: dispatched, waiting for the BAST; `coming`: scheduled; `received`: lately."""

    arrived: list[Delivery] = field(default_factory=list)
    coming: list[Delivery] = field(default_factory=list)
    received: list[Delivery] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.arrived or self.coming or self.received)


def _base(owner_column, owner_id: int):
    return (
        select(Delivery)
        .join(PurchaseOrder, PurchaseOrder.id == Delivery.po_id)
        .where(owner_column == owner_id)
        .options(
            selectinload(Delivery.lines).selectinload(DeliveryLine.po_line),
            selectinload(Delivery.window),
            selectinload(Delivery.point),
            selectinload(Delivery.po).selectinload(PurchaseOrder.group),
            selectinload(Delivery.po).selectinload(PurchaseOrder.company),
            selectinload(Delivery.bast),
        )
    )


def _lists(session: Session, owner_column, owner_id: int) -> DeliveryLists:
    open_stmt = (
        _base(owner_column, owner_id)
        .where(
            (Delivery.status == states.DELIVERY_DISPATCHED)
            | ((Delivery.status == states.DELIVERY_SCHEDULED) & PurchaseOrder.status.in_(PO_ACTIVE))
        )
        .order_by(Delivery.day, Delivery.window_id, Delivery.id)
        .limit(OPEN_LIMIT)
    )
    received_stmt = (
        _base(owner_column, owner_id)
        .where(Delivery.status == states.DELIVERY_RECEIVED)
        .order_by(Delivery.received_at.desc(), Delivery.id.desc())
        .limit(RECENT)
    )
    result = DeliveryLists(received=list(session.scalars(received_stmt)))
    for delivery in session.scalars(open_stmt):
        target = result.arrived if delivery.status == states.DELIVERY_DISPATCHED else result.coming
        target.append(delivery)
    return result


def company_deliveries(session: Session, company_id: int) -> DeliveryLists:
    """The company's deliveries: arrived (to receive), coming, and the last received."""
    return _lists(session, PurchaseOrder.company_id, company_id)


def group_deliveries(session: Session, group_id: int) -> DeliveryLists:
    """The group's deliveries: on the road (`arrived`), to send (`coming`), last received."""
    return _lists(session, PurchaseOrder.group_id, group_id)
