"""Officers manage the shared pickup points, windows and zones; groups choose what they serve."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.orders.models import (
    DeliveryZone,
    GroupDeliveryZone,
    GroupServiceSettings,
    PickupPoint,
    ShiftWindow,
)
from tests.factories import make_group, make_logistics, make_user


def test_officer_manages_points_windows_and_zones(client, db_session, login_as):
    login_as(make_user(db_session, role="officer"))
    assert (
        client.post("/pendamping/titik-ambil/tambah", data={"name": "Gerbang 3 KITB"}).status_code
        == 302
    )
    dup = client.post("/pendamping/titik-ambil/tambah", data={"name": "gerbang 3 kitb"})
    assert dup.status_code == 422 and "sudah ada" in dup.get_data(as_text=True)
    assert (
        client.post("/pendamping/zona-antar/tambah", data={"name": "Kos Sentul"}).status_code == 302
    )
    windows = {
        "start-pagi": "06:00",
        "end-pagi": "07:30",
        "active-pagi": "1",
        "start-siang": "11:45",
        "end-siang": "12:45",
        "active-siang": "1",
        "start-malam": "18:00",
        "end-malam": "19:30",
    }
    assert client.post("/pendamping/jam-ambil", data=windows).status_code == 302
    bad = client.post("/pendamping/jam-ambil", data=windows | {"end-pagi": "05:00"})
    assert bad.status_code == 422 and "Jam mulai harus sebelum" in bad.get_data(as_text=True)
    db_session.expire_all()
    malam = db_session.scalars(select(ShiftWindow).where(ShiftWindow.code == "malam")).one()
    assert not malam.is_active and malam.start_time.hour == 18
    point = db_session.scalars(select(PickupPoint)).one()
    assert client.post(f"/pendamping/titik-ambil/{point.id}/aktif").status_code == 302
    db_session.expire_all()
    assert not db_session.get(PickupPoint, point.id).is_active
    assert db_session.scalars(select(DeliveryZone.name)).all() == ["Kos Sentul"]


def test_only_officers_manage_the_shared_lists(client, db_session, login_as):
    login_as(make_user(db_session))
    assert client.get("/pendamping/titik-ambil").status_code == 403
    assert (
        client.post("/pendamping/titik-ambil/tambah", data={"name": "X Gerbang"}).status_code == 403
    )


def test_group_chooses_points_windows_zones_and_limits(client, db_session, login_as):
    logistics = make_logistics(db_session)
    group = make_group(db_session)
    login_as(group.chair)
    zone = logistics["zones"][0]
    form = {
        "points": [str(logistics["points"][1].id)],
        "windows": [str(logistics["windows"]["siang"].id)],
        f"zone-{zone.id}": "1",
        f"fee-{zone.id}": "3.000",
        "cutoff_minutes": "90",
        "max_orders_per_window": "25",
    }
    assert client.post("/produsen/layanan", data=form).status_code == 302
    db_session.expire_all()
    settings = db_session.get(GroupServiceSettings, group.id)
    assert (settings.cutoff_minutes, settings.max_orders_per_window) == (90, 25)
    assert db_session.get(GroupDeliveryZone, (group.id, zone.id)).fee == 3000
    bad = client.post("/produsen/layanan", data=form | {f"fee-{zone.id}": "-5"})
    assert bad.status_code == 422
    assert (
        client.post("/produsen/layanan", data=form | {"cutoff_minutes": "abc"}).status_code == 422
    )
    db_session.expire_all()
    assert db_session.get(GroupDeliveryZone, (group.id, zone.id)).fee == 3000
