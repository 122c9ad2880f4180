"""Workforce records: the people a group gives work to, month by month (issue 16, jobs).

One row per person and spell of work: a member of the group or a hired worker, full-time or
part-time, from a start month to an end month (both counted; no end month while the work goes
on). The person is a label the chair chooses (a first name, a nickname); it, the birth year and
the age band are private to the group's chair and the officers: public and investor pages show
counts only. "Young" (under 30) is derived from the birth year, else from the age band.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.timeutil import utcnow
from marketplace.extensions import db

KIND_MEMBER = "member"
KIND_HIRED = "hired"
KINDS = {KIND_MEMBER: _l("Anggota kelompok"), KIND_HIRED: _l("Pekerja upahan")}

FULL_TIME = "full"
PART_TIME = "part"
HOURS = {FULL_TIME: _l("Penuh waktu"), PART_TIME: _l("Paruh waktu")}

# Age bands a chair may pick instead of a birth year; the first two are "young" (under 30).
AGE_BANDS = {
    "lt25": _l("Di bawah 25 tahun"),
    "25-29": _l("25–29 tahun"),
    "30-44": _l("30–44 tahun"),
    "45+": _l("45 tahun ke atas"),
}
YOUNG_BANDS = frozenset({"lt25", "25-29"})
YOUNG_UNDER = 30


def workforce_labels() -> dict:
    """The label tables the record templates show codes through."""
    return {"kinds": KINDS, "hours": HOURS, "age_bands": AGE_BANDS}


class WorkforceRecord(db.Model):
    """One person's work for a group over a span of WIB months."""

    __tablename__ = "workforce_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("producer_groups.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(80))  # private: chair and officers only
    kind: Mapped[str] = mapped_column(String(16))
    hours: Mapped[str] = mapped_column(String(8))
    start_month: Mapped[date] = mapped_column()  # first day of the first month worked
    end_month: Mapped[date | None] = mapped_column()  # first day of the last month worked
    birth_year: Mapped[int | None] = mapped_column()  # private
    age_band: Mapped[str | None] = mapped_column(String(8))  # private
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        # a group's records (chair's page) and every record of a period (dashboard, cohorts)
        sa.Index("ix_workforce_records_group_start", "group_id", "start_month"),
        sa.CheckConstraint("kind IN ('member', 'hired')", name="kind_known"),
        sa.CheckConstraint("hours IN ('full', 'part')", name="hours_known"),
        sa.CheckConstraint(
            "end_month IS NULL OR end_month >= start_month", name="end_not_before_start"
        ),
    )

    def is_young(self, month: date) -> bool:
        """Under 30 in `month`: by birth year (month's year minus birth year below 30, so a
        person counts as 30 from January of the year they turn 30), else by age band."""
        if self.birth_year is not None:
            return month.year - self.birth_year < YOUNG_UNDER
        return self.age_band in YOUNG_BANDS

    def works_in(self, month: date) -> bool:
        """Whether the person works for the group in `month` (start and end months count)."""
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)
