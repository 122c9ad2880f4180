"""The installable app: web app manifest, the service worker at the site root, the offline page.

The service worker (static/js/sw.js, plain JavaScript) is served at /sw.js so that its scope is
the whole site. The route puts a small `self.PWA = {...}` line above the file: the hashed URLs
to precache, a version made from every asset's hash (any changed static file makes a new
version, so browsers install the new worker and drop the old caches), the offline page's URL
and the notification icon.

Pages a user may keep on the device while offline (a buyer's pickup pass) are marked by the
feature that renders them with `offline_pass(response, ...)`: `X-Offline-Pass: <id>` where the
id is an opaque per-user value, the same as the `X-Offline-User` header on every page shown to
a logged-in user. The worker stores a page only when both agree, and drops the passes of any
other user as soon as it sees a page for someone else. Nothing here knows what a pass is.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from flask import Response, current_app, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.views import bp

THEME_COLOR = "#198754"  # the green navigation bar (Bootstrap's bg-success)
BACKGROUND_COLOR = "#ffffff"
USER_HEADER = "X-Offline-User"
PASS_HEADER = "X-Offline-Pass"  # noqa: S105 - a header name, not a password
PASS_FILES_HEADER = "X-Offline-Pass-Files"  # noqa: S105 - a header name
# What the offline page and a stored pass page need to look right without the network.
PRECACHE_ASSETS = (
    "css/bootstrap.min.css",
    "css/app.css",
    "js/bootstrap.bundle.min.js",
    "js/pwa.js",
    "js/offline.js",
    "favicon.svg",
    "favicon.ico",
)


def offline_user_id(user_id: int) -> str:
    """The opaque per-user id the service worker files a user's passes under."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"offline-pass:{user_id}".encode(), hashlib.sha256).hexdigest()[:24]


def offline_pass(response: Response, *files: str) -> Response:
    """Mark `response` as a page its (logged-in) viewer may keep offline, with `files` (URLs)."""
    response.headers[PASS_HEADER] = offline_user_id(current_user.id)
    if files:
        response.headers[PASS_FILES_HEADER] = " ".join(files)
    return response


@bp.after_app_request
def _tell_worker_whose_page(response: Response) -> Response:
    # The worker compares this with the passes it holds: another user's are dropped. Only
    # sessions with a user are asked: loading current_user in an anonymous answer would run
    # Flask-Login's session protection there (and clear the remember cookie). Redirects carry
    # no page to keep, and after a POST's commit asking would reload the user.
    if (
        response.status_code == 200
        and response.mimetype == "text/html"
        and session.get("_user_id")
        and current_user.is_authenticated
    ):
        response.headers[USER_HEADER] = offline_user_id(current_user.id)
    return response


def _asset_url(name: str) -> str:
    return current_app.jinja_env.globals["asset_url"](name)


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest: name, start page, standalone display, colours and icons."""
    icon = _asset_url  # hashed URLs: cached for good, renamed when the file changes
    data = {
        "name": "Pasar TKM",
        "short_name": "Pasar TKM",
        "description": _("Produk kelompok TKM Kabupaten Batang, pesan dan ambil di dekat Anda."),
        "lang": str(get_locale() or "id"),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": icon("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": icon("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": icon("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = Response(json.dumps(data, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _worker_source() -> str:
    """static/js/sw.js, read once per process (the asset hashes are fixed at startup too)."""
    source = current_app.extensions.get("pwa.sw_source")
    if source is None:
        path = Path(current_app.static_folder or "static") / "js" / "sw.js"
        source = current_app.extensions["pwa.sw_source"] = path.read_text(encoding="utf-8")
    return source


def _worker_settings() -> dict:
    names = current_app.extensions["asset_names"]
    version = hashlib.sha256(" ".join(sorted(names.values())).encode()).hexdigest()[:12]
    return {
        "version": version,
        "offline": url_for("core.offline"),
        "precache": [url_for("core.offline"), *(_asset_url(name) for name in PRECACHE_ASSETS)],
        "icon": _asset_url("icons/icon-192.png"),
    }


@bp.route("/sw.js")
def service_worker():
    """The service worker at the root (scope "/"), with this build's precache list on top."""
    body = f"self.PWA = {json.dumps(_worker_settings())};\n{_worker_source()}"
    response = Response(body, mimetype="text/javascript")
    # Browsers check for a new worker on every visit; logged-in answers become no-store
    # (marketplace/__init__.py), which is just as fresh.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/luring")
def offline():
    """The page the service worker shows when the network fails and nothing is stored."""
    response = Response(render_template("core/offline.html"))
    # The worker keeps one copy per language: it checks this against the page's language.
    response.headers["Content-Language"] = str(get_locale() or "id")
    return response
