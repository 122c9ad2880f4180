"""Jobs on the impact dashboard: counted from the groups' workforce records.

A group that keeps records counts the jobs its records show in a month; a group without any
record still counts, this month only, the member count typed in its profile (the old figure),
and the page says how many groups that is. The twelve-month tables count records only, since a
typed count has no history. Two queries in all, whatever the number of groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.catalog import workforce
from marketplace.catalog.constants import CATEGORIES, TIERS
from marketplace.catalog.workforce import JobCount
from marketplace.program.impact_table import Table


@dataclass
class JobsHeadline:
    """This month's jobs in verified groups, and where the figure comes from."""

    month: date
    total: int = 0  # recorded + typed
    recorded: JobCount = field(default_factory=JobCount)
    groups_recorded: int = 0
    typed: int = 0  # members typed in the profiles of groups without records
    groups_typed: int = 0


@dataclass
class JobsData:
    """What the dashboard needs about jobs, read once."""

    headline: JobsHeadline
    per_group_now: dict[int, int]  # this month's jobs per verified group (records or typed)
    by_month: dict[int, dict[date, JobCount]]  # recorded jobs per group and month


def read(session: Session, groups: list, months: list[date]) -> JobsData:
    """Jobs of the verified `groups` (rows with id and member_count) over `months`."""
    by_month = workforce.jobs_by_month(session, months, verified_only=True)
    recorded = workforce.groups_with_records(session)
    now = months[-1]
    headline = JobsHeadline(month=now)
    per_group: dict[int, int] = {}
    for g in groups:
        if g.id in recorded:
            counted = by_month.get(g.id, {}).get(now, JobCount())
            per_group[g.id] = counted.total
            headline.recorded += counted
            headline.groups_recorded += 1
        else:
            per_group[g.id] = g.member_count
            headline.typed += g.member_count
            headline.groups_typed += 1
    headline.total = headline.recorded.total + headline.typed
    return JobsData(headline, per_group, by_month)


def tables(data: JobsData, months: list[date], groups: list, sectors: dict[int, list[str]]):
    """The four jobs-over-time tables (recorded jobs, last twelve months)."""
    total = {m: JobCount() for m in months}
    by_tier = {m: dict.fromkeys(TIERS, 0) for m in months}
    by_sector = {m: dict.fromkeys(CATEGORIES, 0) for m in months}
    kecamatans = sorted({g.kecamatan for g in groups})
    by_kec = {m: dict.fromkeys(kecamatans, 0) for m in months}
    row_of = {g.id: g for g in groups}
    for gid, per_month in data.by_month.items():
        g = row_of.get(gid)
        if g is None:
            continue
        for m, counted in per_month.items():
            total[m] += counted
            by_tier[m][g.tier] += counted.total
            by_kec[m][g.kecamatan] += counted.total
            for s in sectors.get(gid, []):
                by_sector[m][s] += counted.total
    sector_labels = [str(v) for v in CATEGORIES.values()]

    def month_rows(per):
        return [[m.strftime("%Y-%m"), *per[m].values()] for m in months]

    return [
        Table(
            "kerja",
            _("Lapangan kerja tercatat per bulan"),
            [
                _("Bulan"),
                _("Jumlah"),
                _("Anggota kelompok"),
                _("Pekerja upahan"),
                _("Penuh waktu"),
                _("Paruh waktu"),
                _("Muda (di bawah 30)"),
            ],
            [
                [m.strftime("%Y-%m"), c.total, c.member, c.hired, c.full_time, c.part_time, c.young]
                for m, c in total.items()
            ],
            month_columns=(0,),
        ),
        Table(
            "kerja-tingkat",
            _("Lapangan kerja tercatat per bulan menurut tingkat kelompok saat ini"),
            [_("Bulan"), *[str(v) for v in TIERS.values()]],
            month_rows(by_tier),
            month_columns=(0,),
        ),
        Table(
            "kerja-bidang",
            _(
                "Lapangan kerja tercatat per bulan menurut bidang usaha (kelompok dengan "
                "beberapa bidang dihitung di tiap bidangnya)"
            ),
            [_("Bulan"), *sector_labels],
            month_rows(by_sector),
            month_columns=(0,),
        ),
        Table(
            "kerja-kecamatan",
            _("Lapangan kerja tercatat per bulan menurut kecamatan"),
            [_("Bulan"), *kecamatans],
            month_rows(by_kec),
            month_columns=(0,),
        ),
    ]
