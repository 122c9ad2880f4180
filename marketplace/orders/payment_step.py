"""The payment step of a checkout, chosen by method code through a small registry.

This issue ships cash on pickup/delivery (COD). The payments feature registers its own method
(e.g. "midtrans") with `register()`; `place_checkout` asks the registry which status the new
orders start in and lets the method prepare the checkout inside the same transaction.
"""

from __future__ import annotations

from typing import Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace.orders import states


class PaymentMethod(Protocol):
    code: str  # stored in checkouts.payment_method
    label: str  # shown at checkout
    short_label: str  # shown on an order: "Pembayaran: tunai (COD)"
    initial_status: str  # status the orders are created in

    def prepare(self, session: Session, checkout) -> None:
        """Inside the checkout transaction, before it is flushed: set payment_status/deadline."""

    def next_url(self, checkout) -> str | None:
        """After the commit: where to send the buyer (None: the order confirmation page)."""


class CashOnDelivery:
    code = "cod"
    label = _l("Bayar tunai saat ambil/antar (COD)")
    short_label = _l("tunai (COD)")
    initial_status = states.PLACED

    def prepare(self, session: Session, checkout) -> None:
        checkout.payment_status = "none"
        checkout.payment_deadline = None

    def next_url(self, checkout) -> str | None:
        return None


_REGISTRY: dict[str, PaymentMethod] = {}


def register(method: PaymentMethod) -> None:
    """Add (or replace) a payment method."""
    _REGISTRY[method.code] = method


def _usable(method: PaymentMethod) -> bool:
    # A method may depend on configuration (Midtrans needs keys or the simulator).
    check = getattr(method, "is_available", None)
    return check is None or bool(check())


def get(code: str) -> PaymentMethod | None:
    """The method with this code, if it is registered and usable with this configuration."""
    method = _REGISTRY.get(code)
    return method if method is not None and _usable(method) else None


def method_label(code: str) -> str:
    """A stored payment method code as the reader should see it (even if no longer offered)."""
    method = _REGISTRY.get(code)
    return str(method.short_label) if method is not None else code


def available() -> list[PaymentMethod]:
    """The methods a buyer can choose now."""
    return [m for m in _REGISTRY.values() if _usable(m)]


register(CashOnDelivery())
