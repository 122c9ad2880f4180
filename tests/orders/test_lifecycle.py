"""Order lifecycle: the state machine, stock given back once, handover, access, inbox, rekap."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select, update

from marketplace.catalog.product_models import Product
from marketplace.orders import notify, states
from marketplace.orders.fulfilment import TransitionInputError, release_stock, transition
from marketplace.orders.models import Notification, Order, OrderEvent
from marketplace.orders.states import IllegalTransition
from tests.factories import (
    add_member,
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)
from tests.orders.helpers import add_to_cart, tomorrow


@pytest.fixture
def placed(db_session):
    """A placed COD order of 2 × Nasi Kotak (stock 10 → 8) by a buyer."""
    logistics = make_logistics(db_session)
    group = make_group(db_session, name="Dapur Bu Sri")
    make_service(db_session, group, logistics)
    product = make_product(db_session, group, name="Nasi Kotak", price=15000, stock=10)
    buyer = make_user(db_session, name="Siti Rahayu")
    checkout = make_order(db_session, buyer, {product: 2}, logistics)
    order = checkout.orders[0]
    return {
        "logistics": logistics,
        "group": group,
        "product": product,
        "buyer": buyer,
        "order": order,
        "producer": group.chair,
    }


def _stock(db_session, product) -> int:
    db_session.expire_all()
    return db_session.get(Product, product.id).stock


def _force(db_session, order, status):
    db_session.execute(update(Order).where(Order.id == order.id).values(status=status))
    db_session.expire_all()
    return db_session.get(Order, order.id)


def test_producer_accepts_readies_and_completes_with_the_pickup_code(
    client, db_session, login_as, placed
):
    order = placed["order"]
    login_as(placed["producer"])
    inbox = client.get("/produsen/pesanan").get_data(as_text=True)
    assert f"#{order.id}" in inbox and "Siti Rahayu" in inbox
    url = f"/produsen/pesanan/{order.id}/status"
    assert client.post(url, data={"to": "accepted"}).status_code == 302
    assert client.post(url, data={"to": "ready"}).status_code == 302
    wrong = client.post(url, data={"to": "completed", "code": "XXXXXX"})
    assert wrong.status_code == 422 and "Kode ambil salah" in wrong.get_data(as_text=True)
    code = order.pickup_code.lower()  # typed in lower case is fine
    assert client.post(url, data={"to": "completed", "code": code}).status_code == 302
    db_session.expire_all()
    order = db_session.get(Order, order.id)
    assert order.status == "completed"
    assert order.accepted_at and order.ready_at and order.completed_at
    assert [e.to_status for e in order.events] == ["placed", "accepted", "ready", "completed"]
    product = db_session.get(Product, placed["product"].id)
    assert (product.stock, product.sold_count) == (8, 2)
    texts = [
        notify.text_of(n)
        for n in db_session.scalars(
            select(Notification).where(Notification.user_id == placed["buyer"].id)
        )
    ]
    assert texts[0] == f"Pesanan #{order.id}: Pesanan baru."  # told at checkout (COD)
    assert len(texts) == 4 and any("Selesai" in t for t in texts)


def test_buyer_sees_status_history_code_qr_and_whatsapp(client, db_session, login_as, placed):
    order = placed["order"]
    login_as(placed["buyer"])
    page = client.get(f"/pesanan/{order.id}").get_data(as_text=True)
    assert order.pickup_code in page and "Pesanan baru" in page
    assert "https://wa.me/6281234567890" in page
    assert "style=" not in page
    qr = client.get(f"/pesanan/{order.id}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert b"<svg" in qr.data
    assert f"#{order.id}" in client.get("/pesanan").get_data(as_text=True)


@pytest.mark.parametrize(("from_status", "to_status"), sorted(states.TRANSITIONS))
def test_every_legal_transition(db_session, placed, from_status, to_status):
    order = _force(db_session, placed["order"], from_status)
    who = sorted(states.TRANSITIONS[(from_status, to_status)][0])
    for role in who:
        order = _force(db_session, order, from_status)
        actor = {"buyer": placed["buyer"], "producer": placed["producer"], "system": None}[role]
        transition(
            db_session,
            order,
            to_status,
            actor,
            "Bahan habis",
            role=role,
            pickup_code=order.pickup_code,
        )
        db_session.expire_all()
        order = db_session.get(Order, order.id)
        assert order.status == to_status, role
        assert order.events[-1].from_status == from_status
        assert order.events[-1].to_status == to_status


ALL = sorted(states.STATUSES)
ROLES = (states.BUYER, states.PRODUCER, states.SYSTEM)
ILLEGAL = [
    (frm, to, role)
    for frm, to, role in itertools.product(ALL, ALL, ROLES)
    if frm != to and not states.allowed(frm, to, role)
]


@pytest.mark.parametrize(("from_status", "to_status", "role"), ILLEGAL)
def test_every_illegal_transition_is_refused(db_session, placed, from_status, to_status, role):
    order = _force(db_session, placed["order"], from_status)
    actor = {"buyer": placed["buyer"], "producer": placed["producer"], "system": None}[role]
    with pytest.raises(IllegalTransition, match="tidak dapat diubah"):
        transition(
            db_session, order, to_status, actor, "alasan", role=role, pickup_code=order.pickup_code
        )
    db_session.expire_all()
    assert db_session.get(Order, order.id).status == from_status
    assert (
        db_session.scalar(select(func.count(OrderEvent.id)).where(OrderEvent.order_id == order.id))
        == 1
    )


def test_illegal_transitions_over_http_answer_409(client, db_session, login_as, placed):
    order = placed["order"]
    login_as(placed["producer"])
    response = client.post(f"/produsen/pesanan/{order.id}/status", data={"to": "ready"})
    assert response.status_code == 409
    assert "tidak dapat diubah" in response.get_data(as_text=True)
    client.post(f"/produsen/pesanan/{order.id}/status", data={"to": "accepted"})
    client.post("/akun/keluar")
    login_as(placed["buyer"])
    response = client.post(f"/pesanan/{order.id}/batal")
    assert response.status_code == 409  # the buyer may cancel only before acceptance
    db_session.expire_all()
    assert db_session.get(Order, order.id).status == "accepted"


def test_producer_cancel_after_acceptance_needs_a_reason(client, db_session, login_as, placed):
    order = placed["order"]
    login_as(placed["producer"])
    url = f"/produsen/pesanan/{order.id}/status"
    client.post(url, data={"to": "accepted"})
    response = client.post(url, data={"to": "cancelled", "reason": "  "})
    assert response.status_code == 422 and "alasan" in response.get_data(as_text=True)
    assert client.post(url, data={"to": "cancelled", "reason": "Kompor rusak"}).status_code == 302
    db_session.expire_all()
    order = db_session.get(Order, order.id)
    assert (order.status, order.cancel_reason) == ("cancelled", "Kompor rusak")
    assert _stock(db_session, placed["product"]) == 10
    note = db_session.scalars(
        select(Notification)
        .where(Notification.user_id == placed["buyer"].id)
        .order_by(Notification.id)
    ).all()[-1]
    assert "Kompor rusak" in notify.text_of(note)


def test_double_cancel_gives_stock_back_once(client, db_session, login_as, placed):
    order = placed["order"]
    assert _stock(db_session, placed["product"]) == 8
    login_as(placed["buyer"])
    assert client.post(f"/pesanan/{order.id}/batal").status_code == 302
    assert client.post(f"/pesanan/{order.id}/batal").status_code == 409
    assert _stock(db_session, placed["product"]) == 10
    # The guard itself: a second release does nothing.
    order = db_session.get(Order, order.id)
    assert order.stock_released
    assert release_stock(db_session, order) is False
    assert _stock(db_session, placed["product"]) == 10
    # The producers hear about the cancellation.
    assert (
        db_session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == placed["producer"].id,
                Notification.kind == "order_cancelled",
            )
        )
        == 1
    )


def test_transition_input_errors_change_nothing(db_session, placed):
    order = _force(db_session, placed["order"], "ready")
    with pytest.raises(TransitionInputError):
        transition(db_session, order, "completed", placed["producer"], pickup_code="")
    with pytest.raises(TransitionInputError):
        transition(db_session, order, "cancelled", placed["producer"], reason="")
    db_session.expire_all()
    assert db_session.get(Order, order.id).status == "ready"


def test_producers_and_buyers_cannot_touch_others_orders(client, db_session, login_as, placed):
    order = placed["order"]
    other_group = make_group(db_session, name="Kelompok Lain")
    login_as(other_group.chair)
    assert client.get(f"/produsen/pesanan/{order.id}").status_code == 404
    assert (
        client.post(f"/produsen/pesanan/{order.id}/status", data={"to": "accepted"}).status_code
        == 404
    )
    assert 'data-testid="inbox-order"' not in client.get("/produsen/pesanan").get_data(as_text=True)
    handover = client.post("/produsen/serahkan", data={"kode": order.pickup_code})
    assert handover.status_code == 422
    client.post("/akun/keluar")
    login_as(make_user(db_session))
    for url in (f"/pesanan/{order.id}", f"/pesanan/{order.id}/qr.svg"):
        assert client.get(url).status_code == 404
    assert client.post(f"/pesanan/{order.id}/batal").status_code == 404
    assert client.get(f"/pesanan/checkout/{order.checkout_id}").status_code == 404
    db_session.expire_all()
    assert db_session.get(Order, order.id).status == "placed"


def test_a_member_completes_the_handover_by_code(client, db_session, login_as, placed):
    order = _force(db_session, placed["order"], "ready")
    member = add_member(db_session, placed["group"])
    login_as(member)
    page = client.get(f"/produsen/serahkan?kode={order.pickup_code}").get_data(as_text=True)
    assert "Nasi Kotak" in page  # the QR link opens the order for the producer to confirm
    response = client.post("/produsen/serahkan", data={"kode": order.pickup_code})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Order, order.id).status == "completed"


def test_inbox_filters_and_prep_list(client, db_session, login_as, placed):
    logistics = placed["logistics"]
    buyer2 = make_user(db_session)
    es = make_product(db_session, placed["group"], name="Es Teh", price=4000, stock=50)
    make_order(db_session, buyer2, {placed["product"]: 3, es: 5}, logistics, window="malam")
    login_as(placed["producer"])
    malam = logistics["windows"]["malam"].id
    page = client.get(f"/produsen/pesanan?jam={malam}").get_data(as_text=True)
    assert page.count('data-testid="inbox-order"') == 1
    page = client.get("/produsen/pesanan?status=placed").get_data(as_text=True)
    assert page.count('data-testid="inbox-order"') == 2
    assert "Tidak ada pesanan" in client.get("/produsen/pesanan?status=completed").get_data(
        as_text=True
    )
    rekap = client.get(f"/produsen/rekap?tanggal={tomorrow().isoformat()}")
    text = rekap.get_data(as_text=True)
    assert rekap.status_code == 200
    assert text.count('data-testid="rekap-window"') == 2
    assert "2 pcs" in text and "3 pcs" in text and "5 pcs" in text
    assert logistics["points"][0].name in text


def test_notifications_bell_counts_unread(client, db_session, login_as, placed):
    login_as(placed["producer"])
    home = client.get("/").get_data(as_text=True)
    assert 'data-testid="nav-unread">1<' in home
    page = client.get("/notifikasi").get_data(as_text=True)
    assert f"Pesanan baru #{placed['order'].id}" in page
    client.post("/notifikasi/baca")
    assert 'data-testid="nav-unread"' not in client.get("/").get_data(as_text=True)


def test_reorder_puts_products_back_in_the_cart(client, db_session, login_as, placed):
    login_as(placed["buyer"])
    assert client.post(f"/pesanan/{placed['order'].id}/pesan-lagi").status_code == 302
    cart = client.get("/keranjang").get_data(as_text=True)
    assert "Nasi Kotak" in cart and 'value="2"' in cart
    add_to_cart(client, placed["product"], 1)
    assert 'value="3"' in client.get("/keranjang").get_data(as_text=True)


class _FakeOnline:
    """Stands in for the payments feature's online method."""

    code = "fake-online"
    label = "Bayar daring"
    initial_status = states.AWAITING_PAYMENT

    def prepare(self, session, checkout):
        checkout.payment_status = "pending"

    def next_url(self, checkout):
        return "/bayar"


