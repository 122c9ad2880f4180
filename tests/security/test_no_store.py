"""Private pages are never kept in a browser's or a proxy's cache (`Cache-Control: no-store`).

Every answer to a logged-in user (pickup codes, cart, balance, investor and officer pages,
CSVs, the order QR) and every page with a form's CSRF token is `no-store`; only public assets
and product photos may be cached. Checked over the authorization matrix's URL list.
"""

from __future__ import annotations

from tests.security.authz_table import TABLE
from tests.security.world import USERS, url_for_rule

PUBLIC_ASSETS = ("/static/", "/media/", "/assets/")


def _get_rules():
    return sorted(rule for rule, methods in TABLE.items() if "GET" in methods)


def test_every_page_for_a_logged_in_user_is_no_store(security_world):
    world, clients = security_world
    stored = []
    checked = 0
    for rule in _get_rules():
        url = url_for_rule(rule, world)
        for kind in USERS:
            if kind == "anon":
                continue
            response = clients[kind].get(url)
            response.close()
            cache = response.headers.get("Cache-Control", "")
            if url.startswith(PUBLIC_ASSETS):
                assert "no-store" not in cache, (url, kind, cache)
                continue
            checked += 1
            if "no-store" not in cache:
                stored.append((kind, response.status_code, url, cache))
    assert checked > 400
    assert not stored, stored


def test_private_pages_named_in_the_report_are_no_store(security_world):
    world, clients = security_world
    order = world.ids["order"].id
    pages = {
        "buyer": ["/keranjang", "/checkout", "/pesanan", "/notifikasi"],
        "prodA": ["/kelompok/saya/saldo", "/produsen/pesanan", "/produsen/rekap"],
        "inv": ["/investor/kelompok", "/investor/minat"],
        "officer": ["/pendamping/", "/pendamping/pembayaran", "/pendamping/dampak/omzet.csv"],
    }
    pages["buyer"] += [f"/pesanan/{order}", f"/pesanan/{order}/qr.svg"]
    for kind, urls in pages.items():
        for url in urls:
            response = clients[kind].get(url)
            assert response.status_code in (200, 302), (url, response.status_code)
            assert response.headers["Cache-Control"] == "no-store", url


def test_forms_for_anonymous_visitors_are_no_store_and_public_pages_are_not(
    app, security_world, monkeypatch
):
    _world, clients = security_world
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # the token makes it private
    anon = clients["anon"]
    for url in ("/akun/masuk", "/akun/daftar", "/akun/lupa-kata-sandi", "/keranjang"):
        response = anon.get(url)
        assert response.status_code == 200, url
        assert response.headers.get("Cache-Control") == "no-store", url
    photo = anon.get(url_for_rule("/media/<key>", _world))
    assert "no-store" not in photo.headers.get("Cache-Control", "")
