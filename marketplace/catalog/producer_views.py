"""A producer manages its own group's products and photos.

The group always comes from `g.group` (the logged-in member's own group): another group's
product or photo is looked up within that group, not found, and answers 404.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from marketplace.catalog import bp, queries, services
from marketplace.catalog.access import producer_required
from marketplace.catalog.forms import PhotoUploadForm, ProductForm
from marketplace.catalog.images import ImageRejected, one_upload_at_a_time
from marketplace.catalog.product_models import MAX_PHOTOS
from marketplace.catalog.storage import get_storage
from marketplace.extensions import db

BASE = "/kelompok/saya/produk"


def _uploads() -> list[bytes]:
    files = [f for f in request.files.getlist("photos") if f and f.filename]
    return [f.read() for f in files]


def _product_or_404(product_id: int):
    product = services.own_product(db.session, g.group, product_id)
    if product is None:
        abort(404)
    return product


def _photo_or_404(product, photo_id: int):
    photo = services.own_photo(db.session, product, photo_id)
    if photo is None:
        abort(404)
    return photo


@bp.route(BASE)
@producer_required
def my_products():
    """The group's products with stock levels; low stock highlighted."""
    items = queries.group_products_for_owner(db.session, g.group.id)
    return render_template(
        "catalog/manage/products.html",
        group=g.group,
        products=items,
        is_low=services.is_low_stock,
    )


@bp.route(f"{BASE}/baru", methods=["GET", "POST"])
@one_upload_at_a_time
@producer_required
def new_product():
    """List a new product, optionally with photos."""
    form = ProductForm()
    if form.validate_on_submit():
        try:
            images = services.prepare_photos(_uploads())
            product = services.create_product(
                db.session, g.group, form.product_data(), get_storage(), images
            )
        except (services.ProductError, ImageRejected) as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("catalog/manage/product_form.html", form=form), 422
        db.session.commit()
        flash(_("Produk %(name)s tersimpan.", name=product.name), "success")
        return redirect(url_for("catalog.edit_product", product_id=product.id))
    status = 422 if form.errors else 200
    return render_template("catalog/manage/product_form.html", form=form), status


@bp.route(f"{BASE}/<int:product_id>/ubah", methods=["GET", "POST"])
@producer_required
def edit_product(product_id: int):
    """Edit a product's details; manage its photos on the same page."""
    product = _product_or_404(product_id)
    form = ProductForm(obj=product)
    if not form.is_submitted():
        form.sale_type.data = "preorder" if product.is_preorder else "ready"
    if form.validate_on_submit():
        try:
            services.update_product(db.session, product, form.product_data())
        except services.ProductError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _edit_page(product, form, 422)
        db.session.commit()
        flash(_("Perubahan produk tersimpan."), "success")
        return redirect(url_for("catalog.edit_product", product_id=product.id))
    return _edit_page(product, form, 422 if form.errors else 200)


def _edit_page(product, form, status: int):
    return render_template(
        "catalog/manage/product_form.html",
        form=form,
        product=product,
        upload_form=PhotoUploadForm(),
        max_photos=MAX_PHOTOS,
    ), status


@bp.route(f"{BASE}/<int:product_id>/foto", methods=["POST"])
@one_upload_at_a_time
@producer_required
def upload_photos(product_id: int):
    """Add photos to a product (up to 5 in all)."""
    product = _product_or_404(product_id)
    uploads = _uploads()
    if not uploads:
        flash(_("Pilih foto terlebih dahulu."), "warning")
        return _edit_page(product, ProductForm(obj=product, formdata=None), 422)
    try:
        if len(product.photos) + len(uploads) > MAX_PHOTOS:
            raise ImageRejected(_("Paling banyak %(n)s foto per produk.", n=MAX_PHOTOS))
        images = services.prepare_photos(uploads)
        for image in images:
            services.add_photo(db.session, product, image, get_storage())
    except ImageRejected as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _edit_page(product, ProductForm(obj=product, formdata=None), 422)
    db.session.commit()
    flash(_("Foto tersimpan."), "success")
    return redirect(url_for("catalog.edit_product", product_id=product.id))


@bp.route(f"{BASE}/<int:product_id>/foto/<int:photo_id>/<action>", methods=["POST"])
@producer_required
def photo_action(product_id: int, photo_id: int, action: str):
    """Make a photo the main one, move it, or delete it."""
    product = _product_or_404(product_id)
    photo = _photo_or_404(product, photo_id)
    if action == "utama":
        services.make_main(db.session, product, photo)
    elif action == "naik":
        services.move_photo(db.session, product, photo, -1)
    elif action == "turun":
        services.move_photo(db.session, product, photo, +1)
    elif action == "hapus":
        services.remove_photo(db.session, product, photo, get_storage())
    else:
        abort(404)
    db.session.commit()
    flash(_("Foto diperbarui."), "success")
    return redirect(url_for("catalog.edit_product", product_id=product.id))


@bp.route(f"{BASE}/<int:product_id>/nonaktifkan", methods=["POST"])
@producer_required
def deactivate_product(product_id: int):
    """Hide a product from buyers (it stays in order history)."""
    product = _product_or_404(product_id)
    services.set_active(db.session, product, False)
    db.session.commit()
    flash(_("Produk %(name)s dinonaktifkan.", name=product.name), "success")
    return redirect(url_for("catalog.my_products"))


@bp.route(f"{BASE}/<int:product_id>/aktifkan", methods=["POST"])
@producer_required
def activate_product(product_id: int):
    """Show a deactivated product again."""
    product = _product_or_404(product_id)
    services.set_active(db.session, product, True)
    db.session.commit()
    flash(_("Produk %(name)s aktif kembali.", name=product.name), "success")
    return redirect(url_for("catalog.my_products"))


@bp.route(f"{BASE}/<int:product_id>/hapus", methods=["POST"])
@producer_required
def delete_product(product_id: int):
    """Delete a product that was never ordered."""
    product = _product_or_404(product_id)
    name = product.name
    try:
        services.delete_product(db.session, product, get_storage())
    except services.ProductError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        product = _product_or_404(product_id)
        return _edit_page(product, ProductForm(obj=product, formdata=None), 409)
    db.session.commit()
    flash(_("Produk %(name)s dihapus.", name=name), "success")
    return redirect(url_for("catalog.my_products"))
