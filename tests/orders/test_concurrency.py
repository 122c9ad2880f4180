"""Parallel buyers against one product with stock 10, each on its own connection.

These tests cannot use the rolled-back db_session: every request must commit on its own
connection, so each test builds a fresh, migrated database (SQLite file or a new PostgreSQL
database) and drives the app with one test client per thread.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.catalog.product_models import Product
from marketplace.extensions import db
from marketplace.orders.checkout import Selection, place_checkout
from marketplace.orders.models import GroupServiceSettings, Order
from tests.factories import (
    PASSWORD,
    fill_cart,
    make_group,
    make_logistics,
    make_product,
    make_service,
    make_user,
)
from tests.orders.helpers import pickup_form, tomorrow
from tests.racing import racing_app

BUYERS = 8
ATTEMPTS = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_app(request, tmp_path):
    yield from racing_app(request, tmp_path, BUYERS)


def _seed(app):
    with app.app_context():
        logistics = make_logistics(db.session)
        group = make_group(db.session, name="Dapur Bu Sri")
        make_service(db.session, group, logistics)
        product = make_product(db.session, group, name="Nasi Kotak", stock=10)
        buyers = [make_user(db.session) for _ in range(BUYERS)]
        data = {
            "product_id": product.id,
            "group": group,
            "emails": [b.email for b in buyers],
            "form": pickup_form(group, logistics),
            "point_id": logistics["points"][0].id,
            "window_id": logistics["windows"]["siang"].id,
            "group_id": group.id,
        }
        db.session.commit()
        return data


def _run_parallel(worker, n):
    barrier = threading.Barrier(n)
    errors = []

    def wrapped(i):
        try:
            barrier.wait(timeout=30)
            worker(i)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(repr(exc))

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []


def test_parallel_buyers_never_oversell(fresh_app):
    data = _seed(fresh_app)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def buyer(i):
        client = fresh_app.test_client()
        login = client.post(
            "/akun/masuk", data={"identifier": data["emails"][i], "password": PASSWORD}
        )
        assert login.status_code == 302
        for _ in range(ATTEMPTS):
            add = client.post(
                "/keranjang/tambah", data={"product_id": data["product_id"], "quantity": 1}
            )
            if add.status_code == 422:  # stock already gone when adding
                assert "Stok Nasi Kotak tinggal 0" in add.get_data(as_text=True)
                result = "out_of_stock"
            else:
                assert add.status_code == 302, add.status_code
                response = client.post("/checkout", data=data["form"])
                if response.status_code == 302:
                    result = "sold"
                else:
                    assert response.status_code == 409, response.status_code
                    assert "Stok Nasi Kotak tidak cukup: tinggal 0" in response.get_data(
                        as_text=True
                    )
                    result = "out_of_stock"
                    client.post(f"/keranjang/ubah/{data['product_id']}", data={"remove": "1"})
            with lock:
                outcomes[result] += 1

    _run_parallel(buyer, BUYERS)
    assert outcomes["sold"] == 10
    assert outcomes["out_of_stock"] == BUYERS * ATTEMPTS - 10
    with fresh_app.app_context():
        assert db.session.get(Product, data["product_id"]).stock == 0
        assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 10


def test_concurrent_double_cancel_gives_stock_back_once(fresh_app):
    data = _seed(fresh_app)
    with fresh_app.app_context():
        buyer = db.session.scalar(sa.select(User).where(User.email == data["emails"][0]))
        product = db.session.get(Product, data["product_id"])
        fill_cart(db.session, buyer, {product: 3})
        selection = Selection(
            "pickup", tomorrow(), data["window_id"], pickup_point_id=data["point_id"]
        )
        order_id = (
            place_checkout(db.session, buyer, {data["group_id"]: selection}, "cod").orders[0].id
        )
        db.session.commit()
        assert db.session.get(Product, data["product_id"]).stock == 7
    statuses = []

    def cancel(_i):
        client = fresh_app.test_client()
        client.post("/akun/masuk", data={"identifier": data["emails"][0], "password": PASSWORD})
        statuses.append(client.post(f"/pesanan/{order_id}/batal").status_code)

    _run_parallel(cancel, 4)
    assert sorted(statuses) == [302, 409, 409, 409]
    with fresh_app.app_context():
        assert db.session.get(Product, data["product_id"]).stock == 10
        assert db.session.get(Order, order_id).status == "cancelled"


def test_parallel_buyers_never_overfill_a_capped_window(fresh_app):
    """A group taking 3 orders per window: 8 buyers at once, exactly 3 get that window."""
    data = _seed(fresh_app)
    with fresh_app.app_context():
        db.session.get(GroupServiceSettings, data["group_id"]).max_orders_per_window = 3
        db.session.commit()
    statuses: list[int] = []
    lock = threading.Lock()

    def buyer(i):
        client = fresh_app.test_client()
        client.post("/akun/masuk", data={"identifier": data["emails"][i], "password": PASSWORD})
        add = client.post("/keranjang/tambah", data={"product_id": data["product_id"]})
        assert add.status_code == 302, add.status_code
        response = client.post("/checkout", data=data["form"])
        if response.status_code == 422:
            assert "sudah penuh" in response.get_data(as_text=True)
        with lock:
            statuses.append(response.status_code)

    _run_parallel(buyer, BUYERS)
    assert sorted(statuses) == [302] * 3 + [422] * (BUYERS - 3)
    with fresh_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 3
        assert db.session.get(Product, data["product_id"]).stock == 7
