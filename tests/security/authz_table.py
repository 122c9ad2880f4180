"""Who gets what on every route: the authorization matrix's expected outcomes.

Keys are URL rules (one row per rule; a rule missing here fails the matrix test). Each row maps
a method to the outcome per kind of user (see `tests/security/world.py` for who they are).
URL parameters always name group A's or buyer1's objects.

Outcomes: "ok" = the view ran for this user (2xx, a redirect not to the login page, or the
view's own 409/422 refusal of the empty form), "login" = redirect to the login page, or a
status code as a string ("400", "403", "404"). Methods a rule does not allow answer "405".
"""

from __future__ import annotations

from tests.security.world import USERS


def row(default: str, **per_user: str) -> dict[str, str]:
    unknown = set(per_user) - set(USERS)
    assert not unknown, unknown
    return {u: per_user.get(u, default) for u in USERS}


PUBLIC = row("ok")
LOGGED_IN = row("ok", anon="login")
# Producer pages: the group always comes from the login, never from the URL.
PRODUCER = row("403", anon="login", prodA="ok", prodB="ok")
# Producer pages of group A's object: group B's chair finds nothing.
PRODUCER_A = row("403", anon="login", prodA="ok", prodB="404")
# buyer1's order / checkout / payment: anyone else finds nothing.
BUYER1 = row("404", anon="login", buyer="ok")
OFFICER = row("403", anon="login", officer="ok")
INVESTOR = row("403", anon="login", inv="ok")
OFFICER_400 = row("403", anon="login", officer="400")  # empty decision form: 400
# Company staff pages: the company comes from the login; staff of company B see their own.
# Officers and investors cannot be company staff.
COMPANY_SIGNUP = row("ok", anon="login", inv_pending="403", inv="403", officer="403")
COMPANY_STAFF = row("ok", anon="login")  # non-staff are sent to the registration form
COMPANY_APPROVER = row("404", anon="login", company="ok", compB="ok")

