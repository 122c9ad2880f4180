"""Named cohorts for the cohort page: groups that received aid, or mentoring, in the period.

Registered at import (`jobs_views` imports this module, the factory imports `jobs_views`).
The period is the WIB calendar months `start`..`end`, both counted (first days of months,
as `cohorts.cohort_figures` takes them).

- "bantuan": an aid record received in the period (`received_on`); a record without a date
  (old records migrated from the year the group typed, or an officer who left the date out)
  counts when its year falls within the period's years.
- "pendampingan": at least one mentoring session (visits included) dated in the period.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from marketplace.catalog.aid_models import AidRecord
from marketplace.investors.summary import add_months
from marketplace.program import cohorts
from marketplace.program.mentoring_models import MentoringSession


def _last_day(month: date) -> date:
    """The last day of `month`'s calendar month."""
    return add_months(month.replace(day=1), 1) - timedelta(days=1)


def aid_group_ids(session: Session, start: date, end: date) -> list[int]:
    """Groups with an aid record received in months `start`..`end` (undated: by year)."""
    first, last = start.replace(day=1), _last_day(end)
    dated = and_(AidRecord.received_on >= first, AidRecord.received_on <= last)
    undated = and_(
        AidRecord.received_on.is_(None),
        AidRecord.year >= first.year,
        AidRecord.year <= last.year,
    )
    stmt = select(AidRecord.group_id).where(or_(dated, undated)).distinct()
    return sorted(session.scalars(stmt))


def mentoring_group_ids(session: Session, start: date, end: date) -> list[int]:
    """Groups with a mentoring session dated in months `start`..`end`."""
    first, last = start.replace(day=1), _last_day(end)
    stmt = (
        select(MentoringSession.group_id)
        .where(MentoringSession.session_date >= first, MentoringSession.session_date <= last)
        .distinct()
    )
    return sorted(session.scalars(stmt))


cohorts.register_cohort_source(
    "bantuan",
    _l("Menerima bantuan dalam periode (catatan tanpa tanggal: menurut tahunnya)"),
    aid_group_ids,
)
cohorts.register_cohort_source(
    "pendampingan", _l("Mendapat sesi pendampingan dalam periode"), mentoring_group_ids
)
