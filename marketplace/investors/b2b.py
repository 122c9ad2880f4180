"""Business-to-business revenue in the groups' monthly rollups: goods a company accepted at a
BAST (accepted quantity × unit price), counted in the WIB month the BAST was signed.

Investors never import procurement (it is a higher layer). Procurement calls
`record_b2b_revenue` when a BAST is signed, in the same transaction, and registers at import
the set-based query the rollup rebuild reads (`register_source`), so `flask stats rebuild`
recomputes the same figures without knowing where they come from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from marketplace.investors.rollups import bump_month, month_of

# dialect name -> SELECT of (group_id, month, amount): one row per counted document, `month`
# built with rollup_rebuild.wib_month so it groups with the orders' months.
Source = Callable[[str], sa.Select]
_SOURCES: list[Source] = []


def register_source(source: Source) -> Source:
    """Register a rebuild source of B2B revenue (usable as a decorator)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def sources() -> list[Source]:
    """The registered rebuild sources, in registration order."""
    return list(_SOURCES)


def record_b2b_revenue(session: Session, group_id: int, signed_at: datetime, amount: int) -> None:
    """Add `amount` Rupiah of accepted goods to the group's month of `signed_at` (WIB).

    Call once per signed BAST: the caller's guard is its conditional state move (a delivery
    becomes received once). Locking rule: one INSERT … ON CONFLICT DO UPDATE of the month row.
    """
    if amount <= 0:
        return
    bump_month(session, group_id, month_of(signed_at), b2b_revenue=amount)
    session.flush()
