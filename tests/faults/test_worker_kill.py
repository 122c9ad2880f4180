"""gunicorn workers SIGKILLed in the middle of checkouts leave no half-written checkout.

Buyers check out two groups' products in a loop against three workers while the test kills a
worker (SIGKILL: no cleanup, no rollback in Python) several times. The database transaction
is the unit: every checkout that exists is whole (its orders, lines and totals add up) and
took its stock, and stock plus units sold equals the initial stock.
"""

from __future__ import annotations

import os
import random
import signal
import threading
from collections import Counter

import requests
import sqlalchemy as sa

from marketplace.catalog.product_models import Product
from marketplace.extensions import db
from marketplace.orders.models import Checkout, Order, OrderLine
from tests.factories import (
    PASSWORD,
    make_group,
    make_logistics,
    make_product,
    make_service,
    make_user,
)
from tests.faults.helpers import Buyer, gunicorn, seed_app
from tests.orders.helpers import pickup_form
from tests.waiting import wait_until

STOCK = 100_000
BUYERS = 6
KILLS = 4


def _seed(url, tmp):
    app = seed_app(url, tmp)
    with app.app_context():
        logistics = make_logistics(db.session)
        form, products = {}, []
        for name in ("Dapur Bu Sri", "Konveksi Maju"):
            group = make_group(db.session, name=name)
            make_service(db.session, group, logistics)
            products.append(make_product(db.session, group, stock=STOCK).id)
            form.update(pickup_form(group, logistics))
        emails = [make_user(db.session).email for _ in range(BUYERS)]
        db.session.commit()
    return app, {"products": products, "form": form, "emails": emails}


def _check_invariants(app, product_ids) -> int:
    """Assert that every checkout is whole; return how many there are."""
    with app.app_context():
        s = db.session
        checkouts = s.scalars(sa.select(Checkout)).all()
        for checkout in checkouts:
            orders = s.scalars(sa.select(Order).where(Order.checkout_id == checkout.id)).all()
            assert orders, f"checkout {checkout.id} has no order"
            assert checkout.total == sum(o.total for o in orders), checkout.id
            for order in orders:
                lines = s.scalars(sa.select(OrderLine).where(OrderLine.order_id == order.id)).all()
                assert lines, f"order {order.id} has no line"
                assert order.subtotal == sum(line.line_total for line in lines), order.id
                assert order.total == order.subtotal + order.delivery_fee, order.id
                assert all(line.line_total == line.unit_price * line.quantity for line in lines)
        for pid in product_ids:
            sold = s.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(OrderLine.quantity), 0))
                .join(Order, Order.id == OrderLine.order_id)
                .where(
                    OrderLine.product_id == pid,
                    OrderLine.from_stock.is_(True),
                    Order.stock_released.is_(False),
                )
            )
            assert s.get(Product, pid).stock + sold == STOCK, pid
        s.remove()
        db.engine.dispose()
        return len(checkouts)


def _answered(answers: Counter[str], lock: threading.Lock) -> int:
    with lock:
        return sum(answers.values())


def test_sigkilled_workers_leave_no_half_written_checkout(any_db_url, tmp_path):
    app, data = _seed(any_db_url, tmp_path)
    answers: Counter[str] = Counter()
    lock = threading.Lock()
    stop = threading.Event()
    with gunicorn(any_db_url, tmp_path, workers=3) as server:
        buyers = [Buyer(server.base, email, PASSWORD) for email in data["emails"]]

        def shop(buyer):
            while not stop.is_set():
                try:
                    for pid in data["products"]:
                        buyer.add(pid)
                    result = str(buyer.checkout(data["form"]).status_code)
                except requests.ConnectionError:  # its worker was killed mid-request
                    result = "cut"
                with lock:
                    answers[result] += 1

        threads = [threading.Thread(target=shop, args=(b,), daemon=True) for b in buyers]
        for t in threads:
            t.start()
        killed = []
        try:
            for _ in range(KILLS):
                # Kill while checkouts are in flight: once every buyer could have had an
                # answer since the last kill, and the master has its three workers again.
                target = _answered(answers, lock) + BUYERS
                wait_until(
                    lambda t=target: _answered(answers, lock) >= t and len(server.workers()) == 3,
                    60,
                    what="checkouts answered since the last kill",
                )
                victim = random.choice(server.workers())  # noqa: S311 - not security
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            wait_until(
                lambda: len(server.workers()) == 3 and not set(killed) & set(server.workers()),
                60,
                what="the master replacing the killed workers",
            )
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
        assert server.proc.poll() is None
        assert not set(killed) & set(server.workers())  # the master replaced them
    assert not any(t.is_alive() for t in threads)
    assert set(answers) <= {"302", "cut"}, answers  # no 5xx, nothing else than sales or cuts
    checkouts = _check_invariants(app, data["products"])
    assert checkouts >= answers["302"] > 0, answers
