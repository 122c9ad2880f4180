"""Turn an outbox row into a Rendered message in the recipient's language.

The one-line text is the notification message's (orders.notification_messages); a message
with detail lines (the morning digest) registers a function that makes them. Links become
absolute on PUBLIC_BASE_URL: the worker has no request of its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale

from marketplace.orders import notification_messages as messages
from marketplace.outbox import events
from marketplace.outbox.channels.base import Rendered
from marketplace.outbox.models import OutboxMessage

LinesMaker = Callable[[Mapping[str, Any]], list[str]]
_LINES: dict[str, LinesMaker] = {}


def register_lines(message_key: str, maker: LinesMaker) -> LinesMaker:
    """Register `maker(params) -> lines` for a message with detail lines (called in locale)."""
    _LINES[message_key] = maker
    return maker


def absolute(path: str | None) -> str | None:
    """A site path made absolute on PUBLIC_BASE_URL."""
    if not path:
        return None
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def render(row: OutboxMessage, language: str) -> Rendered:
    """The row's message in `language` (needs an app and request context for url_for)."""
    with force_locale(language):
        text = messages.render(row.message, row.params)
        maker = _LINES.get(row.message)
        lines = tuple(maker(row.params)) if maker else ()
        title = str(events.category(row.category).label)
        url = absolute(messages.link(row.link_endpoint, row.link_params))
    return Rendered(
        category=row.category,
        message=row.message,
        language=language,
        title=title,
        text=text,
        lines=lines,
        url=url,
        params=dict(row.params or {}),
    )
