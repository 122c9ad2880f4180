"""Files to upload (images, PDFs) and upload helpers, for the catalog tests and the others."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_bytes(size=(1600, 1200), colour=(200, 80, 40), *, orientation=None, gps=False) -> bytes:
    """A JPEG, optionally with an EXIF orientation and a GPS position."""
    image = Image.new("RGB", size, colour)
    # A darker left half, so a rotation is visible in the result.
    image.paste((20, 20, 20), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "HP Murah"  # Make
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (6.0, 55.0, 12.0), 3: "E", 4: (109.0, 58.0, 30.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png_bytes(size=(400, 300), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)).save(
        out, "PNG"
    )
    return out.getvalue()


def webp_bytes(size=(500, 500)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 160, 60)).save(out, "WEBP")
    return out.getvalue()


def huge_png_header(width=20000, height=20000) -> bytes:
    """A small file announcing a 20000 x 20000 PNG (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # One row of zeros compressed; the rest is "missing", but it is refused before decoding.
    idat = zlib.compress(b"\x00" * (width * 3 + 1))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf_bytes() -> bytes:
    """A valid one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<rect width="100" height="100" fill="red"/></svg>'
)


def upload(data: bytes, filename: str, content_type: str = "image/jpeg"):
    return (io.BytesIO(data), filename, content_type)


def stored_files(app) -> set[str]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


PRODUCT_FORM = {
    "name": "Seragam kerja drill",
    "category": "konveksi",
    "description": "Seragam kerja untuk pabrik kaca, bordir logo.",
    "price": "185.000",
    "unit": "set",
    "sale_type": "ready",
    "stock": "40",
    "min_order": "10",
    "lead_time_days": "",
}
