"""Recurring catering contracts: a company proposes, a group accepts or declines, either side
pauses, resumes or ends it (the moves are `states.CONTRACT`'s; anything else is 409).

Daily rows (generation, count changes until the cutoff) are `catering_days.py`. Every function
takes the session, flushes, never commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.models import User
from marketplace.catalog.constants import STATUS_VERIFIED
from marketplace.catalog.models import GroupSector, ProducerGroup
from marketplace.core.formatting import time_wib
from marketplace.orders import notification_b2b as messages
from marketplace.orders import notify
from marketplace.orders.models import PickupPoint, ShiftWindow
from marketplace.procurement import catering_days, states
from marketplace.procurement.catering_days import (
    CATEGORY,
    KIND,
    company_link,
    company_user_ids,
    group_link,
)
from marketplace.procurement.contract_models import CateringContract
from marketplace.procurement.models import Company

MAX_COUNT = 5000  # boxes per day: beyond any canteen in the zone
MAX_DAYS = 366  # a contract's period

# What each side may do to a contract, as (button action -> target status).
COMPANY_ACTIONS = {
    "pause": states.CONTRACT_PAUSED,
    "resume": states.CONTRACT_ACTIVE,
    "end": states.CONTRACT_ENDED,
    "cancel": states.CONTRACT_CANCELLED,
}
GROUP_ACTIONS = {
    "accept": states.CONTRACT_ACTIVE,
    "decline": states.CONTRACT_CANCELLED,
    "cancel": states.CONTRACT_CANCELLED,  # stop a running contract (a reason is required)
}


class CateringError(ValueError):
    """A proposal refused for a reason the user can fix; the message is for them."""


@dataclass(frozen=True)
class Terms:
    """What the company proposes (already parsed by the form)."""

    group_id: int
    menu: str
    unit_price: int
    count_per_day: int
    days_of_week: int  # bitmask, Monday bit 0
    point_id: int
    window_id: int
    starts_on: date
    ends_on: date
    cutoff_hour: int


def days_mask(days: Iterable[int | str]) -> int:
    """Weekday numbers (Monday 0 … Sunday 6) as the contract's bitmask."""
    mask = 0
    for d in days:
        d = int(d)
        if 0 <= d <= 6:
            mask |= 1 << d
    return mask


def cutoff_label(contract: CateringContract) -> str:
    """The contract's cutoff hour as a WIB time of day (`15.00 WIB`)."""
    return time_wib(time(contract.cutoff_hour))


def contract_label(status: str) -> str:
    return states.label("contract", status)


def days_list(mask: int) -> list[int]:
    """The weekday numbers set in `mask`."""
    return [d for d in range(7) if mask & (1 << d)]


def caterers(session: Session) -> list[ProducerGroup]:
    """Verified groups selling food and drink: who a company may propose a contract to."""
    return list(
        session.scalars(
            select(ProducerGroup)
            .join(GroupSector, GroupSector.group_id == ProducerGroup.id)
            .where(GroupSector.sector == CATEGORY, ProducerGroup.status == STATUS_VERIFIED)
            .order_by(ProducerGroup.name)
        )
    )


def propose(
    session: Session, company: Company, user: User, terms: Terms, *, today: date
) -> CateringContract:
    """A requester's (or approver's) proposal to a verified food group; the group is told.

    Raises CateringError for a group that does not cater, an unverified company, a closed
    gate or window, a period in the past or without serving days.
    """
    if company.status != states.COMPANY_VERIFIED:
        raise CateringError(_("Perusahaan belum diverifikasi pendamping."))
    group = session.get(ProducerGroup, terms.group_id)
    if group is None or group.status != STATUS_VERIFIED or CATEGORY not in group.sectors:
        raise CateringError(_("Pilih kelompok makanan & minuman yang sudah terverifikasi."))
    point = session.get(PickupPoint, terms.point_id)
    window = session.get(ShiftWindow, terms.window_id)
    if point is None or not point.is_active or window is None or not window.is_active:
        raise CateringError(_("Pilih titik ambil dan jam shift yang masih dibuka."))
    if terms.starts_on <= today:
        raise CateringError(_("Kontrak paling cepat mulai besok."))
    if terms.ends_on < terms.starts_on:
        raise CateringError(_("Tanggal selesai harus sesudah tanggal mulai."))
    if (terms.ends_on - terms.starts_on).days >= MAX_DAYS:
        raise CateringError(_("Satu kontrak paling lama satu tahun."))
    if not 1 <= terms.days_of_week <= 127:
        raise CateringError(_("Pilih minimal satu hari."))
    if not 1 <= terms.count_per_day <= MAX_COUNT:
        raise CateringError(_("Jumlah porsi per hari 1 sampai %(n)s.", n=MAX_COUNT))
    if not 0 <= terms.cutoff_hour <= 23:
        raise CateringError(_("Jam batas perubahan 0 sampai 23."))
    contract = CateringContract(
        company_id=company.id,
        group_id=group.id,
        menu=terms.menu.strip(),
        unit_price=terms.unit_price,
        count_per_day=terms.count_per_day,
        days_of_week=terms.days_of_week,
        point_id=point.id,
        window_id=window.id,
        starts_on=terms.starts_on,
        ends_on=terms.ends_on,
        cutoff_hour=terms.cutoff_hour,
        status=states.CONTRACT_PROPOSED,
        created_by_id=user.id,
    )
    if not any(contract.serves_on(d) for d in _period_days(contract, limit=7)):
        raise CateringError(_("Tidak ada hari layanan dalam periode itu."))
    session.add(contract)
    session.flush()
    notify.notify_group(
        session,
        group.id,
        KIND,
        messages.CATERING_PROPOSED,
        {"company": company.name, "count": contract.count_per_day, "menu": contract.menu},
        group_link(contract.id),
    )
    return contract


