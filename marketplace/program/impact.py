"""The program's impact in tables (each one also a CSV export), from the same rollups."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.catalog.constants import CATEGORIES, STATUS_VERIFIED, TIERS
from marketplace.catalog.models import GroupSector, ProducerGroup
from marketplace.core.audit import AuditEntry
from marketplace.core.timeutil import to_wib
from marketplace.investors import summary
from marketplace.investors.models import GroupMonthlyStats
from marketplace.program import impact_jobs
from marketplace.program.impact_table import Table

__all__ = ["Table", "dashboard", "leaderboard", "tables", "to_csv", "total_members"]

LEADERBOARD_SIZE = 10


def _months(as_of: date) -> list[date]:
    current = as_of.replace(day=1)
    return [summary.add_months(current, -k) for k in range(11, -1, -1)]


def _verified(session: Session) -> list:
    """Verified groups as light rows (id, name, tier, kecamatan, member_count): one query."""
    stmt = select(
        ProducerGroup.id,
        ProducerGroup.name,
        ProducerGroup.tier,
        ProducerGroup.kecamatan,
        ProducerGroup.member_count,
    ).where(ProducerGroup.status == STATUS_VERIFIED)
    return list(session.execute(stmt.order_by(ProducerGroup.name)))


def _count_table(key: str, title: str, head: str, groups, label_of, jobs_now) -> Table:
    """Groups per label, with this month's jobs (recorded, else the typed member count)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g in groups:
        for label in label_of(g):
            counts[label][0] += 1
            counts[label][1] += jobs_now.get(g.id, g.member_count)
    rows = [[k, v[0], v[1]] for k, v in sorted(counts.items())]
    return Table(key, title, [head, _("Kelompok"), _("Lapangan kerja")], rows)


def _monthly_revenue(session: Session, months: list[date]) -> dict[tuple[int, date], tuple]:
    rows = session.execute(
        select(
            GroupMonthlyStats.group_id,
            GroupMonthlyStats.month,
            GroupMonthlyStats.revenue - GroupMonthlyStats.refunded,
            GroupMonthlyStats.completed_orders,
        ).where(GroupMonthlyStats.month >= months[0], GroupMonthlyStats.month <= months[-1])
    )
    return {(g, m): (rev, n) for g, m, rev, n in rows}


def _promotions(session: Session) -> Table:
    rows = session.execute(
        select(AuditEntry.created_at, AuditEntry.action).where(
            AuditEntry.action.in_(("group.promote", "group.demote"))
        )
    )
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for created, action in rows:
        counts[to_wib(created).strftime("%Y-%m")][0 if action == "group.promote" else 1] += 1
    return Table(
        "kenaikan",
        _("Kenaikan dan penurunan tingkat per bulan"),
        [_("Bulan"), _("Naik ke lanjutan"), _("Turun ke pemula")],
        [[m, *v] for m, v in sorted(counts.items())],
        month_columns=(0,),
    )


def leaderboard(
    session: Session,
    groups: list,
    as_of: date,
    revenue: dict | None = None,
    jobs_now: dict[int, int] | None = None,
) -> Table:
    """Candidate 'best TKM' groups: ranked by 12-month revenue, with the other figures.

    The ranking comes from the monthly rollup rows already read for the dashboard (the same
    12 months and the same revenue as each summary), so only the top groups get a full
    summary: a fixed number of queries however many groups there are.
    """
    revenue = revenue if revenue is not None else _monthly_revenue(session, _months(as_of))
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (gid, _month), (rev, n) in revenue.items():
        totals[gid][0] += rev
        totals[gid][1] += n
    ranked = sorted(
        (g for g in groups if g.id in totals and totals[g.id][1] > 0),
        key=lambda g: (-totals[g.id][0], g.name),
    )[:LEADERBOARD_SIZE]
    scored = [(g, summary.compute(session, g, as_of)) for g in ranked]
    rows = [
        [
            i + 1,
            g.name,
            str(TIERS[g.tier]),
            g.kecamatan,
            s.revenue,
            s.values["completed_orders"],
            s.values["growth"] or "-",
            s.values["rating_avg"] or "-",
            s.values["on_time_rate"] or "-",
            (jobs_now or {}).get(g.id, g.member_count),
        ]
        for i, (g, s) in enumerate(scored[:LEADERBOARD_SIZE])
    ]
    return Table(
        "unggulan",
        _("Calon kelompok TKM terbaik (12 bulan)"),
        [
            _("Peringkat"),
            _("Kelompok"),
            _("Tingkat"),
            _("Kecamatan"),
            _("Omzet (Rp)"),
            _("Pesanan selesai"),
            _("Pertumbuhan (%)"),
            _("Penilaian"),
            _("Tepat waktu (%)"),
            _("Lapangan kerja"),
        ],
        rows,
        money_columns=(4,),
        decimal_columns=(6, 7, 8),
    )


