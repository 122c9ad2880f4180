"""Test data builders: one place for every model the tests create."""

from __future__ import annotations

import itertools

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from marketplace.accounts.models import INVESTOR_APPROVED, INVESTOR_PENDING, User
from marketplace.catalog.constants import MEMBER_CHAIR, MEMBER_MEMBER, STATUS_VERIFIED
from marketplace.catalog.models import GroupMembership, GroupSector, ProducerGroup
from marketplace.catalog.product_models import Product

PASSWORD = "rahasia123"
_HASH = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
_seq = itertools.count(1)


def make_user(
    session: Session,
    *,
    role: str = "buyer",
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    approved: bool = True,
) -> User:
    """A user with password `rahasia123`."""
    n = next(_seq)
    user = User(
        name=name or f"Pengguna {n}",
        email=email or f"user{n}@contoh.id",
        phone=phone or f"62812{n:08d}",
        password_hash=_HASH,
        role=role,
        investor_status=(INVESTOR_APPROVED if approved else INVESTOR_PENDING)
        if role == "investor"
        else None,
    )
    session.add(user)
    session.flush()
    return user


def make_group(
    session: Session,
    *,
    chair: User | None = None,
    status: str = STATUS_VERIFIED,
    tier: str = "pemula",
    sectors: tuple[str, ...] = ("makanan-minuman",),
    name: str | None = None,
    kecamatan: str = "Gringsing",
    **fields,
) -> ProducerGroup:
    """A group (verified by default) with a chair."""
    n = next(_seq)
    group = ProducerGroup(
        name=name or f"Kelompok {n}",
        slug=f"kelompok-{n}",
        tier=tier,
        kecamatan=kecamatan,
        village="Plelen",
        address="Jl. Raya 1",
        member_count=12,
        nib=f"{n:013d}",
        whatsapp="6281234567890",
        description="Kelompok contoh",
        status=status,
        status_reason="",
        join_code=f"JOIN{n:04d}",
        **fields,
    )
    group.sector_rows = [GroupSector(sector=s) for s in sectors]
    session.add(group)
    session.flush()
    chair = chair or make_user(session)
    session.add(GroupMembership(group_id=group.id, user_id=chair.id, role=MEMBER_CHAIR))
    session.flush()
    return group


def add_member(session: Session, group: ProducerGroup, user: User | None = None) -> User:
    """Add a (new) user to `group` as a member."""
    user = user or make_user(session)
    session.add(GroupMembership(group_id=group.id, user_id=user.id, role=MEMBER_MEMBER))
    session.flush()
    return user


def make_product(
    session: Session,
    group: ProducerGroup,
    *,
    name: str | None = None,
    price: int = 15000,
    stock: int = 20,
    category: str = "makanan-minuman",
    **fields,
) -> Product:
    """An active product of `group`."""
    n = next(_seq)
    product = Product(
        group_id=group.id,
        name=name or f"Produk {n}",
        category=category,
        description=fields.pop("description", "Produk contoh"),
        price=price,
        unit=fields.pop("unit", "pcs"),
        stock=stock,
        **fields,
    )
    session.add(product)
    session.flush()
    return product


# --- orders (issue 4) ---------------------------------------------------------------------


def make_logistics(session: Session) -> dict:
    """The zone's shared pickup points, the three shift windows and two delivery zones."""
    from datetime import time

    from marketplace.orders.models import DeliveryZone, PickupPoint, ShiftWindow

    n = next(_seq)
    points = [PickupPoint(name=f"Gerbang {n}-{i} KITB") for i in (1, 2)]
    zones = [DeliveryZone(name=f"Mess Blok {n}-{i}") for i in (1, 2)]
    session.add_all(points + zones)
    windows = {}
    for code, start, end in (
        ("pagi", time(6, 0), time(7, 30)),
        ("siang", time(11, 45), time(12, 45)),
        ("malam", time(18, 0), time(19, 30)),
    ):
        window = session.query(ShiftWindow).filter_by(code=code).one_or_none()
        if window is None:
            window = ShiftWindow(code=code, start_time=start, end_time=end)
            session.add(window)
        windows[code] = window
    session.flush()
    return {"points": points, "zones": zones, "windows": windows}


