"""Read queries behind the incentive pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from marketplace.catalog.constants import STATUS_VERIFIED, TIER_LANJUTAN
from marketplace.catalog.models import ProducerGroup
from marketplace.program import incentive_states as states
from marketplace.program.incentive_models import (
    IncentiveDecision,
    IncentiveRound,
    IncentiveScore,
)


def rounds(session: Session) -> list[IncentiveRound]:
    """Every round, newest cut-off first."""
    stmt = select(IncentiveRound).options(selectinload(IncentiveRound.criteria))
    return list(session.scalars(stmt.order_by(IncentiveRound.cutoff.desc(), IncentiveRound.id)))


def eligible_count(session: Session) -> int:
    """How many groups a ranking computed now would include."""
    return int(
        session.scalar(
            select(func.count(ProducerGroup.id)).where(
                ProducerGroup.tier == TIER_LANJUTAN, ProducerGroup.status == STATUS_VERIFIED
            )
        )
        or 0
    )


@dataclass(frozen=True)
class Place:
    """The group's own place in one ranked round."""

    round: IncentiveRound
    score: IncentiveScore
    ranked: int  # how many groups the round ranked
    decision: IncentiveDecision | None  # shown once the round's decisions are complete


def group_places(session: Session, group_id: int) -> list[Place]:
    """Each ranked round the group is in: its own score row with values, nothing of others'."""
    rows = session.execute(
        select(IncentiveScore, IncentiveRound)
        .join(IncentiveRound, IncentiveRound.id == IncentiveScore.round_id)
        .where(IncentiveScore.group_id == group_id)
        .options(selectinload(IncentiveScore.values))
        .order_by(IncentiveRound.cutoff.desc(), IncentiveRound.id.desc())
    ).all()
    if not rows:
        return []
    round_ids = [rnd.id for _score, rnd in rows]
    counts = dict(
        session.execute(
            select(IncentiveScore.round_id, func.count(IncentiveScore.id))
            .where(IncentiveScore.round_id.in_(round_ids))
            .group_by(IncentiveScore.round_id)
        ).all()
    )
    decided = {
        d.round_id: d
        for d in session.scalars(
            select(IncentiveDecision).where(
                IncentiveDecision.group_id == group_id,
                IncentiveDecision.round_id.in_(round_ids),
            )
        )
    }
    shown = {states.DECIDED, states.CLOSED}
    return [
        Place(
            rnd,
            score,
            int(counts.get(rnd.id, 0)),
            decided.get(rnd.id) if rnd.status in shown else None,
        )
        for score, rnd in rows
    ]
