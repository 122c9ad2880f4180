"""The chair records members' competency certificates with a scan of each.

A new or changed certificate waits for an officer (`skill_states`); the scan is stored
privately and sent only to the chair and officers. The group comes from the login: another
group's certificate is not found (404).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from marketplace.catalog import bp, private_files, skills
from marketplace.catalog.access import chair_required
from marketplace.catalog.images import one_upload_at_a_time
from marketplace.catalog.member_forms import CertificateForm, NewCertificateForm
from marketplace.catalog.member_views import LABELS, member_or_404
from marketplace.catalog.skill_states import IllegalTransition
from marketplace.extensions import db

FORM = "catalog/members/certificate_form.html"


def _certificate_or_404(cert_id: int):
    cert = skills.own_certificate(db.session, g.group.id, cert_id)
    if cert is None:
        abort(404)
    return cert


def _scan(form) -> private_files.CheckedFile | None:
    """The form's checked scan (None when none was sent); a refusal lands on the field."""
    upload = form.scan.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        return private_files.check_upload(upload.read(), upload.filename or "")
    except private_files.DocumentRejected as exc:
        form.scan.errors = [*form.scan.errors, str(exc)]
        return None


def _page(form, member, cert=None, status: int = 200):
    return render_template(
        FORM,
        form=form,
        member=member,
        cert=cert,
        labels=LABELS,
        schemes=skills.COMMON_SCHEMES,
    ), status


@bp.route("/kelompok/saya/anggota/<int:member_id>/sertifikat", methods=["GET", "POST"])
@one_upload_at_a_time
@chair_required
def new_certificate(member_id: int):
    """Record a member's certificate with its scan."""
    member = member_or_404(member_id)
    form = NewCertificateForm()
    if form.validate_on_submit():
        scan = _scan(form)
        if scan is not None:
            try:
                skills.add_certificate(db.session, member, form.certificate_data(), scan)
            except skills.CertificateError as exc:
                db.session.rollback()
                flash(str(exc), "danger")
                return _page(form, member_or_404(member_id), status=422)
            db.session.commit()
            flash(_("Sertifikat tersimpan dan menunggu verifikasi pendamping."), "success")
            return redirect(url_for("catalog.member_detail", member_id=member.id))
    return _page(form, member, status=422 if form.errors else 200)


@bp.route("/kelompok/saya/sertifikat/<int:certificate_id>", methods=["GET", "POST"])
@one_upload_at_a_time
@chair_required
def edit_certificate(certificate_id: int):
    """Change a certificate or replace its scan; a checked one goes back to the officer."""
    cert = _certificate_or_404(certificate_id)
    form = CertificateForm(obj=cert)
    if form.validate_on_submit():
        scan = _scan(form)
        if not form.scan.errors:
            try:
                old_key = skills.update_certificate(db.session, cert, form.certificate_data(), scan)
            except skills.CertificateError as exc:
                db.session.rollback()
                flash(str(exc), "danger")
                cert = _certificate_or_404(certificate_id)
                return _page(form, cert.member, cert, 422)
            except IllegalTransition as exc:
                db.session.rollback()
                abort(409, description=str(exc))
            db.session.commit()
            if old_key:
                private_files.remove(old_key)
            flash(_("Perubahan sertifikat tersimpan."), "success")
            return redirect(url_for("catalog.member_detail", member_id=cert.member_id))
    return _page(form, cert.member, cert, 422 if form.errors else 200)


@bp.route("/kelompok/saya/sertifikat/<int:certificate_id>/hapus", methods=["POST"])
@chair_required
def delete_certificate(certificate_id: int):
    """Delete a certificate and its scan."""
    cert = _certificate_or_404(certificate_id)
    member_id = cert.member_id
    key = skills.delete_certificate(db.session, cert)
    db.session.commit()
    private_files.remove(key)
    flash(_("Sertifikat dihapus."), "success")
    return redirect(url_for("catalog.member_detail", member_id=member_id))


@bp.route("/kelompok/saya/sertifikat/<int:certificate_id>/berkas")
@chair_required
def certificate_scan(certificate_id: int):
    """The certificate's scan, for the group's chair."""
    cert = _certificate_or_404(certificate_id)
    return private_files.send(cert.storage_key, cert.content_type, cert.original_name)
