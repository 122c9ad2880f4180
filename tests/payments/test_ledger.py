"""Earnings, refunds and payouts in each group's ledger; the simulator pays a demo order."""

from __future__ import annotations

import json

from sqlalchemy import select

from marketplace.investors.models import GroupMonthlyStats
from marketplace.orders import services as orders
from marketplace.orders import states
from marketplace.orders.order_models import Order
from marketplace.payments import ledger, midtrans
from marketplace.payments.models import PaymentAttempt, Refund
from tests.factories import make_user
from tests.payments.conftest import SERVER_KEY


def _pay(client, db_session, fake, checkout):
    client.post(f"/pembayaran/{checkout.id}/bayar")
    db_session.expire_all()
    attempt = db_session.scalars(
        select(PaymentAttempt).where(PaymentAttempt.checkout_id == checkout.id)
    ).one()
    fake.set_status(attempt.provider_order_id, "settlement", attempt.gross_amount, "accept")
    gross = f"{attempt.gross_amount}.00"
    body = {
        "order_id": attempt.provider_order_id,
        "status_code": "200",
        "gross_amount": gross,
        "transaction_status": "settlement",
        "fraud_status": "accept",
        "signature_key": midtrans.signature(attempt.provider_order_id, "200", gross, SERVER_KEY),
    }
    assert (
        client.post(
            "/payments/midtrans/notification",
            data=json.dumps(body),
            content_type="application/json",
        ).status_code
        == 200
    )
    db_session.expire_all()
    return attempt


def _order(db_session, checkout) -> Order:
    return db_session.scalars(select(Order).where(Order.checkout_id == checkout.id)).one()


def _complete(db_session, order):
    producer = order.group.chair
    for to in (states.ACCEPTED, states.READY):
        orders.transition(db_session, order, to, producer)
    orders.transition(db_session, order, states.COMPLETED, producer, pickup_code=order.pickup_code)
    db_session.flush()


def test_ledger_balance_after_earning_refund_and_payout(
    online_checkout, app, client, db_session, login_as, fake_midtrans
):
    officer = make_user(db_session, role="officer")
    first, buyer, _ = online_checkout(price=40000, quantity=2)
    group = _order(db_session, first).group
    login_as(buyer)
    _pay(client, db_session, fake_midtrans, first)
    with app.test_request_context():
        _complete(db_session, _order(db_session, first))
    assert ledger.balance(db_session, group.id) == 80000

    second, _b, _ = online_checkout(group=group, buyer=buyer, price=25000)
    _pay(client, db_session, fake_midtrans, second)
    order2 = _order(db_session, second)
    with app.test_request_context():
        orders.transition(db_session, order2, states.CANCELLED, group.chair, "Bahan habis")
    refund = db_session.scalars(select(Refund).where(Refund.order_id == order2.id)).one()
    assert (refund.status, refund.amount) == ("succeeded", 25000)
    assert fake_midtrans.refund_requests[-1][1]["amount"] == 25000
    assert ledger.balance(db_session, group.id) == 80000  # never earned, so nothing to take

    client.post("/akun/keluar")
    login_as(officer)
    data = {"group_id": group.id, "amount": 50000, "reference": "TRF-001", "note": "Transfer"}
    assert client.post("/pendamping/pembayaran", data=data).status_code == 302
    assert client.post("/pendamping/pembayaran", data=data).status_code == 303  # same ref
    too_much = data | {"reference": "TRF-002", "amount": 40000}
    response = client.post("/pendamping/pembayaran", data=too_much, follow_redirects=True)
    assert "tidak boleh melebihi saldo" in response.get_data(as_text=True)
    db_session.expire_all()
    assert ledger.balance(db_session, group.id) == 30000
    client.post("/akun/keluar")
    login_as(group.chair)
    page = client.get("/kelompok/saya/saldo").get_data(as_text=True)
    assert "Rp\u00a030.000" in page


def test_failed_refund_stays_pending_for_officer(
    online_checkout, app, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout(price=30000)
    login_as(buyer)
    _pay(client, db_session, fake_midtrans, checkout)
    fake_midtrans.fail_refunds = True
    order = _order(db_session, checkout)
    with app.test_request_context():
        orders.transition(db_session, order, states.CANCELLED, order.group.chair, "Libur")
    refund = db_session.scalars(select(Refund).where(Refund.order_id == order.id)).one()
    assert refund.status == "pending" and refund.last_error
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="officer"))
    assert f"#{order.id}" in client.get("/pendamping/pembayaran").get_data(as_text=True)
    fake_midtrans.fail_refunds = False
    client.post("/pendamping/pembayaran/refund-ulang")
    db_session.expire_all()
    assert db_session.get(Refund, refund.id).status == "succeeded"


def test_simulator_pays_an_order_without_internet(
    online_checkout, app, client, db_session, login_as, monkeypatch
):
    monkeypatch.setitem(app.config, "MIDTRANS_SIMULATOR", True)
    monkeypatch.setitem(app.config, "MIDTRANS_SERVER_KEY", "")
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    response = client.post(f"/pembayaran/{checkout.id}/bayar")
    assert response.status_code == 303 and "/payments/simulator/" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert "Simulator Midtrans" in page.get_data(as_text=True)
    client.post(response.headers["Location"], data={"action": "pay"})
    db_session.expire_all()
    assert _order(db_session, checkout).status == "placed"
    assert "Lunas" in client.get(f"/pembayaran/{checkout.id}").get_data(as_text=True)


def test_refund_of_a_completed_order_reaches_the_group_rollup_through_the_hook(
    online_checkout, app, client, db_session, login_as, fake_midtrans
):
    """payments does not import investors: the refund is told through orders.hooks."""
    checkout, buyer, _ = online_checkout(price=40000, quantity=2)
    login_as(buyer)
    _pay(client, db_session, fake_midtrans, checkout)
    order = _order(db_session, checkout)
    with app.test_request_context():
        _complete(db_session, order)
    [row] = db_session.scalars(
        select(GroupMonthlyStats).where(GroupMonthlyStats.group_id == order.group_id)
    ).all()
    assert (row.revenue, row.refunded, row.completed_orders) == (80000, 0, 1)

    with app.test_request_context():
        refund = ledger.refund_order(db_session, order, "Barang rusak")
        assert ledger.refund_order(db_session, order, "Barang rusak") is refund  # once only
    db_session.expire_all()
    assert refund.status == "succeeded" and len(fake_midtrans.refund_requests) == 1
    row = db_session.get(GroupMonthlyStats, row.id)
    assert (row.revenue, row.refunded, row.completed_orders) == (80000, 80000, 1)
