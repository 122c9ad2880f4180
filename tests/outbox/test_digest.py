"""The morning digest: what a group hands over on the day, its cutoffs, its stock, in the
member's language; queued once per day and group, nothing for a group with nothing to say."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from marketplace.core.formatting import long_date
from marketplace.orders import notification_messages as m
from marketplace.outbox import digest
from marketplace.outbox.render import render
from tests.factories import make_group, make_product, make_user
from tests.outbox.factories_schedule import (  # noqa: F401 - fake_channel is a fixture
    cancel,
    fake_channel,
    make_kitchen,
    order,
    pickup_day,
    rows,
)

pytestmark = pytest.mark.usefixtures("fake_channel")


def _orders(db_session, kitchen, day):
    """Two pagi orders and one siang order to hand over, one cancelled pagi order."""
    nasi, teh = kitchen["nasi"], kitchen["teh"]
    order(db_session, make_user(db_session), {nasi: 2, teh: 1}, kitchen, day, "pagi")
    order(db_session, make_user(db_session), {nasi: 3}, kitchen, day, "pagi")
    order(db_session, make_user(db_session), {nasi: 1}, kitchen, day, "siang")
    dropped = order(db_session, make_user(db_session), {nasi: 5}, kitchen, day, "pagi")
    cancel(db_session, dropped)


def test_digest_tells_each_member_the_day_in_their_language(app, db_session):
    day = pickup_day()
    with app.test_request_context():
        kitchen = make_kitchen(db_session)
        _orders(db_session, kitchen, day)
        groups, _n = digest.run(db_session, day)
        queued = [r for r in rows(db_session, m.DIGEST) if r.params["day"] == day.isoformat()]
        group = kitchen["group"]
        assert {r.user_id for r in queued} == {group.chair.id, kitchen["member"].id}
        assert all(r.category == "digest" and r.channel == "fake" for r in queued)
        # Orders to hand over today: sent at 05.00 even inside quiet hours, like a pickup.
        assert all(r.urgent for r in queued)
        # Undelivered by the end of the day (WIB midnight = 17.00 UTC), it is dropped.
        assert queued[0].expires_at == datetime.combine(day, time(17, 0))
        point = kitchen["logistics"]["points"][0].name
        id_text = render(queued[0], "id")
        assert id_text.text == (
            f"Ringkasan {long_date(day)}: 3 pesanan untuk diambil/diantar hari ini."
        )
        assert list(id_text.lines) == [
            f"Pagi 06.00–07.30 WIB · 2 pesanan · {point}: 5 × Nasi kotak ayam, 1 × Es teh",
            f"Siang 11.45–12.45 WIB · 1 pesanan · {point}: 1 × Nasi kotak ayam",
            "Batas pesan Pagi: 04.00 WIB",
            "Batas pesan Siang: 09.45 WIB",
            "Batas pesan Malam: 16.00 WIB",
            "Stok menipis: Keripik tempe (3)",
            "Stok habis: Kerupuk",
        ]
        assert id_text.url == f"http://pasar.test/produsen/rekap?tanggal={day.isoformat()}"
        en = render(queued[0], "en")
        assert en.text.startswith(f"Summary for {day.day} ")
        assert "3 order(s) to hand over today" in en.text
        assert list(en.lines) == [
            f"Morning 06:00–07:30 WIB · 2 orders · {point}: 5 × Nasi kotak ayam, 1 × Es teh",
            f"Afternoon 11:45–12:45 WIB · 1 order · {point}: 1 × Nasi kotak ayam",
            "Order cutoff, Morning: 04:00 WIB",
            "Order cutoff, Afternoon: 09:45 WIB",
            "Order cutoff, Night: 16:00 WIB",
            "Running low: Keripik tempe (3)",
            "Sold out: Kerupuk",
        ]
    assert groups >= 1


def test_deliveries_name_their_zone_and_other_units_their_unit(app, db_session):
    from marketplace.orders.checkout import Selection, place_checkout
    from tests.factories import fill_cart

    day = pickup_day()
    with app.test_request_context():
        kitchen = make_kitchen(db_session)
        rice = make_product(db_session, kitchen["group"], name="Beras", unit="kg", stock=40)
        buyer = make_user(db_session)
        fill_cart(db_session, buyer, {rice: 4})
        zone = kitchen["logistics"]["zones"][0]
        malam = kitchen["logistics"]["windows"]["malam"]
        sel = Selection("delivery", day, malam.id, delivery_zone_id=zone.id, address_note="A1")
        place_checkout(db_session, buyer, {kitchen["group"].id: sel}, "cod")
        digest.run(db_session, day)
        (row, _member) = [
            r for r in rows(db_session, m.DIGEST) if r.params["day"] == day.isoformat()
        ]
        assert render(row, "id").lines[0] == (
            f"Malam 18.00–19.30 WIB · 1 pesanan · Antar ke {zone.name}: 4 kg Beras"
        )
        assert render(row, "en").lines[0].endswith(f"1 order · Deliver to {zone.name}: 4 kg Beras")


def test_running_twice_queues_once(app, db_session):
    day = pickup_day()
    with app.test_request_context():
        kitchen = make_kitchen(db_session)
        _orders(db_session, kitchen, day)
        digest.run(db_session, day)
        first = len(rows(db_session, m.DIGEST))
        digest.run(db_session, day)
        assert len(rows(db_session, m.DIGEST)) == first
        digest.run(db_session, day + timedelta(days=1))  # another day is another digest
        assert len(rows(db_session, m.DIGEST)) > first


def test_a_group_with_nothing_to_say_gets_nothing(app, db_session):
    """No orders and plenty of stock: no digest, whether or not the group has cutoffs ahead.
    An unverified group's low stock is not its members' morning news either."""
    day = pickup_day()
    with app.test_request_context():
        quiet = make_group(db_session)
        make_product(db_session, quiet, stock=40)
        waiting = make_group(db_session, status="unverified")
        make_product(db_session, waiting, stock=2)
        # Open for orders (cutoffs ahead) with plenty of stock but no order yet: no news.
        selling = make_kitchen(db_session)
        for name in ("keripik", "kerupuk"):
            selling[name].stock = 40
        db_session.flush()
        digest.run(db_session, day)
        told = {r.user_id for r in rows(db_session, m.DIGEST)}
        assert quiet.chair.id not in told
        assert waiting.chair.id not in told
        assert selling["group"].chair.id not in told


def test_cutoffs_already_passed_are_left_out(app, db_session):
    """Run at 10.00 on the day: the pagi (04.00) and siang (09.45) cutoffs are behind."""
    day = pickup_day()
    with app.test_request_context():
        kitchen = make_kitchen(db_session)
        at = datetime.combine(day, time(3, 0))  # 10.00 WIB, as naive UTC
        digest.run(db_session, day, at)
        (row,) = [r for r in rows(db_session, m.DIGEST) if r.user_id == kitchen["group"].chair.id]
        lines = render(row, "id").lines
        assert "Batas pesan Malam: 16.00 WIB" in lines
        assert not any("Pagi" in line or "Siang" in line for line in lines)


def test_the_command_queues_the_digest_of_the_day(app, db_session, runner):
    day = pickup_day()
    with app.test_request_context():
        kitchen = make_kitchen(db_session)
    db_session.commit()
    result = runner.invoke(args=["outbox", "digest", "--day", day.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output == f"digest {day.isoformat()}: 1 groups, 2 messages\n"
    told = {r.user_id for r in rows(db_session, m.DIGEST)}
    assert {kitchen["group"].chair.id, kitchen["member"].id} <= told
