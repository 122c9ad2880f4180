"""Mentoring plans, goals, sessions and follow-ups: the officers' operations (all flush, never
commit). Plan creation, status changes and a hand-checked goal marked done are audited.
Sessions are what visit notes were: the group's page's visit form records a session here.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.models import User
from marketplace.catalog.images import ImageRejected, ProcessedImage, process_image
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.storage import get_storage
from marketplace.core import audit
from marketplace.core.timeutil import utcnow
from marketplace.investors import interest
from marketplace.investors.summary import wib_today
from marketplace.program import mentoring_states as ms
from marketplace.program.mentoring_models import (
    FollowUp,
    MentoringGoal,
    MentoringPlan,
    MentoringSession,
    SessionPhoto,
)

MAX_PHOTOS = 3
MAX_TARGET = 100_000_000_000  # Rp 100 miliar: anything above is a typing slip
JPEG = "image/jpeg"


class MentoringError(ValueError):
    """A mentoring rule refused the input; the message is shown to the officer (422)."""


audit.register_actions(
    {
        "mentoring.plan_create": audit.Action(_l("Rencana pendampingan dibuat")),
        "mentoring.plan_status": audit.Action(
            _l("Status rencana pendampingan"), values=ms.STATUSES
        ),
        "mentoring.goal_done": audit.Action(_l("Target pendampingan dinyatakan tercapai")),
    }
)


def plan_of(session: Session, group_id: int) -> MentoringPlan | None:
    """The group's plan with its goals (two queries), or None."""
    return session.scalars(
        select(MentoringPlan)
        .where(MentoringPlan.group_id == group_id)
        .options(selectinload(MentoringPlan.goals))
    ).first()


def save_plan(
    session: Session,
    officer: User,
    group: ProducerGroup,
    title: str,
    summary: str,
    start_date: date,
    end_date: date | None,
) -> MentoringPlan:
    """Create the group's plan, or change its title, summary and dates."""
    title = " ".join((title or "").split())
    if not title:
        raise MentoringError(_("Judul rencana wajib diisi."))
    if end_date is not None and end_date < start_date:
        raise MentoringError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    plan = plan_of(session, group.id)
    created = plan is None
    if plan is None:
        plan = MentoringPlan(group_id=group.id, created_by=officer.id, status=ms.ACTIVE)
        session.add(plan)
    plan.title = title[:160]
    plan.summary = (summary or "").strip()
    plan.start_date = start_date
    plan.end_date = end_date
    session.flush()
    if created:
        audit.record(
            session,
            actor_id=officer.id,
            action="mentoring.plan_create",
            subject_type="group",
            subject_id=group.id,
            reason=plan.title,
        )
    return plan


def change_status(session: Session, officer: User, plan: MentoringPlan, to_status: str) -> None:
    """Move the plan along mentoring_states.TRANSITIONS (IllegalTransition otherwise)."""
    if (plan.status, to_status) not in ms.TRANSITIONS:
        raise ms.IllegalTransition(_("Status rencana tidak dapat diubah seperti itu."))
    before = plan.status
    plan.status = to_status
    session.flush()
    audit.record(
        session,
        actor_id=officer.id,
        action="mentoring.plan_status",
        subject_type="group",
        subject_id=plan.group_id,
        details=f"{before} -> {to_status}",
    )


def _require_open(plan: MentoringPlan) -> None:
    if plan.status not in ms.OPEN:
        raise ms.IllegalTransition(_("Rencana ini sudah ditutup. Buka kembali untuk mengubahnya."))


def _check_target(
    kind: str, target: int | None, permit: str | None
) -> tuple[int | None, str | None]:
    if kind == ms.PERMIT:
        if permit not in ms.PERMITS:
            raise MentoringError(_("Pilih izin yang menjadi target."))
        return None, permit
    if kind == ms.MANUAL:
        return None, None
    if target is None or target <= 0:
        raise MentoringError(_("Isi nilai target lebih dari nol."))
    limits = {
        ms.RATING: 500,
        ms.ON_TIME: 100,
        ms.ORDERS: 1_000_000,
        ms.REVENUE_MONTH: MAX_TARGET,
        ms.CERTIFICATES: 10_000,
    }
    if target > limits[kind]:
        raise MentoringError(_("Nilai target terlalu besar."))
    return target, None


def add_goal(
    session: Session,
    plan: MentoringPlan,
    kind: str,
    title: str,
    deadline: date,
    *,
    target: int | None = None,
    permit: str | None = None,
    start_month: date | None = None,
) -> MentoringGoal:
    """Add a goal to an open plan. `target` as stored (rating in hundredths of a star)."""
    _require_open(plan)
    if kind not in ms.GOAL_KINDS:
        raise MentoringError(_("Jenis target tidak dikenal."))
    title = " ".join((title or "").split())[:200]
    if kind == ms.MANUAL and not title:
        raise MentoringError(_("Tulis targetnya."))
    target, permit = _check_target(kind, target, permit)
    start = (start_month or plan.start_date).replace(day=1)
    if deadline < start:
        raise MentoringError(_("Tenggat tidak boleh sebelum bulan mulai."))
    goal = MentoringGoal(
        plan_id=plan.id,
        kind=kind,
        title=title,
        target=target,
        permit=permit,
        start_month=start,
        deadline=deadline,
    )
    plan.goals.append(goal)
    session.flush()
    return goal