TABLE: dict[str, dict[str, dict[str, str]]] = {
    # --- public site ------------------------------------------------------------------------
    "/": {"GET": PUBLIC},
    "/healthz": {"GET": PUBLIC},
    "/favicon.ico": {"GET": PUBLIC},
    "/bahasa/<code>": {"GET": PUBLIC},
    "/products": {"GET": PUBLIC},
    "/products/<int:product_id>": {"GET": PUBLIC},
    "/groups/<slug>": {"GET": PUBLIC},
    "/media/<key>": {"GET": PUBLIC},
    "/assets/<path:name>": {"GET": PUBLIC},
    # --- accounts ---------------------------------------------------------------------------
    "/akun/daftar": {"GET": PUBLIC, "POST": PUBLIC},
    "/akun/daftar-investor": {"GET": PUBLIC, "POST": PUBLIC},
    "/akun/masuk": {"GET": PUBLIC, "POST": PUBLIC},
    "/akun/keluar": {"POST": PUBLIC},
    "/akun/kata-sandi": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    "/akun/lupa-kata-sandi": {"GET": PUBLIC, "POST": PUBLIC},
    # The token is the credential (signed, one-time, expiring): whoever holds it may use it.
    "/akun/pulihkan/<token>": {"GET": PUBLIC, "POST": PUBLIC},
    # --- groups and their shop --------------------------------------------------------------
    "/kelompok/daftar": {
        "GET": row("ok", anon="login", inv_pending="403", inv="403", officer="403"),
        "POST": row("ok", anon="login", inv_pending="403", inv="403", officer="403"),
    },
    "/kelompok/gabung": {
        "GET": row("ok", anon="login", inv_pending="403", inv="403", officer="403"),
        "POST": row("ok", anon="login", inv_pending="403", inv="403", officer="403"),
    },
    "/kelompok/saya": {"GET": PRODUCER},
    "/kelompok/saya/ubah": {"GET": PRODUCER, "POST": PRODUCER},
    "/kelompok/saya/kode-baru": {"POST": PRODUCER},
    "/kelompok/saya/produk": {"GET": PRODUCER},
    "/kelompok/saya/produk/baru": {"GET": PRODUCER, "POST": PRODUCER},
    "/kelompok/saya/produk/<int:product_id>/ubah": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/kelompok/saya/produk/<int:product_id>/foto": {"POST": PRODUCER_A},
    "/kelompok/saya/produk/<int:product_id>/foto/<int:photo_id>/<action>": {"POST": PRODUCER_A},
    "/kelompok/saya/produk/<int:product_id>/hapus": {"POST": PRODUCER_A},
    "/kelompok/saya/produk/<int:product_id>/nonaktifkan": {"POST": PRODUCER_A},
    "/kelompok/saya/produk/<int:product_id>/aktifkan": {"POST": PRODUCER_A},
    "/kelompok/saya/saldo": {"GET": PRODUCER},
    # --- cart, checkout, the buyer's orders -------------------------------------------------
    "/keranjang": {"GET": PUBLIC},
    "/keranjang/tambah": {"POST": PUBLIC},
    "/keranjang/ubah/<int:product_id>": {"POST": PUBLIC},
    "/checkout": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    "/pesanan": {"GET": LOGGED_IN},
    "/pesanan/checkout/<int:checkout_id>": {"GET": BUYER1},
    "/pesanan/<int:order_id>": {"GET": BUYER1},
    "/pesanan/<int:order_id>/qr.svg": {"GET": BUYER1},
    "/pesanan/<int:order_id>/batal": {"GET": BUYER1, "POST": BUYER1},
    "/pesanan/<int:order_id>/pesan-lagi": {"POST": BUYER1},
    "/pesanan/<int:order_id>/ulasan": {"POST": BUYER1},
    "/notifikasi": {"GET": LOGGED_IN},
    "/notifikasi/baca": {"POST": LOGGED_IN},
    # --- the producer's orders --------------------------------------------------------------
    "/produsen/pesanan": {"GET": PRODUCER},
    "/produsen/pesanan/<int:order_id>": {"GET": PRODUCER_A},
    "/produsen/pesanan/<int:order_id>/status": {"POST": PRODUCER_A},
    "/produsen/serahkan": {"GET": PRODUCER, "POST": PRODUCER},
    "/produsen/rekap": {"GET": PRODUCER},
    "/produsen/layanan": {"GET": PRODUCER, "POST": PRODUCER},
    # Daily capacity: an empty form is the view's own 422 refusal; B never finds A's capacity.
    "/produsen/layanan/kapasitas": {"POST": PRODUCER},
    "/produsen/layanan/kapasitas/<int:capacity_id>": {"POST": PRODUCER_A},
    "/produsen/layanan/kapasitas/<int:capacity_id>/hapus": {"POST": PRODUCER_A},
    # --- payments ---------------------------------------------------------------------------
    "/pembayaran/<int:checkout_id>": {"GET": BUYER1},
    "/pembayaran/<int:checkout_id>/bayar": {"GET": BUYER1, "POST": BUYER1},
    # Signature-authenticated, no session: an unsigned empty body is malformed for everyone.
    "/payments/midtrans/notification": {"POST": row("400")},
    "/payments/simulator/<order_id>": {
        "GET": BUYER1,
        "POST": row("404", anon="login", buyer="400"),  # no action chosen: 400
    },
    # --- group documents, pitches and investor interest (producer side) ---------------------
    "/dokumen/<int:doc_id>": {"GET": row("404", prodA="ok", officer="ok")},
    "/produsen/investasi/dokumen": {"GET": PRODUCER, "POST": PRODUCER},
    "/produsen/investasi/dokumen/<int:doc_id>/hapus": {"POST": PRODUCER_A},
    "/produsen/investasi/proposal": {"GET": PRODUCER},
    "/produsen/investasi/proposal/baru": {"GET": PRODUCER, "POST": PRODUCER},
    "/produsen/investasi/proposal/<int:pitch_id>": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/produsen/investasi/proposal/<int:pitch_id>/ubah": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/produsen/investasi/proposal/<int:pitch_id>/<action>": {"POST": PRODUCER_A},
    "/produsen/investasi/proposal/<int:pitch_id>/lampiran/<int:attachment_id>": {"GET": PRODUCER_A},
    "/produsen/investasi/minat": {"GET": PRODUCER},
    "/produsen/investasi/minat/<int:interest_id>": {"GET": PRODUCER_A, "POST": PRODUCER_A},
    "/produsen/investasi/minat/<int:interest_id>/status": {"POST": PRODUCER_A},
    # --- investors --------------------------------------------------------------------------
    "/investor/kelompok": {"GET": INVESTOR},
    "/investor/kelompok/<slug>": {"GET": INVESTOR},
    "/investor/bandingkan": {"GET": INVESTOR},
    "/investor/pantauan": {"GET": INVESTOR},
    "/investor/pantauan/<slug>": {"POST": INVESTOR},
    "/investor/proposal": {"GET": INVESTOR},
    "/investor/proposal/<int:pitch_id>": {"GET": INVESTOR, "POST": INVESTOR},
    "/investor/proposal/<int:pitch_id>/lampiran/<int:attachment_id>": {"GET": INVESTOR},
    "/investor/minat": {"GET": INVESTOR},
    "/investor/minat/<int:interest_id>": {"GET": INVESTOR, "POST": INVESTOR},
    # --- officers ---------------------------------------------------------------------------
    "/pendamping/": {"GET": OFFICER},
    "/pendamping/kelompok": {"GET": OFFICER},
    "/pendamping/kelompok/<int:group_id>": {"GET": OFFICER, "POST": OFFICER_400},
    "/pendamping/kelompok/<int:group_id>/kunjungan": {"POST": OFFICER},
    "/pendamping/kelompok/<int:group_id>/penilaian": {"POST": OFFICER},
    "/pendamping/kelompok/<int:group_id>/program": {"GET": OFFICER},
    "/pendamping/kelompok/<int:group_id>/tingkat": {"POST": OFFICER},
    "/pendamping/investor": {"GET": OFFICER},
    "/pendamping/investor/<int:user_id>": {"POST": OFFICER},
    "/pendamping/audit": {"GET": OFFICER},
    "/pendamping/dampak": {"GET": OFFICER},
    "/pendamping/dampak/<key>.csv": {"GET": OFFICER},
    "/pendamping/proposal": {"GET": OFFICER},
    "/pendamping/proposal/<int:pitch_id>": {"GET": OFFICER, "POST": OFFICER},
    "/pendamping/proposal/<int:pitch_id>/lampiran/<int:attachment_id>": {"GET": OFFICER},
    "/pendamping/pembayaran": {"GET": OFFICER, "POST": OFFICER},
    "/pendamping/pembayaran/refund-ulang": {"POST": OFFICER},
    "/pendamping/titik-ambil": {"GET": OFFICER},
    "/pendamping/titik-ambil/tambah": {"POST": OFFICER},
    "/pendamping/zona-antar/tambah": {"POST": OFFICER},
    "/pendamping/<kind>/<int:item_id>/aktif": {"POST": OFFICER},
    "/pendamping/jam-ambil": {"POST": OFFICER},
    # --- procurement: companies -------------------------------------------------------------
    "/pengadaan/daftar": {"GET": COMPANY_SIGNUP, "POST": COMPANY_SIGNUP},
    "/pengadaan/perusahaan": {"GET": COMPANY_STAFF},
    "/pengadaan/perusahaan/anggota": {"POST": COMPANY_APPROVER},
    "/pengadaan/perusahaan/batas": {"POST": COMPANY_APPROVER},
    "/pengadaan/petugas/perusahaan": {"GET": OFFICER},
    "/pengadaan/petugas/perusahaan/<int:company_id>": {"GET": OFFICER, "POST": OFFICER_400},
}


# Rows kept per area in tests/security/authz_rows/<area>.py (ROWS), merged here.
def _area_rows() -> None:
    import importlib
    import pkgutil

    from tests.security import authz_rows

    for info in sorted(pkgutil.iter_modules(authz_rows.__path__), key=lambda m: m.name):
        rows = importlib.import_module(f"tests.security.authz_rows.{info.name}").ROWS
        clash = set(rows) & set(TABLE)
        assert not clash, clash
        TABLE.update(rows)


_area_rows()

# Parameters that name someone's own object: the "other" buyer and group never get it.
OWNED_PARAMS = {
    "photo_id",
    "order_id",
    "checkout_id",
    "doc_id",
    "attachment_id",
    "interest_id",
    "capacity_id",
    # procurement: company A's and group A's documents (see world.py); company B's staff and
    # group B's chair never reach them
    "rfq_id",
    "file_id",
    "po_id",
    "delivery_id",
    "bast_id",
    "bast_photo_id",
    "invoice_id",
    "contract_id",
    "company_id",
    # deals (issue 16): inv's deal with group A, its tranche and update
    "deal_id",
    "tranche_id",
    "update_id",
    # push devices (issue 17): buyer1's device
    "device_id",
}
