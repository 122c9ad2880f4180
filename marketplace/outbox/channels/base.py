"""The one small interface every channel (email, web push, WhatsApp) implements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class TemporaryFailure(Exception):
    """The channel could not deliver now (timeout, 429, 5xx); the worker retries later."""


class PermanentFailure(Exception):
    """The message can never be delivered as it is (bad address, refused); not retried."""


@dataclass(frozen=True)
class Device:
    """One web-push subscription of the recipient."""

    id: int
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to, with every address the channels may use."""

    user_id: int | None
    name: str
    email: str | None = None
    phone: str | None = None  # E.164 without the plus: 6281234567890
    devices: tuple[Device, ...] = ()
    # Called by the push channel for a device the push service says is gone (404/410).
    forget_device: Callable[[int], None] = field(default=lambda device_id: None, compare=False)


@dataclass(frozen=True)
class Rendered:
    """A message in the recipient's language, ready for any channel.

    `title` is short (a push title, an email subject); `text` the one-line notification;
    `lines` optional detail lines (a digest's pickups); `url` an absolute link or None."""

    category: str
    message: str  # the message key
    language: str  # id | en
    title: str
    text: str
    lines: tuple[str, ...] = ()
    url: str | None = None
    params: dict = field(default_factory=dict, compare=False)


class Channel(Protocol):
    """Deliver one rendered message to one recipient."""

    name: str

    def reaches(self, recipient: Recipient) -> bool:
        """Whether the recipient has an address on this channel."""
        ...

    def send(self, message: Rendered, recipient: Recipient, key: str) -> str | None:
        """Send once; `key` is the row's idempotency key (pass it to the provider where it
        takes one). Return the provider's message id, raise TemporaryFailure/PermanentFailure."""
        ...
