"""The producer's service settings form: what it shows, and bad input answered with a clear
message on the re-rendered form (never a server error), with nothing saved."""

from __future__ import annotations

import pytest

from marketplace.orders.models import GroupDeliveryZone, GroupServiceSettings
from tests.factories import make_group, make_logistics, make_service

URL = "/produsen/layanan"


@pytest.fixture
def setup(client, db_session, login_as):
    logistics = make_logistics(db_session)
    group = make_group(db_session)
    make_service(db_session, group, logistics)
    login_as(group.chair)
    zone, other_zone = logistics["zones"]
    form = {
        "points": [str(logistics["points"][0].id)],
        "windows": [str(logistics["windows"]["pagi"].id)],
        f"zone-{zone.id}": "1",
        f"fee-{zone.id}": "5.000",
        "cutoff_minutes": "60",
        "max_orders_per_window": "",
    }
    return {"group": group, "zone": zone, "other_zone": other_zone, "form": form}


def _settings(db_session, group):
    db_session.expire_all()
    return db_session.get(GroupServiceSettings, group.id)


def test_page_shows_what_the_group_serves(client, setup):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    zone = setup["zone"]
    assert f'id="z-{zone.id}"' in html and 'name="cutoff_minutes"' in html
    assert 'value="120"' in html  # make_service's cutoff


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cutoff_minutes": "dua jam"}, "Batas pesan dan kuota harus angka."),
        ({"cutoff_minutes": ""}, "Batas pesan dan kuota harus angka."),
        ({"cutoff_minutes": "9" * 30}, "Batas pesan dan kuota harus angka."),
        ({"max_orders_per_window": "banyak"}, "Batas pesan dan kuota harus angka."),
        ({"cutoff_minutes": "20000"}, "Batas pesan harus 0 sampai 10080 menit."),
        ({"max_orders_per_window": "0"}, "Kuota pesanan per jam ambil harus 1 sampai 10000."),
        ("fee", "Ongkos antar harus angka (Rupiah)."),
        ("points", "Pilihan titik ambil atau jam ambil tidak dikenal."),
    ],
)
def test_bad_input_is_answered_on_the_form(client, db_session, setup, change, message):
    form = dict(setup["form"])
    if change == "fee":
        change = {f"fee-{setup['zone'].id}": "lima ribu"}
    elif change == "points":
        change = {"points": ["999999"]}
    response = client.post(URL, data=form | change)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    # the form comes back with what was typed, so one mistake costs one correction
    for value in change.values():
        if isinstance(value, str) and value and len(value) < 20:
            assert f'value="{value}"' in html
    assert _settings(db_session, setup["group"]).cutoff_minutes == 120


def test_good_input_is_saved_and_an_unchecked_zone_fee_is_ignored(client, db_session, setup):
    zone, other = setup["zone"], setup["other_zone"]
    form = setup["form"] | {
        f"fee-{other.id}": "tidak diantar",
        "points": ["x", *setup["form"]["points"]],
    }
    response = client.post(URL, data=form)
    assert response.status_code == 302
    settings = _settings(db_session, setup["group"])
    assert (settings.cutoff_minutes, settings.max_orders_per_window) == (60, None)
    assert db_session.get(GroupDeliveryZone, (setup["group"].id, zone.id)).fee == 5000
    assert db_session.get(GroupDeliveryZone, (setup["group"].id, other.id)) is None
