"""1,000 signed Midtrans notifications, duplicated and shuffled, sent at once to gunicorn.

100 online checkouts wait for payment (PostgreSQL, four workers). Each has a decided final
status (paid by settlement or capture then settlement, expired, denied or cancelled) and ten
notifications telling its story: `pending` several times, the final status several times,
so duplicates and `pending` after the final status arrive in a random order from 24 threads.
The server trusts the signed body (MIDTRANS_VERIFY_STATUS=0), so the order of arrival is
exactly what the status table must cope with. Afterwards every order is in its final state,
stock was given back exactly once for the unpaid ones and never for the paid ones.
"""

from __future__ import annotations

import json
import random
import secrets
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
import sqlalchemy as sa

from marketplace.catalog.product_models import Product
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderEvent
from marketplace.payments import midtrans
from marketplace.payments.models import PaymentAttempt, PaymentNotification
from tests.factories import make_online_checkout
from tests.faults.helpers import gunicorn, seed_app

KEY = "SB-Mid-server-storm-key"
CHECKOUTS = 100
PER_CHECKOUT = 10
STOCK, QUANTITY = 20, 2
STORIES = {
    "settlement": ["pending", "settlement"],
    "capture": ["pending", "capture", "settlement"],
    "expire": ["pending", "expire"],
    "deny": ["pending", "deny"],
    "cancel": ["pending", "cancel"],
}
FINAL_ORDER_STATUS = {
    "settlement": "placed",
    "capture": "placed",
    "expire": "expired",
    "deny": "cancelled",
    "cancel": "cancelled",
}
CODES = {"pending": "201", "expire": "407", "deny": "202", "cancel": "200"}


def _seed(url, tmp):
    app = seed_app(url, tmp, MIDTRANS_SERVER_KEY=KEY)
    cases = []
    with app.test_request_context():
        for i in range(CHECKOUTS):
            checkout, _buyer, [product] = make_online_checkout(
                db.session, quantity=QUANTITY, stock=STOCK
            )
            attempt = PaymentAttempt(
                checkout_id=checkout.id,
                provider_order_id=f"TKM-{checkout.id}-{secrets.token_hex(4)}",
                gross_amount=checkout.total,
                expires_at=checkout.payment_deadline,
                redirect_url="https://app.sandbox.midtrans.com/snap/v4/redirection/x",
            )
            db.session.add(attempt)
            db.session.flush()
            story = list(STORIES)[i % len(STORIES)]
            cases.append(
                {
                    "story": story,
                    "order_id": attempt.provider_order_id,
                    "gross": f"{attempt.gross_amount}.00",
                    "checkout_id": checkout.id,
                    "product_id": product.id,
                }
            )
        db.session.commit()
    return app, cases


def _notification(case, status):
    body = {
        "order_id": case["order_id"],
        "status_code": CODES.get(status, "200"),
        "gross_amount": case["gross"],
        "transaction_status": status,
        "fraud_status": "accept",
        "payment_type": "qris",
    }
    body["signature_key"] = midtrans.signature(
        body["order_id"], body["status_code"], body["gross_amount"], KEY
    )
    return body


def _storm(cases, rng):
    bodies = []
    for case in cases:
        story = STORIES[case["story"]]
        picks = story + [rng.choice(story) for _ in range(PER_CHECKOUT - len(story))]
        bodies += [_notification(case, status) for status in picks]
    rng.shuffle(bodies)
    return bodies


def test_notification_storm_leaves_every_order_in_its_final_state(pg_url, tmp_path):
    app, cases = _seed(pg_url, tmp_path)
    bodies = _storm(cases, random.Random(8))  # noqa: S311 - a reproducible shuffle
    assert len(bodies) == CHECKOUTS * PER_CHECKOUT
    answers: Counter[tuple[int, str]] = Counter()
    lock = threading.Lock()
    local = threading.local()
    with gunicorn(
        pg_url, tmp_path, workers=4, MIDTRANS_SERVER_KEY=KEY, MIDTRANS_VERIFY_STATUS="0"
    ) as server:
        url = f"{server.base}/payments/midtrans/notification"

        def send(body):
            http = getattr(local, "http", None) or requests.Session()
            local.http = http
            response = http.post(
                url,
                data=json.dumps(body),
                headers={"Content-Type": "application/json"},
                timeout=90,
            )
            with lock:
                answers[(response.status_code, response.json()["outcome"])] += 1

        with ThreadPoolExecutor(24) as pool:
            list(pool.map(send, bodies))
    assert sum(answers.values()) == len(bodies)
    assert {code for code, _ in answers} == {200}, answers
    assert {outcome for _, outcome in answers} <= {"applied", "duplicate", "ignored"}

    with app.app_context():
        s = db.session
        assert s.scalar(sa.select(sa.func.count(PaymentNotification.id))) == len(bodies)
        for case in cases:
            order = s.scalars(
                sa.select(Order).where(Order.checkout_id == case["checkout_id"])
            ).one()
            attempt = s.scalars(
                sa.select(PaymentAttempt).where(
                    PaymentAttempt.provider_order_id == case["order_id"]
                )
            ).one()
            final = FINAL_ORDER_STATUS[case["story"]]
            assert order.status == final, case
            expected_attempt = "settlement" if final == "placed" else case["story"]
            assert attempt.status == expected_attempt, case
            assert not attempt.needs_refund, case
            stock = s.get(Product, case["product_id"]).stock
            moves = s.scalar(
                sa.select(sa.func.count(OrderEvent.id)).where(
                    OrderEvent.order_id == order.id, OrderEvent.to_status == final
                )
            )
            assert moves == 1, case  # the final move happened exactly once
            if final == "placed":
                assert stock == STOCK - QUANTITY and not order.stock_released, case
            else:
                assert stock == STOCK and order.stock_released, case
        s.remove()
        db.engine.dispose()
