"""Deliveries and the BAST: the group dispatches (`/pengadaan/kelompok/pengiriman/<id>`), the
company's staff receive and sign (`/pengadaan/pengiriman/<id>`), both download the BAST PDF
and its photos. Another group's or company's delivery is not found (404)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.catalog import hooks as catalog_hooks
from marketplace.catalog.access import producer_required
from marketplace.catalog.images import ImageRejected, one_upload_at_a_time
from marketplace.core import pdf
from marketplace.extensions import db
from marketplace.investors import documents
from marketplace.orders.template_helpers import window_label
from marketplace.procurement import b2b_revenue as _b2b_revenue  # noqa: F401 (listener)
from marketplace.procurement import bast as bast_service
from marketplace.procurement import bp, deliveries, delivery_forms, states
from marketplace.procurement.po_models import BastPhoto

catalog_hooks.on_work_page(deliveries.work_panels)  # today's and tomorrow's deliveries


def _page(template: str, delivery, form, status: int = 200, **extra):
    return render_template(
        template,
        delivery=delivery,
        po=delivery.po,
        form=form,
        window=window_label(delivery.window),
        status_label=states.label("delivery", delivery.status),
        po_status_label=states.label("po", delivery.po.status),
        bast=delivery.bast,
        **extra,
    ), status


@bp.route("/kelompok/pengiriman/<int:delivery_id>", methods=["GET", "POST"])
@producer_required
def group_delivery(delivery_id: int):
    """The group's planned delivery: what to bring where and when; record what it sends."""
    delivery = deliveries.group_delivery(db.session, g.group.id, delivery_id)
    if delivery is None:
        abort(404)
    room = deliveries.outstanding(db.session, delivery.po, exclude_id=delivery.id)
    form = delivery_forms.dispatch_form(delivery, room)
    template = "procurement/delivery_group.html"
    if request.method == "POST":
        try:
            deliveries.check_dispatchable(delivery)
            if not form.validate_on_submit():
                return _page(template, delivery, form, 422, room=room)
            deliveries.dispatch(db.session, delivery, delivery_forms.quantities(form, delivery))
        except deliveries.DeliveryError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _page(template, delivery, form, 422, room=room)
        except states.IllegalTransition as exc:
            db.session.rollback()
            abort(409, description=str(exc))
        db.session.commit()
        flash(_("Pengiriman ditandai dikirim. Perusahaan akan menandatangani BAST."), "success")
        return redirect(url_for("procurement.group_delivery", delivery_id=delivery.id), 303)
    return _page(template, delivery, form, room=room)


@bp.route("/pengiriman/<int:delivery_id>", methods=["GET", "POST"])
@one_upload_at_a_time
@login_required
def receive_delivery(delivery_id: int):
    """The company's staff check a dispatched delivery line by line and sign the BAST."""
    delivery = deliveries.company_delivery(db.session, current_user, delivery_id)
    form = delivery_forms.receive_form(delivery)
    template = "procurement/delivery_receive.html"
    if request.method == "POST":
        existing = bast_service.bast_of(db.session, delivery.id)
        if existing is not None:  # a second submission: the BAST is already signed
            flash(_("BAST %(n)s sudah ditandatangani.", n=existing.number), "info")
            return redirect(url_for("procurement.receive_delivery", delivery_id=delivery.id), 303)
        try:
            bast_service.check_receivable(db.session, delivery, current_user)
            if not form.validate_on_submit():
                return _page(template, delivery, form, 422, max_photos=bast_service.MAX_PHOTOS)
            uploads = [f.read() for f in request.files.getlist("photos") if f and f.filename]
            images = bast_service.prepare_photos(uploads)
            signed, created = bast_service.sign(
                db.session,
                delivery,
                current_user,
                delivery_forms.results(form, delivery),
                images,
                form.notes.data or "",
            )
        except (deliveries.DeliveryError, ImageRejected) as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _page(template, delivery, form, 422, max_photos=bast_service.MAX_PHOTOS)
        except states.IllegalTransition as exc:
            db.session.rollback()
            abort(409, description=str(exc))
        db.session.commit()
        if created:
            flash(_("BAST %(n)s ditandatangani.", n=signed.number), "success")
        else:
            flash(_("BAST %(n)s sudah ditandatangani.", n=signed.number), "info")
        return redirect(url_for("procurement.receive_delivery", delivery_id=delivery.id), 303)
    return _page(template, delivery, form, max_photos=bast_service.MAX_PHOTOS)


def _visible_bast(bast_id: int):
    membership = getattr(current_user, "group_membership", None)
    group_id = membership.group_id if membership is not None else None
    found = bast_service.visible_bast(db.session, current_user, bast_id, group_id)
    if found is None:
        abort(404)
    return found


@bp.route("/bast/<int:bast_id>/pdf")
@login_required
def bast_pdf(bast_id: int):
    """The signed BAST as a PDF, for the company's staff and the group."""
    signed = _visible_bast(bast_id)
    data = pdf.render_pdf(
        "procurement/pdf/bast.html", **bast_service.pdf_context(db.session, signed)
    )
    return pdf.pdf_response(data, f"{signed.number}.pdf")


@bp.route("/bast/<int:bast_id>/foto/<int:bast_photo_id>")
@login_required
def bast_photo(bast_id: int, bast_photo_id: int):
    """A photo taken at the handover, for the company's staff and the group."""
    signed = _visible_bast(bast_id)
    photo = db.session.get(BastPhoto, bast_photo_id)
    if photo is None or photo.bast_id != signed.id:
        abort(404)
    return documents.send(photo.storage_key, photo.content_type, f"{signed.number}.jpg")
