"""Officer pages for decisions: dashboard, group verification queue and decisions, investor
approval, and the audit log of every decision."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts import services as account_services
from marketplace.accounts.models import User
from marketplace.catalog import groups, skill_states, skills
from marketplace.catalog.constants import GROUP_STATUSES, STATUS_UNVERIFIED
from marketplace.catalog.models import ProducerGroup
from marketplace.core import audit
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.procurement import po_services, tax_profile
from marketplace.program import bp, decisions, queries
from marketplace.program.forms import GroupDecisionForm, InvestorDecisionForm

officer_only = role_required("officer")


@bp.route("/")
@officer_only
def dashboard():
    """The officer's overview: queues and counts."""
    return render_template(
        "program/dashboard.html",
        counts=groups.count_by_status(db.session),
        statuses=GROUP_STATUSES,
        pending_groups=groups.groups_by_status(db.session, STATUS_UNVERIFIED),
        pending_investors=account_services.pending_investors(db.session),
    )


@bp.route("/kelompok")
@officer_only
def group_list():
    """Groups filtered by status (the verification queue by default)."""
    status = request.args.get("status", STATUS_UNVERIFIED)
    if status not in GROUP_STATUSES:
        abort(404)
    return render_template(
        "program/groups.html",
        groups=groups.groups_by_status(db.session, status),
        status=status,
        statuses=GROUP_STATUSES,
    )


@bp.route("/kelompok/<int:group_id>", methods=["GET", "POST"])
@officer_only
def group_detail(group_id: int):
    """One group's profile, its decisions so far, and the decision form."""
    group = db.session.get(ProducerGroup, group_id) or abort(404)
    form = GroupDecisionForm()
    if form.validate_on_submit():
        try:
            decisions.decide_group(
                db.session, current_user, group, form.action.data, form.reason.data or ""
            )
        except groups.GroupError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for("program.group_detail", group_id=group_id)), 303
        db.session.commit()
        flash(_("Keputusan untuk %(name)s tersimpan.", name=group.name), "success")
        return redirect(url_for("program.group_detail", group_id=group_id))
    if form.errors:
        flash(_("Tindakan tidak valid."), "danger")
    history = audit.entries(db.session, subject_type="group", subject_id=group.id)
    return render_template(
        "program/group_detail.html",
        group=group,
        form=form,
        history=history,
        actors=queries.audit_actors(db.session, history),
        statuses=GROUP_STATUSES,
        tax_profile=tax_profile.profile_of(db.session, group.id),
        ppn_percent=po_services.PPN_PERCENT,
        certs=skills.group_certificates(db.session, group.id),
        cert_statuses=skill_states.STATUSES,
    ), (400 if form.errors else 200)


@bp.route("/investor", methods=["GET"])
@officer_only
def investors():
    """Investor accounts waiting for approval."""
    return render_template(
        "program/investors.html",
        investors=account_services.pending_investors(db.session),
        form=InvestorDecisionForm(),
    )


@bp.route("/investor/<int:user_id>", methods=["POST"])
@officer_only
def decide_investor(user_id: int):
    """Approve or reject one investor account."""
    investor = db.session.get(User, user_id)
    if investor is None or investor.role != "investor":
        abort(404)
    form = InvestorDecisionForm()
    if not form.validate_on_submit():
        flash(_("Tindakan tidak valid."), "danger")
        return redirect(url_for("program.investors")), 303
    decisions.decide_investor(
        db.session, current_user, investor, form.action.data == "approve", form.reason.data or ""
    )
    db.session.commit()
    flash(_("Keputusan untuk investor %(name)s tersimpan.", name=investor.name), "success")
    return redirect(url_for("program.investors"))


@bp.route("/audit")
@officer_only
def audit_log():
    """Every recorded decision: who, when, what, why."""
    rows = audit.entries(db.session, limit=500)
    return render_template(
        "program/audit.html",
        rows=rows,
        actors=queries.audit_actors(db.session, rows),
        names=audit.subject_names(db.session, rows),
    )
