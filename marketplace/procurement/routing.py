"""Which groups a request for quotation goes to, and sending it to them.

A group receives a request when all three hold:
- it is verified (`ProducerGroup.status == verified`; suspended or unverified groups never);
- it sells in the request's category: the category is one of its business sectors, or it has
  an active product in that category;
- it has the capacity: when it declared a daily unit capacity for the category (or for one of
  its products in the category), some day between today and the needed-by date still has free
  units (`orders.capacity.free_units_by_day`, which applies the lead time). A group that
  declared no capacity is eligible too; its capacity is unknown and the pages say so.

Recurring requests (catering) without a needed-by date look `HORIZON_DAYS` ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import GroupSector, ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.orders import capacity, notify
from marketplace.orders import notification_b2b as messages
from marketplace.orders.capacity_models import GroupCapacity
from marketplace.orders.logistics import now_wib
from marketplace.procurement.rfq_models import Rfq, RfqRecipient

HORIZON_DAYS = 30
NOTIFY_KIND = "rfq"


@dataclass(frozen=True)
class Candidate:
    """A group that may receive the request; `free_units` is None when capacity is unknown."""

    group: ProducerGroup
    free_units: int | None

    @property
    def capacity_known(self) -> bool:
        return self.free_units is not None


def _window(rfq: Rfq, today: date) -> tuple[date, date]:
    end = rfq.needed_by if rfq.needed_by and not rfq.recurring else None
    return today, end or today + timedelta(days=HORIZON_DAYS)


def selling_groups(session: Session, category: str) -> list[ProducerGroup]:
    """Verified groups that sell in `category` (sector or active product), by name."""
    by_sector = select(GroupSector.group_id).where(GroupSector.sector == category)
    by_product = select(Product.group_id).where(
        Product.category == category, Product.is_active.is_(True)
    )
    stmt = (
        select(ProducerGroup)
        .where(
            ProducerGroup.status == STATUS_VERIFIED,
            or_(ProducerGroup.id.in_(by_sector), ProducerGroup.id.in_(by_product)),
        )
        .order_by(ProducerGroup.name, ProducerGroup.id)
    )
    return list(session.scalars(stmt))


def _declared(session: Session, group_ids: list[int], category: str) -> dict[int, list]:
    """group id -> its capacities that limit `category` (category row, or product rows of
    products in the category); one statement."""
    if not group_ids:
        return {}
    in_category = select(Product.id).where(Product.category == category)
    rows = session.scalars(
        select(GroupCapacity).where(
            GroupCapacity.group_id.in_(group_ids),
            or_(GroupCapacity.category == category, GroupCapacity.product_id.in_(in_category)),
        )
    )
    found: dict[int, list] = {}
    for cap in rows:
        found.setdefault(cap.group_id, []).append(cap)
    return found


def free_units(
    session: Session, group_id: int, caps: list, category: str, start: date, end: date
) -> int:
    """Free units from start to end over the group's capacities for the category."""
    total = 0
    for cap in caps:
        kwargs = (
            {"category": category} if cap.product_id is None else {"product_id": cap.product_id}
        )
        free = capacity.free_units_by_day(session, group_id, start, end, today=start, **kwargs)
        total += sum(free.values())
    return total


def candidates(session: Session, rfq: Rfq, today: date | None = None) -> list[Candidate]:
    """The groups this request may go to, each with its free units (None: unknown)."""
    start, end = _window(rfq, today or now_wib().date())
    groups = selling_groups(session, rfq.category)
    declared = _declared(session, [g.id for g in groups], rfq.category)
    found = []
    for group in groups:
        caps = declared.get(group.id)
        if not caps:
            found.append(Candidate(group, None))
            continue
        units = free_units(session, group.id, caps, rfq.category, start, end)
        if units > 0:
            found.append(Candidate(group, units))
    return found


def route(session: Session, rfq: Rfq, today: date | None = None) -> list[RfqRecipient]:
    """Write a recipient row per eligible group and notify its members (flush, no commit).

    Returns the new recipients (empty when no group is eligible: the caller refuses to send).
    Groups that already received the request are not sent it twice.
    """
    already = {r.group_id for r in rfq.recipients}
    chosen = [c for c in candidates(session, rfq, today) if c.group.id not in already]
    recipients = [RfqRecipient(group_id=c.group.id) for c in chosen]
    rfq.recipients.extend(recipients)
    session.flush()
    params = {"number": rfq.number, "company": rfq.company.name, "title": rfq.title}
    link = ("procurement.group_rfq", {"rfq_id": rfq.id})
    for c in chosen:
        notify.notify_group(session, c.group.id, NOTIFY_KIND, messages.RFQ_NEW, params, link)
    return recipients
