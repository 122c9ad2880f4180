"""Competency certificates: the chair records them with a scan, an officer decides, and the
public sees only counts of verified, unexpired certificates by scheme.

Services flush, never commit. A scan is stored when the certificate is saved; a replaced or
deleted scan's key is returned so the view removes the file after the commit (a rolled-back
request never loses the file its row still names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from marketplace.catalog import private_files, skill_states
from marketplace.catalog.member_models import GroupMember, MemberCertificate
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.private_files import CheckedFile
from marketplace.catalog.skill_states import CHAIR, PENDING, REJECTED, VERIFIED, IllegalTransition
from marketplace.core import audit
from marketplace.core.timeutil import utcnow

EXPIRY_WARNING_DAYS = 60
# Schemes often certified for TKM lines of business (suggested in the form, typed freely).
COMMON_SCHEMES = (
    "Menjahit Pakaian dengan Mesin",
    "Penjahit Busana",
    "Pengolahan Makanan",
    "Penyelia Halal",
    "Barista",
    "Membatik Tulis",
    "Pemasaran Digital",
    "Desain Grafis Muda",
)


class CertificateError(ValueError):
    """A certificate that cannot be saved; the message is for the chair."""


@dataclass(frozen=True)
class SchemeCount:
    scheme: str
    count: int


def _one_line(value: Any, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    clean = {
        "scheme": _one_line(data.get("scheme"), 160),
        "issuer": _one_line(data.get("issuer"), 160),
        "number": _one_line(data.get("number"), 60),
        "issued_on": data.get("issued_on"),
        "expires_on": data.get("expires_on"),
    }
    if not (clean["scheme"] and clean["issuer"] and clean["number"] and clean["issued_on"]):
        raise CertificateError(_("Skema, lembaga penerbit, nomor dan tanggal terbit wajib diisi."))
    if clean["expires_on"] is not None and clean["expires_on"] < clean["issued_on"]:
        raise CertificateError(_("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."))
    return clean


def own_certificate(session: Session, group_id: int, cert_id: int) -> MemberCertificate | None:
    """The group's certificate `cert_id`, or None (also when it belongs to another group)."""
    cert = session.get(MemberCertificate, cert_id)
    return cert if cert is not None and cert.group_id == group_id else None


def add_certificate(
    session: Session, member: GroupMember, data: dict[str, Any], scan: CheckedFile
) -> MemberCertificate:
    """Record a certificate with its checked scan, waiting for an officer (flush)."""
    fields = _clean(data)
    cert = MemberCertificate(
        group_id=member.group_id,
        status=PENDING,
        storage_key=private_files.save(scan),
        content_type=scan.content_type,
        original_name=scan.name,
        size=len(scan.data),
        **fields,
    )
    member.certificates.append(cert)
    session.flush()
    return cert


def update_certificate(
    session: Session, cert: MemberCertificate, data: dict[str, Any], scan: CheckedFile | None
) -> str | None:
    """Change a certificate (and its scan, if a new one is given); a verified or rejected one
    goes back to the officer (flush). Returns the replaced scan's key, or None."""
    fields = _clean(data)
    old_key = None
    changed = scan is not None or any(getattr(cert, k) != v for k, v in fields.items())
    for key, value in fields.items():
        setattr(cert, key, value)
    if scan is not None:
        old_key = cert.storage_key
        cert.storage_key = private_files.save(scan)
        cert.content_type = scan.content_type
        cert.original_name = scan.name
        cert.size = len(scan.data)
    if changed and cert.status != PENDING:
        _move(cert, PENDING, CHAIR)
        cert.status_reason = ""
        cert.decided_by = None
        cert.decided_at = None
    session.flush()
    return old_key


def delete_certificate(session: Session, cert: MemberCertificate) -> str:
    """Delete a certificate (flush); return its scan's key for removal after the commit."""
    key = cert.storage_key
    session.delete(cert)
    session.flush()
    return key


