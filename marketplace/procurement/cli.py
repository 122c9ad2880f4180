"""`flask pengadaan …`: procurement's scheduled jobs (safe to run from cron).

`flask pengadaan tagihan`: invoice reminders before the due date, overdue moves, reminders and
flags after it (reminders.py); running it twice a day changes nothing the second time.
"""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.extensions import db
from marketplace.procurement import reminders

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
