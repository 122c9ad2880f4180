"""Deliveries: the group dispatches what it sends (never more than is outstanding), the PO
moves to in_delivery, rejects are replaced by a later delivery in the same window at the same
gate (capacity reserved), and the group sees today's and tomorrow's deliveries each morning."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.orders.capacity import available_units
from marketplace.orders.logistics import now_wib
from marketplace.orders.models import Notification
from marketplace.procurement import states
from marketplace.procurement.po_models import Delivery
from tests.factories import make_capacity, make_user
from tests.procurement.delivery_helpers import dispatch_data, po_with_delivery, receive_data
from tests.procurement.factories import make_company


def _url(setup, side="kelompok/"):
    return f"/pengadaan/{side}pengiriman/{setup.delivery.id}"


def test_group_dispatches_and_the_po_is_in_delivery(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    login_as(setup.chair)
    page = client.get(_url(setup))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert setup.po.number in html and "Wearpack navy" in html
    assert setup.logistics["points"][0].name in html
    wearpack = setup.po.lines[0]
    response = client.post(_url(setup), data=dispatch_data(setup, {wearpack.id: 90}))
    assert response.status_code == 303
    db_session.expire_all()
    assert setup.delivery.status == states.DELIVERY_DISPATCHED
    assert setup.delivery.dispatched_at is not None
    assert {ln.po_line_id: ln.qty_delivered for ln in setup.delivery.lines}[wearpack.id] == 90
    assert setup.po.status == states.PO_IN_DELIVERY
    # a second submission moves nothing: 409
    again = client.post(_url(setup), data=dispatch_data(setup))
    assert again.status_code == 409


def test_group_cannot_send_more_than_is_outstanding(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    login_as(setup.chair)
    response = client.post(_url(setup), data=dispatch_data(setup, {setup.po.lines[0].id: 101}))
    assert response.status_code == 422
    assert "Isi angka 0 sampai 100" in response.get_data(as_text=True)
    nothing = client.post(
        _url(setup), data=dispatch_data(setup, {ln.id: 0 for ln in setup.po.lines})
    )
    assert nothing.status_code == 422
    db_session.expire_all()
    assert setup.delivery.status == states.DELIVERY_SCHEDULED
    assert setup.po.status == states.PO_ACCEPTED


def test_other_groups_and_companies_find_nothing(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    other_company = make_company(db_session)
    other_staff = other_company.members[0].user
    from tests.factories import make_group

    other_chair = make_user(db_session)
    make_group(db_session, chair=other_chair)
    db_session.commit()
    login_as(other_chair)
    assert client.get(_url(setup)).status_code == 404
    assert client.get(_url(setup, "")).status_code == 404
    client.post("/akun/keluar")
    login_as(other_staff)
    assert client.get(_url(setup, "")).status_code == 404
    assert client.get(_url(setup)).status_code == 403  # not a producer at all


def test_receive_with_a_rejection_plans_a_replacement(client, db_session, login_as):
    setup = po_with_delivery(db_session, via_rfq=True)
    make_capacity(db_session, setup.group, category="konveksi", units_per_day=50)
    db_session.commit()
    login_as(setup.chair)
    assert client.post(_url(setup), data=dispatch_data(setup)).status_code == 303
    client.post("/akun/keluar")
    login_as(setup.staff)
    db_session.expire_all()
    page = client.get(_url(setup, ""))
    assert page.status_code == 200 and 'data-testid="receive-form"' in page.get_data(as_text=True)
    wearpack = setup.po.lines[0]
    # a rejection without a reason is refused, nothing half-written
    bad = client.post(_url(setup, ""), data=receive_data(setup.delivery, {wearpack.id: (12, "")}))
    assert bad.status_code == 422
    assert "tulis alasan" in bad.get_data(as_text=True)
    db_session.expire_all()
    assert setup.delivery.status == states.DELIVERY_DISPATCHED
    data = receive_data(setup.delivery, {wearpack.id: (12, "Jahitan lepas")})
    assert client.post(_url(setup, ""), data=data).status_code == 303
    db_session.expire_all()
    assert setup.delivery.status == states.DELIVERY_RECEIVED
    replacement = db_session.scalars(
        select(Delivery).where(Delivery.replaces_id == setup.delivery.id)
    ).one()
    assert [(ln.po_line_id, ln.qty_planned) for ln in replacement.lines] == [(wearpack.id, 12)]
    assert replacement.window_id == setup.delivery.window_id
    assert replacement.point_id == setup.delivery.point_id
    first_possible = max(setup.delivery.day, now_wib().date()) + timedelta(days=1)
    assert replacement.day == first_possible
    left = available_units(db_session, setup.group.id, replacement.day, category="konveksi")
    assert left == 50 - 12
    assert setup.po.status == states.PO_IN_DELIVERY  # 12 wearpacks still to come
    notes = db_session.scalars(
        select(Notification).where(Notification.user_id == setup.chair.id)
    ).all()
    assert [n.message for n in notes] == ["procurement.delivery_replacement"]
    client.post("/akun/keluar")
    login_as(setup.chair)
    inbox = client.get("/notifikasi").get_data(as_text=True)
    assert "12 barang ditolak" in inbox and setup.po.number in inbox


def test_replacement_goes_to_the_next_day_with_room(db_session, app):
    from marketplace.procurement import replacements
    from tests.procurement.factories import make_bast

    setup = po_with_delivery(db_session, via_rfq=True)
    cap = make_capacity(db_session, setup.group, category="konveksi", units_per_day=10)
    start = max(setup.delivery.day, now_wib().date()) + timedelta(days=1)
    from marketplace.orders.capacity import reserve_on

    reserve_on(db_session, cap, start, 8)  # only 2 left that day
    setup.po.status = states.PO_IN_DELIVERY
    setup.delivery.status = states.DELIVERY_DISPATCHED
    bast = make_bast(db_session, setup.delivery, rejected={setup.po.lines[0].id: (5, "Noda")})
    with app.test_request_context():
        replacement = replacements.plan_replacement(db_session, setup.delivery, bast.number)
    assert replacement.day == start + timedelta(days=1)
    assert available_units(db_session, setup.group.id, start, category="konveksi") == 2


def test_work_page_lists_todays_and_tomorrows_deliveries(client, db_session, login_as):
    setup = po_with_delivery(db_session, day=now_wib().date())
    login_as(setup.chair)
    html = client.get("/kelompok/saya").get_data(as_text=True)
    assert 'data-testid="work-deliveries"' in html
    assert setup.logistics["points"][0].name in html and "Wearpack navy 100" in html
    assert f"/pengadaan/kelompok/pengiriman/{setup.delivery.id}" in html


def test_dispatch_page_in_english(client, db_session, login_as):
    setup = po_with_delivery(db_session)
    login_as(setup.chair)
    client.get("/bahasa/en")
    html = client.get(_url(setup)).get_data(as_text=True)
    assert "Mark as sent" in html and "Quantity sent" in html
    assert "Tandai dikirim" not in html
