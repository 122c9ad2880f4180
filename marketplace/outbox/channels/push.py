"""Web push (RFC 8030) with VAPID (RFC 8292) through pywebpush: one POST per device.

The payload is encrypted for each device (aes128gcm) and holds a small JSON object the
service worker shows as a notification: {title, body, url, tag}. A device the push service
calls gone (404/410) is forgotten; the message counts as delivered when one device took it.

In development without VAPID_PRIVATE_KEY a key is generated once into
instance/vapid_private.pem, so `make run` has push; production and tests never generate one.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02, VapidException
from pywebpush import WebPushException, webpush

from marketplace.config import INSTANCE
from marketplace.outbox.channels.base import (
    Device,
    PermanentFailure,
    Recipient,
    Rendered,
    TemporaryFailure,
)

DEV_KEY_FILE = "vapid_private.pem"
# Push services accept about 4 KB of encrypted payload; the body is cut well below that.
MAX_BODY_CHARS = 1000
MAX_LINES = 3
DELIVERED = (200, 201, 202)
GONE = (404, 410)


def b64url(data: bytes) -> str:
    """Unpadded base64url, the encoding of every key in the Push API."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode_padded(text: str) -> bytes:
    """Decode unpadded base64url (binascii.Error / ValueError on bad input)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_key(value: str) -> Vapid02:
    """A VAPID key from PEM text or a base64url raw (32 bytes) or DER private key."""
    text = value.strip().replace("\\n", "\n")  # PEM pasted into one environment line
    try:
        if "-----BEGIN" in text:
            private = serialization.load_pem_private_key(text.encode(), password=None)
            if not isinstance(private, ec.EllipticCurvePrivateKey) or not isinstance(
                private.curve, ec.SECP256R1
            ):
                raise ValueError("not a P-256 key")
            return Vapid02(private_key=private)
        return Vapid02.from_string(text)
    except Exception as exc:  # any parse error means the setting is wrong: say which
        raise RuntimeError(
            "VAPID_PRIVATE_KEY is not a P-256 private key (PEM or base64url raw/DER)"
        ) from exc


def _dev_key(instance: Path) -> str:
    """The development key in `instance`, generated on first use (atomically: a web process
    and a worker starting together end up with the same key)."""
    path = instance / DEV_KEY_FILE
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, tmp = tempfile.mkstemp(dir=instance, prefix=".vapid-")
        try:
            os.write(fd, pem)
            os.close(fd)
            os.chmod(tmp, 0o600)
            # fails if another process was first: keep theirs
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return path.read_text()


def _configured_key(config: Mapping[str, Any], instance: Path) -> str:
    key = str(config.get("VAPID_PRIVATE_KEY") or "")
    if not key and config.get("ENV_NAME") == "development":
        key = _dev_key(instance)
    return key


def from_config(config: Mapping[str, Any], instance: Path = INSTANCE) -> PushChannel | None:
    """The channel when a VAPID key is set (or generated in development), else None."""
    key = _configured_key(config, instance)
    if not key:
        return None
    return PushChannel(
        load_key(key),
        subject=config.get("VAPID_SUBJECT") or "mailto:admin@pasartkm.id",
        ttl=int(config.get("PUSH_TTL_SECONDS") or 0),
        timeout=float(config.get("PUSH_TIMEOUT") or 10),
    )


def public_key(config: Mapping[str, Any], instance: Path = INSTANCE) -> str:
    """The applicationServerKey browsers subscribe with ('' when push is off)."""
    key = _configured_key(config, instance)
    return application_server_key(load_key(key)) if key else ""


def application_server_key(vapid: Vapid02) -> str:
    """The key's public point, uncompressed and base64url, as PushManager.subscribe wants."""
    point = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def topic(key: str) -> str:
    """A push Topic for the row: a retried message replaces its undelivered earlier copy.

    RFC 8030 allows at most 32 characters of the URL-safe base64 alphabet."""
    return b64url(hashlib.sha256(key.encode()).digest())[:32]


def payload(message: Rendered) -> str:
    """The JSON the service worker shows: title, body (text and first lines), url, tag."""
    body = "\n".join((message.text, *message.lines[:MAX_LINES]))
    if len(body) > MAX_BODY_CHARS:
        body = body[: MAX_BODY_CHARS - 1] + "…"
    data = {"title": message.title, "body": body, "url": message.url, "tag": message.category}
    return json.dumps(data, ensure_ascii=False)


class PushChannel:
    """Send a rendered message to every push device of the recipient."""

    name = "push"

    def __init__(self, vapid: Vapid02, *, subject: str, ttl: int, timeout: float) -> None:
        self.vapid = vapid
        self.subject = subject
        self.ttl = ttl
        self.timeout = timeout
        self.application_server_key = application_server_key(vapid)
        # One HTTP session per worker thread: connections to the push service are reused.
        self._local = threading.local()

    def _http(self) -> requests.Session:
        http = getattr(self._local, "http", None)
        if http is None:
            http = self._local.http = requests.Session()
        return http

    def reaches(self, recipient: Recipient) -> bool:
        """Whether the recipient has at least one subscribed device."""
        return bool(recipient.devices)

    def send(self, message: Rendered, recipient: Recipient, key: str) -> str | None:
        """Deliver to every device; succeed when one took it (return its Location)."""
        data = payload(message)
        headers = {"Topic": topic(key), "Urgency": "normal"}
        delivered: list[str | None] = []
        temporary: list[str] = []
        refused: list[str] = []
        gone = 0
        for device in recipient.devices:
            outcome, detail = self._send_one(device, data, headers)
            if outcome == "delivered":
                delivered.append(detail)
            elif outcome == "gone":
                recipient.forget_device(device.id)
                gone += 1
            elif outcome == "temporary":
                temporary.append(detail or "")
            else:
                refused.append(detail or "")
        if delivered:
            return delivered[0]
        if gone == len(recipient.devices):
            raise PermanentFailure("no device left")
        if temporary:
            raise TemporaryFailure("; ".join(temporary)[:500])
        raise PermanentFailure("; ".join(refused)[:500])

    def _send_one(self, device: Device, data: str, headers: dict) -> tuple[str, str | None]:
        """('delivered', Location) | ('gone', None) | ('temporary'|'refused', detail)."""
        subscription = {
            "endpoint": device.endpoint,
            "keys": {"p256dh": device.p256dh, "auth": device.auth},
        }
        try:
            response = webpush(
                subscription,
                data=data,
                vapid_private_key=self.vapid,
                # a new dict each time: pywebpush writes this device's audience into it
                vapid_claims={"sub": self.subject},
                ttl=self.ttl,
                timeout=self.timeout,
                headers=dict(headers),
                requests_session=self._http(),
            )
        except WebPushException as exc:
            status = exc.status_code
            if status is None:  # the stored keys themselves are unusable
                return "refused", f"device {device.id}: {exc.message}"
            if status in GONE:
                return "gone", None
            if status == 429 or status >= 500:
                return "temporary", f"device {device.id}: HTTP {status}"
            return "refused", f"device {device.id}: HTTP {status}"
        except requests.RequestException as exc:
            return "temporary", f"device {device.id}: {type(exc).__name__}"
        except (ValueError, VapidException) as exc:  # a bad p256dh, an unsignable audience
            return "refused", f"device {device.id}: {exc}"
        location = response.headers.get("Location")
        return "delivered", location[:160] if location else None
