"""Flask extensions, created here and bound to the app in create_app."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class Session(FlaskSession):
    """Flask-SQLAlchemy session that honours an explicit bind.

    Tests bind the session to one outer connection so every test rolls back; Flask-SQLAlchemy's
    own get_bind would otherwise always pick the engine.
    """

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kwargs: Any):
        if bind is None and self.bind is not None:
            return self.bind
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


READ_ONLY_KEY = "pasar_tkm.read_only"  # in the request's WSGI environ: this request only reads


def configure_sqlite(engine: sa.Engine, busy_timeout_ms: int = 15000) -> None:
    """Make SQLite wait for locks and start write transactions with BEGIN IMMEDIATE.

    pysqlite's own transaction handling is switched off so SQLAlchemy's "begin" event decides.
    Safe (GET/HEAD) requests begin DEFERRED so readers never queue behind writers in WAL mode;
    every other transaction (POST requests, CLI, tests) takes the write lock up front, so two
    checkouts wait for each other instead of failing with "database is locked".
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if has_request_context() and request.environ.get(READ_ONLY_KEY):
            return  # read_only_request(): each SELECT reads on its own, no BEGIN/ROLLBACK
        if has_request_context() and request.method in ("GET", "HEAD", "OPTIONS"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def read_only_request() -> None:
    """Run this request's statements without BEGIN/ROLLBACK on PostgreSQL (autocommit reads).

    For public pages that only read (GET): each statement sees its own snapshot, and two
    round trips per request are saved (on SQLite, two statements). Call before the request's
    first query; once a transaction has begun this changes nothing. The pool restores the
    normal isolation level when the connection is returned.
    """
    session = db.session()
    if request.method in ("GET", "HEAD") and not session.in_transaction():
        request.environ[READ_ONLY_KEY] = True  # SQLite: configure_sqlite's listener skips BEGIN
    if (
        session.in_transaction()
        or isinstance(session.get_bind(), sa.Connection)  # tests: one outer transaction
        or session.get_bind().dialect.name != "postgresql"
    ):
        return
    db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
