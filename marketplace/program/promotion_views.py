"""Officer pages for a group's way up: its figures and eligibility, tier, vetting, visit notes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.aid_models import AID_KINDS, AID_SOURCES
from marketplace.catalog.models import ProducerGroup
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.investors import charts, pitches, summary
from marketplace.investors import queries as investor_queries
from marketplace.investors.forms import DOCUMENT_LABELS
from marketplace.investors.summary import FIGURES
from marketplace.program import aid, bp, promotion, queries
from marketplace.program.forms import TierForm, VettingForm, VisitNoteForm
from marketplace.program.incentive_forms import AidForm, ReasonForm

officer_only = role_required("officer")


def _group(group_id: int) -> ProducerGroup:
    return db.session.get(ProducerGroup, group_id) or abort(404)


@bp.route("/kelompok/<int:group_id>/program")
@officer_only
def group_program(group_id: int):
    """A group's computed figures, promotion eligibility, vetting, visit notes, documents."""
    group = _group(group_id)
    s = summary.compute(db.session, group)
    revenue_chart, orders_chart = charts.summary_charts(s)
    criteria = promotion.eligibility(db.session, group)
    return render_template(
        "program/group_program.html",
        group=group,
        s=s,
        figures=FIGURES,
        revenue_chart=revenue_chart,
        orders_chart=orders_chart,
        criteria=criteria,
        eligible=promotion.is_eligible(criteria),
        vetting=queries.group_vetting(db.session, group.id),
        notes=promotion.visit_notes(db.session, group.id),
        aid_records=aid.group_aid(db.session, group.id),
        aid_kinds=AID_KINDS,
        aid_sources=AID_SOURCES,
        aid_form=AidForm(formdata=None),
        aid_remove_form=ReasonForm(formdata=None),
        docs=investor_queries.group_documents(db.session, group.id),
        doc_labels=DOCUMENT_LABELS,
        pitches=pitches.group_pitches(db.session, group.id),
        tier_form=TierForm(),
        vetting_form=VettingForm(),
        note_form=VisitNoteForm(),
    )


def _back(group_id: int):
    return redirect(url_for("program.group_program", group_id=group_id))


@bp.route("/kelompok/<int:group_id>/tingkat", methods=["POST"])
@officer_only
def change_tier(group_id: int):
    """Promote to lanjutan or demote to pemula, with a reason."""
    group = _group(group_id)
    form = TierForm()
    if not form.validate_on_submit():
        flash(_("Alasan wajib diisi."), "danger")
        return _back(group_id), 303
    try:
        promotion.change_tier(
            db.session, current_user, group, form.action.data == "promote", form.reason.data
        )
    except promotion.ProgramError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _back(group_id), 303
    db.session.commit()
    flash(_("Tingkat kelompok diperbarui."), "success")
    return _back(group_id)


@bp.route("/kelompok/<int:group_id>/penilaian", methods=["POST"])
@officer_only
def vetting(group_id: int):
    """Mark a lanjutan group as vetted for investors, or revoke it."""
    group = _group(group_id)
    form = VettingForm()
    if not form.validate_on_submit():
        flash(_("Catatan wajib diisi."), "danger")
        return _back(group_id), 303
    try:
        if form.action.data == "vet":
            promotion.vet(db.session, current_user, group, form.notes.data)
        else:
            promotion.revoke(db.session, current_user, group, form.notes.data)
    except promotion.ProgramError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _back(group_id), 303
    db.session.commit()
    flash(_("Penilaian untuk investor diperbarui."), "success")
    return _back(group_id)


@bp.route("/kelompok/<int:group_id>/kunjungan", methods=["POST"])
@officer_only
def add_visit(group_id: int):
    """Keep a visit note."""
    group = _group(group_id)
    form = VisitNoteForm()
    if not form.validate_on_submit():
        flash(_("Isi tanggal dan yang dilihat."), "danger")
        return _back(group_id), 303
    try:
        promotion.add_visit_note(
            db.session,
            current_user,
            group,
            form.visit_date.data,
            form.observations.data,
            form.advice.data or "",
        )
    except promotion.ProgramError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _back(group_id), 303
    db.session.commit()
    flash(_("Catatan kunjungan tersimpan."), "success")
    return _back(group_id)
