"""The impact dashboard and its CSV exports."""

from __future__ import annotations

import csv
import io

from tests.factories import make_group, make_sold_order, make_user
from tests.investors.helpers import in_month, month_start


def test_impact_tables_and_csv_export(client, db_session, login_as):
    konveksi = make_group(
        db_session, tier="lanjutan", sectors=("konveksi",), name="=Konveksi Uji", kecamatan="Subah"
    )
    makanan = make_group(db_session, name="Dapur Uji", kecamatan="Subah")
    make_group(db_session, status="unverified", name="Belum Diverifikasi")
    buyer = make_user(db_session)
    make_sold_order(db_session, konveksi, buyer, 300_000, completed_at=in_month(1))
    make_sold_order(db_session, makanan, buyer, 45_000, completed_at=in_month(1))
    make_sold_order(db_session, makanan, buyer, 5_000, completed_at=in_month(2))
    login_as(make_user(db_session, role="officer"))
    page = client.get("/pendamping/dampak")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="table-unggulan"' in html and "Dapur Uji" in html

    def rows(key):
        response = client.get(f"/pendamping/dampak/{key}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))

    kec = {r[0]: r[1:] for r in rows("kecamatan")[1:]}
    assert kec["Subah"] == ["2", "24"]  # two verified groups of 12 members each
    month = month_start(1).strftime("%Y-%m")
    omzet = {r[0]: r[1:] for r in rows("omzet")}
    assert omzet["Bulan"] == ["Omzet (Rp)", "Pesanan selesai"]
    assert omzet[month] == ["345000", "2"]
    by_sector = rows("omzet-bidang")
    header, data = by_sector[0], {r[0]: r for r in by_sector[1:]}
    assert data[month][header.index("Konveksi")] == "300000"
    assert data[month][header.index("Makanan & Minuman")] == "45000"
    board = rows("unggulan")
    assert board[1][:2] == ["1", "'=Konveksi Uji"]  # formula injection neutralised
    assert board[2][1] == "Dapur Uji" and board[2][4] == "50000"
    assert client.get("/pendamping/dampak/tidak-ada.csv").status_code == 404
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="investor"))
    assert client.get("/pendamping/dampak/omzet.csv").status_code == 403
