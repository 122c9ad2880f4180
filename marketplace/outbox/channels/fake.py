"""A channel that delivers to a list in memory: benchmarks and tests of the worker."""

from __future__ import annotations

import threading
import time

from marketplace.outbox.channels.base import Recipient, Rendered, TemporaryFailure


class FakeChannel:
    """Records every send; `fail_times` temporary failures first; `delay` seconds per send."""

    name = "fake"

    def __init__(self, fail_times: int = 0, delay: float = 0.0) -> None:
        self.sent: list[tuple[str, Rendered, Recipient]] = []
        self.fail_times = fail_times
        self.delay = delay
        self._lock = threading.Lock()

    def reaches(self, recipient: Recipient) -> bool:
        """Everyone has a fake address."""
        return True

    def send(self, message: Rendered, recipient: Recipient, key: str) -> str | None:
        """Record the message (or fail, while failures are left)."""
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            if self.fail_times > 0:
                self.fail_times -= 1
                raise TemporaryFailure("fake channel: temporary failure")
            self.sent.append((key, message, recipient))
        return f"fake-{key}"