def test_online_orders_reach_producers_only_once_paid(client, db_session, login_as, placed):
    from marketplace.orders import payment_step

    payment_step.register(_FakeOnline())
    try:
        paid, unpaid = (
            make_order(
                db_session,
                make_user(db_session),
                {placed["product"]: 1},
                placed["logistics"],
                payment_method="fake-online",
            ).orders[0]
            for _ in range(2)
        )
    finally:
        payment_step._REGISTRY.pop("fake-online")
    assert paid.status == unpaid.status == "awaiting_payment"
    assert paid.checkout.payment_status == "pending"
    assert _stock(db_session, placed["product"]) == 6  # reserved while waiting for payment

    def new_order_notes():
        return db_session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == placed["producer"].id, Notification.kind == "order_new"
            )
        )

    assert new_order_notes() == 1  # only the COD order so far
    login_as(placed["producer"])
    assert client.get("/produsen/pesanan").get_data(as_text=True).count("inbox-order") == 1
    transition(db_session, db_session.get(Order, paid.id), "placed", None)
    transition(db_session, db_session.get(Order, unpaid.id), "expired", None)
    assert new_order_notes() == 2
    assert client.get("/produsen/pesanan").get_data(as_text=True).count("inbox-order") == 2
    assert _stock(db_session, placed["product"]) == 7  # the expired order gave its unit back
