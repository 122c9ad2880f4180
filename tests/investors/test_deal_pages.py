"""Deals over HTTP: propose → agree → officer confirms (audited), 409 on illegal moves,
disbursement and repayment reports, the portfolio, the credit file PDF, who may see what."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from marketplace.catalog.skill_states import PENDING
from marketplace.core.audit import AuditEntry, describe
from marketplace.core.formatting import rupiah
from marketplace.investors import deal_states as states
from marketplace.investors import portfolio
from marketplace.investors.deal_models import Deal, DealRepayment
from tests.catalog.helpers import pdf_bytes
from tests.catalog.workforce_factories import make_worker
from tests.conftest import login
from tests.factories import (
    make_certificate,
    make_deal,
    make_interest,
    make_member,
    make_sold_order,
    make_user,
    make_vetted_group,
)
from tests.investors.helpers import in_month


@pytest.fixture
def people(db_session):
    officer = make_user(db_session, role="officer")
    chair = make_user(db_session, name="Darto Sutejo")
    investor = make_user(db_session, role="investor", name="Ratna Ayu")
    investor.organization = "CSR PT Kaca"
    group = make_vetted_group(db_session, officer, chair=chair, name="Konveksi Gringsing Jaya")
    return {"officer": officer, "chair": chair, "investor": investor, "group": group}


def as_user(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


TERMS = {
    "instrument": "loan",
    "amount": "12000000",
    "tranches-0-amount": "12000000",
    "tranches-0-planned_on": "2026-01-05",
    "term_months": "12",
    "rate": "12",
    "share": "",
    "first_due_on": "2026-02-05",
    "notes": "Mesin jahit obras",
}


def test_propose_agree_confirm_with_audit_and_409s(app, db_session, people):
    interest = make_interest(db_session, people["group"], people["investor"])
    db_session.commit()
    group, investor = as_user(app, people["chair"]), as_user(app, people["investor"])
    officer = as_user(app, people["officer"])

    response = group.post(f"/produsen/investasi/minat/{interest.id}/kesepakatan", data=TERMS)
    assert response.status_code == 302
    deal = db_session.scalars(select(Deal).where(Deal.interest_id == interest.id)).one()
    assert deal.status == states.PROPOSED_BY_GROUP and deal.rate_bps == 1200

    # The group cannot agree to its own proposal; the officer cannot confirm it yet.
    assert group.post(f"/produsen/investasi/kesepakatan/{deal.id}/setuju").status_code == 409
    assert (
        officer.post(f"/pendamping/kesepakatan/{deal.id}", data={"action": "confirm"}).status_code
        == 409
    )

    # The investor counters with 10 %, then the group agrees.
    counter = dict(TERMS, rate="10")
    response = investor.post(f"/investor/minat/{interest.id}/kesepakatan", data=counter)
    assert response.status_code == 302
    db_session.expire_all()
    assert deal.status == states.PROPOSED_BY_INVESTOR and deal.rate_bps == 1000
    assert group.post(f"/produsen/investasi/kesepakatan/{deal.id}/setuju").status_code == 302
    db_session.expire_all()
    assert deal.status == states.AGREED

    response = officer.post(
        f"/pendamping/kesepakatan/{deal.id}", data={"action": "confirm", "note": "Sudah dicek"}
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert deal.status == states.CONFIRMED and len(deal.instalments) == 12
    assert deal.instalments[0].expected == 1_100_000  # 1.000.000 principal + 100.000 flat
    entry = db_session.scalars(
        select(AuditEntry).where(
            AuditEntry.subject_type == "deal", AuditEntry.subject_id == deal.id
        )
    ).one()
    assert entry.action == "deal.confirm" and entry.actor_id == people["officer"].id
    assert entry.reason == "Sudah dicek"
    assert "deal.confirm" not in describe(entry) and "agreed" not in describe(entry)
    page = officer.get(f"/pendamping/kesepakatan/{deal.id}").get_data(as_text=True)
    assert "Kesepakatan dikonfirmasi" in page
    # Confirming twice, or the investor moving a running deal, is illegal.
    assert (
        officer.post(f"/pendamping/kesepakatan/{deal.id}", data={"action": "confirm"}).status_code
        == 409
    )
    assert investor.post(f"/investor/kesepakatan/{deal.id}/batal").status_code == 409
    # An officer's cancel needs a reason.
    assert (
        officer.post(f"/pendamping/kesepakatan/{deal.id}", data={"action": "cancel"}).status_code
        == 409
    )


def test_terms_that_do_not_add_up_are_refused(app, db_session, people):
    interest = make_interest(db_session, people["group"], people["investor"])
    db_session.commit()
    group = as_user(app, people["chair"])
    bad = dict(TERMS, **{"tranches-0-amount": "11000000"})
    response = group.post(f"/produsen/investasi/minat/{interest.id}/kesepakatan", data=bad)
    assert response.status_code == 422
    assert "tidak sama dengan jumlah dana" in response.get_data(as_text=True)
    assert db_session.scalars(select(Deal)).first() is None


def test_disbursement_repayment_and_update_reports(app, db_session, people):
    deal = make_deal(db_session, people["group"], people["investor"], people["officer"])
    db_session.commit()
    investor, group = as_user(app, people["investor"]), as_user(app, people["chair"])
    tranche = deal.tranches[0]
    form = {
        "disbursed_on": "2025-12-02",
        "reference": "BRI 0099",
        "proof": (io.BytesIO(pdf_bytes()), "bukti.pdf"),
    }
    url = f"/investor/kesepakatan/{deal.id}/pencairan/{tranche.id}"
    assert investor.post(url, data=form, content_type="multipart/form-data").status_code == 302
    form["proof"] = (io.BytesIO(pdf_bytes()), "bukti.pdf")
    again = investor.post(url, data=form, content_type="multipart/form-data", follow_redirects=True)
    assert "sudah tercatat" in again.get_data(as_text=True)
    db_session.expire_all()
    assert tranche.disbursed_on == date(2025, 12, 2) and tranche.reference == "BRI 0099"
    proof = investor.get(f"/investor/kesepakatan/{deal.id}/berkas/{tranche.proof_id}")
    assert proof.status_code == 200 and proof.mimetype == "application/pdf"

    inst = deal.instalments[0]
    pay = {
        "instalment": str(inst.id),
        "amount": "1100000",
        "paid_on": "2026-01-30",
        "reference": "TRF 1",
    }
    assert (
        group.post(f"/produsen/investasi/kesepakatan/{deal.id}/bayar", data=pay).status_code == 302
    )
    assert (
        group.post(f"/produsen/investasi/kesepakatan/{deal.id}/bayar", data=pay).status_code == 302
    )
    assert len(db_session.scalars(select(DealRepayment)).all()) == 1

    update = {"body": "Dua mesin obras sudah dibeli.", "jobs_added": "2"}
    assert (
        group.post(f"/produsen/investasi/kesepakatan/{deal.id}/kabar", data=update).status_code
        == 302
    )
    page = investor.get(f"/investor/kesepakatan/{deal.id}").get_data(as_text=True)
    assert "Dua mesin obras sudah dibeli." in page and "TRF 1" in page
    assert 'data-testid="ojk-note"' in page

    officer = as_user(app, people["officer"])
    db_session.expire_all()
    upd = deal.updates[0]
    url = f"/pendamping/kesepakatan/{deal.id}/kabar/{upd.id}/verifikasi"
    assert officer.post(url).status_code == 302
    assert officer.post(url).status_code == 302
    actions = db_session.scalars(
        select(AuditEntry.action).where(AuditEntry.subject_type == "deal")
    ).all()
    assert actions.count("deal.update_verify") == 1
    assert "Diverifikasi pendamping" in investor.get(f"/investor/kesepakatan/{deal.id}").get_data(
        as_text=True
    )


def test_portfolio_figures(app, db_session, people):
    g, inv = people["group"], people["investor"]
    deal = make_deal(
        db_session,
        g,
        inv,
        people["officer"],
        amount=6_000_000,
        term_months=3,
        rate_bps=0,
        tranches=[(4_000_000, date(2026, 1, 5)), (2_000_000, date(2026, 3, 5))],
        first_due_on=date(2026, 2, 5),
    )
    t1 = deal.tranches[0]
    t1.disbursed_on, t1.reference = date(2026, 1, 6), "X1"
    from marketplace.investors import transfers

    transfers.record_repayment(
        db_session, deal, deal.instalments[0], people["chair"], 2_000_000, date(2026, 2, 5), "R1"
    )
    buyer = make_user(db_session)
    from tests.investors.test_deal_schedules import wib

    make_sold_order(db_session, g, buyer, 300_000, completed_at=wib(2025, 12, 31, 23, 59))
    make_sold_order(db_session, g, buyer, 450_000, completed_at=wib(2026, 1, 1, 0, 0))
    make_sold_order(db_session, g, buyer, 50_000, completed_at=wib(2026, 2, 10, 9, 0))
    # another investor's deal with the same group never shows
    other = make_user(db_session, role="investor")
    make_deal(db_session, g, other, people["officer"], amount=1_000_000, term_months=1)
    db_session.flush()

    p = portfolio.for_investor(db_session, inv.id, today=date(2026, 3, 6))
    assert (p.committed, p.disbursed, p.repaid) == (6_000_000, 4_000_000, 2_000_000)
    row = p.rows[0]
    assert row.funded_since == date(2026, 1, 1)
    assert (row.revenue_since, row.orders_since) == (500_000, 2)
    assert [d.instalment.due_on for _deal, d in p.upcoming] == [date(2026, 4, 5)]
    assert [d.instalment.due_on for _deal, d in p.late] == [date(2026, 3, 5)]
    assert p.on_time_rate == "50.0"
    # no workforce records yet: the 12 members typed in the profile, said so
    assert (row.jobs_now, row.jobs_from_records) == (12, False)
    db_session.commit()
    client = as_user(app, inv)
    html = client.get("/investor/portofolio").get_data(as_text=True)
    assert 'data-fallback="members">12<' in html and "belum ada catatan tenaga kerja" in html

    # with records: in March 2026 a member since June 2025 and a worker hired in March count;
    # the worker who left in February does not
    make_worker(db_session, g, date(2025, 6, 1), label="Sulastri Rahayu", birth_year=2001)
    make_worker(db_session, g, date(2026, 3, 1), kind="hired", hours="part")
    make_worker(db_session, g, date(2025, 10, 1), date(2026, 2, 1), kind="hired")
    row = portfolio.for_investor(db_session, inv.id, today=date(2026, 3, 6)).rows[0]
    assert (row.jobs_now, row.jobs_from_records) == (2, True)
    february = portfolio.for_investor(db_session, inv.id, today=date(2026, 2, 6)).rows[0]
    assert february.jobs_now == 2  # the member and the worker who left that month

    db_session.commit()
    page = client.get("/investor/portofolio")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-testid="jobs-now">2<' in html and "data-fallback" not in html
    assert "Konveksi Gringsing Jaya" in html and "Darto" not in html
    assert "Sulastri" not in html
    client.get("/bahasa/en")
    english = client.get("/investor/portofolio").get_data(as_text=True)
    assert "Portfolio" in english and "Disbursed" in english and "Darto" not in english


def test_credit_file_pdf_for_the_group_and_its_investor_only(app, db_session, people):
    g = people["group"]
    buyer = make_user(db_session)
    make_sold_order(db_session, g, buyer, 1_234_000, completed_at=in_month(1))
    deal = make_deal(db_session, g, people["investor"], people["officer"])
    stranger = make_user(db_session, role="investor")
    make_interest(db_session, g, stranger)  # interest alone opens no credit file
    other_chair = make_user(db_session)
    make_vetted_group(db_session, people["officer"], chair=other_chair)
    # certificates: counted by scheme when verified and unexpired, never named
    sewer = make_member(db_session, g, name="Sulastri Rahayu")
    cook = make_member(db_session, g, name="Wartini Ningsih")
    make_certificate(db_session, sewer, number="GRM.77777.2025")
    make_certificate(db_session, cook, scheme="menjahit pakaian dengan mesin")
    make_certificate(db_session, cook, scheme="Pengolahan Makanan")
    make_certificate(db_session, cook, scheme="Barista", status=PENDING)
    make_certificate(
        db_session,
        sewer,
        scheme="Membatik Tulis",
        issued_on=date(2019, 1, 1),
        expires_on=date(2020, 1, 1),
    )
    db_session.commit()

    response = as_user(app, people["chair"]).get("/produsen/investasi/berkas-kredit.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    with app.test_request_context():
        figure = rupiah(1_234_000)
    assert "Konveksi Gringsing Jaya" in text
    assert figure.replace("\xa0", " ") in text.replace("\xa0", " ")
    assert "Darto" not in text
    flat = " ".join(text.split())
    assert "SERTIFIKAT KOMPETENSI ANGGOTA" in flat.upper()
    assert "Menjahit Pakaian dengan Mesin 2" in flat and "Pengolahan Makanan 1" in flat
    assert "Barista" not in flat and "Membatik" not in flat  # pending; expired
    for personal in ("Sulastri", "Wartini", "GRM.77777"):
        assert personal not in flat
    assert "belum tercatat" not in flat

    url = f"/investor/kelompok/{g.slug}/berkas-kredit.pdf"
    assert as_user(app, people["investor"]).get(url).status_code == 200
    assert as_user(app, stranger).get(url).status_code == 404
    # other investors and other groups find nothing of this deal
    for path in (
        f"/investor/kesepakatan/{deal.id}",
        f"/investor/kesepakatan/{deal.id}/berkas/1",
    ):
        assert as_user(app, stranger).get(path).status_code == 404
    assert as_user(app, stranger).post(f"/investor/kesepakatan/{deal.id}/setuju").status_code == 404
    assert (
        as_user(app, other_chair).get(f"/produsen/investasi/kesepakatan/{deal.id}").status_code
        == 404
    )


def test_deal_pages_in_english_without_member_data(app, db_session, people):
    deal = make_deal(
        db_session,
        people["group"],
        people["investor"],
        people["officer"],
        instrument="revenue_share",
        rate_bps=0,
        share_bps=250,
        term_months=6,
    )
    db_session.commit()
    for user, url in (
        (people["investor"], f"/investor/kesepakatan/{deal.id}"),
        (people["chair"], f"/produsen/investasi/kesepakatan/{deal.id}"),
        (people["chair"], "/produsen/investasi/kesepakatan"),
        (people["officer"], f"/pendamping/kesepakatan/{deal.id}"),
        (people["officer"], "/pendamping/kesepakatan"),
        (people["investor"], f"/investor/minat/{deal.interest_id}/kesepakatan"),
    ):
        client = as_user(app, user)
        client.get("/bahasa/en")
        response = client.get(url, follow_redirects=True)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "Revenue share" in html or "deal" in html.lower(), url
        assert "revenue_share" not in html and "proposed_by" not in html, url
        if user is people["investor"]:
            assert "Darto" not in html, url
