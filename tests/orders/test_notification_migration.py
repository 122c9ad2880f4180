"""Migration 0009: old notification rows get a message key and a link, and render in English."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.orders import notify
from tests.conftest import create_pg_database, drop_pg_database, login, make_app
from tests.factories import make_user

OLD_ROWS = [
    ("order_accepted", "Pesanan #41: Diterima, sedang disiapkan.", "/pesanan/41"),
    ("order_new", "Pesanan baru #43 dari Siti Rahayu untuk 05-12-2026.", "/produsen/pesanan/43"),
    (
        "payment_late",
        "Pembayaran TKM-9-abc masuk setelah pesanan kedaluwarsa; "
        "dana perlu dikembalikan ke pembeli.",
        "/pembayaran/pendamping",
    ),
    ("order_other", "Teks lama apa adanya.", "/tidak-ada"),
]


def _round_trip(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()  # the reader is made with today's models, then the schema goes back to 0008
        with Session(db.engine) as session:
            reader = make_user(session, name="Reader")
            reader_id, email = reader.id, reader.email
            session.commit()
        downgrade(revision="0008")
        with db.engine.begin() as conn:
            for kind, text, path in OLD_ROWS:
                conn.execute(
                    sa.text(
                        "INSERT INTO notifications (user_id, kind, text, url, created_at) "
                        "VALUES (:u, :k, :t, :p, CURRENT_TIMESTAMP)"
                    ),
                    {"u": reader_id, "k": kind, "t": text, "p": path},
                )
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT kind, message, params, link_endpoint, link_params FROM notifications"
                    " ORDER BY id"
                )
            ).all()
        mapped = [(r.message, r.link_endpoint) for r in rows]
        assert mapped == [
            ("order.status", "orders.order_detail"),
            ("order.new", "orders.producer_order"),
            ("payment.late", "payments.officer_payments"),
            (None, None),
        ]
        notify.notify(
            db.session,
            [reader_id],
            "order_cancelled",
            "order.status_reason",
            {"id": 42, "status": "cancelled", "reason": "Kompor rusak"},
            notify.buyer_order_link(42),
        )
        db.session.commit()
        db.session.remove()

    client = app.test_client()
    assert login(client, email).status_code == 302
    client.get("/bahasa/en")
    page = client.get("/notifikasi").get_data(as_text=True)
    assert "Order #41: Accepted, being prepared." in page
    assert "New order #43 from Siti Rahayu for 5 December 2026." in page
    assert "Payment TKM-9-abc" in page
    assert "Order #42: Cancelled. Reason: Kompor rusak" in page
    assert "Teks lama apa adanya." in page  # a row that does not parse keeps its stored text
    for path in ("/pesanan/41", "/produsen/pesanan/43", "/pendamping/pembayaran", "/pesanan/42"):
        assert f'href="{path}"' in page
    assert "Diterima" not in page and "accepted" not in page

    with app.app_context():
        downgrade(revision="0008")
        with db.engine.connect() as conn:
            back = conn.execute(sa.text("SELECT text, url FROM notifications ORDER BY id")).all()
        upgrade()
        db.engine.dispose()
    assert [tuple(r) for r in back] == [
        (OLD_ROWS[0][1], "/pesanan/41"),
        (OLD_ROWS[1][1], "/produsen/pesanan/43"),
        (OLD_ROWS[2][1], "/pendamping/pembayaran"),
        (OLD_ROWS[3][1], ""),
        ("Pesanan #42: Dibatalkan. Alasan: Kompor rusak", "/pesanan/42"),
    ]


def test_notification_migration_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'n.sqlite3'}", tmp_path)


@pytest.mark.postgres_only
def test_notification_migration_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        _round_trip(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
