"""Tier promotion (pemula → lanjutan), vetting for investors and visit notes; all audited.

Visit notes are kept as mentoring sessions (program/mentoring.py); migration 0018 copied the
old `visit_notes` rows into `mentoring_sessions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.constants import STATUS_VERIFIED, TIER_LANJUTAN, TIER_PEMULA, TIERS
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.core.formatting import decimal, percent
from marketplace.core.timeutil import to_wib, utcnow
from marketplace.investors.models import GroupMonthlyStats, GroupVetting
from marketplace.investors.summary import average, rating_stats, wib_today
from marketplace.orders import notification_messages as messages
from marketplace.orders.models import Order
from marketplace.orders.notify import notify_group
from marketplace.program import mentoring
from marketplace.program.decisions import MY_GROUP
from marketplace.program.mentoring_models import MentoringSession


class ProgramError(ValueError):
    """An officer action the rules refuse; the message is shown to the officer."""


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    value: str  # the group's value, for display
    required: str
    met: bool


def full_months(start: date, end: date) -> int:
    """Whole calendar months from start to end (15 Jan → 15 Jul is 6; → 14 Jul is 5)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def _first_sale(session: Session, group_id: int) -> date | None:
    first = session.scalar(
        select(func.min(Order.completed_at)).where(
            Order.group_id == group_id, Order.status == "completed"
        )
    )
    return to_wib(first).date() if first else None


def eligibility(
    session: Session, group: ProducerGroup, today: date | None = None
) -> list[Criterion]:
    """Each promotion criterion from configuration, with the group's value (all time)."""
    cfg = current_app.config
    today = today or wib_today()
    min_months = int(cfg["PROMOTION_MIN_MONTHS"])
    min_orders = int(cfg["PROMOTION_MIN_COMPLETED_ORDERS"])
    min_rating = Decimal(str(cfg["PROMOTION_MIN_RATING"]))
    min_on_time = int(cfg["PROMOTION_MIN_ON_TIME_PERCENT"])
    first = _first_sale(session, group.id)
    months = full_months(first, today) if first else 0
    completed, on_time = session.execute(
        select(
            func.coalesce(func.sum(GroupMonthlyStats.completed_orders), 0),
            func.coalesce(func.sum(GroupMonthlyStats.on_time_orders), 0),
        ).where(GroupMonthlyStats.group_id == group.id)
    ).one()
    n_ratings, stars = rating_stats(session, group.id)
    avg = average(stars, n_ratings)
    on_time_ok = completed > 0 and on_time * 100 >= min_on_time * completed
    on_time_pct = percent(Decimal(on_time * 100) / completed) if completed else "-"
    return [
        Criterion(
            "months",
            _("Lama berjualan di platform (bulan penuh sejak pesanan selesai pertama)"),
            str(months),
            f"≥ {min_months}",
            months >= min_months,
        ),
        Criterion(
            "orders",
            _("Pesanan selesai"),
            str(completed),
            f"≥ {min_orders}",
            completed >= min_orders,
        ),
        Criterion(
            "rating",
            _("Rata-rata penilaian pembeli"),
            ngettext(
                "%(avg)s (%(num)s penilaian)",
                "%(avg)s (%(num)s penilaian)",
                n_ratings,
                avg=decimal(avg),
            )
            if avg
            else "-",
            f"≥ {decimal(min_rating)}",
            n_ratings > 0 and Decimal(stars) >= min_rating * n_ratings,  # exact, no rounding
        ),
        Criterion(
            "on_time",
            _("Serah terima tepat waktu"),
            on_time_pct,
            f"≥ {percent(min_on_time, 0)}",
            on_time_ok,
        ),
    ]


def is_eligible(criteria: list[Criterion]) -> bool:
    """All criteria met."""
    return all(c.met for c in criteria)


def _criteria_text(criteria: list[Criterion]) -> str:
    return "; ".join(f"{c.key}={c.value} ({'ok' if c.met else 'kurang'})" for c in criteria)


CRITERIA_LABELS = {
    "months": _l("Bulan berjualan"),
    "orders": _l("Pesanan selesai"),
    "rating": _l("Rata-rata penilaian"),
    "on_time": _l("Serah terima tepat waktu"),
}
_CRITERION = re.compile(r"(\w+)=(.*) \((ok|kurang)\)")


def _tier_details(details: str) -> str:
    """`pemula -> lanjutan; months=7 (ok); …` as `Pemula → Lanjutan; Bulan berjualan: 7 ✓; …`."""
    head, _sep, rest = details.partition("; ")
    parts = [audit.arrow(head, TIERS)]
    for item in filter(None, rest.split("; ")):
        match = _CRITERION.fullmatch(item)
        if match is None:
            parts.append(item)
            continue
        key, value, met = match.groups()
        parts.append(f"{CRITERIA_LABELS.get(key, key)}: {value} {'✓' if met == 'ok' else '✗'}")
    return "; ".join(parts)


