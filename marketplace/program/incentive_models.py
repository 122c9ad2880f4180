"""Incentive rounds for lanjutan groups: criteria with weights, the frozen ranking, decisions.

A round's ranking is computed once, at its cut-off date, and stored row by row
(`IncentiveScore`: each group's value and normalised score per criterion, its total and rank);
nothing recomputes it afterwards, so later sales never move a ranked group.
Scores are whole numbers: a normalised criterion score in basis points (0–10,000 = 0–1) and
a total in hundredths of a point (0–10,000 = 0–100.00), so they are exact on every database.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.program.incentive_states import DRAFT


class IncentiveRound(db.Model):
    __tablename__ = "incentive_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    cutoff: Mapped[date] = mapped_column()
    budget: Mapped[int | None] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ranked_at: Mapped[datetime | None] = mapped_column()
    period_start: Mapped[date | None] = mapped_column()  # the figures' months, set at ranking
    period_end: Mapped[date | None] = mapped_column()

    criteria: Mapped[list[IncentiveCriterion]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="IncentiveCriterion.id"
    )


class IncentiveCriterion(db.Model):
    """One figure the round ranks by, with its weight (a whole number, 1–100)."""

    __tablename__ = "incentive_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("incentive_rounds.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(32))
    weight: Mapped[int] = mapped_column()

    round: Mapped[IncentiveRound] = relationship(back_populates="criteria")

    __table_args__ = (UniqueConstraint("round_id", "key", name="uq_incentive_criteria_key"),)


class IncentiveScore(db.Model):
    """A group's frozen place in a round: total score (hundredths) and rank (1 = best; ties
    share a rank)."""

    __tablename__ = "incentive_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("incentive_rounds.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column()
    rank: Mapped[int] = mapped_column()

    group: Mapped[ProducerGroup] = relationship()
    values: Mapped[list[IncentiveScoreValue]] = relationship(
        back_populates="score_row",
        cascade="all, delete-orphan",
        order_by="IncentiveScoreValue.id",
    )

    __table_args__ = (UniqueConstraint("round_id", "group_id", name="uq_incentive_scores_group"),)


class IncentiveScoreValue(db.Model):
    """One criterion of one group's frozen score: the figure (as computed, a string of digits;
    None when it cannot be computed, e.g. no ratings), its normalised score (basis points) and
    the weight it counted with."""

    __tablename__ = "incentive_score_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(
        ForeignKey("incentive_scores.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(String(32))
    normalized: Mapped[int] = mapped_column()
    weight: Mapped[int] = mapped_column()

    score_row: Mapped[IncentiveScore] = relationship(back_populates="values")


class IncentiveDecision(db.Model):
    """The officer's decision for one ranked group (audited), then the award given."""

    __tablename__ = "incentive_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("incentive_rounds.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id", ondelete="CASCADE"))
    award: Mapped[bool] = mapped_column()
    amount: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    given_on: Mapped[date | None] = mapped_column()
    given_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    decider: Mapped[User] = relationship(foreign_keys=[decided_by])

    __table_args__ = (
        UniqueConstraint("round_id", "group_id", name="uq_incentive_decisions_group"),
    )
