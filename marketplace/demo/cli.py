"""`flask demo load`: idempotent demo data so the site looks alive on first run."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.demo.deals import load_deals
from marketplace.demo.incentives import load_incentives
from marketplace.demo.investors import load_investors
from marketplace.demo.large import load_large
from marketplace.demo.logistics import load_logistics
from marketplace.demo.mentoring import load_mentoring
from marketplace.demo.notifications import load_notification_choices
from marketplace.demo.procurement import load_procurement
from marketplace.demo.products import load_products
from marketplace.demo.skills import load_skills
from marketplace.demo.small import load_basic
from marketplace.demo.workforce import load_workforce
from marketplace.extensions import db

demo_cli = AppGroup("demo", help="Data contoh untuk demo.")


@demo_cli.command("load")
@click.option("--scale", type=click.Choice(["small", "large"]), default="small", show_default=True)
def load(scale: str) -> None:
    """Load demo data (safe to run again: existing rows are kept).

    `--scale large` adds, after the small set, the benchmark data set of
    marketplace.demo.large (2,000 groups, 100,000 products, 1,000,000 order lines).
    """
    click.echo(_("Memuat data demo (%(scale)s)…", scale=scale))
    created = load_basic(db.session)
    load_logistics(db.session)
    db.session.commit()
    click.echo(
        _(
            "Selesai: %(accounts)s akun baru, %(groups)s kelompok baru.",
            accounts=created["accounts"],
            groups=created["groups"],
        )
    )
    products = load_products(db.session, echo=click.echo)
    db.session.commit()
    click.echo(_("Selesai: %(n)s produk baru.", n=products))
    load_investors(db.session, echo=click.echo)
    db.session.commit()
    load_mentoring(db.session, echo=click.echo)
    load_deals(db.session, echo=click.echo)
    db.session.commit()
    load_procurement(db.session, echo=click.echo)
    db.session.commit()
    load_incentives(db.session, echo=click.echo)
    load_skills(db.session, echo=click.echo)
    load_workforce(db.session, echo=click.echo)
    load_notification_choices(db.session, echo=click.echo)
    db.session.commit()
    if scale == "large":
        result = load_large(db.session)
        db.session.commit()
        if not result.get("skipped"):
            click.echo(_("Data besar selesai dalam %(s)s detik.", s=result["seconds"]))
