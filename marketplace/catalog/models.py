"""TKM producer groups and their members."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, column_property, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.aid_models import AidRecord
from marketplace.catalog.constants import (
    MEMBER_CHAIR,
    STATUS_UNVERIFIED,
    STATUS_VERIFIED,
    TIER_PEMULA,
)
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db


class ProducerGroup(db.Model):
    """A kelompok TKM: the shop that producers run together."""

    __tablename__ = "producer_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    # active_history: the spelling table (search_terms.py) needs the old name and status
    name: Mapped[str] = mapped_column(String(120), active_history=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    tier: Mapped[str] = mapped_column(String(16), default=TIER_PEMULA, index=True)
    kecamatan: Mapped[str] = mapped_column(String(32), index=True)
    village: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(255))
    member_count: Mapped[int] = mapped_column()
    nib: Mapped[str] = mapped_column(String(13))
    pirt_number: Mapped[str | None] = mapped_column(String(40))
    halal_number: Mapped[str | None] = mapped_column(String(40))
    whatsapp: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(
        String(16), default=STATUS_UNVERIFIED, index=True, active_history=True
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column()

    # The year of its first recorded aid (None before an officer records one): read in the
    # group's own row, so showing "TKM since" costs no query.
    aid_since: Mapped[int | None] = column_property(
        sa.select(sa.func.min(AidRecord.year))
        .where(AidRecord.group_id == id)
        .correlate_except(AidRecord)
        .scalar_subquery()
    )

    sector_rows: Mapped[list[GroupSector]] = relationship(
        back_populates="group",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="GroupSector.sector",
    )
    memberships: Mapped[list[GroupMembership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )

    @property
    def sectors(self) -> list[str]:
        return [row.sector for row in self.sector_rows]

    @property
    def is_public(self) -> bool:
        """Verified and not suspended: its shop and products may be shown to everyone."""
        return self.status == STATUS_VERIFIED

    @property
    def chair(self) -> User | None:
        for m in self.memberships:
            if m.role == MEMBER_CHAIR:
                return m.user
        return None


class GroupSector(db.Model):
    """One business sector (a category slug) of a group."""

    __tablename__ = "group_sectors"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    sector: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    group: Mapped[ProducerGroup] = relationship(back_populates="sector_rows")


class GroupMembership(db.Model):
    """A user's membership of a group; members are producers. One group per user."""

    __tablename__ = "group_memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[ProducerGroup] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(backref=backref("membership", uselist=False, lazy="joined"))

    __table_args__ = (sa.Index("ix_group_memberships_group_role", "group_id", "role"),)
