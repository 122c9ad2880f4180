"""`flask pengadaan …`: procurement's scheduled jobs (safe to run from cron).

`flask pengadaan tagihan`: invoice reminders before the due date, overdue moves, reminders and
flags after it (reminders.py); running it twice a day changes nothing the second time.
`flask pengadaan katering`: the next days of every active catering contract, within capacity.
`flask pengadaan penawaran`: quotes past their validity date expire (quote_expiry.py); safe
to run again.
"""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.core.formatting import long_date
from marketplace.extensions import db
from marketplace.orders.logistics import now_wib
from marketplace.procurement import catering_days, quote_expiry, reminders

procurement_cli = AppGroup("pengadaan", help="Pengadaan perusahaan: tugas terjadwal.")


@procurement_cli.command("tagihan")
@click.option(
    "--tanggal",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Hari ini menurut WIB (YYYY-MM-DD); bawaan: hari ini.",
)
def invoices_command(day) -> None:
    """Remind before the due date; mark, remind and flag overdue invoices."""
    today: date | None = day.date() if day else None
    labels = {
        "before": _("Pengingat sebelum jatuh tempo"),
        "after": _("Tagihan lewat jatuh tempo"),
    }

    def progress(ids, label):
        with click.progressbar(ids, label=labels[label], show_pos=True) as bar:
            yield from bar

    counts = reminders.run(db.session, today, commit=True, progress=progress)
    db.session.commit()
    click.echo(
        _(
            "Selesai: %(before)s pengingat sebelum jatuh tempo, %(after)s tagihan lewat "
            "jatuh tempo ditangani.",
            before=counts["reminded_before"],
            after=counts["overdue"],
        )
    )


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


@procurement_cli.command("penawaran")
@click.option(
    "--tanggal",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Hari ini menurut WIB (YYYY-MM-DD); bawaan: hari ini.",
)
def quotes_command(day) -> None:
    """Expire submitted quotes whose validity date has passed (run daily; safe to run again)."""
    today: date = day.date() if day else now_wib().date()

    def progress(ids):
        with click.progressbar(ids, label=_("Penawaran kedaluwarsa"), show_pos=True) as bar:
            yield from bar

    expired = quote_expiry.run(db.session, today, commit=True, progress=progress)
    db.session.commit()
    click.echo(
        _(
            "Selesai: %(n)s penawaran kedaluwarsa (berlaku sebelum %(day)s).",
            n=expired,
            day=long_date(today),
        )
    )
