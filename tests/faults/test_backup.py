"""`flask backup` copies the database consistently while the site writes, and the copy restores.

SQLite: writer threads keep committing groups with their chair and products while the
backup runs; the copy passes `PRAGMA integrity_check`, holds every group written before the
backup started, holds no half-written group, and the app serves its data when started on the
copy. PostgreSQL: `flask backup` runs pg_dump, and pg_restore into a new database gives the
data back to the app.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import ProducerGroup
from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app
from tests.factories import make_group, make_product
from tests.faults.conftest import migrated

WRITERS = 3


def _write_until(app, stop: threading.Event, prefix: str, counter: list[int]) -> None:
    with app.app_context():
        n = 0
        while not stop.is_set():
            n += 1
            group = make_group(db.session, name=f"{prefix} {n}")
            make_product(db.session, group, name=f"Keripik {prefix} {n}")
            db.session.commit()
            counter.append(n)
        db.session.remove()


def test_sqlite_backup_while_writing_is_consistent_and_restores(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    migrated(url, tmp_path)
    app = make_app(url, tmp_path)
    with app.app_context():
        make_product(
            db.session, make_group(db.session, name="Batik Tulis Rowosari"), name="Batik Kawung"
        )
        db.session.commit()
    stop = threading.Event()
    counters: list[list[int]] = [[] for _ in range(WRITERS)]
    threads = [
        threading.Thread(target=_write_until, args=(app, stop, f"Penulis{i}", counters[i]))
        for i in range(WRITERS)
    ]
    for t in threads:
        t.start()
    try:
        while sum(map(len, counters)) < 30:  # the site is busy before the backup starts
            stop.wait(0.05)
        before = sum(map(len, counters))
        target = tmp_path / "backups" / "copy.sqlite3"
        result = app.test_cli_runner().invoke(args=["backup", "--output", str(target)])
        more = sum(map(len, counters))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert "halaman" in result.output and "integrity_check ok" in result.output
    assert more > before  # writers kept going around the backup

    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        groups = copy.execute("SELECT count(*) FROM producer_groups").fetchone()[0]
        half = copy.execute(
            "SELECT count(*) FROM producer_groups g WHERE NOT EXISTS "
            "(SELECT 1 FROM group_memberships m WHERE m.group_id = g.id) "
            "OR NOT EXISTS (SELECT 1 FROM products p WHERE p.group_id = g.id)"
        ).fetchone()[0]
    finally:
        copy.close()
    assert groups >= before + 1 and half == 0

    restored = tmp_path / "restored" / "pasar_tkm.sqlite3"
    restored.parent.mkdir()
    shutil.copy(target, restored)  # restore = put the copy where DATABASE_URL points
    restored_app = make_app(f"sqlite:///{restored}", tmp_path / "restored")
    page = restored_app.test_client().get("/products?q=kawung")
    assert page.status_code == 200 and "Batik Kawung" in page.get_data(as_text=True)
    with restored_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ProducerGroup.id))) == groups
        db.engine.dispose()
    with app.app_context():
        db.engine.dispose()


def test_postgresql_backup_with_pg_dump_restores(pg_url, tmp_path):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed")
    app = make_app(pg_url, tmp_path)
    with app.app_context():
        make_product(
            db.session, make_group(db.session, name="Batik Tulis Rowosari"), name="Batik Kawung"
        )
        db.session.commit()
    target = tmp_path / "pg.dump"
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0 and "pg_restore" in result.output
    with app.app_context():
        db.engine.dispose()

    url, admin = create_pg_database(
        sa.make_url(pg_url).set(database="postgres").render_as_string(False)
    )
    try:
        dest = sa.make_url(url)
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                f"--host={dest.host}",
                f"--port={dest.port or 5432}",
                f"--username={dest.username}",
                f"--dbname={dest.database}",
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        restored = make_app(url, tmp_path / "restored")
        page = restored.test_client().get("/products?q=kawung")
        assert page.status_code == 200 and "Batik Kawung" in page.get_data(as_text=True)
        with restored.app_context():
            db.engine.dispose()
    finally:
        drop_pg_database(admin, url)
