"""Producer pages: the group's documents, its pitches and investors' interest."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalog.access import producer_required
from marketplace.catalog.images import one_upload_at_a_time
from marketplace.extensions import db
from marketplace.investors import bp, documents, interest, pitches, queries
from marketplace.investors.access import is_visible
from marketplace.investors.forms import (
    DOCUMENT_LABELS,
    AttachmentForm,
    DocumentForm,
    InterestStatusForm,
    PitchForm,
    ReplyForm,
)
from marketplace.investors.models import GroupDocument
from marketplace.investors.pitch_models import DRAFT, Interest, Pitch, PitchAttachment

BASE = "/produsen/investasi"


@bp.route(f"{BASE}/dokumen", methods=["GET", "POST"])
@one_upload_at_a_time
@producer_required
def group_documents():
    """List and upload the group's documents (seen only by members and officers)."""
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            checked = documents.check_upload(upload.read(), upload.filename or "")
        except documents.DocumentRejected as exc:
            form.file.errors.append(str(exc))
        else:
            documents.add_group_document(
                db.session, g.group.id, form.kind.data, checked, current_user.id
            )
            db.session.commit()
            flash(_("Dokumen tersimpan."), "success")
            return redirect(url_for("investors.group_documents"))
    return render_template(
        "investors/documents.html",
        form=form,
        docs=queries.group_documents(db.session, g.group.id),
        labels=DOCUMENT_LABELS,
    ), (422 if form.errors else 200)


@bp.route("/dokumen/<int:doc_id>")
def document_file(doc_id: int):
    """A group document, for the group's members and officers only."""
    if not current_user.is_authenticated:
        abort(404)
    doc = db.session.get(GroupDocument, doc_id) or abort(404)
    membership = current_user.group_membership
    if not current_user.is_officer and (membership is None or membership.group_id != doc.group_id):
        abort(404)
    return documents.send(doc.storage_key, doc.content_type, doc.original_name)


@bp.route(f"{BASE}/dokumen/<int:doc_id>/hapus", methods=["POST"])
@producer_required
def delete_document(doc_id: int):
    """Remove one of the group's documents."""
    doc = db.session.get(GroupDocument, doc_id)
    if doc is None or doc.group_id != g.group.id:
        abort(404)
    key = documents.delete_group_document(db.session, doc)
    db.session.commit()
    documents.remove(key)
    flash(_("Dokumen dihapus."), "success")
    return redirect(url_for("investors.group_documents"))


@bp.route(f"{BASE}/proposal")
@producer_required
def my_pitches():
    """The group's pitches and whether it may write one."""
    return render_template(
        "investors/my_pitches.html",
        pitches=pitches.group_pitches(db.session, g.group.id),
        can_pitch=is_visible(db.session, g.group),
    )


def _own_pitch(pitch_id: int) -> Pitch:
    pitch = db.session.get(Pitch, pitch_id)
    if pitch is None or pitch.group_id != g.group.id:
        abort(404)
    return pitch


@bp.route(f"{BASE}/proposal/baru", methods=["GET", "POST"])
@bp.route(f"{BASE}/proposal/<int:pitch_id>/ubah", methods=["GET", "POST"])
@producer_required
def edit_pitch(pitch_id: int | None = None):
    """Write or edit a draft pitch, with its use of funds."""
    pitch = _own_pitch(pitch_id) if pitch_id else None
    if pitch is not None and pitch.status != DRAFT:
        return redirect(url_for("investors.my_pitch", pitch_id=pitch.id))
    form = PitchForm(obj=pitch)
    if pitch is not None and not form.is_submitted():
        for entry, line in zip(form.lines.entries, pitch.lines, strict=False):
            entry.form.description.data, entry.form.amount.data = line.description, line.amount
    if form.validate_on_submit():
        try:
            pitch = pitches.save_draft(
                db.session, g.group, current_user, form.data_dict(), form.fund_lines(), pitch
            )
        except pitches.PitchError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("investors/pitch_form.html", form=form, pitch=pitch), 422
        db.session.commit()
        flash(_("Draf proposal tersimpan."), "success")
        return redirect(url_for("investors.my_pitch", pitch_id=pitch.id))
    return render_template("investors/pitch_form.html", form=form, pitch=pitch), (
        422 if form.errors else 200
    )


