"""Fresh, migrated databases that real servers (gunicorn) can share with the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask_migrate import upgrade

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app


def migrated(url: str, tmp) -> None:
    app = make_app(url, tmp)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture
def pg_url(pg_server_url, tmp_path) -> Iterator[str]:
    """A new, migrated PostgreSQL database, dropped after the test."""
    url, admin = create_pg_database(pg_server_url)
    try:
        migrated(url, tmp_path)
        yield url
    finally:
        drop_pg_database(admin, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request, tmp_path) -> Iterator[str]:
    """A new, migrated database file on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'faults.sqlite3'}"
        migrated(url, tmp_path)
        yield url
        return
    yield request.getfixturevalue("pg_url")
