"""Officer pages for pitches: the review queue, and approving or sending back one pitch."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core import audit
from marketplace.core.security import role_required
from marketplace.extensions import db
from marketplace.investors import documents, interest, pitches
from marketplace.investors.pitch_models import SUBMITTED, Pitch, PitchAttachment
from marketplace.investors.summary import FIGURES
from marketplace.program import bp, queries
from marketplace.program.forms import PitchReviewForm

officer_only = role_required("officer")


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
    history = audit.entries(db.session, subject_type="pitch", subject_id=pitch.id)
    return render_template(
        "program/pitch_review.html",
        pitch=pitch,
        form=form,
        frozen=pitches.frozen_summary(pitch),
        figures=FIGURES,
        interests=interest.for_pitch(db.session, pitch.id),
        history=history,
        actors=queries.audit_actors(db.session, history),
    )


@bp.route("/proposal/<int:pitch_id>/lampiran/<int:attachment_id>")
@officer_only
def pitch_attachment(pitch_id: int, attachment_id: int):
    """Download an attachment of any pitch, as the officer reviewing it."""
    item = db.session.get(PitchAttachment, attachment_id)
    if item is None or item.pitch_id != pitch_id:
        abort(404)
    return documents.send(item.storage_key, item.content_type, item.original_name)
