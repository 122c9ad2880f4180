"""Technical mentoring (pendampingan teknis): a plan per group, its goals, sessions, follow-ups.

A goal is measured from the platform's data (orders, revenue, rating, on-time rate, permits;
see mentoring_progress) or, for kind `manual`, marked done by an officer. Sessions belong to the
group (old visit notes became sessions in migration 0018) and may be linked to the plan's goals.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

session_goals = sa.Table(
    "mentoring_session_goals",
    db.metadata,
    sa.Column(
        "session_id",
        ForeignKey("mentoring_sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("goal_id", ForeignKey("mentoring_goals.id", ondelete="CASCADE"), primary_key=True),
)


class MentoringPlan(db.Model):
    """A group's mentoring plan (one per group); status per mentoring_states."""

    __tablename__ = "mentoring_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    start_date: Mapped[date] = mapped_column()
    end_date: Mapped[date | None] = mapped_column()
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group: Mapped[ProducerGroup] = relationship()
    goals: Mapped[list[MentoringGoal]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(MentoringGoal.deadline, MentoringGoal.id)",
    )


class MentoringGoal(db.Model):
    """A goal with a measurable target (or a hand-checked one, kind `manual`) and a deadline.

    `target`: orders → a count; revenue_month → Rupiah; rating → hundredths of a star (450 is
    4,50); on_time → whole percent; permit and manual → none. `start_month` is the first WIB
    month the measure counts (the goal is measured over start_month … the deadline's month).
    """

    __tablename__ = "mentoring_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_plans.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[int | None] = mapped_column(sa.BigInteger)
    permit: Mapped[str | None] = mapped_column(String(8))
    start_month: Mapped[date] = mapped_column()
    deadline: Mapped[date] = mapped_column()
    done_at: Mapped[datetime | None] = mapped_column()
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[MentoringPlan] = relationship(back_populates="goals")

    @property
    def target_stars(self) -> Decimal | None:
        """A rating goal's target in stars (450 → 4.50)."""
        return Decimal(self.target) / 100 if self.target is not None else None

    __table_args__ = (
        sa.CheckConstraint("target IS NULL OR target >= 0", name="goal_target_not_negative"),
    )


class MentoringSession(db.Model):
    """A mentoring session or visit: date, topic, officer, who attended, notes, photos."""

    __tablename__ = "mentoring_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    session_date: Mapped[date] = mapped_column()
    topic: Mapped[str] = mapped_column(String(200), default="")  # empty: a former visit note
    attendees_count: Mapped[int | None] = mapped_column()
    attendee_names: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text)  # what was seen and done
    advice: Mapped[str] = mapped_column(Text, default="")
    # the visit note this session was copied from (migration 0018), else None
    visit_note_id: Mapped[int | None] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped[User] = relationship()
    goals: Mapped[list[MentoringGoal]] = relationship(
        secondary=session_goals, order_by="MentoringGoal.id"
    )
    photos: Mapped[list[SessionPhoto]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionPhoto.id"
    )


class SessionPhoto(db.Model):
    """A photo of a session, re-encoded as JPEG in the private storage area."""

    __tablename__ = "mentoring_session_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_sessions.id", ondelete="CASCADE"), index=True
    )
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[MentoringSession] = relationship(back_populates="photos")


class FollowUp(db.Model):
    """An action agreed with the group, with a due date; done when the officer says so."""

    __tablename__ = "mentoring_followups"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("producer_groups.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_sessions.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date] = mapped_column()
    done_at: Mapped[datetime | None] = mapped_column()
    done_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[MentoringSession | None] = relationship()
