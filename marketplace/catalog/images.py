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
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from marketplace.core.security import one_at_a_time

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
DEFAULT_MAX_PIXELS = 40_000_000
THUMB_BOX = (320, 400)
LARGE_BOX = (1024, 1024)
THUMB_MAX_BYTES = 30 * 1024


def busy_message() -> str:
    """What a producer sees when a second upload arrives while the first is processed."""
    return _(
        "Foto atau berkas Anda yang sebelumnya masih diproses. Tunggu sampai selesai, lalu "
        "kirim lagi (satu unggahan sekaligus)."
    )


# Photo decoding is the heaviest work a request does: one upload at a time per user.
one_upload_at_a_time = one_at_a_time("image-work", busy_message)


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
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # a library (WeasyPrint) may have turned it on
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


# Modes Image.reduce handles; others (palette images) are converted at full size first.
_REDUCIBLE_MODES = ("RGB", "RGBA", "L", "LA", "CMYK", "I", "F")


def _shrink(image: Image.Image) -> Image.Image:
    """Box-reduce a decoded photo by a whole factor while it stays at least LARGE_BOX.

    Everything after decoding (turning upright, converting, two LANCZOS resizes) then works
    on a few megapixels instead of tens: for a 36-megapixel photo most of the time went there.
    """
    factor = min(image.width // LARGE_BOX[0], image.height // LARGE_BOX[1])
    if factor < 2 or image.mode not in _REDUCIBLE_MODES:
        return image
    reduced = image.reduce(factor)
    reduced.info = image.info  # keep the EXIF orientation for exif_transpose
    reduced.getexif().update(image.getexif())
    return reduced


def _decode(image: Image.Image) -> Image.Image:
    if image.format == "JPEG":
        # libjpeg decodes at 1/2, 1/4 or 1/8 scale (still at least LARGE_BOX): a 36-megapixel
        # JPEG costs what a few megapixels do, in time and memory.
        image.draft("RGB", LARGE_BOX)
    try:
        image.load()
        image = ImageOps.exif_transpose(_shrink(image))
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
