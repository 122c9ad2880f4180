"""Notifications for Midtrans transactions that are not checkouts' (invoices, say).

Midtrans sends every notification of the merchant account to one webhook. Payments owns the
webhook and checks the signature; a higher feature that starts its own Snap transactions
registers a handler for its `order_id` prefix here, so payments routes the notification to
it without importing it. The handler keeps the webhook's rules: lock its row, store the raw
payload (`services.store_notification`), apply only forward moves, answer duplicates as
duplicates; it returns (HTTP status, outcome) like `services.handle_notification`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

# handler(session, payload, source) -> (HTTP status, outcome); payload's signature is valid.
OrderIdHandler = Callable[[Session, dict, str], tuple[int, str]]
_HANDLERS: dict[str, OrderIdHandler] = {}


def register_order_id_handler(prefix: str, handler: OrderIdHandler) -> OrderIdHandler:
    """Send notifications whose order_id starts with `prefix` (e.g. "INV-") to `handler`."""
    if not prefix or prefix.startswith("TKM-"):
        raise ValueError(f"prefix {prefix!r} would take over checkout payments")
    _HANDLERS[prefix] = handler
    return handler


def handler_for(order_id: str) -> OrderIdHandler | None:
    """The handler registered for `order_id`'s prefix, or None (a checkout's payment)."""
    for prefix, handler in _HANDLERS.items():
        if order_id.startswith(prefix):
            return handler
    return None
