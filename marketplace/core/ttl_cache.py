"""A small in-process cache with a time limit, for figures that are costly to compute.

Used for the investors' group summaries and the officers' impact dashboard, which aggregate
the monthly rollups over 12 months (tens of thousands of rows for a popular group). Each
app process (gunicorn worker) keeps its own copy, so a figure may lag the database by at
most `SUMMARY_CACHE_SECONDS` (60 by default; 0 turns the cache off, as in tests) in every
process alike; nothing is shared, so nothing can be served from another process's stale
copy beyond that limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")
MAX_ENTRIES = 2048

_lock = threading.Lock()
_entries: dict[Hashable, tuple[float, object]] = {}


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from less than SUMMARY_CACHE_SECONDS ago for the same key."""
    seconds = current_app.config.get("SUMMARY_CACHE_SECONDS", 0)
    if seconds <= 0:
        return compute()
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            for k in [k for k, (until, _v) in _entries.items() if until <= now] or list(_entries):
                _entries.pop(k, None)
        _entries[key] = (now + seconds, value)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
