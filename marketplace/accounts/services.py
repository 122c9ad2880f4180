"""Account rules: registration, authentication, passwords, investor approval."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import smtplib
from email.message import EmailMessage

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import (
    INVESTOR_APPROVED,
    INVESTOR_PENDING,
    INVESTOR_REJECTED,
    ROLE_BUYER,
    ROLE_INVESTOR,
    ROLE_OFFICER,
    User,
)
from marketplace.core import audit
from marketplace.core.phone import normalize_phone
from marketplace.core.timeutil import utcnow

log = logging.getLogger(__name__)

# A fixed hash to verify against when no account matches, so a wrong email costs the same
# time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH: dict[tuple[int, int], str] = {}


class AccountError(ValueError):
    """A rule refused the request; the message is shown to the user."""


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"])


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _hasher().hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """Check a password in constant-ish time, also when there is no such user."""
    hasher = _hasher()
    if user is None:
        key = (hasher.time_cost, hasher.memory_cost)
        if key not in _DUMMY_HASH:
            _DUMMY_HASH[key] = hasher.hash("dummy-password-for-timing")
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASH[key], password)
        return False
    try:
        return hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find_by_login(session: Session, identifier: str) -> User | None:
    """Find a user by email (case-insensitive) or Indonesian mobile number."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    phone = normalize_phone(identifier)
    conds = [func.lower(User.email) == identifier.lower()]
    if phone:
        conds.append(User.phone == phone)
    return session.scalars(select(User).where(or_(*conds)).limit(1)).first()


def register(
    session: Session,
    *,
    name: str,
    email: str,
    phone: str,
    password: str,
    role: str = ROLE_BUYER,
    organization: str | None = None,
) -> User:
    """Create a buyer (or a pending investor) account; refuses a taken email or number."""
    if role not in (ROLE_BUYER, ROLE_INVESTOR):
        raise AccountError(_("Peran akun tidak dikenal."))
    normalized = normalize_phone(phone)
    if not normalized:
        raise AccountError(_("Nomor HP harus nomor seluler Indonesia (08… atau +628…)."))
    email = email.strip().lower()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise AccountError(_("Email ini sudah terdaftar. Silakan masuk atau pulihkan kata sandi."))
    if session.scalar(select(User.id).where(User.phone == normalized)):
        raise AccountError(_("Nomor HP ini sudah terdaftar."))
    user = User(
        name=name.strip(),
        email=email,
        phone=normalized,
        password_hash=hash_password(password),
        role=role,
        investor_status=INVESTOR_PENDING if role == ROLE_INVESTOR else None,
        organization=(organization or "").strip() or None,
    )
    session.add(user)
    session.flush()
    return user


def register_quietly(
    session: Session,
    *,
    name: str,
    email: str,
    phone: str,
    password: str,
    role: str = ROLE_BUYER,
    organization: str | None = None,
    login_url: str = "",
) -> User | None:
    """Register, or tell the owners when the email or number already has an account.

    The web form answers the same either way, so a stranger cannot learn who has an account:
    a new account is created (and returned); for a taken email or number nothing is created,
    the password is hashed all the same (equal timing) and each owner gets an email saying
    someone tried to register with their address or number. Other refusals (a number that
    is not an Indonesian mobile) raise AccountError as `register` does.
    """
    normalized = normalize_phone(phone)
    email = email.strip().lower()
    owners = []
    if normalized:
        owners = list(
            session.scalars(
                select(User).where(or_(func.lower(User.email) == email, User.phone == normalized))
            )
        )
    if not owners:
        return register(
            session,
            name=name,
            email=email,
            phone=phone,
            password=password,
            role=role,
            organization=organization,
        )
    hash_password(password)  # the same work as creating the account
    for owner in owners:
        send_email(
            owner.email,
            _("Percobaan pendaftaran di Pasar TKM"),
            _(
                "Seseorang mencoba membuat akun Pasar TKM dengan email atau nomor HP Anda. "
                "Akun Anda tetap aman dan tidak berubah. Jika itu Anda, silakan masuk; jika "
                "lupa kata sandi, pulihkan dari halaman masuk:"
            )
            + f"\n{login_url}\n",
        )
    return None


