"""Notifications: every message key written by the real flows, every link opens for its reader.

Lives with the payments tests because the late-payment notice needs the fake Midtrans.
"""

from __future__ import annotations

import re
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy import select

from marketplace.investors.pitch_models import Interest
from marketplace.orders import notify
from marketplace.orders.checkout import Selection, place_checkout
from marketplace.orders.models import Notification
from marketplace.orders.notification_messages import MESSAGES, link
from tests.factories import (
    add_member,
    fill_cart,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
    make_vetted_group,
)
from tests.investors.deal_notice_flows import deal_moves
from tests.investors.test_pitches import _publish
from tests.orders.helpers import tomorrow
from tests.payments.decision_notification_flows import group_decisions, paid_in_time, tier_changes
from tests.payments.test_midtrans import _pay_after_expiry, _start
from tests.procurement.po_notification_flows import po_flows


def _interest_flows(client, db_session, login_as, officer):
    group = make_vetted_group(db_session, officer)
    add_member(db_session, group)
    pitch = _publish(client, db_session, login_as, group, officer)
    investor = make_user(db_session, role="investor", name="Ratna")
    login_as(investor)
    client.post(f"/investor/proposal/{pitch.id}", data={"message": "Kami tertarik."})
    item = db_session.scalars(select(Interest).where(Interest.pitch_id == pitch.id)).one()
    client.post(f"/investor/minat/{item.id}", data={"body": "Kapan bisa berkunjung?"})
    client.post("/akun/keluar")
    login_as(group.chair)
    client.post(f"/produsen/investasi/minat/{item.id}", data={"body": "Senin pagi."})
    client.post("/akun/keluar")
    return group


def _order_flows(client, db_session, login_as, group):
    logistics = make_logistics(db_session)
    make_service(db_session, group, logistics)
    product = make_product(db_session, group, stock=50)
    buyer = make_user(db_session, name="Siti Rahayu")
    accepted, refused, dropped = (
        make_order(db_session, buyer, {product: 1}, logistics).orders[0] for _ in range(3)
    )
    login_as(group.chair)
    client.post(f"/produsen/pesanan/{accepted.id}/status", data={"to": "accepted"})
    client.post(
        f"/produsen/pesanan/{refused.id}/status", data={"to": "cancelled", "reason": "Stok habis"}
    )
    client.post("/akun/keluar")
    login_as(buyer)
    assert client.post(f"/pesanan/{dropped.id}/batal").status_code == 302
    client.post("/akun/keluar")


def _investor_decisions(client, db_session, login_as, officer):
    login_as(officer)
    for action, reason in (("approve", ""), ("reject", ""), ("reject", "Lembaga tidak dikenal")):
        investor = make_user(db_session, role="investor", approved=False)
        client.post(
            f"/pendamping/investor/{investor.id}", data={"action": action, "reason": reason}
        )
    client.post("/akun/keluar")


def _logistics_flows(client, db_session, login_as, officer, group):
    """An officer moves and closes a window, closes a point and a zone that open orders use."""
    logistics = make_logistics(db_session)
    make_service(db_session, group, logistics)
    product = make_product(db_session, group, stock=50)
    make_order(db_session, make_user(db_session), {product: 1}, logistics)
    buyer = make_user(db_session)
    fill_cart(db_session, buyer, {product: 1})
    zone = logistics["zones"][0]
    sel = Selection(
        "delivery", tomorrow(), logistics["windows"]["malam"].id, delivery_zone_id=zone.id,
        address_note="Kamar 3",
    )  # fmt: skip
    place_checkout(db_session, buyer, {group.id: sel}, "cod")
    login_as(officer)
    windows = {
        f"{edge}-{code}": f"{getattr(w, edge + '_time'):%H:%M}"
        for code, w in logistics["windows"].items()
        for edge in ("start", "end")
    } | {f"active-{code}": "1" for code in logistics["windows"]}
    point = logistics["points"][0]
    for url, form in (
        ("/pendamping/jam-ambil", windows | {"end-siang": "13:00"}),
        ("/pendamping/jam-ambil", {k: v for k, v in windows.items() if k != "active-siang"}),
        (f"/pendamping/titik-ambil/{point.id}/aktif", {"aktif": "0"}),
        (f"/pendamping/zona-antar/{zone.id}/aktif", {"aktif": "0"}),
    ):
        seen = re.findall(r'name="seen" value="(\d+)"', client.post(url, data=form).get_data(True))
        assert client.post(url, data=form | {"confirm": "1", "seen": seen}).status_code == 302
    client.post("/akun/keluar")


