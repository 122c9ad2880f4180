"""Listeners told about every order transition and every confirmed refund, so features that
build on orders (payments' ledger and refunds, investors' rollups) react without orders
importing them, and without payments importing investors: payments fires the refund hook,
investors listens."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

Listener = Callable[[Session, object, str, str, str], None]
RefundListener = Callable[[Session, object, int], None]
_LISTENERS: list[Listener] = []
_REFUND_LISTENERS: list[RefundListener] = []


def on_transition(listener: Listener) -> Listener:
    """Register `listener(session, order, from_status, to_status, role)`; usable as decorator."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def fire(session: Session, order, from_status: str, to_status: str, role: str) -> None:
    """Call every listener inside the transition's transaction (they flush, never commit)."""
    for listener in _LISTENERS:
        listener(session, order, from_status, to_status, role)


def on_refund(listener: RefundListener) -> RefundListener:
    """Register `listener(session, order, amount)`, told of each confirmed refund of an order."""
    if listener not in _REFUND_LISTENERS:
        _REFUND_LISTENERS.append(listener)
    return listener


def fire_refund(session: Session, order, amount: int) -> None:
    """Tell every refund listener that `amount` Rupiah of `order` went back to the buyer.

    Called once per confirmed refund, inside its transaction (listeners flush, never commit).
    """
    for listener in _REFUND_LISTENERS:
        listener(session, order, amount)
