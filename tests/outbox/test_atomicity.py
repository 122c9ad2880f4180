"""Outbox rows are written in the transaction of the change that caused them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.orders import hooks, notification_b2b, notify, states
from marketplace.orders import notification_messages as messages
from marketplace.orders.models import Order
from marketplace.outbox.channels.fake import FakeChannel
from marketplace.outbox.enqueue import enqueue
from marketplace.outbox.models import NotificationChoice, OutboxMessage, PushSubscription
from tests.factories import (
    add_member,
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)
from tests.outbox.rows import NamedFake, channels


@pytest.fixture
def placed(db_session):
    """A placed cash order of a buyer at a group with a chair and one more member."""
    logistics = make_logistics(db_session)
    group = make_group(db_session, name="Dapur Bu Sri")
    member = add_member(db_session, group)
    make_service(db_session, group, logistics)
    product = make_product(db_session, group, name="Nasi Kotak", price=15000, stock=10)
    buyer = make_user(db_session, name="Siti Rahayu")
    return {
        "logistics": logistics,
        "group": group,
        "member": member,
        "product": product,
        "buyer": buyer,
        "producer": group.chair,
    }


def _rows(db_session, **where) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(OutboxMessage, name) == value)
    return list(db_session.scalars(stmt))


def test_a_checkout_queues_the_new_order_for_every_member_of_the_group(app, db_session, placed):
    with app.test_request_context(), channels(app, fake=FakeChannel()):
        checkout = make_order(
            db_session, placed["buyer"], {placed["product"]: 2}, placed["logistics"]
        )
    order = checkout.orders[0]
    new = _rows(db_session, category="order_new")
    assert {r.user_id for r in new} == {placed["producer"].id, placed["member"].id}
    assert all(r.message == messages.ORDER_NEW and r.params["id"] == order.id for r in new)
    assert all(r.link_endpoint == "orders.producer_order" for r in new)
    (placed_notice,) = _rows(db_session, user_id=placed["buyer"].id)
    assert placed_notice.category == "order_update" and placed_notice.status == "pending"


def test_a_change_that_rolls_back_queues_nothing(app, client, db_session, login_as, placed):
    with app.test_request_context(), channels(app, fake=FakeChannel()):
        order = make_order(
            db_session, placed["buyer"], {placed["product"]: 1}, placed["logistics"]
        ).orders[0]
    before = len(_rows(db_session))

    def explode(session, order, from_status, to_status, role):
        raise RuntimeError("a listener failed after the notice was written")

    hooks.on_transition(explode)
    login_as(placed["producer"])
    try:
        with channels(app, fake=FakeChannel()), pytest.raises(RuntimeError):
            client.post(f"/produsen/pesanan/{order.id}/status", data={"to": "accepted"})
    finally:
        hooks._LISTENERS.remove(explode)
    db_session.expire_all()
    assert db_session.get(Order, order.id).status == states.PLACED
    assert len(_rows(db_session)) == before


def test_a_committed_change_keeps_its_rows(app, client, db_session, login_as, placed):
    with app.test_request_context(), channels(app, fake=FakeChannel()):
        order = make_order(
            db_session, placed["buyer"], {placed["product"]: 1}, placed["logistics"]
        ).orders[0]
    login_as(placed["producer"])
    with channels(app, fake=FakeChannel()):
        url = f"/produsen/pesanan/{order.id}/status"
        assert client.post(url, data={"to": "accepted"}).status_code == 302
        assert client.post(url, data={"to": "ready"}).status_code == 302
    ready = _rows(db_session, user_id=placed["buyer"].id, category="pickup")
    assert len(ready) == 1 and ready[0].params == {"id": order.id, "status": "ready"}
    assert ready[0].urgent is False  # picked up tomorrow: quiet hours apply


def test_nothing_is_queued_without_a_configured_channel(app, db_session, placed):
    with app.test_request_context(), channels(app):
        make_order(db_session, placed["buyer"], {placed["product"]: 1}, placed["logistics"])
    assert _rows(db_session) == []


def test_each_person_gets_the_channels_they_chose_and_can_be_reached_on(app, db_session):
    default, off, with_device = (make_user(db_session) for _ in range(3))
    db_session.add(
        NotificationChoice(user_id=off.id, category="payment", channel="email", enabled=False)
    )
    db_session.add(
        PushSubscription(
            user_id=with_device.id, endpoint="https://push.example/1", p256dh="k", auth="a"
        )
    )
    db_session.flush()
    push, email = NamedFake("push"), NamedFake("email")
    with app.test_request_context(), channels(app, push=push, email=email):
        written = enqueue(
            db_session,
            [default.id, off.id, with_device.id],
            "payment",
            messages.PAYMENT_LATE_BUYER,
            {"id": 1},
        )
    got = {(r.user_id, r.channel) for r in _rows(db_session)}
    # payment defaults to push and email; push needs a device, `off` turned email off.
    assert got == {(default.id, "email"), (with_device.id, "email"), (with_device.id, "push")}
    assert written == 3


def test_a_scheduled_message_queued_twice_is_written_once(app, db_session):
    user = make_user(db_session)
    with app.test_request_context(), channels(app, fake=FakeChannel()):
        for _ in range(2):
            enqueue(
                db_session,
                [user.id],
                "digest",
                messages.ORDER_STATUS,
                {"id": 1, "status": "ready"},
                dedupe="digest:2026-12-01:g1",
            )
    (row,) = _rows(db_session)
    assert row.idempotency_key == f"digest:2026-12-01:g1:{user.id}:fake"
    assert db_session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_group_and_personal_notices_are_queued_under_their_category(app, db_session):
    user = make_user(db_session)
    group = make_group(db_session)
    with app.test_request_context(), channels(app, fake=FakeChannel()):
        notify.notify_group(
            db_session,
            group.id,
            "x",
            notification_b2b.CATERING_ACCEPTED,
            {"group": "A", "menu": "B"},
        )
        notify.notify(db_session, [user.id], "x", messages.INTEREST_NEW, {"who": "A", "title": "B"})
    assert {r.category for r in _rows(db_session)} == {"procurement", "investor"}
