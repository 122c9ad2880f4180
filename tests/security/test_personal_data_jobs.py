"""No workforce personal data (person labels, birth years, age bands) on any public, investor
or dashboard page: only counts leave the chair's and the officer's record pages."""

from __future__ import annotations

from datetime import date

from tests.catalog.workforce_factories import make_worker
from tests.factories import make_product, make_user, make_vetted_group

LABEL = "Sulastri Rahayu"
# A bare year may well appear in a chart's coordinates; the record page says "Tahun lahir".
PRIVATE = (LABEL, "Tahun lahir", "Born in", "Di bawah 25 tahun", "Under 25", "25–29")


def _leaks(html: str) -> list[str]:
    return [p for p in PRIVATE if p in html]


def test_workforce_personal_data_stays_off_public_investor_and_dashboard_pages(
    client, db_session, login_as
):
    group = make_vetted_group(db_session, name="Konveksi Rapi")
    make_product(db_session, group)
    make_worker(db_session, group, date(2026, 1, 1), label=LABEL, birth_year=1987)
    make_worker(db_session, group, date(2026, 1, 1), label=LABEL, age_band="lt25")
    make_worker(db_session, group, date(2026, 1, 1), label=LABEL, age_band="25-29")
    public = ["/", "/products", f"/groups/{group.slug}", "/products?q=Konveksi"]
    found = {}
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        if leaks := _leaks(response.get_data(as_text=True)):
            found[path] = leaks
    login_as(make_user(db_session, role="investor"))
    investor = [
        "/investor/kelompok",
        f"/investor/kelompok/{group.slug}",
        f"/investor/bandingkan?g={group.slug}",
        f"/groups/{group.slug}",
    ]
    for path in investor:
        response = client.get(path)
        assert response.status_code == 200, path
        if leaks := _leaks(response.get_data(as_text=True)):
            found[path] = leaks
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="officer"))
    dashboard = [
        "/pendamping/dampak",
        "/pendamping/dampak/kohort",
        f"/pendamping/dampak/kohort?kelompok={group.id}&mulai=2026-01&sampai=2026-03",
        *(
            f"/pendamping/dampak/{k}.csv"
            for k in ("kerja", "kerja-tingkat", "kerja-bidang", "kerja-kecamatan", "unggulan")
        ),
    ]
    for path in dashboard:
        response = client.get(path)
        assert response.status_code == 200, path
        if leaks := _leaks(response.get_data(as_text=True)):
            found[path] = leaks
    assert found == {}
    # the officer's own record page is where the labels may be read
    page = client.get(f"/pendamping/kelompok/{group.id}/tenaga-kerja").get_data(as_text=True)
    assert LABEL in page and "Tahun lahir 1987" in page