def make_service(
    session: Session,
    group: ProducerGroup,
    logistics: dict,
    *,
    cutoff_minutes: int = 120,
    max_orders_per_window: int | None = None,
    fees: tuple[int, ...] = (3000, 5000),
):
    """Let `group` serve every point and window of `logistics`, and its zones with `fees`."""
    from marketplace.orders.logistics import save_group_service

    return save_group_service(
        session,
        group.id,
        point_ids=[p.id for p in logistics["points"]],
        window_ids=[w.id for w in logistics["windows"].values()],
        zone_fees={z.id: fee for z, fee in zip(logistics["zones"], fees, strict=False)},
        cutoff_minutes=cutoff_minutes,
        max_orders_per_window=max_orders_per_window,
    )


def fill_cart(session: Session, buyer: User, quantities: dict) -> None:
    """Put {product: quantity} in the buyer's database cart."""
    from marketplace.orders.cart import db_set

    for product, quantity in quantities.items():
        db_set(session, buyer.id, product.id, quantity)


def make_order(
    session: Session,
    buyer: User,
    quantities: dict,
    logistics: dict,
    *,
    day=None,
    window: str = "siang",
    payment_method: str = "cod",
):
    """Check out {product: quantity} (all of one or more groups) for pickup; return the checkout."""
    from datetime import timedelta

    from marketplace.orders.checkout import Selection, place_checkout
    from marketplace.orders.logistics import now_wib

    fill_cart(session, buyer, quantities)
    day = day or now_wib().date() + timedelta(days=1)
    selections = {
        product.group_id: Selection(
            "pickup",
            day,
            logistics["windows"][window].id,
            pickup_point_id=logistics["points"][0].id,
        )
        for product in quantities
    }
    return place_checkout(session, buyer, selections, payment_method)


def make_shop(session: Session) -> dict:
    """Two verified groups serving the zone's points, windows and zones, each with a product,
    and a buyer: the orders tests' shop.

    "Dapur Bu Sri" sells Nasi Kotak Ayam (Rp 15.000, stock 10) with the default delivery fees;
    "Konveksi Maju" sells Kaos Sablon (Rp 65.000, stock 5) with fees Rp 4.000 / Rp 7.000.
    """
    logistics = make_logistics(session)
    nasi_group = make_group(session, name="Dapur Bu Sri")
    kaos_group = make_group(session, name="Konveksi Maju", sectors=("konveksi",))
    make_service(session, nasi_group, logistics)
    make_service(session, kaos_group, logistics, fees=(4000, 7000))
    nasi = make_product(session, nasi_group, name="Nasi Kotak Ayam", price=15000, stock=10)
    kaos = make_product(
        session, kaos_group, name="Kaos Sablon", price=65000, stock=5, category="konveksi"
    )
    return {
        "logistics": logistics,
        "nasi_group": nasi_group,
        "kaos_group": kaos_group,
        "nasi": nasi,
        "kaos": kaos,
        "buyer": make_user(session, name="Siti Rahayu"),
    }


# --- investors and the program (issue 6) ------------------------------------------------------


def make_sold_order(
    session: Session,
    group: ProducerGroup,
    buyer: User,
    total: int,
    *,
    completed_at=None,
    cancelled_at=None,
    status: str = "completed",
    pickup_date=None,
    logistics: dict | None = None,
    window: str = "siang",
    record: bool = True,
    cancelled_by=None,
):
    """An order written directly (no checkout rules) in a final state, counted in the rollup.

    `completed_at`/`cancelled_at` are naive UTC; the pickup date defaults to the WIB date of
    completion, so the order is on time unless completed after the window's end.
    """
    import secrets

    from marketplace.core.timeutil import to_wib, utcnow
    from marketplace.investors import rollups
    from marketplace.orders.models import Checkout, Order, OrderEvent

    logistics = logistics or make_logistics(session)
    moment = completed_at or cancelled_at or utcnow()
    checkout = Checkout(buyer_id=buyer.id, payment_method="cod", total=total)
    session.add(checkout)
    session.flush()
    point, shift = logistics["points"][0], logistics["windows"][window]
    order = Order(
        checkout_id=checkout.id,
        group_id=group.id,
        buyer_id=buyer.id,
        status=status,
        fulfilment="pickup",
        pickup_point_id=point.id,
        window_id=shift.id,
        pickup_date=pickup_date or to_wib(moment).date(),
        window_code=shift.code,
        window_start=shift.start_time,
        window_end=shift.end_time,
        pickup_point_name=point.name,
        subtotal=total,
        delivery_fee=0,
        total=total,
        pickup_code=secrets.token_hex(5),
        placed_at=moment,
        completed_at=completed_at if status == "completed" else None,
        cancelled_at=cancelled_at if status == "cancelled" else None,
    )
    session.add(order)
    session.flush()
    if status == "cancelled":
        actor = cancelled_by.id if cancelled_by is not None else None
        event = OrderEvent(
            order_id=order.id, from_status="placed", to_status="cancelled", actor_id=actor
        )
        session.add(event)
        session.flush()
    if record and status == "completed":
        rollups.record_order_completed(session, order)
    elif record and status == "cancelled":
        by_group = cancelled_by is not None and cancelled_by.id != buyer.id
        rollups.record_order_cancelled(session, order, by_group)
    return order


