"""What every notification message is made of: a msgid and how to show its parameters.

Apart from `notification_messages` so the procurement messages (`notification_b2b`) can be
written with the same pieces without importing the table they are folded into."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext

from marketplace.core.formatting import long_date
from marketplace.orders.logistics import WINDOW_LABELS


def day_text(value: str) -> str:
    """An ISO date parameter as a long date in the reader's language."""
    return long_date(date.fromisoformat(value))


def window_text(code: str) -> str:
    """A pickup window's code as its label in the reader's language."""
    return gettext(WINDOW_LABELS.get(code, code))


WINDOW_DAY = {"window": window_text, "day": day_text}


@dataclass(frozen=True)
class Message:
    """A msgid and how to show each parameter that is not plain text."""

    msgid: Any  # a lazy gettext string, translated when rendered
    formatters: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
