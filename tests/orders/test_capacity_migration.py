"""Migration 0013_unit_capacity goes down and up again with orders and capacities in place
(SQLite drops the two added columns in place, without rebuilding referenced tables)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.orm import Session

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app
from tests.factories import (
    make_capacity,
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_unit_capacity_migration_round_trip(kind, request, tmp_path):
    if kind == "sqlite":
        url, admin = f"sqlite:///{tmp_path / 'm.sqlite3'}", None
    else:
        url, admin = create_pg_database(request.getfixturevalue("pg_server_url"))
    app = make_app(url, tmp_path)
    try:
        with app.app_context():
            upgrade()
            with Session(db.engine) as session:
                group = make_group(session)
                logistics = make_logistics(session)
                make_service(session, group, logistics)
                product = make_product(session, group, stock=50)
                make_capacity(session, group, product=product, units_per_day=5)
                make_order(session, make_user(session), {product: 2}, logistics)
                session.commit()
            downgrade(revision="0012")
            inspector = sa.inspect(db.engine)
            assert "group_capacities" not in inspector.get_table_names()
            assert "capacity_id" not in {c["name"] for c in inspector.get_columns("order_lines")}
            with db.engine.connect() as conn:  # the orders and their lines are still there
                assert conn.scalar(sa.text("SELECT count(*) FROM order_lines")) == 1
            upgrade()
            with db.engine.connect() as conn:
                flags = conn.scalars(
                    sa.text("SELECT has_unit_capacity FROM group_service_settings")
                )
                assert [bool(f) for f in flags] == [False]
                assert conn.scalar(sa.text("SELECT capacity_id FROM order_lines")) is None
            db.engine.dispose()
    finally:
        if admin is not None:
            drop_pg_database(admin, url)
