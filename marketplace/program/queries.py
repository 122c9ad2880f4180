"""Read queries behind the officers' program pages: the audit log's actors, a group's vetting."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.core.audit import AuditEntry
from marketplace.investors.models import GroupVetting


def audit_actors(session: Session, rows: Iterable[AuditEntry]) -> dict[int, User]:
    """The users who made these audit entries, by id (one query)."""
    actor_ids = {r.actor_id for r in rows if r.actor_id}
    if not actor_ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(actor_ids)))}


def group_vetting(session: Session, group_id: int) -> GroupVetting | None:
    """The group's vetting for investors, or None if it was never vetted."""
    return session.get(GroupVetting, group_id)
