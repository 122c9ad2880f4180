"""Daily unit capacity: the arithmetic, checkout drawing on it, cancel/expiry giving it back,
and the producer's settings section. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from marketplace.catalog.product_models import Product
from marketplace.orders import capacity, capacity_settings, states
from marketplace.orders.fulfilment import release_stock, transition
from marketplace.orders.models import (
    CapacityUse,
    GroupCapacity,
    GroupServiceSettings,
    Order,
    OrderLine,
)
from marketplace.orders.states import IllegalTransition
from tests.factories import (
    make_capacity,
    make_group,
    make_logistics,
    make_order,
    make_product,
    make_service,
    make_user,
)
from tests.orders.helpers import add_to_cart, pickup_form, tomorrow


@pytest.fixture
def kitchen(db_session):
    """A group with two meal products and a snack, serving the zone; its chair; a buyer."""
    chair = make_user(db_session)
    group = make_group(db_session, chair=chair, name="Dapur Bu Sri")
    logistics = make_logistics(db_session)
    make_service(db_session, group, logistics)
    nasi = make_product(db_session, group, name="Nasi Kotak", stock=100)
    soto = make_product(db_session, group, name="Soto Ayam", stock=100)
    kaos = make_product(db_session, group, name="Kaos", stock=100, category="konveksi")
    return {
        "group": group,
        "chair": chair,
        "logistics": logistics,
        "nasi": nasi,
        "soto": soto,
        "kaos": kaos,
        "buyer": make_user(db_session),
    }


def _used(session, cap, day) -> int:
    session.expire_all()
    return session.scalar(
        select(CapacityUse.units_taken).where(
            CapacityUse.capacity_id == cap.id, CapacityUse.day == day
        )
    )


# --- the arithmetic --------------------------------------------------------------------------


def test_reserve_and_release_arithmetic(db_session, kitchen):
    group, nasi = kitchen["group"], kitchen["nasi"]
    day = tomorrow()
    assert capacity.available_units(db_session, group.id, day, product_id=nasi.id) is None
    cap = make_capacity(db_session, group, product=nasi, units_per_day=10)
    assert capacity.available_units(db_session, group.id, day, product_id=nasi.id) == 10
    capacity.reserve_units(db_session, group.id, day, 4, product_id=nasi.id)
    capacity.reserve_units(db_session, group.id, day, 6, product_id=nasi.id)
    assert _used(db_session, cap, day) == 10
    with pytest.raises(capacity.CapacityFull) as full:
        capacity.reserve_units(db_session, group.id, day, 1, product_id=nasi.id)
    assert (full.value.day, full.value.available) == (day, 0)
    assert _used(db_session, cap, day) == 10  # a refused reservation takes nothing
    capacity.release_units(db_session, group.id, day, 3, product_id=nasi.id)
    assert capacity.available_units(db_session, group.id, day, product_id=nasi.id) == 3
    with pytest.raises(capacity.CapacityFull) as full:
        capacity.reserve_units(db_session, group.id, day, 5, product_id=nasi.id)
    assert full.value.available == 3
    capacity.release_units(db_session, group.id, day, 50, product_id=nasi.id)
    assert _used(db_session, cap, day) == 0  # never below 0
    # another day has its own count; no capacity at all means no limit
    capacity.reserve_units(db_session, group.id, day + timedelta(days=1), 10, product_id=nasi.id)
    capacity.reserve_units(db_session, group.id, day, 10_000, product_id=kitchen["kaos"].id)
    assert capacity.available_units(db_session, group.id, day, category="konveksi") is None


def test_product_capacity_wins_over_its_category(db_session, kitchen):
    group, nasi, soto = kitchen["group"], kitchen["nasi"], kitchen["soto"]
    meals = make_capacity(db_session, group, category="makanan-minuman", units_per_day=5)
    own = make_capacity(db_session, group, product=nasi, units_per_day=20)
    assert capacity.capacity_for(db_session, group.id, nasi.id, None).id == own.id
    assert capacity.capacity_for(db_session, group.id, nasi.id, "makanan-minuman").id == own.id
    assert capacity.capacity_for(db_session, group.id, soto.id, None).id == meals.id
    assert capacity.capacity_for(db_session, group.id, None, "makanan-minuman").id == meals.id
    assert capacity.capacity_for(db_session, group.id, kitchen["kaos"].id, None) is None
    day = tomorrow()
    capacity.reserve_units(db_session, group.id, day, 15, product_id=nasi.id)
    assert capacity.available_units(db_session, group.id, day, product_id=soto.id) == 5
    assert capacity.available_units(db_session, group.id, day, product_id=nasi.id) == 5
    other = make_group(db_session)
    assert capacity.capacity_for(db_session, other.id, nasi.id, None) is None


def test_free_units_by_day_respects_lead_time(db_session, kitchen):
    group, nasi = kitchen["group"], kitchen["nasi"]
    today = tomorrow() - timedelta(days=1)
    cap = make_capacity(db_session, group, product=nasi, units_per_day=8, lead_time_days=2)
    capacity.reserve_on(db_session, cap, today + timedelta(days=3), 5)
    free = capacity.free_units_by_day(
        db_session, group.id, today, today + timedelta(days=4), product_id=nasi.id, today=today
    )
    assert list(free.values()) == [0, 0, 8, 3, 8]
    assert list(free) == [today + timedelta(days=i) for i in range(5)]
    none = capacity.free_units_by_day(
        db_session, group.id, today, today, product_id=kitchen["kaos"].id
    )
    assert none == {}


def test_the_settings_flag_follows_the_declarations(db_session, kitchen):
    group = kitchen["group"]
    settings = db_session.get(GroupServiceSettings, group.id)
    assert settings.has_unit_capacity is False
    cap = make_capacity(db_session, group, product=kitchen["nasi"])
    second = make_capacity(db_session, group, category="makanan-minuman")
    assert settings.has_unit_capacity is True
    capacity_settings.remove_capacity(db_session, cap)
    assert settings.has_unit_capacity is True
    capacity_settings.remove_capacity(db_session, second)
    assert settings.has_unit_capacity is False
    # declared before the group's first service settings: the row starts with the flag set
    fresh = make_group(db_session)
    make_capacity(db_session, fresh, category="makanan-minuman")
    assert make_service(db_session, fresh, kitchen["logistics"]).has_unit_capacity is True


def test_declarations_are_checked(db_session, kitchen):
    group = kitchen["group"]
    other = make_group(db_session)
    foreign = make_product(db_session, other)
    refused = [
        {"product_id": foreign.id, "units_per_day": 5, "lead_time_days": 0},
        {"category": "kerajinan", "units_per_day": 5, "lead_time_days": 0},
        {"product_id": kitchen["nasi"].id, "units_per_day": 0, "lead_time_days": 0},
        {"product_id": kitchen["nasi"].id, "units_per_day": 5, "lead_time_days": -1},
        {"units_per_day": 5, "lead_time_days": 0},
    ]
    for kwargs in refused:
        with pytest.raises(capacity_settings.CapacityError):
            capacity_settings.add_capacity(db_session, group.id, **kwargs)
    make_capacity(db_session, group, category="konveksi")  # a product's category counts
    with pytest.raises(capacity_settings.CapacityError, match="sudah ada"):
        make_capacity(db_session, group, category="konveksi")


# --- checkout, cancel, expiry ---------------------------------------------------------------


def test_checkout_takes_units_and_is_refused_when_the_day_is_full(
    client, db_session, login_as, kitchen
):
    group, nasi, soto = kitchen["group"], kitchen["nasi"], kitchen["soto"]
    meals = make_capacity(db_session, group, category="makanan-minuman", units_per_day=10)
    day = tomorrow()
    make_order(db_session, make_user(db_session), {nasi: 3, soto: 4}, kitchen["logistics"])
    assert _used(db_session, meals, day) == 7
    lines = db_session.scalars(select(OrderLine.capacity_id)).all()
    assert lines == [meals.id, meals.id]

    buyer = kitchen["buyer"]
    login_as(buyer)
    add_to_cart(client, nasi, 2)
    add_to_cart(client, soto, 2)
    response = client.post("/checkout", data=pickup_form(group, kitchen["logistics"]))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Kapasitas produksi Semua Makanan &amp; Minuman untuk tanggal" in page
    assert "masih bisa 3 unit" in page
    db_session.expire_all()
    assert _used(db_session, meals, day) == 7  # nothing half-written
    assert db_session.get(Product, nasi.id).stock == 97
    assert db_session.scalar(select(func.count(Order.id))) == 1

    client.post(f"/keranjang/ubah/{soto.id}", data={"quantity": "1"})
    response = client.post("/checkout", data=pickup_form(group, kitchen["logistics"]))
    assert response.status_code == 302
    assert _used(db_session, meals, day) == 10


def test_english_refusal_names_the_day_and_what_is_left(client, db_session, login_as, kitchen):
    group, nasi = kitchen["group"], kitchen["nasi"]
    make_capacity(db_session, group, product=nasi, units_per_day=2)
    login_as(kitchen["buyer"])
    client.get("/bahasa/en")
    add_to_cart(client, nasi, 5)
    response = client.post("/checkout", data=pickup_form(group, kitchen["logistics"]))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Production capacity for Nasi Kotak on" in page and "only 2 pcs" in page


def test_cancel_gives_the_units_back_once(db_session, kitchen):
    group, nasi = kitchen["group"], kitchen["nasi"]
    cap = make_capacity(db_session, group, product=nasi, units_per_day=10)
    buyer = kitchen["buyer"]
    order = make_order(db_session, buyer, {nasi: 6}, kitchen["logistics"]).orders[0]
    day = order.pickup_date
    assert _used(db_session, cap, day) == 6
    transition(db_session, order, states.CANCELLED, buyer)
    assert _used(db_session, cap, day) == 0
    with pytest.raises(IllegalTransition):
        transition(db_session, order, states.CANCELLED, buyer)
    assert release_stock(db_session, order) is False
    # a later order's units are not given back by the cancelled one
    make_order(db_session, make_user(db_session), {nasi: 4}, kitchen["logistics"])
    assert release_stock(db_session, order) is False
    assert _used(db_session, cap, day) == 4


def test_expiry_gives_the_units_back_once(db_session, kitchen):
    group, soto = kitchen["group"], kitchen["soto"]
    cap = make_capacity(db_session, group, category="makanan-minuman", units_per_day=10)
    order = make_order(db_session, kitchen["buyer"], {soto: 5}, kitchen["logistics"]).orders[0]
    # an online order still awaiting payment when its deadline passes
    db_session.execute(
        update(Order).where(Order.id == order.id).values(status=states.AWAITING_PAYMENT)
    )
    db_session.expire_all()
    transition(db_session, order, states.EXPIRED, None)
    assert _used(db_session, cap, order.pickup_date) == 0
    with pytest.raises(IllegalTransition):
        transition(db_session, order, states.EXPIRED, None)
    assert release_stock(db_session, order) is False
    assert _used(db_session, cap, order.pickup_date) == 0


def test_a_removed_capacity_leaves_nothing_to_give_back(db_session, kitchen):
    group, nasi = kitchen["group"], kitchen["nasi"]
    cap = make_capacity(db_session, group, product=nasi, units_per_day=10)
    order = make_order(db_session, kitchen["buyer"], {nasi: 2}, kitchen["logistics"]).orders[0]
    capacity_settings.remove_capacity(db_session, cap)
    transition(db_session, order, states.CANCELLED, kitchen["buyer"])
    assert db_session.scalar(select(func.count()).select_from(CapacityUse)) == 0


# --- the producer's settings section ---------------------------------------------------------


def test_producer_adds_changes_and_removes_a_capacity(client, db_session, login_as, kitchen):
    group, nasi = kitchen["group"], kitchen["nasi"]
    login_as(kitchen["chair"])
    page = client.get("/produsen/layanan").get_data(as_text=True)
    assert "Kapasitas produksi per hari" in page and "Belum ada kapasitas" in page
    added = client.post(
        "/produsen/layanan/kapasitas",
        data={"target": f"p-{nasi.id}", "units_per_day": "40", "lead_time_days": "1"},
    )
    assert added.status_code == 302 and added.headers["Location"].endswith("#kapasitas")
    cap = db_session.scalars(select(GroupCapacity)).one()
    assert (cap.product_id, cap.units_per_day, cap.lead_time_days) == (nasi.id, 40, 1)
    make_order(db_session, kitchen["buyer"], {nasi: 3}, kitchen["logistics"])
    page = client.get("/produsen/layanan").get_data(as_text=True)
    assert "Terpakai hari ini 0 dari 40, besok 3 dari 40" in page

    bad = client.post(
        "/produsen/layanan/kapasitas",
        data={"target": "c-makanan-minuman", "units_per_day": "nol", "lead_time_days": "0"},
    )
    assert bad.status_code == 422
    assert "Kapasitas per hari harus 1 sampai" in bad.get_data(as_text=True)
    changed = client.post(
        f"/produsen/layanan/kapasitas/{cap.id}", data={"units_per_day": "25", "lead_time_days": "0"}
    )
    assert changed.status_code == 302
    db_session.expire_all()
    assert (cap.units_per_day, cap.lead_time_days) == (25, 0)
    assert client.post(f"/produsen/layanan/kapasitas/{cap.id}", data={}).status_code == 422

    client.get("/bahasa/en")
    english = client.get("/produsen/layanan").get_data(as_text=True)
    assert "Daily production capacity" in english and "Used today 0 of 25" in english
    assert client.post(f"/produsen/layanan/kapasitas/{cap.id}/hapus").status_code == 302
    assert db_session.scalar(select(func.count()).select_from(GroupCapacity)) == 0
    assert not db_session.get(GroupServiceSettings, group.id).has_unit_capacity


def test_another_groups_capacity_is_not_found(client, db_session, login_as, kitchen):
    cap = make_capacity(db_session, kitchen["group"], product=kitchen["nasi"], units_per_day=9)
    intruder = make_user(db_session)
    make_group(db_session, chair=intruder)
    login_as(intruder)
    url = f"/produsen/layanan/kapasitas/{cap.id}"
    assert client.post(url, data={"units_per_day": "1", "lead_time_days": "0"}).status_code == 404
    assert client.post(url + "/hapus").status_code == 404
    foreign = client.post(
        "/produsen/layanan/kapasitas",
        data={"target": f"p-{kitchen['nasi'].id}", "units_per_day": "5", "lead_time_days": "0"},
    )
    assert foreign.status_code == 422
    assert "bukan produk kelompok Anda" in foreign.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(GroupCapacity, cap.id).units_per_day == 9
    assert "Nasi Kotak" not in client.get("/produsen/layanan").get_data(as_text=True)
