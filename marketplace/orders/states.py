"""The order state machine: every status and every legal move, in one table.

`TRANSITIONS[(from, to)]` names who may make the move: "buyer", "producer" or "system"
(payments, expiry jobs). Anything not in the table is illegal and refused with
`IllegalTransition` (the views answer HTTP 409).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

AWAITING_PAYMENT = "awaiting_payment"
PLACED = "placed"
ACCEPTED = "accepted"
READY = "ready"
COMPLETED = "completed"
CANCELLED = "cancelled"
EXPIRED = "expired"

STATUSES = {
    AWAITING_PAYMENT: _l("Menunggu pembayaran"),
    PLACED: _l("Pesanan baru"),
    ACCEPTED: _l("Diterima, sedang disiapkan"),
    READY: _l("Siap diambil/diantar"),
    COMPLETED: _l("Selesai"),
    CANCELLED: _l("Dibatalkan"),
    EXPIRED: _l("Kedaluwarsa (tidak dibayar)"),
}

BUYER = "buyer"
PRODUCER = "producer"
SYSTEM = "system"

# (from, to) -> (who may do it, a reason is required)
TRANSITIONS: dict[tuple[str, str], tuple[frozenset[str], bool]] = {
    (AWAITING_PAYMENT, PLACED): (frozenset({SYSTEM}), False),
    (AWAITING_PAYMENT, EXPIRED): (frozenset({SYSTEM}), False),
    (AWAITING_PAYMENT, CANCELLED): (frozenset({BUYER, SYSTEM}), False),
    (PLACED, ACCEPTED): (frozenset({PRODUCER}), False),
    (PLACED, CANCELLED): (frozenset({BUYER, PRODUCER, SYSTEM}), False),
    (ACCEPTED, READY): (frozenset({PRODUCER}), False),
    (ACCEPTED, CANCELLED): (frozenset({PRODUCER, SYSTEM}), True),
    (READY, COMPLETED): (frozenset({PRODUCER}), False),
    (READY, CANCELLED): (frozenset({PRODUCER, SYSTEM}), True),
}

# Statuses that hold stock and count towards a window's capacity.
ACTIVE = frozenset({AWAITING_PAYMENT, PLACED, ACCEPTED, READY})
# Entering one of these gives the order's stock back (exactly once).
RELEASES_STOCK = frozenset({CANCELLED, EXPIRED})
FINAL = frozenset({COMPLETED, CANCELLED, EXPIRED})
# A producer's reason is required when cancelling from these states; buyers never need one.
PRODUCER_REASON_FROM = frozenset({PLACED, ACCEPTED, READY})


class IllegalTransition(Exception):
    """The move is not in the table, or not for this actor. The message is for the user."""


def allowed(from_status: str, to_status: str, role: str) -> bool:
    rule = TRANSITIONS.get((from_status, to_status))
    return rule is not None and role in rule[0]


def reason_required(from_status: str, to_status: str, role: str) -> bool:
    rule = TRANSITIONS.get((from_status, to_status))
    if rule is None:
        return False
    if to_status == CANCELLED and role == PRODUCER and from_status in PRODUCER_REASON_FROM:
        return True
    return rule[1] and role != SYSTEM


def next_for(from_status: str, role: str) -> list[str]:
    """Statuses `role` may move an order to from `from_status` (for showing buttons)."""
    return [
        to for (frm, to), (who, _req) in TRANSITIONS.items() if frm == from_status and role in who
    ]


def label(status: str) -> str:
    return str(STATUSES.get(status, status))
