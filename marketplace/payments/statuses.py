"""Midtrans transaction statuses: which moves are legal, and what each means for the orders.

Notifications arrive duplicated and out of order; only the moves below are applied, so a late
`pending` can never undo a `settlement`, and a duplicate changes nothing.
"""

from __future__ import annotations

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
    NONE: "Belum dibayar",
    PENDING: "Menunggu pembayaran",
    CAPTURE: "Dibayar (menunggu penyelesaian)",
    SETTLEMENT: "Lunas",
    DENY: "Ditolak",
    CANCEL: "Dibatalkan",
    EXPIRE: "Kedaluwarsa",
    FAILURE: "Gagal",
    REFUND: "Dikembalikan",
    PARTIAL_REFUND: "Dikembalikan sebagian",
    CHARGEBACK: "Chargeback",
}


def is_legal(current: str, new: str) -> bool:
    """Whether a payment may move from `current` to `new`."""
    return new in LEGAL.get(current, frozenset())


def counts_as_paid(status: str, fraud_status: str | None) -> bool:
    """settlement, or capture with fraud_status accept or absent, means the money is there."""
    if status == SETTLEMENT:
        return True
    return status == CAPTURE and (fraud_status or "accept") == "accept"
