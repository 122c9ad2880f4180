"""The group's own view of its mentoring plan (read-only, its members only), the session
photos (the group's members and officers), and the plan's panel on the group's work page."""

from __future__ import annotations

from flask import abort, g, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from marketplace.accounts.models import ROLE_OFFICER
from marketplace.catalog import hooks as catalog_hooks
from marketplace.catalog.access import producer_required
from marketplace.catalog.hooks import WorkPanel
from marketplace.catalog.models import ProducerGroup
from marketplace.extensions import db
from marketplace.investors import documents
from marketplace.program import group_bp, mentoring
from marketplace.program import mentoring_states as ms
from marketplace.program.mentoring_models import SessionPhoto
from marketplace.program.mentoring_progress import goal_progress


@group_bp.route("/kelompok/saya/pendampingan")
@producer_required
def my_mentoring():
    """The group's plan, goals with computed progress, sessions and follow-ups."""
    group = g.group
    plan = mentoring.plan_of(db.session, group.id)
    return render_template(
        "program/mentoring_group.html",
        group=group,
        plan=plan,
        progress=goal_progress(db.session, group, plan.goals) if plan else [],
        sessions=mentoring.sessions_of(db.session, group.id),
        followups=mentoring.followups_of(db.session, group.id),
        statuses=ms.STATUSES,
        kinds=ms.GOAL_KINDS,
        goal_states=ms.GOAL_STATES,
        permits=ms.PERMITS,
    )


@group_bp.route("/pendampingan/foto/<int:mentoring_photo_id>")
@login_required
def session_photo(mentoring_photo_id: int):
    """A session's photo, for officers and the group's own members (others: 404)."""
    photo = db.session.get(SessionPhoto, mentoring_photo_id) or abort(404)
    if current_user.role != ROLE_OFFICER:
        membership = current_user.group_membership
        if membership is None or membership.group_id != photo.session.group_id:
            abort(404)
    return documents.send(photo.storage_key, photo.content_type, f"sesi-{photo.session_id}.jpg")


@catalog_hooks.on_work_page
def mentoring_panel(session: Session, group: ProducerGroup) -> list[WorkPanel]:
    """The work page's mentoring panel: the open plan's goals with progress (≤ 4 queries)."""
    plan = mentoring.plan_of(session, group.id)
    if plan is None or plan.status not in ms.OPEN:
        return []
    progress = goal_progress(session, group, plan.goals)
    return [
        {
            "template": "program/_work_mentoring.html",
            "rank": 50,
            "plan": plan,
            "met": sum(1 for p in progress if p.met),
            "total": len(progress),
        }
    ]
