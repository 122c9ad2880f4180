"""The days of a catering contract: generated ahead within the group's daily capacity, and
changed by the company until the group's cutoff (the day before, `cutoff_hour` WIB).

Locking rule: a day's units are taken with `orders.capacity.reserve_units` (one conditional
UPDATE of the group's `capacity_use` row, held until commit) in the same transaction as the
day's row. A count change first updates the day's row on the count it read (`WHERE count =
:old`), so two changes of one day serialize and the second is refused instead of reserving
twice; rows are created with INSERT … ON CONFLICT DO NOTHING on (contract, day), so running
the job twice (or at once) never creates a day twice. Functions flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.models import User
from marketplace.core.formatting import long_date, wib_datetime
from marketplace.core.timeutil import WIB, utcnow
from marketplace.orders import capacity, notify
from marketplace.orders import notification_b2b as messages
from marketplace.orders.models import Notification
from marketplace.procurement import states
from marketplace.procurement.contract_models import CateringContract, CateringDay
from marketplace.procurement.models import CompanyMember

HORIZON_DAYS = 7
CATEGORY = "makanan-minuman"  # the capacity a contract draws on
KIND = "catering"  # notification kind


def company_user_ids(session: Session, company_id: int) -> list[int]:
    stmt = select(CompanyMember.user_id).where(CompanyMember.company_id == company_id)
    return sorted(set(session.scalars(stmt)))


def company_link(contract_id: int) -> notify.Link:
    return ("procurement.catering_detail", {"contract_id": contract_id})


def group_link(contract_id: int) -> notify.Link:
    return ("procurement.group_catering_detail", {"contract_id": contract_id})


class CountRefused(Exception):
    """A day's count cannot change now (HTTP 409); the message says why, for the user."""


class CutoffPassed(CountRefused):
    """The group's cutoff for the day has passed; `cutoff` is when it was (aware WIB)."""

    def __init__(self, day: date, cutoff: datetime):
        self.day, self.cutoff = day, cutoff
        super().__init__(
            _(
                "Jumlah untuk %(day)s tidak bisa diubah lagi: batasnya %(cutoff)s.",
                day=long_date(day),
                cutoff=wib_datetime(cutoff.astimezone(UTC).replace(tzinfo=None)),
            )
        )


@dataclass
class Generated:
    created: int = 0
    full: list[tuple[int, date, int]] = field(default_factory=list)  # (contract, day, free)
    contracts: int = 0


def cutoff_at(contract: CateringContract, day: date) -> datetime:
    """When changes to `day` close: the day before at the contract's cutoff hour, WIB."""
    return datetime.combine(day - timedelta(days=1), time(contract.cutoff_hour), tzinfo=WIB)


