"""Online payment through the real midtransclient against a fake Midtrans on 127.0.0.1."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from marketplace.catalog.product_models import Product
from marketplace.orders.order_models import Checkout, Order, OrderEvent
from marketplace.payments import midtrans
from marketplace.payments.models import PaymentAttempt, PaymentNotification
from tests.conftest import make_app
from tests.factories import make_user
from tests.payments.conftest import SERVER_KEY
from tests.waiting import wait_until


def _notification(attempt, status="settlement", gross=None, key=SERVER_KEY, **extra):
    gross = f"{attempt.gross_amount if gross is None else gross}.00"
    code = {"settlement": "200", "pending": "201", "expire": "407", "deny": "202"}.get(
        status, "200"
    )
    body = {
        "order_id": attempt.provider_order_id,
        "status_code": code,
        "gross_amount": gross,
        "transaction_status": status,
        "fraud_status": "accept",
        **extra,
    }
    body["signature_key"] = midtrans.signature(body["order_id"], code, gross, key)
    return body


def _start(client, db_session, checkout):
    response = client.post(f"/pembayaran/{checkout.id}/bayar")
    db_session.expire_all()
    attempt = db_session.scalars(
        select(PaymentAttempt)
        .where(PaymentAttempt.checkout_id == checkout.id)
        .order_by(PaymentAttempt.id.desc())
    ).first()
    return response, attempt


def _post(client, body):
    return client.post(
        "/payments/midtrans/notification", data=json.dumps(body), content_type="application/json"
    )


def _pay_after_expiry(client, fake_midtrans, attempt):
    """Midtrans expires the payment, then the money arrives anyway; the second answer."""
    fake_midtrans.set_status(attempt.provider_order_id, "expire", attempt.gross_amount)
    _post(client, _notification(attempt, status="expire"))
    fake_midtrans.set_status(attempt.provider_order_id, "settlement", attempt.gross_amount)
    return _post(client, _notification(attempt))


def _statuses(db_session, checkout):
    db_session.expire_all()
    return [
        o.status
        for o in db_session.scalars(
            select(Order).where(Order.checkout_id == checkout.id).order_by(Order.id)
        )
    ]


def test_snap_request_has_exact_sums_and_valid_order_id(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _products = online_checkout(delivery_fee=5000)
    login_as(buyer)
    response, attempt = _start(client, db_session, checkout)
    assert response.status_code == 303
    assert response.headers["Location"] == attempt.redirect_url
    [body] = fake_midtrans.snap_requests
    details = body["transaction_details"]
    assert details["gross_amount"] == checkout.total
    assert sum(i["price"] * i["quantity"] for i in body["item_details"]) == checkout.total
    assert any(i["id"].startswith("ONGKIR-") and i["price"] == 5000 for i in body["item_details"])
    assert midtrans.valid_order_id(details["order_id"]) and len(details["order_id"]) <= 50
    assert body["expiry"]["unit"] == "minute" and body["expiry"]["duration"] > 0
    assert "other_qris" in body["enabled_payments"]
    assert body["customer_details"]["email"] == buyer.email


def test_signed_settlement_marks_orders_paid(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(
        attempt.provider_order_id, "settlement", attempt.gross_amount, "accept"
    )
    response = _post(client, _notification(attempt))
    assert response.status_code == 200
    assert _statuses(db_session, checkout) == ["placed"]
    assert db_session.get(Checkout, checkout.id).payment_status == "settlement"
    page = client.get(f"/pembayaran/{checkout.id}").get_data(as_text=True)
    assert "Lunas" in page


def test_forged_signature_changes_nothing(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(attempt.provider_order_id, "settlement", attempt.gross_amount)
    response = _post(client, _notification(attempt, key="wrong-key"))
    assert response.status_code == 403
    assert _statuses(db_session, checkout) == ["awaiting_payment"]
    assert db_session.scalar(select(func.count(PaymentNotification.id))) == 0


def test_amount_mismatch_and_unknown_order_and_malformed(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(attempt.provider_order_id, "settlement", attempt.gross_amount)
    assert _post(client, _notification(attempt, gross=1000)).status_code == 400
    assert _statuses(db_session, checkout) == ["awaiting_payment"]
    unknown = _notification(attempt) | {"order_id": "TKM-does-not-exist"}
    unknown["signature_key"] = midtrans.signature(
        "TKM-does-not-exist", "200", unknown["gross_amount"], SERVER_KEY
    )
    assert _post(client, unknown).status_code == 404
    assert (
        client.post(
            "/payments/midtrans/notification", data="{not json", content_type="application/json"
        ).status_code
        == 400
    )
    assert _post(client, {"order_id": 5}).status_code == 400
    assert _statuses(db_session, checkout) == ["awaiting_payment"]


def test_duplicate_and_out_of_order_pending_change_nothing(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(attempt.provider_order_id, "settlement", attempt.gross_amount)
    assert _post(client, _notification(attempt)).get_json()["outcome"] == "applied"
    events = db_session.scalar(select(func.count(OrderEvent.id)))
    assert _post(client, _notification(attempt)).get_json()["outcome"] == "duplicate"
    # Midtrans' status now (wrongly) says pending too: a step backwards is still ignored.
    fake_midtrans.set_status(attempt.provider_order_id, "pending", attempt.gross_amount)
    late = _post(client, _notification(attempt, status="pending"))
    assert late.status_code == 200 and late.get_json()["outcome"] == "ignored"
    assert _statuses(db_session, checkout) == ["placed"]
    assert db_session.get(Checkout, checkout.id).payment_status == "settlement"
    assert db_session.scalar(select(func.count(OrderEvent.id))) == events
    assert db_session.scalar(select(func.count(PaymentNotification.id))) == 3


def test_status_call_decides_not_the_notification_body(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(attempt.provider_order_id, "pending", attempt.gross_amount)
    _post(client, _notification(attempt, status="settlement"))
    assert _statuses(db_session, checkout) == ["awaiting_payment"]


def test_expiry_releases_stock_once_with_notification_and_reconcile(
    online_checkout, client, runner, db_session, login_as, fake_midtrans
):
    checkout, buyer, products = online_checkout(quantity=3, stock=10)
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    assert db_session.get(Product, products[0].id).stock == 7
    fake_midtrans.set_status(attempt.provider_order_id, "expire", attempt.gross_amount)
    assert _post(client, _notification(attempt, status="expire")).status_code == 200
    assert _statuses(db_session, checkout) == ["expired"]
    # The deadline passes and the cron job asks Midtrans too: nothing is released twice.
    db_session.get(PaymentAttempt, attempt.id).expires_at = checkout.created_at
    db_session.flush()
    result = runner.invoke(args=["payments", "reconcile"])
    assert result.exit_code == 0, result.output
    _post(client, _notification(attempt, status="expire"))
    db_session.expire_all()
    assert db_session.get(Product, products[0].id).stock == 10


def test_reconcile_expires_overdue_payment(
    online_checkout, runner, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, products = online_checkout(quantity=2, stock=5)
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(attempt.provider_order_id, "expire", attempt.gross_amount)
    db_session.get(PaymentAttempt, attempt.id).expires_at = checkout.created_at
    db_session.flush()
    result = runner.invoke(args=["payments", "reconcile"])
    assert "applied: 1" in result.output
    assert _statuses(db_session, checkout) == ["expired"]
    assert db_session.get(Product, products[0].id).stock == 5


def test_late_settlement_after_expiry_is_flagged_for_refund(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    officer = make_user(db_session, role="officer")
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    assert _pay_after_expiry(client, fake_midtrans, attempt).status_code == 200
    assert _statuses(db_session, checkout) == ["expired"]
    assert db_session.get(PaymentAttempt, attempt.id).needs_refund is True
    client.post("/akun/keluar")
    login_as(officer)
    page = client.get("/pendamping/pembayaran").get_data(as_text=True)
    assert attempt.provider_order_id in page


def test_midtrans_timeout_gives_clear_message_and_order_stays_payable(
    online_checkout, client, db_session, login_as, fake_midtrans, app, monkeypatch
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    monkeypatch.setitem(app.config, "MIDTRANS_TIMEOUT", 0.2)
    fake_midtrans.delay = 0.6
    response = client.post(f"/pembayaran/{checkout.id}/bayar", follow_redirects=True)
    assert response.status_code == 200
    assert "tidak menjawab tepat waktu" in response.get_data(as_text=True)
    assert _statuses(db_session, checkout) == ["awaiting_payment"]
    # The fake server answers one request at a time: let it finish the slow one first.
    wait_until(lambda: fake_midtrans.busy == 0, 10, what="the fake Midtrans to finish")
    fake_midtrans.delay = 0
    again, attempt = _start(client, db_session, checkout)
    assert again.status_code == 303 and attempt.redirect_url


def test_simulator_refused_in_production(tmp_path):
    with pytest.raises(RuntimeError, match="simulator"):
        make_app("sqlite://", tmp_path, MIDTRANS_SIMULATOR=True, MIDTRANS_IS_PRODUCTION=True)
    with pytest.raises(RuntimeError, match="simulator"):
        make_app("sqlite://", tmp_path, MIDTRANS_SIMULATOR=True, ENV_NAME="production")
