"""A reply in an interest thread says it was sent, on the group's side and the investor's."""

from __future__ import annotations

from marketplace.investors.pitch_models import Interest
from tests.factories import make_user, make_vetted_group
from tests.investors.test_pitches import _publish


def test_both_sides_see_their_reply_was_sent(client, db_session, login_as):
    officer = make_user(db_session, role="officer")
    group = make_vetted_group(db_session, officer)
    pitch = _publish(client, db_session, login_as, group, officer)
    investor = make_user(db_session, role="investor")
    login_as(investor)
    client.post(
        f"/investor/proposal/{pitch.id}",
        data={"amount": "Rp 20.000.000", "message": "Kami tertarik."},
    )
    item = db_session.query(Interest).filter_by(pitch_id=pitch.id).one()
    assert item.amount == 20_000_000
    client.post("/akun/keluar")

    login_as(group.chair)
    page = client.post(
        f"/produsen/investasi/minat/{item.id}",
        data={"body": "Silakan berkunjung."},
        follow_redirects=True,
    )
    html = page.get_data(as_text=True)
    assert "Balasan terkirim ke investor." in html and "Silakan berkunjung." in html
    assert "Balasan terkirim" not in client.get(f"/produsen/investasi/minat/{item.id}").get_data(
        as_text=True
    )  # said once, not on every visit
    client.post("/akun/keluar")

    login_as(investor)
    page = client.post(
        f"/investor/minat/{item.id}", data={"body": "Kamis pagi?"}, follow_redirects=True
    )
    assert "Balasan terkirim ke kelompok." in page.get_data(as_text=True)
