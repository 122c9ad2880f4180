"""The catalog migration (0002) goes down and up again on both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app


def _round_trip(url: str, tmp_path) -> set[str]:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        downgrade(revision="0001")
        assert "products" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        names = {i["name"] for i in sa.inspect(db.engine).get_indexes("products")}
        db.engine.dispose()
    return names


def test_catalog_migration_round_trip_sqlite(tmp_path):
    names = _round_trip(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path)
    assert "ix_products_active_preorder_created" in names


@pytest.mark.postgres_only
def test_catalog_migration_round_trip_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        names = _round_trip(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
    assert "ix_products_search_vector" in names
