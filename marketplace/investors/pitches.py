"""Pitch rules: fund lines that add up, draft → submitted → published → closed, snapshots."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.core.formatting import rupiah
from marketplace.core.timeutil import utcnow
from marketplace.investors import summary
from marketplace.investors.access import is_visible
from marketplace.investors.pitch_models import (
    CLOSED,
    DRAFT,
    MAX_PITCH_AMOUNT,
    PARTNERSHIPS,
    PUBLISHED,
    SUBMITTED,
    Pitch,
    PitchFundLine,
)


class PitchError(ValueError):
    """A pitch rule refused the request; the message is shown to the user."""


def _require_vetted(session: Session, group: ProducerGroup) -> None:
    if not is_visible(session, group):
        raise PitchError(
            _(
                "Hanya kelompok lanjutan yang sudah dinilai layak oleh pendamping dapat "
                "membuat proposal investasi."
            )
        )


def check_lines(amount: int, lines: list[tuple[str, int]]) -> None:
    """Refuse fund lines that are empty, not positive or do not add up to the amount."""
    if not (0 < amount <= MAX_PITCH_AMOUNT):
        raise PitchError(_("Jumlah dana yang dicari tidak masuk akal."))
    if not lines:
        raise PitchError(_("Isi minimal satu baris penggunaan dana."))
    if any(not desc.strip() or value <= 0 for desc, value in lines):
        raise PitchError(_("Setiap baris penggunaan dana perlu keterangan dan jumlah di atas nol."))
    total = sum(value for _desc, value in lines)
    if total != amount:
        raise PitchError(
            _(
                "Jumlah baris penggunaan dana (%(total)s) tidak sama dengan dana yang dicari "
                "(%(amount)s).",
                total=rupiah(total),
                amount=rupiah(amount),
            )
        )


def save_draft(
    session: Session,
    group: ProducerGroup,
    author: User,
    data: dict,
    lines: list[tuple[str, int]],
    pitch: Pitch | None = None,
) -> Pitch:
    """Create or update a draft pitch of `group` (only drafts can be edited)."""
    _require_vetted(session, group)
    if pitch is not None and (pitch.group_id != group.id or pitch.status != DRAFT):
        raise PitchError(_("Hanya draf yang dapat diubah."))
    if data.get("partnership") not in PARTNERSHIPS:
        raise PitchError(_("Pilih jenis kemitraan."))
    check_lines(int(data["amount"]), lines)
    if pitch is None:
        pitch = Pitch(group_id=group.id, created_by=author.id, status=DRAFT)
        session.add(pitch)
    for key in ("title", "amount", "partnership", "timeline", "new_jobs", "description"):
        setattr(pitch, key, data[key])
    pitch.lines = [
        PitchFundLine(position=i, description=desc.strip(), amount=value)
        for i, (desc, value) in enumerate(lines)
    ]
    session.flush()
    return pitch


def submit(session: Session, pitch: Pitch) -> None:
    """The group sends its draft to the officers for review."""
    _require_vetted(session, pitch.group)
    if pitch.status != DRAFT:
        raise PitchError(_("Hanya draf yang dapat dikirim."))
    check_lines(pitch.amount, [(line.description, line.amount) for line in pitch.lines])
    pitch.status = SUBMITTED
    pitch.submitted_at = utcnow()
    session.flush()


def review(session: Session, officer: User, pitch: Pitch, approve: bool, comments: str) -> None:
    """Approve (publish, freezing the summary) or send back to draft with comments."""
    comments = (comments or "").strip()
    if pitch.status != SUBMITTED:
        raise PitchError(_("Proposal ini tidak sedang menunggu tinjauan."))
    if not approve and not comments:
        raise PitchError(_("Tulis komentar untuk kelompok saat mengembalikan proposal."))
    if approve:
        _require_vetted(session, pitch.group)
        frozen = summary.compute(session, pitch.group)
        pitch.snapshot = frozen.to_json()
        pitch.snapshot_at = utcnow()
        pitch.status = PUBLISHED
        pitch.published_at = pitch.snapshot_at
    else:
        pitch.status = DRAFT
    pitch.review_comments = comments
    pitch.reviewed_by = officer.id
    pitch.reviewed_at = utcnow()
    audit.record(
        session,
        actor_id=officer.id,
        action="pitch.publish" if approve else "pitch.return",
        subject_type="pitch",
        subject_id=pitch.id,
        reason=comments,
        details=f"group {pitch.group_id}",
    )


def close(session: Session, pitch: Pitch) -> None:
    """The group closes a published pitch (no new interest)."""
    if pitch.status != PUBLISHED:
        raise PitchError(_("Hanya proposal yang terbit dapat ditutup."))
    pitch.status = CLOSED
    pitch.closed_at = utcnow()
    session.flush()


def group_pitches(session: Session, group_id: int) -> list[Pitch]:
    """A group's pitches, newest first."""
    stmt = select(Pitch).where(Pitch.group_id == group_id).order_by(Pitch.id.desc())
    return list(session.scalars(stmt))


def by_status(session: Session, status: str) -> list[Pitch]:
    """Pitches with a status, oldest first (the officers' review queue)."""
    stmt = select(Pitch).where(Pitch.status == status).order_by(Pitch.submitted_at, Pitch.id)
    return list(session.scalars(stmt))


def published_visible(session: Session) -> list[Pitch]:
    """Published pitches of groups investors may see, newest first."""
    stmt = select(Pitch).where(Pitch.status == PUBLISHED).order_by(Pitch.published_at.desc())
    return [p for p in session.scalars(stmt) if is_visible(session, p.group)]


def frozen_summary(pitch: Pitch) -> summary.Summary | None:
    """The summary frozen at publication."""
    return summary.Summary.from_json(pitch.snapshot) if pitch.snapshot else None


def _pitch_names(session: Session, ids: set[int]) -> dict[int, str]:
    stmt = (
        select(Pitch.id, Pitch.title, ProducerGroup.name)
        .join(ProducerGroup, ProducerGroup.id == Pitch.group_id)
        .where(Pitch.id.in_(ids))
    )
    return {pid: f"“{title}” ({group})" for pid, title, group in session.execute(stmt)}


def _no_details(_details: str) -> str:
    return ""  # `group <id>`: the subject's name already says which group


audit.register_actions(
    {
        "pitch.publish": audit.Action(_l("Proposal diterbitkan"), details=_no_details),
        "pitch.return": audit.Action(_l("Proposal dikembalikan ke kelompok"), details=_no_details),
    }
)
audit.register_subject("pitch", audit.Subject(_l("Proposal investasi"), _pitch_names))
