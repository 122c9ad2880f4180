"""Checkout edges of the lean request path: form fields, slot counts, cart upserts, notices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.catalog.models import GroupMembership
from marketplace.orders import logistics, notify
from marketplace.orders.cart import MAX_LINES, CartError, db_items, db_set
from marketplace.orders.models import Notification, Order
from tests.factories import (
    add_member,
    make_order,
    make_product,
    make_service,
    make_user,
)
from tests.orders.helpers import add_to_cart, pickup_form, slot, tomorrow


def test_a_choice_for_a_group_not_in_the_cart_is_ignored(client, db_session, login_as, shop):
    buyer = make_user(db_session)
    login_as(buyer)
    add_to_cart(client, shop["nasi"], 2)
    form = pickup_form(shop["nasi_group"], shop["logistics"]) | pickup_form(
        shop["kaos_group"], shop["logistics"]
    )
    form["slot-999999"] = "rusak"  # a tampered field naming no group
    response = client.post("/checkout", data=form)
    assert response.status_code == 302
    orders = db_session.scalars(select(Order).where(Order.buyer_id == buyer.id)).all()
    assert [o.group_id for o in orders] == [shop["nasi_group"].id]


def test_a_cart_group_without_a_choice_is_refused(client, db_session, login_as, shop):
    login_as(make_user(db_session))
    add_to_cart(client, shop["nasi"], 1)
    response = client.post("/checkout", data=pickup_form(shop["kaos_group"], shop["logistics"]))
    assert response.status_code == 422
    assert "Pilih cara ambil atau antar" in response.get_data(as_text=True)


def test_open_slots_count_each_slot_apart(db_session, shop):
    """Remaining places per (day, window): other days, other windows, cancelled don't count."""
    make_service(db_session, shop["nasi_group"], shop["logistics"], max_orders_per_window=3)
    windows = shop["logistics"]["windows"]
    day = tomorrow()
    for _ in range(2):
        make_order(db_session, make_user(db_session), {shop["nasi"]: 1}, shop["logistics"])
    make_order(
        db_session,
        make_user(db_session),
        {shop["nasi"]: 1},
        shop["logistics"],
        day=day + timedelta(days=1),
    )
    cancelled = make_order(db_session, make_user(db_session), {shop["nasi"]: 1}, shop["logistics"])
    cancelled.orders[0].status = "cancelled"
    db_session.flush()
    group_id = shop["nasi_group"].id
    service = logistics.group_service(db_session, group_id)
    slots = {s.key: s.remaining for s in logistics.open_slots(db_session, group_id, service, day)}
    assert slots[slot(day, windows["siang"])] == 1
    assert slots[slot(day, windows["malam"])] == 3
    assert slots[slot(day + timedelta(days=1), windows["siang"])] == 2


def test_full_slot_is_not_offered(db_session, shop):
    make_service(db_session, shop["nasi_group"], shop["logistics"], max_orders_per_window=3)
    day = tomorrow()
    for _ in range(3):
        make_order(db_session, make_user(db_session), {shop["nasi"]: 1}, shop["logistics"])
    service = logistics.group_service(db_session, shop["nasi_group"].id)
    keys = {s.key for s in logistics.open_slots(db_session, shop["nasi_group"].id, service, day)}
    assert slot(day, shop["logistics"]["windows"]["siang"]) not in keys
    assert slot(day, shop["logistics"]["windows"]["malam"]) in keys


def test_cart_set_updates_in_place_and_caps_lines(db_session, shop):
    buyer = make_user(db_session)
    db_set(db_session, buyer.id, shop["nasi"].id, 2)
    db_set(db_session, buyer.id, shop["nasi"].id, 5)
    assert db_items(db_session, buyer.id) == {shop["nasi"].id: 5}
    products = [
        make_product(db_session, shop["nasi_group"], name=f"Kue {n:02d}", stock=5)
        for n in range(MAX_LINES - 1)
    ]
    for product in products:
        db_set(db_session, buyer.id, product.id, 1)
    extra = make_product(db_session, shop["nasi_group"], name="Kue terakhir", stock=5)
    with pytest.raises(CartError, match="Keranjang penuh"):
        db_set(db_session, buyer.id, extra.id, 1)
    db_set(db_session, buyer.id, shop["nasi"].id, 7)  # a line already there may still change
    db_set(db_session, buyer.id, products[0].id, 0)  # and one may be removed
    items = db_items(db_session, buyer.id)
    assert len(items) == MAX_LINES - 1 and items[shop["nasi"].id] == 7


def test_every_member_gets_one_notice_of_a_new_order(client, db_session, login_as, shop):
    second = add_member(db_session, shop["nasi_group"])
    members = set(
        db_session.scalars(
            select(GroupMembership.user_id).where(GroupMembership.group_id == shop["nasi_group"].id)
        )
    )
    assert second.id in members
    outsider = make_user(db_session, role="producer")
    buyer = make_user(db_session, name="Siti Rahayu")
    login_as(buyer)
    add_to_cart(client, shop["nasi"], 1)
    form = pickup_form(shop["nasi_group"], shop["logistics"])
    assert client.post("/checkout", data=form).status_code == 302
    order = db_session.scalars(select(Order).where(Order.buyer_id == buyer.id)).one()
    notices = db_session.scalars(
        select(Notification).where(
            Notification.kind == "order_new",
            Notification.link_endpoint == "orders.producer_order",
        )
    ).all()
    notices = [n for n in notices if n.link_params == {"order_id": order.id}]
    assert sorted(n.user_id for n in notices) == sorted(members)
    assert outsider.id not in {n.user_id for n in notices}
    texts = [notify.text_of(n) for n in notices]
    assert all("Siti Rahayu" in t and f"#{order.id}" in t for t in texts)
    assert (
        db_session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == buyer.id, Notification.kind == "order_new")
        )
        == 0
    )
