"""`flask pengadaan …`: the procurement jobs run by cron (`katering`: the catering days)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.core.formatting import long_date
from marketplace.extensions import db
from marketplace.orders.logistics import now_wib
from marketplace.procurement import catering_days

procurement_cli = AppGroup("pengadaan", help="Pekerjaan terjadwal pengadaan.")


@procurement_cli.command("katering")
@click.option("--hari", "horizon", type=click.IntRange(1, 31), default=7, show_default=True)
def catering_command(horizon: int) -> None:
    """Create the next days of every active catering contract within capacity (run daily;
    safe to run again)."""
    today = now_wib().date()

    def progress(contract, result) -> None:
        click.echo(
            _(
                "  kontrak #%(id)s %(group)s → %(company)s: %(n)s hari baru, %(full)s penuh",
                id=contract.id,
                group=contract.group.name,
                company=contract.company.name,
                n=result.created,
                full=len(result.full),
            )
        )

    result = catering_days.generate_days(db.session, today, horizon, progress=progress)
    db.session.commit()
    click.echo(
        _(
            "Selesai: %(n)s hari katering baru dari %(c)s kontrak sejak %(day)s; %(full)s hari "
            "penuh (kedua pihak diberi tahu).",
            n=result.created,
            c=result.contracts,
            day=long_date(today),
            full=len(result.full),
        )
    )
