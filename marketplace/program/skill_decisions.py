"""Officer decisions on members' competency certificates, each recorded in the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog import skills
from marketplace.catalog.member_models import MemberCertificate
from marketplace.catalog.skill_states import REJECTED, STATUSES, VERIFIED
from marketplace.core import audit

# What the officer's form says -> the status it moves the certificate to.
ACTIONS = {"verify": VERIFIED, "reject": REJECTED}

audit.register_actions(
    {
        "certificate.verify": audit.Action(_l("Verifikasi sertifikat kompetensi"), STATUSES),
        "certificate.reject": audit.Action(_l("Penolakan sertifikat kompetensi"), STATUSES),
    }
)


def decide_certificate(
    session: Session, officer: User, cert: MemberCertificate, action: str, reason: str
) -> str:
    """Verify or reject a certificate (a reason is required to reject), with an audit entry.

    Raises `skills.CertificateError` (no reason) or `skill_states.IllegalTransition` (409)."""
    to_status = ACTIONS[action]
    before = skills.decide(session, cert, to_status, reason, officer.id)
    audit.record(
        session,
        actor_id=officer.id,
        action=f"certificate.{action}",
        subject_type="certificate",
        subject_id=cert.id,
        reason=(reason or "").strip(),
        details=f"{before} -> {to_status}",
    )
    return to_status
