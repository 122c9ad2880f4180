"""The outbox worker: delivery, retries with backoff, giving up, quiet hours, expiry, leases."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from marketplace.core.timeutil import utcnow
from marketplace.outbox.channels.fake import FakeChannel
from marketplace.outbox.models import NotificationChoice, NotificationSettings, OutboxMessage
from marketplace.outbox.worker import Policy, claim, deliver, run_once
from tests.factories import make_user
from tests.outbox.rows import NamedFake, make_row

POLICY = Policy(batch=10, max_attempts=3, lease_seconds=60, backoff_seconds=30)
# 02.00 WIB on 1 December 2026 is 19.00 UTC on 30 November.
NIGHT = datetime(2026, 11, 30, 19, 0)
NOON = datetime(2026, 12, 1, 5, 0)  # 12.00 WIB


@pytest.fixture
def ctx(app):
    with app.test_request_context("/", base_url=app.config["PUBLIC_BASE_URL"]):
        yield


def _row(db_session, row_id: int) -> OutboxMessage:
    return db_session.get(OutboxMessage, row_id, populate_existing=True)


def _deliver(db_session, row, channel, now=None, policy=POLICY):
    claimed = claim(db_session, policy, now)
    assert row.id in claimed
    return deliver(db_session, row.id, {channel.name: channel}, policy, now)


def test_a_due_row_is_sent_once_with_its_text_link_and_key(db_session, ctx):
    user = make_user(db_session, name="Siti Rahayu")
    row = make_row(db_session, user)
    fake = FakeChannel()
    tally = run_once(db_session, {"fake": fake}, POLICY)
    assert tally.counts == {"sent": 1}
    ((key, message, recipient),) = fake.sent
    assert key == row.idempotency_key
    assert message.text == "Pesanan #7: Siap diambil/diantar."
    assert message.url == "http://pasar.test/pesanan/7"
    assert recipient.name == "Siti Rahayu" and recipient.email == user.email
    done = _row(db_session, row.id)
    assert done.status == "sent" and done.sent_at is not None and done.lease_until is None
    assert done.provider_id == f"fake-{row.idempotency_key}"
    assert run_once(db_session, {"fake": fake}, POLICY).handled == 0  # nothing left: not twice
    assert len(fake.sent) == 1


def test_the_message_is_in_the_recipients_language(db_session, ctx):
    user = make_user(db_session)
    db_session.add(NotificationSettings(user_id=user.id, language="en"))
    make_row(db_session, user)
    fake = FakeChannel()
    run_once(db_session, {"fake": fake}, POLICY)
    assert fake.sent[0][1].text == "Order #7: Ready for pickup/delivery."
    assert fake.sent[0][1].language == "en"


def test_temporary_failures_back_off_doubling_then_succeed(db_session, ctx):
    row = make_row(db_session, make_user(db_session))
    fake = FakeChannel(fail_times=2)
    start = utcnow()
    assert _deliver(db_session, row, fake, start) == "retry"
    first = _row(db_session, row.id)
    assert first.status == "pending" and first.attempts == 1
    assert "temporary failure" in first.last_error
    assert timedelta(seconds=30) <= first.next_attempt_at - start <= timedelta(seconds=33)
    assert claim(db_session, POLICY, start + timedelta(seconds=10)) == []  # not due yet
    later = first.next_attempt_at + timedelta(seconds=1)
    assert _deliver(db_session, row, fake, later) == "retry"
    second = _row(db_session, row.id)
    assert second.attempts == 2
    assert timedelta(seconds=60) <= second.next_attempt_at - later <= timedelta(seconds=66)
    assert _deliver(db_session, row, fake, second.next_attempt_at) == "sent"
    assert len(fake.sent) == 1


def test_the_worker_gives_up_after_the_last_attempt_and_says_why(db_session, ctx):
    row = make_row(db_session, make_user(db_session))
    fake = FakeChannel(fail_times=10)
    when = utcnow()
    for _attempt in range(POLICY.max_attempts):
        outcome = _deliver(db_session, row, fake, when)
        when = _row(db_session, row.id).next_attempt_at + timedelta(seconds=1)
    assert outcome == "failed"
    failed = _row(db_session, row.id)
    assert failed.status == "failed" and failed.attempts == 3
    assert failed.last_error.startswith("gave up after 3 attempts")
    assert claim(db_session, POLICY, when + timedelta(days=1)) == []
    assert fake.sent == []


def test_push_waits_for_the_end_of_quiet_hours(db_session, ctx):
    row = make_row(db_session, make_user(db_session), channel="push", category="order_update")
    push = NamedFake("push")
    assert _deliver(db_session, row, push, NIGHT) == "held"
    held = _row(db_session, row.id)
    # Default quiet hours end at 06.00 WIB = 23.00 UTC; a held row is not a failed attempt.
    assert held.status == "pending" and held.attempts == 0
    assert held.next_attempt_at == datetime(2026, 11, 30, 23, 0)
    assert push.sent == []
    assert _deliver(db_session, row, push, held.next_attempt_at) == "sent"


def test_a_pickup_today_is_pushed_at_two_in_the_morning(db_session, ctx):
    row = make_row(db_session, make_user(db_session), channel="push", urgent=True)
    push = NamedFake("push")
    assert _deliver(db_session, row, push, NIGHT) == "sent"


def test_email_is_not_held_by_quiet_hours(db_session, ctx):
    row = make_row(db_session, make_user(db_session), channel="email", category="payment")
    email = NamedFake("email")
    assert _deliver(db_session, row, email, NIGHT) == "sent"


def test_own_quiet_hours_and_quiet_hours_off(db_session, ctx):
    night_owl = make_user(db_session)
    db_session.add(
        NotificationSettings(user_id=night_owl.id, quiet_start=time(13, 0), quiet_end=time(14, 0))
    )
    always = make_user(db_session)
    db_session.add(NotificationSettings(user_id=always.id, quiet_enabled=False))
    push = NamedFake("push")
    lunch = datetime(2026, 12, 1, 6, 30)  # 13.30 WIB
    held = make_row(db_session, night_owl, channel="push", category="order_update")
    assert _deliver(db_session, held, push, lunch) == "held"
    assert _row(db_session, held.id).next_attempt_at == datetime(2026, 12, 1, 7, 0)
    sent = make_row(db_session, always, channel="push", category="order_update")
    assert _deliver(db_session, sent, push, NIGHT) == "sent"


def test_an_expired_reminder_is_not_sent(db_session, ctx):
    row = make_row(db_session, make_user(db_session), expires_at=NOON - timedelta(minutes=1))
    fake = FakeChannel()
    assert _deliver(db_session, row, fake, NOON) == "expired"
    assert fake.sent == [] and _row(db_session, row.id).status == "expired"


def test_a_channel_turned_off_after_queueing_is_skipped(db_session, ctx):
    user = make_user(db_session)
    db_session.add(
        NotificationChoice(user_id=user.id, category="pickup", channel="fake", enabled=False)
    )
    row = make_row(db_session, user)
    fake = FakeChannel()
    assert _deliver(db_session, row, fake, NOON) == "skipped"
    assert "turned off" in _row(db_session, row.id).last_error and fake.sent == []


def test_a_deactivated_account_gets_nothing(db_session, ctx):
    user = make_user(db_session)
    row = make_row(db_session, user)
    user.is_active_account = False
    db_session.flush()
    fake = FakeChannel()
    assert _deliver(db_session, row, fake, NOON) == "skipped"
    assert fake.sent == []


def test_a_row_of_an_unconfigured_channel_fails_with_the_reason(db_session, ctx):
    row = make_row(db_session, make_user(db_session), channel="whatsapp")
    claim(db_session, POLICY)
    assert deliver(db_session, row.id, {}, POLICY) == "failed"
    assert "not configured" in _row(db_session, row.id).last_error


def test_a_claim_whose_worker_died_is_taken_again_after_the_lease(db_session, ctx):
    row = make_row(db_session, make_user(db_session))
    start = utcnow()
    assert claim(db_session, POLICY, start) == [row.id]  # this worker then "dies"
    assert claim(db_session, POLICY, start + timedelta(seconds=30)) == []  # lease holds
    after = start + timedelta(seconds=61)
    assert claim(db_session, POLICY, after) == [row.id]
    fake = FakeChannel()
    assert deliver(db_session, row.id, {"fake": fake}, POLICY, after) == "sent"
    assert len(fake.sent) == 1 and _row(db_session, row.id).attempts == 2


def test_a_late_result_of_a_lost_claim_is_not_written(db_session, ctx):
    row = make_row(db_session, make_user(db_session))
    start = utcnow()
    claim(db_session, POLICY, start)
    claim(db_session, POLICY, start + timedelta(seconds=61))  # another worker took it over
    # The first worker's stale outcome (attempt 1) does not overwrite the second claim.
    from marketplace.outbox.worker import _finish

    assert _finish(db_session, row.id, 1, status="sent") is False
    assert _row(db_session, row.id).status == "sending"


def test_the_cli_delivers_everything_due_and_reports(app, db_session, runner):
    user = make_user(db_session)
    for _ in range(3):
        make_row(db_session, user)
    db_session.commit()
    fake = FakeChannel()
    saved = app.extensions["outbox.channels"]
    app.extensions["outbox.channels"] = {"fake": fake}
    try:
        result = runner.invoke(args=["outbox", "work", "--once"])
    finally:
        app.extensions["outbox.channels"] = saved
    assert result.exit_code == 0, result.output
    assert "3 rows" in result.output and len(fake.sent) == 3
    status = runner.invoke(args=["outbox", "status"])
    assert "fake       sent      3" in status.output
    assert db_session.scalars(select(OutboxMessage.status)).all() == ["sent"] * 3
