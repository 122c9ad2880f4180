"""`flask payments reconcile` and `flask payments retry-refunds` (safe to run from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.extensions import db
from marketplace.payments import ledger, reconcile

payments_cli = AppGroup("payments", help="Pembayaran Midtrans: rekonsiliasi dan refund.")


@payments_cli.command("reconcile")
def reconcile_command() -> None:
    """Ask Midtrans about payments still waiting past their deadline and apply the answers."""
    counts = reconcile.run(db.session)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or _("tidak ada")
    click.echo(_("Rekonsiliasi selesai (%(summary)s).", summary=summary))


@payments_cli.command("retry-refunds")
def retry_refunds_command() -> None:
    """Try pending refunds again."""
    done = ledger.retry_refunds(db.session)
    db.session.commit()
    click.echo(_("%(n)s pengembalian dana berhasil.", n=done))
