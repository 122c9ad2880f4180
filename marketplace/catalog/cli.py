"""`flask catalog rebuild-search-terms`: recount the catalog's words for spelling forgiveness."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from marketplace.catalog import search_terms
from marketplace.extensions import db

catalog_cli = AppGroup("catalog", help="Katalog produk.")


@catalog_cli.command("rebuild-search-terms")
def rebuild_search_terms() -> None:
    """Recount the words search corrects misspellings towards (after bulk imports)."""
    words = search_terms.rebuild(db.session)
    db.session.commit()
    click.echo(_("Kata pencarian dihitung ulang: %(n)s kata.", n=words))
