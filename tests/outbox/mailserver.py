"""Helpers for the channel tests: a free port, a real SMTP server on 127.0.0.1.

Not a conftest.py, so that other outbox test modules can add their own fixtures freely."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """What the local SMTP server received, and how it answers the next RCPT/DATA."""

    envelopes: list = field(default_factory=list)
    logins: list = field(default_factory=list)
    rcpt_reply: str | None = None
    data_reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        # handled=False: the server answers 535 itself on failure
        return AuthResult(success=auth_data.password == b"rahasia", handled=False)


@contextmanager
def running_smtp() -> Iterator[tuple[Mailbox, int]]:
    """A real aiosmtpd server on 127.0.0.1 (no STARTTLS; AUTH allowed in clear for tests)."""
    box = Mailbox()
    port = free_port()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        authenticator=box.authenticate,
        auth_require_tls=False,
        auth_exclude_mechanism=["LOGIN"],  # smtplib would retry with LOGIN after PLAIN
    )
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()
