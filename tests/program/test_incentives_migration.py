"""Migration 0019_incentives: every group's old aid_year becomes an aid record (no amount, no
officer), the column goes; down again, the first record's year comes back (SQLite; PostgreSQL
when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app

GROUP = (
    "INSERT INTO producer_groups (id, name, slug, tier, kecamatan, village, address, aid_year, "
    "member_count, nib, whatsapp, description, status, status_reason, join_code, created_at) "
    "VALUES (:id, 'Kelompok', :slug, 'pemula', 'Batang', 'Desa', 'Jl', :year, 10, "
    "'1234567890123', '6281234567890', '', 'verified', '', :code, '2024-01-01 00:00:00')"
)


def _round_trip(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade(revision="0016_invoice_ledger")
        with db.engine.begin() as conn:
            for gid, year in ((1, 2021), (2, 2023)):
                conn.execute(
                    sa.text(GROUP), {"id": gid, "slug": f"k{gid}", "year": year, "code": f"C{gid}"}
                )
        upgrade(revision="0019_incentives")
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT group_id, year, kind, amount, source, recorded_by FROM aid_records "
                    "ORDER BY group_id"
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            (1, 2021, "other", None, "ministry", None),
            (2, 2023, "other", None, "ministry", None),
        ]
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("producer_groups")}
        assert "aid_year" not in columns
        downgrade(revision="0016_invoice_ledger")
        with db.engine.connect() as conn:
            years = conn.execute(sa.text("SELECT id, aid_year FROM producer_groups ORDER BY id"))
            assert [tuple(r) for r in years] == [(1, 2021), (2, 2023)]
        assert "aid_records" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_aid_year_becomes_records_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'i.sqlite3'}", tmp_path)


@pytest.mark.postgres_only
def test_aid_year_becomes_records_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        _round_trip(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
