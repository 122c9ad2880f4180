"""Reads from a PostgreSQL streaming replica, when `DATABASE_REPLICA_URL` is set.

Only GET requests to the endpoints the factory lists (public catalog, product and shop pages,
search, investor summaries, the impact dashboard) read from the replica; everything else uses
the primary. Three rules keep a person from seeing the past:

- read-your-writes: a visitor whose last state-changing request (POST, PUT, PATCH, DELETE)
  was less than `READ_YOUR_WRITES_SECONDS` ago reads from the primary (a timestamp in the
  signed session cookie, so it holds whichever app process serves them);
- lag: every `REPLICA_CHECK_SECONDS` a process asks the replica how far it is behind; beyond
  `REPLICA_MAX_LAG_SECONDS`, or when the replica cannot be reached, reads go to the primary
  until a later check finds it healthy again;
- the replica connection is opened (and pinged) before the view runs, so a replica that died
  since the last check costs one failed connect and the request still reads from the primary.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session

from marketplace.extensions import db

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WROTE_AT = "_w"  # session key: when this visitor last sent a state-changing request

# Seconds the replica is behind the primary: zero when it has replayed everything it
# received (an idle primary must not look like lag), else the age of the last replayed
# transaction. NULL (not in recovery: someone pointed the setting at a primary) counts as 0.
LAG_SQL = sa.text(
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


class ReplicaRouter:
    """Decides, per request, whether reads may go to the replica, and watches its lag."""

    def __init__(self, engine: sa.Engine, max_lag: float, check_every: float) -> None:
        self.engine = engine
        self.max_lag = max_lag
        self.check_every = check_every
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._healthy = False
        self.last_lag: float | None = None

    def healthy(self) -> bool:
        """Whether the replica was reachable and close enough at the last check (rechecked)."""
        now = time.monotonic()
        if now - self._checked_at < self.check_every:
            return self._healthy
        with self._lock:
            if now - self._checked_at < self.check_every:  # another thread just checked
                return self._healthy
            self._healthy = self._check()
            self._checked_at = time.monotonic()
        return self._healthy

    def _check(self) -> bool:
        try:
            with self.engine.connect() as conn:
                lag = float(conn.execute(LAG_SQL).scalar() or 0)
        except sa.exc.DBAPIError as error:
            log.warning("replica unreachable, reading from the primary: %s", error.orig)
            self.last_lag = None
            return False
        self.last_lag = lag
        if lag > self.max_lag:
            log.warning("replica %.1f s behind (limit %s s): reading from the primary", lag,
                        self.max_lag)  # fmt: skip
            return False
        return True

    def mark_down(self) -> None:
        """Stop using the replica until the next check (a connect just failed)."""
        with self._lock:
            self._healthy = False
            self._checked_at = time.monotonic()


def wrote_recently(window: float) -> bool:
    """Whether this visitor sent a state-changing request in the last `window` seconds."""
    wrote_at = session.get(WROTE_AT)
    return isinstance(wrote_at, int | float) and time.time() - wrote_at < window


def _route_read(router: ReplicaRouter, endpoints: frozenset[str]) -> None:
    if request.method not in ("GET", "HEAD") or request.endpoint not in endpoints:
        return
    if wrote_recently(current_app.config["READ_YOUR_WRITES_SECONDS"]):
        return
    if not router.healthy():
        return
    scoped = db.session()
    if scoped.in_transaction() or scoped.bind is not None:  # tests bind one outer connection
        return
    try:
        conn = router.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    except sa.exc.DBAPIError as error:
        log.warning("replica connect failed, reading from the primary: %s", error.orig)
        router.mark_down()
        return
    scoped.bind = conn
    g.replica_connection = conn


def _remember_writes(response: Any) -> Any:
    if request.method not in SAFE_METHODS and response.status_code < 400:
        session[WROTE_AT] = int(time.time())
    return response


def _release(_exc: BaseException | None) -> None:
    conn = g.pop("replica_connection", None)
    if conn is not None:
        db.session.remove()  # before its connection closes under it
        conn.close()


def init_app(app: Flask, endpoints: set[str]) -> ReplicaRouter | None:
    """Route reads of `endpoints` to DATABASE_REPLICA_URL when it is set; else do nothing."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return None
    engine = sa.create_engine(
        url,
        pool_size=app.config["DB_POOL_SIZE"],
        max_overflow=app.config["DB_MAX_OVERFLOW"],
        pool_pre_ping=True,  # the replica may be restarted on its own; one round trip is fine
        pool_timeout=5,
        connect_args={"connect_timeout": app.config["REPLICA_CONNECT_TIMEOUT"]},
    )
    router = ReplicaRouter(
        engine, float(app.config["REPLICA_MAX_LAG_SECONDS"]),
        float(app.config["REPLICA_CHECK_SECONDS"]),
    )  # fmt: skip
    frozen = frozenset(endpoints)
    app.extensions["replica"] = router
    app.before_request(lambda: _route_read(router, frozen))
    app.after_request(_remember_writes)
    app.teardown_appcontext(_release)
    return router
