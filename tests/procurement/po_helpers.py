"""Builders for award and PO tests: a sent request with quotes from groups with capacity."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from marketplace.orders.logistics import now_wib
from tests.factories import make_capacity, make_group, make_logistics
from tests.procurement.factories import make_company, make_quote, make_rfq, make_tax_profile


def today() -> date:
    return now_wib().date()


def award_setup(
    session: Session,
    offers: tuple[tuple[int, int, int | None], ...],
    *,
    need: int = 600,
    days: int = 10,
    company=None,
    pkp: tuple[bool, ...] = (),
    approval_threshold: int | None = None,
    lead_time_days: int = 0,
    logistics: dict | None = None,
) -> dict:
    """A sent request for `need` wearpacks due in `days` days (days 0..days-1 usable), and a
    quote per (unit price, quantity offered, units per day or None) from a new group."""
    logistics = logistics or make_logistics(session)
    company = company or make_company(session, approval_threshold=approval_threshold)
    rfq = make_rfq(
        session,
        company,
        items=(("Wearpack navy bordir logo", need, {"sizes": {"M": need}}),),
        needed_by=today() + timedelta(days=days - 1),
        logistics=logistics,
    )
    groups, quotes = [], []
    for i, (price, qty, per_day) in enumerate(offers):
        group = make_group(session, sectors=("konveksi",))
        if per_day is not None:
            make_capacity(session, group, category="konveksi", units_per_day=per_day)
        if i < len(pkp) and pkp[i]:
            make_tax_profile(session, group, is_pkp=True)
        quotes.append(
            make_quote(
                session, rfq, group, unit_price=price, quantity=qty, lead_time_days=lead_time_days
            )
        )
        groups.append(group)
    return {
        "company": company,
        "staff": company.members[0].user,
        "rfq": rfq,
        "item": rfq.items[0],
        "groups": groups,
        "quotes": quotes,
        "logistics": logistics,
    }


def form_for(setup: dict, quantities: dict, **extra) -> dict:
    """The award form: quantities {group index: units} of the request's one item."""
    data = {"terms": "net30", "down_payment_percent": "30"}
    for group in setup["groups"]:
        data[f"q-{group.id}-{setup['item'].id}"] = "0"
    for index, qty in quantities.items():
        data[f"q-{setup['groups'][index].id}-{setup['item'].id}"] = str(qty)
    data.update({k: str(v) for k, v in extra.items()})
    return data
