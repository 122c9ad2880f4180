"""The channels this app is configured for, built once by the factory.

`app.extensions["outbox.channels"]` maps a channel name to its Channel; a channel whose
settings are missing is absent, and nothing is queued for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marketplace.outbox.channels import email, push, whatsapp
from marketplace.outbox.channels.base import Channel

FACTORIES = {
    "email": email.from_config,
    "push": push.from_config,
    "whatsapp": whatsapp.from_config,
}


def build_channels(config: Mapping[str, Any]) -> dict[str, Channel]:
    """Every channel whose settings are present in `config`."""
    channels: dict[str, Channel] = {}
    for name, factory in FACTORIES.items():
        channel = factory(config)
        if channel is not None:
            channels[name] = channel
    return channels
