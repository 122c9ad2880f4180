"""The chair records the group's members: profiles and the training they took.

The group always comes from the chair's login (`g.group`): another group's member or training
is not found (404). Certificates have their own views (`certificate_views.py`).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from marketplace.catalog import bp, members, private_files, skill_states
from marketplace.catalog.access import chair_required
from marketplace.catalog.member_forms import MemberForm, TrainingForm
from marketplace.catalog.member_models import AGE_BANDS, GENDERS, MEMBER_ROLES
from marketplace.extensions import db

BASE = "/kelompok/saya/anggota"
LABELS = {
    "roles": MEMBER_ROLES,
    "ages": AGE_BANDS,
    "genders": GENDERS,
    "statuses": skill_states.STATUSES,
}


def member_or_404(member_id: int):
    member = members.own_member(db.session, g.group.id, member_id)
    if member is None:
        abort(404)
    return member


@bp.route(BASE)
@chair_required
def member_list():
    """The group's members with their trainings and certificates."""
    return render_template(
        "catalog/members/list.html",
        group=g.group,
        members=members.group_members(db.session, g.group.id),
        labels=LABELS,
    )


@bp.route(f"{BASE}/baru", methods=["GET", "POST"])
@chair_required
def new_member():
    """Add a member's profile."""
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = members.add_member(db.session, g.group, form.profile_data())
        except members.MemberError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("catalog/members/member_form.html", form=form), 422
        db.session.commit()
        flash(_("Anggota %(name)s tersimpan.", name=member.name), "success")
        return redirect(url_for("catalog.member_detail", member_id=member.id))
    status = 422 if form.errors else 200
    return render_template("catalog/members/member_form.html", form=form), status


def _detail_page(member, form, training_form, status: int = 200):
    return render_template(
        "catalog/members/member.html",
        member=member,
        form=form,
        training_form=training_form,
        labels=LABELS,
    ), status


@bp.route(f"{BASE}/<int:member_id>", methods=["GET", "POST"])
@chair_required
def member_detail(member_id: int):
    """A member's profile (editable), trainings and certificates."""
    member = member_or_404(member_id)
    form = MemberForm(obj=member)
    if form.validate_on_submit():
        try:
            members.update_member(db.session, member, form.profile_data())
        except members.MemberError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _detail_page(member_or_404(member_id), form, TrainingForm(formdata=None), 422)
        db.session.commit()
        flash(_("Profil anggota tersimpan."), "success")
        return redirect(url_for("catalog.member_detail", member_id=member.id))
    status = 422 if form.errors else 200
    return _detail_page(member, form, TrainingForm(formdata=None), status)


@bp.route(f"{BASE}/<int:member_id>/hapus", methods=["POST"])
@chair_required
def delete_member(member_id: int):
    """Delete a member's profile with their trainings and certificates."""
    member = member_or_404(member_id)
    name = member.name
    keys = members.delete_member(db.session, member)
    db.session.commit()
    for key in keys:
        private_files.remove(key)
    flash(_("Data anggota %(name)s dihapus.", name=name), "success")
    return redirect(url_for("catalog.member_list"))


@bp.route(f"{BASE}/<int:member_id>/pelatihan", methods=["POST"])
@chair_required
def add_training(member_id: int):
    """Record a training the member took."""
    member = member_or_404(member_id)
    training_form = TrainingForm()
    if training_form.validate_on_submit():
        try:
            members.add_training(db.session, member, training_form.training_data())
        except members.MemberError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("Pelatihan tersimpan."), "success")
            return redirect(url_for("catalog.member_detail", member_id=member.id))
    member = member_or_404(member_id)
    return _detail_page(member, MemberForm(obj=member, formdata=None), training_form, 422)


@bp.route("/kelompok/saya/pelatihan/<int:training_id>/hapus", methods=["POST"])
@chair_required
def delete_training(training_id: int):
    """Delete a training record."""
    training = members.own_training(db.session, g.group.id, training_id)
    if training is None:
        abort(404)
    member_id = training.member_id
    members.delete_training(db.session, training)
    db.session.commit()
    flash(_("Pelatihan dihapus."), "success")
    return redirect(url_for("catalog.member_detail", member_id=member_id))
