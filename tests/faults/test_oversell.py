"""200 buyers race for 50 units through real gunicorn workers of two server processes.

Two gunicorn masters (3 and 2 sync workers) share one PostgreSQL database, as two hosts
would; every buyer logs in through the login form (its cart already holds one unit) and all 200
post the real checkout form at once, with CSRF on. Exactly 50 units are sold, the stock ends
at 0 and every request gets an answer: a sale (302) or a clear out-of-stock answer (409),
never a 5xx.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from marketplace.catalog.product_models import Product
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine
from tests.factories import (
    PASSWORD,
    fill_cart,
    make_group,
    make_logistics,
    make_product,
    make_service,
    make_user,
)
from tests.faults.helpers import Buyer, gunicorn, run_threads, seed_app
from tests.orders.helpers import pickup_form

BUYERS = 200
STOCK = 50


def _seed(url, tmp):
    app = seed_app(url, tmp)
    with app.app_context():
        logistics = make_logistics(db.session)
        group = make_group(db.session, name="Dapur Bu Sri")
        make_service(db.session, group, logistics)
        product = make_product(db.session, group, name="Nasi Kotak Rendang", stock=STOCK)
        buyers = [make_user(db.session) for _ in range(BUYERS)]
        for buyer in buyers:  # each attempt's cart holds one unit, as after "add to cart"
            fill_cart(db.session, buyer, {product: 1})
        emails = [b.email for b in buyers]
        data = {"product_id": product.id, "emails": emails, "form": pickup_form(group, logistics)}
        db.session.commit()
    return app, data


def test_200_buyers_two_processes_sell_exactly_the_stock(pg_url, tmp_path):
    app, data = _seed(pg_url, tmp_path)
    with gunicorn(pg_url, tmp_path, workers=3) as one, gunicorn(pg_url, tmp_path, workers=2) as two:
        bases = [one.base, two.base]
        with ThreadPoolExecutor(16) as pool:
            buyers = list(
                pool.map(lambda i: Buyer(bases[i % 2], data["emails"][i], PASSWORD), range(BUYERS))
            )
        outcomes: Counter[str] = Counter()
        lock = threading.Lock()

        def buy(i):
            response = buyers[i].checkout(data["form"])
            result = {302: "sold", 409: "out_of_stock"}.get(response.status_code)
            if result == "out_of_stock":
                assert "tidak cukup: tinggal 0" in response.text
            with lock:
                outcomes[result or f"http_{response.status_code}"] += 1

        errors = run_threads(buy, BUYERS)
        for server in (one, two):
            assert server.proc.poll() is None, "a gunicorn master died"

    assert errors == []
    assert sum(outcomes.values()) == BUYERS  # every attempt was answered
    assert outcomes["sold"] == STOCK, outcomes
    assert not [k for k in outcomes if k.startswith("http_")], outcomes
    with app.app_context():
        sold = db.session.scalar(
            sa.select(sa.func.sum(OrderLine.quantity)).where(
                OrderLine.product_id == data["product_id"]
            )
        )
        assert sold == STOCK
        assert db.session.scalar(sa.select(sa.func.count(Order.id))) == STOCK
        assert db.session.get(Product, data["product_id"]).stock == 0
        db.session.remove()
        db.engine.dispose()
