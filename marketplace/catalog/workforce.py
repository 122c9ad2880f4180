"""Jobs counted from workforce records: the chair's edits and the counts per month.

A record is one job: a person (member or hired worker, full- or part-time) working for the
group from its start month to its end month, both counted, in WIB calendar months. Counts
read every record that overlaps the months asked for in one statement and count in Python,
so a twelve-month dashboard costs one query however many groups there are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import GroupSector, ProducerGroup
from marketplace.catalog.workforce_models import (
    AGE_BANDS,
    FULL_TIME,
    HOURS,
    KIND_MEMBER,
    KINDS,
    WorkforceRecord,
)
from marketplace.core.timeutil import to_wib, utcnow

OLDEST_BIRTH_YEAR = 1930
YOUNGEST_AGE = 10  # a birth year later than ten years ago is a typing mistake
DIMENSIONS = ("tier", "sector", "kecamatan")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class WorkforceError(ValueError):
    """A record the chair cannot save as typed (the message says why, in Indonesian)."""


@dataclass
class JobCount:
    """Jobs in one month: in all, by kind, by hours, and how many held by under-30s."""

    total: int = 0
    member: int = 0
    hired: int = 0
    full_time: int = 0
    part_time: int = 0
    young: int = 0

    def count(self, record: WorkforceRecord, month: date) -> None:
        self.total += 1
        if record.kind == KIND_MEMBER:
            self.member += 1
        else:
            self.hired += 1
        if record.hours == FULL_TIME:
            self.full_time += 1
        else:
            self.part_time += 1
        if record.is_young(month):
            self.young += 1

    def __iadd__(self, other: JobCount) -> JobCount:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)
        return self


def current_month() -> date:
    """The first day of this WIB month."""
    return to_wib(utcnow()).date().replace(day=1)


def parse_month(text: str | None) -> date | None:
    """`2026-03` (an <input type="month"> value) as 2026-03-01; empty is None."""
    text = (text or "").strip()
    if not text:
        return None
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise WorkforceError(_("Bulan tidak dikenali; tulis seperti 2026-03."))
    return date(int(match.group(1)), int(match.group(2)), 1)


# --- the chair's records -----------------------------------------------------------------


def group_records(session: Session, group_id: int) -> list[WorkforceRecord]:
    """The group's records: people still working first, then the most recent starts."""
    stmt = select(WorkforceRecord).where(WorkforceRecord.group_id == group_id)
    stmt = stmt.order_by(
        WorkforceRecord.end_month.is_not(None),
        WorkforceRecord.start_month.desc(),
        WorkforceRecord.id.desc(),
    )
    return list(session.scalars(stmt))


def own_record(session: Session, group_id: int, record_id: int) -> WorkforceRecord | None:
    """The record if it belongs to the group (another group's record is not found)."""
    stmt = select(WorkforceRecord).where(
        WorkforceRecord.id == record_id, WorkforceRecord.group_id == group_id
    )
    return session.scalar(stmt)


def _checked(data: dict) -> dict:
    label = " ".join((data.get("label") or "").split())
    if not label or len(label) > 80:
        raise WorkforceError(_("Isi nama panggilan atau sebutan, paling banyak 80 huruf."))
    if data.get("kind") not in KINDS:
        raise WorkforceError(_("Pilih anggota kelompok atau pekerja upahan."))
    if data.get("hours") not in HOURS:
        raise WorkforceError(_("Pilih penuh waktu atau paruh waktu."))
    start, end = data.get("start_month"), data.get("end_month")
    if start is None:
        raise WorkforceError(_("Isi bulan mulai bekerja."))
    if start > current_month():
        raise WorkforceError(_("Bulan mulai tidak boleh setelah bulan ini."))
    if end is not None and end < start:
        raise WorkforceError(_("Bulan selesai tidak boleh sebelum bulan mulai."))
    birth_year, band = data.get("birth_year"), data.get("age_band") or None
    this_year = current_month().year
    if birth_year is not None and not OLDEST_BIRTH_YEAR <= birth_year <= this_year - YOUNGEST_AGE:
        raise WorkforceError(_("Tahun lahir tidak masuk akal."))
    if band is not None and band not in AGE_BANDS:
        raise WorkforceError(_("Pilih kelompok umur dari daftar."))
    if birth_year is not None:
        band = None  # the birth year decides; no second, contradicting answer is kept
    return {
        "label": label,
        "kind": data["kind"],
        "hours": data["hours"],
        "start_month": start,
        "end_month": end,
        "birth_year": birth_year,
        "age_band": band,
    }


def save_record(
    session: Session, group: ProducerGroup, data: dict, record: WorkforceRecord | None = None
) -> WorkforceRecord:
    """Add a record to the group, or change `record` (one of the group's own)."""
    values = _checked(data)
    if record is None:
        record = WorkforceRecord(group_id=group.id, **values)
        session.add(record)
    else:
        for key, value in values.items():
            setattr(record, key, value)
    session.flush()
    return record


