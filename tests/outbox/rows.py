"""Outbox rows and channels for the worker's tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import Flask
from sqlalchemy.orm import Session

from marketplace.orders import notification_messages as messages
from marketplace.outbox.channels.fake import FakeChannel
from marketplace.outbox.models import OutboxMessage


def make_row(session: Session, user, *, channel: str = "fake", **fields) -> OutboxMessage:
    """A pending outbox row: order #7 of `user` is ready (category pickup)."""
    values = {
        "user_id": user.id,
        "channel": channel,
        "category": "pickup",
        "message": messages.ORDER_STATUS,
        "params": {"id": 7, "status": "ready"},
        "link_endpoint": "orders.order_detail",
        "link_params": {"order_id": 7},
        "idempotency_key": f"t:{uuid.uuid4().hex}:{channel}",
        # Due long ago, so the tests that act at a fixed moment (02.00 WIB on 1 December
        # 2026) find it due whatever the clock says when they run.
        "next_attempt_at": datetime(2000, 1, 1),
    }
    values.update(fields)
    row = OutboxMessage(**values)
    session.add(row)
    session.flush()
    return row


class NamedFake(FakeChannel):
    """A fake channel that calls itself push, email or whatsapp (quiet hours apply by name)."""

    def __init__(self, name: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.name = name


@contextmanager
def channels(app: Flask, **by_name: FakeChannel) -> Iterator[None]:
    """Configure the app with these channels for the duration of the block."""
    saved = app.extensions.get("outbox.channels", {})
    app.extensions["outbox.channels"] = by_name
    try:
        yield
    finally:
        app.extensions["outbox.channels"] = saved
