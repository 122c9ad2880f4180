"""Private files (group documents, pitch attachments, certificate scans, request files): checked
by content, stored privately.

PDFs must start with `%PDF-` and parse with pypdf (at least one page, not encrypted); photos go
through the catalog's checks and are re-encoded (no metadata). Files live under
the storage's private area (UPLOAD_FOLDER/private, or `private/` in object storage) with random
names and are only ever sent by views that check who asks.

Lives in catalog (beside the storage and the photo checks it builds on) so that every feature
at or above catalog may store a private file; `investors.documents` re-exports it.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Response, abort, current_app
from flask_babel import gettext as _

from marketplace.catalog.images import ImageRejected, process_image
from marketplace.catalog.storage import PRIVATE_KEY_RE as KEY_RE
from marketplace.catalog.storage import get_storage

if TYPE_CHECKING:
    from pypdf import PdfReader

PDF = "application/pdf"
JPEG = "image/jpeg"


class DocumentRejected(ValueError):
    """The upload is not an acceptable document; the message is shown to the user."""


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    ext: str
    name: str


def _max_bytes() -> int:
    return int(current_app.config.get("MAX_DOCUMENT_BYTES", 5 * 1024 * 1024))


def _check_pdf(data: bytes) -> None:
    # pypdf (with fontTools) is imported on the first upload, not at startup: ~15 MB less in
    # every worker that never checks a document.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        raise DocumentRejected(_("Berkas bukan PDF yang sah."))
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise DocumentRejected(_("PDF terkunci kata sandi tidak dapat diterima."))
            if len(reader.pages) < 1:
                raise DocumentRejected(_("PDF tidak berisi halaman."))
            if _active_content(reader):
                raise DocumentRejected(
                    _(
                        "PDF berisi JavaScript atau perintah menjalankan program, jadi tidak "
                        "diterima. Cetak ulang ke PDF biasa (Simpan sebagai PDF) lalu kirim."
                    )
                )
    except DocumentRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise DocumentRejected(
            _("PDF rusak atau tidak dapat dibaca. Simpan ulang lalu kirim.")
        ) from exc


# Keys and action types that run code when the PDF is opened or clicked: JavaScript (an
# action's /JS, the /JavaScript name tree) and /Launch (starts a program or opens a file).
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/Launch"})
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch"})
_MAX_OBJECTS = 200_000  # a walk this long is a malformed (or hostile) file, not a document


def _active_content(reader: PdfReader) -> bool:
    """Whether any object reachable from the trailer holds JavaScript or a launch action.

    Walks dictionaries and arrays without decoding streams, so actions hidden in compressed
    object streams, /OpenAction, /AA (additional actions) and annotations are all seen.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack: list = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    walked = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        walked += 1
        if walked > _MAX_OBJECTS:
            raise DocumentRejected(_("PDF rusak atau tidak dapat dibaca. Simpan ulang lalu kirim."))
        if isinstance(obj, DictionaryObject):
            if _ACTIVE_KEYS & set(obj.keys()) or obj.get("/S") in _ACTIVE_ACTIONS:
                return True
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


def _clean_name(filename: str, ext: str) -> str:
    stem = Path(filename or "dokumen").stem
    stem = re.sub(r"[^\w\- ]+", "", stem, flags=re.ASCII).strip()[:80] or "dokumen"
    return f"{stem}.{ext}"


def check_upload(data: bytes, filename: str) -> CheckedFile:
    """Accept a PDF (kept as sent) or a photo (re-encoded as JPEG) within the size limit."""
    if not data:
        raise DocumentRejected(_("Berkas kosong. Pilih berkas lalu kirim lagi."))
    limit = _max_bytes()
    if len(data) > limit:
        raise DocumentRejected(
            _("Berkas terlalu besar (batas %(mb)s MB).", mb=limit // (1024 * 1024))
        )
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return CheckedFile(data, PDF, "pdf", _clean_name(filename, "pdf"))
    try:
        image = process_image(data)
    except ImageRejected as exc:
        raise DocumentRejected(_("Kirim berkas PDF atau foto JPEG, PNG atau WebP.")) from exc
    return CheckedFile(image.large, JPEG, "jpg", _clean_name(filename, "jpg"))


def save(checked: CheckedFile) -> str:
    """Store a checked file under a new random key in the private area; return the key."""
    key = f"{secrets.token_hex(16)}.{checked.ext}"
    get_storage("private").save(key, checked.data, checked.content_type)
    return key


def read(key: str) -> bytes | None:
    """The stored bytes, or None when missing."""
    if not KEY_RE.fullmatch(key or ""):
        return None
    handle = get_storage("private").open(key)
    if handle is None:
        return None
    with handle:
        return handle.read()


def remove(key: str) -> None:
    """Delete a stored file (missing is fine)."""
    if KEY_RE.fullmatch(key or ""):
        get_storage("private").delete(key)


def send(key: str, content_type: str, name: str):
    """A response with the file: PDFs as attachments, nosniff, never cached publicly."""
    data = read(key)
    if data is None:
        abort(404)
    disposition = "attachment" if content_type == PDF else "inline"
    response = Response(data, mimetype=content_type)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