def make_review(session: Session, order, product, rating: int, *, created_at=None):
    """A buyer's rating of `product` from `order`."""
    from marketplace.core.timeutil import utcnow
    from marketplace.orders.models import Review

    review = Review(
        product_id=product.id,
        order_id=order.id,
        buyer_id=order.buyer_id,
        rating=rating,
        created_at=created_at or utcnow(),
    )
    session.add(review)
    session.flush()
    return review


def make_vetted_group(session: Session, officer: User | None = None, **fields) -> ProducerGroup:
    """A verified lanjutan group an officer vetted for investors."""
    from marketplace.core.timeutil import utcnow
    from marketplace.investors.models import GroupVetting

    fields.setdefault("tier", "lanjutan")
    group = make_group(session, **fields)
    officer = officer or make_user(session, role="officer")
    session.add(
        GroupVetting(
            group_id=group.id,
            is_vetted=True,
            vetted_at=utcnow(),
            vetted_by=officer.id,
            vetting_notes="Usaha berjalan baik",
        )
    )
    session.flush()
    return group


# --- payments (issue 5) -----------------------------------------------------------------------


def make_online_checkout(
    session: Session,
    *,
    group: ProducerGroup | None = None,
    buyer: User | None = None,
    price: int = 20000,
    quantity: int = 1,
    stock: int = 20,
    delivery_fee: int = 0,
):
    """An online (Midtrans) checkout awaiting payment: returns (checkout, buyer, [product]).

    Needs an app context with Midtrans configured (the payments tests' fixture gives one).
    """
    from datetime import timedelta

    from marketplace.orders.checkout import Selection, place_checkout
    from marketplace.orders.logistics import now_wib

    logistics = make_logistics(session)
    group = group or make_group(session)
    make_service(session, group, logistics, fees=(delivery_fee or 3000, 5000))
    product = make_product(session, group, price=price, stock=stock)
    buyer = buyer or make_user(session)
    fill_cart(session, buyer, {product: quantity})
    day = now_wib().date() + timedelta(days=1)
    window = logistics["windows"]["siang"].id
    if delivery_fee:
        selection = Selection(
            "delivery",
            day,
            window,
            delivery_zone_id=logistics["zones"][0].id,
            address_note="Kamar 3, Blok A",
        )
    else:
        selection = Selection("pickup", day, window, pickup_point_id=logistics["points"][0].id)
    checkout = place_checkout(session, buyer, {group.id: selection}, "midtrans")
    session.flush()
    return checkout, buyer, [product]


def make_capacity(
    session: Session,
    group: ProducerGroup,
    *,
    product=None,
    category: str | None = None,
    units_per_day: int = 10,
    lead_time_days: int = 0,
):
    """A daily unit capacity of `group` for `product` or `category` (through the service)."""
    from marketplace.orders.capacity_settings import add_capacity

    return add_capacity(
        session,
        group.id,
        product_id=product.id if product is not None else None,
        category=category,
        units_per_day=units_per_day,
        lead_time_days=lead_time_days,
    )


# Members' profiles, trainings and certificates (skills): kept in their own module.
from tests.catalog.member_factories import (  # noqa: E402, F401 - re-exported
    make_certificate,
    make_member,
    make_training,
)

# --- deals (issue 16): kept in tests/investors/deal_factories.py ------------------------------
from tests.investors.deal_factories import make_deal, make_interest  # noqa: E402, F401
