"""Midtrans transaction statuses: which moves are legal, and what each means for the orders.

Notifications arrive duplicated and out of order; only the moves below are applied, so a late
`pending` can never undo a `settlement`, and a duplicate changes nothing.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NONE = "none"
PENDING = "pending"
CAPTURE = "capture"
SETTLEMENT = "settlement"
DENY = "deny"
CANCEL = "cancel"
EXPIRE = "expire"
FAILURE = "failure"
REFUND = "refund"
PARTIAL_REFUND = "partial_refund"
CHARGEBACK = "chargeback"

KNOWN = {
    PENDING,
    CAPTURE,
    SETTLEMENT,
    DENY,
    CANCEL,
    EXPIRE,
    FAILURE,
    REFUND,
    PARTIAL_REFUND,
    CHARGEBACK,
    "authorize",
    "partial_chargeback",
}

LEGAL: dict[str, frozenset[str]] = {
    NONE: frozenset({PENDING, CAPTURE, SETTLEMENT, DENY, CANCEL, EXPIRE, FAILURE}),
    PENDING: frozenset({CAPTURE, SETTLEMENT, DENY, CANCEL, EXPIRE, FAILURE}),
    CAPTURE: frozenset({SETTLEMENT, CANCEL, DENY, REFUND, PARTIAL_REFUND, CHARGEBACK}),
    SETTLEMENT: frozenset({REFUND, PARTIAL_REFUND, CHARGEBACK}),
    PARTIAL_REFUND: frozenset({REFUND, PARTIAL_REFUND, CHARGEBACK}),
}

FAILED = frozenset({DENY, CANCEL, EXPIRE, FAILURE})

LABELS = {
    NONE: _l("Belum dibayar"),
    PENDING: _l("Menunggu pembayaran"),
    CAPTURE: _l("Dibayar (menunggu penyelesaian)"),
    SETTLEMENT: _l("Lunas"),
    DENY: _l("Ditolak"),
    CANCEL: _l("Dibatalkan"),
    EXPIRE: _l("Kedaluwarsa"),
    FAILURE: _l("Gagal"),
    REFUND: _l("Dikembalikan"),
    PARTIAL_REFUND: _l("Dikembalikan sebagian"),
    CHARGEBACK: _l("Chargeback"),
    "authorize": _l("Diotorisasi"),
    "partial_chargeback": _l("Chargeback sebagian"),
}


def label(status: str | None) -> str:
    """A payment status as the reader should see it (in their language)."""
    return str(LABELS.get(status or NONE, status))


def is_legal(current: str, new: str) -> bool:
    """Whether a payment may move from `current` to `new`."""
    return new in LEGAL.get(current, frozenset())


def counts_as_paid(status: str, fraud_status: str | None) -> bool:
    """settlement, or capture with fraud_status accept or absent, means the money is there."""
    if status == SETTLEMENT:
        return True
    return status == CAPTURE and (fraud_status or "accept") == "accept"
