"""Migration 0017_skills goes down and up again on both databases (new tables only)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app

TABLES = {"group_members", "member_trainings", "member_certificates"}


def _round_trip(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        assert set(sa.inspect(db.engine).get_table_names()) >= TABLES
        downgrade(revision="0016_invoice_ledger")
        names = set(sa.inspect(db.engine).get_table_names())
        assert not TABLES & names and "producer_groups" in names
        upgrade()
        indexes = {i["name"] for i in sa.inspect(db.engine).get_indexes("member_certificates")}
        assert "ix_member_certificates_status_expiry" in indexes
        db.engine.dispose()


def test_skills_migration_round_trip_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path)


@pytest.mark.postgres_only
def test_skills_migration_round_trip_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        _round_trip(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