def _late_payment(client, db_session, login_as, online_checkout, fake_midtrans):
    checkout, buyer, _ = online_checkout()
    login_as(buyer)
    _r, attempt = _start(client, db_session, checkout)
    assert _pay_after_expiry(client, fake_midtrans, attempt).status_code == 200
    client.post("/akun/keluar")


def _delivery_flow(client, db_session, login_as):
    """A delivery received with a rejection: the group is told of the replacement."""
    from tests.procurement.delivery_helpers import dispatch_data, po_with_delivery, receive_data

    setup = po_with_delivery(db_session, via_rfq=True)
    base = f"/pengadaan/{{}}pengiriman/{setup.delivery.id}"
    login_as(setup.chair)
    assert client.post(base.format("kelompok/"), data=dispatch_data(setup)).status_code == 303
    client.post("/akun/keluar")
    login_as(setup.staff)
    db_session.expire_all()  # the dispatched quantities
    rejected = {setup.po.lines[0].id: (3, "Jahitan lepas")}
    data = receive_data(setup.delivery, rejected)
    assert client.post(base.format(""), data=data).status_code == 303
    client.post("/akun/keluar")


def _catering_flow(app, client, db_session, login_as):
    """Catering: proposed, accepted, declined; a day too full told to both sides."""
    from datetime import timedelta

    from marketplace.orders.logistics import now_wib
    from marketplace.procurement import catering_days
    from marketplace.procurement.contract_models import CateringContract
    from tests.factories import make_capacity, make_group, make_logistics, make_user
    from tests.procurement.factories import make_company, make_contract

    logistics = make_logistics(db_session)
    yusuf, chair = make_user(db_session, name="Yusuf"), make_user(db_session, name="Bu Sri")
    company = make_company(db_session, staff=yusuf, name="PT Kantin Sehat")
    group = make_group(db_session, chair=chair, sectors=("makanan-minuman",), name="Dapur")
    make_capacity(db_session, group, category="makanan-minuman", units_per_day=300)
    db_session.commit()
    start = now_wib().date() + timedelta(days=1)
    form = {
        "group_id": str(group.id),
        "menu": "Nasi kotak",
        "unit_price": "18.000",
        "count_per_day": "250",
        "days": [str(d) for d in range(7)],
        "point_id": str(logistics["points"][0].id),
        "window_id": str(logistics["windows"]["siang"].id),
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=27)).isoformat(),
        "cutoff_hour": "15",
    }
    login_as(yusuf)
    page = client.get("/pengadaan/katering/baru").get_data(as_text=True)
    # Earlier flows closed some windows: offer what the form offers.
    form["window_id"] = re.search(r'name="window_id"[^>]*>\s*<option value="(\d+)"', page)[1]
    for _ in range(2):
        assert client.post("/pengadaan/katering/baru", data=form).status_code == 303
    client.post("/akun/keluar")
    first, second = db_session.scalars(select(CateringContract).order_by(CateringContract.id))
    login_as(chair)
    for contract, action in ((first, "accept"), (second, "decline")):
        url = f"/pengadaan/kelompok/katering/{contract.id}"
        assert client.post(url, data={"action": action}).status_code == 303
    client.post("/akun/keluar")
    make_contract(db_session, company=company, group=group, logistics=logistics,
                  starts_on=start, days_of_week=0b1111111, count_per_day=100)  # fmt: skip
    with app.test_request_context():
        assert catering_days.generate_days(db_session, now_wib().date(), 2).full
    db_session.commit()


def _invoice_flows(app, client, db_session, login_as):
    """Invoices: issued, transfer reported, rejected and confirmed (paid), reminded before
    and after the due date, flagged overdue to the group and the officers."""
    from datetime import timedelta

    from marketplace.procurement import reminders
    from marketplace.procurement.invoicing import today_wib
    from tests.procurement.billing_helpers import (
        accept,
        billing_po,
        chair_of,
        invoices_of,
        staff_of,
    )

    with app.test_request_context():
        po, late_po = billing_po(db_session), billing_po(db_session)
        accept(db_session, po)
        accept(db_session, late_po)
        (late,) = invoices_of(db_session, late_po)
        reminders.run(db_session, late.due_date - timedelta(days=1))
        reminders.run(db_session, late.due_date + timedelta(days=1))
    (invoice,) = invoices_of(db_session, po)
    report = f"/pengadaan/tagihan/{invoice.id}/transfer"
    decide = f"/pengadaan/kelompok/tagihan/{invoice.id}/konfirmasi"
    for ref, decision in (("TRF-1", {"action": "reject", "reason": "Belum masuk"}),
                          ("TRF-2", {"action": "confirm"})):  # fmt: skip
        login_as(staff_of(po))
        client.post(report, data={"reference": ref, "paid_on": today_wib().isoformat()})
        client.post("/akun/keluar")
        login_as(chair_of(db_session, po))
        assert client.post(decide, data=decision).status_code == 303
        client.post("/akun/keluar")


