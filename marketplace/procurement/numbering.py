"""Yearly document numbers: `RFQ-2026-00001`, `PO-2026-00001`, `BAST-…`, `INV-…`.

Locking rule: the counter row of (kind, year) is bumped with one conditional
`UPDATE … SET last = last + 1 … RETURNING last`; on PostgreSQL the row stays locked until the
transaction ends, so concurrent transactions take turns and never share a number; on SQLite
writers are serialised anyway (BEGIN IMMEDIATE). The first number of a year inserts the row
inside a savepoint; a concurrent insert of the same row loses on the primary key and retries
the update. A transaction that rolls back leaves its number unused, so numbers are gap-free
only as far as committed documents go ("gap-free enough").
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.core.timeutil import to_wib, utcnow
from marketplace.procurement.models import DocCounter

KINDS = ("RFQ", "PO", "BAST", "INV")


def _bump(session: Session, kind: str, year: int) -> int | None:
    stmt = (
        update(DocCounter)
        .where(DocCounter.kind == kind, DocCounter.year == year)
        .values(last=DocCounter.last + 1)
        .returning(DocCounter.last)
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).scalar_one_or_none()


def next_number(session: Session, kind: str, year: int | None = None) -> str:
    """The next number of `kind` (one of KINDS) in `year` (this WIB year by default)."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    year = year or to_wib(utcnow()).year
    value = _bump(session, kind, year)
    if value is None:
        try:
            with session.begin_nested():
                session.execute(insert(DocCounter).values(kind=kind, year=year, last=1))
            value = 1
        except IntegrityError:  # another transaction made the row first
            value = _bump(session, kind, year)
            assert value is not None
    return f"{kind}-{year}-{value:05d}"
