"""Replacing rejected goods: after a BAST with rejects, a new delivery of the rejected
quantities the next possible day in the same window at the same gate, reserving the group's
declared daily capacity, and a notice to the group."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.orders import capacity, notify
from marketplace.orders import notification_b2b as messages
from marketplace.orders.logistics import now_wib
from marketplace.procurement import states
from marketplace.procurement.deliveries import line_totals
from marketplace.procurement.po_models import Delivery, DeliveryLine, PurchaseOrder

log = logging.getLogger(__name__)

REPLACEMENT_HORIZON_DAYS = 60  # how far ahead a replacement looks for a day with room
NOTIFICATION_KIND = "procurement_delivery"


def po_category(po: PurchaseOrder) -> str | None:
    """The category whose declared capacity a PO's goods draw on (the request's category)."""
    if po.rfq is not None:
        return po.rfq.category
    sectors = po.group.sectors
    return sectors[0] if sectors else None


def _replacement_day(session: Session, po: PurchaseOrder, after: date, units: int) -> date:
    """The first day after `after` with room for `units` (reserved now), or the next day
    when the group declared no capacity. Locking rule: capacity.reserve_on's conditional
    UPDATE per tried day; a day taken meanwhile is skipped."""
    start = max(after, now_wib().date()) + timedelta(days=1)
    category = po_category(po)
    cap = capacity.capacity_for(session, po.group_id, None, category)
    if cap is None:
        return start
    end = start + timedelta(days=REPLACEMENT_HORIZON_DAYS)
    free = capacity.free_units_by_day(session, po.group_id, start, end, category=category)
    for day, left in sorted(free.items()):
        if left < units:
            continue
        try:
            capacity.reserve_on(session, cap, day, units)
        except capacity.CapacityFull:
            continue
        return day
    log.warning("PO %s: no day with room for %s units until %s", po.number, units, end)
    return end + timedelta(days=1)


def plan_replacement(session: Session, delivery: Delivery, bast_number: str) -> Delivery | None:
    """After a BAST with rejects: a new delivery bringing the rejected quantities again, the
    next possible day in the same window at the same gate (capacity reserved when the group
    declared one), and a notice to the group. None when nothing was rejected or the rejected
    goods are already covered by deliveries still planned or on the road."""
    po = delivery.po
    totals = line_totals(session, po)
    quantities = {}
    for line in delivery.lines:
        if line.qty_rejected <= 0:
            continue
        accepted, on_road, planned = totals.get(line.po_line_id, (0, 0, 0))
        uncovered = line.po_line.quantity - accepted - on_road - planned
        if uncovered > 0:
            quantities[line.po_line_id] = min(line.qty_rejected, uncovered)
    if not quantities:
        return None
    units = sum(quantities.values())
    day = _replacement_day(session, po, delivery.day, units)
    seq = session.scalar(select(func.max(Delivery.seq)).where(Delivery.po_id == po.id)) or 0
    replacement = Delivery(
        po_id=po.id,
        seq=seq + 1,
        day=day,
        window_id=delivery.window_id,
        point_id=delivery.point_id,
        status=states.DELIVERY_SCHEDULED,
        replaces_id=delivery.id,
    )
    replacement.lines = [
        DeliveryLine(po_line_id=line_id, qty_planned=qty) for line_id, qty in quantities.items()
    ]
    session.add(replacement)
    session.flush()
    notify.notify_group(
        session,
        po.group_id,
        NOTIFICATION_KIND,
        messages.DELIVERY_REPLACEMENT,
        {
            "n": units,
            "bast": bast_number,
            "po": po.number,
            "day": day.isoformat(),
            "window": delivery.window.code,
            "place": delivery.point.name,
        },
        ("procurement.group_delivery", {"delivery_id": replacement.id}),
    )
    session.expire(po, ["deliveries"])
    return replacement