def _rfq_flow(client, db_session, login_as, group):
    """A company's requester sends a request the group can make: its members are told."""
    from marketplace.procurement import states
    from tests.procurement.factories import make_company, make_rfq

    company = make_company(db_session)
    rfq = make_rfq(db_session, company, status=states.RFQ_DRAFT, category=group.sectors[0])
    db_session.commit()
    login_as(company.members[0].user)
    assert client.post(f"/pengadaan/permintaan/{rfq.id}/kirim").status_code == 303
    client.post("/akun/keluar")


def _quote_expiry_flow(db_session):
    """A group's quote passes its validity date: the daily job tells the group."""
    from datetime import timedelta

    from marketplace.procurement import quote_expiry
    from tests.procurement.factories import make_quote, make_rfq
    from tests.procurement.po_helpers import today

    quote = make_quote(db_session, make_rfq(db_session))
    quote.valid_until = today() - timedelta(days=1)
    assert quote_expiry.run(db_session, today()) >= 1
    db_session.commit()


def _scheduled_flows(app, db_session, group) -> list:
    """The morning digest and a cutoff reminder: queued in the outbox only (a fake channel),
    never in the site's list; their rows are checked like notifications."""
    from datetime import timedelta

    from marketplace.orders import notification_messages as m
    from marketplace.orders.logistics import now_wib
    from marketplace.outbox import cutoff, digest
    from marketplace.outbox.channels.fake import FakeChannel
    from marketplace.outbox.models import OutboxMessage

    before = app.extensions.get("outbox.channels")
    app.extensions["outbox.channels"] = {"fake": FakeChannel()}
    try:
        with app.test_request_context():
            digest.run(db_session, tomorrow())
            now = now_wib()
            first = cutoff.group_cutoffs(db_session, group.id, now, now + timedelta(days=2))[0]
            cutoff.run(db_session, first.at - timedelta(minutes=45))
    finally:
        app.extensions["outbox.channels"] = before
    db_session.commit()
    scheduled = OutboxMessage.message.in_((m.DIGEST, m.CUTOFF_SOON))
    return list(db_session.scalars(select(OutboxMessage).where(scheduled)))


def test_every_notification_link_resolves_and_opens_for_its_reader(
    app, client, db_session, login_as, online_checkout, fake_midtrans
):
    db_session.execute(sa.delete(Notification))
    officer = make_user(db_session, role="officer")
    group = _interest_flows(client, db_session, login_as, officer)
    _order_flows(client, db_session, login_as, group)
    _investor_decisions(client, db_session, login_as, officer)
    _late_payment(client, db_session, login_as, online_checkout, fake_midtrans)
    paid_in_time(client, db_session, login_as, online_checkout, fake_midtrans)
    group_decisions(client, db_session, login_as, officer)
    tier_changes(app, client, db_session, login_as, officer)
    deal_moves(client, db_session, login_as, officer)
    _logistics_flows(client, db_session, login_as, officer, group)
    _invoice_flows(app, client, db_session, login_as)
    po_flows(client, db_session, login_as)
    _rfq_flow(client, db_session, login_as, group)
    _delivery_flow(client, db_session, login_as)
    _catering_flow(app, client, db_session, login_as)
    _quote_expiry_flow(db_session)
    outbox = _scheduled_flows(app, db_session, group)

    rows = db_session.scalars(select(Notification).order_by(Notification.id)).all()
    assert {n.message for n in rows} | {o.message for o in outbox} == set(MESSAGES)
    adapter = app.url_map.bind("localhost")
    paths: dict[int, set[str]] = defaultdict(set)
    with app.test_request_context():
        for n in rows:
            path = notify.url_of(n)
            assert path, (n.message, n.link_endpoint)
            endpoint, _args = adapter.match(path.split("?", 1)[0])  # filters ride along
            assert endpoint == n.link_endpoint
            paths[n.user_id].add(path)
        for o in outbox:
            path = link(o.link_endpoint, o.link_params)
            assert path, (o.message, o.link_endpoint)
            assert adapter.match(path.split("?", 1)[0])[0] == o.link_endpoint
            paths[o.user_id].add(path)
    users = {u.id: u for u in db_session.scalars(select(type(officer)))}
    for user_id, user_paths in paths.items():
        login_as(users[user_id])
        for path in sorted(user_paths):
            assert client.get(path).status_code == 200, (users[user_id].role, path)
        client.post("/akun/keluar")
