"""The main forms fuzzed with Hypothesis: never a 5xx, and stored text never renders as HTML.

Values mix valid ones with very long, empty, negative/huge numbers, unicode (emoji, RTL, NUL),
HTML/script and SQL-looking strings. After each POST the pages that show what was stored are
fetched and must not contain the payloads unescaped. The test's database work is rolled back
once per test (not per example), so values that must be unique are generated unique.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import login
from tests.factories import make_user
from tests.security.world import World

PAYLOADS = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "1; DROP TABLE users; --",
    "-1",
    "0",
    "-99999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "１２３",
    "\u202egnp.exe",
    "😀" * 40,
    "x" * 5000,
    "{{ 7*7 }}",
    "%00",
    "a\x00b",
    "../../etc/passwd",
]
RAW = ("<script>alert(", "<img src=x onerror")
_seq = itertools.count(1)


def nasty() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=300))


def field(*valid: str) -> st.SearchStrategy[str]:
    """Mostly a valid value (so things get stored), often a nasty one."""
    return st.one_of(st.sampled_from(valid), nasty())


def unique_email() -> st.SearchStrategy[str]:
    return st.builds(lambda: f"fuzz{next(_seq)}@contoh.id")


def unique_phone() -> st.SearchStrategy[str]:
    return st.builds(lambda: f"0813{next(_seq):08d}")


SCRIPTY = st.sampled_from(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
TEXT = st.one_of(SCRIPTY, nasty(), st.just("Teks biasa yang cukup panjang"))
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def cases(w: World) -> dict:
    """name -> (user kind, URL, {field: strategy}, pages that show what was stored)."""
    ids = w.ids
    group, pitch = ids["group_a"], ids["pitch"]
    group_fields = {
        "name": st.one_of(TEXT, st.just("Kelompok Fuzz")),
        "sectors": field("konveksi", "makanan-minuman"),
        "kecamatan": field("Gringsing", "Batang"),
        "village": TEXT,
        "address": TEXT,
        "member_count": field("12"),
        "nib": st.one_of(st.builds(lambda: f"{next(_seq):013d}"), nasty()),
        "whatsapp": field("081234567890"),
        "description": TEXT,
    }
    product_fields = {
        "name": st.one_of(TEXT, st.just("Nasi kotak")),
        "category": field("makanan-minuman"),
        "description": TEXT,
        "price": field("15.000", "15000"),
        "unit": field("pcs"),
        "sale_type": field("ready", "preorder"),
        "stock": field("10"),
        "min_order": field("1"),
        "lead_time_days": field("", "2"),
    }
    return {
        "register": (
            "new",
            "/akun/daftar",
            {
                "name": TEXT,
                "email": st.one_of(unique_email(), nasty()),
                "phone": st.one_of(unique_phone(), nasty()),
                "password": field("rahasia123"),
                "confirm": field("rahasia123"),
            },
            ["/"],
        ),
        "login": ("new", "/akun/masuk", {"identifier": TEXT, "password": TEXT}, []),
        "search": ("anon", "/products", {"q": TEXT, "min": TEXT, "max": TEXT, "hal": TEXT}, []),
        "register_group": ("new_buyer", "/kelompok/daftar", group_fields, ["/kelompok/saya"]),
        "edit_group": ("prodA", "/kelompok/saya/ubah", group_fields, ["/kelompok/saya"]),
        "new_product": ("prodA", "/kelompok/saya/produk/baru", product_fields, []),
        "edit_product": (
            "prodA",
            f"/kelompok/saya/produk/{ids['product'].id}/ubah",
            product_fields,
            [f"/products/{ids['product'].id}", "/kelompok/saya/produk"],
        ),
        "cart_add": (
            "buyer",
            "/keranjang/tambah",
            {"product_id": field(str(ids["product"].id)), "quantity": nasty(), "next": TEXT},
            ["/keranjang"],
        ),
        "checkout": (
            "buyer",
            "/checkout",
            {
                f"mode-{group.id}": field("pickup", "delivery"),
                f"slot-{group.id}": st.one_of(nasty(), st.just(f"{TOMORROW}|1")),
                f"point-{group.id}": field(str(ids["point"].id)),
                f"note-{group.id}": TEXT,
                "payment": field("cod", "midtrans"),
            },
            [],
        ),
        "review": (
            "buyer",
            f"/pesanan/{ids['completed_order'].id}/ulasan",
            {"product_id": nasty(), "rating": field("5", "1"), "comment": TEXT},
            [f"/pesanan/{ids['completed_order'].id}"],
        ),
        "pitch": (
            "prodA",
            "/produsen/investasi/proposal/baru",
            {
                "title": st.one_of(TEXT, st.just("Tambah mesin")),
                "amount": field("1000000"),
                "partnership": field("bagi_hasil"),
                "timeline": TEXT,
                "new_jobs": field("2"),
                "description": TEXT,
                "lines-0-description": TEXT,
                "lines-0-amount": field("1000000"),
            },
            ["/produsen/investasi/proposal"],
        ),
        "interest_reply": (
            "inv",
            f"/investor/minat/{ids['interest'].id}",
            {"body": TEXT},
            [f"/investor/minat/{ids['interest'].id}"],
        ),
        "group_reply": (
            "prodA",
            f"/produsen/investasi/minat/{ids['interest'].id}",
            {"body": TEXT},
            [f"/produsen/investasi/minat/{ids['interest'].id}"],
        ),
        "interest": (
            "inv",
            f"/investor/proposal/{pitch.id}",
            {"amount": nasty(), "message": TEXT},
            [],
        ),
        "payout": (
            "officer",
            "/pendamping/pembayaran",
            {"group_id": field(str(group.id)), "amount": nasty(), "reference": TEXT, "note": TEXT},
            ["/pendamping/pembayaran", "/kelompok/saya/saldo"],
        ),
        "group_decision": (
            "officer",
            f"/pendamping/kelompok/{w.ids['group_b'].id}",
            {"action": field("suspend", "reinstate"), "reason": TEXT},
            [f"/pendamping/kelompok/{w.ids['group_b'].id}", "/pendamping/audit"],
        ),
        "vetting": (
            "officer",
            f"/pendamping/kelompok/{w.ids['group_b'].id}/penilaian",
            {"action": field("vet", "revoke"), "notes": TEXT},
            [f"/pendamping/kelompok/{w.ids['group_b'].id}/program", "/pendamping/audit"],
        ),
        "visit_note": (
            "officer",
            f"/pendamping/kelompok/{group.id}/kunjungan",
            {"visit_date": field(date.today().isoformat()), "observations": TEXT, "advice": TEXT},
            [f"/pendamping/kelompok/{group.id}/program"],
        ),
        "investor_decision": (
            "officer",
            f"/pendamping/investor/{w.users['inv_pending'].id}",
            {"action": field("approve", "reject"), "reason": TEXT},
            ["/pendamping/audit"],
        ),
        "pickup_point": ("officer", "/pendamping/titik-ambil/tambah", {"name": TEXT}, []),
        "handover": ("prodA", "/produsen/serahkan", {"kode": TEXT}, []),
    }


def _check(response, where) -> None:
    assert response.status_code < 500, (where, response.status_code)
    body = response.get_data(as_text=True)
    for raw in RAW:
        assert raw not in body, (where, raw)


CASE_NAMES = [
    "register",
    "login",
    "search",
    "register_group",
    "edit_group",
    "new_product",
    "edit_product",
    "cart_add",
    "checkout",
    "review",
    "pitch",
    "interest",
    "interest_reply",
    "group_reply",
    "payout",
    "group_decision",
    "vetting",
    "visit_note",
    "investor_decision",
    "pickup_point",
    "handover",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_form_fuzz(name, app, db_session, security_world):
    world, clients = security_world
    kind, url, fields, pages = cases(world)[name]

    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.fixed_dictionaries(fields))
    def run(data):
        if kind == "new":
            client = app.test_client()
        elif kind == "new_buyer":
            client = app.test_client()
            user = make_user(db_session)
            db_session.commit()
            login(client, user.email)
        else:
            client = clients[kind]
        method = "GET" if name == "search" else "POST"
        response = client.open(
            url,
            method=method,
            query_string=data if method == "GET" else None,
            data=data if method == "POST" else None,
        )
        _check(response, (name, data))
        follow = [response.headers["Location"]] if response.status_code in (302, 303) else []
        for page in follow + pages:
            _check(client.get(page), (name, page, data))

    run()
