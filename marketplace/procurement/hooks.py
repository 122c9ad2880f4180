"""Events inside procurement, so each part reacts without importing the others' views or
services: purchase orders fire `po_accepted`, deliveries fire `bast_signed`, invoicing and
the performance figures listen. Listeners run inside the firing transaction (they flush,
never commit), registered at import of the module that listens (the factory imports it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy.orm import Session

# event name -> what the listener receives after the session:
#   "po_issued"     (po)            approved (or needing no approval) and sent to the group
#   "po_accepted"   (po)            the group accepted the PO: down-payment invoice, capacity held
#   "po_cancelled"  (po)            capacity and open invoices are released/cancelled
#   "bast_signed"   (bast)          a delivery was received: invoice the accepted quantities,
#                                   count the revenue in the group's performance figures
#   "invoice_paid"  (invoice)       money in: ledger, PO completion check
EVENTS = frozenset({"po_issued", "po_accepted", "po_cancelled", "bast_signed", "invoice_paid"})
Listener = Callable[..., None]
_LISTENERS: dict[str, list[Listener]] = defaultdict(list)


def on(event: str) -> Callable[[Listener], Listener]:
    """Decorator: register `listener(session, subject)` for `event`."""
    if event not in EVENTS:
        raise ValueError(f"unknown procurement event {event!r}")

    def register(listener: Listener) -> Listener:
        if listener not in _LISTENERS[event]:
            _LISTENERS[event].append(listener)
        return listener

    return register


def fire(session: Session, event: str, subject: object) -> None:
    """Call every listener of `event` with (session, subject), in registration order."""
    if event not in EVENTS:
        raise ValueError(f"unknown procurement event {event!r}")
    for listener in _LISTENERS[event]:
        listener(session, subject)
