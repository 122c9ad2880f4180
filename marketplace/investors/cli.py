"""`flask stats rebuild`: recompute the monthly rollups from the orders."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.extensions import db
from marketplace.investors import rollup_rebuild

stats_cli = AppGroup("stats", help="Ringkasan kinerja kelompok (rollup bulanan).")


@stats_cli.command("rebuild")
def rebuild() -> None:
    """Recompute every group's monthly rollup from the orders."""
    result = rollup_rebuild.rebuild(db.session)
    db.session.commit()
    click.echo(
        f"Rollup dihitung ulang: {result['orders']} pesanan, {result['months']} baris bulanan, "
        f"{result['buyer_months']} baris pembeli-bulan."
    )
