"""Migration 0014_procurement goes up to head and back down to 0012 (SQLite; PostgreSQL when
TEST_DATABASE_URL is set)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app

TABLES = {
    "companies",
    "company_members",
    "doc_counters",
    "rfqs",
    "rfq_items",
    "rfq_attachments",
    "rfq_recipients",
    "quotes",
    "quote_lines",
    "purchase_orders",
    "po_lines",
    "po_deliveries",
    "po_delivery_lines",
    "basts",
    "bast_photos",
    "invoices",
    "invoice_payments",
    "group_tax_profiles",
    "catering_contracts",
    "catering_days",
}


def _round_trip(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        assert set(sa.inspect(db.engine).get_table_names()) >= TABLES
        downgrade(revision="0013_unit_capacity")
        assert not TABLES & set(sa.inspect(db.engine).get_table_names())
        assert "producer_groups" in sa.inspect(db.engine).get_table_names()
        upgrade()
        indexes = {i["name"] for i in sa.inspect(db.engine).get_indexes("quotes")}
        assert "uq_quotes_live" in indexes
        db.engine.dispose()


def test_procurement_migration_round_trip_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'p.sqlite3'}", tmp_path)


@pytest.mark.postgres_only
def test_procurement_migration_round_trip_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        _round_trip(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
