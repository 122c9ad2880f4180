"""Officer pages of a group's mentoring plan: the plan, goals with progress computed from
sales, sessions with photos, follow-ups. Bad input re-renders the page with 422; a move the
plan's lifecycle forbids answers 409."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.images import ImageRejected, one_upload_at_a_time
from marketplace.catalog.models import ProducerGroup
from marketplace.core.security import role_required
from marketplace.core.timeutil import wib_today
from marketplace.extensions import db
from marketplace.program import bp, mentoring
from marketplace.program import mentoring_forms as forms
from marketplace.program import mentoring_states as ms
from marketplace.program.mentoring_models import FollowUp, MentoringGoal
from marketplace.program.mentoring_progress import goal_progress

officer_only = role_required("officer")


def _group(group_id: int) -> ProducerGroup:
    return db.session.get(ProducerGroup, group_id) or abort(404)


def _session_form(plan, blank: bool = False) -> forms.SessionForm:
    """The session form with the plan's goals as choices (`blank`: not read from the request)."""
    form = forms.SessionForm(**({"formdata": None} if blank else {}))
    form.goals.choices = [
        (g.id, g.title or str(ms.GOAL_KINDS[g.kind])) for g in (plan.goals if plan else [])
    ]
    return form


def _followup_form(sessions, blank: bool = False) -> forms.FollowUpForm:
    """The follow-up form with the group's sessions as choices."""
    form = forms.FollowUpForm(**({"formdata": None} if blank else {}))
    form.session_id.choices = [(0, "—")] + [
        (s.id, f"{s.session_date.isoformat()} {s.topic}".strip()) for s in sessions
    ]
    return form


def _page(group: ProducerGroup, status: int = 200, **given):
    """The plan page; `given` replaces a blank form with the one that failed."""
    plan = mentoring.plan_of(db.session, group.id)
    sessions = mentoring.sessions_of(db.session, group.id)
    plan_form = given.pop("plan_form", None) or forms.PlanForm(formdata=None, obj=plan)
    if plan is None and not plan_form.start_date.data:
        plan_form.start_date.data = wib_today()
    return (
        render_template(
            "program/mentoring_plan.html",
            group=group,
            plan=plan,
            progress=goal_progress(db.session, group, plan.goals) if plan else [],
            sessions=sessions,
            followups=mentoring.followups_of(db.session, group.id),
            moves=ms.next_for(plan.status) if plan else [],
            is_open=plan is not None and plan.status in ms.OPEN,
            plan_form=plan_form,
            goal_form=given.pop("goal_form", None) or forms.GoalForm(formdata=None),
            session_form=given.pop("session_form", None) or _session_form(plan, blank=True),
            followup_form=given.pop("followup_form", None) or _followup_form(sessions, blank=True),
            done_form=forms.DoneForm(formdata=None),
            max_photos=mentoring.MAX_PHOTOS,
            statuses=ms.STATUSES,
            kinds=ms.GOAL_KINDS,
            goal_states=ms.GOAL_STATES,
            permits=ms.PERMITS,
            today=wib_today(),
        ),
        status,
    )


def _back(group_id: int, anchor: str = ""):
    url = url_for("program.mentoring_plan", group_id=group_id)
    return redirect(f"{url}#{anchor}" if anchor else url, 303)


def _refused(group: ProducerGroup, exc: Exception, **given):
    db.session.rollback()
    flash(str(exc), "danger")
    return _page(group, 422, **given)


@bp.route("/kelompok/<int:group_id>/pendampingan", methods=["GET", "POST"])
@officer_only
def mentoring_plan(group_id: int):
    """The group's mentoring plan; POST creates it or changes its title, summary and dates."""
    group = _group(group_id)
    if request.method == "GET":
        return _page(group)
    form = forms.PlanForm()
    if not form.validate_on_submit():
        return _page(group, 422, plan_form=form)
    try:
        mentoring.save_plan(
            db.session,
            current_user,
            group,
            form.title.data,
            form.summary.data or "",
            form.start_date.data,
            form.end_date.data,
        )
    except mentoring.MentoringError as exc:
        return _refused(group, exc, plan_form=form)
    db.session.commit()
    flash(_("Rencana pendampingan tersimpan."), "success")
    return _back(group.id)


