"""NUL characters are refused with a clear 400 (never a 500); password changes end sessions."""

from __future__ import annotations

from tests.factories import make_vetted_group

PRODUCT = {
    "name": "Nasi kotak",
    "category": "makanan-minuman",
    "price": "15000",
    "unit": "pcs",
    "sale_type": "ready",
    "stock": "5",
    "min_order": "1",
}


def test_nul_in_form_or_query_is_a_clear_400(client, db_session, login_as):
    group = make_vetted_group(db_session)
    login_as(group.chair)
    posts = [
        ("/kelompok/saya/produk/baru", PRODUCT | {"name": "Nasi\x00kotak"}),
        ("/kelompok/saya/produk/baru", PRODUCT | {"desc\x00ription": "x"}),
        ("/kelompok/saya/ubah", {"description": "\x00"}),
        ("/produsen/serahkan", {"kode": "AB\x00CD"}),
        ("/akun/masuk", {"identifier": "a\x00@b.id", "password": "x"}),
    ]
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "Permintaan tidak valid" in response.get_data(as_text=True)
    assert client.get("/products", query_string={"q": "nasi\x00"}).status_code == 400
    # Without the NUL the same product is accepted.
    assert client.post("/kelompok/saya/produk/baru", data=PRODUCT).status_code == 302


def test_password_change_ends_other_sessions(app, client, db_session, login_as):
    """A session copied before a password change (a stolen cookie) stops working."""
    from tests.factories import make_user

    user = make_user(db_session)
    login_as(user)
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert other.get("/pesanan").status_code == 200
    response = client.post(
        "/akun/kata-sandi",
        data={"current": "rahasia123", "password": "rahasia-baru-1", "confirm": "rahasia-baru-1"},
    )
    assert response.status_code == 302
    assert client.get("/pesanan").status_code == 200  # the changer stays logged in
    assert other.get("/pesanan").status_code == 302  # the copied cookie is logged out


QUERY_PAGES = {  # pages that read query parameters, and who may open them
    "/": "anon",
    "/products": "anon",
    "/akun/masuk": "anon",
    "/bahasa/en": "anon",
    "/investor/kelompok": "inv",
    "/investor/bandingkan": "inv",
    "/pendamping/kelompok": "officer",
    "/produsen/pesanan": "prodA",
    "/produsen/rekap": "prodA",
    "/produsen/serahkan": "prodA",
}
PARAMS = "q hal harga_min harga_maks kategori kecamatan siap urut bidang omzet tumbuh g status"
PARAMS += " tanggal jam titik kode next data"
NASTY = [
    "",
    "-1",
    "99999999999999999999999",
    "1e309",
    "abc",
    "2026-02-30",
    "' OR 1=1 --",
    '"<script>alert(1)</script>',
    "😀" * 100,
    "x" * 3000,
    '"*)(NEAR AND OR NOT',
    "//evil.example/x",
]


def test_query_strings_never_500(security_world):
    """Every page that reads its query string survives hostile values (and never reflects HTML)."""
    world, clients = security_world
    for url, kind in QUERY_PAGES.items():
        for value in NASTY:
            query = {name: value for name in PARAMS.split()}
            response = clients[kind].get(url, query_string=query)
            body = response.get_data(as_text=True)
            assert response.status_code < 500, (url, value, response.status_code)
            assert "<script>alert(1)" not in body, (url, value)
            if response.status_code in (301, 302, 303):
                assert "evil.example" not in response.headers["Location"], (url, value)


def test_numbers_too_big_for_an_id_are_not_found_not_500(security_world):
    world, clients = security_world
    huge = "9" * 25
    for url in (
        f"/products/{huge}",
        f"/pesanan/{huge}",
        f"/pembayaran/{2**31}",
        "/dokumen/2147483648",
    ):
        assert clients["buyer"].get(url).status_code == 404, url
    assert clients["buyer"].post("/keranjang/tambah", data={"product_id": huge}).status_code == 404
    response = clients["officer"].post(
        "/pendamping/pembayaran", data={"group_id": huge, "amount": "1000", "reference": "TRF-1"}
    )
    assert response.status_code == 404
    response = clients["buyer"].post(
        f"/keranjang/ubah/{world.ids['product'].id}", data={"quantity": huge}
    )
    assert response.status_code < 500
