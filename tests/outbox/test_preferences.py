"""Quiet hours, defaults and choices as the worker reads them."""

from __future__ import annotations

from datetime import UTC, datetime, time

from marketplace.outbox import events, preferences
from marketplace.outbox.models import NotificationChoice, NotificationSettings
from marketplace.outbox.preferences import Settings, in_quiet_hours
from tests.factories import make_user

NIGHT = Settings(quiet_enabled=True, quiet_start=time(21, 0), quiet_end=time(6, 0))


def wib(hour: int, minute: int = 0, day: int = 10) -> datetime:
    """A naive UTC datetime for `hour:minute` WIB on 2026-12-`day` (WIB = UTC+7)."""
    return datetime(2026, 12, day, hour, minute) - (datetime(2026, 1, 1, 7) - datetime(2026, 1, 1))


def test_evening_inside_wrapping_quiet_hours_waits_until_next_morning():
    assert in_quiet_hours(NIGHT, wib(22, 30)) == wib(6, 0, day=11)


def test_early_morning_waits_until_this_morning():
    assert in_quiet_hours(NIGHT, wib(3, 15)) == wib(6, 0)


def test_the_start_minute_is_quiet_the_end_minute_is_not():
    assert in_quiet_hours(NIGHT, wib(21, 0)) == wib(6, 0, day=11)
    assert in_quiet_hours(NIGHT, wib(6, 0)) is None
    assert in_quiet_hours(NIGHT, wib(12, 0)) is None


def test_quiet_hours_within_one_day():
    siesta = Settings(quiet_start=time(13, 0), quiet_end=time(15, 0))
    assert in_quiet_hours(siesta, wib(14, 0)) == wib(15, 0)
    assert in_quiet_hours(siesta, wib(15, 30)) is None
    assert in_quiet_hours(siesta, wib(12, 59)) is None


def test_start_equal_to_end_or_switched_off_means_never_quiet():
    assert in_quiet_hours(Settings(quiet_start=time(8), quiet_end=time(8)), wib(8)) is None
    assert in_quiet_hours(Settings(quiet_enabled=False), wib(23)) is None


def test_an_aware_time_gets_an_aware_answer():
    now = wib(23).replace(tzinfo=UTC)
    assert in_quiet_hours(NIGHT, now) == wib(6, day=11).replace(tzinfo=UTC)


def test_defaults_without_a_row_and_stored_settings(db_session):
    plain, chosen = make_user(db_session), make_user(db_session)
    db_session.add(
        NotificationSettings(
            user_id=chosen.id, language="en", quiet_enabled=False,
            quiet_start=time(22), quiet_end=time(5),
        )
    )  # fmt: skip
    db_session.flush()
    got = preferences.settings_for(db_session, [plain.id, chosen.id])
    assert got[plain.id] == Settings("id", True, time(21), time(6))
    assert got[chosen.id] == Settings("en", False, time(22), time(5))


def _on(db_session, user_id: int, category: str, channel: str) -> bool:
    """What the settings page shows ticked for one box."""
    pickup = events.category(category)
    return preferences.choices_of(db_session, user_id, [pickup], [channel])[(category, channel)]


def test_a_choice_overrides_the_category_default(db_session):
    user = make_user(db_session)
    assert _on(db_session, user.id, "pickup", "push")  # default on
    assert not _on(db_session, user.id, "pickup", "email")  # default off
    db_session.add_all(
        [
            NotificationChoice(user_id=user.id, category="pickup", channel="push", enabled=False),
            NotificationChoice(user_id=user.id, category="pickup", channel="email", enabled=True),
        ]
    )
    db_session.flush()
    assert not _on(db_session, user.id, "pickup", "push")
    assert _on(db_session, user.id, "pickup", "email")


def test_save_updates_rows_in_place(db_session):
    user = make_user(db_session)
    preferences.save(db_session, user.id, Settings(language="en"), {("pickup", "push"): False})
    preferences.save(db_session, user.id, Settings(language="id"), {("pickup", "push"): True})
    assert preferences.settings_of(db_session, user.id).language == "id"
    assert _on(db_session, user.id, "pickup", "push")
