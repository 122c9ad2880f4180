"""Benchmark ceiling: the catalog template rendered from data held in memory, no database.

`make bench` serves this module (`gunicorn scripts.bench_app:app`): the real app from
`create_app`, plus the ceiling route, so the factory itself knows nothing of benchmarks. The page
goes through the same template, filters, context processors, session and gzip as
`/products`, so the catalog's requests/s can be read as a share of what Flask, Jinja and
gunicorn allow on the machine.
"""

from __future__ import annotations

from collections import namedtuple
from types import SimpleNamespace

from flask import Flask, render_template, request

from marketplace import create_app
from marketplace.catalog.constants import CATEGORIES
from marketplace.catalog.queries import CatalogFilters, Page, catalog_page
from marketplace.core.regions import KECAMATAN
from marketplace.extensions import db

Card = namedtuple(
    "Card",
    "id name price unit stock is_preorder lead_time_days main_thumb_key sold_count rating_avg "
    "rating_count group_name group_slug group_tier group_kecamatan",
)


def _cards(n: int) -> list[Card]:
    return [
        Card(
            id=1000 + i,
            name=f"Nasi kotak ayam bakar {i}",
            price=25_000 + 500 * i,
            unit="kotak",
            stock=40 + i,
            is_preorder=i % 7 == 0,
            lead_time_days=2 if i % 7 == 0 else 0,
            main_thumb_key=f"{i:032x}-t.jpg",
            sold_count=100 - i,
            rating_avg=4.5,
            rating_count=12,
            group_name=f"Dapur Bu Sri Kandeman {i}",
            group_slug=f"dapur-bu-sri-{i}",
            group_tier="lanjutan" if i % 3 else "pemula",
            group_kecamatan="Kandeman",
        )
        for i in range(n)
    ]


def _first_page(page_size: int) -> list[Card]:
    """The catalog's real first page, copied into plain tuples (read once, then no database)."""
    try:
        rows = catalog_page(db.session, CatalogFilters(), page_size).items
    finally:
        db.session.remove()
    return [Card(*(row._mapping[f] for f in Card._fields)) for row in rows] or _cards(page_size)


def register_ceiling(app: Flask) -> None:
    """Add `/bench/ceiling`: the catalog's first page rendered from memory."""
    page_size = app.config.get("CATALOG_PAGE_SIZE", 24)
    data = SimpleNamespace(cards=None)

    @app.route("/bench/ceiling")
    def bench_ceiling():
        # The same cards as /products shows (so both render the same HTML), held in memory
        # after the first request: the difference between the two pages is the database.
        if data.cards is None:
            data.cards = _first_page(page_size)
        filters = CatalogFilters.from_args(request.args)
        page = Page(items=data.cards, page=filters.page, has_next=True)

        return render_template(
            "catalog/products.html",
            page=page,
            filters=filters,
            categories=CATEGORIES,
            kecamatan=KECAMATAN,
        )


app = create_app()
register_ceiling(app)
