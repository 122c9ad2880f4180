"""`flask payments reconcile` and `flask payments retry-refunds` (safe to run from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.extensions import db
from marketplace.payments import ledger, reconcile

payments_cli = AppGroup("payments", help="Pembayaran Midtrans: rekonsiliasi dan refund.")


@payments_cli.command("reconcile")
def reconcile_command() -> None:
    """Ask Midtrans about payments still waiting past their deadline and apply the answers."""
    counts = reconcile.run(db.session)
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "tidak ada"
    click.echo(f"Rekonsiliasi selesai ({summary}).")


@payments_cli.command("retry-refunds")
def retry_refunds_command() -> None:
    """Try pending refunds again."""
    done = ledger.retry_refunds(db.session)
    db.session.commit()
    click.echo(f"{done} pengembalian dana berhasil.")
