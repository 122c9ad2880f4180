"""The notification settings page as each kind of person meets it."""

from __future__ import annotations

import re
from datetime import time

from sqlalchemy import select

from marketplace.outbox import events, preferences
from marketplace.outbox.models import NotificationChoice, PushSubscription
from tests.factories import make_group, make_user
from tests.outbox.factories import make_device
from tests.procurement.factories import make_company

PAGE = "/akun/notifikasi"


def _categories(html: str) -> set[str]:
    return set(re.findall(r'data-category="(\w+)"', html))


def test_a_producer_sees_the_groups_categories(client, db_session, login_as, channels_on):
    channels_on("push", "email")
    chair = make_user(db_session)
    make_group(db_session, chair=chair)
    login_as(chair)
    html = client.get(PAGE).get_data(as_text=True)
    assert {"order_new", "cutoff", "digest", "pickup", "invoice", "program"} <= _categories(html)
    assert "investor" in _categories(html)  # producers hear from investors too


def test_a_buyer_sees_only_buyer_categories(client, db_session, login_as, channels_on):
    channels_on("push", "email")
    buyer = make_user(db_session)
    login_as(buyer)
    html = client.get(PAGE).get_data(as_text=True)
    assert _categories(html) == {"pickup", "order_update", "payment", "approval"}
    # Defaults ticked: pickup on push, not on email.
    assert re.search(r'name="c-pickup-push" value="1" checked', html)
    assert not re.search(r'name="c-pickup-email" value="1" checked', html)
    assert buyer.email in html  # where email goes


def test_an_investor_sees_investor_categories(client, db_session, login_as, channels_on):
    channels_on("email")
    investor = make_user(db_session, role="investor")
    login_as(investor)
    html = client.get(PAGE).get_data(as_text=True)
    assert _categories(html) == {"payment", "approval", "investor"}
    assert "pickup" not in _categories(html)


def test_company_staff_see_procurement_categories(client, db_session, login_as, channels_on):
    channels_on("email")
    staff = make_user(db_session)
    make_company(db_session, staff=staff)
    login_as(staff)
    assert {"invoice", "procurement"} <= _categories(client.get(PAGE).get_data(as_text=True))


def test_channels_the_server_lacks_are_explained_not_offered(
    client, db_session, login_as, channels_on
):
    channels_on("email")
    login_as(make_user(db_session))
    html = client.get(PAGE).get_data(as_text=True)
    assert 'name="c-pickup-push"' not in html and 'name="c-pickup-whatsapp"' not in html
    assert 'data-testid="unavailable-push"' in html
    assert 'data-testid="unavailable-whatsapp"' in html
    assert 'data-testid="push-unavailable"' in html  # no subscribe button without a key


def test_the_push_button_carries_the_servers_key(client, db_session, login_as, channels_on):
    on = channels_on("push")
    login_as(make_user(db_session))
    html = client.get(PAGE).get_data(as_text=True)
    assert f'data-key="{on["push"].application_server_key}"' in html
    assert "Aktifkan notifikasi di ponsel ini" in html
    assert "/static/js/push.js" in html or "js/push." in html


def test_saving_choices_quiet_hours_and_language(client, db_session, login_as, channels_on):
    channels_on("push", "email")
    buyer = make_user(db_session)
    login_as(buyer)
    form = {
        "c-pickup-email": "1",  # pickup on email only; push unticked
        "c-payment-push": "1",
        "quiet_enabled": "y",
        "quiet_start": "22:30",
        "quiet_end": "05.00",
        "language": "en",
    }
    response = client.post(PAGE, data=form)
    assert response.status_code == 303
    db_session.expire_all()
    shown = preferences.choices_of(
        db_session,
        buyer.id,
        [events.category("pickup"), events.category("payment")],
        ["push", "email"],
    )
    assert shown == {
        ("pickup", "push"): False,
        ("pickup", "email"): True,
        ("payment", "push"): True,
        ("payment", "email"): False,
    }
    saved = preferences.settings_of(db_session, buyer.id)
    assert saved == preferences.Settings("en", True, time(22, 30), time(5, 0))
    # Only the shown categories on configured channels are stored.
    stored = set(
        db_session.execute(
            select(NotificationChoice.category, NotificationChoice.channel).where(
                NotificationChoice.user_id == buyer.id
            )
        )
    )
    assert stored == {(c, ch) for c in ("pickup", "order_update", "payment", "approval")
                      for ch in ("push", "email")}  # fmt: skip
    html = client.get(PAGE).get_data(as_text=True)
    assert "Pengaturan notifikasi tersimpan." in html
    assert 'value="22:30"' in html and 'value="05:00"' in html
    assert re.search(r'<option selected value="en">|<option value="en" selected>', html)


