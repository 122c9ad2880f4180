"""Company accounts: registration, staff and their roles, officers' verification.

`company_for` and `require_member` are the authorization helpers every procurement view uses:
company staff only ever reach their own company's rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import session as cookie_session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden, NotFound

from marketplace.accounts.models import ROLE_BUYER, User
from marketplace.core import audit
from marketplace.core.timeutil import utcnow
from marketplace.extensions import db
from marketplace.procurement import states
from marketplace.procurement.models import COMPANY_ROLES, Company, CompanyMember
from marketplace.procurement.npwp import normalize_npwp

ALL_ROLES = frozenset(COMPANY_ROLES)
SESSION_FLAG = "company_staff"  # the nav shows "Pengadaan" while it is set
# Officer actions on a company: action -> (from status, to status); the reasons required are
# the states table's.
DECISIONS = {
    "verify": (states.COMPANY_PENDING, states.COMPANY_VERIFIED),
    "reject": (states.COMPANY_PENDING, states.COMPANY_REJECTED),
    "suspend": (states.COMPANY_VERIFIED, states.COMPANY_SUSPENDED),
    "reinstate": (states.COMPANY_SUSPENDED, states.COMPANY_VERIFIED),
}


class CompanyError(Exception):
    """A company action refused for a reason the user can fix; the message is for them."""


def role_label(role: str) -> str:
    return str(COMPANY_ROLES.get(role, role))


def status_label(status: str) -> str:
    return states.label("company", status)


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.execute(select(Company.id, Company.name).where(Company.id.in_(ids))).all())


audit.register_actions(
    {
        "company.verify": audit.Action(_l("Verifikasi perusahaan"), states.labels("company")),
        "company.reject": audit.Action(_l("Penolakan perusahaan"), states.labels("company")),
        "company.suspend": audit.Action(_l("Pembekuan perusahaan"), states.labels("company")),
        "company.reinstate": audit.Action(_l("Pemulihan perusahaan"), states.labels("company")),
    }
)
audit.register_subject("company", audit.Subject(_l("Perusahaan"), _names))


# --- who belongs where ---------------------------------------------------------------------


def company_for(session: Session, user: User, role: str | None = None) -> Company | None:
    """The company `user` works for (holding `role`, when given), or None."""
    if user is None or not getattr(user, "id", None):
        return None
    stmt = select(Company).join(CompanyMember).where(CompanyMember.user_id == user.id)
    if role is not None:
        stmt = stmt.where(CompanyMember.role == role)
    return session.scalars(stmt.order_by(Company.id).limit(1)).first()


def roles_of(session: Session, user_id: int, company_id: int) -> set[str]:
    """The roles `user_id` holds at `company_id` (empty when none)."""
    stmt = select(CompanyMember.role).where(
        CompanyMember.company_id == company_id, CompanyMember.user_id == user_id
    )
    return set(session.scalars(stmt))


def require_member(
    session: Session, user: User, company_id: int, roles: Iterable[str] | None = None
) -> Company:
    """The company, when `user` is its staff with one of `roles` (any role when None).

    Raises NotFound (404) for anyone not on its staff, so another company's rows look like
    nothing at all, and Forbidden (403) for staff without the role.
    """
    held = roles_of(session, user.id, company_id) if getattr(user, "id", None) else set()
    if not held:
        raise NotFound()
    if roles is not None and not held & set(roles):
        raise Forbidden(_("Peran Anda di perusahaan ini tidak boleh melakukan ini."))
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound()
    return company


def is_staff(session: Session, user_id: int) -> bool:
    stmt = select(CompanyMember.id).where(CompanyMember.user_id == user_id).limit(1)
    return session.scalar(stmt) is not None


def remember_staff_at_login(sender, user: User, **_extra) -> None:
    """At login, remember in the cookie session whether to show the procurement nav link
    (one query per login instead of one per page)."""
    if is_staff(db.session, user.id):
        cookie_session[SESSION_FLAG] = True
    else:
        cookie_session.pop(SESSION_FLAG, None)


def notification_audience(session: Session, user: User) -> set[str]:
    """Company staff see the company categories in the notification settings (outbox)."""
    return {"company"} if is_staff(session, user.id) else set()


def staff(session: Session, company: Company) -> list[tuple[User, list[str]]]:
    """The company's people with their roles, in the order they joined."""
    people: dict[int, tuple[User, list[str]]] = {}
    order = list(COMPANY_ROLES)
    for member in company.members:
        people.setdefault(member.user_id, (member.user, []))[1].append(member.role)
    return [(user, sorted(roles, key=order.index)) for user, roles in people.values()]


