"""Photo uploads: only real JPEG/PNG/WebP, re-encoded without metadata, in two sizes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.catalog.images import THUMB_MAX_BYTES, ImageRejected, process_image
from marketplace.catalog.product_models import Product, ProductPhoto
from tests.catalog.helpers import (
    GPS_IFD,
    PRODUCT_FORM,
    SVG,
    huge_png_header,
    jpeg_bytes,
    png_bytes,
    stored_files,
    upload,
    webp_bytes,
)
from tests.factories import make_group, make_product

NEW = "/kelompok/saya/produk/baru"

BAD_FILES = {
    "text named .jpg": (b"ini bukan foto, hanya teks biasa\n" * 20, "foto.jpg", "bukan foto"),
    "truncated JPEG": (jpeg_bytes()[:3000], "potong.jpg", "rusak atau tidak lengkap"),
    "20000x20000 PNG": (huge_png_header(), "besar.png", "terlalu besar"),
    "SVG": (SVG, "logo.svg", "bukan foto"),
}


def _read(app, key: str) -> bytes:
    return next(Path(app.config["UPLOAD_FOLDER"]).rglob(key)).read_bytes()


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_refused_with_message_and_nothing_stored(case, app, client, db_session, login_as):
    data, filename, message = BAD_FILES[case]
    group = make_group(db_session)
    existing = make_product(db_session, group)
    login_as(group.chair)
    before = stored_files(app)
    # On a new product: nothing is created at all.
    response = client.post(
        NEW,
        data=PRODUCT_FORM | {"photos": [upload(data, filename, "image/jpeg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(Product)) == 1
    # On an existing product: no photo row.
    response = client.post(
        f"/kelompok/saya/produk/{existing.id}/foto",
        data={"photos": [upload(data, filename, "image/jpeg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(ProductPhoto)) == 0
    assert stored_files(app) == before


def test_one_bad_file_among_good_ones_stores_nothing(app, client, db_session, login_as):
    group = make_group(db_session)
    login_as(group.chair)
    before = stored_files(app)
    files = [upload(jpeg_bytes(), "a.jpg"), upload(SVG, "b.jpg")]
    response = client.post(
        NEW, data=PRODUCT_FORM | {"photos": files}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert stored_files(app) == before


def test_stored_image_is_upright_without_exif_in_two_sizes(app, client, db_session, login_as):
    group = make_group(db_session)
    login_as(group.chair)
    # A 1600x1200 phone photo taken sideways (EXIF orientation 6) with a GPS position.
    original = jpeg_bytes((1600, 1200), orientation=6, gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    response = client.post(
        NEW,
        data=PRODUCT_FORM | {"photos": [upload(original, "IMG_2026.jpg", "image/png")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    photo = db_session.scalars(select(ProductPhoto)).one()
    large = _read(app, photo.large_key)
    thumb = _read(app, photo.thumb_key)
    for data in (large, thumb):
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert b"HP Murah" not in data
    large_image = Image.open(io.BytesIO(large))
    assert large_image.size == (768, 1024)  # rotated upright, longest side 1024
    assert (photo.width, photo.height) == (768, 1024)
    # The dark half was on the left; after a 90° turn it is at the top.
    assert sum(large_image.getpixel((384, 50))) < sum(large_image.getpixel((384, 1000)))
    thumb_image = Image.open(io.BytesIO(thumb))
    assert thumb_image.width == 300 and thumb_image.height == 400
    assert len(thumb) <= THUMB_MAX_BYTES
    assert photo.thumb_key != photo.large_key and "IMG_2026" not in photo.large_key


def test_landscape_thumbnail_is_320_wide():
    result = process_image(jpeg_bytes((2000, 1000)))
    thumb = Image.open(io.BytesIO(result.thumb))
    assert thumb.size == (320, 160)
    assert (result.width, result.height) == (1024, 512)


def test_noisy_photo_thumbnail_stays_small():
    noise = Image.effect_noise((1200, 1200), 120).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=95)
    assert len(process_image(out.getvalue()).thumb) <= THUMB_MAX_BYTES


def test_png_with_transparency_and_webp_accepted():
    for data in (png_bytes(), png_bytes(mode="RGB"), webp_bytes()):
        result = process_image(data)
        assert Image.open(io.BytesIO(result.large)).mode == "RGB"


def test_pixel_limit_applies_below_twice_the_limit(app):
    with app.app_context():
        app.config["MAX_IMAGE_PIXELS"] = 1_000_000
        try:
            # 1.5 MP: between the limit and twice the limit (Pillow only warns there).
            with pytest.raises(ImageRejected, match="terlalu besar"):
                process_image(jpeg_bytes((1500, 1000)))
        finally:
            app.config["MAX_IMAGE_PIXELS"] = 40_000_000


def test_photo_order_main_photo_and_limit(app, client, db_session, login_as):
    group = make_group(db_session)
    product = make_product(db_session, group)
    login_as(group.chair)
    base = f"/kelompok/saya/produk/{product.id}"
    colours = [(200, 0, 0), (0, 200, 0), (0, 0, 200)]
    files = [upload(jpeg_bytes((400, 400), c), f"{i}.jpg") for i, c in enumerate(colours)]
    response = client.post(
        f"{base}/foto", data={"photos": files}, content_type="multipart/form-data"
    )
    assert response.status_code == 302

    def photos():
        db_session.expire_all()
        return db_session.scalars(
            select(ProductPhoto)
            .where(ProductPhoto.product_id == product.id)
            .order_by(ProductPhoto.position)
        ).all()

    first, second, third = photos()
    assert db_session.get(Product, product.id).main_thumb_key == first.thumb_key
    client.post(f"{base}/foto/{third.id}/utama")
    assert [p.id for p in photos()] == [third.id, first.id, second.id]
    assert db_session.get(Product, product.id).main_thumb_key == third.thumb_key
    client.post(f"{base}/foto/{second.id}/naik")
    assert [p.id for p in photos()] == [third.id, second.id, first.id]
    client.post(f"{base}/foto/{third.id}/turun")
    assert [p.id for p in photos()] == [second.id, third.id, first.id]
    assert db_session.get(Product, product.id).main_thumb_key == second.thumb_key
    gone = second.thumb_key
    client.post(f"{base}/foto/{second.id}/hapus")
    assert [p.id for p in photos()] == [third.id, first.id]
    assert db_session.get(Product, product.id).main_thumb_key == third.thumb_key
    assert gone not in stored_files(app)
    # Up to 5 photos in all.
    more = [upload(jpeg_bytes((300, 300)), f"m{i}.jpg") for i in range(4)]
    response = client.post(
        f"{base}/foto", data={"photos": more}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Paling banyak 5 foto" in response.get_data(as_text=True)
    assert len(photos()) == 2
    # Another product's photo id under this product's URL is not found.
    other = make_product(db_session, group)
    assert client.post(f"/kelompok/saya/produk/{other.id}/foto/{first.id}/hapus").status_code == 404


def test_media_route_refuses_unknown_keys(client):
    assert client.get("/media/../../secret_key").status_code == 404
    assert client.get("/media/" + "a" * 32 + "-t.jpg").status_code == 404
    assert client.get("/media/etc-passwd").status_code == 404


def test_request_too_large_answers_413_in_indonesian(app, client, db_session, login_as):
    login_as(make_group(db_session).chair)
    big = upload(b"\xff" * (app.config["MAX_CONTENT_LENGTH"] + 1), "besar.jpg")
    response = client.post(
        NEW, data=PRODUCT_FORM | {"photos": [big]}, content_type="multipart/form-data"
    )
    response.request.environ["wsgi.input"].close()  # the test client's spooled body
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
