"""Check pooled PostgreSQL connections before use only when they sat idle for a while.

SQLAlchemy's `pool_pre_ping` sends one round trip before every checkout, i.e. one per
request: about 0.9 ms of a 6 ms catalog page on the benchmark machine. A connection returned
to the pool a moment ago is alive unless the server went away in that moment, and then the
request fails once and SQLAlchemy throws away every older pooled connection. A connection
idle for longer than DB_PING_IDLE_SECONDS (a PostgreSQL restart or failover, a firewall that
drops idle TCP) is pinged first and replaced if dead, before the request sees it: the
"pessimistic disconnect handling, custom" recipe of the SQLAlchemy documentation.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc


def ping_when_idle(engine: sa.Engine, idle_seconds: float) -> None:
    """Ping a connection at checkout if it was returned more than `idle_seconds` ago."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < idle_seconds:
            return  # new, or used a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError() from error  # the pool connects afresh and retries
        if not alive:
            raise exc.DisconnectionError()
