"""The audit log: who decided what, when and why.

Features record actions with codes (`group.verify`) and plain details (`unverified -> verified`);
each feature registers, next to where it records them, how its actions and subjects read for
people (`register_actions`, `register_subject`), so the log page never shows a code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


@dataclass(frozen=True)
class Action:
    """How an action code reads: its label, and labels for `before -> after` in its details."""

    label: Any  # a lazy gettext string
    values: Mapping[str, Any] = field(default_factory=dict)
    details: Callable[[str], str] | None = None  # for details that are not `before -> after`


@dataclass(frozen=True)
class Subject:
    """How a subject type reads: its label, and its names by id (one query for a page)."""

    label: Any
    names: Callable[[Session, set[int]], dict[int, str]]


ACTIONS: dict[str, Action] = {}
SUBJECTS: dict[str, Subject] = {}


def register_actions(actions: Mapping[str, Action]) -> None:
    """Add a feature's action codes and how they read."""
    ACTIONS.update(actions)


def register_subject(subject_type: str, subject: Subject) -> None:
    """Add a subject type (`user`, `group`, …) and how to name one."""
    SUBJECTS[subject_type] = subject


def arrow(details: str, values: Mapping[str, Any]) -> str:
    """`before -> after` (then `; more`, kept as written) with both sides labelled."""
    head, sep, rest = details.partition("; ")
    before, found, after = head.partition(" -> ")
    if not found:
        return details
    shown = f"{values.get(before, before)} → {values.get(after, after)}"
    return f"{shown}{sep}{rest}"


def describe(entry: AuditEntry) -> str:
    """The entry's action and details as a sentence for the reader, e.g.
    `Verifikasi kelompok: Menunggu verifikasi → Terverifikasi`."""
    action = ACTIONS.get(entry.action)
    if action is None:  # a code nobody registered: better shown than hidden
        return f"{entry.action} {entry.details}".strip()
    details = entry.details or ""
    if details:
        details = action.details(details) if action.details else arrow(details, action.values)
    return f"{action.label}: {details}" if details else str(action.label)


def subject_names(session: Session, rows: Iterable[AuditEntry]) -> dict[tuple[str, int], str]:
    """Names of the rows' subjects (a user's name, a group's name…), one query per type."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.subject_type, set()).add(row.subject_id)
    names: dict[tuple[str, int], str] = {}
    for subject_type, ids in wanted.items():
        subject = SUBJECTS.get(subject_type)
        if subject is not None:
            for sid, name in subject.names(session, ids).items():
                names[(subject_type, sid)] = name
    return names


def subject_text(entry: AuditEntry, names: Mapping[tuple[str, int], str]) -> str:
    """`Pengguna: Ratna`: the entry's subject as the reader should see it."""
    subject = SUBJECTS.get(entry.subject_type)
    label = subject.label if subject is not None else entry.subject_type
    name = names.get((entry.subject_type, entry.subject_id))
    return f"{label}: {name}" if name else f"{label} #{entry.subject_id}"