def authenticate(session: Session, identifier: str, password: str) -> User | None:
    """Return the active user for these credentials, or None."""
    user = find_by_login(session, identifier)
    if not verify_password(user, password) or user is None or not user.is_active:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.flush()
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change a password after checking the current one."""
    if not verify_password(user, current):
        raise AccountError(_("Kata sandi saat ini salah."))
    user.password_hash = hash_password(new)
    end_sessions(session, user)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _fingerprint(user: User) -> str:
    # Binding the token to the current hash makes it single-use: once the password
    # changes, every earlier link stops working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def session_fingerprint(user: User) -> str:
    """Kept in the session at login; checked on every request by the app's user loader.

    It changes with the password (a change or reset ends every other session) and with the
    user's session generation (logout, suspension), so a copied session cookie dies too.
    """
    generation = user.session_generation or 0
    return f"{_fingerprint(user)}.{generation}"


def end_sessions(session: Session, user: User) -> None:
    """End every session of `user`, on every device (their cookies no longer log in)."""
    user.session_generation = (user.session_generation or 0) + 1
    session.flush()


def make_reset_token(user: User) -> str:
    """A signed, expiring, one-time password-reset token."""
    return _serializer().dumps({"uid": user.id, "fp": _fingerprint(user)})


def user_for_reset_token(session: Session, token: str) -> User | None:
    """The user a valid, unused, unexpired reset token belongs to."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = session.get(User, data.get("uid"))
    if user is None or data.get("fp") != _fingerprint(user):
        return None
    return user


def reset_password(session: Session, token: str, new: str) -> User:
    """Set a new password from a reset link; the link cannot be used again."""
    user = user_for_reset_token(session, token)
    if user is None:
        raise AccountError(_("Tautan pemulihan tidak berlaku atau sudah dipakai."))
    user.password_hash = hash_password(new)
    end_sessions(session, user)
    return user


def send_email(to: str, subject: str, body: str) -> None:
    """Send a plain-text email through SMTP, or write it to the log when no server is set."""
    cfg = current_app.config
    if not cfg.get("MAIL_SERVER"):
        log.warning("Email (not sent, no MAIL_SERVER) to=%s subject=%s\n%s", to, subject, body)
        return
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        smtp.send_message(msg)


def create_officer(session: Session, *, name: str, email: str, phone: str, password: str) -> User:
    """Create an officer account (CLI only, never through the web)."""
    user = register(session, name=name, email=email, phone=phone, password=password)
    user.role = ROLE_OFFICER
    session.flush()
    return user


def pending_investors(session: Session) -> list[User]:
    """Investor accounts waiting for an officer's approval, oldest first."""
    stmt = (
        select(User)
        .where(User.role == ROLE_INVESTOR, User.investor_status == INVESTOR_PENDING)
        .order_by(User.created_at)
    )
    return list(session.scalars(stmt))


def decide_investor(
    session: Session, officer: User, investor: User, *, approve: bool, reason: str = ""
) -> None:
    """Approve or reject an investor account, recorded in the audit log."""
    if investor.role != ROLE_INVESTOR:
        raise AccountError(_("Akun ini bukan akun investor."))
    investor.investor_status = INVESTOR_APPROVED if approve else INVESTOR_REJECTED
    if not approve:  # a refused investor is out at once, not when their session expires
        end_sessions(session, investor)
    audit.record(
        session,
        actor_id=officer.id,
        action="investor.approve" if approve else "investor.reject",
        subject_type="user",
        subject_id=investor.id,
        reason=reason,
    )


def _user_names(session: Session, ids: set[int]) -> dict[int, str]:
    return {
        uid: name
        for uid, name in session.execute(select(User.id, User.name).where(User.id.in_(ids)))
    }


audit.register_actions(
    {
        "investor.approve": audit.Action(_l("Persetujuan investor")),
        "investor.reject": audit.Action(_l("Penolakan investor")),
    }
)
audit.register_subject("user", audit.Subject(_l("Pengguna"), _user_names))
