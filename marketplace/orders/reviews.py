"""Reviews: a buyer rates each product of a completed order once, 1 to 5 stars."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.models import User
from marketplace.catalog.product_models import Product
from marketplace.orders import states
from marketplace.orders.models import Order, Review


class ReviewError(ValueError):
    """A review was refused; the message is shown to the buyer."""


def reviewed_product_ids(session: Session, order_id: int) -> set[int]:
    return set(session.scalars(select(Review.product_id).where(Review.order_id == order_id)))


def add_review(
    session: Session,
    buyer: User,
    order: Order,
    product_id: int,
    rating: int,
    comment: str = "",
) -> Review:
    """Rate a product of the buyer's completed order, once; update the product's rating.

    Locking rule: the unique (order_id, product_id) constraint refuses a second review even
    when two arrive together; the product's rating columns change with one UPDATE of
    `rating_count = rating_count + 1 …` so concurrent reviews of one product add up.
    """
    if order.buyer_id != buyer.id:
        raise ReviewError(_("Hanya pembeli pesanan ini yang dapat memberi ulasan."))
    if order.status != states.COMPLETED:
        raise ReviewError(_("Ulasan dapat diberikan setelah pesanan selesai."))
    if product_id not in {line.product_id for line in order.lines}:
        raise ReviewError(_("Produk ini tidak ada di pesanan tersebut."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ReviewError(_("Pilih nilai 1 sampai 5 bintang."))
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ReviewError(_("Komentar maksimal 1000 karakter."))
    if product_id in reviewed_product_ids(session, order.id):
        raise ReviewError(_("Anda sudah memberi ulasan untuk produk ini."))
    review = Review(
        product_id=product_id, order_id=order.id, buyer_id=buyer.id, rating=rating, comment=comment
    )
    try:
        with session.begin_nested():
            session.add(review)
            session.flush()
    except IntegrityError as exc:
        raise ReviewError(_("Anda sudah memberi ulasan untuk produk ini.")) from exc
    session.execute(
        update(Product)
        .where(Product.id == product_id)
        .values(
            rating_count=Product.rating_count + 1,
            rating_sum=Product.rating_sum + rating,
            rating_avg=(Product.rating_sum + rating) * 1.0 / (Product.rating_count + 1),
        )
        .execution_options(synchronize_session=False)
    )
    product = session.get(Product, product_id)
    if product is not None:
        session.expire(product)
    return review


def product_reviews(session: Session, product_id: int, limit: int = 20) -> list[Review]:
    return list(
        session.scalars(
            select(Review)
            .options(joinedload(Review.buyer))
            .where(Review.product_id == product_id)
            .order_by(Review.created_at.desc(), Review.id.desc())
            .limit(limit)
        )
    )
