"""An order keeps the terms agreed at checkout; officers' edits that open orders are affected
by are confirmed first and told to the buyers and groups (issue 13, "History never changes")."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from marketplace.investors import rollup_rebuild
from marketplace.investors.models import GroupMonthlyStats
from marketplace.orders import notification_messages as messages
from marketplace.orders.checkout import Selection, place_checkout
from marketplace.orders.logistics_changes import NOTIFICATION_KIND
from marketplace.orders.models import DeliveryZone, Notification, PickupPoint, ShiftWindow
from marketplace.orders.notify import text_of
from tests.factories import (
    add_member,
    fill_cart,
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)
from tests.investors.helpers import wib_moment
from tests.orders.helpers import tomorrow


@pytest.fixture
def shop(db_session):
    logistics = make_logistics(db_session)  # siang 11.45–12.45
    group = make_group(db_session, name="Dapur Bu Sri")
    member = add_member(db_session, group)
    make_service(db_session, group, logistics)
    other = make_group(db_session, name="Konveksi Maju")
    make_service(db_session, other, logistics)
    return {
        "logistics": logistics,
        "group": group,
        "member": member,
        "other": other,
        "nasi": make_product(db_session, group, name="Nasi Kotak", stock=50),
        "kaos": make_product(db_session, other, name="Kaos Sablon", stock=50),
    }


def _order(session, shop, product, *, buyer=None, window="siang"):
    buyer = buyer or make_user(session)
    return make_order(session, buyer, {product: 1}, shop["logistics"], window=window).orders[0]


def _delivery(session, shop, product):
    buyer = make_user(session)
    fill_cart(session, buyer, {product: 1})
    zone = shop["logistics"]["zones"][0]
    window = shop["logistics"]["windows"]["malam"]
    sel = Selection("delivery", tomorrow(), window.id, delivery_zone_id=zone.id, address_note="B2")
    return place_checkout(session, buyer, {product.group_id: sel}, "cod").orders[0]


def _complete(session, order):
    order.status, order.completed_at = "completed", wib_moment(order.pickup_date, time(12, 40))
    session.flush()


def _windows_form(logistics, **changes) -> dict:
    form = {}
    for code, w in logistics["windows"].items():
        form[f"start-{code}"] = f"{w.start_time:%H:%M}"
        form[f"end-{code}"] = f"{w.end_time:%H:%M}"
        if w.is_active:
            form[f"active-{code}"] = "1"
    for key, value in changes.items():
        key = key.replace("_", "-")
        if value is None:
            form.pop(key, None)
        else:
            form[key] = value
    return form


def _confirm_form(page: str) -> dict[str, list[str]]:
    """The hidden fields of the confirmation page's form, as the browser would post them."""
    form: dict[str, list[str]] = {"confirm": ["1"]}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page):
        if name != "csrf_token":
            form.setdefault(name, []).append(value)
    return form


def _notes(session, user_id) -> list[Notification]:
    """The user's notifications about logistics changes (not the new-order ones)."""
    return list(
        session.scalars(
            select(Notification).where(
                Notification.user_id == user_id, Notification.kind == NOTIFICATION_KIND
            )
        )
    )


def test_editing_a_window_leaves_completed_orders_shown_times_unchanged(
    client, db_session, login_as, shop
):
    done = _order(db_session, shop, shop["nasi"])
    _complete(db_session, done)
    delivered = _delivery(db_session, shop, shop["nasi"])
    _complete(db_session, delivered)
    rollup_rebuild.rebuild(db_session)  # completed at 12.40, before the agreed 12.45: on time
    login_as(make_user(db_session, role="officer"))
    form = _windows_form(shop["logistics"], end_siang="13:00", end_malam="20:00")
    assert client.post("/pendamping/jam-ambil", data=form).status_code == 302
    # Renames are not in the officer's form yet; whatever renames them, orders keep theirs.
    point, zone = shop["logistics"]["points"][0], shop["logistics"]["zones"][0]
    old_point, old_zone = point.name, zone.name
    point.name, zone.name = "Gerbang Baru", "Kos Baru"
    db_session.flush()
    db_session.expire_all()
    assert db_session.get(ShiftWindow, done.window_id).end_time.hour == 13

    client.post("/akun/keluar")
    login_as(done.buyer)
    page = client.get(f"/pesanan/{done.id}").get_data(as_text=True)
    assert "11.45–12.45" in page and "13.00" not in page and old_point in page
    listing = client.get("/pesanan").get_data(as_text=True)
    assert "11.45–12.45" in listing and "Gerbang Baru" not in listing
    client.post("/akun/keluar")
    login_as(delivered.buyer)
    page = client.get(f"/pesanan/{delivered.id}").get_data(as_text=True)
    assert "18.00–19.30" in page and old_zone in page and "Kos Baru" not in page

    client.post("/akun/keluar")
    login_as(shop["group"].chair)
    inbox = client.get("/produsen/pesanan").get_data(as_text=True)
    inbox = inbox.split('data-testid="inbox-order"', 1)[1]  # the orders, not the filter
    assert "11.45–12.45" in inbox and "11.45–13.00" not in inbox and old_point in inbox
    page = client.get(f"/produsen/pesanan/{done.id}").get_data(as_text=True)
    assert "11.45–12.45" in page and old_point in page
    # Nobody is told: completed orders are history, not affected.
    assert not _notes(db_session, done.buyer_id)
    # The on-time rate is judged against the agreed end, however often it is rebuilt.
    rollup_rebuild.rebuild(db_session)
    stats = db_session.scalars(
        select(GroupMonthlyStats).where(GroupMonthlyStats.group_id == shop["group"].id)
    ).one()
    assert (stats.completed_orders, stats.on_time_orders) == (2, 2)


