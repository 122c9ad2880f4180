"""Builders for the outbox tests: a browser's push keys, a stored push device."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.orm import Session

from marketplace.outbox.channels.push import b64url
from marketplace.outbox.models import PushSubscription

_seq = itertools.count(1)


@dataclass
class BrowserKeys:
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret."""

    private: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        point = self.private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)


def browser_keys() -> BrowserKeys:
    """A new browser subscription's keys."""
    return BrowserKeys(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))


def subscription_json(endpoint: str | None = None, keys: BrowserKeys | None = None) -> dict:
    """PushSubscription.toJSON() as a browser sends it."""
    keys = keys or browser_keys()
    endpoint = endpoint or f"https://push.example.net/send/{next(_seq)}-{os.urandom(4).hex()}"
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": keys.p256dh, "auth": keys.auth},
    }


def make_device(
    session: Session, user, *, endpoint: str | None = None, user_agent: str = ""
) -> PushSubscription:
    """A stored push device of `user`."""
    data = subscription_json(endpoint)
    device = PushSubscription(
        user_id=user.id,
        endpoint=data["endpoint"],
        p256dh=data["keys"]["p256dh"],
        auth=data["keys"]["auth"],
        user_agent=user_agent
        or "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
    )
    session.add(device)
    session.flush()
    return device
