"""Whole-page cache of the public catalog pages for visitors who are not logged in.

Correct to the request: every cached page is stored with the catalog's *version*, a counter
shared by all app processes in Redis (`PAGE_CACHE_URL`, default `REDIS_URL`), and is served
only while the counter still has that value. Any commit that changed a product, a product
photo or a producer group (through the ORM, or an UPDATE/INSERT/DELETE statement on their
tables run through the session: stock taken at checkout, stock given back, ratings, a price
edit, a group suspended) bumps the counter right after the commit, so the next request of
any process renders afresh: no cached page shows a price or stock older than the last
commit that changed it. The version is read before the page's query, so a page rendered
from data older than a bump is filed under the older version and never served after it.

Only the anonymous, flash-free, cart-free page is cached (the nav is the same for every such
visitor), per language and full path, never a page read from the replica (it may lag), and
never longer than `PAGE_CACHE_SECONDS` (a bound on staleness should a bump ever fail).
Without Redis, or when it does not answer, nothing is cached and pages render as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import sqlalchemy as sa
from cachetools import TTLCache
from flask import Flask, current_app, g, has_app_context, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import ORMExecuteState, Session

from marketplace.core import render
from marketplace.core.timeutil import wib_today

log = logging.getLogger(__name__)

VERSION_KEY = "catalog-version"
# Every table the cached pages read (checked by tests/catalog/test_page_cache.py's capture).
WATCHED_TABLES = frozenset(
    {
        "products",
        "product_photos",
        "producer_groups",
        "group_sectors",
        "group_memberships",  # the chair's contact on a product page
        "reviews",
        "users",  # reviewers' and chairs' names
        "product_search",  # SQLite's full-text index of the products
        "search_terms",  # the words "did you mean" suggests
        "search_terms_trigram",  # and their index on SQLite
        "aid_records",  # a group's first aid year (ProducerGroup.aid_since)
        "member_certificates",  # verified certificates by scheme on a group's shop page
        "group_members",  # deleting a member deletes their certificates
    }
)
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
_CHANGED = "catalog_changed"  # Session.info flag: this transaction changed the catalog
RETRY_AFTER = 5.0  # seconds without trying Redis again after it failed

_lock = threading.Lock()
_pages: TTLCache | None = None
_client: Any = None
_client_url: str | None = None
_down_until = 0.0


# --- the shared version -------------------------------------------------------------------


def _redis():
    """This process's Redis client for PAGE_CACHE_URL, or None (not set, or failing)."""
    global _client, _client_url
    url = current_app.config.get("PAGE_CACHE_URL") or ""
    if not url or time.monotonic() < _down_until:
        return None
    if _client is None or _client_url != url:
        import redis  # only processes that cache pages load the client

        _client = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
        _client_url = url
    return _client


def _failed(action: str, error: Exception) -> None:
    global _down_until
    _down_until = time.monotonic() + RETRY_AFTER
    log.warning("page cache: Redis %s failed, not caching for %s s: %s", action, RETRY_AFTER, error)


def _key_name() -> str:
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX', 'pasar_tkm')}:{VERSION_KEY}"


def current_version() -> int | None:
    """The catalog's version now, or None when pages must not be cached."""
    client = _redis()
    if client is None:
        return None
    try:
        value = client.get(_key_name())
    except Exception as error:  # noqa: BLE001 - any Redis failure means: render uncached
        _failed("read", error)
        return None
    return int(value or 0)


def bump_version() -> None:
    """Move the catalog's version on: every cached page of every process is now stale."""
    client = _redis()
    if client is None:
        return
    try:
        client.incr(_key_name())
    except Exception as error:  # noqa: BLE001
        # Readers cannot reach Redis either in most failures (they then render uncached);
        # PAGE_CACHE_SECONDS bounds what a one-off failed bump could leave behind.
        _failed("bump", error)


# --- noticing catalog changes ---------------------------------------------------------------


def _after_flush(session: Session, _context: Any) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table in WATCHED_TABLES:
            session.info[_CHANGED] = True
            return


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in WATCHED_TABLES:
        state.session.info[_CHANGED] = True


def mark_changed(session: Session) -> None:
    """Tell the cache that this transaction changes what cached pages show (bumped at commit).

    For writes the watchers cannot see: statements on a raw connection of the session.
    """
    session.info[_CHANGED] = True


def _after_commit(session: Session) -> None:
    # Without an app context (a script's own session) there is no configured cache to tell.
    if session.info.pop(_CHANGED, False) and has_app_context():
        bump_version()


def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


# --- the cached views -----------------------------------------------------------------------


def _cache(app: Flask) -> TTLCache:
    global _pages
    if _pages is None:
        _pages = TTLCache(
            app.config.get("PAGE_CACHE_ENTRIES", 128), app.config.get("PAGE_CACHE_SECONDS", 60)
        )
    return _pages


def _cacheable() -> bool:
    return (
        request.method == "GET"
        and not current_user.is_authenticated
        and "_flashes" not in session
        and not session.get("cart")  # orders.cart_session.SESSION_CART: the nav counts it
        and "replica_connection" not in g
    )


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve the anonymous visitor's page from this process's copy while the version holds."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_app.config.get("PAGE_CACHE_URL") or not _cacheable():
            return view(*args, **kwargs)
        version = current_version()
        if version is None:
            return view(*args, **kwargs)
        # Today's WIB date: a pre-order's earliest pickup day moves on at midnight.
        key = (request.endpoint, render.locale_name(), request.full_path, wib_today())
        pages = _cache(current_app)
        with _lock:
            hit = pages.get(key)
        if hit is not None and hit[0] == version:
            g.page_cache = "hit"
            body = hit[1]
            if CSRF_PLACEHOLDER in body:  # this visitor's own token in the add-to-cart form
                body = body.replace(CSRF_PLACEHOLDER, generate_csrf().encode())
            return current_app.response_class(body, mimetype="text/html")
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.direct_passthrough:
            body = response.get_data()
            token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
            if token:
                body = body.replace(token.encode(), CSRF_PLACEHOLDER)
            with _lock:
                pages[key] = (version, body)
        g.page_cache = "miss"
        return response

    return wrapper


def clear() -> None:
    """Forget this process's cached pages (tests)."""
    global _pages, _down_until
    with _lock:
        _pages = None
    _down_until = 0.0


def init_app(app: Flask) -> None:
    """Watch every session for catalog changes (once per process)."""
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)
        sa.event.listen(Session, "do_orm_execute", _on_execute)
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_rollback", _after_rollback)
