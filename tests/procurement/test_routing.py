"""Routing: a request goes only to verified groups that sell its category and have capacity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.catalog.constants import STATUS_SUSPENDED, STATUS_UNVERIFIED
from marketplace.orders.capacity import reserve_units
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import Notification
from marketplace.procurement import rfq_services, routing, states
from marketplace.procurement.rfq_models import RfqRecipient
from tests.factories import make_capacity, make_group, make_product
from tests.procurement.factories import make_company, make_rfq


def _names(found):
    return {c.group.name for c in found}


@pytest.fixture
def garment(db_session):
    """A konveksi draft needed in 4 days, and its company."""
    company = make_company(db_session)
    rfq = make_rfq(
        db_session,
        company,
        status=states.RFQ_DRAFT,
        needed_by=now_wib().date() + timedelta(days=3),
    )
    return company, rfq


def test_only_verified_groups_selling_the_category_with_capacity(db_session, garment):
    _company, rfq = garment
    today = now_wib().date()
    make_group(db_session, name="Sector Konveksi", sectors=("konveksi",))
    by_product = make_group(db_session, name="Produk Konveksi", sectors=("kerajinan",))
    make_product(db_session, by_product, category="konveksi")
    make_group(db_session, name="Belum Verifikasi", sectors=("konveksi",), status=STATUS_UNVERIFIED)
    make_group(db_session, name="Dibekukan", sectors=("konveksi",), status=STATUS_SUSPENDED)
    make_group(db_session, name="Katering Saja", sectors=("makanan-minuman",))
    roomy = make_group(db_session, name="Masih Longgar", sectors=("konveksi",))
    make_capacity(db_session, roomy, category="konveksi", units_per_day=50)
    full = make_group(db_session, name="Penuh", sectors=("konveksi",))
    make_capacity(db_session, full, category="konveksi", units_per_day=5)
    for d in range(4):
        reserve_units(db_session, full.id, today + timedelta(days=d), 5, category="konveksi")
    slow = make_group(db_session, name="Terlalu Lama", sectors=("konveksi",))
    make_capacity(db_session, slow, category="konveksi", units_per_day=50, lead_time_days=10)
    shirt_group = make_group(db_session, name="Kapasitas Produk", sectors=("konveksi",))
    shirt = make_product(db_session, shirt_group, category="konveksi")
    make_capacity(db_session, shirt_group, product=shirt, units_per_day=20)

    found = routing.candidates(db_session, rfq, today)

    assert _names(found) == {
        "Sector Konveksi",
        "Produk Konveksi",
        "Masih Longgar",
        "Kapasitas Produk",
    }
    free = {c.group.name: c.free_units for c in found}
    assert free["Sector Konveksi"] is None  # no capacity declared: unknown, still eligible
    assert free["Masih Longgar"] == 200  # 4 days × 50
    assert free["Kapasitas Produk"] == 80


def test_send_writes_recipients_and_notifies_the_members(app, db_session, garment):
    company, rfq = garment
    group = make_group(db_session, sectors=("konveksi",))
    make_group(db_session, sectors=("kerajinan",))
    staff = company.members[0].user
    with app.test_request_context():
        recipients = rfq_services.send_rfq(db_session, rfq, staff)
    assert [r.group_id for r in recipients] == [group.id]
    assert rfq.status == states.RFQ_SENT and rfq.sent_at is not None
    notes = db_session.scalars(select(Notification).where(Notification.message == "rfq.new")).all()
    assert [n.user_id for n in notes] == [group.chair.id]
    assert notes[0].link_endpoint == "procurement.group_rfq"
    assert notes[0].link_params == {"rfq_id": rfq.id}


def test_send_refused_when_no_group_is_eligible(app, db_session, garment):
    company, rfq = garment
    make_group(db_session, sectors=("konveksi",), status=STATUS_UNVERIFIED)
    with app.test_request_context(), pytest.raises(rfq_services.RfqError):
        rfq_services.send_rfq(db_session, rfq, company.members[0].user)
    assert rfq.status == states.RFQ_DRAFT
    assert db_session.scalars(select(RfqRecipient).where(RfqRecipient.rfq_id == rfq.id)).all() == []


def test_send_refused_with_a_message_on_the_page(client, db_session, login_as, garment):
    company, rfq = garment
    db_session.commit()
    login_as(company.members[0].user)
    response = client.post(f"/pengadaan/permintaan/{rfq.id}/kirim")
    assert response.status_code == 422
    assert "Belum ada kelompok terverifikasi" in response.get_data(as_text=True)
    db_session.expire_all()
    assert rfq.status == states.RFQ_DRAFT


def test_sending_twice_is_a_409(app, db_session, garment):
    company, rfq = garment
    make_group(db_session, sectors=("konveksi",))
    with app.test_request_context():
        rfq_services.send_rfq(db_session, rfq, company.members[0].user)
        with pytest.raises(states.IllegalTransition):
            rfq_services.send_rfq(db_session, rfq, company.members[0].user)
