"""Investors' interest in pitches: the thread between investor and group, notifications."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_OFFICER, User
from marketplace.investors.pitch_models import (
    INTEREST_CLOSED,
    INTEREST_DISCUSSION,
    INTEREST_NEW,
    INTEREST_STATUSES,
    PUBLISHED,
    Interest,
    InterestMessage,
    Pitch,
)
from marketplace.orders import notification_messages as messages
from marketplace.orders.notify import group_member_ids, notify

MAX_INDICATIVE = 2_000_000_000


class InterestError(ValueError):
    """An interest rule refused the request; the message is shown to the user."""


def _notify(
    session: Session, user_ids: list[int], kind: str, message: str, params: dict, link: tuple
) -> None:
    notify(session, user_ids, kind, message, params, link)


def _member_ids(session: Session, group_id: int) -> list[int]:
    return group_member_ids(session, group_id)


# Who looks after a group, told by the features above (program: the officers who held its
# mentoring sessions); investors never import them.
OfficerSource = Callable[[Session, int], list[int]]
_OFFICER_SOURCES: list[OfficerSource] = []


def on_group_officers(source: OfficerSource) -> OfficerSource:
    """Register `source(session, group_id) -> officer ids`; usable as decorator."""
    if source not in _OFFICER_SOURCES:
        _OFFICER_SOURCES.append(source)
    return source


def group_officer_ids(session: Session, group_id: int) -> list[int]:
    """The group's officers (those who held its mentoring sessions), else every active officer."""
    ids = {i for source in _OFFICER_SOURCES for i in source(session, group_id)}
    if ids:
        return sorted(ids)
    return list(
        session.scalars(
            select(User.id).where(User.role == ROLE_OFFICER, User.is_active_account.is_(True))
        )
    )


def express(
    session: Session, investor: User, pitch: Pitch, amount: int | None, message: str
) -> Interest:
    """Record an investor's interest in a published pitch and notify the group and officers."""
    message = (message or "").strip()
    if pitch.status != PUBLISHED:
        raise InterestError(_("Proposal ini tidak sedang terbuka."))
    if not message:
        raise InterestError(_("Tulis pesan untuk kelompok."))
    if amount is not None and not (0 < amount <= MAX_INDICATIVE):
        raise InterestError(_("Jumlah indikatif tidak masuk akal."))
    existing = session.scalars(
        select(Interest).where(Interest.pitch_id == pitch.id, Interest.investor_id == investor.id)
    ).first()
    if existing is not None:
        raise InterestError(
            _("Anda sudah menyatakan minat pada proposal ini; lanjutkan di utasnya.")
        )
    interest = Interest(pitch_id=pitch.id, investor_id=investor.id, amount=amount)
    interest.messages.append(InterestMessage(author_id=investor.id, body=message))
    session.add(interest)
    session.flush()
    who = investor.organization or investor.name
    _notify(
        session,
        _member_ids(session, pitch.group_id),
        "investor_interest",
        messages.INTEREST_NEW,
        {"who": who, "title": pitch.title},
        ("investors.group_thread", {"interest_id": interest.id}),
    )
    _notify(
        session,
        group_officer_ids(session, pitch.group_id),
        "investor_interest",
        messages.INTEREST_NEW_OFFICER,
        {"who": who, "group": pitch.group.name, "title": pitch.title},
        ("program.pitch_review", {"pitch_id": pitch.id}),
    )
    return interest


def reply(session: Session, interest: Interest, author: User, body: str, from_group: bool) -> None:
    """Add a message to the thread and notify the other side."""
    body = (body or "").strip()
    if not body:
        raise InterestError(_("Pesan kosong."))
    if interest.status == INTEREST_CLOSED:
        raise InterestError(_("Pembicaraan ini sudah ditutup."))
    interest.messages.append(InterestMessage(author_id=author.id, body=body[:4000]))
    if from_group and interest.status == INTEREST_NEW:
        interest.status = INTEREST_DISCUSSION
    session.flush()
    pitch = interest.pitch
    if from_group:
        _notify(
            session,
            [interest.investor_id],
            "interest_reply",
            messages.INTEREST_REPLY_FROM_GROUP,
            {"group": pitch.group.name, "title": pitch.title},
            ("investors.investor_thread", {"interest_id": interest.id}),
        )
    else:
        _notify(
            session,
            _member_ids(session, pitch.group_id),
            "interest_reply",
            messages.INTEREST_REPLY_FROM_INVESTOR,
            {"title": pitch.title},
            ("investors.group_thread", {"interest_id": interest.id}),
        )


def set_status(session: Session, interest: Interest, status: str) -> None:
    """The group moves the interest to new, in discussion or closed."""
    if status not in INTEREST_STATUSES:
        raise InterestError(_("Status tidak dikenal."))
    interest.status = status
    session.flush()


def for_group(session: Session, group_id: int) -> list[Interest]:
    """Interest in any of the group's pitches, newest first."""
    stmt = (
        select(Interest)
        .join(Pitch, Pitch.id == Interest.pitch_id)
        .where(Pitch.group_id == group_id)
        .order_by(Interest.created_at.desc(), Interest.id.desc())
    )
    return list(session.scalars(stmt))


def for_pitch(session: Session, pitch_id: int) -> list[Interest]:
    """Interest in one pitch, newest first."""
    stmt = (
        select(Interest)
        .where(Interest.pitch_id == pitch_id)
        .order_by(Interest.created_at.desc(), Interest.id.desc())
    )
    return list(session.scalars(stmt))


def for_investor(session: Session, investor_id: int) -> list[Interest]:
    """An investor's interests, newest first."""
    stmt = (
        select(Interest)
        .where(Interest.investor_id == investor_id)
        .order_by(Interest.created_at.desc(), Interest.id.desc())
    )
    return list(session.scalars(stmt))
