"""The deal lifecycle: every status and every legal move, in one table (like orders/states.py).

`TRANSITIONS[(from, to)]` names who may make the move and whether a reason is required. One
side proposes, the other agrees (or counters, which hands the proposal back), an officer
confirms; anything not in the table is `IllegalTransition` (the views answer HTTP 409).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.orders.states import IllegalTransition

__all__ = ["IllegalTransition", "check", "label", "next_for"]

GROUP = "group"
INVESTOR = "investor"
OFFICER = "officer"

PROPOSED_BY_GROUP = "proposed_by_group"
PROPOSED_BY_INVESTOR = "proposed_by_investor"
AGREED = "agreed"
CONFIRMED = "confirmed"
COMPLETED = "completed"
CANCELLED = "cancelled"

STATUSES = {
    PROPOSED_BY_GROUP: _l("Diusulkan kelompok, menunggu investor"),
    PROPOSED_BY_INVESTOR: _l("Diusulkan investor, menunggu kelompok"),
    AGREED: _l("Disepakati, menunggu konfirmasi pendamping"),
    CONFIRMED: _l("Berjalan (dikonfirmasi pendamping)"),
    COMPLETED: _l("Selesai"),
    CANCELLED: _l("Dibatalkan"),
}

# (from, to) -> (who may, a reason is required)
TRANSITIONS: dict[tuple[str, str], tuple[frozenset[str], bool]] = {
    # the other side agrees, or counters with changed terms (the proposal changes hands)
    (PROPOSED_BY_GROUP, AGREED): (frozenset({INVESTOR}), False),
    (PROPOSED_BY_INVESTOR, AGREED): (frozenset({GROUP}), False),
    (PROPOSED_BY_GROUP, PROPOSED_BY_INVESTOR): (frozenset({INVESTOR}), False),
    (PROPOSED_BY_INVESTOR, PROPOSED_BY_GROUP): (frozenset({GROUP}), False),
    (PROPOSED_BY_GROUP, CANCELLED): (frozenset({GROUP, INVESTOR}), False),
    (PROPOSED_BY_INVESTOR, CANCELLED): (frozenset({GROUP, INVESTOR}), False),
    (AGREED, CONFIRMED): (frozenset({OFFICER}), False),
    (AGREED, CANCELLED): (frozenset({GROUP, INVESTOR, OFFICER}), True),
    (CONFIRMED, COMPLETED): (frozenset({OFFICER}), False),
    (CONFIRMED, CANCELLED): (frozenset({OFFICER}), True),
}

PROPOSED = frozenset({PROPOSED_BY_GROUP, PROPOSED_BY_INVESTOR})
# Deals that count: money promised or moving (portfolio, funds mobilised, credit file).
LIVE = frozenset({CONFIRMED, COMPLETED})
OPEN = frozenset({PROPOSED_BY_GROUP, PROPOSED_BY_INVESTOR, AGREED, CONFIRMED})
FINAL = frozenset({COMPLETED, CANCELLED})


def proposed_by(side: str) -> str:
    """The status of a proposal made by `side` (group or investor)."""
    return PROPOSED_BY_GROUP if side == GROUP else PROPOSED_BY_INVESTOR


def allowed(from_status: str, to_status: str, actor: str) -> bool:
    rule = TRANSITIONS.get((from_status, to_status))
    return rule is not None and actor in rule[0]


def check(from_status: str, to_status: str, actor: str, reason: str = "") -> None:
    """Raise `IllegalTransition` (HTTP 409) unless `actor` may make this move now."""
    if not allowed(from_status, to_status, actor):
        raise IllegalTransition(
            _(
                "Tidak bisa mengubah status kesepakatan dari %(from)s ke %(to)s.",
                **{"from": label(from_status), "to": label(to_status)},
            )
        )
    if TRANSITIONS[(from_status, to_status)][1] and not reason.strip():
        raise IllegalTransition(_("Alasan wajib diisi untuk perubahan ini."))


def next_for(from_status: str, actor: str) -> list[str]:
    """Statuses `actor` may move a deal to (for showing buttons)."""
    return [
        to for (frm, to), (who, _r) in TRANSITIONS.items() if frm == from_status and actor in who
    ]


def label(status: str) -> str:
    return str(STATUSES.get(status, status))