@bp.route("/kelompok/<int:group_id>/pendampingan/status", methods=["POST"])
@officer_only
def mentoring_status(group_id: int):
    """Pause, resume, complete, cancel or reopen the plan (audited)."""
    group = _group(group_id)
    plan = mentoring.plan_of(db.session, group.id) or abort(404)
    form = forms.StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        mentoring.change_status(db.session, current_user, plan, form.status.data)
    except ms.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Status rencana diperbarui."), "success")
    return _back(group.id)


@bp.route("/kelompok/<int:group_id>/pendampingan/target", methods=["POST"])
@officer_only
def mentoring_goal(group_id: int):
    """Add a goal with its target and deadline."""
    group = _group(group_id)
    plan = mentoring.plan_of(db.session, group.id) or abort(404)
    form = forms.GoalForm()
    if not form.validate_on_submit():
        return _page(group, 422, goal_form=form)
    try:
        mentoring.add_goal(
            db.session,
            plan,
            form.kind.data,
            form.title.data or "",
            form.deadline.data,
            target=form.parsed_target,
            permit=form.permit.data or None,
            start_month=form.start_month.data,
        )
    except mentoring.MentoringError as exc:
        return _refused(group, exc, goal_form=form)
    except ms.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Target ditambahkan."), "success")
    return _back(group.id, "goals")


@bp.route("/pendampingan/target/<int:goal_id>/tercapai", methods=["POST"])
@officer_only
def mentoring_goal_done(goal_id: int):
    """Check a hand-checked goal as reached (audited); measured goals refuse (409)."""
    goal = db.session.get(MentoringGoal, goal_id) or abort(404)
    form = forms.GoalDoneForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        mentoring.mark_goal_done(db.session, current_user, goal, form.note.data or "")
    except ms.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Target ditandai tercapai."), "success")
    return _back(goal.plan.group_id, "goals")


@bp.route("/kelompok/<int:group_id>/pendampingan/sesi", methods=["POST"])
@one_upload_at_a_time
@officer_only
def mentoring_session(group_id: int):
    """Record a session: date, topic, attendees, notes, linked goals, up to three photos."""
    group = _group(group_id)
    plan = mentoring.plan_of(db.session, group.id)
    form = _session_form(plan)
    if not form.validate_on_submit():
        return _page(group, 422, session_form=form)
    try:
        uploads = [f.read() for f in request.files.getlist("photos") if f and f.filename]
        images = mentoring.prepare_photos(uploads)
        mentoring.record_session(
            db.session,
            current_user,
            group,
            form.session_date.data,
            form.topic.data,
            form.notes.data,
            advice=form.advice.data or "",
            attendees_count=form.attendees_count.data,
            attendee_names=form.attendee_names.data or "",
            goal_ids=form.goals.data or [],
            images=images,
        )
    except (mentoring.MentoringError, ImageRejected) as exc:
        return _refused(group, exc, session_form=form)
    db.session.commit()
    flash(_("Sesi pendampingan tersimpan."), "success")
    return _back(group.id, "sessions")


@bp.route("/kelompok/<int:group_id>/pendampingan/tindak-lanjut", methods=["POST"])
@officer_only
def mentoring_followup(group_id: int):
    """Add a follow-up with its due date, optionally from a session."""
    group = _group(group_id)
    form = _followup_form(mentoring.sessions_of(db.session, group.id))
    if not form.validate_on_submit():
        return _page(group, 422, followup_form=form)
    try:
        mentoring.add_followup(
            db.session,
            current_user,
            group,
            form.action.data,
            form.due_date.data,
            form.session_id.data or None,
        )
    except mentoring.MentoringError as exc:
        return _refused(group, exc, followup_form=form)
    except ms.IllegalTransition as exc:
        db.session.rollback()
        abort(409, description=str(exc))
    db.session.commit()
    flash(_("Tindak lanjut ditambahkan."), "success")
    return _back(group.id, "followups")


@bp.route("/pendampingan/tindak-lanjut/<int:followup_id>/selesai", methods=["POST"])
@officer_only
def mentoring_followup_done(followup_id: int):
    """Mark a follow-up done (a second click changes nothing)."""
    followup = db.session.get(FollowUp, followup_id) or abort(404)
    if not forms.DoneForm().validate_on_submit():
        abort(400)
    mentoring.complete_followup(db.session, current_user, followup)
    db.session.commit()
    return _back(followup.group_id, "followups")
