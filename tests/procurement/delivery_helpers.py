"""A company A → group A purchase order with a planned delivery, for the delivery tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.procurement import states
from marketplace.procurement.models import Company
from marketplace.procurement.po_models import Delivery, PurchaseOrder
from tests.factories import make_group, make_logistics, make_user
from tests.procurement.factories import make_company, make_delivery, make_po, make_quote, make_rfq


@dataclass
class Setup:
    company: Company
    staff: User
    group: ProducerGroup
    chair: User
    po: PurchaseOrder
    delivery: Delivery
    logistics: dict


def po_with_delivery(
    session: Session,
    *,
    lines=(("Wearpack navy", 150_000, 100), ("Rompi keselamatan", 20_000, 40)),
    day: date | None = None,
    status: str = states.PO_ACCEPTED,
    via_rfq: bool = False,
) -> Setup:
    """An accepted PO of two lines and one planned delivery bringing all of it."""
    logistics = make_logistics(session)
    staff, chair = make_user(session, name="Wulan Sari"), make_user(session, name="Darto")
    company = make_company(session, staff=staff)
    group = make_group(session, chair=chair, sectors=("konveksi",))
    if via_rfq:
        rfq = make_rfq(
            session,
            company,
            logistics=logistics,
            items=tuple((desc, qty, {}) for desc, _price, qty in lines),
        )
        quote = make_quote(session, rfq, group, unit_price=lines[0][1])
        po = make_po(session, quote=quote, status=status, logistics=logistics)
    else:
        po = make_po(
            session, company=company, group=group, lines=lines, status=status, logistics=logistics
        )
    delivery = make_delivery(session, po, day=day or date.today() + timedelta(days=1))
    session.commit()
    return Setup(company, staff, group, chair, po, delivery, logistics)


def dispatch_data(setup: Setup, quantities: dict[int, int] | None = None) -> dict[str, str]:
    """The group's dispatch form: `quantities` {po_line_id: qty}, everything planned otherwise."""
    data = {}
    for line in setup.delivery.lines:
        qty = (quantities or {}).get(line.po_line_id, line.qty_planned)
        data[f"qty_{line.id}"] = str(qty)
    return data


def receive_data(delivery: Delivery, rejected: dict[int, tuple[int, str]] | None = None) -> dict:
    """The receiving form: all delivered accepted but `rejected` {po_line_id: (n, why)}."""
    data = {"confirm": "y", "notes": ""}
    for line in delivery.lines:
        bad, why = (rejected or {}).get(line.po_line_id, (0, ""))
        data[f"acc_{line.id}"] = str(line.qty_delivered - bad)
        data[f"rej_{line.id}"] = str(bad)
        data[f"reason_{line.id}"] = why
    return data
