"""Demo workforce records: a few groups record their members and hired workers (issue 16),
so the impact dashboard's jobs over time and the cohort page show something on `make run`.
Groups that already have records are left alone (safe to run again)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalog import workforce
from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.workforce_models import WorkforceRecord
from marketplace.investors.summary import add_months

GROUPS_WITH_RECORDS = 6  # the rest keep the member count typed in their profile
# (label, kind, hours, months ago it started, months ago it ended or None, birth year, band)
PEOPLE = (
    ("Ketua", "member", "full", 14, None, 1984, None),
    ("Anggota A", "member", "full", 12, None, 1999, None),
    ("Anggota B", "member", "part", 10, None, None, "25-29"),
    ("Anggota C", "member", "full", 9, 3, 2002, None),
    ("Pekerja A", "hired", "part", 5, None, None, "lt25"),
    ("Pekerja B", "hired", "full", 2, None, 1990, None),
)


def load_workforce(session: Session, echo: Callable[[str], object] = print) -> int:
    """Add records to the first verified groups that have none; return how many were added."""
    recorded = workforce.groups_with_records(session)
    stmt = select(ProducerGroup).where(ProducerGroup.status == STATUS_VERIFIED)
    chosen = list(session.scalars(stmt.order_by(ProducerGroup.id).limit(GROUPS_WITH_RECORDS)))
    now = workforce.current_month()
    added = 0
    for n, group in enumerate(chosen):
        if group.id in recorded:
            continue
        for label, kind, hours, began, ended, born, band in PEOPLE[: 3 + n % 4]:
            session.add(
                WorkforceRecord(
                    group_id=group.id,
                    label=label,
                    kind=kind,
                    hours=hours,
                    start_month=add_months(now, -(began + n % 3)),
                    end_month=add_months(now, -ended) if ended is not None else None,
                    birth_year=born,
                    age_band=band,
                )
            )
            added += 1
    session.flush()
    echo(f"  tenaga kerja: {added} catatan baru")
    return added
