"""Pitches: fund lines add up, review and publication freeze the figures, interest threads."""

from __future__ import annotations

import io

from marketplace.core.audit import AuditEntry
from marketplace.investors.models import GroupDocument
from marketplace.investors.pitch_models import Interest, Pitch
from marketplace.orders.models import Notification
from tests.catalog.helpers import pdf_bytes, png_bytes
from tests.factories import add_member, make_group, make_sold_order, make_user, make_vetted_group
from tests.investors.helpers import in_month

PITCH = {
    "title": "Tambah 5 mesin jahit",
    "amount": "50000000",
    "partnership": "bagi_hasil",
    "timeline": "Mesin dibeli Januari, produksi naik Maret",
    "new_jobs": "4",
    "description": "Pesanan seragam pabrik terus bertambah.",
    "lines-0-description": "5 mesin jahit industri",
    "lines-0-amount": "40000000",
    "lines-1-description": "Modal kain",
    "lines-1-amount": "10000000",
}


def _pitch_form(**changes):
    data = dict(PITCH)
    data.update(changes)
    return data


def test_fund_lines_that_do_not_add_up_are_refused(client, db_session, login_as):
    group = make_vetted_group(db_session)
    login_as(group.chair)
    response = client.post(
        "/produsen/investasi/proposal/baru", data=_pitch_form(**{"lines-1-amount": "9000000"})
    )
    assert response.status_code == 422
    assert "tidak sama dengan dana yang dicari" in response.get_data(as_text=True)
    assert db_session.query(Pitch).filter_by(group_id=group.id).count() == 0
    response = client.post(
        "/produsen/investasi/proposal/baru", data=_pitch_form(**{"lines-1-description": ""})
    )
    assert response.status_code == 422
    assert client.post("/produsen/investasi/proposal/baru", data=PITCH).status_code == 302
    [pitch] = db_session.query(Pitch).filter_by(group_id=group.id).all()
    assert [(x.description, x.amount) for x in pitch.lines] == [
        ("5 mesin jahit industri", 40_000_000),
        ("Modal kain", 10_000_000),
    ]


def test_only_vetted_lanjutan_groups_write_pitches(client, db_session, login_as):
    group = make_group(db_session, tier="lanjutan")
    login_as(group.chair)
    response = client.post("/produsen/investasi/proposal/baru", data=PITCH)
    assert response.status_code == 422
    assert "dinilai layak" in response.get_data(as_text=True)


def _publish(client, db_session, login_as, group, officer):
    login_as(group.chair)
    client.post("/produsen/investasi/proposal/baru", data=PITCH)
    pitch = db_session.query(Pitch).filter_by(group_id=group.id).one()
    assert client.post(f"/produsen/investasi/proposal/{pitch.id}/kirim").status_code == 302
    client.post("/akun/keluar")
    login_as(officer)
    back = client.post(f"/pendamping/proposal/{pitch.id}", data={"action": "return"})
    assert back.status_code == 303  # comments are required when sending back
    client.post(
        f"/pendamping/proposal/{pitch.id}",
        data={"action": "return", "comments": "Jelaskan jadwal"},
    )
    db_session.expire_all()
    assert (pitch.status, pitch.review_comments) == ("draft", "Jelaskan jadwal")
    client.post("/akun/keluar")
    login_as(group.chair)
    client.post(f"/produsen/investasi/proposal/{pitch.id}/kirim")
    client.post("/akun/keluar")
    login_as(officer)
    client.post(f"/pendamping/proposal/{pitch.id}", data={"action": "approve"})
    client.post("/akun/keluar")
    db_session.expire_all()
    assert pitch.status == "published"
    return pitch


def test_review_publishes_with_frozen_snapshot_unchanged_by_later_sales(
    client, db_session, login_as
):
    officer = make_user(db_session, role="officer")
    group = make_vetted_group(db_session, officer)
    buyer = make_user(db_session)
    make_sold_order(db_session, group, buyer, 75_000, completed_at=in_month(1))
    pitch = _publish(client, db_session, login_as, group, officer)
    actions = [
        e.action
        for e in db_session.query(AuditEntry).filter_by(subject_type="pitch", subject_id=pitch.id)
    ]
    assert actions == ["pitch.return", "pitch.publish"]
    frozen_before = pitch.snapshot
    make_sold_order(db_session, group, buyer, 25_000, completed_at=in_month(0, 1))
    db_session.expire_all()
    assert pitch.snapshot == frozen_before
    login_as(make_user(db_session, role="investor"))
    html = client.get(f"/investor/proposal/{pitch.id}").get_data(as_text=True)
    frozen = html.split('data-testid="frozen-revenue">')[1].split("<")[0]
    live = html.split('data-testid="live-revenue">')[1].split("<")[0]
    assert (frozen.strip(), live.strip()) == ("Rp\u00a075.000", "Rp\u00a0100.000")
    assert "OJK" in html


