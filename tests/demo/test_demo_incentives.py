"""`flask demo load` records aid for the demo groups and ranks one incentive round, once."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.catalog.aid_models import AidRecord
from marketplace.program.incentive_models import IncentiveRound, IncentiveScore


def test_demo_load_adds_aid_and_a_ranked_round_once(runner, db_session):
    for _run in range(2):
        result = runner.invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
    rounds = db_session.scalars(select(IncentiveRound)).all()
    assert [r.status for r in rounds] == ["ranked"]
    assert db_session.scalar(select(func.count(IncentiveScore.id))) > 0
    per_group = db_session.execute(
        select(AidRecord.group_id, func.count()).group_by(AidRecord.group_id)
    ).all()
    assert per_group and all(n == 1 for _gid, n in per_group)