@dataclass
class Dashboard:
    """The dashboard's tables and this month's jobs headline (cached together)."""

    tables: list[Table]
    jobs: impact_jobs.JobsHeadline


def tables(session: Session, as_of: date | None = None) -> list[Table]:
    """Every table of the impact dashboard."""
    return dashboard(session, as_of).tables


def dashboard(session: Session, as_of: date | None = None) -> Dashboard:
    """Every table of the impact dashboard and the jobs headline: a fixed number of queries."""
    as_of = as_of or summary.wib_today()
    groups = _verified(session)
    months = _months(as_of)
    sectors: dict[int, list[str]] = defaultdict(list)
    for gid, sector in session.execute(select(GroupSector.group_id, GroupSector.sector)):
        sectors[gid].append(sector)
    jobs = impact_jobs.read(session, groups, months)
    jobs_now = jobs.per_group_now
    tier_of = {g.id: g.tier for g in groups}
    revenue = _monthly_revenue(session, months)
    total = {m: [0, 0] for m in months}
    by_tier = {m: dict.fromkeys(TIERS, 0) for m in months}
    by_sector = {m: dict.fromkeys(CATEGORIES, 0) for m in months}
    for (gid, m), (rev, n) in revenue.items():
        total[m][0] += rev
        total[m][1] += n
        if gid in tier_of:
            by_tier[m][tier_of[gid]] += rev
        for s in sectors.get(gid, []):
            by_sector[m][s] += rev
    label = {k: str(v) for k, v in CATEGORIES.items()}
    listed = [
        _count_table(
            "tingkat",
            _("Kelompok per tingkat"),
            _("Tingkat"),
            groups,
            lambda g: [str(TIERS[g.tier])],
            jobs_now,
        ),
        _count_table(
            "bidang",
            _("Kelompok per bidang usaha"),
            _("Bidang"),
            groups,
            lambda g: [label[s] for s in sectors.get(g.id, [])],
            jobs_now,
        ),
        _count_table(
            "kecamatan",
            _("Kelompok per kecamatan"),
            _("Kecamatan"),
            groups,
            lambda g: [g.kecamatan],
            jobs_now,
        ),
        Table(
            "omzet",
            _("Omzet program per bulan"),
            [_("Bulan"), _("Omzet (Rp)"), _("Pesanan selesai")],
            [[m.strftime("%Y-%m"), *total[m]] for m in months],
            money_columns=(1,),
            month_columns=(0,),
        ),
        Table(
            "omzet-tingkat",
            _("Omzet per bulan menurut tingkat kelompok saat ini (Rp)"),
            [_("Bulan"), *[str(v) for v in TIERS.values()]],
            [[m.strftime("%Y-%m"), *by_tier[m].values()] for m in months],
            money_columns=(1, 2),
            month_columns=(0,),
        ),
        Table(
            "omzet-bidang",
            _(
                "Omzet per bulan menurut bidang usaha (Rp; kelompok dengan beberapa bidang "
                "dihitung di tiap bidangnya)"
            ),
            [_("Bulan"), *label.values()],
            [[m.strftime("%Y-%m"), *by_sector[m].values()] for m in months],
            money_columns=tuple(range(1, len(label) + 1)),
            month_columns=(0,),
        ),
        *impact_jobs.tables(jobs, months, groups, sectors),
        _promotions(session),
        leaderboard(session, groups, as_of, revenue, jobs_now),
    ]
    return Dashboard(listed, jobs.headline)


def total_members(session: Session) -> int:
    """Members of all verified groups as typed in their profiles (the old self-typed figure;
    the dashboard counts jobs from workforce records, see `impact_jobs`)."""
    stmt = select(func.coalesce(func.sum(ProducerGroup.member_count), 0))
    return int(session.scalar(stmt.where(ProducerGroup.status == STATUS_VERIFIED)))


_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _cell(value) -> str:
    # Numbers (ints, Decimals, and the summaries' decimal strings such as a growth of "-12.5")
    # are written plainly so that spreadsheets read them as numbers, negatives included.
    text = str(value)
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    # Spreadsheet formula injection: text never starts with = + - @ (a lone "-" means no value).
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and text != "-"):
        return "'" + text
    return text


def to_csv(table: Table) -> str:
    """The table as CSV text (header row first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
