"""`flask outbox digest` (05.00 WIB) and `flask outbox cutoff-reminders` (every 5 minutes):
scheduled messages to producer groups, safe to run twice (each message is queued once).

Plain click commands that outbox/cli.py adds to `flask outbox`; importing `digest` here
registers the digest's detail lines with the renderer in every app."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask.cli import with_appcontext

from marketplace.core.timeutil import WIB
from marketplace.extensions import db
from marketplace.orders.logistics import now_wib
from marketplace.outbox import cutoff, digest

COMMANDS: list[click.Command] = []


@click.command("digest")
@with_appcontext
@click.option(
    "--day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The WIB day to summarise (YYYY-MM-DD); default today.",
)
def digest_command(day: datetime | None) -> None:
    """Queue the morning digest for every producer group with something to say."""
    the_day = day.date() if day else None
    groups, messages = digest.run(db.session, the_day)
    db.session.commit()
    shown = the_day or now_wib().date()
    click.echo(f"digest {shown.isoformat()}: {groups} groups, {messages} messages")


def _instant(value: str | None) -> datetime | None:
    """An ISO datetime as naive UTC; one without a zone is taken as WIB wall-clock time."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO datetime: {value}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WIB)
    return moment.astimezone(UTC).replace(tzinfo=None)


@click.command("cutoff-reminders")
@with_appcontext
@click.option("--at", "at", default=None, help="The moment to act as now (ISO; WIB if no zone).")
def cutoff_command(at: str | None) -> None:
    """Queue a reminder for every order cutoff in the next hour."""
    moment = _instant(at)
    reminders, messages = cutoff.run(db.session, moment)
    db.session.commit()
    shown = now_wib(moment).strftime("%Y-%m-%d %H:%M WIB")
    click.echo(f"cutoff-reminders {shown}: {reminders} cutoffs, {messages} messages")


COMMANDS.extend([digest_command, cutoff_command])
