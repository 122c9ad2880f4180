"""`flask outbox …`: the worker that delivers the outbox, its status, the scheduled messages."""

from __future__ import annotations

import signal
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from marketplace.extensions import db
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.schedule_cli import COMMANDS as SCHEDULED
from marketplace.outbox.worker import Policy, run_once

outbox_cli = AppGroup("outbox", help="Pesan keluar: email, push, WhatsApp.")
for _command in SCHEDULED:  # the morning digest and the cutoff reminders
    outbox_cli.add_command(_command)


class _Stop:
    """Set from a signal handler: a plain flag, since taking a lock there can deadlock."""

    requested = False

    def sleep(self, seconds: float) -> None:
        """Sleep in short steps so a stop request is noticed within 0.1 s."""
        deadline = time.monotonic() + seconds
        while not self.requested and time.monotonic() < deadline:
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))


def _stop_on_signals(stop: _Stop) -> None:
    def handler(signum, frame):  # finish the message in hand, then leave
        stop.requested = True

    try:
        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread (a test runner): no signals to catch
        pass


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Deliver everything due now, then stop.")
def work_command(once: bool) -> None:
    """Deliver due outbox rows until stopped (several may run at once on PostgreSQL)."""
    app = current_app._get_current_object()
    channels = app.extensions.get("outbox.channels", {})
    policy = Policy.from_config(app.config)
    poll = float(app.config["OUTBOX_POLL_SECONDS"])
    stop = _Stop()
    _stop_on_signals(stop)
    names = ", ".join(sorted(channels)) or "none (nothing will be queued)"
    click.echo(f"outbox worker: channels {names}; batch {policy.batch}", err=True)
    outage = 0  # database errors in a row: the wait doubles, up to a minute
    # url_for needs a request: links are built on PUBLIC_BASE_URL.
    with app.test_request_context("/", base_url=app.config["PUBLIC_BASE_URL"]):
        while not stop.requested:
            started = time.monotonic()
            try:
                tally = run_once(db.session, channels, policy)
            except DBAPIError as exc:
                # A restarting or locked database must not end the worker: claims left
                # behind are taken over after their lease.
                db.session.rollback()
                outage = min(outage + 1, 16)  # capped: 2**n must stay a small float
                wait = min(60.0, poll * 2**outage)
                click.echo(f"outbox: database error, retrying in {wait:.1f} s: {exc}", err=True)
                stop.sleep(wait)
                continue
            outage = 0
            if tally.handled:
                took = time.monotonic() - started
                outcomes = ", ".join(f"{k} {v}" for k, v in sorted(tally.counts.items()))
                click.echo(f"outbox: {tally.handled} rows in {took:.2f} s ({outcomes})")
                continue
            if once:
                break
            stop.sleep(poll)
        db.session.remove()


@outbox_cli.command("status")
def status_command() -> None:
    """Count outbox rows by channel and status, and show the latest failures."""
    rows = db.session.execute(
        select(OutboxMessage.channel, OutboxMessage.status, func.count())
        .group_by(OutboxMessage.channel, OutboxMessage.status)
        .order_by(OutboxMessage.channel, OutboxMessage.status)
    ).all()
    if not rows:
        click.echo("outbox: empty")
    for channel, status, count in rows:
        click.echo(f"{channel:10} {status:9} {count}")
    for row in db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "failed")
        .order_by(OutboxMessage.id.desc())
        .limit(5)
    ):
        click.echo(f"failed #{row.id} {row.channel} {row.message}: {row.last_error[:120]}")
