"""Every procurement factory builds a valid row, and numbers count up per kind and year."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from marketplace.procurement import numbering, states
from marketplace.procurement.contract_models import day_bit
from tests.factories import make_logistics
from tests.procurement import factories as f


def test_a_whole_chain_builds(db_session):
    logistics = make_logistics(db_session)
    company = f.make_company(db_session)
    rfq = f.make_rfq(db_session, company, logistics=logistics)
    f.make_rfq_attachment(db_session, rfq)
    quote = f.make_quote(db_session, rfq)
    po = f.make_po(db_session, quote=quote, logistics=logistics)
    assert po.lines[0].spec == rfq.items[0].spec and po.total == po.subtotal + po.ppn
    delivery = f.make_delivery(db_session, po)
    line = po.lines[0]
    bast = f.make_bast(db_session, delivery, rejected={line.id: (5, "Jahitan lepas")}, photos=1)
    assert delivery.lines[0].qty_accepted == line.quantity - 5
    f.make_tax_profile(db_session, po.group)
    invoice = f.make_invoice(db_session, po, delivery=delivery)
    f.make_invoice_payment(db_session, invoice)
    contract = f.make_contract(db_session, logistics=logistics)
    f.make_catering_day(db_session, contract, contract.starts_on)
    assert rfq.number.startswith("RFQ-") and po.number.startswith("PO-")
    assert bast.number.startswith("BAST-") and invoice.number.startswith("INV-")


def test_one_live_quote_per_group_and_request(db_session):
    rfq = f.make_rfq(db_session)
    quote = f.make_quote(db_session, rfq)
    quote.status = states.QUOTE_WITHDRAWN
    db_session.flush()
    f.make_quote(db_session, rfq, quote.group)  # a new one after withdrawing is fine
    with pytest.raises(IntegrityError), db_session.begin_nested():
        f.make_quote(db_session, rfq, quote.group)


def test_numbers_count_up_per_kind_and_year(db_session):
    first = numbering.next_number(db_session, "PO", 2031)
    second = numbering.next_number(db_session, "PO", 2031)
    assert (first, second) == ("PO-2031-00001", "PO-2031-00002")
    assert numbering.next_number(db_session, "INV", 2031) == "INV-2031-00001"
    assert numbering.next_number(db_session, "PO", 2032) == "PO-2032-00001"


def test_contract_serves_its_weekdays(db_session):
    contract = f.make_contract(db_session, starts_on=date(2026, 12, 7))  # a Monday, 4 weeks
    assert day_bit(date(2026, 12, 7)) == 1
    assert contract.serves_on(date(2026, 12, 11))  # Friday
    assert not contract.serves_on(date(2026, 12, 12))  # Saturday
    assert not contract.serves_on(date(2027, 1, 4))  # after the period
