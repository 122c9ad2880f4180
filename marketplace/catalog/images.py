"""Photo checks and re-encoding with Pillow.

Uploads are recognised from their content (JPEG, PNG or WebP only), refused above a pixel
limit before they are decoded (decompression bombs), fully decoded (truncated files fail
here), turned upright from EXIF, stripped of all metadata and re-encoded by the server as a
small thumbnail and a large view. Nothing here touches storage or the database.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
DEFAULT_MAX_PIXELS = 40_000_000
THUMB_BOX = (320, 400)
LARGE_BOX = (1024, 1024)
THUMB_MAX_BYTES = 30 * 1024


class ImageRejected(ValueError):
    """The upload is not a usable photo; the message is shown to the producer."""


@dataclass(frozen=True)
class ProcessedImage:
    thumb: bytes
    large: bytes
    width: int  # of the large view
    height: int


def _max_pixels() -> int:
    try:
        return int(current_app.config.get("MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS))
    except RuntimeError:  # outside an app
        return DEFAULT_MAX_PIXELS


def _open(data: bytes, max_pixels: int) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = max_pixels
    with warnings.catch_warnings():
        # Between the limit and twice the limit Pillow only warns; refuse those too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise ImageRejected(
                _("Berkas ini bukan foto yang didukung. Kirim foto JPEG, PNG atau WebP.")
            ) from exc
    if image.format not in ACCEPTED_FORMATS:
        raise ImageRejected(
            _("Berkas ini bukan foto yang didukung. Kirim foto JPEG, PNG atau WebP.")
        )
    if image.width * image.height > max_pixels:
        raise _too_many_pixels(max_pixels)
    return image


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    mp = max_pixels // 1_000_000
    return ImageRejected(
        _(
            "Resolusi foto terlalu besar (batas %(mp)s megapiksel). Perkecil foto lalu coba lagi.",
            mp=mp,
        )
    )


def _decode(image: Image.Image) -> Image.Image:
    if image.format == "JPEG":
        image.draft("RGB", LARGE_BOX)  # let libjpeg decode at a reduced scale: less memory
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageRejected(
            _("Foto rusak atau tidak lengkap (mungkin terpotong saat dikirim). Coba kirim ulang.")
        ) from exc
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    # No exif=, icc_profile= or comment: the re-encoded file carries no metadata.
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    thumb = image.copy()
    thumb.thumbnail(THUMB_BOX, Image.Resampling.LANCZOS)
    while True:
        for quality in (80, 70, 60, 50, 40):
            data = _jpeg(thumb, quality)
            if len(data) <= THUMB_MAX_BYTES:
                return data
        new_size = (max(1, int(thumb.width * 0.85)), max(1, int(thumb.height * 0.85)))
        thumb = thumb.resize(new_size, Image.Resampling.LANCZOS)


def process_image(data: bytes) -> ProcessedImage:
    """Check an upload and return its re-encoded thumbnail and large view (JPEG)."""
    if not data:
        raise ImageRejected(_("Berkas foto kosong. Pilih foto lalu kirim lagi."))
    image = _open(data, _max_pixels())
    rgb = _decode(image)
    large = rgb.copy()
    large.thumbnail(LARGE_BOX, Image.Resampling.LANCZOS)
    return ProcessedImage(
        thumb=_thumbnail(rgb), large=_jpeg(large, 82), width=large.width, height=large.height
    )
