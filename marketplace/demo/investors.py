"""Demo data for investors and the program: vetted groups, sales history, a published pitch."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.timeutil import WIB, utcnow
from marketplace.investors import pitches, rollups
from marketplace.investors.models import GroupVetting
from marketplace.investors.pitch_models import Pitch, PitchFundLine
from marketplace.investors.summary import add_months, wib_today
from marketplace.orders.models import Checkout, Order, PickupPoint, Review, ShiftWindow

VETTED = (
    "Konveksi Maju Jaya Gringsing",
    "Dapur Bu Sri Kandeman",
    "Batik Rifaiyah Kalipucang",
    "Kopi Bawang Asri",
)
# name -> (orders per month at the start, added each month, typical order total)
SALES = {
    "Konveksi Maju Jaya Gringsing": (4, 1, 350_000),
    "Dapur Bu Sri Kandeman": (10, 2, 60_000),
    "Batik Rifaiyah Kalipucang": (3, 0, 450_000),
    "Kopi Bawang Asri": (6, 1, 80_000),
    "Keripik Sukun Tulis": (3, 1, 25_000),
    "Wearpack Tersono Mandiri": (2, 0, 900_000),
}
CODE_PREFIX = "RIW"  # marks the demo's past orders (riwayat), so loading again adds none
PITCH_TITLE = "Tambah mesin jahit dan bordir untuk seragam pabrik"


def _officer(session: Session) -> User | None:
    return session.scalars(select(User).where(User.email == "fajar@demo.pasartkm.id")).first()


def _sales_history(session: Session, group: ProducerGroup, buyers: list[User]) -> int:
    mine = Order.pickup_code.like(f"{CODE_PREFIX}%")
    if session.scalar(select(func.count(Order.id)).where(Order.group_id == group.id, mine)):
        return 0
    window = session.scalars(select(ShiftWindow).where(ShiftWindow.code == "siang")).first()
    point = session.scalars(select(PickupPoint).order_by(PickupPoint.id)).first()
    if window is None or point is None or not buyers:
        return 0
    product = session.scalars(select(Product).where(Product.group_id == group.id)).first()
    rng = random.Random(group.id)  # noqa: S311 - demo data, not security
    start, per_month, total = SALES[group.name]
    current = wib_today().replace(day=1)
    made = 0
    for back in range(11, 0, -1):
        month = add_months(current, -back)
        for _ in range(start + per_month * (11 - back)):
            day = month + timedelta(days=rng.randint(0, 27))
            late = rng.random() < 0.06
            at = time(12, 0) if not late else time(15, 0)
            done = datetime.combine(day, at, tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)
            buyer = rng.choice(buyers)
            amount = total + rng.randint(-4, 4) * (total // 20)
            checkout = Checkout(buyer_id=buyer.id, payment_method="cod", total=amount)
            session.add(checkout)
            session.flush()
            order = Order(
                checkout_id=checkout.id,
                group_id=group.id,
                buyer_id=buyer.id,
                status="completed",
                fulfilment="pickup",
                pickup_point_id=point.id,
                window_id=window.id,
                pickup_date=day,
                window_code=window.code,
                window_start=window.start_time,
                window_end=window.end_time,
                pickup_point_name=point.name,
                subtotal=amount,
                total=amount,
                pickup_code=CODE_PREFIX + secrets.token_hex(4).upper(),
                created_at=done - timedelta(hours=5),
                placed_at=done - timedelta(hours=5),
                completed_at=done,
            )
            session.add(order)
            session.flush()
            if product is not None and rng.random() < 0.4:
                session.add(
                    Review(
                        product_id=product.id,
                        order_id=order.id,
                        buyer_id=buyer.id,
                        rating=rng.choice([4, 5, 5, 5, 4, 3]),
                        created_at=done + timedelta(hours=3),
                    )
                )
            rollups.record_order_completed(session, order)
            made += 1
    session.flush()
    if product is not None:
        _sync_rating(session, product.id)
    return made


def _sync_rating(session: Session, product_id: int) -> None:
    """The product's rating columns from its reviews: the summary a product page shows must
    count the reviews listed under it (these were added without orders.reviews.add_review)."""
    count, total = session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.rating), 0)).where(
            Review.product_id == product_id
        )
    ).one()
    session.execute(
        update(Product)
        .where(Product.id == product_id)
        .values(
            rating_count=count,
            rating_sum=total,
            rating_avg=(total / count) if count else 0.0,
        )
        .execution_options(synchronize_session=False)
    )


def _pitch(session: Session, group: ProducerGroup, officer: User) -> None:
    if session.scalar(select(Pitch.id).where(Pitch.title == PITCH_TITLE)):
        return
    pitch = Pitch(
        group_id=group.id,
        title=PITCH_TITLE,
        amount=75_000_000,
        partnership="bagi_hasil",
        timeline="Mesin dibeli bulan depan; produksi naik dua kali lipat dalam 3 bulan.",
        new_jobs=5,
        description="Pesanan seragam kerja dari pabrik di KITB melebihi kapasitas 6 mesin kami.",
        status="submitted",
        created_by=group.chair.id if group.chair else None,
        submitted_at=utcnow(),
        lines=[
            PitchFundLine(position=0, description="4 mesin jahit industri", amount=40_000_000),
            PitchFundLine(position=1, description="1 mesin bordir komputer", amount=25_000_000),
            PitchFundLine(position=2, description="Modal kain dan benang", amount=10_000_000),
        ],
    )
    session.add(pitch)
    session.flush()
    pitches.review(session, officer, pitch, approve=True, comments="Rencana jelas.")


def load_investors(session: Session, echo: Callable[[str], None] = print) -> int:
    """Vet the demo lanjutan groups, give groups a sales history, publish one pitch."""
    officer = _officer(session)
    if officer is None:
        return 0
    groups = {
        g.name: g
        for g in session.scalars(select(ProducerGroup).where(ProducerGroup.name.in_(SALES)))
    }
    chairs_of_others = session.scalars(
        select(User).where(User.email.like("ketua%@demo.pasartkm.id")).order_by(User.id)
    ).all()
    siti = session.scalars(select(User).where(User.email == "siti@demo.pasartkm.id")).first()
    buyers = ([siti] if siti else []) + list(chairs_of_others)
    made = 0
    for name, group in groups.items():
        members = {m.user_id for m in group.memberships}
        made += _sales_history(session, group, [b for b in buyers if b.id not in members])
        if name in VETTED and session.get(GroupVetting, group.id) is None:
            session.add(
                GroupVetting(
                    group_id=group.id,
                    is_vetted=True,
                    vetted_at=utcnow(),
                    vetted_by=officer.id,
                    vetting_notes="Dokumen lengkap, pembukuan sederhana tertib, usaha stabil.",
                )
            )
    session.flush()
    darto = groups.get("Konveksi Maju Jaya Gringsing")
    if darto is not None:
        _pitch(session, darto, officer)
    echo(f"  investor dan program: {made} pesanan riwayat baru")
    return made
