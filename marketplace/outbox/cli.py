"""`flask outbox …`: the worker that delivers the outbox, and the scheduled messages."""

from __future__ import annotations

import click
from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Pesan keluar: email, push, WhatsApp.")


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
def work_command(once: bool) -> None:
    """Deliver due outbox rows until stopped (several workers may run on PostgreSQL)."""
    raise click.ClickException("not implemented yet")


# Scheduled messages (morning digest, cutoff reminders) add their commands to the group.
from marketplace.outbox import schedule_cli as _schedule_cli  # noqa: E402,F401
