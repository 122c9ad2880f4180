"""Migration 0012 fills search_terms from the catalog already there, on both databases."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app


def _row(table: sa.Table, **values) -> dict:
    """`values` plus a plain value for every other required column."""
    plain = {sa.Integer: 1, sa.Boolean: True, sa.DateTime: datetime(2026, 11, 1), sa.Float: 0.0}
    row = {}
    for column in table.columns:
        if column.primary_key or column.nullable or column.name in values:
            continue
        kind = next((v for t, v in plain.items() if isinstance(column.type, t)), "x")
        row[column.name] = kind
    return row | values


def _check(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade(revision="0011")
        meta = sa.MetaData()
        groups = sa.Table("producer_groups", meta, autoload_with=db.engine)
        products = sa.Table("products", meta, autoload_with=db.engine)
        with db.engine.begin() as conn:
            conn.execute(
                groups.insert(),
                [
                    _row(
                        groups,
                        id=1,
                        name="Camilan Kalipucang",
                        slug="a",
                        join_code="a",
                        status="verified",
                    ),
                    _row(
                        groups,
                        id=2,
                        name="Rahasia Belum",
                        slug="b",
                        join_code="b",
                        status="unverified",
                    ),
                ],
            )
            conn.execute(
                products.insert(),
                [
                    _row(
                        products,
                        group_id=1,
                        name="Keripik sukun",
                        description="Gurih 250 g",
                        is_active=True,
                        price=1000,
                    ),
                    _row(
                        products,
                        group_id=2,
                        name="Keripik pisang",
                        description="",
                        is_active=True,
                        price=1000,
                    ),
                    _row(
                        products,
                        group_id=1,
                        name="Dodol lama",
                        description="",
                        is_active=False,
                        price=1000,
                    ),
                ],
            )
        upgrade()
        with db.engine.connect() as conn:
            terms = dict(conn.execute(sa.text("SELECT word, frequency FROM search_terms")).all())
            if db.engine.dialect.name == "sqlite":
                near = (
                    conn.execute(
                        sa.text(
                            "SELECT word FROM search_terms_trigram"
                            " WHERE search_terms_trigram MATCH 'rip'"
                        )
                    )
                    .scalars()
                    .all()
                )
            else:
                near = (
                    conn.execute(sa.text("SELECT word FROM search_terms WHERE word % 'kripik'"))
                    .scalars()
                    .all()
                )
        assert terms == {
            "keripik": 2,
            "sukun": 1,
            "gurih": 1,
            "pisang": 1,
            "camilan": 1,
            "kalipucang": 1,
        }
        assert near == ["keripik"]
        downgrade(revision="0011")
        assert "search_terms" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        db.engine.dispose()


def test_search_terms_migration_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path)


@pytest.mark.postgres_only
def test_search_terms_migration_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        _check(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