# --- registration and staff ----------------------------------------------------------------


def _can_be_staff(session: Session, user: User) -> None:
    if user.role != ROLE_BUYER:
        raise CompanyError(_("Akun pendamping atau investor tidak bisa menjadi staf perusahaan."))
    if is_staff(session, user.id):
        raise CompanyError(_("%(name)s sudah menjadi staf sebuah perusahaan.", name=user.name))


def register_company(
    session: Session, user: User, *, name: str, npwp: str, address: str, is_pkp: bool
) -> Company:
    """Register a company (pending an officer's verification); `user` holds every role."""
    digits = normalize_npwp(npwp)
    if digits is None:
        raise CompanyError(_("NPWP harus 15 atau 16 angka."))
    _can_be_staff(session, user)
    if session.scalar(select(Company.id).where(Company.npwp == digits)) is not None:
        raise CompanyError(_("Perusahaan dengan NPWP ini sudah terdaftar."))
    company = Company(
        name=name.strip(),
        npwp=digits,
        address=address.strip(),
        is_pkp=is_pkp,
        status=states.COMPANY_PENDING,
        created_by_id=user.id,
    )
    company.members = [
        CompanyMember(user_id=user.id, role=role, added_by_id=user.id) for role in COMPANY_ROLES
    ]
    session.add(company)
    session.flush()
    return company


def add_member(
    session: Session, company: Company, actor: User, *, email: str, roles: Iterable[str]
) -> User:
    """Give the registered user with `email` the `roles` at `company` (the actor must be an
    approver; the view checks it with `require_member`)."""
    roles = set(roles)
    if not roles or not roles <= ALL_ROLES:
        raise CompanyError(_("Pilih minimal satu peran."))
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise CompanyError(_("Belum ada akun dengan email itu. Minta ia mendaftar dahulu."))
    held = roles_of(session, user.id, company.id)
    if not held:
        _can_be_staff(session, user)
    for role in sorted(roles - held):
        session.add(
            CompanyMember(company_id=company.id, user_id=user.id, role=role, added_by_id=actor.id)
        )
    session.flush()
    session.expire(company, ["members"])
    return user


def set_approval_threshold(session: Session, company: Company, amount: int | None) -> None:
    """POs above `amount` Rupiah need an approver's sign-off; None: none need it."""
    if amount is not None and amount < 0:
        raise CompanyError(_("Batas persetujuan tidak boleh negatif."))
    company.approval_threshold = amount
    session.flush()


# --- officers ------------------------------------------------------------------------------


def decisions_possible(company: Company) -> list[str]:
    """The officer actions that apply to the company's current status (for the buttons)."""
    return [action for action, (frm, _to) in DECISIONS.items() if frm == company.status]


def decision_history(session: Session, company: Company) -> list[tuple[audit.AuditEntry, str]]:
    """The company's audit entries, newest first, each with its officer's name."""
    rows = audit.entries(session, subject_type="company", subject_id=company.id)
    ids = {r.actor_id for r in rows if r.actor_id}
    names = (
        dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    return [(row, names.get(row.actor_id, "-")) for row in rows]


def companies_by_status(session: Session, status: str) -> list[Company]:
    stmt = select(Company).where(Company.status == status).order_by(Company.created_at, Company.id)
    return list(session.scalars(stmt))


def decide_company(
    session: Session, officer: User, company: Company, action: str, reason: str
) -> str:
    """Verify, reject, suspend or reinstate a company, recorded in the audit log.

    Raises IllegalTransition (409) for a move the company's status does not allow, or a
    rejection/suspension without a reason.
    """
    reason = reason.strip()
    before = company.status
    if action not in DECISIONS:
        raise CompanyError(_("Tindakan tidak dikenal."))
    expected, after = DECISIONS[action]
    if before != expected:  # e.g. "reinstate" a pending company: not this action's move
        expected, after = before, before
    states.check_transition("company", before, after, states.OFFICER, reason)
    company.status = after
    company.decision_reason = reason
    if after == states.COMPANY_VERIFIED:
        company.verified_by_id = officer.id
        company.verified_at = utcnow()
    audit.record(
        session,
        actor_id=officer.id,
        action=f"company.{action}",
        subject_type="company",
        subject_id=company.id,
        reason=reason,
        details=f"{before} -> {after}",
    )
    return after
