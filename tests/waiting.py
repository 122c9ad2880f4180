"""Wait for something to become true (a server up, a worker replaced) with a deadline.

Tests poll for readiness instead of sleeping a fixed time: a fixed sleep is either too short
on a busy machine (a flaky failure) or longer than needed (a slow suite).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import requests

POLL_SECONDS = 0.05


class NotReady(AssertionError):
    """The condition did not become true before the deadline."""


def wait_until(
    predicate: Callable[[], object],
    timeout: float = 30,
    *,
    what: str = "condition",
    interval: float = POLL_SECONDS,
) -> object:
    """Call `predicate` until it returns something truthy (returned); raise NotReady at timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise NotReady(f"{what} not true after {timeout} s")
        time.sleep(interval)


def http_ok(url: str, timeout: float = 5) -> bool:
    """True when `url` answers 200 (False while nothing listens or the server still boots)."""
    try:
        return requests.get(url, timeout=timeout).status_code == 200
    except requests.RequestException:
        return False


def free_port() -> int:
    """A TCP port nobody listens on right now (for a server the test then waits for)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
