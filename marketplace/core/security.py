"""Security helpers: bounded ids, safe redirects, role checks, and refusing NUL characters."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, request, session
from flask_login import current_user, login_required
from werkzeug.exceptions import TooManyRequests
from werkzeug.routing import IntegerConverter

from marketplace.extensions import limiter

# Ids and quantities are 32-bit INTEGER columns on PostgreSQL; larger numbers from a URL or a
# form would make the driver raise (a 500) instead of simply matching nothing.
MAX_DB_INT = 2**31 - 1


class DbIntConverter(IntegerConverter):
    """`<int:id>` that only matches numbers a database id can hold (others answer 404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_DB_INT)
        super().__init__(map, *args, **kwargs)


def parse_id(value: str | None) -> int | None:
    """An id from a form or query string: plain ASCII digits, 1 to MAX_DB_INT; else None.

    Every id read from `request.form`/`request.args` goes through here (URLs through
    DbIntConverter), so no number the database cannot hold ever reaches a query.
    """
    raw = value.strip() if isinstance(value, str) else ""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    number = int(raw)
    return number if 0 < number <= MAX_DB_INT else None


def safe_next(target: str | None, default: str = "/") -> str:
    """Return `target` only when it is a local path (`/x`), never `//host`, `/\\host` or a URL."""
    if not target:
        return default
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def role_required(*roles: str) -> Callable:
    """Allow only logged-in users whose `role` is one of `roles` (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


class Busy(TooManyRequests):
    """429 with its own message: this user already has the same heavy work running."""

    def __init__(self, message: str) -> None:
        super().__init__(description=message)


SLOT_SECONDS = 120  # a slot left by a killed worker frees itself after this long


def one_at_a_time(scope: str, message: Callable[[], str]) -> Callable:
    """Let each user run one POST of `scope` at a time; a second one meanwhile answers 429.

    For heavy work (decoding photos): one producer sending sixteen photos at once can no
    longer occupy every worker. The slot is a counter in the rate limiter's storage, so
    with Redis it is shared by every worker process and app server. Put it above the view's
    login check: it reads the user id from the signed session, so a refused request costs no
    database work (on SQLite, not even a wait for the write lock).
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user_id = session.get("_user_id")  # Flask-Login's; checked by the view itself
            if request.method != "POST" or not user_id:
                return view(*args, **kwargs)
            key = f"slot:{scope}:{user_id}"
            try:
                taken = limiter.storage.incr(key, SLOT_SECONDS) > 1
            except Exception:  # noqa: BLE001 - storage down: better unguarded than refused
                return view(*args, **kwargs)
            if taken:
                raise Busy(message())
            try:
                return view(*args, **kwargs)
            finally:
                with contextlib.suppress(Exception):
                    limiter.storage.clear(key)

        return wrapped

    return decorator


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in v for v in vals) for key, vals in values.lists())


def refuse_nul_characters(app: Flask) -> None:
    """Answer 400 to any query or form carrying a NUL character.

    No form needs one, and PostgreSQL text cannot store it (the driver raises, which would be a
    500); SQLite would store it silently. Checked once, before any view runs.
    """

    @app.before_request
    def _refuse_nul():
        if _has_nul(request.args) or (request.method != "GET" and _has_nul(request.form)):
            abort(400)
