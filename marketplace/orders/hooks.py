"""Listeners told about every order transition, so features that build on orders (payments'
ledger and refunds, investors' rollups) react without orders importing them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

Listener = Callable[[Session, object, str, str, str], None]
_LISTENERS: list[Listener] = []


def on_transition(listener: Listener) -> Listener:
    """Register `listener(session, order, from_status, to_status, role)`; usable as decorator."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def fire(session: Session, order, from_status: str, to_status: str, role: str) -> None:
    """Call every listener inside the transition's transaction (they flush, never commit)."""
    for listener in _LISTENERS:
        listener(session, order, from_status, to_status, role)
