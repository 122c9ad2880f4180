"""Awarding a request split across groups: the proposal page, POs, deliveries, capacity."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.orders.capacity_models import CapacityUse
from marketplace.orders.models import Notification
from marketplace.procurement import hooks, states
from marketplace.procurement.po_models import Delivery, PurchaseOrder
from tests.procurement.po_helpers import award_setup, form_for, today


def _pos(db_session, rfq):
    db_session.expire_all()
    return list(
        db_session.scalars(
            select(PurchaseOrder).where(PurchaseOrder.rfq_id == rfq.id).order_by(PurchaseOrder.id)
        )
    )


def test_award_page_proposes_a_split_over_three_groups(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, 20), (155_000, 600, 30), (160_000, 600, None)))
    db_session.commit()
    login_as(setup["staff"])
    response = client.get(f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert page.count('data-testid="award-group"') == 3
    g1, g2, g3 = setup["groups"]
    item = setup["item"].id
    assert f'name="q-{g1.id}-{item}" value="200"' in page  # 10 days x 20
    assert f'name="q-{g2.id}-{item}" value="300"' in page  # 10 days x 30
    assert f'name="q-{g3.id}-{item}" value="100"' in page  # no capacity: the rest
    assert "Rp\u00a0150.000" in page and "award-shortfall" not in page


def test_award_split_makes_one_po_per_group_with_planned_deliveries(client, db_session, login_as):
    fired = []
    listener = hooks.on("po_issued")(lambda session, po: fired.append(po.number))
    setup = award_setup(
        db_session, ((150_000, 600, 20), (155_000, 600, 30), (160_000, 600, None)), pkp=(True,)
    )
    db_session.commit()
    login_as(setup["staff"])
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    try:
        response = client.post(url, data=form_for(setup, {0: 200, 1: 250, 2: 150}))
    finally:
        hooks._LISTENERS["po_issued"].remove(listener)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    pos = _pos(db_session, setup["rfq"])
    assert [po.lines[0].quantity for po in pos] == [200, 250, 150]
    assert all(po.status == states.PO_ISSUED for po in pos)
    assert sorted(fired) == sorted(po.number for po in pos)
    first = pos[0]
    assert first.number.startswith("PO-") and first.terms == "net30"
    assert first.down_payment_percent == 30
    assert first.subtotal == 200 * 150_000 and first.ppn == first.subtotal * 11 // 100
    assert pos[1].ppn == 0 and pos[1].total == pos[1].subtotal  # not PKP
    assert first.lines[0].spec == {"sizes": {"M": 600}}
    assert first.lines[0].description == "Wearpack navy bordir logo"
    # 200 at 20 a day: ten deliveries of 20 in the request's window at its gate
    assert [sum(dl.qty_planned for dl in d.lines) for d in first.deliveries] == [20] * 10
    assert first.deliveries[0].day == today()
    assert {d.window_id for d in first.deliveries} == {setup["rfq"].window_id}
    assert {d.point_id for d in first.deliveries} == {setup["rfq"].point_id}
    assert len(pos[2].deliveries) == 1  # no declared capacity: one drop
    # capacity reserved: group 1 full every day, group 2 full days earliest first
    uses = db_session.execute(select(CapacityUse.units_taken)).scalars().all()
    assert sorted(uses) == [10] + [20] * 10 + [30] * 8
    db_session.refresh(setup["rfq"])
    assert setup["rfq"].status == states.RFQ_AWARDED
    assert {q.status for q in setup["quotes"]} == {states.QUOTE_ACCEPTED}
    notices = db_session.scalars(
        select(Notification).where(Notification.message == "po.issued")
    ).all()
    assert len(notices) == 3


def test_second_submission_makes_no_second_set_of_pos(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, None), (170_000, 600, None)))
    db_session.commit()
    login_as(setup["staff"])
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    data = form_for(setup, {0: 600})
    assert client.post(url, data=data).status_code == 303
    again = client.post(url, data=data, follow_redirects=True)
    assert again.status_code == 200
    assert "sudah dipilih pemenangnya" in again.get_data(as_text=True)
    assert len(_pos(db_session, setup["rfq"])) == 1
    statuses = {q.group_id: q.status for q in setup["quotes"]}
    assert statuses == {
        setup["groups"][0].id: states.QUOTE_ACCEPTED,
        setup["groups"][1].id: states.QUOTE_DECLINED,
    }


def test_quantities_are_checked_against_quotes_request_and_capacity(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 300, 20), (155_000, 600, None)))
    db_session.commit()
    login_as(setup["staff"])
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    cases = [
        ({0: 350, 1: 250}, "hanya menawarkan 300"),
        ({0: 250, 1: 350}, "Kapasitas"),  # 10 days x 20 = 200
        ({0: 100, 1: 100}, "kurang dari permintaan"),
        ({0: 100, 1: 600}, "melebihi permintaan"),
        ({0: "1e3"}, "angka bulat"),
    ]
    for quantities, message in cases:
        response = client.post(url, data=form_for(setup, quantities))
        assert response.status_code == 422, quantities
        assert message in response.get_data(as_text=True), quantities
    assert _pos(db_session, setup["rfq"]) == []
    assert db_session.scalar(select(func.count()).select_from(CapacityUse)) == 0
    partial = client.post(url, data=form_for(setup, {0: 100, 1: 100}, partial="y"))
    assert partial.status_code == 303
    assert [po.total for po in _pos(db_session, setup["rfq"])] == [15_000_000, 15_500_000]


def test_shortfall_is_shown_when_nobody_can_make_it_in_time(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, 10),), days=5)
    db_session.commit()
    login_as(setup["staff"])
    page = client.get(f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang").get_data(as_text=True)
    assert 'data-testid="award-shortfall"' in page
    assert "Wearpack navy bordir logo: 550" in page


def test_a_day_taken_meanwhile_rolls_the_whole_award_back_with_409(client, db_session, login_as):
    """Another award took group 2's day between the page and the submit: nothing is saved."""
    setup = award_setup(db_session, ((150_000, 600, 20), (155_000, 600, 30), (160_000, 600, None)))
    other = award_setup(db_session, ((150_000, 30, None),), need=30)
    db_session.commit()
    from marketplace.orders import capacity

    capacity.reserve_units(db_session, setup["groups"][1].id, today(), 30, category="konveksi")
    db_session.commit()
    del other
    login_as(setup["staff"])
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    # the buyer asks for what the page showed before: 300 from group 2 no longer fits
    response = client.post(url, data=form_for(setup, {0: 200, 1: 300, 2: 100}))
    assert response.status_code == 422
    assert "Kapasitas" in response.get_data(as_text=True)
    assert _pos(db_session, setup["rfq"]) == []
    db_session.refresh(setup["rfq"])
    assert setup["rfq"].status == states.RFQ_SENT


def test_english_award_page(client, db_session, login_as):
    setup = award_setup(db_session, ((150_000, 600, None),))
    db_session.commit()
    login_as(setup["staff"])
    client.get("/bahasa/en")
    page = client.get(f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang").get_data(as_text=True)
    assert "Choose the winner" in page and "Payment terms" in page
    assert "Pilih pemenang" not in page


def test_other_company_and_finance_only_staff_cannot_award(client, db_session, login_as):
    from tests.procurement.factories import add_company_member, make_company

    setup = award_setup(db_session, ((150_000, 600, None),))
    finance = add_company_member(db_session, setup["company"], "finance")
    outsider = make_company(db_session).members[0].user
    db_session.commit()
    url = f"/pengadaan/permintaan/{setup['rfq'].id}/pemenang"
    login_as(finance)
    assert client.get(url).status_code == 403
    client.post("/akun/keluar")
    login_as(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, data=form_for(setup, {0: 600})).status_code == 404
    assert _pos(db_session, setup["rfq"]) == []
    assert db_session.scalar(select(func.count()).select_from(Delivery)) == 0
