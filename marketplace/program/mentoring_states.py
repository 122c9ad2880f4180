"""A mentoring plan's lifecycle and the goals' kinds, in one table each.

Only officers move a plan; `TRANSITIONS` lists every legal move, anything else is
`IllegalTransition` (the views answer HTTP 409).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIVE = "active"
PAUSED = "paused"
COMPLETED = "completed"
CANCELLED = "cancelled"

STATUSES = {
    ACTIVE: _l("Berjalan"),
    PAUSED: _l("Ditunda"),
    COMPLETED: _l("Selesai"),
    CANCELLED: _l("Dibatalkan"),
}

# (from, to) -> label of the button that makes the move
TRANSITIONS = {
    (ACTIVE, PAUSED): _l("Tunda"),
    (PAUSED, ACTIVE): _l("Lanjutkan"),
    (ACTIVE, COMPLETED): _l("Tandai selesai"),
    (ACTIVE, CANCELLED): _l("Batalkan rencana"),
    (PAUSED, CANCELLED): _l("Batalkan rencana"),
    (COMPLETED, ACTIVE): _l("Buka kembali"),
}
# Goals, sessions and follow-ups may be added only while the plan is open.
OPEN = frozenset({ACTIVE, PAUSED})


class IllegalTransition(Exception):
    """The move is not in the table. The message is for the user."""


def next_for(status: str) -> list[tuple[str, object]]:
    """(status, button label) an officer may move the plan to from `status`."""
    return [(to, label) for (frm, to), label in TRANSITIONS.items() if frm == status]


# Goal kinds: measured from the platform's data, or checked by hand (`manual`).
ORDERS = "orders"
REVENUE_MONTH = "revenue_month"
RATING = "rating"
ON_TIME = "on_time"
PERMIT = "permit"
CERTIFICATES = "certificates"  # members' verified, unexpired competency certificates
MANUAL = "manual"

GOAL_KINDS = {
    ORDERS: _l("Pesanan selesai dalam periode"),
    REVENUE_MONTH: _l("Omzet sebulan"),
    RATING: _l("Rata-rata penilaian pembeli"),
    ON_TIME: _l("Serah terima tepat waktu"),
    PERMIT: _l("Izin dimiliki"),
    CERTIFICATES: _l("Sertifikat kompetensi terverifikasi"),
    MANUAL: _l("Lainnya (dicentang pendamping)"),
}
MEASURED = frozenset({ORDERS, REVENUE_MONTH, RATING, ON_TIME, PERMIT, CERTIFICATES})

# Permits a goal may ask for: code -> (label, the group's field holding its number)
PERMITS = {
    "pirt": ("P-IRT", "pirt_number"),
    "halal": ("Halal", "halal_number"),
}

# A goal's state, computed (never typed) for measured goals.
GOAL_MET = "met"
GOAL_OPEN = "open"
GOAL_MISSED = "missed"
GOAL_STATES = {
    GOAL_MET: _l("Tercapai"),
    GOAL_OPEN: _l("Berjalan"),
    GOAL_MISSED: _l("Tidak tercapai sampai tenggat"),
}
