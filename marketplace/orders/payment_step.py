"""The payment step of a checkout, chosen by method code through a small registry.

This issue ships cash on pickup/delivery (COD). The payments feature registers its own method
(e.g. "midtrans") with `register()`; `place_checkout` asks the registry which status the new
orders start in and lets the method prepare the checkout inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace.orders import states


@dataclass(frozen=True)
class PaymentState:
    """How one order is paid, for the buyer: the method, whether the money is in, and what
    happens to it (`refund`: how and when it comes back, when it will or did)."""

    method: str
    paid: bool
    text: str
    refund: str | None = None
    url: str | None = None  # the method's own payment page, if it has one


class PaymentMethod(Protocol):
    code: str  # stored in checkouts.payment_method
    label: str  # shown at checkout
    short_label: str  # shown on an order: "Pembayaran: tunai (COD)"
    initial_status: str  # status the orders are created in

    def prepare(self, session: Session, checkout) -> None:
        """Inside the checkout transaction, before it is flushed: set payment_status/deadline."""

    def next_url(self, checkout) -> str | None:
        """After the commit: where to send the buyer (None: the order confirmation page)."""

    def states(self, orders: list) -> dict[int, PaymentState]:
        """{order id: how it is paid now}, in the reader's language, for orders of this method."""

    def refund_notice(self, order) -> str | None:
        """Before a cancel: how and when the money would come back (None: nothing paid)."""


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

    def states(self, orders: list) -> dict[int, PaymentState]:
        """Cash changes hands at the handover: paid once the order is completed."""
        return {order.id: self._state(order) for order in orders}

    def _state(self, order) -> PaymentState:
        if order.status == states.COMPLETED:
            return PaymentState(str(self.short_label), True, _("Lunas"))
        if order.status in states.FINAL:
            return PaymentState(str(self.short_label), False, _("Tidak ada pembayaran"))
        return PaymentState(str(self.short_label), False, _("Dibayar saat ambil/antar"))

    def refund_notice(self, order) -> str | None:
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


def states_of(orders) -> dict[int, PaymentState]:
    """{order id: how it is paid}, each asked of its checkout's method, one call per method
    (a method no longer registered shows its code and no state)."""
    by_method: dict[str, list] = {}
    for order in orders:
        by_method.setdefault(order.checkout.payment_method, []).append(order)
    result: dict[int, PaymentState] = {}
    for code, some in by_method.items():
        method = _REGISTRY.get(code)
        if method is None:
            result.update({o.id: PaymentState(code, False, "-") for o in some})
        else:
            result.update(method.states(some))
    return result


def state_of(order) -> PaymentState:
    """How one order is paid (see states_of)."""
    return states_of([order])[order.id]


def refund_notice(order) -> str | None:
    """How and when the money of `order` would come back if it were cancelled now."""
    method = _REGISTRY.get(order.checkout.payment_method)
    return method.refund_notice(order) if method is not None else None


def available() -> list[PaymentMethod]:
    """The methods a buyer can choose now."""
    return [m for m in _REGISTRY.values() if _usable(m)]


register(CashOnDelivery())
