"""A worker killed mid-batch loses nothing: another run takes over the claims after the lease.

The worker runs as a real process (`flask outbox work`) sending real SMTP to a local aiosmtpd
server; it is killed with SIGKILL after some messages went out, then started again."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from email import message_from_bytes
from email.policy import default

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask_migrate import upgrade

from marketplace.extensions import db
from marketplace.orders import notification_messages as messages
from marketplace.outbox.models import OutboxMessage
from tests.conftest import make_app
from tests.factories import make_user
from tests.outbox.mailserver import Mailbox, free_port

ROWS = 30


class SlowMailbox(Mailbox):
    """Takes 50 ms per message, so the worker is killed with most of its batch unsent."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


def _worker(url: str, port: int, tmp, log_name: str, **extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "APP_ENV": "development",
        "FLASK_APP": "marketplace:create_app",
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(tmp / "instance"),
        "SECRET_KEY": "crash-test",
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_USE_TLS": "0",
        "OUTBOX_LEASE_SECONDS": "2",
        "OUTBOX_POLL_SECONDS": "0.2",
        "PUBLIC_BASE_URL": "http://pasar.test",
        **extra,
    }
    with open(tmp / log_name, "wb") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "outbox", "work"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _statuses(app) -> dict[str, int]:
    # A plain connection in autocommit mode, so the SELECT only reads: the app's sessions
    # begin IMMEDIATE (take the write lock) outside requests, and the test must not compete
    # with the worker for it.
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with closing(sqlite3.connect(path, timeout=15, isolation_level=None)) as conn:
        rows = conn.execute("SELECT status, count(*) FROM outbox_messages GROUP BY status")
        return dict(rows.fetchall())


def _log(tmp, name: str) -> str:
    return (tmp / name).read_text(errors="replace")[-3000:]


def _queued(url: str, tmp, rows: int):
    """A migrated database holding `rows` email messages due now; the app and their keys."""
    app = make_app(url, tmp)
    with app.app_context():
        upgrade()
        user = make_user(db.session, email="siti@example.test")
        db.session.execute(
            sa.insert(OutboxMessage),
            [
                {
                    "user_id": user.id,
                    "channel": "email",
                    "category": "payment",  # email by default
                    "message": messages.ORDER_STATUS,
                    "params": {"id": i, "status": "ready"},
                    "idempotency_key": f"crash:{i}:{uuid.uuid4().hex[:8]}",
                }
                for i in range(rows)
            ],
        )
        db.session.commit()
        keys = set(db.session.scalars(sa.select(OutboxMessage.idempotency_key)))
        db.session.remove()
    return app, keys


def test_a_killed_worker_loses_nothing_and_a_restart_delivers_the_rest(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    app, keys = _queued(url, tmp_path, ROWS)
    box = SlowMailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    workers: list[subprocess.Popen] = []
    try:
        workers.append(_worker(url, port, tmp_path, "first.log"))
        first = workers[0]
        assert _wait(lambda: len(box.envelopes) >= 8, 60), _log(tmp_path, "first.log")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        after_kill = _statuses(app)
        assert after_kill.get("sending", 0) > 0  # claimed, not all sent: a real mid-batch crash
        workers.append(_worker(url, port, tmp_path, "second.log"))
        second = workers[1]
        done = _wait(lambda: _statuses(app) == {"sent": ROWS}, 60)
        second.send_signal(signal.SIGTERM)  # a graceful stop: finishes the message in hand
        assert second.wait(15) == 0, _log(tmp_path, "second.log")
        assert done, (_statuses(app), _log(tmp_path, "second.log"))
    finally:
        for proc in workers:  # never leave a worker behind, whatever failed
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        controller.stop()
    received = [
        message_from_bytes(e.original_content, policy=default)["X-Pasar-Key"] for e in box.envelopes
    ]
    assert set(received) == keys  # nothing lost
    # At most the one message in flight at the kill went out twice, under the same key (and
    # Message-ID), so a receiving server can tell it is the same message.
    assert len(received) - len(set(received)) <= 1


def test_a_locked_database_makes_the_worker_wait_not_die(tmp_path):
    url = f"sqlite:///{tmp_path / 'locked.sqlite3'}"
    app, keys = _queued(url, tmp_path, 5)
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    lock = sqlite3.connect(str(tmp_path / "locked.sqlite3"), isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the write lock (a long migration)
    worker = _worker(url, port, tmp_path, "locked.log", SQLITE_BUSY_TIMEOUT_MS="100")
    try:
        waited = _wait(lambda: "database error" in _log(tmp_path, "locked.log"), 60)
        assert waited, _log(tmp_path, "locked.log")
        assert worker.poll() is None, _log(tmp_path, "locked.log")  # still running
        assert box.envelopes == []
        lock.execute("ROLLBACK")
        done = _wait(lambda: _statuses(app) == {"sent": 5}, 60)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(15) == 0, _log(tmp_path, "locked.log")
        assert done, (_statuses(app), _log(tmp_path, "locked.log"))
    finally:
        lock.close()
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        controller.stop()
    received = {
        message_from_bytes(e.original_content, policy=default)["X-Pasar-Key"] for e in box.envelopes
    }
    assert received == keys
