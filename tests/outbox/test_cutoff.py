"""Cutoff reminders: an hour before a window's order cutoff the group's members hear how many
orders came in; not earlier, not after the cutoff, never twice, not for a closed group."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from marketplace.core.formatting import long_date
from marketplace.core.timeutil import WIB
from marketplace.orders import notification_messages as m
from marketplace.outbox import cutoff
from marketplace.outbox.render import render
from tests.factories import make_group, make_user
from tests.outbox.factories_schedule import (  # noqa: F401 - fake_channel is a fixture
    cancel,
    fake_channel,
    make_kitchen,
    order,
    pickup_day,
    rows,
)

pytestmark = pytest.mark.usefixtures("fake_channel")


def _wib(day, hour, minute=0) -> datetime:
    """A WIB wall-clock moment on `day` as the naive UTC the jobs take."""
    moment = datetime.combine(day, time(hour, minute), tzinfo=WIB)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _kitchen_with_orders(db_session, day):
    """The siang window (11.45, cutoff 120 minutes: 09.45) has two orders and a cancelled
    one; pagi has one."""
    kitchen = make_kitchen(db_session)
    nasi = kitchen["nasi"]
    for _ in range(2):
        order(db_session, make_user(db_session), {nasi: 1}, kitchen, day, "siang")
    cancel(db_session, order(db_session, make_user(db_session), {nasi: 1}, kitchen, day, "siang"))
    order(db_session, make_user(db_session), {nasi: 1}, kitchen, day, "pagi")
    return kitchen


def test_reminder_45_minutes_before_the_cutoff(app, db_session):
    day = pickup_day()
    with app.test_request_context():
        kitchen = _kitchen_with_orders(db_session, day)
        reminders, _n = cutoff.run(db_session, _wib(day, 9, 0))
        queued = rows(db_session, m.CUTOFF_SOON)
        group = kitchen["group"]
        assert reminders == 1
        assert {r.user_id for r in queued} == {group.chair.id, kitchen["member"].id}
        assert all(r.category == "cutoff" for r in queued)
        assert queued[0].expires_at == _wib(day, 9, 45)  # useless after the cutoff
        assert render(queued[0], "id").text == (
            f"Batas pesan Siang untuk {long_date(day)} pukul 09.45 WIB: 2 pesanan masuk sejauh ini."
        )
        en = render(queued[0], "en")
        assert en.text.startswith("Order cutoff for Afternoon on ")
        assert en.text.endswith(" at 09:45 WIB: 2 order(s) so far.")
        siang = kitchen["logistics"]["windows"]["siang"]
        assert render(queued[0], "id").url == (
            f"http://pasar.test/produsen/pesanan?tanggal={day.isoformat()}&jam={siang.id}"
        )


def test_no_reminder_90_minutes_before_or_after_the_cutoff(app, db_session):
    day = pickup_day()
    with app.test_request_context():
        _kitchen_with_orders(db_session, day)
        for at in (_wib(day, 8, 15), _wib(day, 9, 45), _wib(day, 9, 50)):
            assert cutoff.run(db_session, at) == (0, 0), at
        assert rows(db_session, m.CUTOFF_SOON) == []


def test_reminder_is_queued_once(app, db_session):
    day = pickup_day()
    with app.test_request_context():
        _kitchen_with_orders(db_session, day)
        cutoff.run(db_session, _wib(day, 8, 50))
        cutoff.run(db_session, _wib(day, 8, 55))  # the next cron run, same cutoff in range
        assert len(rows(db_session, m.CUTOFF_SOON)) == 2  # chair and member, once each


def test_a_cutoff_on_the_evening_before_names_the_pickup_day(app, db_session):
    """Cutoff 12 hours: pagi (06.00) closes at 18.00 the day before."""
    from tests.factories import make_service

    day = pickup_day()
    with app.test_request_context():
        kitchen = make_kitchen(db_session)
        make_service(db_session, kitchen["group"], kitchen["logistics"], cutoff_minutes=720)
        cutoff.run(db_session, _wib(day - timedelta(days=1), 17, 30))
        texts = {render(r, "id").text for r in rows(db_session, m.CUTOFF_SOON)}
        assert texts == {
            f"Batas pesan Pagi untuk {long_date(day)} pukul 18.00 WIB: 0 pesanan masuk sejauh ini."
        }


def test_groups_that_cannot_take_orders_are_not_reminded(app, db_session):
    """Unverified, or verified without pickup settings: nothing."""
    day = pickup_day()
    with app.test_request_context():
        waiting = make_kitchen(db_session, status="unverified")
        bare = make_group(db_session)
        cutoff.run(db_session, _wib(day, 9, 0))
        told = {r.user_id for r in rows(db_session, m.CUTOFF_SOON)}
        assert not told & {waiting["group"].chair.id, bare.chair.id}


def test_the_command_takes_a_wib_moment(app, db_session, runner):
    day = pickup_day()
    with app.test_request_context():
        kitchen = make_kitchen(db_session)
    db_session.commit()
    at = f"{day.isoformat()}T09:00"
    result = runner.invoke(args=["outbox", "cutoff-reminders", "--at", at])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"cutoff-reminders {day.isoformat()} 09:00 WIB: 1 cutoffs, 2 messages\n"
    )
    assert {r.user_id for r in rows(db_session, m.CUTOFF_SOON)} == {
        kitchen["group"].chair.id,
        kitchen["member"].id,
    }
    bad = runner.invoke(args=["outbox", "cutoff-reminders", "--at", "besok"])
    assert bad.exit_code == 2
