"""TKM group registration, joining by code, profile editing, public visibility."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.catalog.models import ProducerGroup
from tests.factories import add_member, make_group, make_user

GROUP = {
    "name": "Konveksi Maju Jaya",
    "sectors": ["konveksi", "kreatif"],
    "kecamatan": "Gringsing",
    "village": "Plelen",
    "address": "Jl. Raya Plelen 5",
    "member_count": "12",
    "nib": "9120001234567",
    "pirt_number": "",
    "halal_number": "",
    "whatsapp": "0857 4000 1234",
    "description": "Seragam kerja untuk pabrik.",
}


def test_buyer_registers_group_and_becomes_chair(client, db_session, login_as):
    user = make_user(db_session)
    login_as(user)
    response = client.post("/kelompok/daftar", data=GROUP)
    assert response.status_code == 302
    group = db_session.scalars(
        select(ProducerGroup).where(ProducerGroup.name == "Konveksi Maju Jaya")
    ).one()
    assert group.status == "unverified"
    assert group.slug == "konveksi-maju-jaya"
    assert group.whatsapp == "6285740001234"
    assert group.sectors == ["konveksi", "kreatif"]
    assert group.chair.id == user.id
    page = client.get("/kelompok/saya").get_data(as_text=True)
    assert "Menunggu verifikasi" in page and group.join_code in page


def test_group_form_refuses_bad_nib_and_kecamatan(client, db_session, login_as):
    login_as(make_user(db_session))
    for bad in (
        {"nib": "12345"},
        {"nib": "12345678901ab"},
        {"kecamatan": "Semarang"},
        {"sectors": ["perikanan"]},
        {"whatsapp": "0211234567"},
        {"whatsapp": "+60 12-345 6789"},
    ):
        response = client.post("/kelompok/daftar", data=GROUP | bad)
        assert response.status_code == 422, bad
    assert db_session.scalar(select(ProducerGroup.id)) is None


def test_member_joins_with_code_and_chair_can_rotate_it(client, db_session, login_as):
    group = make_group(db_session)
    old_code = group.join_code
    member = make_user(db_session)
    login_as(member)
    assert client.post("/kelompok/gabung", data={"code": "SALAH999"}).status_code == 422
    assert client.post("/kelompok/gabung", data={"code": old_code.lower()}).status_code == 302
    assert member.name in client.get("/kelompok/saya").get_data(as_text=True)
    # A plain member cannot rotate the code; the chair can.
    assert client.post("/kelompok/saya/kode-baru").status_code == 403
    client.post("/akun/keluar")
    login_as(group.chair)
    assert client.post("/kelompok/saya/kode-baru").status_code == 302
    db_session.expire_all()
    assert db_session.get(ProducerGroup, group.id).join_code != old_code


def test_producer_edits_only_own_group(client, db_session, login_as):
    mine = make_group(db_session)
    other = make_group(db_session, name="Kelompok Lain")
    login_as(mine.chair)
    data = GROUP | {"name": "Nama Baru", "group_id": str(other.id), "slug": other.slug}
    assert client.post("/kelompok/saya/ubah", data=data).status_code == 302
    db_session.expire_all()
    assert db_session.get(ProducerGroup, mine.id).name == "Nama Baru"
    assert db_session.get(ProducerGroup, other.id).name == "Kelompok Lain"


def test_unverified_shop_visible_only_to_members(client, db_session, login_as):
    group = make_group(db_session, status="unverified")
    assert client.get(f"/groups/{group.slug}").status_code == 404
    login_as(make_user(db_session))
    assert client.get(f"/groups/{group.slug}").status_code == 404
    client.post("/akun/keluar")
    member = add_member(db_session, group)
    login_as(member)
    assert client.get(f"/groups/{group.slug}").status_code == 200


def test_verified_shop_is_public_with_whatsapp_link(client, db_session):
    group = make_group(db_session, status="verified")
    html = client.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert "https://wa.me/6281234567890?text=" in html


def test_non_members_cannot_open_producer_pages(client, db_session, login_as):
    assert client.get("/kelompok/saya").status_code == 302  # anonymous -> login
    login_as(make_user(db_session))
    assert client.get("/kelompok/saya").status_code == 403
    assert client.post("/kelompok/saya/kode-baru").status_code == 403
