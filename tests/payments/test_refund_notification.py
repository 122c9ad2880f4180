"""A refund takes the group's earning back exactly once, whichever side started it.

Midtrans sends a `refund` notification for refunds started in its dashboard and for our own
(cancel-then-refund) calls, and repeats notifications; the balance moves once per order.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from marketplace.payments import ledger, midtrans
from marketplace.payments.models import LEDGER_REFUND, LedgerEntry, Refund
from tests.factories import make_user
from tests.payments.conftest import SERVER_KEY
from tests.payments.test_ledger import _complete, _order, _pay


def _notify(client, fake, attempt, status: str):
    fake.set_status(attempt.provider_order_id, status, attempt.gross_amount)
    gross = f"{attempt.gross_amount}.00"
    body = {
        "order_id": attempt.provider_order_id,
        "status_code": "200",
        "gross_amount": gross,
        "transaction_status": status,
        "signature_key": midtrans.signature(attempt.provider_order_id, "200", gross, SERVER_KEY),
    }
    response = client.post(
        "/payments/midtrans/notification", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200
    return response.get_json()["outcome"]


def _refund_entries(db_session, order_id: int) -> int:
    db_session.expire_all()
    return len(
        db_session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.order_id == order_id, LedgerEntry.kind == LEDGER_REFUND
            )
        ).all()
    )


def _paid_completed_order(online_checkout, app, client, db_session, login_as, fake):
    checkout, buyer, _ = online_checkout(price=45000)
    login_as(buyer)
    attempt = _pay(client, db_session, fake, checkout)
    order = _order(db_session, checkout)
    with app.test_request_context():
        _complete(db_session, order)
    assert ledger.balance(db_session, order.group_id) == 45000
    return attempt, order


def test_refund_started_at_midtrans_takes_the_earning_back_once(
    online_checkout, app, client, db_session, login_as, fake_midtrans
):
    attempt, order = _paid_completed_order(
        online_checkout, app, client, db_session, login_as, fake_midtrans
    )
    assert _notify(client, fake_midtrans, attempt, "refund") == "applied"
    assert ledger.balance(db_session, order.group_id) == 0
    assert _notify(client, fake_midtrans, attempt, "refund") == "duplicate"
    assert ledger.balance(db_session, order.group_id) == 0
    assert _refund_entries(db_session, order.id) == 1
    client.post("/akun/keluar")
    login_as(order.group.chair)
    page = client.get("/kelompok/saya/saldo").get_data(as_text=True)
    assert "Pengembalian dana pesanan" in page


def test_our_refund_then_its_notification_take_back_once(
    online_checkout, app, client, db_session, login_as, fake_midtrans
):
    attempt, order = _paid_completed_order(
        online_checkout, app, client, db_session, login_as, fake_midtrans
    )
    with app.test_request_context():
        refund = ledger.refund_order(db_session, order, "Sengketa pembeli")
    assert refund.status == "succeeded"
    assert ledger.balance(db_session, order.group_id) == 0
    for _ in range(2):  # Midtrans confirms our refund, and repeats itself
        _notify(client, fake_midtrans, attempt, "refund")
        assert ledger.balance(db_session, order.group_id) == 0
    assert _refund_entries(db_session, order.id) == 1


def test_refund_notification_settles_a_refund_waiting_for_retry(
    online_checkout, app, client, db_session, login_as, fake_midtrans
):
    attempt, order = _paid_completed_order(
        online_checkout, app, client, db_session, login_as, fake_midtrans
    )
    fake_midtrans.fail_refunds = True  # our call timed out, but Midtrans did refund
    with app.test_request_context():
        refund = ledger.refund_order(db_session, order, "Sengketa pembeli")
    assert refund.status == "pending"
    assert ledger.balance(db_session, order.group_id) == 45000
    _notify(client, fake_midtrans, attempt, "refund")
    assert ledger.balance(db_session, order.group_id) == 0
    db_session.expire_all()
    assert db_session.get(Refund, refund.id).status == "succeeded"
    fake_midtrans.fail_refunds = False
    sent = len(fake_midtrans.refund_requests)
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="officer"))
    client.post("/pendamping/pembayaran/refund-ulang")
    assert len(fake_midtrans.refund_requests) == sent  # never refunded twice
    assert ledger.balance(db_session, order.group_id) == 0
    assert _refund_entries(db_session, order.id) == 1