def _period_days(contract: CateringContract, limit: int) -> list[date]:
    last = min(contract.ends_on, contract.starts_on + timedelta(days=limit - 1))
    return [
        contract.starts_on + timedelta(days=i) for i in range((last - contract.starts_on).days + 1)
    ]


# --- reading ---------------------------------------------------------------------------------


def company_contracts(session: Session, company_id: int) -> list[CateringContract]:
    stmt = (
        select(CateringContract)
        .where(CateringContract.company_id == company_id)
        .options(
            selectinload(CateringContract.group),
            selectinload(CateringContract.point),
            selectinload(CateringContract.window),
        )
        .order_by(CateringContract.id.desc())
    )
    return list(session.scalars(stmt))


def group_contracts(session: Session, group_id: int) -> list[CateringContract]:
    stmt = (
        select(CateringContract)
        .where(CateringContract.group_id == group_id)
        .options(
            selectinload(CateringContract.company),
            selectinload(CateringContract.point),
            selectinload(CateringContract.window),
        )
        .order_by(CateringContract.id.desc())
    )
    return list(session.scalars(stmt))


def company_contract(session: Session, company_id: int, contract_id: int):
    """The company's contract, or None (another company's contract is nothing at all)."""
    contract = session.get(CateringContract, contract_id)
    return contract if contract is not None and contract.company_id == company_id else None


def group_contract(session: Session, group_id: int, contract_id: int):
    """The group's contract, or None."""
    contract = session.get(CateringContract, contract_id)
    return contract if contract is not None and contract.group_id == group_id else None


# --- moves -----------------------------------------------------------------------------------


def company_actor(roles: Iterable[str], contract: CateringContract, to: str) -> str:
    """The first of the user's company roles that may make the move (else any role, so
    `check_transition` names the refusal)."""
    roles = sorted(roles)
    for role in roles:
        if states.allowed("contract", contract.status, to, role):
            return role
    return roles[0] if roles else states.REQUESTER


def actions_for(contract: CateringContract, actions: dict[str, str], actors) -> list[str]:
    """The buttons to show: actions whose move one of `actors` may make now (a proposal is
    answered with accept/decline, not cancel)."""
    proposed = contract.status == states.CONTRACT_PROPOSED
    shown = []
    for name, to in actions.items():
        if name in ("accept", "decline") and not proposed:
            continue
        if name == "cancel" and proposed and "decline" in actions:
            continue
        if any(states.allowed("contract", contract.status, to, a) for a in actors):
            shown.append(name)
    return shown


def move(
    session: Session,
    contract: CateringContract,
    to: str,
    actor: str,
    *,
    reason: str = "",
    today: date,
    now=None,
) -> None:
    """Move the contract (IllegalTransition: 409). Leaving `active` gives back the units of
    every generated day whose cutoff has not passed (those days are removed); a group's
    acceptance or refusal is told to the company's staff."""
    before = contract.status
    states.check_transition("contract", before, to, actor, reason.strip())
    contract.status = to
    contract.status_reason = reason.strip()
    if before == states.CONTRACT_ACTIVE and to != states.CONTRACT_ACTIVE:
        catering_days.drop_open_days(session, contract, now=now)
    session.flush()
    if before == states.CONTRACT_PROPOSED and actor == states.GROUP:
        key = (
            messages.CATERING_ACCEPTED
            if to == states.CONTRACT_ACTIVE
            else messages.CATERING_DECLINED
        )
        notify.notify(
            session,
            company_user_ids(session, contract.company_id),
            KIND,
            key,
            {"group": contract.group.name, "menu": contract.menu},
            company_link(contract.id),
        )
    if to == states.CONTRACT_ACTIVE:
        catering_days.generate_for(session, contract, today)
