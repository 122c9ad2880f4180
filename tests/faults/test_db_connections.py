"""Pooled PostgreSQL connections: checked before use after sitting idle, not before every use;
public read-only pages read without BEGIN/ROLLBACK, and the pool gives writers a normal one.

A connection the server dropped while it sat in the pool (a restart, a failover, an idle
timeout) must never reach a request: after DB_PING_IDLE_SECONDS it is pinged at checkout and
replaced. A connection used a moment ago is not pinged (one round trip less per request).
"""

from __future__ import annotations

import time

import sqlalchemy as sa

from marketplace.extensions import db
from tests.conftest import make_app
from tests.factories import make_group, make_product


def _backend_pid(app) -> int:
    with app.app_context():
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        db.session.remove()
    return pid


def _kill(pg_url: str, pid: int) -> None:
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    engine.dispose()


def test_a_connection_dropped_while_idle_is_replaced_before_use(pg_url, tmp_path):
    app = make_app(pg_url, tmp_path, DB_PING_IDLE_SECONDS=1, DB_POOL_SIZE=1)
    try:
        with app.app_context():
            assert db.engine.pool._pre_ping is False  # the idle check replaces it
            make_product(db.session, make_group(db.session), name="Tampah Bambu Anyam")
            db.session.commit()
        first = _backend_pid(app)
        _kill(pg_url, first)
        time.sleep(1.2)  # what is tested: the connection sits idle past DB_PING_IDLE_SECONDS
        page = app.test_client().get("/products")
        assert page.status_code == 200 and "Tampah Bambu Anyam" in page.get_data(as_text=True)
        assert _backend_pid(app) != first
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(pg_url, tmp_path, monkeypatch):
    app = make_app(pg_url, tmp_path, DB_PING_IDLE_SECONDS=60, DB_POOL_SIZE=1)
    pings = []
    try:
        with app.app_context():
            dialect = db.engine.dialect
            monkeypatch.setattr(
                dialect,
                "do_ping",
                lambda conn, _real=dialect.do_ping: pings.append(1) or _real(conn),
            )
        client = app.test_client()
        for _ in range(3):
            assert client.get("/products").status_code == 200
        assert pings == []
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_zero_means_a_ping_before_every_use(pg_url, tmp_path):
    app = make_app(pg_url, tmp_path, DB_PING_IDLE_SECONDS=0)
    with app.app_context():
        assert db.engine.pool._pre_ping is True
        db.engine.dispose()


def test_catalog_reads_in_autocommit_and_writers_get_a_transaction(pg_url, tmp_path, monkeypatch):
    import marketplace.catalog.queries

    app = make_app(pg_url, tmp_path, DB_POOL_SIZE=1, DB_MAX_OVERFLOW=0)
    seen = []
    real = marketplace.catalog.queries.catalog_page

    def spy(session, *args, **kwargs):
        seen.append(session.connection().connection.dbapi_connection.autocommit)
        return real(session, *args, **kwargs)

    monkeypatch.setattr(marketplace.catalog.queries, "catalog_page", spy)
    try:
        with app.app_context():
            make_product(db.session, make_group(db.session), name="Tampah Bambu Anyam")
            db.session.commit()
        page = app.test_client().get("/products")
        assert page.status_code == 200 and "Tampah Bambu Anyam" in page.get_data(as_text=True)
        assert seen == [True]
        with app.app_context():  # the same pooled connection, back in transactional mode
            assert db.session.connection().connection.dbapi_connection.autocommit is False
            db.session.remove()
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
