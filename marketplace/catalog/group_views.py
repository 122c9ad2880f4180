"""Group pages: register, join, the producer's own group, and the public shop page."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.catalog import bp, groups, hooks, page_cache, queries, skills, work_page
from marketplace.catalog.access import producer_required
from marketplace.catalog.constants import MEMBER_CHAIR
from marketplace.catalog.forms import GroupForm, JoinGroupForm
from marketplace.core.timeutil import wib_today
from marketplace.extensions import db, read_only_request


def _form_status(form) -> int:
    return 422 if form.errors else 200


@bp.route("/kelompok/daftar", methods=["GET", "POST"])
@login_required
def register_group():
    """A buyer registers a TKM group and becomes its chair."""
    if current_user.group_membership is not None:
        return redirect(url_for("catalog.my_group"))
    if current_user.role != "buyer":
        abort(403)
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = groups.register_group(
                db.session, current_user, form.profile_data(), form.sectors.data
            )
        except groups.GroupError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("catalog/group_form.html", form=form, creating=True), 422
        db.session.commit()
        flash(
            _("Kelompok %(name)s terdaftar dan menunggu verifikasi pendamping.", name=group.name),
            "success",
        )
        return redirect(url_for("catalog.my_group"))
    return render_template("catalog/group_form.html", form=form, creating=True), _form_status(form)


@bp.route("/kelompok/gabung", methods=["GET", "POST"])
@login_required
def join_group():
    """Join a group with the code its chair shared."""
    if current_user.group_membership is not None:
        return redirect(url_for("catalog.my_group"))
    if current_user.role != "buyer":
        abort(403)
    form = JoinGroupForm()
    if form.validate_on_submit():
        try:
            group = groups.join_group(db.session, current_user, form.code.data)
        except groups.GroupError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("catalog/join_group.html", form=form), 422
        db.session.commit()
        flash(_("Anda sekarang anggota %(name)s.", name=group.name), "success")
        return redirect(url_for("catalog.my_group"))
    return render_template("catalog/join_group.html", form=form), _form_status(form)


@bp.route("/kelompok/saya")
@producer_required
def my_group():
    """The group's work page, where a producer lands after login: new orders, today's and
    tomorrow's pickups, low stock and the balance (panels of each feature, a fixed number of
    queries), then the group's status, members and join code."""
    return render_template(
        "catalog/my_group.html",
        group=g.group,
        membership=g.membership,
        panels=hooks.work_panels(db.session, g.group),
        members=work_page.members(db.session, g.group.id),
    )


@bp.route("/kelompok/saya/ubah", methods=["GET", "POST"])
@producer_required
def edit_group():
    """Edit the producer's own group profile."""
    group = g.group
    form = GroupForm(obj=group)
    if not form.is_submitted():
        form.sectors.data = group.sectors
    if form.validate_on_submit():
        try:
            groups.update_profile(db.session, group, form.profile_data(), form.sectors.data)
        except groups.GroupError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("catalog/group_form.html", form=form, creating=False), 422
        db.session.commit()
        flash(_("Profil kelompok tersimpan."), "success")
        return redirect(url_for("catalog.my_group"))
    return render_template("catalog/group_form.html", form=form, creating=False), _form_status(form)


@bp.route("/kelompok/saya/kode-baru", methods=["POST"])
@producer_required
def new_join_code():
    """The chair replaces the join code (for example after it was shared too widely)."""
    if g.membership.role != MEMBER_CHAIR:
        abort(403)
    groups.regenerate_join_code(db.session, g.group)
    db.session.commit()
    flash(_("Kode undangan baru dibuat; kode lama tidak berlaku lagi."), "success")
    return redirect(url_for("catalog.my_group"))


@bp.route("/groups/<slug>")
@page_cache.cached_page
def shop(slug: str):
    """A group's public shop page (members also see their unverified group)."""
    read_only_request()
    group = groups.get_by_slug(db.session, slug)
    if group is None:
        abort(404)
    is_member = (
        current_user.is_authenticated
        and current_user.group_membership is not None
        and current_user.group_membership.group_id == group.id
    )
    if (
        not group.is_public
        and not is_member
        and not (current_user.is_authenticated and current_user.is_officer)
    ):
        abort(404)
    products = queries.group_cards(db.session, group.id)
    return render_template(
        "catalog/shop.html",
        group=group,
        is_member=is_member,
        products=products,
        certificates=skills.verified_counts(db.session, group.id, wib_today()),
    )
