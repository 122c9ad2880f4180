"""Fast bulk inserts for generated data: PostgreSQL COPY, SQLite executemany.

Rows are tuples in the order of `columns`. Nothing goes through the ORM; the caller gives
explicit primary keys and, on PostgreSQL, calls `reset_sequences` afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session


def _sqlite_converter(value):
    """How to turn one column's values into what SQLAlchemy stores on SQLite (or None)."""
    if isinstance(value, bool):
        return int
    if isinstance(value, datetime):
        return lambda v: v if v is None else v.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return lambda v: v if v is None else v.isoformat()
    if isinstance(value, time):
        return lambda v: v if v is None else v.isoformat("microseconds")
    return None


_UNSET = object()


def _sqlite_rows(rows: Iterable[tuple]):
    """Convert booleans and dates column by column, typed from the first non-null values."""
    converters: list = []
    pending = True
    for row in rows:
        if pending:
            if not converters:
                converters = [_UNSET] * len(row)
            for i, v in enumerate(row):
                if converters[i] is _UNSET and v is not None:
                    converters[i] = _sqlite_converter(v)
            pending = any(c is _UNSET for c in converters)
        yield tuple(
            v if v is None or c is None or c is _UNSET else c(v)
            for v, c in zip(row, converters, strict=True)
        )


def insert_rows(session: Session, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` into `table` in one bulk operation; return how many."""
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    cols = ", ".join(columns)
    count = 0
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    marks = ", ".join("?" for _ in columns)
    batch: list[tuple] = []
    cursor = raw.cursor()
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608 # nosec B608 - names are ours
    for row in _sqlite_rows(rows):
        batch.append(row)
        if len(batch) >= 20_000:
            cursor.executemany(sql, batch)
            count += len(batch)
            batch.clear()
    if batch:
        cursor.executemany(sql, batch)
        count += len(batch)
    cursor.close()
    return count


def next_id(session: Session, table: str) -> int:
    """The first free id above every existing row of `table`."""
    return int(session.execute(sa.text(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")).scalar())  # noqa: S608 # nosec B608


def reset_sequences(session: Session, tables: Sequence[str]) -> None:
    """PostgreSQL: move each table's id sequence past the ids inserted explicitly."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 # nosec B608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )
