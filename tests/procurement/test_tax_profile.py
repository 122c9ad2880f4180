"""The group's tax identity page (`/pengadaan/kelompok/pajak`): NPWP and PKP status.

The chair edits, members read, no group sees another's; a change applies to new POs and
invoices only (POs keep the PPN computed at award, invoices their seller snapshot).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.procurement import invoicing, po_display
from marketplace.procurement.billing_models import GroupTaxProfile
from marketplace.procurement.po_models import PurchaseOrder
from tests.conftest import login
from tests.factories import add_member, make_group, make_user
from tests.procurement.factories import make_quote, make_rfq, make_tax_profile
from tests.procurement.po_helpers import award_setup, form_for, today

URL = "/pengadaan/kelompok/pajak"


def _profile(db_session, group):
    db_session.expire_all()
    return db_session.get(GroupTaxProfile, group.id)


def test_chair_saves_npwp_and_pkp_shown_formatted(client, db_session, login_as):
    group = make_group(db_session)
    db_session.commit()
    login_as(group.chair)
    page = client.get(URL)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "PPN 11 %" in html and 'data-testid="tax-form"' in html
    assert "Bukan PKP: tanpa PPN" in html
    response = client.post(URL, data={"npwp": "01.234.567.8-901.000", "is_pkp": "yes"})
    assert response.status_code == 303
    profile = _profile(db_session, group)
    assert (profile.npwp, profile.is_pkp) == ("012345678901000", True)
    assert profile.updated_at is not None
    html = client.get(URL).get_data(as_text=True)
    assert "01.234.567.8-901.000" in html and "PKP: memungut PPN 11 %" in html
    # 16-digit NPWP (NIK-based), then back to not PKP with no NPWP at all
    assert client.post(URL, data={"npwp": "3374 0123 4567 8901", "is_pkp": "no"}).status_code == 303
    assert _profile(db_session, group).npwp == "3374012345678901"
    assert client.post(URL, data={"npwp": "", "is_pkp": "no"}).status_code == 303
    profile = _profile(db_session, group)
    assert (profile.npwp, profile.is_pkp) == (None, False)


def test_invalid_npwp_is_refused_with_a_message(client, db_session, login_as):
    group = make_group(db_session)
    make_tax_profile(db_session, group, npwp="012345678901000", is_pkp=False)
    db_session.commit()
    login_as(group.chair)
    response = client.post(URL, data={"npwp": "12.345", "is_pkp": "yes"})
    assert response.status_code == 422
    assert "NPWP harus 15 atau 16 angka" in response.get_data(as_text=True)
    response = client.post(URL, data={"npwp": "", "is_pkp": "yes"})
    assert response.status_code == 422
    assert "Kelompok PKP wajib mengisi NPWP." in response.get_data(as_text=True)
    profile = _profile(db_session, group)
    assert (profile.npwp, profile.is_pkp) == ("012345678901000", False)  # nothing written


def test_member_reads_but_may_not_change(client, db_session, login_as):
    group = make_group(db_session)
    make_tax_profile(db_session, group, npwp="012345678901000", is_pkp=True)
    member = add_member(db_session, group)
    db_session.commit()
    login_as(member)
    html = client.get(URL).get_data(as_text=True)
    assert "01.234.567.8-901.000" in html and "PKP: memungut PPN 11 %" in html
    assert 'data-testid="tax-form"' not in html and 'data-testid="tax-chair-only"' in html
    response = client.post(URL, data={"npwp": "", "is_pkp": "no"})
    assert response.status_code == 403
    assert _profile(db_session, group).is_pkp is True


def test_another_group_never_sees_the_profile(client, db_session, login_as):
    group_a = make_group(db_session)
    make_tax_profile(db_session, group_a, npwp="012345678901000", is_pkp=True)
    group_b = make_group(db_session)
    db_session.commit()
    login_as(group_b.chair)
    html = client.get(URL).get_data(as_text=True)
    assert group_b.name in html and group_a.name not in html
    assert "01.234.567.8-901.000" not in html and "Bukan PKP: tanpa PPN" in html
    assert client.post(URL, data={"npwp": "", "is_pkp": "no"}).status_code == 303
    assert _profile(db_session, group_a).is_pkp is True  # only B's own profile was written
    assert _profile(db_session, group_b).is_pkp is False


def test_buyers_are_not_producers(client, db_session, login_as):
    login_as(make_user(db_session))
    assert client.get(URL).status_code == 403


def test_english_page(client, db_session, login_as):
    group = make_group(db_session)
    db_session.commit()
    login_as(group.chair)
    client.get("/bahasa/en")
    html = client.get(URL).get_data(as_text=True)
    assert "Group tax details" in html and "VAT" in html
    assert "only to new POs and invoices" in html
    response = client.post(URL, data={"npwp": "123", "is_pkp": "yes"})
    assert response.status_code == 422
    assert "The NPWP must have 15 or 16 digits" in response.get_data(as_text=True)


def test_links_from_inbox_and_officer_page(app, client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_group(db_session)
    make_tax_profile(db_session, group, npwp="012345678901000", is_pkp=True)
    db_session.commit()
    login_as(group.chair)
    inbox = client.get("/pengadaan/kelompok/permintaan").get_data(as_text=True)
    assert 'data-testid="group-tax-link"' in inbox
    officer_client = app.test_client()
    login(officer_client, officer.email)
    html = officer_client.get(f"/pendamping/kelompok/{group.id}").get_data(as_text=True)
    assert 'data-testid="officer-group-tax"' in html and "01.234.567.8-901.000" in html


def _award(client, setup, rfq, quantity):
    data = {
        "terms": "net30",
        "down_payment_percent": "30",
        f"q-{setup['groups'][0].id}-{rfq.items[0].id}": str(quantity),
    }
    response = client.post(f"/pengadaan/permintaan/{rfq.id}/pemenang", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


def test_switching_to_pkp_applies_to_new_pos_only(app, client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 100, None),), need=100)
    group = setup["groups"][0]
    db_session.commit()
    login_as(setup["staff"])
    response = client.post(
        f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang", data=form_for(setup, {0: 100})
    )
    assert response.status_code == 303
    db_session.expire_all()
    first = db_session.scalars(
        select(PurchaseOrder).where(PurchaseOrder.rfq_id == setup["rfq"].id)
    ).one()
    assert (first.ppn, first.total) == (0, 15_000_000)
    invoice = invoicing.issue_down_payment(db_session, first)
    db_session.commit()
    assert (invoice.ppn, invoice.seller_is_pkp, invoice.seller_npwp) == (0, False, None)

    chair = app.test_client()
    login(chair, group.chair.email)
    assert chair.post(URL, data={"npwp": "012345678901000", "is_pkp": "yes"}).status_code == 303

    rfq2 = make_rfq(
        db_session,
        setup["company"],
        items=(("Wearpack navy bordir logo", 100, {"sizes": {"M": 100}}),),
        needed_by=today() + timedelta(days=9),
        logistics=setup["logistics"],
    )
    make_quote(db_session, rfq2, group, unit_price=150_000, quantity=100, lead_time_days=0)
    db_session.commit()
    _award(client, setup, rfq2, 100)
    db_session.expire_all()
    second = db_session.scalars(select(PurchaseOrder).where(PurchaseOrder.rfq_id == rfq2.id)).one()
    assert (second.ppn, second.total) == (1_650_000, 16_650_000)
    first = db_session.get(PurchaseOrder, first.id)
    assert (first.ppn, first.total) == (0, 15_000_000)  # the earlier PO keeps its PPN
    invoice = db_session.get(type(invoice), invoice.id)
    assert (invoice.ppn, invoice.seller_is_pkp, invoice.seller_npwp) == (0, False, None)
    with app.test_request_context():
        old = po_display.pdf_context(db_session, first)
        new = po_display.pdf_context(db_session, second)
    assert old["ppn"] is None and old["seller"]["pkp"] is False  # not rewritten as PKP
    assert new["ppn"] == 1_650_000 and new["seller"]["pkp"] is True
