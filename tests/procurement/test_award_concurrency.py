"""Concurrent awards never overbook a group's day, and a double-clicked award makes one set
of POs. A fresh migrated database per test (SQLite file, and PostgreSQL when
TEST_DATABASE_URL is set), each request on its own connection, committing (like
tests/orders/test_capacity_concurrency.py)."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders.capacity_models import CapacityUse
from marketplace.procurement.po_models import PurchaseOrder
from tests.factories import PASSWORD
from tests.procurement.po_helpers import award_setup, form_for
from tests.racing import racing_app

UNITS_PER_DAY = 10
COMPANIES = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_app(request, tmp_path):
    yield from racing_app(request, tmp_path, COMPANIES)


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


def _client(app, email):
    client = app.test_client()
    response = client.post("/akun/masuk", data={"identifier": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_companies_awarding_the_same_groups_day_never_overbook_it(fresh_app):
    """Four companies award 6 units each of one group's only day (10 a day) at once: one
    award goes through; the others are refused and leave nothing behind: 409 when their
    reservation's conditional UPDATE lost the race, 422 when the day was already seen full
    while checking (SQLite serialises writers, so there it is always that)."""
    with fresh_app.app_context():
        first = award_setup(db.session, ((50_000, 6, UNITS_PER_DAY),), need=6, days=1)
        group = first["groups"][0]
        setups = [first]
        for _ in range(COMPANIES - 1):
            other = award_setup(db.session, (), need=6, days=1, logistics=first["logistics"])
            from tests.procurement.factories import make_quote

            make_quote(db.session, other["rfq"], group, unit_price=50_000, lead_time_days=0)
            other["groups"] = [group]
            setups.append(other)
        jobs = [
            (s["staff"].email, f"/pengadaan/permintaan/{s['rfq'].id}/pemenang", form_for(s, {0: 6}))
            for s in setups
        ]
        db.session.commit()
    statuses, pages = [], []
    lock = threading.Lock()

    def company(i):
        email, url, data = jobs[i]
        client = _client(fresh_app, email)
        response = client.post(url, data=data)
        with lock:
            statuses.append(response.status_code)
            pages.append(response.get_data(as_text=True))

    _run_parallel(company, COMPANIES)
    assert sorted(statuses)[0] == 303 and set(sorted(statuses)[1:]) <= {409, 422}
    refused = [p for p, s in zip(pages, statuses, strict=True) if s != 303]
    assert all(
        "baru saja terpakai pesanan lain" in p or "tidak cukup sampai tanggal" in p for p in refused
    )
    with fresh_app.app_context():
        taken = db.session.scalars(sa.select(CapacityUse.units_taken)).all()
        assert taken == [6]
        assert db.session.scalar(sa.select(sa.func.count(PurchaseOrder.id))) == 1


def test_double_submitted_award_makes_one_set_of_pos(fresh_app):
    with fresh_app.app_context():
        setup = award_setup(db.session, ((50_000, 100, None), (60_000, 100, 50)), need=150)
        email = setup["staff"].email
        url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
        data = form_for(setup, {0: 100, 1: 50})
        db.session.commit()
    clients = [_client(fresh_app, email) for _ in range(3)]
    statuses = []
    lock = threading.Lock()

    def submit(i):
        response = clients[i].post(url, data=data)
        with lock:
            statuses.append(response.status_code)

    _run_parallel(submit, 3)
    assert statuses == [303, 303, 303]  # the repeats are sent to the POs made by the first
    with fresh_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PurchaseOrder.id))) == 2
        assert db.session.scalars(sa.select(CapacityUse.units_taken)).all() == [50]
