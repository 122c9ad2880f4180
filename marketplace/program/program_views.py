"""Officer pages for the program: eligibility and tier, vetting, visits, pitches, impact."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.models import ProducerGroup
from marketplace.core import ttl_cache
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.investors import pitches, summary
from marketplace.investors.forms import DOCUMENT_LABELS
from marketplace.investors.models import GroupDocument, GroupVetting
from marketplace.investors.pitch_models import SUBMITTED, Pitch
from marketplace.investors.summary import FIGURES
from marketplace.investors.views import summary_charts
from marketplace.program import bp, impact, promotion
from marketplace.program.forms import PitchReviewForm, TierForm, VettingForm, VisitNoteForm

officer_only = role_required("officer")


def _group(group_id: int) -> ProducerGroup:
    return db.session.get(ProducerGroup, group_id) or abort(404)


@bp.route("/kelompok/<int:group_id>/program")
@officer_only
def group_program(group_id: int):
    """A group's computed figures, promotion eligibility, vetting, visit notes, documents."""
    group = _group(group_id)
    s = summary.compute(db.session, group)
    revenue_chart, orders_chart = summary_charts(s)
    criteria = promotion.eligibility(db.session, group)
    docs = db.session.query(GroupDocument).filter_by(group_id=group.id)
    return render_template(
        "program/group_program.html",
        group=group,
        s=s,
        figures=FIGURES,
        revenue_chart=revenue_chart,
        orders_chart=orders_chart,
        criteria=criteria,
        eligible=promotion.is_eligible(criteria),
        vetting=db.session.get(GroupVetting, group.id),
        notes=promotion.visit_notes(db.session, group.id),
        docs=docs.order_by(GroupDocument.id.desc()).all(),
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


@bp.route("/proposal")
@officer_only
def pitch_queue():
    """Pitches waiting for review."""
    return render_template(
        "program/pitch_queue.html",
        waiting=pitches.by_status(db.session, SUBMITTED),
        published=pitches.by_status(db.session, "published"),
    )


@bp.route("/proposal/<int:pitch_id>", methods=["GET", "POST"])
@officer_only
def pitch_review(pitch_id: int):
    """Review a pitch: approve (publish) or send back with comments."""
    pitch = db.session.get(Pitch, pitch_id) or abort(404)
    form = PitchReviewForm()
    if form.validate_on_submit():
        try:
            pitches.review(
                db.session, current_user, pitch, form.action.data == "approve", form.comments.data
            )
        except pitches.PitchError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for("program.pitch_review", pitch_id=pitch.id)), 303
        db.session.commit()
        flash(_("Tinjauan tersimpan."), "success")
        return redirect(url_for("program.pitch_review", pitch_id=pitch.id))
    from marketplace.investors import interest

    return render_template(
        "program/pitch_review.html",
        pitch=pitch,
        form=form,
        frozen=pitches.frozen_summary(pitch),
        figures=FIGURES,
        interests=[
            i for i in interest.for_group(db.session, pitch.group_id) if i.pitch_id == pitch.id
        ],
    )


@bp.route("/dampak")
@officer_only
def impact_dashboard():
    """The program's impact: groups, members, revenue, promotions, candidate best groups."""
    return render_template(
        "program/impact.html",
        tables=_impact_tables(),
        members=impact.total_members(db.session),
    )


def _impact_tables():
    """The dashboard's tables, kept SUMMARY_CACHE_SECONDS per process and language."""
    key = ("impact", str(get_locale()), summary.wib_today())
    return ttl_cache.cached(key, lambda: impact.tables(db.session))


@bp.route("/dampak/<key>.csv")
@officer_only
def impact_csv(key: str):
    """One impact table as CSV."""
    table = next((t for t in _impact_tables() if t.key == key), None)
    if table is None:
        abort(404)
    return Response(
        "\ufeff" + impact.to_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="dampak-{key}.csv"'},
    )
