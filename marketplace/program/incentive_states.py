"""The incentive round's lifecycle: every status and every legal move, in one table.

draft (criteria editable) → ranked (scores computed at the cut-off and frozen) → decided (an
award decision for every ranked group) → closed (every award given). Anything not in the table
is `IllegalTransition` (the views answer HTTP 409). Only officers move rounds.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.orders.states import IllegalTransition

DRAFT = "draft"
RANKED = "ranked"
DECIDED = "decided"
CLOSED = "closed"

STATUSES = {
    DRAFT: _l("Draf: kriteria dapat diubah"),
    RANKED: _l("Peringkat dihitung dan dibekukan"),
    DECIDED: _l("Keputusan lengkap"),
    CLOSED: _l("Selesai: insentif diserahkan"),
}

OFFICER = "officer"

# (from, to) -> who may make the move
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, RANKED): frozenset({OFFICER}),
    (RANKED, DECIDED): frozenset({OFFICER}),
    (DECIDED, CLOSED): frozenset({OFFICER}),
}

__all__ = ["IllegalTransition", "STATUSES", "TRANSITIONS", "check", "allowed"]


def allowed(from_status: str, to_status: str, role: str = OFFICER) -> bool:
    return role in TRANSITIONS.get((from_status, to_status), frozenset())


def check(from_status: str, to_status: str, role: str = OFFICER) -> None:
    """Raise IllegalTransition unless the move is in the table for `role`."""
    if not allowed(from_status, to_status, role):
        raise IllegalTransition(
            _(
                "Putaran insentif berstatus %(status)s; tindakan ini tidak dapat dilakukan.",
                status=STATUSES.get(from_status, from_status),
            )
        )
