"""Hostile uploads to product photos and group documents: clear refusals, nothing stored, no 500.

Every file is generated here. Accepted images are re-encoded by the server, so what is stored
carries neither metadata nor anything appended to the original.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.catalog.product_models import ProductPhoto
from marketplace.investors.models import GroupDocument
from tests.catalog.helpers import huge_png_header, pdf_bytes, png_bytes
from tests.factories import make_product, make_vetted_group

HTML = b"<html><script>alert(1)</script></html>"


def jpeg(size=(640, 480), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, "JPEG", quality=90, **save)
    return out.getvalue()


def huge_exif_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "A" * 60_000  # ImageDescription: ~60 KB of metadata
    exif[0x8825] = {1: "S", 2: (6.0, 55.0, 12.0), 3: "E", 4: (109.0, 58.0, 30.0)}  # GPS
    return jpeg(exif=exif.tobytes())


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)

# name -> (bytes, filename, content type the client claims)
REFUSED = {
    "truncated_jpeg": (jpeg()[:2000], "foto.jpg", "image/jpeg"),
    "truncated_png": (png_bytes((300, 200), mode="RGB")[:120], "foto.png", "image/png"),
    "gif_js_polyglot": (b"GIF89a/*\x01\x00\x01\x00*/=alert(1);" + HTML, "foto.gif", "image/gif"),
    "bomb_30000x30000": (huge_png_header(30000, 30000), "bom.png", "image/png"),
    "svg_with_script": (SVG, "logo.svg", "image/svg+xml"),
    "svg_named_jpg": (SVG, "logo.jpg", "image/jpeg"),
    "zero_bytes": (b"", "kosong.jpg", "image/jpeg"),
    "text_named_jpg": (b"just some text, not a photo", "foto.jpg", "image/jpeg"),
    "html_named_png": (HTML, "foto.png", "image/png"),
    "truncated_pdf": (b"%PDF-1.4\n1 0 obj\n<<", "nib.pdf", "application/pdf"),
    "zip_named_pdf": (b"PK\x03\x04" + b"\x00" * 100, "nib.pdf", "application/pdf"),
    "exe_named_pdf": (b"MZ\x90\x00" + b"\x00" * 200, "nib.pdf", "application/pdf"),
}
MESSAGES = ("bukan foto", "rusak", "kosong", "terlalu besar", "Kirim berkas PDF", "bukan PDF")


@pytest.fixture
def producer(client, db_session, login_as):
    group = make_vetted_group(db_session)
    product = make_product(db_session, group)
    login_as(group.chair)
    return group, product


def stored(app) -> set[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _photos(db_session, product) -> int:
    db_session.expire_all()
    stmt = (
        select(func.count()).select_from(ProductPhoto).where(ProductPhoto.product_id == product.id)
    )
    return db_session.scalar(stmt)


def _docs(db_session, group) -> int:
    stmt = select(func.count()).select_from(GroupDocument).where(GroupDocument.group_id == group.id)
    return db_session.scalar(stmt)


def _refused(response) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code == 422, response.status_code
    assert any(m in body for m in MESSAGES), body[:2000]
    return body


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_photo_is_refused_and_nothing_stored(name, app, client, db_session, producer):
    group, product = producer
    data, filename, ctype = REFUSED[name]
    before = stored(app)
    response = client.post(
        f"/kelompok/saya/produk/{product.id}/foto",
        data={"photos": [(io.BytesIO(data), filename, ctype)]},
        content_type="multipart/form-data",
    )
    _refused(response)
    assert stored(app) == before
    assert _photos(db_session, product) == 0


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_document_is_refused_and_nothing_stored(name, app, client, db_session, producer):
    group, _ = producer
    data, filename, ctype = REFUSED[name]
    before = stored(app)
    response = client.post(
        "/produsen/investasi/dokumen",
        data={"kind": "nib", "file": (io.BytesIO(data), filename, ctype)},
        content_type="multipart/form-data",
    )
    _refused(response)
    assert stored(app) == before
    assert _docs(db_session, group) == 0


@pytest.mark.parametrize(
    "data",
    [huge_exif_jpeg(), jpeg() + HTML, png_bytes((300, 200), mode="RGB")],
    ids=["huge_exif_gps", "jpeg_html_polyglot", "png_named_pdf"],
)
def test_accepted_photos_are_reencoded_without_metadata(data, app, client, db_session, producer):
    _, product = producer
    before = stored(app)
    response = client.post(
        f"/kelompok/saya/produk/{product.id}/foto",
        data={"photos": [(io.BytesIO(data), "foto.pdf", "application/pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert _photos(db_session, product) == 1
    new = stored(app) - before
    assert len(new) == 2  # thumbnail and large view
    for path in new:
        content = path.read_bytes()
        assert b"<script" not in content and b"AAAAAAAAAA" not in content
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert not image.getexif() and "comment" not in image.info


def test_pdf_polyglot_is_only_ever_served_as_a_download(app, client, db_session, producer):
    """A valid PDF with HTML appended is kept as sent, but never rendered by the browser."""
    group, _ = producer
    response = client.post(
        "/produsen/investasi/dokumen",
        data={
            "kind": "nib",
            "file": (io.BytesIO(pdf_bytes() + HTML), "../../<x>.html.pdf", "text/html"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    doc = db_session.scalars(select(GroupDocument).where(GroupDocument.group_id == group.id)).one()
    assert doc.content_type == "application/pdf"
    assert re.fullmatch(r"[\w\- ]+\.pdf", doc.original_name, flags=re.ASCII)
    served = client.get(f"/dokumen/{doc.id}")
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"] == f'attachment; filename="{doc.original_name}"'
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_oversized_uploads_are_refused(app, client, db_session, producer, monkeypatch):
    group, product = producer
    monkeypatch.setitem(app.config, "MAX_DOCUMENT_BYTES", 2000)
    response = client.post(
        "/produsen/investasi/dokumen",
        data={"kind": "nib", "file": (io.BytesIO(pdf_bytes() + b" " * 3000), "nib.pdf", "x")},
        content_type="multipart/form-data",
    )
    assert "terlalu besar" in _refused(response)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50_000)
    response = client.post(
        f"/kelompok/saya/produk/{product.id}/foto",
        data={"photos": [(io.BytesIO(b"\xff" * 60_000), "besar.jpg", "image/jpeg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    assert _photos(db_session, product) == 0 and _docs(db_session, group) == 0
