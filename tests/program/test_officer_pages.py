"""Officers' pages tell people what happened and show everything they review (issue 13)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfWriter

from marketplace.investors.pitch_models import Pitch
from marketplace.program import impact
from tests.factories import make_group, make_sold_order, make_user, make_vetted_group
from tests.investors.helpers import in_month

PITCH = {
    "title": "Mesin bordir baru",
    "amount": "20000000",
    "partnership": "bagi_hasil",
    "timeline": "Mesin dibeli Januari",
    "new_jobs": "2",
    "description": "Pesanan bordir seragam bertambah.",
    "lines-0-description": "Mesin bordir",
    "lines-0-amount": "20000000",
}


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _notifications(client) -> list[str]:
    html = client.get("/notifikasi").get_data(as_text=True)
    items = re.findall(r'data-testid="notification">\s*<div>(.*?)</div>', html, re.S)
    return [i.strip() for i in items]


@pytest.mark.parametrize(
    ("action", "reason", "expected"),
    [
        ("approve", "", "Akun investor Anda disetujui pendamping."),
        ("reject", "", "Akun investor Anda tidak disetujui pendamping."),
        ("reject", "Lembaga tidak dikenal", "Alasan: Lembaga tidak dikenal"),
    ],
)
def test_investor_is_notified_of_the_officers_decision(
    client, db_session, login_as, action, reason, expected
):
    investor = make_user(db_session, role="investor", approved=False, name="Hendra")
    login_as(make_user(db_session, role="officer"))
    response = client.post(
        f"/pendamping/investor/{investor.id}", data={"action": action, "reason": reason}
    )
    assert response.status_code == 302
    client.post("/akun/keluar")
    login_as(investor)
    [text] = _notifications(client)
    assert expected in text
    if action == "approve":
        assert 'href="/investor/kelompok"' in client.get("/notifikasi").get_data(as_text=True)
    client.get("/bahasa/en")
    [english] = _notifications(client)
    assert "investor account" in english


def test_officer_reviewing_a_pitch_sees_its_attachments_and_history(client, db_session, login_as):
    officer = make_user(db_session, role="officer", name="Fajar Pendamping")
    group = make_vetted_group(db_session, officer)
    login_as(group.chair)
    client.post("/produsen/investasi/proposal/baru", data=PITCH)
    pitch = db_session.query(Pitch).filter_by(group_id=group.id).one()
    client.post(
        f"/produsen/investasi/proposal/{pitch.id}",
        data={"file": (io.BytesIO(_pdf()), "rencana usaha.pdf")},
    )
    client.post(f"/produsen/investasi/proposal/{pitch.id}/kirim")
    client.post("/akun/keluar")
    login_as(officer)
    [attachment] = pitch.attachments
    link = f"/pendamping/proposal/{pitch.id}/lampiran/{attachment.id}"
    page = client.get(f"/pendamping/proposal/{pitch.id}").get_data(as_text=True)
    assert f'href="{link}"' in page and "rencana usaha.pdf" in page
    download = client.get(link)
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.headers["Cache-Control"] == "private, no-store"
    assert (
        client.get(f"/pendamping/proposal/{pitch.id + 1}/lampiran/{attachment.id}").status_code
        == 404
    )

    client.post(
        f"/pendamping/proposal/{pitch.id}", data={"action": "return", "comments": "Rinci lagi"}
    )
    history = client.get(f"/pendamping/proposal/{pitch.id}").get_data(as_text=True)
    assert "<title>Mesin bordir baru · Pasar TKM</title>" in history
    history = history.split("<main")[1].split('data-testid="review-history"')[1].split("</ul>")[0]
    assert "Fajar Pendamping" in history and "Proposal dikembalikan ke kelompok" in history
    assert "Rinci lagi" in history and "pitch.return" not in history

    client.post("/akun/keluar")
    login_as(make_user(db_session, role="investor"))
    assert client.get(link).status_code == 403


def test_group_decision_history_names_the_officer(client, db_session, login_as):
    group = make_group(db_session, status="unverified")
    login_as(make_user(db_session, role="officer", name="Mas Fajar Uji"))
    client.post(f"/pendamping/kelompok/{group.id}", data={"action": "verify", "reason": ""})
    page = client.get(f"/pendamping/kelompok/{group.id}").get_data(as_text=True)
    [entry] = re.findall(r'data-testid="decision">(.*?)</li>', page, re.S)
    assert "Mas Fajar Uji" in entry and "Verifikasi kelompok" in entry
    assert "Terverifikasi" in entry and "verified" not in entry


def test_payments_page_is_in_the_officers_navigation(client, db_session, login_as):
    login_as(make_user(db_session, role="officer"))
    nav = client.get("/pendamping/").get_data(as_text=True).split("</nav>")[0]
    assert 'href="/pendamping/pembayaran"' in nav


def test_impact_csv_writes_negative_numbers_as_numbers():
    table = impact.Table(
        "uji",
        "Uji",
        ["Kelompok", "Omzet (Rp)", "Pertumbuhan (%)", "Penilaian"],
        [["=Kelompok", -5000, Decimal("-12.5"), "-"], ["-Minus", -5, -3.3, Decimal("4.5")]],
    )
    rows = list(csv.reader(io.StringIO(impact.to_csv(table))))
    assert rows[1] == ["'=Kelompok", "-5000", "-12.5", "-"]
    assert rows[2] == ["'-Minus", "-5", "-3.3", "4.5"]
    assert float(rows[1][2]) == -12.5


def test_impact_csv_of_a_shrinking_group_has_a_numeric_negative_growth(
    client, db_session, login_as
):
    group = make_group(db_session, name="Dapur Menyusut")
    buyer = make_user(db_session)
    make_sold_order(db_session, group, buyer, 100_000, completed_at=in_month(5))
    make_sold_order(db_session, group, buyer, 50_000, completed_at=in_month(2))
    login_as(make_user(db_session, role="officer"))
    text = client.get("/pendamping/dampak/unggulan.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    growth = rows[0].index("Pertumbuhan (%)")
    [row] = [r for r in rows if r[1] == "Dapur Menyusut"]
    assert row[growth] == "-50.0"


def test_dashboard_and_audit_tables_are_keyboard_scrollable(client, db_session, login_as):
    group = make_group(db_session, status="unverified")
    make_group(db_session, status="unverified")  # still waiting: the dashboard lists it
    login_as(make_user(db_session, role="officer"))
    client.post(f"/pendamping/kelompok/{group.id}", data={"action": "verify", "reason": ""})
    for url in ("/pendamping/dampak", "/pendamping/audit", "/pendamping/"):
        html = client.get(url).get_data(as_text=True)
        regions = re.findall(r'<div class="table-responsive"[^>]*>', html)
        assert regions, url
        for region in regions:
            assert 'tabindex="0"' in region and 'role="region"' in region, (url, region)
            assert "aria-label=" in region or "aria-labelledby=" in region, (url, region)
