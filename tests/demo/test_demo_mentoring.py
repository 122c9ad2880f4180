"""`flask demo load` adds the mentoring demo once: a visit per vetted group and a plan for the
keripik group, whose chair sees it with progress computed from its sales."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.program.mentoring_models import FollowUp, MentoringGoal, MentoringSession


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def test_demo_load_adds_mentoring_once(runner, db_session):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    counts = (_count(db_session, MentoringSession), _count(db_session, MentoringGoal))
    assert counts == (5, 4) and _count(db_session, FollowUp) == 1
    linked = db_session.scalars(select(MentoringSession).where(MentoringSession.topic != "")).one()
    assert len(linked.goals) == 2
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert (_count(db_session, MentoringSession), _count(db_session, MentoringGoal)) == counts
