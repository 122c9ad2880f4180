"""Reading catering days: a contract's next days for the company, the group's cooking list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.models import User
from marketplace.procurement import states
from marketplace.procurement.catering_days import cutoff_at, now_wib_of
from marketplace.procurement.contract_models import CateringContract, CateringDay


@dataclass(frozen=True)
class DayPlan:
    """One serving day as the company's page shows it."""

    day: date
    count: int
    row: CateringDay | None
    cutoff: datetime  # aware WIB
    editable: bool
    changed_by: str = ""  # who last changed the count, if anyone


def schedule(
    session: Session, contract: CateringContract, today: date, days: int = 14, now=None
) -> list[DayPlan]:
    """The serving days from today for `days` days: generated or planned count, the cutoff,
    and whether the company may still change it."""
    last = min(today + timedelta(days=days - 1), contract.ends_on)
    rows = {
        r.day: r
        for r in session.scalars(
            select(CateringDay).where(
                CateringDay.contract_id == contract.id, CateringDay.day.between(today, last)
            )
        )
    }
    ids = {r.changed_by_id for r in rows.values() if r.changed_by_id}
    names = (
        dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    moment = now_wib_of(now)
    running = contract.status == states.CONTRACT_ACTIVE
    plans, day = [], max(today, contract.starts_on)
    while day <= last:
        if contract.serves_on(day) or day in rows:
            row = rows.get(day)
            cutoff = cutoff_at(contract, day)
            plans.append(
                DayPlan(
                    day=day,
                    count=row.count if row else contract.count_per_day,
                    row=row,
                    cutoff=cutoff,
                    editable=running and moment < cutoff,
                    changed_by=names.get(row.changed_by_id, "") if row else "",
                )
            )
        day += timedelta(days=1)
    return plans


def cooking_list(session: Session, group_id: int, start: date, days: int = 7) -> list:
    """What the group cooks: [(day, [(contract, count)])] for each day with catering, each
    day's drops by window start then gate."""
    rows = session.execute(
        select(CateringDay, CateringContract)
        .join(CateringContract, CateringContract.id == CateringDay.contract_id)
        .where(
            CateringContract.group_id == group_id,
            CateringDay.day.between(start, start + timedelta(days=days - 1)),
            CateringDay.count > 0,
        )
        .options(
            selectinload(CateringContract.company),
            selectinload(CateringContract.point),
            selectinload(CateringContract.window),
        )
        .order_by(CateringDay.day)
    ).all()
    by_day: dict[date, list] = {}
    for row, contract in rows:
        by_day.setdefault(row.day, []).append((contract, row.count))
    for drops in by_day.values():
        drops.sort(key=lambda d: (d[0].window.start_time, d[0].point.name))
    return sorted(by_day.items())
