"""Outbox test fixtures: channels switched on for one test."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from marketplace.outbox.channels import push
from marketplace.outbox.channels.fake import FakeChannel


def vapid_pem() -> str:
    """A new VAPID private key as PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def channels_on(app, monkeypatch):
    """Switch on channels by name for this test: `channels_on("push", "email")`."""

    def _on(*names: str) -> dict:
        built = {}
        for name in names:
            if name == "push":
                built[name] = push.from_config({"VAPID_PRIVATE_KEY": vapid_pem()})
            else:
                built[name] = FakeChannel()
        monkeypatch.setitem(app.extensions, "outbox.channels", built)
        return built

    return _on
