"""An app on its own database (a SQLite file, or a fresh PostgreSQL database) for tests that
race threads against each other: the rolled-back shared connection of `db_session` would
serialise them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from marketplace.extensions import db
from tests.conftest import create_pg_database, drop_pg_database, make_app


def racing_app(request: pytest.FixtureRequest, tmp_path: Path, threads: int) -> Iterator[Flask]:
    """Yield an upgraded app with a pool for `threads` connections; drop its database after.

    `request.param` is "sqlite" or "postgresql" (the fixture's params).
    """
    if request.param == "sqlite":
        url, admin = f"sqlite:///{tmp_path / 'race.sqlite3'}", None
    else:
        url, admin = create_pg_database(request.getfixturevalue("pg_server_url"))
    app = make_app(url, tmp_path, DB_POOL_SIZE=threads + 2, DB_MAX_OVERFLOW=4)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if admin is not None:
        drop_pg_database(admin, url)
