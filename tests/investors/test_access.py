"""Who sees what: only approved investors, only vetted lanjutan groups; browse and watchlist."""

from __future__ import annotations

from marketplace.investors.models import GroupVetting
from tests.factories import make_group, make_sold_order, make_user, make_vetted_group
from tests.investors.helpers import in_month


def test_unvetted_or_pemula_groups_are_invisible_to_investors(client, db_session, login_as):
    vetted = make_vetted_group(db_session, name="Kelompok Layak")
    unvetted = make_group(db_session, tier="lanjutan", name="Kelompok Belum Dinilai")
    pemula = make_group(db_session, tier="pemula", name="Kelompok Pemula")
    # vetted once, then demoted to pemula: invisible too
    db_session.add(GroupVetting(group_id=pemula.id, is_vetted=True))
    suspended = make_vetted_group(db_session, status="suspended", name="Kelompok Dibekukan")
    login_as(make_user(db_session, role="investor"))
    assert client.get(f"/investor/kelompok/{vetted.slug}").status_code == 200
    for group in (unvetted, pemula, suspended):
        assert client.get(f"/investor/kelompok/{group.slug}").status_code == 404
        assert client.post(f"/investor/pantauan/{group.slug}").status_code == 404
    listing = client.get("/investor/kelompok").get_data(as_text=True)
    assert "Kelompok Layak" in listing
    assert "Belum Dinilai" not in listing and "Kelompok Pemula" not in listing
    assert "Dibekukan" not in listing
    compare = client.get(f"/investor/bandingkan?g={unvetted.slug}&g={vetted.slug}")
    table = compare.get_data(as_text=True).split('data-testid="compare-table"')[1]
    assert "Kelompok Layak" in table and "Belum Dinilai" not in table
    assert "OJK" in listing  # the platform says it does not collect investment money


def test_unapproved_investor_and_other_roles_are_refused(client, db_session, login_as):
    group = make_vetted_group(db_session)
    assert client.get("/investor/kelompok").status_code == 302  # to login
    login_as(make_user(db_session, role="investor", approved=False))
    for url in ("/investor/kelompok", f"/investor/kelompok/{group.slug}", "/investor/proposal"):
        response = client.get(url)
        assert response.status_code == 403
        assert "belum disetujui" in response.get_data(as_text=True)
    client.post("/akun/keluar")
    login_as(make_user(db_session))
    assert client.get("/investor/kelompok").status_code == 403


def test_browse_filters_sorts_compares_and_watchlist(client, db_session, login_as):
    small = make_vetted_group(db_session, name="Keripik Kecil", kecamatan="Tulis")
    big = make_vetted_group(
        db_session, name="Konveksi Besar", kecamatan="Gringsing", sectors=("konveksi",)
    )
    third = make_vetted_group(db_session, name="Batik Tengah", sectors=("kerajinan",))
    buyer = make_user(db_session)
    make_sold_order(db_session, small, buyer, 20_000, completed_at=in_month(1))
    make_sold_order(db_session, big, buyer, 60_000_000, completed_at=in_month(1))
    make_sold_order(db_session, big, buyer, 10_000_000, completed_at=in_month(5))
    make_sold_order(db_session, third, buyer, 500_000, completed_at=in_month(2))
    login_as(make_user(db_session, role="investor"))
    page = client.get("/investor/kelompok?urut=omzet").get_data(as_text=True)
    assert page.index("Konveksi Besar") < page.index("Batik Tengah") < page.index("Keripik Kecil")
    only = client.get("/investor/kelompok?bidang=konveksi").get_data(as_text=True)
    assert "Konveksi Besar" in only and "Keripik Kecil" not in only
    only = client.get("/investor/kelompok?kecamatan=Tulis").get_data(as_text=True)
    assert "Keripik Kecil" in only and "Konveksi Besar" not in only
    only = client.get("/investor/kelompok?omzet=menengah").get_data(as_text=True)
    assert "Konveksi Besar" in only and "Batik Tengah" not in only
    only = client.get("/investor/kelompok?tumbuh=naik").get_data(as_text=True)
    assert "Konveksi Besar" in only and "Keripik Kecil" not in only  # no earlier months
    slugs = [small.slug, big.slug, third.slug, make_vetted_group(db_session).slug]
    compare = client.get("/investor/bandingkan", query_string={"g": slugs}).get_data(as_text=True)
    head = compare.split('data-testid="compare-table"')[1].split("</thead>")[0]
    assert head.count("/investor/kelompok/") == 3  # at most three side by side
    assert client.post(f"/investor/pantauan/{big.slug}").status_code == 302
    assert "Konveksi Besar" in client.get("/investor/pantauan").get_data(as_text=True)
    client.post(f"/investor/pantauan/{big.slug}")
    assert "Konveksi Besar" not in client.get("/investor/pantauan").get_data(as_text=True)
