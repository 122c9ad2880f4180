"""PDF documents (purchase orders, BAST, invoices) from Jinja templates through WeasyPrint.

A feature writes a template extending `pdf/base.html` and calls `render_pdf` and `pdf_response`
in its view; pages show their download button through the `pdf_button` macro of `_pdf.html`.

WeasyPrint needs Pango, HarfBuzz and fontconfig from the system (`.ci/run` installs them). The
app runs without them: `pdf_available()` is False, the buttons are disabled with a message and
a PDF view answers 503 (`PdfUnavailable`). WeasyPrint is imported on the first PDF a process
renders, never before: it adds tens of MB to a worker, and most workers never render one. So
`pdf_available()` only locates the package and the shared libraries (nothing is loaded); if the
real import fails later, the process remembers it and says unavailable from then on.

Rendering never touches the network: the URL fetcher serves `data:` URIs and files under the
app's static folder (relative URLs resolve there) and refuses everything else.
"""

from __future__ import annotations

import importlib.util
import logging
import mimetypes
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from flask import Flask, Response, current_app, render_template
from werkzeug.exceptions import ServiceUnavailable

logger = logging.getLogger(__name__)

# The shared libraries WeasyPrint opens at import (weasyprint/text/ffi.py), by linker name.
LIBRARIES = ("gobject-2.0", "pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig")

_import_failed: list[str] = []  # set once, when the real import failed in this process


class PdfUnavailable(ServiceUnavailable):
    """PDFs cannot be made here (WeasyPrint or its libraries missing, or PDF_ENABLED off).

    An HTTP 503: a view that lets it through gets the error page with a clear message.
    """


@lru_cache(maxsize=1)
def _installed() -> bool:
    """WeasyPrint's package and its system libraries can be found (none of them is loaded)."""
    import ctypes.util

    if importlib.util.find_spec("weasyprint") is None:
        return False
    missing = [name for name in LIBRARIES if ctypes.util.find_library(name) is None]
    if missing:
        logger.warning("PDFs disabled: libraries not found: %s", ", ".join(missing))
    return not missing


def pdf_available() -> bool:
    """True if this process can render PDFs (and the config PDF_ENABLED is not False)."""
    if not current_app.config.get("PDF_ENABLED", True):
        return False
    return not _import_failed and _installed()


def _weasyprint() -> Any:
    """The weasyprint module, imported now (first PDF of the process), or PdfUnavailable."""
    try:
        import weasyprint
        from PIL import ImageFile

        # WeasyPrint's import sets Pillow's process-wide LOAD_TRUNCATED_IMAGES; uploads of
        # cut-off photos must still be refused in this process (our PDFs embed whole files).
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    except (ImportError, OSError) as exc:  # OSError: a library failed to load
        if not _import_failed:
            logger.warning("PDFs disabled: WeasyPrint cannot be imported: %s", exc)
            _import_failed.append(str(exc))
        raise PdfUnavailable() from exc
    return weasyprint


def _local_file(url: str, root: Path) -> Path | None:
    """The file a `file:` URL names if it is an existing file under `root`, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    """A WeasyPrint URLFetcher that serves only local static files and data: URIs."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self, root: str) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.root = Path(root).resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            path = _local_file(url, self.root)
            if path is not None:
                mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": mimetype}
                )
            self.refused.append(url)
            logger.warning("PDF: refused to fetch %s (only local static files)", url)
            raise ValueError(f"refused: {url} is not a local static file")

    return LocalOnlyFetcher


def render_pdf(template_name: str, **context: Any) -> bytes:
    """Render `template_name` with the app's Jinja environment and print it to PDF bytes.

    Needs an app context; inside a request the page's language is used (gettext, `rupiah`,
    dates). Relative URLs (`css/print.css`, `img/logo.png`) are files of the static folder.
    Raises PdfUnavailable (503) when PDFs cannot be made here.
    """
    if not pdf_available():
        raise PdfUnavailable()
    weasyprint = _weasyprint()
    html = render_template(template_name, **context)
    static = Path(current_app.static_folder or ".").resolve()
    fetcher = _fetcher_class()(str(static))
    document = weasyprint.HTML(
        string=html, base_url=static.as_uri() + "/", url_fetcher=fetcher, media_type="print"
    )
    return document.write_pdf()


def safe_filename(name: str, default: str = "dokumen") -> str:
    """An ASCII file name for Content-Disposition: `PO/2026/0001` -> `PO-2026-0001.pdf`."""
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip(".-_")[:100]
    return f"{cleaned or default}.pdf"


def pdf_response(data: bytes, filename: str) -> Response:
    """The PDF as a download: attachment with a safe file name, never cached."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def init_app(app: Flask) -> None:
    """`pdf_available()` for templates (the `pdf_button` macro of `_pdf.html` uses it)."""
    app.config.setdefault("PDF_ENABLED", True)
    app.jinja_env.globals["pdf_available"] = pdf_available
