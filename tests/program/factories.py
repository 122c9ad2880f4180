"""Factories for mentoring plans and goals (program)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.program.mentoring_models import MentoringGoal, MentoringPlan


def make_plan(
    session: Session,
    group: ProducerGroup,
    officer: User,
    *,
    title: str = "Pendampingan pemasaran daring",
    start: date = date(2026, 4, 1),
    status: str = "active",
) -> MentoringPlan:
    plan = MentoringPlan(
        group_id=group.id, title=title, start_date=start, created_by=officer.id, status=status
    )
    session.add(plan)
    session.flush()
    return plan


def make_goal(
    session: Session,
    plan: MentoringPlan,
    kind: str,
    *,
    target: int | None = None,
    permit: str | None = None,
    title: str = "",
    start_month: date = date(2026, 4, 1),
    deadline: date = date(2026, 5, 31),
) -> MentoringGoal:
    goal = MentoringGoal(
        plan_id=plan.id,
        kind=kind,
        target=target,
        permit=permit,
        title=title,
        start_month=start_month,
        deadline=deadline,
    )
    session.add(goal)
    session.flush()
    session.refresh(plan)
    return goal
