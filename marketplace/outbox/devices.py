"""Push devices: a browser's subscription (PushSubscription.toJSON()) stored per endpoint.

An endpoint names one browser on one device; when it arrives from another account the device
changed hands (a shared phone, a new login) and the row moves to the new account, so nobody
receives another person's notifications.
"""

from __future__ import annotations

import binascii
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.outbox.channels.push import b64decode_padded
from marketplace.outbox.models import PushSubscription

MAX_ENDPOINT = 1000  # the column's length
MAX_KEY = 255
MAX_DEVICES = 10  # per person; the oldest goes when an eleventh subscribes
B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class DeviceError(Exception):
    """A subscription the browser sent that cannot be stored; the message is for the user."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def _key(keys: Mapping[str, Any], name: str, size: int) -> str:
    value = keys.get(name)
    if not isinstance(value, str) or not value or len(value) > MAX_KEY or not B64URL.match(value):
        raise DeviceError(_("Kunci langganan notifikasi tidak valid."))
    try:
        raw = b64decode_padded(value.rstrip("="))
    except (binascii.Error, ValueError):
        raise DeviceError(_("Kunci langganan notifikasi tidak valid.")) from None
    if len(raw) != size:
        raise DeviceError(_("Kunci langganan notifikasi tidak valid."))
    return value.rstrip("=")


def _endpoint(value: Any, *, allow_http: bool) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ENDPOINT:
        raise DeviceError(_("Alamat layanan notifikasi tidak valid."))
    parts = urlsplit(value)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.hostname or re.search(r"\s", value):
        raise DeviceError(_("Alamat layanan notifikasi tidak valid."))
    if not allow_http:
        # The worker POSTs to this address: never to this server's own network.
        try:
            address = ipaddress.ip_address(parts.hostname)
        except ValueError:
            address = None
        if parts.hostname == "localhost" or (address is not None and not address.is_global):
            raise DeviceError(_("Alamat layanan notifikasi tidak valid."))
    return value


def parse(data: Any, *, allow_http: bool = False) -> Subscription:
    """Check a browser's subscription JSON; DeviceError with a message otherwise.

    Push services use https; `allow_http` (development, tests) also accepts http and local
    addresses, for a local fake push service."""
    if not isinstance(data, Mapping):
        raise DeviceError(_("Data langganan notifikasi tidak terbaca."))
    endpoint = _endpoint(data.get("endpoint"), allow_http=allow_http)
    keys = data.get("keys")
    if not isinstance(keys, Mapping):
        raise DeviceError(_("Kunci langganan notifikasi tidak valid."))
    p256dh = _key(keys, "p256dh", 65)
    auth = _key(keys, "auth", 16)
    try:  # a browser's key is a point on P-256; anything else would fail every send
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode_padded(p256dh))
    except ValueError:
        raise DeviceError(_("Kunci langganan notifikasi tidak valid.")) from None
    return Subscription(endpoint, p256dh, auth)


def subscribe(
    session: Session, user_id: int, sub: Subscription, user_agent: str = ""
) -> PushSubscription:
    """Store the device for the person (update it if known, move it if it was another's)."""
    agent = (user_agent or "")[:255]
    device = session.scalar(
        select(PushSubscription).where(PushSubscription.endpoint == sub.endpoint)
    )
    if device is None:
        device = PushSubscription(endpoint=sub.endpoint, user_id=user_id)
        try:
            with session.begin_nested():
                _fill(device, user_id, sub, agent)
                session.add(device)
        except IntegrityError:  # the same browser subscribed twice at once: update that one
            device = session.scalars(
                select(PushSubscription).where(PushSubscription.endpoint == sub.endpoint)
            ).one()
            _fill(device, user_id, sub, agent)
    else:
        _fill(device, user_id, sub, agent)
    session.flush()
    _keep_newest(session, user_id)
    return device


def _fill(device: PushSubscription, user_id: int, sub: Subscription, agent: str) -> None:
    device.user_id = user_id
    device.p256dh = sub.p256dh
    device.auth = sub.auth
    device.user_agent = agent


def _keep_newest(session: Session, user_id: int) -> None:
    ids = session.scalars(
        select(PushSubscription.id)
        .where(PushSubscription.user_id == user_id)
        .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
        .offset(MAX_DEVICES)
    ).all()
    if ids:
        session.execute(delete(PushSubscription).where(PushSubscription.id.in_(ids)))


def unsubscribe(session: Session, user_id: int, endpoint: Any) -> bool:
    """Remove the person's device with this endpoint; whether there was one."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT:
        raise DeviceError(_("Alamat layanan notifikasi tidak valid."))
    result = session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user_id, PushSubscription.endpoint == endpoint
        )
    )
    return bool(result.rowcount)


def remove(session: Session, user_id: int, device_id: int) -> bool:
    """Remove one of the person's devices by id; False when it is not theirs (or gone)."""
    result = session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user_id, PushSubscription.id == device_id
        )
    )
    return bool(result.rowcount)


def devices_of(session: Session, user_id: int) -> list[PushSubscription]:
    """The person's devices, newest first."""
    return list(
        session.scalars(
            select(PushSubscription)
            .where(PushSubscription.user_id == user_id)
            .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
        )
    )


_BROWSERS = (
    ("EdgA/", "Edge"),
    ("Edg/", "Edge"),
    ("SamsungBrowser", "Samsung Internet"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def short_agent(user_agent: str) -> str:
    """'Chrome di Android' from a long User-Agent; a generic name when it says nothing known."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return _("%(browser)s di %(system)s", browser=browser, system=system)
    return browser or system or _("Peramban tidak dikenal")