def test_open_orders_keep_their_agreed_window_on_every_page(client, db_session, login_as, shop):
    order = _order(db_session, shop, shop["nasi"])
    window = shop["logistics"]["windows"]["siang"]
    window.end_time = window.end_time.replace(hour=13, minute=0)  # moved behind its back
    db_session.flush()
    login_as(shop["group"].chair)
    rekap = client.get(f"/produsen/rekap?tanggal={order.pickup_date.isoformat()}")
    assert "11.45–12.45" in rekap.get_data(as_text=True)
    handover = client.get(f"/produsen/serahkan?kode={order.pickup_code}").get_data(as_text=True)
    assert "11.45–12.45" in handover and "13.00" not in handover
    client.post("/akun/keluar")
    login_as(order.buyer)
    done = client.get(f"/pesanan/{order.id}").get_data(as_text=True)
    assert order.pickup_code in done and "11.45–12.45" in done and "13.00" not in done


def test_officer_sees_affected_open_orders_before_saving_and_both_sides_are_told(
    client, db_session, login_as, shop
):
    first = _order(db_session, shop, shop["nasi"])
    second = _order(db_session, shop, shop["kaos"])
    pagi = _order(db_session, shop, shop["nasi"], window="pagi")
    done = _order(db_session, shop, shop["nasi"])
    _complete(db_session, done)
    officer = make_user(db_session, role="officer")
    login_as(officer)
    form = _windows_form(shop["logistics"], end_siang="13:00")
    page = client.post("/pendamping/jam-ambil", data=form)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    shown = set(re.findall(r'data-testid="affected-order" data-order-id="(\d+)"', html))
    assert shown == {str(first.id), str(second.id)}  # not the pagi one, not the completed one
    assert "Dapur Bu Sri" in html and "Konveksi Maju" in html
    assert "11.45–12.45 WIB → 11.45–13.00 WIB" in html and "2 pesanan terbuka" in html
    db_session.expire_all()
    assert shop["logistics"]["windows"]["siang"].end_time.hour == 12  # nothing saved yet
    assert not db_session.scalars(
        select(Notification).where(Notification.kind == NOTIFICATION_KIND)
    ).all()

    # A new order placed while the page was open must be seen before saving too.
    late = _order(db_session, shop, shop["nasi"])
    again = client.post("/pendamping/jam-ambil", data=_confirm_form(html))
    assert again.status_code == 200 and f"#{late.id}" in again.get_data(as_text=True)
    saved = client.post("/pendamping/jam-ambil", data=_confirm_form(again.get_data(as_text=True)))
    assert saved.status_code == 302
    db_session.expire_all()
    assert shop["logistics"]["windows"]["siang"].end_time.hour == 13

    for order in (first, second, late):
        (note,) = _notes(db_session, order.buyer_id)
        assert note.message == messages.WINDOW_MOVED_BUYER
        assert note.link_endpoint == "orders.order_detail"
        assert note.link_params == {"order_id": order.id}
        assert (note.params["agreed"], note.params["span"]) == ("11.45–12.45", "11.45–13.00")
    for user in (shop["group"].chair, shop["member"], shop["other"].chair):
        (note,) = _notes(db_session, user.id)
        assert note.message == messages.WINDOW_MOVED_GROUP
        assert note.link_endpoint == "orders.inbox"
    assert _notes(db_session, shop["group"].chair.id)[0].params["n"] == 2
    assert not _notes(db_session, pagi.buyer_id) and not _notes(db_session, done.buyer_id)
    # The open orders still show what was agreed, and the buyer reads why.
    client.post("/akun/keluar")
    login_as(first.buyer)
    assert "11.45–12.45" in client.get(f"/pesanan/{first.id}").get_data(as_text=True)
    client.get("/bahasa/en")
    notes = client.get("/notifikasi").get_data(as_text=True)
    assert "11.45–13.00" in notes and f"#{first.id}" in notes and "agreed" in notes
    # Saving the same times again tells nobody anything.
    client.post("/akun/keluar")
    login_as(officer)
    form = _windows_form(shop["logistics"])
    assert client.post("/pendamping/jam-ambil", data=form).status_code == 302
    assert len(_notes(db_session, first.buyer_id)) == 1