def now_wib_of(now: datetime | None) -> datetime:
    now = now or utcnow()
    return (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(WIB)


def _reserve(session: Session, contract: CateringContract, day: date, units: int) -> None:
    capacity.reserve_units(session, contract.group_id, day, units, category=CATEGORY)


def _take(session: Session, contract: CateringContract, day: date, units: int) -> None:
    """Reserve, turning a full day into the refusal the company reads."""
    try:
        _reserve(session, contract, day, units)
    except capacity.CapacityFull as full:
        raise CountRefused(str(full)) from full


def _release(session: Session, contract: CateringContract, day: date, units: int) -> None:
    capacity.release_units(session, contract.group_id, day, units, category=CATEGORY)


def _insert_day(session: Session, values: dict) -> bool:
    """Insert the day's row unless (contract, day) exists; whether it was inserted."""
    dialect = session.get_bind().dialect.name
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(CateringDay).values(**values)
    stmt = stmt.on_conflict_do_nothing(index_elements=["contract_id", "day"])
    return session.execute(stmt.returning(CateringDay.id)).first() is not None


# --- the daily job ----------------------------------------------------------------------------


def _told(session: Session, user_id: int, key: str, contract_id: int, day: date) -> bool:
    stmt = select(Notification.params).where(
        Notification.user_id == user_id, Notification.message == key
    )
    return any(
        (p or {}).get("contract") == contract_id and (p or {}).get("day") == day.isoformat()
        for p in session.scalars(stmt)
    )


def _tell_full(session: Session, contract: CateringContract, day: date, free: int) -> None:
    """Tell both sides once that `day` could not be scheduled for lack of capacity."""
    params = {
        "contract": contract.id,
        "day": day.isoformat(),
        "menu": contract.menu,
        "count": contract.count_per_day,
        "available": free,
    }
    staff = company_user_ids(session, contract.company_id)
    told = messages.CATERING_DAY_FULL_COMPANY
    if staff and not _told(session, staff[0], told, contract.id, day):
        notify.notify(
            session,
            staff,
            KIND,
            messages.CATERING_DAY_FULL_COMPANY,
            {**params, "group": contract.group.name},
            company_link(contract.id),
        )
    members = notify.group_member_ids(session, contract.group_id)
    if members and not _told(
        session, members[0], messages.CATERING_DAY_FULL_GROUP, contract.id, day
    ):
        notify.notify_group(
            session,
            contract.group_id,
            KIND,
            messages.CATERING_DAY_FULL_GROUP,
            {**params, "company": contract.company.name},
            group_link(contract.id),
        )


def generate_for(
    session: Session, contract: CateringContract, today: date, horizon_days: int = HORIZON_DAYS
) -> Generated:
    """Create the contract's missing days from tomorrow to `today + horizon_days`, each
    taking its units of the group's capacity; a full day is skipped and told to both sides."""
    result = Generated(contracts=1)
    if contract.status != states.CONTRACT_ACTIVE:
        return result
    first = max(today + timedelta(days=1), contract.starts_on)
    last = min(today + timedelta(days=horizon_days), contract.ends_on)
    if first > last:
        return result
    existing = set(
        session.scalars(
            select(CateringDay.day).where(
                CateringDay.contract_id == contract.id, CateringDay.day.between(first, last)
            )
        )
    )
    day = first
    while day <= last:
        if contract.serves_on(day) and day not in existing:
            try:
                _reserve(session, contract, day, contract.count_per_day)
            except capacity.CapacityFull as full:
                result.full.append((contract.id, day, full.available))
                _tell_full(session, contract, day, full.available)
            else:
                row = {"contract_id": contract.id, "day": day, "count": contract.count_per_day}
                if _insert_day(session, row):
                    result.created += 1
                else:  # made meanwhile by another run: give the units back
                    _release(session, contract, day, contract.count_per_day)
        day += timedelta(days=1)
    session.flush()
    return result


def generate_days(
    session: Session,
    today: date,
    horizon_days: int = HORIZON_DAYS,
    progress: Callable[[CateringContract, Generated], None] | None = None,
) -> Generated:
    """Create the next `horizon_days` days of every active contract (idempotent)."""
    total = Generated()
    contracts = session.scalars(
        select(CateringContract)
        .where(
            CateringContract.status == states.CONTRACT_ACTIVE,
            CateringContract.ends_on > today,
            CateringContract.starts_on <= today + timedelta(days=horizon_days),
        )
        .options(selectinload(CateringContract.group), selectinload(CateringContract.company))
        .order_by(CateringContract.group_id, CateringContract.id)
    ).all()
    for contract in contracts:
        one = generate_for(session, contract, today, horizon_days)
        total.contracts += 1
        total.created += one.created
        total.full.extend(one.full)
        if progress is not None:
            progress(contract, one)
    return total


def drop_open_days(session: Session, contract: CateringContract, *, now=None) -> int:
    """Remove the generated days whose cutoff has not passed and give their units back
    (a paused, ended or cancelled contract); days past their cutoff are being cooked."""
    moment = now_wib_of(now)
    dropped = 0
    for row in list(contract.days):
        if moment < cutoff_at(contract, row.day):
            _release(session, contract, row.day, row.count)
            session.delete(row)
            dropped += 1
    session.flush()
    return dropped


# --- the company changes a day's count -----------------------------------------------------


def set_count(
    session: Session,
    contract: CateringContract,
    day: date,
    count: int,
    user: User,
    *,
    now: datetime | None = None,
) -> CateringDay:
    """Change `day`'s count until its cutoff: a raise takes the difference of the group's
    capacity (refused when full), a cut gives it back. A day not generated yet is created.

    Raises CutoffPassed after the cutoff, CountRefused for a contract that is not running,
    a day it does not serve, a full day or a change made meanwhile (reload and retry).
    """
    if contract.status != states.CONTRACT_ACTIVE:
        raise CountRefused(_("Kontrak tidak sedang berjalan."))
    if not contract.serves_on(day):
        raise CountRefused(_("Kontrak tidak melayani tanggal %(day)s.", day=long_date(day)))
    cutoff = cutoff_at(contract, day)
    if now_wib_of(now) >= cutoff:
        raise CutoffPassed(day, cutoff)
    stamp = utcnow()
    row = session.scalars(
        select(CateringDay).where(CateringDay.contract_id == contract.id, CateringDay.day == day)
    ).first()
    meanwhile = _("Jumlah baru saja diubah orang lain. Muat ulang halaman.")
    if row is None:
        _take(session, contract, day, count)
        values = {"contract_id": contract.id, "day": day, "count": count}
        if not _insert_day(session, {**values, "changed_by_id": user.id, "changed_at": stamp}):
            _release(session, contract, day, count)
            raise CountRefused(meanwhile)
    else:
        old, before = row.count, (row.changed_by_id, row.changed_at)

        def _write(n: int, by, at, expected: int) -> bool:
            return (
                session.execute(
                    update(CateringDay)
                    .where(CateringDay.id == row.id, CateringDay.count == expected)
                    .values(count=n, changed_by_id=by, changed_at=at)
                    .execution_options(synchronize_session=False)
                ).rowcount
                == 1
            )

        if not _write(count, user.id, stamp, old):
            raise CountRefused(meanwhile)
        if count > old:
            try:
                _take(session, contract, day, count - old)
            except CountRefused:
                _write(old, *before, count)  # nothing half-written: the row is ours (locked)
                raise
        elif count < old:
            _release(session, contract, day, old - count)
    session.expire(contract, ["days"])
    if row is not None:
        session.expire(row)
    return session.scalars(
        select(CateringDay).where(CateringDay.contract_id == contract.id, CateringDay.day == day)
    ).one()
