"""`flask demo load --scale large`, run at a tiny size: consistent rows on both databases."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.catalog import search
from marketplace.catalog.queries import CatalogFilters, catalog_page
from marketplace.core.phone import normalize_phone
from marketplace.demo.large import Sizes, load_large
from marketplace.investors import rollup_rebuild, rollups
from tests.factories import make_logistics

TINY = Sizes(groups=6, products=60, buyers=30, order_lines=400, months=3, photos_per_category=1)


def _scalar(session, sql: str):
    return session.execute(sa.text(sql)).scalar()


def test_large_loader_builds_a_consistent_data_set(app, db_session):
    make_logistics(db_session)
    with app.app_context():
        counts = load_large(db_session, TINY, echo=lambda *_: None)
        again = load_large(db_session, TINY, echo=lambda *_: None)
    assert again == {"skipped": True}
    assert counts["order_lines"] == 400 and counts["orders"] > 100
    assert (
        _scalar(
            db_session,
            "SELECT COUNT(*) FROM products WHERE group_id IN "
            "(SELECT id FROM producer_groups WHERE slug LIKE 'bench-%')",
        )
        == 60
    )
    assert (
        _scalar(db_session, "SELECT COUNT(*) FROM users WHERE email LIKE '%@bench.pasartkm.id'")
        == 36
    )
    # Phone numbers are real Indonesian mobiles, stored normalised (login by phone finds them).
    numbers = db_session.execute(
        sa.text(
            "SELECT phone FROM users WHERE email LIKE '%@bench.pasartkm.id' UNION ALL "
            "SELECT whatsapp FROM producer_groups WHERE slug LIKE 'bench-%'"
        )
    ).scalars()
    assert all(normalize_phone(n) == n for n in numbers)
    # Denormalised product counters agree with the generated lines and reviews.
    sold = _scalar(
        db_session,
        "SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l "
        "JOIN orders o ON o.id = l.order_id WHERE o.status = 'completed'",
    )
    assert _scalar(db_session, "SELECT SUM(sold_count) FROM products") == sold
    assert _scalar(db_session, "SELECT SUM(rating_count) FROM products") == _scalar(
        db_session, "SELECT COUNT(*) FROM reviews"
    )
    assert (
        _scalar(db_session, "SELECT COUNT(*) FROM orders WHERE total <> subtotal + delivery_fee")
        == 0
    )
    # The rollups equal a fresh rebuild, and search and the catalog see the products.
    before = rollups.snapshot_rows(db_session)
    rollup_rebuild.rebuild(db_session)
    assert rollups.snapshot_rows(db_session) == before and before
    dialect = db_session.get_bind().dialect.name
    name = _scalar(db_session, "SELECT name FROM products ORDER BY id DESC LIMIT 1")
    stmt, rank = search.apply_search(
        sa.select(sa.literal_column("products.id")).select_from(sa.table("products")),
        name.split()[0],
        dialect,
    )
    assert rank is not None and db_session.execute(stmt).first() is not None
    page = catalog_page(db_session, CatalogFilters(), page_size=10)
    assert len(page.items) == 10 and page.has_next
