"""Migration 0018: old visit notes become mentoring sessions (once), shown on the plan page;
downgrade drops the mentoring tables and leaves the visit notes as they were."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.orm import Session

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, login, make_app
from tests.factories import make_group, make_user

BEFORE = "0018_mentoring-1"  # whatever the lead chains it after

NOTES = [
    ("2026-09-03", "Dapur bersih, stok kemasan menipis", "Catat stok harian"),
    ("2026-10-12", "Mesin jahit kedua sudah dipakai", None),
]


def _round_trip(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        with Session(db.engine) as session:
            officer = make_user(session, role="officer", name="Fajar")
            group = make_group(session)
            officer_id, email, group_id = officer.id, officer.email, group.id
            session.commit()
        downgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for day, seen, advice in NOTES:
                conn.execute(
                    sa.text(
                        "INSERT INTO visit_notes (group_id, officer_id, visit_date, observations,"
                        " advice, created_at) VALUES (:g, :o, :d, :s, :a, CURRENT_TIMESTAMP)"
                    ),
                    {"g": group_id, "o": officer_id, "d": day, "s": seen, "a": advice or ""},
                )
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT s.group_id, s.officer_id, s.session_date, s.topic, s.notes, s.advice,"
                    " s.visit_note_id, v.id FROM mentoring_sessions s"
                    " JOIN visit_notes v ON v.id = s.visit_note_id ORDER BY s.session_date"
                )
            ).all()
        assert [(r[0], r[1], str(r[2]), r[3], r[4], r[5]) for r in rows] == [
            (group_id, officer_id, day, "", seen, advice or "") for day, seen, advice in NOTES
        ]
        db.session.remove()

    client = app.test_client()
    assert login(client, email).status_code == 302
    page = client.get(f"/pendamping/kelompok/{group_id}/pendampingan").get_data(as_text=True)
    assert "Dapur bersih, stok kemasan menipis" in page and "Catat stok harian" in page
    assert "Kunjungan" in page and "Fajar" in page  # a former note reads as a visit

    with app.app_context():
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            kept = conn.execute(sa.text("SELECT count(*) FROM visit_notes")).scalar()
            tables = sa.inspect(conn).get_table_names()
        assert kept == 2 and "mentoring_sessions" not in tables
        upgrade()  # and again: each note is copied once
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM mentoring_sessions")).scalar() == 2
        db.engine.dispose()


def test_mentoring_migration_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path)


@pytest.mark.postgres_only
def test_mentoring_migration_postgresql(pg_server_url, tmp_path):
    url, admin = create_pg_database(pg_server_url)
    try:
        _round_trip(url, tmp_path)
    finally:
        drop_pg_database(admin, url)
