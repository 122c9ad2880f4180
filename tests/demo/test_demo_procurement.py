"""`flask demo load` adds the procurement demo: two companies, an open request with three
quotes, a split PO, an overdue invoice and a running catering contract; loading again adds
nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.orders.logistics import now_wib
from marketplace.procurement import states
from marketplace.procurement.billing_models import Invoice
from marketplace.procurement.contract_models import CateringContract, CateringDay
from marketplace.procurement.models import Company
from marketplace.procurement.po_models import Bast, DeliveryLine, PurchaseOrder
from marketplace.procurement.rfq_models import Quote, Rfq
from tests.conftest import login


def _count(db_session, model, *where) -> int:
    return db_session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_load_adds_procurement_once(runner, db_session, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert _count(db_session, Company) == 2
    open_rfq = db_session.scalars(select(Rfq).where(Rfq.status == states.RFQ_SENT)).one()
    assert _count(db_session, Quote, Quote.rfq_id == open_rfq.id) == 3
    split = db_session.scalars(select(Rfq).where(Rfq.status == states.RFQ_AWARDED)).one()
    pos = db_session.scalars(select(PurchaseOrder).where(PurchaseOrder.rfq_id == split.id)).all()
    assert len({po.group_id for po in pos}) == 2
    assert {po.status for po in pos} == {states.PO_IN_DELIVERY, states.PO_AWAITING_APPROVAL}
    assert _count(db_session, Bast) == 1
    assert _count(db_session, DeliveryLine, DeliveryLine.qty_rejected > 0) == 1
    overdue = db_session.scalars(
        select(Invoice).where(Invoice.status == states.INVOICE_OVERDUE)
    ).one()
    assert overdue.due_date < now_wib().date()
    contract = db_session.scalars(select(CateringContract)).one()
    assert contract.status == states.CONTRACT_ACTIVE and contract.count_per_day == 250
    days = _count(db_session, CateringDay, CateringDay.contract_id == contract.id)
    assert days >= 4
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert _count(db_session, Company) == 2 and _count(db_session, Rfq) == 2
    assert _count(db_session, CateringDay, CateringDay.contract_id == contract.id) == days
    # Pak Yusuf logs in with the demo password and sees his contract.
    assert login(client, "yusuf@demo.pasartkm.id", "demo12345").status_code == 302
    page = client.get("/pengadaan/katering").get_data(as_text=True)
    assert "Nasi kotak ayam bakar" in page
