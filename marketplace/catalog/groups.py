"""Group rules: registration, joining by code, profile, status changes."""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_BUYER, User
from marketplace.catalog.constants import (
    CATEGORIES,
    GROUP_STATUSES,
    MEMBER_CHAIR,
    MEMBER_MEMBER,
    STATUS_REJECTED,
    STATUS_SUSPENDED,
    STATUS_UNVERIFIED,
    STATUS_VERIFIED,
)
from marketplace.catalog.models import GroupMembership, GroupSector, ProducerGroup
from marketplace.core import audit
from marketplace.core.phone import normalize_phone
from marketplace.core.regions import KECAMATAN
from marketplace.core.timeutil import utcnow

PROFILE_FIELDS = (
    "name",
    "kecamatan",
    "village",
    "address",
    "member_count",
    "nib",
    "pirt_number",
    "halal_number",
    "whatsapp",
    "description",
)

# Which status an officer's action moves a group to, from which statuses.
STATUS_ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "verify": ((STATUS_UNVERIFIED, STATUS_REJECTED), STATUS_VERIFIED),
    "reject": ((STATUS_UNVERIFIED,), STATUS_REJECTED),
    "suspend": ((STATUS_VERIFIED,), STATUS_SUSPENDED),
    "reinstate": ((STATUS_SUSPENDED,), STATUS_VERIFIED),
}


class GroupError(ValueError):
    """A group rule refused the request; the message is shown to the user."""


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name, max_length=120) or "kelompok"
    slug, n = base, 2
    while session.scalar(select(ProducerGroup.id).where(ProducerGroup.slug == slug)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _new_join_code(session: Session) -> str:
    while True:
        # No 0/O/1/I: the code is read aloud and typed on phones.
        code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
        if not session.scalar(select(ProducerGroup.id).where(ProducerGroup.join_code == code)):
            return code


def _apply_profile(group: ProducerGroup, data: dict, sectors: list[str]) -> None:
    if data.get("kecamatan") not in KECAMATAN:
        raise GroupError(_("Kecamatan harus salah satu dari 15 kecamatan di Kabupaten Batang."))
    unknown = [s for s in sectors if s not in CATEGORIES]
    if not sectors or unknown:
        raise GroupError(_("Pilih minimal satu bidang usaha yang dikenal."))
    nib = (data.get("nib") or "").strip()
    if not (len(nib) == 13 and nib.isdigit()):
        raise GroupError(_("NIB harus tepat 13 angka."))
    wa = normalize_phone(data.get("whatsapp") or "")
    if not wa:
        raise GroupError(_("Nomor WhatsApp harus nomor seluler Indonesia (08… atau +628…)."))
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(group, field, data[field])
    group.nib = nib
    group.whatsapp = wa
    group.pirt_number = (data.get("pirt_number") or "").strip() or None
    group.halal_number = (data.get("halal_number") or "").strip() or None
    current = {row.sector: row for row in group.sector_rows}
    for sector in set(current) - set(sectors):
        group.sector_rows.remove(current[sector])
    for sector in sorted(set(sectors) - set(current)):
        group.sector_rows.append(GroupSector(sector=sector))


def register_group(session: Session, chair: User, data: dict, sectors: list[str]) -> ProducerGroup:
    """Register a new TKM group with `chair` as its ketua; it waits for verification."""
    if chair.role != ROLE_BUYER:
        raise GroupError(_("Hanya akun pembeli yang dapat mendaftarkan kelompok TKM."))
    if chair.group_membership is not None:
        raise GroupError(_("Anda sudah menjadi anggota sebuah kelompok TKM."))
    group = ProducerGroup(
        slug=_unique_slug(session, data.get("name") or ""),
        join_code=_new_join_code(session),
        status=STATUS_UNVERIFIED,
    )
    _apply_profile(group, data, sectors)
    session.add(group)
    session.flush()
    session.add(GroupMembership(group_id=group.id, user_id=chair.id, role=MEMBER_CHAIR))
    session.flush()
    session.expire(chair, ["membership"])
    return group


def update_profile(session: Session, group: ProducerGroup, data: dict, sectors: list[str]) -> None:
    """Update a group's profile (a member edits their own group only: checked by the view)."""
    _apply_profile(group, data, sectors)
    session.flush()


def join_group(session: Session, user: User, code: str) -> ProducerGroup:
    """Join a group with its join code; the user becomes a producer."""
    if user.role != ROLE_BUYER:
        raise GroupError(_("Hanya akun pembeli yang dapat bergabung ke kelompok TKM."))
    if user.group_membership is not None:
        raise GroupError(_("Anda sudah menjadi anggota sebuah kelompok TKM."))
    code = (code or "").strip().upper()
    group = session.scalars(select(ProducerGroup).where(ProducerGroup.join_code == code)).first()
    if group is None:
        raise GroupError(_("Kode undangan tidak dikenal. Periksa lagi dengan ketua kelompok."))
    session.add(GroupMembership(group_id=group.id, user_id=user.id, role=MEMBER_MEMBER))
    session.flush()
    session.expire(user, ["membership"])
    return group


def regenerate_join_code(session: Session, group: ProducerGroup) -> str:
    """Give the group a new join code; the old one stops working."""
    group.join_code = _new_join_code(session)
    session.flush()
    return group.join_code


def change_status(session: Session, group: ProducerGroup, action: str, reason: str) -> str:
    """Apply an officer's status action; refuses an action the current status does not allow."""
    if action not in STATUS_ACTIONS:
        raise GroupError(_("Tindakan tidak dikenal."))
    allowed_from, target = STATUS_ACTIONS[action]
    if group.status not in allowed_from:
        raise GroupError(
            _(
                "Kelompok berstatus '%(status)s' tidak dapat diubah dengan tindakan ini.",
                status=GROUP_STATUSES[group.status],
            )
        )
    if action in ("reject", "suspend") and not reason.strip():
        raise GroupError(_("Alasan wajib diisi untuk menolak atau membekukan kelompok."))
    group.status = target
    group.status_reason = reason.strip()
    if target == STATUS_VERIFIED and group.verified_at is None:
        group.verified_at = utcnow()
    session.flush()
    return target


def groups_by_status(session: Session, status: str) -> list[ProducerGroup]:
    """Groups with a given status, oldest first (the verification queue)."""
    stmt = select(ProducerGroup).where(ProducerGroup.status == status)
    return list(session.scalars(stmt.order_by(ProducerGroup.created_at)))


def count_by_status(session: Session) -> dict[str, int]:
    """Number of groups per status."""
    rows = session.execute(
        select(ProducerGroup.status, func.count()).group_by(ProducerGroup.status)
    )
    return {status: n for status, n in rows}


def get_by_slug(session: Session, slug: str) -> ProducerGroup | None:
    """A group by its URL slug."""
    return session.scalars(select(ProducerGroup).where(ProducerGroup.slug == slug)).first()


def _group_names(session: Session, ids: set[int]) -> dict[int, str]:
    stmt = select(ProducerGroup.id, ProducerGroup.name).where(ProducerGroup.id.in_(ids))
    return {gid: name for gid, name in session.execute(stmt)}


audit.register_subject("group", audit.Subject(_l("Kelompok usaha"), _group_names))
