"""Cart and split checkout: one checkout, one order per group, fees, stock, slots."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import WIB
from marketplace.orders.checkout import CheckoutError, Selection, place_checkout
from marketplace.orders.fulfilment import transition
from marketplace.orders.models import CartItem, Checkout, Notification, Order
from tests.factories import (
    fill_cart,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)
from tests.orders.helpers import add_to_cart, delivery_form, pickup_form, tomorrow


def test_split_checkout_creates_one_order_per_group_with_fees(client, db_session, login_as, shop):
    login_as(shop["buyer"])
    assert add_to_cart(client, shop["nasi"], 3).status_code == 302
    assert add_to_cart(client, shop["kaos"], 2).status_code == 302
    cart_page = client.get("/keranjang").get_data(as_text=True)
    assert "Dapur Bu Sri" in cart_page and "Konveksi Maju" in cart_page
    assert "Rp\u00a0175.000" in cart_page  # 3 × 15.000 + 2 × 65.000
    checkout_page = client.get("/checkout").get_data(as_text=True)
    assert "Gerbang" in checkout_page and "Mess Blok" in checkout_page

    form = pickup_form(shop["nasi_group"], shop["logistics"]) | delivery_form(
        shop["kaos_group"], shop["logistics"], zone=1
    )
    response = client.post("/checkout", data=form | {"payment": "cod"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    db_session.expire_all()
    checkout = db_session.scalars(select(Checkout)).one()
    assert checkout.payment_method == "cod" and checkout.payment_status == "none"
    orders = {o.group_id: o for o in checkout.orders}
    nasi_order, kaos_order = orders[shop["nasi_group"].id], orders[shop["kaos_group"].id]
    assert nasi_order.status == kaos_order.status == "placed"
    assert (nasi_order.fulfilment, nasi_order.delivery_fee, nasi_order.total) == (
        "pickup",
        0,
        45000,
    )
    assert (kaos_order.fulfilment, kaos_order.delivery_fee, kaos_order.total) == (
        "delivery",
        7000,
        137000,
    )
    assert kaos_order.address_note == "Kamar 12, Blok B"
    assert checkout.total == 45000 + 137000
    line = nasi_order.lines[0]
    assert (line.name, line.unit_price, line.quantity, line.line_total) == (
        "Nasi Kotak Ayam",
        15000,
        3,
        45000,
    )
    assert nasi_order.pickup_code != kaos_order.pickup_code and len(nasi_order.pickup_code) == 6
    assert db_session.get(Product, shop["nasi"].id).stock == 7
    assert db_session.get(Product, shop["kaos"].id).stock == 3
    assert db_session.get(Product, shop["nasi"].id).ever_ordered
    assert db_session.scalar(select(func.count(CartItem.id))) == 0
    # The producers were told, and the buyer too (a cash order is as new as a paid one); the
    # confirmation shows both codes and the grand total.
    chair_ids = {shop["nasi_group"].chair.id, shop["kaos_group"].chair.id}
    told = set(db_session.scalars(select(Notification.user_id)))
    assert told == chair_ids | {shop["buyer"].id}
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert nasi_order.pickup_code in done and kaos_order.pickup_code in done
    assert "Rp\u00a0182.000" in done


def test_out_of_stock_during_checkout_names_item_and_creates_nothing(
    client, db_session, login_as, shop
):
    login_as(shop["buyer"])
    add_to_cart(client, shop["nasi"], 2)
    add_to_cart(client, shop["kaos"], 4)
    # Someone else buys the shirts first.
    db_session.get(Product, shop["kaos"].id).stock = 1
    db_session.flush()
    form = pickup_form(shop["nasi_group"], shop["logistics"]) | pickup_form(
        shop["kaos_group"], shop["logistics"]
    )
    response = client.post("/checkout", data=form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Kaos Sablon" in page and "tinggal 1" in page
    db_session.expire_all()
    assert db_session.scalar(select(func.count(Order.id))) == 0
    assert db_session.scalar(select(func.count(Checkout.id))) == 0
    assert db_session.get(Product, shop["nasi"].id).stock == 10
    assert db_session.scalar(select(func.count(CartItem.id))) == 2  # the cart is kept


def test_cart_respects_stock_and_minimum_order(client, db_session, login_as, shop):
    box = make_product(db_session, shop["nasi_group"], name="Nasi Box Rapat", min_order=10)
    login_as(shop["buyer"])
    response = add_to_cart(client, shop["nasi"], 11)
    assert response.status_code == 422
    assert "Stok Nasi Kotak Ayam tinggal 10" in response.get_data(as_text=True)
    add_to_cart(client, box, 1)  # raised to the minimum
    db_session.expire_all()
    assert db_session.scalar(select(CartItem.quantity).where(CartItem.product_id == box.id)) == 10
    response = client.post(f"/keranjang/ubah/{box.id}", data={"quantity": "5"})
    assert response.status_code == 422
    assert "Minimal pesan Nasi Box Rapat adalah 10" in response.get_data(as_text=True)


def test_cart_survives_login(client, db_session, shop):
    add_to_cart(client, shop["nasi"], 2)
    assert "Nasi Kotak Ayam" in client.get("/keranjang").get_data(as_text=True)
    response = client.post(
        "/akun/masuk", data={"identifier": shop["buyer"].email, "password": "rahasia123"}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.scalar(select(CartItem.quantity)) == 2
    assert "Nasi Kotak Ayam" in client.get("/keranjang").get_data(as_text=True)


def test_delivery_needs_an_address_and_a_served_zone(client, db_session, login_as, shop):
    login_as(shop["buyer"])
    add_to_cart(client, shop["nasi"], 1)
    no_note = delivery_form(shop["nasi_group"], shop["logistics"], note="  ")
    assert client.post("/checkout", data=no_note).status_code == 422
    other_zone = make_logistics(db_session)["zones"][0]
    form = delivery_form(shop["nasi_group"], shop["logistics"])
    form[f"zone-{shop['nasi_group'].id}"] = str(other_zone.id)
    response = client.post("/checkout", data=form)
    assert response.status_code == 422
    assert "tidak mengantar ke zona itu" in response.get_data(as_text=True)
    assert client.post("/checkout", data={}).status_code == 422  # nothing chosen
    db_session.expire_all()
    assert db_session.scalar(select(func.count(Order.id))) == 0


def test_cutoff_closes_a_window(db_session, shop):
    make_service(db_session, shop["nasi_group"], shop["logistics"], cutoff_minutes=120)
    fill_cart(db_session, shop["buyer"], {shop["nasi"]: 1})
    siang = shop["logistics"]["windows"]["siang"]  # 11:45 WIB; cutoff 09:45
    day = tomorrow()
    selection = {
        shop["nasi_group"].id: Selection(
            "pickup", day, siang.id, pickup_point_id=shop["logistics"]["points"][0].id
        )
    }

    def at(hh, mm):
        return datetime.combine(day, time(hh, mm), tzinfo=WIB).astimezone(tz=None)

    with pytest.raises(CheckoutError, match="sudah ditutup"):
        place_checkout(db_session, shop["buyer"], selection, "cod", now=at(9, 50))
    checkout = place_checkout(db_session, shop["buyer"], selection, "cod", now=at(9, 40))
    assert checkout.orders[0].pickup_date == day


def test_window_capacity_refuses_when_full_and_hides_the_slot(client, db_session, login_as, shop):
    make_service(db_session, shop["nasi_group"], shop["logistics"], max_orders_per_window=2)
    for _ in range(2):
        make_order(db_session, make_user(db_session), {shop["nasi"]: 1}, shop["logistics"])
    login_as(shop["buyer"])
    add_to_cart(client, shop["nasi"], 1)
    siang_slot = f"{tomorrow().isoformat()}|{shop['logistics']['windows']['siang'].id}"
    page = client.get("/checkout").get_data(as_text=True)
    assert siang_slot not in page  # a full window cannot be chosen
    response = client.post("/checkout", data=pickup_form(shop["nasi_group"], shop["logistics"]))
    assert response.status_code == 422
    assert "sudah penuh" in response.get_data(as_text=True)
    # Another window the same day still works.
    form = pickup_form(shop["nasi_group"], shop["logistics"], window="malam")
    assert client.post("/checkout", data=form).status_code == 302


def test_preorder_products_start_at_their_earliest_date(db_session, shop):
    batik = make_product(
        db_session,
        shop["kaos_group"],
        name="Kemeja Batik",
        is_preorder=True,
        lead_time_days=3,
        stock=0,  # made after ordering: no stock needed
    )
    fill_cart(db_session, shop["buyer"], {batik: 1})
    selection = {
        shop["kaos_group"].id: Selection(
            "pickup",
            tomorrow(),
            shop["logistics"]["windows"]["pagi"].id,
            pickup_point_id=shop["logistics"]["points"][0].id,
        )
    }
    with pytest.raises(CheckoutError, match="paling cepat"):
        place_checkout(db_session, shop["buyer"], selection, "cod")
    selection[shop["kaos_group"].id].day = tomorrow() + timedelta(days=2)
    checkout = place_checkout(db_session, shop["buyer"], selection, "cod")
    assert checkout.total == batik.price
    order = checkout.orders[0]
    transition(db_session, order, "cancelled", shop["buyer"])
    db_session.expire_all()
    assert db_session.get(Product, batik.id).stock == 0  # nothing was taken, nothing given back


def test_unknown_payment_method_is_refused(db_session, shop):
    fill_cart(db_session, shop["buyer"], {shop["nasi"]: 1})
    with pytest.raises(CheckoutError, match="Metode pembayaran"):
        make_order(
            db_session,
            shop["buyer"],
            {shop["nasi"]: 1},
            shop["logistics"],
            payment_method="bitcoin",
        )