audit.register_actions(
    {
        "group.promote": audit.Action(_l("Kenaikan tingkat kelompok"), details=_tier_details),
        "group.demote": audit.Action(_l("Penurunan tingkat kelompok"), details=_tier_details),
        "group.vet": audit.Action(_l("Penilaian kelompok untuk investor")),
        "group.vet_revoke": audit.Action(_l("Penilaian untuk investor dicabut")),
    }
)


def change_tier(
    session: Session, officer: User, group: ProducerGroup, promote: bool, reason: str
) -> None:
    """Promote an eligible pemula group or demote a lanjutan group, and tell its members."""
    reason = (reason or "").strip()
    if not reason:
        raise ProgramError(_("Alasan wajib diisi."))
    if group.status != STATUS_VERIFIED:
        raise ProgramError(_("Hanya kelompok terverifikasi yang dapat dinaikkan atau diturunkan."))
    criteria = eligibility(session, group)
    if promote:
        if group.tier != TIER_PEMULA:
            raise ProgramError(_("Kelompok ini sudah lanjutan."))
        if not is_eligible(criteria):
            raise ProgramError(_("Kelompok belum memenuhi semua kriteria kenaikan tingkat."))
        group.tier = TIER_LANJUTAN
    else:
        if group.tier != TIER_LANJUTAN:
            raise ProgramError(_("Kelompok ini masih pemula."))
        group.tier = TIER_PEMULA
        vetting = session.get(GroupVetting, group.id)
        if vetting is not None and vetting.is_vetted:
            _revoke(session, officer, vetting, "Turun ke pemula: " + reason)
    audit.record(
        session,
        actor_id=officer.id,
        action="group.promote" if promote else "group.demote",
        subject_type="group",
        subject_id=group.id,
        reason=reason,
        details=(
            f"{TIER_PEMULA} -> {TIER_LANJUTAN}" if promote else f"{TIER_LANJUTAN} -> {TIER_PEMULA}"
        )
        + "; "
        + _criteria_text(criteria),
    )
    if promote:
        message, params = messages.GROUP_PROMOTED, {"group": group.name}
    else:
        message, params = messages.GROUP_DEMOTED, {"group": group.name, "reason": reason}
    notify_group(session, group.id, "group_tier", message, params, MY_GROUP)


def vet(session: Session, officer: User, group: ProducerGroup, notes: str) -> GroupVetting:
    """Mark a verified lanjutan group as vetted for investors, with notes."""
    notes = (notes or "").strip()
    if not notes:
        raise ProgramError(_("Catatan penilaian wajib diisi."))
    if group.tier != TIER_LANJUTAN or group.status != STATUS_VERIFIED:
        raise ProgramError(_("Hanya kelompok lanjutan yang terverifikasi dapat dinilai layak."))
    vetting = session.get(GroupVetting, group.id) or GroupVetting(group_id=group.id)
    if vetting.is_vetted:
        raise ProgramError(_("Kelompok ini sudah dinilai layak untuk investor."))
    vetting.is_vetted = True
    vetting.vetted_at = utcnow()
    vetting.vetted_by = officer.id
    vetting.vetting_notes = notes
    session.add(vetting)
    audit.record(
        session,
        actor_id=officer.id,
        action="group.vet",
        subject_type="group",
        subject_id=group.id,
        reason=notes,
    )
    return vetting


def _revoke(session: Session, officer: User, vetting: GroupVetting, reason: str) -> None:
    vetting.is_vetted = False
    vetting.revoked_at = utcnow()
    vetting.revoked_by = officer.id
    vetting.revoke_reason = reason
    audit.record(
        session,
        actor_id=officer.id,
        action="group.vet_revoke",
        subject_type="group",
        subject_id=vetting.group_id,
        reason=reason,
    )


def revoke(session: Session, officer: User, group: ProducerGroup, reason: str) -> None:
    """Withdraw a group's vetting; it disappears from investors' pages."""
    reason = (reason or "").strip()
    if not reason:
        raise ProgramError(_("Alasan wajib diisi."))
    vetting = session.get(GroupVetting, group.id)
    if vetting is None or not vetting.is_vetted:
        raise ProgramError(_("Kelompok ini belum dinilai layak."))
    _revoke(session, officer, vetting, reason)


def add_visit_note(
    session: Session,
    officer: User,
    group: ProducerGroup,
    visit_date: date,
    observations: str,
    advice: str,
) -> MentoringSession:
    """Keep an officer's visit note for a group, as a mentoring session without a topic."""
    try:
        return mentoring.record_session(
            session, officer, group, visit_date, "", observations, advice=advice or ""
        )
    except mentoring.MentoringError as exc:
        raise ProgramError(str(exc)) from exc


def visit_notes(session: Session, group_id: int, limit: int = 5) -> list[MentoringSession]:
    """A group's latest sessions (visit notes), newest first."""
    return mentoring.sessions_of(session, group_id, limit=limit)