def test_deactivating_a_point_shows_the_count_and_needs_confirmation(
    client, db_session, login_as, shop
):
    orders = [_order(db_session, shop, shop["nasi"]) for _ in range(3)]
    _complete(db_session, orders[2])
    point = shop["logistics"]["points"][0]
    login_as(make_user(db_session, role="officer"))
    url = f"/pendamping/titik-ambil/{point.id}/aktif"
    page = client.post(url, data={"aktif": "0"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "2 pesanan terbuka" in html and point.name in html
    assert 'name="confirm"' in html  # a plain form: works without JavaScript
    db_session.expire_all()
    assert db_session.get(PickupPoint, point.id).is_active
    assert client.post(url, data=_confirm_form(html)).status_code == 302
    db_session.expire_all()
    assert not db_session.get(PickupPoint, point.id).is_active
    for order in orders[:2]:
        (note,) = _notes(db_session, order.buyer_id)
        assert note.message == messages.POINT_CLOSED_BUYER
    assert not _notes(db_session, orders[2].buyer_id)
    (note,) = _notes(db_session, shop["group"].chair.id)
    assert (note.message, note.params["n"]) == (messages.POINT_CLOSED_GROUP, 2)
    # Posting the same form again (a double tap) does not switch it back on.
    assert client.post(url, data=_confirm_form(html)).status_code == 302
    db_session.expire_all()
    assert not db_session.get(PickupPoint, point.id).is_active


def test_deactivating_a_window_or_zone_in_use_needs_confirmation(
    client, db_session, login_as, shop
):
    order = _order(db_session, shop, shop["nasi"])
    delivered = _delivery(db_session, shop, shop["kaos"])
    login_as(make_user(db_session, role="officer"))
    form = _windows_form(shop["logistics"], active_siang=None)
    page = client.post("/pendamping/jam-ambil", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "1 pesanan terbuka" in html and f"#{order.id}" in html
    db_session.expire_all()
    assert shop["logistics"]["windows"]["siang"].is_active
    assert client.post("/pendamping/jam-ambil", data=_confirm_form(html)).status_code == 302
    db_session.expire_all()
    assert not shop["logistics"]["windows"]["siang"].is_active
    assert _notes(db_session, order.buyer_id)[0].message == messages.WINDOW_CLOSED_BUYER

    zone = shop["logistics"]["zones"][0]
    url = f"/pendamping/zona-antar/{zone.id}/aktif"
    page = client.post(url, data={"aktif": "0"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "1 pesanan terbuka" in html and zone.name in html
    assert client.post(url, data=_confirm_form(html)).status_code == 302
    db_session.expire_all()
    assert not db_session.get(DeliveryZone, zone.id).is_active
    assert _notes(db_session, delivered.buyer_id)[0].message == messages.ZONE_CLOSED_BUYER
    (note,) = _notes(db_session, shop["other"].chair.id)
    assert note.message == messages.ZONE_CLOSED_GROUP
    assert "Konveksi" not in text_of(note)  # a sentence about the zone, not a raw key
    assert zone.name in text_of(note)


def test_an_order_is_on_time_by_its_agreed_end(db_session, shop):
    """A window moved after the order was placed does not make a late order on time."""
    order = _order(db_session, shop, shop["nasi"])
    order.status = "completed"
    order.completed_at = wib_moment(order.pickup_date, time(12, 55))  # after 12.45: late
    window = shop["logistics"]["windows"]["siang"]
    window.end_time = window.end_time.replace(hour=13, minute=0)
    db_session.flush()
    rollup_rebuild.rebuild(db_session)
    stats = db_session.scalars(
        select(GroupMonthlyStats).where(GroupMonthlyStats.group_id == shop["group"].id)
    ).one()
    assert (stats.completed_orders, stats.on_time_orders) == (1, 0)


def test_checkout_copies_the_agreed_terms(db_session, shop):
    order = _order(db_session, shop, shop["nasi"])
    point = shop["logistics"]["points"][0]
    assert (order.window_code, f"{order.window_start:%H.%M}", f"{order.window_end:%H.%M}") == (
        "siang",
        "11.45",
        "12.45",
    )
    assert (order.pickup_point_name, order.delivery_zone_name) == (point.name, None)
    delivered = _delivery(db_session, shop, shop["kaos"])
    zone = shop["logistics"]["zones"][0]
    assert (delivered.delivery_zone_name, delivered.delivery_fee) == (zone.name, 3000)
    assert delivered.pickup_point_name is None
    assert delivered.pickup_date - order.pickup_date == timedelta(0)
