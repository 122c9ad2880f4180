"""A small in-process cache with a time limit, for figures that are costly to compute.

Used for the investors' group summaries and the officers' impact dashboard, which aggregate
the monthly rollups over 12 months (tens of thousands of rows for a popular group). Each
app process (gunicorn worker) keeps its own copy, so a figure may lag the database by at
most `SUMMARY_CACHE_SECONDS` (60 by default; 0 turns the cache off, as in tests) in every
process alike; nothing is shared, so nothing can be served from another process's stale
copy beyond that limit.

The entries live in a `cachetools.TTLCache` (expiry, and the least recently used entry
dropped when full). It is not thread-safe, so every read and write holds one lock;
`compute()` runs outside it, so a slow figure never holds up other keys (two threads
missing the same key at once may both compute it, as with no cache).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from cachetools import TTLCache
from flask import current_app

T = TypeVar("T")
MAX_ENTRIES = 2048

_lock = threading.Lock()
_caches: dict[float, TTLCache] = {}  # one per SUMMARY_CACHE_SECONDS value (one in practice)
_MISSING = object()


def _now() -> float:
    return time.monotonic()


def _cache(seconds: float) -> TTLCache:
    cache = _caches.get(seconds)
    if cache is None:
        cache = _caches[seconds] = TTLCache(MAX_ENTRIES, seconds, timer=lambda: _now())
    return cache


def cached(key: Hashable, compute: Callable[[], T], setting: str = "SUMMARY_CACHE_SECONDS") -> T:
    """`compute()`, or its value from less than `setting` seconds ago for the same key."""
    seconds = current_app.config.get(setting, 0)
    if seconds <= 0:
        return compute()
    with _lock:
        hit = _cache(seconds).get(key, _MISSING)
    if hit is not _MISSING:
        return hit  # type: ignore[return-value]
    value = compute()
    with _lock:
        _cache(seconds)[key] = value
    return value


def clear() -> None:
    """Forget every cached figure."""
    with _lock:
        _caches.clear()