def mark_goal_done(session: Session, officer: User, goal: MentoringGoal, note: str) -> bool:
    """An officer checks a hand-checked (`manual`) goal as reached; False if it already was.

    Measured goals are never marked by hand: their progress comes from the data.
    """
    if goal.kind != ms.MANUAL:
        raise ms.IllegalTransition(_("Target ini dihitung dari data, tidak dicentang."))
    _require_open(goal.plan)
    if goal.done_at is not None:
        return False
    goal.done_at = utcnow()
    goal.done_by = officer.id
    goal.done_note = (note or "").strip()
    session.flush()
    audit.record(
        session,
        actor_id=officer.id,
        action="mentoring.goal_done",
        subject_type="group",
        subject_id=goal.plan.group_id,
        reason=goal.done_note,
        details=goal.title,
    )
    return True


def prepare_photos(uploads: Sequence[bytes]) -> list[ProcessedImage]:
    """Check and re-encode photos before anything is stored (raises ImageRejected)."""
    if len(uploads) > MAX_PHOTOS:
        raise ImageRejected(_("Paling banyak %(n)s foto per sesi.", n=MAX_PHOTOS))
    return [process_image(data) for data in uploads]


def record_session(
    session: Session,
    officer: User,
    group: ProducerGroup,
    session_date: date,
    topic: str,
    notes: str,
    *,
    advice: str = "",
    attendees_count: int | None = None,
    attendee_names: str = "",
    goal_ids: Sequence[int] = (),
    images: Sequence[ProcessedImage] = (),
) -> MentoringSession:
    """Keep a mentoring session (or visit), linked to goals of the group's plan."""
    if session_date > wib_today():
        raise MentoringError(_("Tanggal sesi tidak boleh di masa depan."))
    notes = (notes or "").strip()
    if not notes:
        raise MentoringError(_("Tulis catatan sesi."))
    if attendees_count is not None and not 0 <= attendees_count <= 1000:
        raise MentoringError(_("Jumlah peserta tidak masuk akal."))
    goals: list[MentoringGoal] = []
    if goal_ids:
        plan = plan_of(session, group.id)
        by_id = {g.id: g for g in (plan.goals if plan else [])}
        if any(i not in by_id for i in goal_ids):
            raise MentoringError(_("Target yang dipilih bukan milik rencana kelompok ini."))
        goals = [by_id[i] for i in sorted(set(goal_ids))]
    record = MentoringSession(
        group_id=group.id,
        officer_id=officer.id,
        session_date=session_date,
        topic=" ".join((topic or "").split())[:200],
        notes=notes,
        advice=(advice or "").strip(),
        attendees_count=attendees_count,
        attendee_names=(attendee_names or "").strip(),
    )
    record.goals = goals
    session.add(record)
    storage = get_storage("private")
    for image in images:
        key = f"{secrets.token_hex(16)}.jpg"
        storage.save(key, image.large, JPEG)
        record.photos.append(
            SessionPhoto(storage_key=key, content_type=JPEG, size=len(image.large))
        )
    session.flush()
    return record


def sessions_of(
    session: Session, group_id: int, limit: int | None = None
) -> list[MentoringSession]:
    """The group's sessions, newest first, with officer, goals and photos (four queries)."""
    stmt = (
        select(MentoringSession)
        .where(MentoringSession.group_id == group_id)
        .options(
            selectinload(MentoringSession.officer),
            selectinload(MentoringSession.goals),
            selectinload(MentoringSession.photos),
        )
        .order_by(MentoringSession.session_date.desc(), MentoringSession.id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def add_followup(
    session: Session,
    officer: User,
    group: ProducerGroup,
    action: str,
    due_date: date,
    session_id: int | None = None,
) -> FollowUp:
    """An action agreed with the group, optionally arising from one of its sessions."""
    plan = plan_of(session, group.id)
    if plan is None:
        raise MentoringError(_("Buat rencana pendampingan terlebih dahulu."))
    _require_open(plan)
    action = " ".join((action or "").split())
    if not action:
        raise MentoringError(_("Tulis tindak lanjutnya."))
    if session_id is not None:
        found = session.get(MentoringSession, session_id)
        if found is None or found.group_id != group.id:
            raise MentoringError(_("Sesi yang dipilih bukan milik kelompok ini."))
    followup = FollowUp(
        group_id=group.id,
        session_id=session_id,
        action=action[:300],
        due_date=due_date,
        created_by=officer.id,
    )
    session.add(followup)
    session.flush()
    return followup


def complete_followup(session: Session, officer: User, followup: FollowUp) -> bool:
    """Mark a follow-up done; False when it already was (a repeated click changes nothing)."""
    if followup.done_at is not None:
        return False
    followup.done_at = utcnow()
    followup.done_by = officer.id
    session.flush()
    return True


def followups_of(session: Session, group_id: int) -> list[FollowUp]:
    """The group's follow-ups: open ones first by due date, then done ones."""
    stmt = (
        select(FollowUp)
        .where(FollowUp.group_id == group_id)
        .order_by(FollowUp.done_at.is_not(None), FollowUp.due_date, FollowUp.id)
    )
    return list(session.scalars(stmt))


@interest.on_group_officers
def group_officer_ids(session: Session, group_id: int) -> list[int]:
    """Officers who held a session with the group (told to investors' interest threads)."""
    stmt = select(MentoringSession.officer_id).where(MentoringSession.group_id == group_id)
    return sorted(set(session.scalars(stmt)))
