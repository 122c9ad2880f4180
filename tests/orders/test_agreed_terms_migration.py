"""Migration 0011: existing orders get their window, point and zone copied onto them."""

from __future__ import annotations

from datetime import time

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.orders.models import ShiftWindow
from tests.conftest import create_pg_database, drop_pg_database, make_app
from tests.factories import make_group, make_logistics, make_product, make_user

ORDER_INSERT = sa.text(
    "INSERT INTO orders (checkout_id, group_id, buyer_id, status, fulfilment, pickup_point_id,"
    " window_id, pickup_date, delivery_zone_id, address_note, delivery_fee, subtotal, total,"
    " pickup_code, cancel_reason, stock_released, created_at)"
    " VALUES (:c, :g, :b, :s, :f, :p, :w, '2026-12-01', :z, '', :fee, 10000, 10000 + :fee,"
    " :code, '', FALSE, CURRENT_TIMESTAMP)"
)
AGREED = sa.text(
    "SELECT window_code, window_start, window_end, pickup_point_name, delivery_zone_name"
    " FROM orders ORDER BY id"
)


def _as_time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def _round_trip(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()  # rows made with today's models, then the schema goes back to before 0011
        with Session(db.engine) as session:
            buyer = make_user(session)
            group = make_group(session)
            logistics = make_logistics(session)
            ids = {
                "b": buyer.id,
                "g": group.id,
                "siang": logistics["windows"]["siang"].id,
                "malam": logistics["windows"]["malam"].id,
                "point": logistics["points"][1].id,
                "zone": logistics["zones"][0].id,
                "product": make_product(session, group).id,
            }
            names = (logistics["points"][1].name, logistics["zones"][0].name)
            session.commit()
        downgrade(revision="0010")
        with db.engine.begin() as conn:
            checkout = conn.execute(
                sa.text(
                    "INSERT INTO checkouts (buyer_id, payment_method, payment_status, total,"
                    " created_at) VALUES (:b, 'cod', 'none', 23000, CURRENT_TIMESTAMP)"
                    " RETURNING id"
                ),
                {"b": ids["b"]},
            ).scalar_one()
            common = {"c": checkout, "g": ids["g"], "b": ids["b"]}
            conn.execute(
                ORDER_INSERT,
                common
                | {"s": "completed", "f": "pickup", "p": ids["point"], "w": ids["siang"]}
                | {"z": None, "fee": 0, "code": "MIG001"},
            )
            conn.execute(
                ORDER_INSERT,
                common
                | {"s": "placed", "f": "delivery", "p": None, "w": ids["malam"]}
                | {"z": ids["zone"], "fee": 3000, "code": "MIG002"},
            )
            conn.execute(  # a line, so a table rebuild that cascades would show
                sa.text(
                    "INSERT INTO order_lines (order_id, product_id, name, unit, unit_price,"
                    " quantity, line_total, from_stock) SELECT min(id), :p, 'Nasi', 'pcs',"
                    " 10000, 1, 10000, TRUE FROM orders"
                ),
                {"p": ids["product"]},
            )
        upgrade()
        with db.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(AGREED)]
        assert [(r[0], _as_time(r[1]), _as_time(r[2]), r[3], r[4]) for r in rows] == [
            ("siang", time(11, 45), time(12, 45), names[0], None),
            ("malam", time(18, 0), time(19, 30), None, names[1]),
        ]
        # Moving the window afterwards changes nothing on the orders.
        with db.engine.begin() as conn:
            conn.execute(
                sa.update(ShiftWindow)
                .where(ShiftWindow.id == ids["siang"])
                .values(end_time=time(13, 0))
            )
        with db.engine.connect() as conn:
            assert _as_time(conn.execute(AGREED).first()[2]) == time(12, 45)
            nullable = {c["name"]: c["nullable"] for c in sa.inspect(conn).get_columns("orders")}
        if db.engine.dialect.name == "postgresql":
            assert not any(nullable[c] for c in ("window_code", "window_start", "window_end"))
        downgrade(revision="0010")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("orders")}
            kept = conn.execute(sa.text("SELECT count(*) FROM orders")).scalar_one()
            lines = conn.execute(sa.text("SELECT count(*) FROM order_lines")).scalar_one()
        assert "window_code" not in columns and "pickup_point_name" not in columns
        assert (kept, lines) == (2, 1)
        upgrade()
        db.engine.dispose()


def test_agreed_terms_migration_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path)


@pytest.mark.postgres_only
def test_agreed_terms_migration_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        _round_trip(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