@bp.route(f"{BASE}/proposal/<int:pitch_id>", methods=["GET", "POST"])
@one_upload_at_a_time
@producer_required
def my_pitch(pitch_id: int):
    """One of the group's pitches: status, comments, attachments, actions."""
    pitch = _own_pitch(pitch_id)
    form = AttachmentForm()
    if form.validate_on_submit() and pitch.status == DRAFT:
        upload = form.file.data
        try:
            checked = documents.check_upload(upload.read(), upload.filename or "")
        except documents.DocumentRejected as exc:
            form.file.errors.append(str(exc))
        else:
            documents.add_pitch_attachment(db.session, pitch, checked)
            db.session.commit()
            flash(_("Lampiran tersimpan."), "success")
            return redirect(url_for("investors.my_pitch", pitch_id=pitch.id))
    return render_template("investors/my_pitch.html", pitch=pitch, form=form), (
        422 if form.errors else 200
    )


@bp.route(f"{BASE}/proposal/<int:pitch_id>/lampiran/<int:attachment_id>")
@producer_required
def my_pitch_attachment(pitch_id: int, attachment_id: int):
    """Download one of the group's own pitch attachments."""
    pitch = _own_pitch(pitch_id)
    item = db.session.get(PitchAttachment, attachment_id)
    if item is None or item.pitch_id != pitch.id:
        abort(404)
    return documents.send(item.storage_key, item.content_type, item.original_name)


@bp.route(f"{BASE}/proposal/<int:pitch_id>/<action>", methods=["POST"])
@producer_required
def pitch_action(pitch_id: int, action: str):
    """Submit a draft for review, or close a published pitch."""
    pitch = _own_pitch(pitch_id)
    try:
        if action == "kirim":
            pitches.submit(db.session, pitch)
            message = _("Proposal dikirim ke pendamping untuk ditinjau.")
        elif action == "tutup":
            pitches.close(db.session, pitch)
            message = _("Proposal ditutup.")
        else:
            abort(404)
    except pitches.PitchError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("investors.my_pitch", pitch_id=pitch.id)), 303
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("investors.my_pitch", pitch_id=pitch.id))


@bp.route(f"{BASE}/minat")
@producer_required
def group_interests():
    """Investors' interest in the group's pitches."""
    return render_template(
        "investors/group_interests.html", items=interest.for_group(db.session, g.group.id)
    )


@bp.route(f"{BASE}/minat/<int:interest_id>", methods=["GET", "POST"])
@producer_required
def group_thread(interest_id: int):
    """Reply to an investor and set the conversation's status."""
    item = db.session.get(Interest, interest_id)
    if item is None or item.pitch.group_id != g.group.id:
        abort(404)
    form = ReplyForm()
    status_form = InterestStatusForm(obj=item)
    if form.validate_on_submit():
        try:
            interest.reply(db.session, item, current_user, form.body.data, from_group=True)
        except interest.InterestError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("Balasan terkirim ke investor."), "success")
            return redirect(url_for("investors.group_thread", interest_id=item.id))
    return render_template(
        "investors/thread.html", item=item, form=form, status_form=status_form, side="group"
    )


@bp.route(f"{BASE}/minat/<int:interest_id>/status", methods=["POST"])
@producer_required
def interest_status(interest_id: int):
    """Move an interest to new, in discussion or closed."""
    item = db.session.get(Interest, interest_id)
    if item is None or item.pitch.group_id != g.group.id:
        abort(404)
    form = InterestStatusForm()
    if form.validate_on_submit():
        interest.set_status(db.session, item, form.status.data)
        db.session.commit()
        flash(_("Status diperbarui."), "success")
    return redirect(url_for("investors.group_thread", interest_id=item.id))
