"""The email channel (stub until its implementation lands)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marketplace.outbox.channels.base import Channel


def from_config(config: Mapping[str, Any]) -> Channel | None:
    """The channel, or None when its settings are missing."""
    return None
