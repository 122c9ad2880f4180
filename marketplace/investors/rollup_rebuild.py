"""`rebuild`: the rollups recomputed as set-based SQL; the database groups the orders, nothing
row by row (`flask stats rebuild`, the large demo data set).

Applies the rules of investors.rollups (see its docstring) with INSERT … SELECT … GROUP BY on
SQLite and PostgreSQL. WIB is taken as a fixed UTC+7 (Asia/Jakarta has had no other offset
and no DST since 1964), so a stored naive-UTC moment plus seven hours is WIB wall-clock time.
Refunds come from the marks recorded before the rebuild; they are copied to a temporary
table first because the marks are emptied and refilled. Business-to-business revenue comes
from the sources registered in investors.b2b (procurement's signed BASTs), added to the
orders' rows before the months are grouped.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from marketplace.core.timeutil import utcnow
from marketplace.investors import b2b
from marketplace.investors.models import GroupBuyerMonth, GroupMonthlyStats, OrderRollupMark
from marketplace.investors.rollups import COUNTERS, month_of
from marketplace.orders.models import Order, OrderEvent

END_OF_DAY = "23:59:59.999999"  # time.max: the deadline of an order without a window
PLUS_7H = "INTERVAL '7 hours'"
# Schema-qualified so DROP … IF EXISTS can only ever hit this session's temporary table.
TEMP_SCHEMA = {"postgresql": "pg_temp", "sqlite": "temp"}
DROP_REFUNDS = {
    "postgresql": "DROP TABLE IF EXISTS pg_temp.rollup_old_refunds",
    "sqlite": "DROP TABLE IF EXISTS temp.rollup_old_refunds",
}
CREATE_REFUNDS = (
    "CREATE TEMPORARY TABLE rollup_old_refunds "
    "(order_id INTEGER PRIMARY KEY, refunded INTEGER NOT NULL)"
)


def wib_month(dialect: str, moment: sa.ColumnElement) -> sa.ColumnElement:
    """First day of the WIB month of a stored UTC datetime, in the form a Date is stored."""
    if dialect == "postgresql":
        month = sa.func.date_trunc("month", moment + sa.literal_column(PLUS_7H))
        return sa.cast(month, sa.Date)
    # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff' and rounds the fraction to milliseconds, so
    # 23:59:59.9999 would land in the next day: cut the fraction off before shifting.
    return sa.func.date(sa.func.substr(moment, 1, 19), "+7 hours", "start of month")


_wib_month = wib_month


def _on_time(
    dialect: str, done_at: sa.ColumnElement, day: sa.ColumnElement, end: sa.ColumnElement
) -> sa.ColumnElement:
    """Completed (WIB) no later than the window's end, or the day's end, on the pickup date."""
    if dialect == "postgresql":
        deadline = day + sa.func.coalesce(end, sa.literal_column(f"TIME '{END_OF_DAY}'"))
        return done_at + sa.literal_column(PLUS_7H) <= deadline
    # Compare text to the microsecond (SQLite's date functions keep milliseconds only): a
    # shift by whole hours changes just the date and hour, the rest is copied from the text.
    text = sa.String()
    wib = sa.func.strftime("%Y-%m-%d %H", sa.func.substr(done_at, 1, 19), "+7 hours", type_=text)
    wib = wib.concat(sa.func.substr(done_at, 14, type_=text))
    end_text = sa.func.coalesce(sa.type_coerce(end, text), sa.literal(END_OF_DAY, text))
    return wib <= sa.type_coerce(day, text).concat(" ").concat(end_text)


def _facts(dialect: str, refunds: sa.TableClause) -> sa.Subquery:
    """One row per counted order: group, buyer, month and what it adds to each counter."""
    o, e = Order.__table__, OrderEvent.__table__.alias("e")
    done = o.c.status == "completed"
    cancelled = o.c.status == "cancelled"
    # "Now" is read once in Python and bound, as the row-by-row version did per order.
    this_month = sa.bindparam("this_month", month_of(utcnow()), type_=sa.Date)
    month = sa.case(
        (done, _wib_month(dialect, o.c.completed_at)),
        else_=sa.func.coalesce(_wib_month(dialect, o.c.cancelled_at), this_month),
    )
    old = sa.func.coalesce(refunds.c.refunded, 0)
    capped = sa.case((old < o.c.total, old), else_=o.c.total)
    # Against the window end agreed at checkout, not the shared window's current end.
    on_time = _on_time(dialect, o.c.completed_at, o.c.pickup_date, o.c.window_end)
    # The last cancelling event (highest id) decides; a NULL actor (the system) is not the
    # group. Inside the CASE it runs for cancelled orders only, through the order_id index.
    by_other = (
        sa.select(sa.case((e.c.actor_id != o.c.buyer_id, 1), else_=0))
        .where(e.c.order_id == o.c.id, e.c.to_status == "cancelled")
        .order_by(e.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    joined = o.outerjoin(refunds, refunds.c.order_id == o.c.id)
    return (
        sa.select(
            o.c.id.label("order_id"),
            o.c.group_id,
            o.c.buyer_id,
            month.label("month"),
            sa.case((done, 1), else_=0).label("done"),
            sa.case((done, o.c.total), else_=0).label("revenue"),
            sa.case((done, capped), else_=0).label("refunded"),
            sa.case((sa.and_(done, on_time), 1), else_=0).label("on_time"),
            sa.case((cancelled, sa.func.coalesce(by_other, 0)), else_=0).label("by_group"),
        )
        .select_from(joined)
        .where(sa.or_(sa.and_(done, o.c.completed_at.is_not(None)), cancelled))
        .subquery("facts")
    )


def _monthly_facts(dialect: str, f: sa.ColumnCollection) -> sa.Subquery:
    """The orders' facts and every registered B2B source's rows, in one column layout."""

    def zero(name: str) -> sa.ColumnElement:
        return sa.literal(0, sa.BigInteger).label(name)

    counters = ("revenue", "refunded", "done", "on_time", "cancelled", "by_group")
    parts = [
        sa.select(
            f.group_id,
            f.month,
            f.revenue.label("revenue"),
            f.refunded.label("refunded"),
            f.done.label("done"),
            f.on_time.label("on_time"),
            (1 - f.done).label("cancelled"),
            f.by_group.label("by_group"),
            zero("b2b"),
        )
    ]
    for source in b2b.sources():
        s = source(dialect).subquery()
        parts.append(
            sa.select(s.c.group_id, s.c.month, *map(zero, counters), s.c.amount.label("b2b"))
        )
    return sa.union_all(*parts).subquery("monthly")


def _keep_refunds(session: Session, dialect: str) -> sa.TableClause:
    """Copy the recorded non-zero refunds to a temporary table and return it."""
    session.execute(sa.text(DROP_REFUNDS[dialect]))
    session.execute(sa.text(CREATE_REFUNDS))
    refunds = sa.table(
        "rollup_old_refunds",
        sa.column("order_id"),
        sa.column("refunded"),
        schema=TEMP_SCHEMA[dialect],
    )
    marks = OrderRollupMark.__table__
    session.execute(
        sa.insert(refunds).from_select(
            ["order_id", "refunded"],
            sa.select(marks.c.order_id, marks.c.refunded).where(marks.c.refunded != 0),
        )
    )
    return refunds


def rebuild(session: Session) -> dict[str, int]:
    """Recompute every rollup row from the orders (refund amounts from the recorded marks).

    Empties the three rollup tables and refills them with INSERT … SELECT.
    """
    session.flush()  # pending orders count, as they did when the ORM select autoflushed
    dialect = session.get_bind().dialect.name
    if dialect not in TEMP_SCHEMA:
        raise NotImplementedError(f"rollup rebuild supports SQLite and PostgreSQL, not {dialect}")
    if dialect != "sqlite":
        return _rewrite(session, dialect)
    # SQLite's default 2 MB page cache thrashes on the indexes of the half-million rows
    # deleted and inserted (with foreign keys on, DELETE visits every row) and spills the
    # GROUP BY sorts to disk: 64 MB while rebuilding, then the connection's own setting.
    previous = int(session.execute(sa.text("PRAGMA cache_size")).scalar_one())
    session.execute(sa.text("PRAGMA cache_size = -65536"))
    try:
        return _rewrite(session, dialect)
    finally:
        session.execute(sa.text(f"PRAGMA cache_size = {previous}"))  # an int, read above


def _rewrite(session: Session, dialect: str) -> dict[str, int]:
    """Keep the refunds, empty the three tables and refill them; return the rows inserted."""
    refunds = _keep_refunds(session, dialect)
    for model in (GroupMonthlyStats, GroupBuyerMonth, OrderRollupMark):
        session.execute(sa.delete(model.__table__))
    f = _facts(dialect, refunds).c
    m = _monthly_facts(dialect, f).c
    stats = sa.select(
        m.group_id,
        m.month,
        sa.func.sum(m.revenue),
        sa.func.sum(m.refunded),
        sa.func.sum(m.done),
        sa.func.sum(m.on_time),
        sa.func.sum(m.cancelled),
        sa.func.sum(m.by_group),
        sa.func.sum(m.b2b),
    ).group_by(m.group_id, m.month)
    buyers = (
        sa.select(f.group_id, f.buyer_id, f.month, sa.func.count())
        .where(f.done == 1)
        .group_by(f.group_id, f.buyer_id, f.month)
    )
    marks = sa.select(f.order_id, f.done == 1, f.done == 0, f.refunded)
    # preserve_rowcount: without it SQLAlchemy reports -1 for an INSERT on PostgreSQL.
    counts = {
        key: session.execute(
            sa.insert(model.__table__).from_select(columns, query),
            execution_options={"preserve_rowcount": True},
        ).rowcount
        for key, model, columns, query in (
            ("months", GroupMonthlyStats, ["group_id", "month", *COUNTERS], stats),
            ("buyer_months", GroupBuyerMonth, ["group_id", "buyer_id", "month", "orders"], buyers),
            ("orders", OrderRollupMark, ["order_id", "completed", "cancelled", "refunded"], marks),
        )
    }
    session.execute(sa.text(DROP_REFUNDS[dialect]))
    session.flush()
    return counts
