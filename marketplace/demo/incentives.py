"""Demo aid records and one ranked incentive round, so `make run` shows the feature."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_OFFICER, User
from marketplace.catalog.aid_models import AidRecord
from marketplace.catalog.models import ProducerGroup
from marketplace.investors.summary import wib_today
from marketplace.program import aid, incentives
from marketplace.program.incentive_models import IncentiveRound

ROUND_NAME = "Insentif kelompok lanjutan (contoh)"
KINDS = ("equipment", "working_capital", "training")


def load_incentives(session: Session, echo=print) -> None:
    """One aid record per demo group without any, and a ranked round (once)."""
    officer = session.scalars(select(User).where(User.role == ROLE_OFFICER)).first()
    if officer is None:
        return
    groups = session.scalars(select(ProducerGroup).order_by(ProducerGroup.id).limit(40)).all()
    with_aid = set(session.scalars(select(AidRecord.group_id).distinct()))
    added = 0
    for i, group in enumerate(groups):
        if group.id in with_aid:
            continue
        aid.add_aid(
            session,
            officer,
            group,
            year=2021 + i % 4,
            kind=KINDS[i % 3],
            amount=15_000_000 + 5_000_000 * (i % 4),
            source="csr" if i % 5 == 4 else "ministry",
            source_name="PT Kaca Batang" if i % 5 == 4 else "",
            note="Bantuan TKM",
        )
        added += 1
    if not session.scalar(select(IncentiveRound.id).where(IncentiveRound.name == ROUND_NAME)):
        rnd = incentives.create_round(
            session,
            officer,
            ROUND_NAME,
            wib_today().replace(day=1),
            50_000_000,
            {"revenue_12m": 3, "on_time_rate": 2, "rating_avg": 1, "repeat_rate": 1},
        )
        incentives.compute_ranking(session, officer, rnd)
    session.flush()
    echo(f"  bantuan: {added} catatan baru; putaran insentif contoh")
