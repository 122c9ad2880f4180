"""Page weight: content-hashed static files with a one-year cache, and gzip for text responses.

`asset_url('css/app.css')` (a template global) gives `/assets/css/app.3f2a9c1d0b7e.css`; the
hash is of the file's bytes, computed once at startup, so a changed file gets a new URL and
browsers may keep every URL forever (`Cache-Control: public, max-age=31536000, immutable`).
Text assets are gzipped once at startup and served compressed to clients that accept gzip.
HTML, CSS, JSON, CSV and SVG responses of the app are gzipped on the fly (level 6) when
they are larger than a few hundred bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, request, url_for

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


def _accepts_gzip() -> bool:
    return "gzip" in (request.headers.get("Accept-Encoding") or "").lower()


def init_app(app: Flask) -> None:
    """Register /assets/<hashed name>, the `asset_url` template global and response gzip."""
    names, assets = build_manifest(Path(app.static_folder or "static"))
    app.extensions["asset_names"] = names

    def asset_url(name: str) -> str:
        hashed = names.get(name)
        if hashed is None:  # unknown file: fall back to the plain static URL
            return url_for("static", filename=name)
        return url_for("assets", name=hashed)

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
        if asset.gzipped is not None and _accepts_gzip():
            response = Response(asset.gzipped, content_type=asset.content_type, headers=headers)
            response.headers["Content-Encoding"] = "gzip"
            return response
        return Response(asset.data, content_type=asset.content_type, headers=headers)

    @app.after_request
    def gzip_response(response: Response) -> Response:
        if (
            response.direct_passthrough
            or response.is_streamed
            or response.status_code < 200
            or response.status_code in (204, 304)
            or "Content-Encoding" in response.headers
            or not (response.mimetype or "").startswith(COMPRESSIBLE)
            or request.endpoint == "assets"
        ):
            return response
        response.vary.add("Accept-Encoding")
        if not _accepts_gzip():
            return response
        data = response.get_data()
        if len(data) < MIN_SIZE:
            return response
        response.set_data(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
        return response
