"""Parallel reservations of one group's day never exceed its declared units per day.

Like tests/orders/test_concurrency.py: a fresh migrated database per test (SQLite file, and
PostgreSQL when TEST_DATABASE_URL is set), every thread on its own connection, committing.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders import capacity
from marketplace.orders.models import CapacityUse, Order
from tests.factories import (
    PASSWORD,
    make_capacity,
    make_group,
    make_logistics,
    make_product,
    make_service,
    make_user,
)
from tests.orders.helpers import pickup_form, tomorrow
from tests.racing import racing_app

THREADS = 8
UNITS_PER_DAY = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_app(request, tmp_path):
    yield from racing_app(request, tmp_path, THREADS)


def _seed(app) -> dict:
    with app.app_context():
        logistics = make_logistics(db.session)
        group = make_group(db.session, name="Dapur Bu Sri")
        make_service(db.session, group, logistics)
        product = make_product(db.session, group, name="Nasi Kotak", stock=1000)
        cap = make_capacity(db.session, group, product=product, units_per_day=UNITS_PER_DAY)
        buyers = [make_user(db.session) for _ in range(THREADS)]
        data = {
            "group_id": group.id,
            "product_id": product.id,
            "capacity_id": cap.id,
            "emails": [b.email for b in buyers],
            "form": pickup_form(group, logistics),
        }
        db.session.commit()
        return data


def _run_parallel(worker, n: int) -> None:
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


def _taken(app, data, day) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(CapacityUse.units_taken).where(
                CapacityUse.capacity_id == data["capacity_id"], CapacityUse.day == day
            )
        )


def test_parallel_reservations_never_overbook_a_day(fresh_app):
    """8 threads, 4 tries each of 1-3 units on the same first-ever day: the row is created by
    whoever comes first and the total taken never passes 10."""
    data = _seed(fresh_app)
    day = tomorrow()
    granted: list[int] = []
    lock = threading.Lock()

    def worker(i):
        for attempt in range(4):
            units = 1 + (i + attempt) % 3
            with fresh_app.app_context():
                try:
                    capacity.reserve_units(
                        db.session, data["group_id"], day, units, product_id=data["product_id"]
                    )
                except capacity.CapacityFull as full:
                    db.session.rollback()
                    assert 0 <= full.available < units
                    continue
                db.session.commit()
                with lock:
                    granted.append(units)

    _run_parallel(worker, THREADS)
    assert sum(granted) == _taken(fresh_app, data, day)
    assert UNITS_PER_DAY - 2 <= sum(granted) <= UNITS_PER_DAY


def test_parallel_checkouts_share_the_day(fresh_app):
    """8 buyers check out 3 units each at once against 10 a day: exactly 3 get through."""
    data = _seed(fresh_app)
    statuses: list[int] = []
    lock = threading.Lock()

    def buyer(i):
        client = fresh_app.test_client()
        client.post("/akun/masuk", data={"identifier": data["emails"][i], "password": PASSWORD})
        add = client.post(
            "/keranjang/tambah", data={"product_id": data["product_id"], "quantity": 3}
        )
        assert add.status_code == 302, add.status_code
        response = client.post("/checkout", data=data["form"])
        if response.status_code == 409:
            assert "Kapasitas produksi Nasi Kotak" in response.get_data(as_text=True)
        with lock:
            statuses.append(response.status_code)

    _run_parallel(buyer, THREADS)
    assert sorted(statuses) == [302] * 3 + [409] * (THREADS - 3)
    assert _taken(fresh_app, data, tomorrow()) == 9
    with fresh_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 3
