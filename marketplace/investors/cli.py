"""`flask stats rebuild`: recompute the monthly rollups from the orders."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.extensions import db
from marketplace.investors import rollup_rebuild

stats_cli = AppGroup("stats", help="Ringkasan kinerja kelompok (rollup bulanan).")


@stats_cli.command("rebuild")
def rebuild() -> None:
    """Recompute every group's monthly rollup from the orders."""
    result = rollup_rebuild.rebuild(db.session)
    db.session.commit()
    click.echo(
        _(
            "Rollup dihitung ulang: %(orders)s pesanan, %(months)s baris bulanan, "
            "%(buyer_months)s baris pembeli-bulan.",
            orders=result["orders"],
            months=result["months"],
            buyer_months=result["buyer_months"],
        )
    )
