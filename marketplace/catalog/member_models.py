"""A group's members as people (profiles) and their skills: training taken and competency
certificates.

Profiles hold personal data (name, age band, gender) that only the group's chair and the
officers ever see; public and investor pages show nothing but counts of verified certificates
by scheme. A member here need not have an account: most members of a TKM group never log in.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.skill_states import PENDING
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

MEMBER_ROLES = {
    "chair": _l("Ketua"),
    "secretary": _l("Sekretaris"),
    "treasurer": _l("Bendahara"),
    "member": _l("Anggota"),
}
AGE_BANDS = {
    "under_20": _l("Di bawah 20 tahun"),
    "20_29": _l("20–29 tahun"),
    "30_39": _l("30–39 tahun"),
    "40_49": _l("40–49 tahun"),
    "50_59": _l("50–59 tahun"),
    "60_plus": _l("60 tahun ke atas"),
}
UNDER_30_BANDS = frozenset({"under_20", "20_29"})
GENDERS = {"female": _l("Perempuan"), "male": _l("Laki-laki")}


class GroupMember(db.Model):
    """One person of a group: name, role in the group, optional age band and gender."""

    __tablename__ = "group_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16), default="member")
    age_band: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group: Mapped[ProducerGroup] = relationship()
    trainings: Mapped[list[MemberTraining]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        order_by="(MemberTraining.completed_on.desc(), MemberTraining.id.desc())",
    )
    certificates: Mapped[list[MemberCertificate]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        order_by="(MemberCertificate.issued_on.desc(), MemberCertificate.id.desc())",
    )


class MemberTraining(db.Model):
    """A training a member took (no certificate, or not yet)."""

    __tablename__ = "member_trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("group_members.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(160))
    provider: Mapped[str] = mapped_column(String(160), default="")
    completed_on: Mapped[date | None] = mapped_column()
    hours: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[GroupMember] = relationship(back_populates="trainings")

    __table_args__ = (CheckConstraint("hours IS NULL OR hours > 0", name="hours_positive"),)


class MemberCertificate(db.Model):
    """A competency certificate (for example from an LSP licensed by BNSP) with its scan.

    `group_id` repeats the member's group so counts per group and the chair's look-ups need no
    join; the scan lives in the private storage (`catalog.private_files`).
    """

    __tablename__ = "member_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("group_members.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(160))
    issuer: Mapped[str] = mapped_column(String(160))
    number: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date] = mapped_column()
    expires_on: Mapped[date | None] = mapped_column()
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    original_name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    member: Mapped[GroupMember] = relationship(back_populates="certificates")
    group: Mapped[ProducerGroup] = relationship()
    decider: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("expires_on IS NULL OR expires_on >= issued_on", name="expiry_after_issue"),
        sa.Index("ix_member_certificates_group_status", "group_id", "status"),
        sa.Index("ix_member_certificates_status_expiry", "status", "expires_on"),
    )
