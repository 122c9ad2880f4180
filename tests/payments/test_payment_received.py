"""A buyer is told once that an online payment arrived; a late one gets the refund notice."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.orders import notification_messages as messages
from marketplace.orders.models import Notification
from marketplace.outbox.channels.fake import FakeChannel
from marketplace.outbox.models import OutboxMessage
from tests.outbox.rows import channels
from tests.payments.test_midtrans import _notification, _pay_after_expiry, _post, _start


def _notices(db_session, user_id) -> list[str]:
    db_session.expire_all()
    stmt = select(Notification.message).where(Notification.user_id == user_id)
    return list(db_session.scalars(stmt.order_by(Notification.id)))


def test_a_settled_payment_is_announced_to_the_buyer_once(
    app, online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    # A card payment: captured first, settled the next day; both count as paid.
    fake_midtrans.set_status(attempt.provider_order_id, "capture", attempt.gross_amount, "accept")
    with channels(app, fake=FakeChannel()):
        assert _post(client, _notification(attempt, status="capture")).status_code == 200
        fake_midtrans.set_status(
            attempt.provider_order_id, "settlement", attempt.gross_amount, "accept"
        )
        assert _post(client, _notification(attempt)).status_code == 200
        assert _post(client, _notification(attempt)).get_json()["outcome"] == "duplicate"
    # One notice for the checkout, not one per order besides.
    assert _notices(db_session, buyer.id) == [messages.PAYMENT_RECEIVED]
    page = client.get("/notifikasi").get_data(as_text=True)
    assert "Pembayaran Rp\u00a020.000 diterima" in page
    queued = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.user_id == buyer.id)
    ).all()
    assert [(r.message, r.category) for r in queued] == [(messages.PAYMENT_RECEIVED, "payment")]


def test_a_late_payment_gets_the_refund_notice_not_a_receipt(
    online_checkout, client, db_session, login_as, fake_midtrans
):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    assert _pay_after_expiry(client, fake_midtrans, attempt).status_code == 200
    notices = _notices(db_session, buyer.id)
    assert messages.PAYMENT_LATE_BUYER in notices
    assert messages.PAYMENT_RECEIVED not in notices
