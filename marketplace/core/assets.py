"""Page weight: content-hashed static files with a one-year cache, and compressed text responses.

`asset_url('css/app.css')` (a template global) gives `/assets/css/app.3f2a9c1d0b7e.css`; the
hash is of the file's bytes, computed once at startup, so a changed file gets a new URL and
browsers may keep every URL forever (`Cache-Control: public, max-age=31536000, immutable`).
Text assets are compressed once per process at the highest settings: gzip (level 9) at startup,
Brotli (quality 11, about half a second for Bootstrap's CSS) on the first request that accepts
it, and served to clients that accept them.
HTML, CSS, JSON, CSV and SVG responses of the app are compressed on the fly by Flask-Compress
(Brotli quality BROTLI_LEVEL when accepted, else gzip level 6) when they are at least MIN_SIZE
bytes; docs/benchmarks.md ("Compression") has the measurements behind the levels.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request, url_for
from flask_compress import Compress

from marketplace.core.render import cached_url

CACHE_FOREVER = "public, max-age=31536000, immutable"
COMPRESSIBLE = (
    "text/html",
    "text/css",
    "text/csv",
    "application/json",
    "image/svg+xml",
    "text/javascript",
    "application/javascript",
    "text/plain",
)
MIN_SIZE = 500
GZIP_LEVEL = 6
BROTLI_LEVEL = 5
ENCODINGS = ("br", "gzip")  # preferred first when a client accepts both equally


@dataclass(frozen=True)
class Asset:
    path: Path
    content_type: str
    data: bytes
    gzipped: bytes | None
    etag: str


def _hashed_name(name: str, digest: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def build_manifest(static_dir: Path) -> tuple[dict[str, str], dict[str, Asset]]:
    """(logical name -> hashed name, hashed name -> asset) for every file under static_dir."""
    names: dict[str, str] = {}
    assets: dict[str, Asset] = {}
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        logical = path.relative_to(static_dir).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:12]
        hashed = _hashed_name(logical, digest)
        content_type = mimetypes.guess_type(logical)[0] or "application/octet-stream"
        packed = None
        if content_type.startswith(COMPRESSIBLE) and len(data) >= MIN_SIZE:
            packed = gzip.compress(data, compresslevel=9, mtime=0)
        names[logical] = hashed
        assets[hashed] = Asset(path, content_type, data, packed, f'"{digest}"')
    return names, assets


class _BrotliAssets:
    """Each compressible asset at Brotli quality 11, made on first demand, kept for the process.

    Not at startup: quality 11 costs about a second of CPU for Bootstrap's CSS and JS, which
    every app built by the tests would pay.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._packed: dict[str, bytes] = {}

    def get(self, name: str, asset: Asset) -> bytes:
        with self._lock:
            packed = self._packed.get(name)
            if packed is None:
                packed = self._packed[name] = brotli.compress(asset.data, quality=11)
            return packed


def _configure_compress(app: Flask) -> None:
    """Flask-Compress settings matching what the app compressed by hand before (see docstring)."""
    for key, value in {
        "COMPRESS_MIMETYPES": list(COMPRESSIBLE),
        "COMPRESS_ALGORITHM": list(ENCODINGS),
        "COMPRESS_BR_LEVEL": BROTLI_LEVEL,
        "COMPRESS_LEVEL": GZIP_LEVEL,
        "COMPRESS_MIN_SIZE": MIN_SIZE,
        # Streamed responses (send_file: uploads, photos) pass through untouched, as before.
        "COMPRESS_STREAMS": False,
    }.items():
        app.config.setdefault(key, value)
    app.extensions["compress"] = Compress(app)


def init_app(app: Flask) -> None:
    """Register /assets/<hashed name>, the `asset_url` template global and response compression."""
    names, assets = build_manifest(Path(app.static_folder or "static"))
    app.extensions["asset_names"] = names
    brotli_assets = _BrotliAssets()

    def asset_url(name: str) -> str:
        hashed = names.get(name)
        if hashed is None:  # unknown file: fall back to the plain static URL
            return url_for("static", filename=name)
        return cached_url("assets", name=hashed)  # a bounded set: the files under static/

    app.jinja_env.globals["asset_url"] = asset_url

    @app.route("/assets/<path:name>", endpoint="assets")
    def serve_asset(name: str):
        asset = assets.get(name)
        if asset is None:
            abort(404)
        vary = {"Vary": "Accept-Encoding"} if asset.gzipped else {}
        headers = {"Cache-Control": CACHE_FOREVER, "ETag": asset.etag, **vary}
        if request.headers.get("If-None-Match") == asset.etag:
            return Response(status=304, headers=headers)
        encoding = request.accept_encodings.best_match(ENCODINGS) if asset.gzipped else None
        if encoding is None:
            return Response(asset.data, content_type=asset.content_type, headers=headers)
        packed = asset.gzipped if encoding == "gzip" else brotli_assets.get(name, asset)
        response = Response(packed, content_type=asset.content_type, headers=headers)
        response.headers["Content-Encoding"] = encoding  # Flask-Compress leaves it as it is
        return response

    # Registered last, so it runs before the other after_request functions, as before.
    _configure_compress(app)