def test_investor_interest_notifies_group_and_officer_and_thread(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_vetted_group(db_session, officer)
    member = add_member(db_session, group)
    pitch = _publish(client, db_session, login_as, group, officer)
    investor = make_user(db_session, role="investor", name="Ratna")
    login_as(investor)
    response = client.post(
        f"/investor/proposal/{pitch.id}",
        data={"amount": "20000000", "message": "Kami tertarik kemitraan CSR."},
    )
    assert response.status_code == 302
    again = client.post(f"/investor/proposal/{pitch.id}", data={"message": "lagi"})
    assert "sudah menyatakan minat" in again.get_data(as_text=True)
    item = db_session.query(Interest).filter_by(pitch_id=pitch.id).one()
    assert (item.amount, item.status) == (20_000_000, "new")
    notified = {
        n.user_id for n in db_session.query(Notification).filter_by(kind="investor_interest")
    }
    assert {group.chair.id, member.id, officer.id} <= notified
    client.post("/akun/keluar")
    login_as(member)
    listing = client.get("/produsen/investasi/minat").get_data(as_text=True)
    assert "Rp\u00a020.000.000" in listing
    client.post(f"/produsen/investasi/minat/{item.id}", data={"body": "Silakan berkunjung."})
    db_session.expire_all()
    assert item.status == "discussion"
    assert [m.body for m in item.messages] == [
        "Kami tertarik kemitraan CSR.",
        "Silakan berkunjung.",
    ]
    client.post(f"/produsen/investasi/minat/{item.id}/status", data={"status": "closed"})
    db_session.expire_all()
    assert item.status == "closed"
    other = make_vetted_group(db_session)
    client.post("/akun/keluar")
    login_as(other.chair)
    assert client.get(f"/produsen/investasi/minat/{item.id}").status_code == 404


def test_documents_checked_by_content_and_private(client, db_session, login_as):
    group = make_group(db_session)
    login_as(group.chair)
    url = "/produsen/investasi/dokumen"
    fake = client.post(url, data={"kind": "nib", "file": (io.BytesIO(b"MZ\x90\x00exe"), "nib.pdf")})
    assert fake.status_code == 422
    broken = client.post(
        url, data={"kind": "nib", "file": (io.BytesIO(b"%PDF-1.4 rusak"), "nib.pdf")}
    )
    assert broken.status_code == 422 and "PDF rusak" in broken.get_data(as_text=True)
    pdf_file = pdf_bytes()
    ok = client.post(url, data={"kind": "nib", "file": (io.BytesIO(pdf_file), "nib.pdf")})
    assert ok.status_code == 302
    photo_file = png_bytes((40, 30), mode="RGB")
    client.post(url, data={"kind": "tempat_usaha", "file": (io.BytesIO(photo_file), "dapur.png")})
    pdf, photo = db_session.query(GroupDocument).filter_by(group_id=group.id).order_by("id").all()
    response = client.get(f"/dokumen/{pdf.id}")
    assert response.status_code == 200 and response.data == pdf_file
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/dokumen/{photo.id}").data[:3] == b"\xff\xd8\xff"  # re-encoded JPEG
    client.post("/akun/keluar")
    login_as(make_user(db_session))
    assert client.get(f"/dokumen/{pdf.id}").status_code == 404
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="investor"))
    assert client.get(f"/dokumen/{pdf.id}").status_code == 404
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="officer"))
    assert client.get(f"/dokumen/{pdf.id}").status_code == 200
    page = client.get(f"/pendamping/kelompok/{group.id}/program").get_data(as_text=True)
    assert "nib.pdf" in page


def test_no_buyer_data_on_any_investor_page(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_vetted_group(db_session, officer)
    buyer = make_user(
        db_session, name="Wulandari Pembeli", phone="6281377770001", email="wulan@contoh.id"
    )
    make_sold_order(db_session, group, buyer, 80_000, completed_at=in_month(1))
    login_as(group.chair)
    client.post("/produsen/investasi/proposal/baru", data=PITCH)
    pitch = db_session.query(Pitch).filter_by(group_id=group.id).one()
    attach = client.post(
        f"/produsen/investasi/proposal/{pitch.id}",
        data={"file": (io.BytesIO(pdf_bytes()), "rencana usaha.pdf")},
    )
    assert attach.status_code == 302
    client.post(f"/produsen/investasi/proposal/{pitch.id}/kirim")
    client.post("/akun/keluar")
    login_as(officer)
    client.post(f"/pendamping/proposal/{pitch.id}", data={"action": "approve"})
    client.post("/akun/keluar")
    login_as(make_user(db_session, role="investor"))
    client.post(f"/investor/pantauan/{group.slug}")
    client.post(f"/investor/proposal/{pitch.id}", data={"message": "Tertarik"})
    db_session.expire_all()
    item = db_session.query(Interest).filter_by(pitch_id=pitch.id).one()
    [attachment] = pitch.attachments
    download = client.get(f"/investor/proposal/{pitch.id}/lampiran/{attachment.id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.headers["Content-Disposition"] == 'attachment; filename="rencana usaha.pdf"'
    pages = [
        "/investor/kelompok",
        f"/investor/kelompok/{group.slug}",
        f"/investor/bandingkan?g={group.slug}",
        "/investor/pantauan",
        "/investor/proposal",
        f"/investor/proposal/{pitch.id}",
        "/investor/minat",
        f"/investor/minat/{item.id}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for secret in ("Wulandari", "6281377770001", "081377770001", "wulan@contoh.id"):
            assert secret not in text, (url, secret)
