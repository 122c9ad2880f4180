"""The Midtrans gateway through the official `midtransclient`, with timeouts and clear errors."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any
from urllib.parse import urlsplit

import midtransclient
import requests
from flask import current_app
from flask_babel import gettext as _
from midtransclient.error_midtrans import JSONDecodeError, MidtransAPIError

from marketplace.payments.simulator import SimulatorTransport

log = logging.getLogger(__name__)

# Midtrans' order_id rule: at most 50 characters of letters, digits and - _ ~ .
ORDER_ID_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.")


class GatewayError(Exception):
    """Midtrans could not be reached or refused the call; the message is for the buyer."""

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status


class TimeoutSession(requests.Session):
    """A requests session that always sets a timeout (midtransclient sets none)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)


def is_configured() -> bool:
    """Online payment is offered when a server key is set (or the simulator stands in)."""
    cfg = current_app.config
    return bool(cfg.get("MIDTRANS_SERVER_KEY")) or bool(cfg.get("MIDTRANS_SIMULATOR"))


SNAP_ORIGINS = ("https://app.midtrans.com", "https://app.sandbox.midtrans.com")


def snap_origins() -> tuple[str, ...]:
    """Where the pay button's redirect may lead: Midtrans' Snap hosts (and an overridden one)."""
    override = urlsplit(current_app.config.get("MIDTRANS_SNAP_BASE_URL") or "")
    extra = (f"{override.scheme}://{override.netloc}",) if override.netloc else ()
    return SNAP_ORIGINS + extra


def server_key() -> str:
    """The server key that signs notifications (the simulator's own key when it is on)."""
    cfg = current_app.config
    if cfg.get("MIDTRANS_SERVER_KEY"):
        return cfg["MIDTRANS_SERVER_KEY"]
    # The simulator signs with a key derived from SECRET_KEY, so it is never a public constant.
    return hmac.new(cfg["SECRET_KEY"].encode(), b"midtrans-simulator", hashlib.sha256).hexdigest()


def client() -> midtransclient.Snap:
    """A Snap client configured from the app: keys, base URLs (tests, simulator), timeout."""
    cfg = current_app.config
    snap = midtransclient.Snap(
        is_production=bool(cfg["MIDTRANS_IS_PRODUCTION"]),
        server_key=server_key(),
        client_key=cfg.get("MIDTRANS_CLIENT_KEY") or "",
    )
    api = snap.api_config
    if cfg.get("MIDTRANS_API_BASE_URL"):
        api.CORE_SANDBOX_BASE_URL = api.CORE_PRODUCTION_BASE_URL = cfg["MIDTRANS_API_BASE_URL"]
    if cfg.get("MIDTRANS_SNAP_BASE_URL"):
        api.SNAP_SANDBOX_BASE_URL = api.SNAP_PRODUCTION_BASE_URL = cfg["MIDTRANS_SNAP_BASE_URL"]
    if cfg.get("MIDTRANS_SIMULATOR") and not cfg.get("MIDTRANS_SERVER_KEY"):
        snap.http_client.http_client = SimulatorTransport()
    else:
        snap.http_client.http_client = TimeoutSession(float(cfg["MIDTRANS_TIMEOUT"]))
    return snap


def _call(what: str, fn, *args: Any) -> dict:
    try:
        return fn(*args)
    except requests.Timeout as exc:
        log.warning("Midtrans %s timed out: %s", what, exc)
        raise GatewayError(
            _(
                "Layanan pembayaran tidak menjawab tepat waktu. Pesanan Anda tetap "
                "tersimpan; coba bayar lagi sebentar lagi."
            )
        ) from exc
    except requests.RequestException as exc:
        log.warning("Midtrans %s unreachable: %s", what, exc)
        raise GatewayError(
            _(
                "Layanan pembayaran tidak dapat dihubungi. Pesanan Anda tetap "
                "tersimpan; coba bayar lagi sebentar lagi."
            )
        ) from exc
    except MidtransAPIError as exc:
        log.warning("Midtrans %s refused: %s", what, exc.message)
        raise GatewayError(
            _(
                "Layanan pembayaran menolak permintaan. Pesanan Anda tetap "
                "tersimpan; coba lagi atau pilih bayar di tempat."
            ),
            http_status=exc.http_status_code,
        ) from exc
    except JSONDecodeError as exc:
        log.warning("Midtrans %s answered garbage: %s", what, exc)
        raise GatewayError(
            _("Layanan pembayaran memberi jawaban yang tidak dikenal. Coba lagi sebentar lagi.")
        ) from exc


def create_transaction(params: dict) -> dict:
    """Create a Snap transaction; returns {token, redirect_url}."""
    return _call("create_transaction", client().create_transaction, params)


def transaction_status(order_id: str) -> dict | None:
    """The current status of a transaction, or None if Midtrans does not know it (404)."""
    try:
        return _call("status", client().transactions.status, order_id)
    except GatewayError as exc:
        if exc.http_status == 404:
            return None
        raise


def refund(order_id: str, refund_key: str, amount: int, reason: str) -> dict:
    """Refund `amount` of a settled transaction; `refund_key` makes a retry safe."""
    body = {"refund_key": refund_key, "amount": amount, "reason": reason[:255]}
    return _call("refund", client().transactions.refund, order_id, body)


def signature(order_id: str, status_code: str, gross_amount: str, key: str) -> str:
    """SHA512(order_id + status_code + gross_amount + server key) over the raw strings."""
    raw = f"{order_id}{status_code}{gross_amount}{key}".encode()
    return hashlib.sha512(raw).hexdigest()


def signature_valid(payload: dict, key: str) -> bool:
    """Constant-time check of a notification's signature_key."""
    expected = signature(
        str(payload.get("order_id", "")),
        str(payload.get("status_code", "")),
        str(payload.get("gross_amount", "")),
        key,
    )
    return hmac.compare_digest(expected, str(payload.get("signature_key", "")))


def valid_order_id(value: str) -> bool:
    """True when `value` satisfies Midtrans' order_id rules."""
    return 0 < len(value) <= 50 and all(c in ORDER_ID_ALPHABET for c in value)
