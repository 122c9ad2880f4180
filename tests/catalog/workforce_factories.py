"""Workforce records for the jobs tests (issue 16)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from marketplace.catalog.workforce_models import WorkforceRecord


def make_worker(
    session: Session,
    group,
    start: date,
    end: date | None = None,
    *,
    label: str = "Pekerja",
    kind: str = "member",
    hours: str = "full",
    birth_year: int | None = None,
    age_band: str | None = None,
) -> WorkforceRecord:
    """A record written directly (the service's checks are tested on their own)."""
    record = WorkforceRecord(
        group_id=group.id,
        label=label,
        kind=kind,
        hours=hours,
        start_month=start,
        end_month=end,
        birth_year=birth_year,
        age_band=age_band,
    )
    session.add(record)
    session.flush()
    return record
