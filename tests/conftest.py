"""Shared fixtures: an app per database backend, a rolled-back session per test, helpers.

Every test that uses `app` runs on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is
set (with REQUIRE_POSTGRES=1 a missing server fails instead of skipping). The schema is built
with `alembic upgrade head`, so the migrations are exercised by every run.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.extensions import db, limiter

BACKENDS = ["sqlite", "postgresql"]


def pg_admin_url() -> str | None:
    """The PostgreSQL server to create test databases on, or None."""
    return os.environ.get("TEST_DATABASE_URL") or None


def _require(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _skip_or_fail(env: str, reason: str) -> None:
    if _require(env):
        pytest.fail(f"{reason} ({env}=1 makes this mandatory)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of the PostgreSQL server; skips (or fails under REQUIRE_POSTGRES) without one."""
    url = pg_admin_url()
    if not url:
        _skip_or_fail("REQUIRE_POSTGRES", "TEST_DATABASE_URL is not set")
    try:
        engine = sa.create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError as exc:
        _skip_or_fail("REQUIRE_POSTGRES", f"PostgreSQL unreachable: {exc}")
    return url


def create_pg_database(server_url: str) -> tuple[str, sa.Engine]:
    """Create a uniquely named database; return its URL and an admin engine to drop it."""
    name = f"pasar_tkm_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return str(sa.make_url(server_url).set(database=name).render_as_string(False)), admin


def drop_pg_database(admin: sa.Engine, url: str) -> None:
    """Drop a test database created by create_pg_database."""
    name = sa.make_url(url).database
    assert name and re.fullmatch(r"pasar_tkm_test_\w+", name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def make_app(database_url: str, tmp: Path, **overrides) -> Flask:
    """A testing app on `database_url`, uploads under `tmp`."""
    config = {
        "APP_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_FOLDER": str(tmp / "uploads"),
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated, empty database for the session, on each backend."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        url = f"sqlite:///{path}"
        admin = None
    else:
        url, admin = create_pg_database(request.getfixturevalue("pg_server_url"))
    migrate_app = make_app(url, tmp_path_factory.mktemp("migrate"))
    with migrate_app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    if admin is not None:
        drop_pg_database(admin, url)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory) -> Iterator[Flask]:
    """The application under test, bound to the session's database."""
    application = make_app(database_url, tmp_path_factory.mktemp("app"))
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def backend(app) -> str:
    """'sqlite' or 'postgresql'."""
    return sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()


@pytest.fixture
def db_session(app) -> Iterator[Session]:
    """A session whose work, and every request's, is rolled back after the test.

    The test and the app's request sessions share one connection inside an outer transaction;
    their commits only release savepoints. The test holds no app context, so each request
    gets its own `g`, login state and session, as in production.
    """
    with app.app_context():
        engine = db.engine
        db.session.remove()
    connection = engine.connect()
    outer = connection.begin()
    db.session.session_factory.configure(bind=connection, join_transaction_mode="create_savepoint")
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    limiter.reset()
    try:
        yield session
    finally:
        session.close()
        with app.app_context():
            db.session.remove()
        db.session.session_factory.configure(
            bind=None, join_transaction_mode="conditional_savepoint"
        )
        outer.rollback()
        connection.close()


@pytest.fixture
def client(app, db_session) -> FlaskClient:
    """A test client whose database work is rolled back after the test."""
    return app.test_client()


@pytest.fixture
def runner(app, db_session):
    """A CLI runner sharing the rolled-back connection."""
    return app.test_cli_runner()


CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_in(html: str) -> str:
    """The CSRF token of the (first) form in a page's HTML; fails the test if there is none."""
    match = CSRF_TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client: FlaskClient, identifier: str, password: str = "rahasia123", follow: bool = False):
    """Log in through the real login form."""
    return client.post(
        "/akun/masuk",
        data={"identifier": identifier, "password": password},
        follow_redirects=follow,
    )


@pytest.fixture
def login_as(client):
    """Log a user (model instance) in: `login_as(user)`."""

    def _login(user, password: str = "rahasia123"):
        response = login(client, user.email, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return _login


@pytest.fixture
def shop(db_session) -> dict:
    """Two groups serving the zone, each with a product, and a buyer (factories.make_shop)."""
    from tests.factories import make_shop

    return make_shop(db_session)
