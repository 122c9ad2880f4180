"""Pitches (proposal investasi), their fund lines and attachments, and investors' interest."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

PARTNERSHIPS = {
    "bagi_hasil": _l("Bagi hasil"),
    "pinjaman": _l("Pinjaman"),
    "penyertaan_modal": _l("Penyertaan modal (ekuitas)"),
    "kemitraan_csr": _l("Kemitraan CSR"),
    "hibah": _l("Hibah"),
}

DRAFT = "draft"
SUBMITTED = "submitted"
PUBLISHED = "published"
CLOSED = "closed"
PITCH_STATUSES = {
    DRAFT: _l("Draf"),
    SUBMITTED: _l("Menunggu tinjauan pendamping"),
    PUBLISHED: _l("Terbit"),
    CLOSED: _l("Ditutup"),
}

INTEREST_NEW = "new"
INTEREST_DISCUSSION = "discussion"
INTEREST_CLOSED = "closed"
INTEREST_STATUSES = {
    INTEREST_NEW: _l("Baru"),
    INTEREST_DISCUSSION: _l("Dalam pembicaraan"),
    INTEREST_CLOSED: _l("Selesai"),
}

MAX_PITCH_AMOUNT = 2_000_000_000  # fits a 32-bit integer column


class Pitch(db.Model):
    """A vetted lanjutan group's proposal to investors."""

    __tablename__ = "pitches"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(160))
    amount: Mapped[int] = mapped_column()  # whole Rupiah sought
    partnership: Mapped[str] = mapped_column(String(24))
    timeline: Mapped[str] = mapped_column(Text, default="")
    new_jobs: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    review_comments: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    # The performance summary frozen at publication (JSON), shown beside the live figures.
    snapshot: Mapped[str | None] = mapped_column(Text)
    snapshot_at: Mapped[datetime | None] = mapped_column()

    group: Mapped[ProducerGroup] = relationship()
    lines: Mapped[list[PitchFundLine]] = relationship(
        back_populates="pitch", cascade="all, delete-orphan", order_by="PitchFundLine.position"
    )
    attachments: Mapped[list[PitchAttachment]] = relationship(
        back_populates="pitch", cascade="all, delete-orphan", order_by="PitchAttachment.id"
    )

    __table_args__ = (
        CheckConstraint(f"amount > 0 AND amount <= {MAX_PITCH_AMOUNT}", name="amount_range"),
        CheckConstraint("new_jobs >= 0", name="new_jobs_not_negative"),
    )

    @property
    def status_label(self) -> str:
        return str(PITCH_STATUSES.get(self.status, self.status))

    @property
    def partnership_label(self) -> str:
        return str(PARTNERSHIPS.get(self.partnership, self.partnership))


class PitchFundLine(db.Model):
    """One line of the use of funds; the lines add up to the pitch's amount."""

    __tablename__ = "pitch_fund_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(String(160))
    amount: Mapped[int] = mapped_column()

    pitch: Mapped[Pitch] = relationship(back_populates="lines")

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


class PitchAttachment(db.Model):
    """A file attached to a pitch (PDF or photo), checked like group documents."""

    __tablename__ = "pitch_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    original_name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pitch: Mapped[Pitch] = relationship(back_populates="attachments")


class Interest(db.Model):
    """An approved investor's interest in a published pitch, and its conversation."""

    __tablename__ = "pitch_interests"

    id: Mapped[int] = mapped_column(primary_key=True)
    pitch_id: Mapped[int] = mapped_column(ForeignKey("pitches.id", ondelete="CASCADE"), index=True)
    investor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    amount: Mapped[int | None] = mapped_column()  # indicative, whole Rupiah
    status: Mapped[str] = mapped_column(String(16), default=INTEREST_NEW, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    pitch: Mapped[Pitch] = relationship()
    investor: Mapped[User] = relationship()
    messages: Mapped[list[InterestMessage]] = relationship(
        back_populates="interest", cascade="all, delete-orphan", order_by="InterestMessage.id"
    )

    __table_args__ = (
        UniqueConstraint("pitch_id", "investor_id", name="uq_pitch_interests_pitch_investor"),
        CheckConstraint("amount IS NULL OR amount > 0", name="amount_positive"),
    )

    @property
    def status_label(self) -> str:
        return str(INTEREST_STATUSES.get(self.status, self.status))


class InterestMessage(db.Model):
    """One message in an interest thread, by the investor or a member of the group."""

    __tablename__ = "interest_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    interest_id: Mapped[int] = mapped_column(
        ForeignKey("pitch_interests.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    interest: Mapped[Interest] = relationship(back_populates="messages")
    author: Mapped[User] = relationship()
