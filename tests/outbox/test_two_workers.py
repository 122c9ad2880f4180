"""Several workers on PostgreSQL take disjoint batches (FOR UPDATE SKIP LOCKED): no row twice."""

from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders import notification_messages as messages
from marketplace.outbox.channels.fake import FakeChannel
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.worker import Policy, run_once
from tests.factories import make_user
from tests.racing import racing_app

ROWS = 300


@pytest.fixture(params=["postgresql"])
def pg_app(request, tmp_path):
    yield from racing_app(request, tmp_path, threads=3)


def test_two_workers_deliver_every_row_exactly_once(pg_app):
    with pg_app.app_context():
        user = make_user(db.session)
        db.session.execute(
            sa.insert(OutboxMessage),
            [
                {
                    "user_id": user.id,
                    "channel": "fake",
                    "category": "pickup",
                    "message": messages.ORDER_STATUS,
                    "params": {"id": i, "status": "ready"},
                    "idempotency_key": f"race:{uuid.uuid4().hex}",
                }
                for i in range(ROWS)
            ],
        )
        db.session.commit()
    fake = FakeChannel(delay=0.001)
    handled: dict[str, int] = {}
    start = threading.Barrier(2)
    policy = Policy(batch=10)

    def worker(name: str) -> None:
        with pg_app.test_request_context("/", base_url="http://pasar.test"):
            start.wait()
            while (tally := run_once(db.session, {"fake": fake}, policy)).handled:
                handled[name] = handled.get(name, 0) + tally.handled
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    keys = [key for key, _message, _recipient in fake.sent]
    assert len(keys) == ROWS and len(set(keys)) == ROWS
    assert handled["a"] > 0 and handled["b"] > 0 and sum(handled.values()) == ROWS
    with pg_app.app_context():
        statuses = db.session.scalars(sa.select(OutboxMessage.status).distinct()).all()
    assert statuses == ["sent"]
