"""A buyer who paid online: cancelling says how and when the money comes back and the officer
sees the refund; a payment that arrived after expiry is refunded and every page says so."""

from __future__ import annotations

import re

from sqlalchemy import select

from marketplace.orders import notify
from marketplace.orders.models import Notification, Order
from marketplace.payments.models import Refund
from tests.factories import make_user
from tests.payments.test_midtrans import _notification, _pay_after_expiry, _post, _start

NBSP = "\u00a0"


def _paid(client, db_session, login_as, online_checkout, fake_midtrans, **kwargs):
    checkout, buyer, products = online_checkout(**kwargs)
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    fake_midtrans.set_status(attempt.provider_order_id, "settlement", attempt.gross_amount)
    assert _post(client, _notification(attempt)).status_code == 200
    db_session.expire_all()
    return checkout, buyer, attempt


def _text(html: str, testid: str) -> str:
    """The visible text of the element with this test id (a <p>, <div> or <span>)."""
    found = re.search(rf'<(p|div|span)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, testid
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(2)).split())


def test_cancelling_a_paid_order_says_how_the_money_returns_and_the_officer_sees_it(
    client, db_session, login_as, online_checkout, fake_midtrans
):
    checkout, buyer, attempt = _paid(
        client, db_session, login_as, online_checkout, fake_midtrans, price=25000, quantity=2
    )
    order = db_session.scalars(select(Order).where(Order.checkout_id == checkout.id)).one()
    assert order.status == "placed"
    confirm = client.get(f"/pesanan/{order.id}/batal").get_data(as_text=True)
    notice = _text(confirm, "refund-notice")
    assert "Rp 50.000" in notice and "Midtrans" in notice  # _text joins on plain spaces
    assert "metode pembayaran asal" in notice and "hari kerja" in notice
    assert fake_midtrans.refund_requests == []  # asking refunds nothing

    done = client.post(f"/pesanan/{order.id}/batal", follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "metode pembayaran asal" in page  # told again, with the cancellation
    assert len(fake_midtrans.refund_requests) == 1
    assert _text(page, "order-payment").endswith("Dana dikembalikan · Halaman pembayaran")
    refund = db_session.scalars(select(Refund).where(Refund.order_id == order.id)).one()
    assert (refund.status, refund.amount) == ("succeeded", 50000)

    client.post("/akun/keluar")
    login_as(make_user(db_session, role="officer"))
    officer = client.get("/pendamping/pembayaran").get_data(as_text=True)
    listed = re.search(r'data-testid="recent-refunds">(.*?)</ul>', officer, re.S).group(1)
    assert f"#{order.id}" in listed and f"Rp{NBSP}50.000" in listed and "Berhasil" in listed


def test_payment_after_expiry_is_refunded_and_every_page_says_so(
    client, db_session, login_as, online_checkout, fake_midtrans
):
    checkout, buyer, _ = online_checkout(price=30000)
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    assert _pay_after_expiry(client, fake_midtrans, attempt).status_code == 200
    db_session.expire_all()
    order = db_session.scalars(select(Order).where(Order.checkout_id == checkout.id)).one()
    assert order.status == "expired"

    # The buyer is told the money goes back, with a link to the payment page.
    told = db_session.scalars(
        select(Notification).where(
            Notification.user_id == buyer.id, Notification.kind == "payment_late"
        )
    ).one()
    assert f"Rp{NBSP}30.000" in notify.text_of(told) and "dikembalikan" in notify.text_of(told)

    # The payment page no longer says "Lunas" beside an expired order: it agrees with the order.
    payment = client.get(f"/pembayaran/{checkout.id}").get_data(as_text=True)
    status = _text(payment, "payment-status")
    assert status != "Lunas" and "dikembalikan" in status
    assert "metode pembayaran asal" in _text(payment, "payment-refund")
    detail = client.get(f"/pesanan/{order.id}").get_data(as_text=True)
    assert status in _text(detail, "order-payment")
    assert "metode pembayaran asal" in _text(detail, "order-refund")
    assert len(fake_midtrans.refund_requests) == 1


def test_order_list_shows_online_payment_and_whether_it_is_paid(
    client, db_session, login_as, online_checkout, fake_midtrans
):
    paid, buyer, _ = _paid(client, db_session, login_as, online_checkout, fake_midtrans)
    waiting, _b, _p = online_checkout(buyer=buyer)
    db_session.flush()
    html = client.get("/pesanan").get_data(as_text=True)
    rows = re.findall(r'data-testid="my-order-payment">(.*?)</div>', html, re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    assert texts == ["online (Midtrans) · Belum dibayar", "online (Midtrans) · Lunas"], texts
    assert paid.id != waiting.id
