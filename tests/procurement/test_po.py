"""Purchase orders after the award: approval, the group's answer, capacity given back once,
the company's and the group's pages, the PDF, the list's query count."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from marketplace.orders.capacity_models import CapacityUse
from marketplace.orders.models import Notification
from marketplace.procurement import hooks, states
from marketplace.procurement.po_models import PurchaseOrder
from tests.factories import make_user
from tests.procurement.factories import add_company_member, make_tax_profile
from tests.procurement.po_helpers import award_setup, form_for
from tests.querycount import count_queries


def _award(client, db_session, login_as, setup, quantities, **extra) -> list[PurchaseOrder]:
    login_as(setup["staff"])
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    response = client.post(url, data=form_for(setup, quantities, **extra))
    assert response.status_code == 303, response.get_data(as_text=True)[:1500]
    db_session.expire_all()
    return list(
        db_session.scalars(
            select(PurchaseOrder)
            .where(PurchaseOrder.rfq_id == setup["rfq"].id)
            .order_by(PurchaseOrder.id)
        )
    )


def _taken(db_session) -> int:
    db_session.expire_all()
    return sum(db_session.scalars(select(CapacityUse.units_taken)))


def test_po_above_threshold_waits_for_an_approver(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, None),), approval_threshold=50_000_000)
    requester = add_company_member(db_session, setup["company"], "requester")
    db_session.commit()
    setup["staff"] = requester
    (po,) = _award(client, db_session, login_as, setup, {0: 600})
    assert po.status == states.PO_AWAITING_APPROVAL and po.issued_at is None
    approver = setup["company"].members[0].user
    assert (
        db_session.scalar(
            select(Notification.user_id).where(Notification.message == "po.approval_needed")
        )
        == approver.id
    )
    # the group does not see it yet, the requester may not approve it
    group_user = setup["groups"][0].memberships[0].user
    assert client.post(f"/pengadaan/po/{po.id}/setujui").status_code == 403
    client.post("/akun/keluar")
    login_as(group_user)
    assert client.get(f"/pengadaan/kelompok/po/{po.id}").status_code == 404
    client.post("/akun/keluar")
    fired = []
    listener = hooks.on("po_issued")(lambda session, subject: fired.append(subject.id))
    try:
        login_as(approver)
        page = client.get(f"/pengadaan/po/{po.id}").get_data(as_text=True)
        assert 'data-testid="po-approve"' in page and "Menunggu persetujuan" in page
        assert client.post(f"/pengadaan/po/{po.id}/setujui").status_code == 303
        assert client.post(f"/pengadaan/po/{po.id}/setujui").status_code == 409  # once
    finally:
        hooks._LISTENERS["po_issued"].remove(listener)
    db_session.refresh(po)
    assert po.status == states.PO_ISSUED and po.approved_by_id == approver.id
    assert fired == [po.id]


def test_po_under_threshold_is_issued_directly(client, db_session, login_as):
    setup = award_setup(db_session, ((10_000, 600, None),), approval_threshold=50_000_000)
    db_session.commit()
    (po,) = _award(client, db_session, login_as, setup, {0: 600})
    assert po.status == states.PO_ISSUED and po.issued_at is not None


def test_group_accepts_on_its_phone_page(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, 100),), days=6)
    db_session.commit()
    (po,) = _award(client, db_session, login_as, setup, {0: 600})
    client.post("/akun/keluar")
    login_as(setup["groups"][0].memberships[0].user)
    listing = client.get("/pengadaan/kelompok/po").get_data(as_text=True)
    assert po.number in listing and "Terbit, menunggu konfirmasi kelompok" in listing
    page = client.get(f"/pengadaan/kelompok/po/{po.id}").get_data(as_text=True)
    assert "Pengiriman 6" in page and 'data-testid="po-accept"' in page
    accepted = []
    listener = hooks.on("po_accepted")(lambda session, subject: accepted.append(subject.id))
    try:
        response = client.post(f"/pengadaan/kelompok/po/{po.id}", data={"action": "accept"})
        again = client.post(f"/pengadaan/kelompok/po/{po.id}", data={"action": "accept"})
    finally:
        hooks._LISTENERS["po_accepted"].remove(listener)
    assert response.status_code == 303 and again.status_code == 409
    assert accepted == [po.id]
    db_session.refresh(po)
    assert po.status == states.PO_ACCEPTED and po.accepted_at is not None
    assert _taken(db_session) == 600  # still held


def test_group_declines_with_a_reason_and_capacity_comes_back_once(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, 100),), days=6)
    db_session.commit()
    (po,) = _award(client, db_session, login_as, setup, {0: 600})
    assert _taken(db_session) == 600
    client.post("/akun/keluar")
    login_as(setup["groups"][0].memberships[0].user)
    url = f"/pengadaan/kelompok/po/{po.id}"
    no_reason = client.post(url, data={"action": "decline", "reason": "  "})
    assert no_reason.status_code == 422
    assert "Tuliskan alasan" in no_reason.get_data(as_text=True)
    cancelled = []
    listener = hooks.on("po_cancelled")(lambda session, subject: cancelled.append(subject.id))
    try:
        ok = client.post(url, data={"action": "decline", "reason": "Mesin rusak"})
        twice = client.post(url, data={"action": "decline", "reason": "Mesin rusak"})
    finally:
        hooks._LISTENERS["po_cancelled"].remove(listener)
    assert ok.status_code == 303 and twice.status_code == 409
    assert cancelled == [po.id]
    db_session.refresh(po)
    assert po.status == states.PO_DECLINED and po.status_reason == "Mesin rusak"
    assert {d.status for d in po.deliveries} == {states.DELIVERY_CANCELLED}
    assert _taken(db_session) == 0


def test_approver_cancels_an_accepted_po_and_the_capacity_is_released(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 300, 100),), need=300, days=3)
    db_session.commit()
    (po,) = _award(client, db_session, login_as, setup, {0: 300})
    url = f"/pengadaan/po/{po.id}/batal"
    po.status = states.PO_ACCEPTED  # the group said yes
    db_session.commit()
    assert client.post(url, data={"action": "cancel", "reason": ""}).status_code == 422
    assert client.post(url, data={"action": "cancel", "reason": "Lini batal"}).status_code == 303
    assert client.post(url, data={"action": "cancel", "reason": "Lagi"}).status_code == 409
    assert _taken(db_session) == 0
    db_session.refresh(po)
    assert po.status == states.PO_CANCELLED


def test_company_po_page_list_and_pdf(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, 100),), days=6, pkp=(True,))
    db_session.commit()
    make_tax_profile_npwp = setup["groups"][0]
    (po,) = _award(client, db_session, login_as, setup, {0: 600})
    page = client.get(f"/pengadaan/po/{po.id}").get_data(as_text=True)
    assert po.number in page and "PPN 11 %" in page and 'data-testid="pdf-button"' in page
    assert "Uang muka 30 % (Rp\u00a029.970.000)" in page  # 30 % of 99.900.000
    assert "Pelunasan" in page and "30 hari setelah faktur" in page
    assert "WhatsApp 6281234567890" in page
    listing = client.get("/pengadaan/po").get_data(as_text=True)
    assert po.number in listing and make_tax_profile_npwp.name in listing
    response = client.get(f"/pengadaan/po/{po.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    company_npwp = setup["company"].npwp
    assert po.number in text
    assert f"{company_npwp[:2]}.{company_npwp[2:5]}" in text  # the company's NPWP, formatted
    assert "PPN" in text and "Uang muka" in text and "Pengiriman 6" in text


def test_pdf_shows_the_groups_npwp_and_is_for_the_two_parties_only(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, None),))
    make_tax_profile(db_session, setup["groups"][0], npwp="012345678901000")
    db_session.commit()
    (po,) = _award(client, db_session, login_as, setup, {0: 600})
    client.post("/akun/keluar")
    login_as(setup["groups"][0].memberships[0].user)
    response = client.get(f"/pengadaan/po/{po.id}/pdf")
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "01.234.567.8-901.000" in text and po.number in text
    client.post("/akun/keluar")
    login_as(make_user(db_session))
    assert client.get(f"/pengadaan/po/{po.id}/pdf").status_code == 404
    assert client.get(f"/pengadaan/po/{po.id}").status_code == 404


def test_po_list_runs_a_fixed_number_of_queries(app, client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, None), (150_000, 600, None)))
    db_session.commit()
    _award(client, db_session, login_as, setup, {0: 300, 1: 300})
    with count_queries(app) as few:
        assert client.get("/pengadaan/po").status_code == 200
    more = award_setup(db_session, ((150_000, 600, None),) * 4, company=setup["company"])
    db_session.commit()
    _award(client, db_session, login_as, more, {0: 150, 1: 150, 2: 150, 3: 150})
    with count_queries(app) as many:
        page = client.get("/pengadaan/po")
    assert page.get_data(as_text=True).count('data-testid="po-row"') == 6
    assert len(few) == len(many) <= 8


def test_english_po_pages(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, None),))
    db_session.commit()
    (po,) = _award(client, db_session, login_as, setup, {0: 600})
    client.get("/bahasa/en")
    page = client.get(f"/pengadaan/po/{po.id}").get_data(as_text=True)
    assert "Payment terms" in page and "Balance" in page and "Syarat pembayaran" not in page
    client.post("/akun/keluar")
    login_as(setup["groups"][0].memberships[0].user)
    client.get("/bahasa/en")
    page = client.get(f"/pengadaan/kelompok/po/{po.id}").get_data(as_text=True)
    assert "Accept this PO" in page and "Terima PO ini" not in page