def _move(cert: MemberCertificate, to_status: str, role: str) -> None:
    if not skill_states.allowed(cert.status, to_status, role):
        raise IllegalTransition(
            _(
                "Sertifikat berstatus %(status)s tidak dapat diubah menjadi %(to)s.",
                status=skill_states.STATUSES[cert.status],
                to=skill_states.STATUSES[to_status],
            )
        )
    cert.status = to_status


def decide(
    session: Session, cert: MemberCertificate, to_status: str, reason: str, officer_id: int
) -> str:
    """An officer's verification or rejection (flush); returns the status before. The caller
    (program) records it in the audit log."""
    reason = (reason or "").strip()
    before = cert.status
    if skill_states.reason_required(before, to_status) and not reason:
        raise CertificateError(_("Alasan penolakan wajib diisi."))
    _move(cert, to_status, skill_states.OFFICER)
    cert.status_reason = reason
    cert.decided_by = officer_id
    cert.decided_at = utcnow()
    session.flush()
    return before


def _counting(today: date):
    """Certificates that count for the public: verified and not expired (WIB day)."""
    return (
        MemberCertificate.status == VERIFIED,
        or_(MemberCertificate.expires_on.is_(None), MemberCertificate.expires_on >= today),
    )


def verified_counts(session: Session, group_id: int, today: date) -> list[SchemeCount]:
    """Verified, unexpired certificates of the group by scheme (case-insensitive), most first.

    The only thing public and investor pages show of the members' skills: no names, numbers
    or scans. One statement."""
    key = func.lower(MemberCertificate.scheme)
    stmt = (
        select(func.min(MemberCertificate.scheme), func.count())
        .where(MemberCertificate.group_id == group_id, *_counting(today))
        .group_by(key)
        .order_by(func.count().desc(), key)
    )
    return [SchemeCount(scheme, n) for scheme, n in session.execute(stmt)]


def verified_total(session: Session, group_id: int, today: date) -> int:
    """How many verified, unexpired certificates the group holds."""
    stmt = select(func.count()).where(MemberCertificate.group_id == group_id, *_counting(today))
    return int(session.scalar(stmt) or 0)


def _with_people():
    return (
        joinedload(MemberCertificate.member),
        joinedload(MemberCertificate.group),
    )


def pending(session: Session, limit: int = 200) -> list[MemberCertificate]:
    """Certificates waiting for an officer, oldest first."""
    stmt = (
        select(MemberCertificate)
        .where(MemberCertificate.status == PENDING)
        .options(*_with_people())
        .order_by(MemberCertificate.updated_at, MemberCertificate.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def expiring(
    session: Session, today: date, days: int = EXPIRY_WARNING_DAYS
) -> list[MemberCertificate]:
    """Verified or pending certificates whose validity ends within `days` days of `today`
    (WIB), soonest first."""
    stmt = (
        select(MemberCertificate)
        .where(
            MemberCertificate.status != REJECTED,
            MemberCertificate.expires_on >= today,
            MemberCertificate.expires_on <= today + timedelta(days=days),
        )
        .options(*_with_people())
        .order_by(MemberCertificate.expires_on, MemberCertificate.id)
    )
    return list(session.scalars(stmt))


def group_certificates(session: Session, group_id: int) -> list[MemberCertificate]:
    """All of a group's certificates for the officer's group pages."""
    stmt = (
        select(MemberCertificate)
        .where(MemberCertificate.group_id == group_id)
        .options(joinedload(MemberCertificate.member))
        .order_by(MemberCertificate.status, MemberCertificate.issued_on.desc())
    )
    return list(session.scalars(stmt))


def _certificate_names(session: Session, ids: set[int]) -> dict[int, str]:
    # The scheme and the group, never the member's name: the log outlives the profile.
    stmt = (
        select(MemberCertificate.id, MemberCertificate.scheme, ProducerGroup.name)
        .join(ProducerGroup, ProducerGroup.id == MemberCertificate.group_id)
        .where(MemberCertificate.id.in_(ids))
    )
    return {cid: f"{scheme} · {group}" for cid, scheme, group in session.execute(stmt)}


audit.register_subject(
    "certificate", audit.Subject(_l("Sertifikat kompetensi"), _certificate_names)
)
