"""The summaries' in-process cache: a figure is reused for SUMMARY_CACHE_SECONDS, then fresh."""

from __future__ import annotations

import threading

import pytest
from flask import Flask

from marketplace.core import ttl_cache


@pytest.fixture
def clock(monkeypatch):
    """A settable clock for the cache's expiry."""
    now = [1000.0]
    monkeypatch.setattr(ttl_cache, "_now", lambda: now[0])
    ttl_cache.clear()
    yield now
    ttl_cache.clear()


def _app(seconds: int) -> Flask:
    app = Flask(__name__)
    app.config["SUMMARY_CACHE_SECONDS"] = seconds
    return app


def test_value_is_reused_within_the_limit_and_recomputed_after(clock):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with _app(60).app_context():
        assert ttl_cache.cached(("summary", 1), compute) == 1
        clock[0] += 59
        assert ttl_cache.cached(("summary", 1), compute) == 1
        assert ttl_cache.cached(("summary", 2), compute) == 2  # another key: its own value
        clock[0] += 2
        assert ttl_cache.cached(("summary", 1), compute) == 3


def test_zero_seconds_turns_the_cache_off(clock):
    calls = []
    with _app(0).app_context():
        for _ in range(3):
            ttl_cache.cached("impact", lambda: calls.append(1))
    assert len(calls) == 3


def test_full_cache_keeps_working_and_threads_share_it(clock, monkeypatch):
    monkeypatch.setattr(ttl_cache, "MAX_ENTRIES", 8)
    app = _app(60)
    errors = []

    def worker(offset: int) -> None:
        try:
            with app.app_context():
                for i in range(200):
                    assert ttl_cache.cached((offset, i), lambda i=i: i * 2) == i * 2
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with app.app_context():
        assert ttl_cache.cached("after", lambda: "fresh") == "fresh"
        assert len(ttl_cache._cache(60)) <= 8
