"""The installable app (issue 17): manifest, service worker at the root, offline page, which
pages the worker may keep as an offline pickup pass, logout clearing the device, and the
first view's weight with the app's files included."""

from __future__ import annotations

import json
import re

import brotli
import pytest

from tests.factories import make_order, make_user

BUDGET = 100 * 1024  # first view of the home page, compressed, without product photos


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Pasar TKM" and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#198754"  # the navigation bar's green
    icons = {(icon["sizes"], icon.get("purpose", "any")): icon for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(icons)
    for icon in icons.values():
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png", icon
        width = int.from_bytes(image.data[16:20], "big")  # the PNG header's width
        assert f"{width}x{width}" == icon["sizes"]


def test_every_page_links_the_manifest_and_the_worker_script(client):
    head = client.get("/").get_data(as_text=True).split("</head>")[0]
    assert '<link rel="manifest" href="/manifest.webmanifest">' in head
    assert '<meta name="theme-color" content="#198754">' in head
    touch = re.search(r'rel="apple-touch-icon" href="([^"]+)"', head)
    assert touch and client.get(touch.group(1)).status_code == 200
    script = re.search(
        r'<script src="(/assets/js/pwa\.[0-9a-f]+\.js)" data-sw="/sw.js" defer>', head
    )
    assert script, head
    assert "serviceWorker" in client.get(script.group(1)).get_data(as_text=True)


def test_worker_is_served_at_the_root_fresh_with_this_builds_files(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    first, _, rest = body.partition("\n")
    assert first.startswith("self.PWA = ") and first.endswith(";")
    settings = json.loads(first.removeprefix("self.PWA = ").removesuffix(";"))
    assert settings["offline"] == "/luring" and "/luring" in settings["precache"]
    assert re.fullmatch(r"[0-9a-f]{12}", settings["version"])
    for url in settings["precache"]:  # every file the worker installs with exists
        assert client.get(url).status_code == 200, url
    assert any(re.fullmatch(r"/assets/css/app\.[0-9a-f]+\.css", u) for u in settings["precache"])
    for handler in ("install", "activate", "fetch", "message", "push", "notificationclick"):
        assert f"addEventListener('{handler}'" in rest


def test_offline_page_says_so_in_both_languages_and_shows_nobodys_name(
    client, login_as, db_session
):
    page = client.get("/luring")
    assert page.status_code == 200 and page.headers["Content-Language"] == "id"
    html = page.get_data(as_text=True)
    assert "Anda sedang offline" in html and 'href="#kartu-ambil"' in html
    client.get("/bahasa/en")
    page = client.get("/luring")
    assert page.headers["Content-Language"] == "en"
    assert "You are offline" in page.get_data(as_text=True)
    user = make_user(db_session, name="Rahmat Pribadi")
    login_as(user)
    html = client.get("/luring").get_data(as_text=True)
    assert "Rahmat" not in html and "csrf_token" not in html  # the worker may keep it for all


@pytest.fixture
def open_order(shop, db_session):
    return make_order(db_session, shop["buyer"], {shop["nasi"]: 1}, shop["logistics"]).orders[0]


def test_pass_header_only_on_the_buyers_own_open_order(client, login_as, shop, open_order):
    url = f"/pesanan/{open_order.id}"
    assert client.get(url).status_code == 302  # anonymous: to the login page, nothing to keep
    login_as(shop["buyer"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"  # never in the HTTP cache
    user_id = response.headers["X-Offline-User"]
    assert re.fullmatch(r"[0-9a-f]{24}", user_id) and str(shop["buyer"].id) != user_id
    assert response.headers["X-Offline-Pass"] == user_id
    assert response.headers["X-Offline-Pass-Files"] == f"/pesanan/{open_order.id}/qr.svg"
    assert open_order.pickup_code in response.get_data(as_text=True)
    # Other pages of the same user say whose they are, but are not passes.
    other = client.get("/pesanan")
    assert other.headers["X-Offline-User"] == user_id and "X-Offline-Pass" not in other.headers


def test_no_pass_for_a_completed_order(client, login_as, shop, open_order, db_session):
    open_order.status = "completed"
    db_session.flush()
    login_as(shop["buyer"])
    response = client.get(f"/pesanan/{open_order.id}")
    assert response.status_code == 200 and "X-Offline-Pass" not in response.headers


def test_no_pass_for_another_user(client, login_as, open_order, db_session):
    login_as(make_user(db_session, name="Darto Lain"))
    response = client.get(f"/pesanan/{open_order.id}")
    assert response.status_code == 404 and "X-Offline-Pass" not in response.headers


def test_users_get_different_ids(client, login_as, shop, db_session):
    login_as(shop["buyer"])
    first = client.get("/pesanan").headers["X-Offline-User"]
    client.post("/akun/keluar")
    login_as(make_user(db_session, name="Wati Lain"))
    assert client.get("/pesanan").headers["X-Offline-User"] != first


def test_anonymous_pages_name_nobody(client):
    assert "X-Offline-User" not in client.get("/").headers


def test_logout_clears_the_devices_caches_and_storage(client, login_as, shop):
    login_as(shop["buyer"])
    response = client.post("/akun/keluar")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    html = client.get("/").get_data(as_text=True)
    assert "data-pwa-logout" not in html  # logged out: no logout form
    login_as(shop["buyer"])
    assert "data-pwa-logout" in client.get("/").get_data(as_text=True)  # pwa.js hooks it


def _compressed_size(client, url: str) -> int:
    response = client.get(url, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200, url
    return len(response.data)


def test_first_view_of_the_home_page_fits_the_budget(client):
    """HTML, every asset it links, the manifest and its icons, the worker and what it
    installs: at most 100 KB compressed (product photos aside)."""
    html = client.get("/", headers={"Accept-Encoding": "br"})
    page = brotli.decompress(html.data).decode()
    urls = set(re.findall(r'(?:href|src)="(/assets/[^"]+)"', page))
    manifest = json.loads(client.get("/manifest.webmanifest").get_data(as_text=True))
    urls |= {icon["src"] for icon in manifest["icons"]}
    worker = client.get("/sw.js").get_data(as_text=True).split("\n", 1)[0]
    urls |= set(json.loads(worker.removeprefix("self.PWA = ").removesuffix(";"))["precache"])
    urls |= {"/manifest.webmanifest", "/sw.js"}
    total = len(html.data) + sum(_compressed_size(client, url) for url in sorted(urls))
    assert total <= BUDGET, f"{total} bytes"
