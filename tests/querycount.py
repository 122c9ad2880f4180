"""Count the SQL statements a block of code sends to the app's database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from flask import Flask
from sqlalchemy import event

from marketplace.extensions import db

# The test session's savepoints (tests/conftest.py `db_session`) are not the app's work.
SKIP = ("SAVEPOINT", "RELEASE", "ROLLBACK TO")


@contextlib.contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Collect the statements run on `app`'s engine inside the block (savepoints left out)."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(SKIP):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
