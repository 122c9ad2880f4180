"""The chair's records of the group's members: profiles and the training they took.

Every look-up takes the group's id from the chair's login (`g.group`), so another group's
member or training is simply not found. Services flush, never commit.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog.member_models import (
    AGE_BANDS,
    GENDERS,
    MEMBER_ROLES,
    GroupMember,
    MemberTraining,
)
from marketplace.catalog.models import ProducerGroup

MAX_MEMBERS = 200  # a TKM group has 10–20 members; far more is a mistake or abuse


class MemberError(ValueError):
    """A member or training record that cannot be saved; the message is for the chair."""


def _clean_profile(data: dict[str, Any]) -> dict[str, Any]:
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise MemberError(_("Nama anggota wajib diisi."))
    role = data.get("role") or "member"
    age_band = data.get("age_band") or None
    gender = data.get("gender") or None
    if role not in MEMBER_ROLES or (age_band and age_band not in AGE_BANDS):
        raise MemberError(_("Pilihan tidak valid."))
    if gender and gender not in GENDERS:
        raise MemberError(_("Pilihan tidak valid."))
    return {"name": name[:120], "role": role, "age_band": age_band, "gender": gender}


def group_members(session: Session, group_id: int) -> list[GroupMember]:
    """The group's members with their trainings and certificates (three statements)."""
    stmt = (
        select(GroupMember)
        .where(GroupMember.group_id == group_id)
        .options(selectinload(GroupMember.trainings), selectinload(GroupMember.certificates))
        .order_by(GroupMember.name, GroupMember.id)
    )
    return list(session.scalars(stmt))


def own_member(session: Session, group_id: int, member_id: int) -> GroupMember | None:
    """The group's member `member_id`, or None (also when it belongs to another group)."""
    member = session.get(GroupMember, member_id)
    return member if member is not None and member.group_id == group_id else None


def add_member(session: Session, group: ProducerGroup, data: dict[str, Any]) -> GroupMember:
    """Record a member's profile (flush)."""
    at_limit = session.scalar(
        select(GroupMember.id).where(GroupMember.group_id == group.id).offset(MAX_MEMBERS - 1)
    )
    if at_limit is not None:
        raise MemberError(_("Paling banyak %(n)s anggota per kelompok.", n=MAX_MEMBERS))
    member = GroupMember(group_id=group.id, **_clean_profile(data))
    session.add(member)
    session.flush()
    return member


def update_member(session: Session, member: GroupMember, data: dict[str, Any]) -> None:
    """Change a member's profile (flush)."""
    for key, value in _clean_profile(data).items():
        setattr(member, key, value)
    session.flush()


def delete_member(session: Session, member: GroupMember) -> list[str]:
    """Delete a member with their trainings and certificates (flush); return the scans'
    storage keys, which the caller removes after the commit."""
    keys = [c.storage_key for c in member.certificates]
    session.delete(member)
    session.flush()
    return keys


def add_training(session: Session, member: GroupMember, data: dict[str, Any]) -> MemberTraining:
    """Record a training the member took (flush)."""
    title = " ".join((data.get("title") or "").split())
    if not title:
        raise MemberError(_("Nama pelatihan wajib diisi."))
    hours = data.get("hours")
    if hours is not None and not 0 < hours <= 10_000:
        raise MemberError(_("Jumlah jam tidak masuk akal."))
    training = MemberTraining(
        group_id=member.group_id,
        title=title[:160],
        provider=" ".join((data.get("provider") or "").split())[:160],
        completed_on=data.get("completed_on"),
        hours=hours,
    )
    member.trainings.append(training)
    session.flush()
    return training


def own_training(session: Session, group_id: int, training_id: int) -> MemberTraining | None:
    """The group's training record, or None."""
    training = session.get(MemberTraining, training_id)
    return training if training is not None and training.group_id == group_id else None


def delete_training(session: Session, training: MemberTraining) -> None:
    """Delete a training record (flush)."""
    session.delete(training)
    session.flush()
