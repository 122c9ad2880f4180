"""Helpers for the scheduled outbox messages' tests (digest, cutoff reminders)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.orders import fulfilment
from marketplace.orders.logistics import now_wib
from marketplace.outbox.channels.fake import FakeChannel
from marketplace.outbox.models import OutboxMessage
from tests.factories import add_member, make_group, make_logistics, make_order, make_product
from tests.factories import make_service as make_group_service


@pytest.fixture
def fake_channel(app) -> Iterator[FakeChannel]:
    """The app sends on a fake channel (on for every category) for the test, then not."""
    before = app.extensions.get("outbox.channels")
    channel = FakeChannel()
    app.extensions["outbox.channels"] = {"fake": channel}
    try:
        yield channel
    finally:
        app.extensions["outbox.channels"] = before


def pickup_day() -> date:
    """A day every cutoff of which is still ahead (within the booking range)."""
    return now_wib().date() + timedelta(days=2)


def make_kitchen(session: Session, logistics: dict | None = None, **group_fields) -> dict:
    """A verified group of two (chair and member) serving every point and window (cutoff 120
    minutes), selling Nasi kotak ayam and Es teh (plenty), Keripik tempe (3 left) and
    Kerupuk (sold out)."""
    logistics = logistics or make_logistics(session)
    group = make_group(session, **group_fields)
    member = add_member(session, group)
    make_group_service(session, group, logistics)
    products = {
        "nasi": make_product(session, group, name="Nasi kotak ayam", stock=50),
        "teh": make_product(session, group, name="Es teh", stock=50, price=5000),
        "keripik": make_product(session, group, name="Keripik tempe", stock=3),
        "kerupuk": make_product(session, group, name="Kerupuk", stock=0),
    }
    return {"group": group, "member": member, "logistics": logistics, **products}


def order(session: Session, buyer, quantities: dict, kitchen: dict, day: date, window: str):
    """One pickup order at the kitchen's first point; returns the Order."""
    return make_order(
        session, buyer, quantities, kitchen["logistics"], day=day, window=window
    ).orders[0]


def cancel(session: Session, placed) -> None:
    """The order is cancelled (by the system, as an unpaid or refused one would be)."""
    fulfilment.transition(session, placed, "cancelled", None)


def rows(session: Session, message: str) -> list[OutboxMessage]:
    """The outbox rows of one message key, oldest first."""
    session.expire_all()
    stmt = select(OutboxMessage).where(OutboxMessage.message == message)
    return list(session.scalars(stmt.order_by(OutboxMessage.id)))