def delete_record(session: Session, record: WorkforceRecord) -> None:
    """Remove a record typed by mistake (a person who stopped working gets an end month)."""
    session.delete(record)
    session.flush()


# --- counting ------------------------------------------------------------------------------


def _overlapping(first: date, last: date):
    return select(WorkforceRecord).where(
        WorkforceRecord.start_month <= last,
        or_(WorkforceRecord.end_month.is_(None), WorkforceRecord.end_month >= first),
    )


def jobs_by_month(
    session: Session,
    months: list[date],
    group_ids: Iterable[int] | None = None,
    *,
    verified_only: bool = False,
) -> dict[int, dict[date, JobCount]]:
    """Per group, per month of `months` (first days): the jobs recorded. One query.

    Groups without a job in a month have no entry for it; groups without records, none at all.
    """
    if not months:
        return {}
    stmt = _overlapping(min(months), max(months))
    if group_ids is not None:
        stmt = stmt.where(WorkforceRecord.group_id.in_(list(group_ids)))
    if verified_only:
        stmt = stmt.join(ProducerGroup, ProducerGroup.id == WorkforceRecord.group_id).where(
            ProducerGroup.status == STATUS_VERIFIED
        )
    out: dict[int, dict[date, JobCount]] = defaultdict(dict)
    for record in session.scalars(stmt):
        for month in months:
            if record.works_in(month):
                out[record.group_id].setdefault(month, JobCount()).count(record, month)
    return dict(out)


def jobs_at(
    session: Session, month: date, group_ids: Iterable[int] | None = None
) -> dict[int, JobCount]:
    """Per group: the jobs recorded in `month` (its first day). One query."""
    per_group = jobs_by_month(session, [month], group_ids)
    return {gid: months[month] for gid, months in per_group.items() if month in months}


def groups_with_records(session: Session, group_ids: Iterable[int] | None = None) -> set[int]:
    """The groups that keep workforce records at all (others fall back to `member_count`)."""
    stmt = select(WorkforceRecord.group_id).distinct()
    if group_ids is not None:
        stmt = stmt.where(WorkforceRecord.group_id.in_(list(group_ids)))
    return set(session.scalars(stmt))


def aggregate(
    per_group: dict[int, JobCount], keys_of: Callable[[int], Iterable[str]]
) -> dict[str, JobCount]:
    """Sum per-group counts under each key a group belongs to (a group with two sectors
    counts in both)."""
    out: dict[str, JobCount] = defaultdict(JobCount)
    for gid, counted in per_group.items():
        for key in keys_of(gid):
            out[key] += counted
    return dict(out)


def group_keys(session: Session, dimension: str) -> dict[int, list[str]]:
    """Verified groups' tier, sectors or kecamatan, by group id (one query)."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    if dimension == "sector":
        stmt = (
            select(GroupSector.group_id, GroupSector.sector)
            .join(ProducerGroup, ProducerGroup.id == GroupSector.group_id)
            .where(ProducerGroup.status == STATUS_VERIFIED)
        )
    else:
        column = ProducerGroup.tier if dimension == "tier" else ProducerGroup.kecamatan
        stmt = select(ProducerGroup.id, column).where(ProducerGroup.status == STATUS_VERIFIED)
    keys: dict[int, list[str]] = defaultdict(list)
    for gid, key in session.execute(stmt):
        keys[gid].append(key)
    return dict(keys)


def jobs_by(session: Session, month: date, dimension: str) -> dict[str, JobCount]:
    """Jobs recorded in `month` by verified groups, by tier, sector or kecamatan (2 queries)."""
    keys = group_keys(session, dimension)
    return aggregate(jobs_at(session, month, keys), lambda gid: keys.get(gid, ()))


def jobs_or_typed(
    session: Session, typed: dict[int, int], month: date | None = None
) -> dict[int, tuple[int, bool]]:
    """Per group id of `typed` (group id -> the member count typed in its profile): the jobs
    recorded in `month` (default this WIB month) and True, or, for a group without any
    record, its typed count and False. One query, whatever the number of groups."""
    month = month or current_month()
    out = {gid: (n, False) for gid, n in typed.items()}
    if not typed:
        return out
    counted: dict[int, int] = {}
    stmt = select(
        WorkforceRecord.group_id, WorkforceRecord.start_month, WorkforceRecord.end_month
    ).where(WorkforceRecord.group_id.in_(list(typed)))
    for gid, start, end in session.execute(stmt):
        works = start <= month and (end is None or month <= end)
        counted[gid] = counted.get(gid, 0) + (1 if works else 0)
    out.update({gid: (n, True) for gid, n in counted.items()})
    return out


def group_jobs_now(session: Session, group: ProducerGroup) -> tuple[int, bool]:
    """The group's jobs this month and whether they come from records (True) or, for a group
    without any record, from the member count typed in its profile (False). One query."""
    return jobs_or_typed(session, {group.id: group.member_count})[group.id]
