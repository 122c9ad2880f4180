"""The audit log: who decided what, when and why."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from marketplace.core.timeutil import utcnow
from marketplace.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (sa.Index("ix_audit_log_subject", "subject_type", "subject_id"),)


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    subject_type: str,
    subject_id: int,
    reason: str = "",
    details: str = "",
) -> AuditEntry:
    """Append one decision to the audit log (flushed, committed with the request)."""
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        reason=reason,
        details=details,
    )
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    """Newest audit entries, optionally for one subject."""
    stmt = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if subject_type:
        stmt = stmt.where(AuditEntry.subject_type == subject_type)
    if subject_id is not None:
        stmt = stmt.where(AuditEntry.subject_id == subject_id)
    return list(session.scalars(stmt.limit(limit)))
