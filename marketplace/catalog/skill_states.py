"""The certificate lifecycle: every status and every legal move, in one table.

A chair records a certificate (`pending`); an officer verifies it or rejects it with a reason,
may later reject a verified one (a forgery found on a visit) and may verify a rejected one (a
rejection made in error). When the chair changes a
verified or rejected certificate it goes back to `pending` to be checked again. Anything not
in the table is `IllegalTransition` (the views answer HTTP 409).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PENDING = "pending"
VERIFIED = "verified"
REJECTED = "rejected"

STATUSES = {
    PENDING: _l("Menunggu verifikasi"),
    VERIFIED: _l("Terverifikasi"),
    REJECTED: _l("Ditolak"),
}

OFFICER = "officer"
CHAIR = "chair"

# (from, to) -> (who may make the move, a reason is required)
TRANSITIONS: dict[tuple[str, str], tuple[frozenset[str], bool]] = {
    (PENDING, VERIFIED): (frozenset({OFFICER}), False),
    (PENDING, REJECTED): (frozenset({OFFICER}), True),
    (VERIFIED, REJECTED): (frozenset({OFFICER}), True),
    (REJECTED, VERIFIED): (frozenset({OFFICER}), False),  # a rejection made in error
    (VERIFIED, PENDING): (frozenset({CHAIR}), False),
    (REJECTED, PENDING): (frozenset({CHAIR}), False),
}


class IllegalTransition(Exception):
    """The move is not in the table, or not for this actor. The message is for the user."""


def allowed(from_status: str, to_status: str, role: str) -> bool:
    rule = TRANSITIONS.get((from_status, to_status))
    return rule is not None and role in rule[0]


def reason_required(from_status: str, to_status: str) -> bool:
    rule = TRANSITIONS.get((from_status, to_status))
    return rule is not None and rule[1]


def next_for(from_status: str, role: str) -> list[str]:
    """Statuses `role` may move a certificate to from `from_status` (for showing buttons)."""
    return [
        to for (frm, to), (who, _req) in TRANSITIONS.items() if frm == from_status and role in who
    ]