def test_quiet_hours_turned_off(client, db_session, login_as, channels_on):
    channels_on("email")
    buyer = make_user(db_session)
    login_as(buyer)
    form = {"language": "id", "quiet_start": "", "quiet_end": ""}
    assert client.post(PAGE, data=form).status_code == 303
    saved = preferences.settings_of(db_session, buyer.id)
    assert not saved.quiet_enabled and saved.quiet_start == time(21)


def test_a_bad_time_is_refused_with_a_message(client, db_session, login_as, channels_on):
    channels_on("push")
    buyer = make_user(db_session)
    login_as(buyer)
    form = {"quiet_enabled": "y", "quiet_start": "25:00", "quiet_end": "06:00",
            "language": "id", "c-pickup-push": "1"}  # fmt: skip
    response = client.post(PAGE, data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Isi jam dengan format JJ:MM, misalnya 21:00." in html
    assert re.search(r'name="c-pickup-push" value="1" checked', html)  # ticks kept
    assert not re.search(r'name="c-payment-push" value="1" checked', html)
    same = {**form, "quiet_start": "06:00"}
    response = client.post(PAGE, data=same)
    assert response.status_code == 422
    assert "Jam selesai harus berbeda dari jam mulai." in response.get_data(as_text=True)
    bad_language = {**form, "quiet_start": "21:00", "language": "fr"}
    assert client.post(PAGE, data=bad_language).status_code == 422
    assert preferences.settings_of(db_session, buyer.id) == preferences.DEFAULT


def test_the_page_speaks_english(client, db_session, login_as, channels_on):
    channels_on("push", "email")
    login_as(make_user(db_session))
    client.get("/bahasa/en")
    html = client.get(PAGE).get_data(as_text=True)
    assert "Notification settings" in html
    assert "Quiet hours" in html


def test_only_own_devices_can_be_removed(client, db_session, login_as, channels_on):
    channels_on("push")
    owner, other = make_user(db_session), make_user(db_session)
    mine = make_device(db_session, owner)
    theirs = make_device(db_session, other)
    db_session.commit()
    mine_id, theirs_id = mine.id, theirs.id
    login_as(owner)
    html = client.get(PAGE).get_data(as_text=True)
    assert "Chrome di Android" in html and f"/perangkat/{mine.id}/hapus" in html
    assert f"/perangkat/{theirs.id}/hapus" not in html
    assert client.post(f"{PAGE}/perangkat/{theirs.id}/hapus").status_code == 404
    response = client.post(f"{PAGE}/perangkat/{mine.id}/hapus")
    assert response.status_code == 303
    db_session.expire_all()
    left = set(db_session.scalars(select(PushSubscription.id)))
    assert theirs_id in left and mine_id not in left
    assert client.post(f"{PAGE}/perangkat/{mine_id}/hapus").status_code == 404


def test_anonymous_visitors_log_in_first(client, db_session):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/akun/masuk" in response.headers["Location"]


def test_the_notifications_page_links_here(client, db_session, login_as):
    # Reached through the bell (every role's menu): a menu entry of its own would push the
    # officers' 1280 px menu onto a second line.
    login_as(make_user(db_session))
    html = client.get("/notifikasi").get_data(as_text=True)
    assert 'data-testid="notification-settings-link"' in html
    assert 'data-testid="nav-bell"' in html
