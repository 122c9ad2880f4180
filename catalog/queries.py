"""Read queries for public catalog pages: one query per list, only what a card shows.

Every public list joins the group (name, slug, tier, kecamatan) and keeps only active
products of verified groups; cards use the denormalised main_thumb_key, sold_count and
rating_avg, so a page costs a fixed number of queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalog import search
from catalog.constants import CATEGORIES, STATUS_VERIFIED
from catalog.models import ProducerGroup
from catalog.product_models import Product
from marketplace.core.regions import KECAMATAN

SORTS = ("newest", "cheapest", "bestselling", "rating")
DEFAULT_PAGE_SIZE = 24


@dataclass
class CatalogFilters:
    q: str = ""
    category: str = ""
    kecamatan: str = ""
    min_price: int | None = None
    max_price: int | None = None
    ready_only: bool = False
    sort: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> CatalogFilters:
        """Read filters from query-string args, ignoring anything unknown or malformed."""

        def _int(name: str, lo: int, hi: int) -> int | None:
            raw = (args.get(name) or "").replace(".", "").strip()
            if not raw.isdigit():
                return None
            return min(max(int(raw[:12]), lo), hi)

        category = args.get("kategori", "")
        kecamatan = args.get("kecamatan", "")
        sort = args.get("urut", "")
        return cls(
            q=(args.get("q") or "").strip()[:200],
            category=category if category in CATEGORIES else "",
            kecamatan=kecamatan if kecamatan in KECAMATAN else "",
            min_price=_int("harga_min", 0, 100_000_000),
            max_price=_int("harga_maks", 0, 100_000_000),
            ready_only=args.get("siap") in ("1", "on", "true"),
            sort=sort if sort in SORTS else "",
            page=_int("hal", 1, 10_000) or 1,
        )


@dataclass
class Page:
    items: list = field(default_factory=list)
    page: int = 1
    has_next: bool = False

    @property
    def has_prev(self) -> bool:
        return self.page > 1


CARD_COLUMNS = (
    Product.id,
    Product.name,
    Product.price,
    Product.unit,
    Product.stock,
    Product.is_preorder,
    Product.lead_time_days,
    Product.main_thumb_key,
    Product.sold_count,
    Product.rating_avg,
    Product.rating_count,
    ProducerGroup.name.label("group_name"),
    ProducerGroup.slug.label("group_slug"),
    ProducerGroup.tier.label("group_tier"),
    ProducerGroup.kecamatan.label("group_kecamatan"),
)


def _public_cards() -> Select:
    return (
        select(*CARD_COLUMNS)
        .join(ProducerGroup, ProducerGroup.id == Product.group_id)
        .where(Product.is_active.is_(True), ProducerGroup.status == STATUS_VERIFIED)
    )


ORDERS = {
    "newest": (Product.created_at.desc(), Product.id.desc()),
    "cheapest": (Product.price.asc(), Product.id.asc()),
    "bestselling": (Product.sold_count.desc(), Product.id.desc()),
    "rating": (Product.rating_avg.desc(), Product.rating_count.desc(), Product.id.desc()),
}


# SQLite's planner, given the statistics of a large catalog, starts from the verified groups
# and sorts all their products; walking this index in order (it also holds group_id, so
# skipped rows of deep pages are never read) is hundreds of times faster.
NEWEST_INDEX_HINT = "INDEXED BY ix_products_active_created_id_group"


def _newest_first(stmt: Select) -> Select:
    return stmt.with_hint(Product, NEWEST_INDEX_HINT, "sqlite").order_by(*ORDERS["newest"])


def catalog_page(
    session: Session, filters: CatalogFilters, page_size: int = DEFAULT_PAGE_SIZE
) -> Page:
    """One page of the public catalog (one SQL query; LIMIT n+1 tells if there is a next)."""
    stmt = _public_cards()
    if filters.category:
        stmt = stmt.where(Product.category == filters.category)
    if filters.kecamatan:
        stmt = stmt.where(ProducerGroup.kecamatan == filters.kecamatan)
    if filters.min_price is not None:
        stmt = stmt.where(Product.price >= filters.min_price)
    if filters.max_price is not None:
        stmt = stmt.where(Product.price <= filters.max_price)
    if filters.ready_only:
        stmt = stmt.where(Product.is_preorder.is_(False), Product.stock > 0)
    stmt, rank = search.apply_search(stmt, filters.q, session.get_bind().dialect.name)
    if rank is None and filters.sort in ("", "newest") and not filters.category:
        stmt = _newest_first(stmt)
    elif filters.sort or rank is None:
        stmt = stmt.order_by(*ORDERS[filters.sort or "newest"])
    else:
        stmt = stmt.order_by(rank, Product.id.desc())
    offset = (filters.page - 1) * page_size
    rows = session.execute(stmt.limit(page_size + 1).offset(offset)).all()
    return Page(items=rows[:page_size], page=filters.page, has_next=len(rows) > page_size)


def fresh_products(session: Session, limit: int = 8) -> list:
    """Newest public products (home page)."""
    return session.execute(_newest_first(_public_cards()).limit(limit)).all()


def popular_products(session: Session, limit: int = 8) -> list:
    """Best-selling public products (home page)."""
    stmt = _public_cards().where(Product.sold_count > 0).order_by(*ORDERS["bestselling"])
    return session.execute(stmt.limit(limit)).all()


def group_cards(
    session: Session, group_id: int, *, exclude: int | None = None, limit: int = 60
) -> list:
    """A group's active products as cards (shop page, "more from this group").

    The caller decides whether the group may be shown; this does not check its status.
    """
    stmt = (
        select(*CARD_COLUMNS)
        .join(ProducerGroup, ProducerGroup.id == Product.group_id)
        .where(Product.group_id == group_id, Product.is_active.is_(True))
    )
    if exclude is not None:
        stmt = stmt.where(Product.id != exclude)
    return session.execute(stmt.order_by(*ORDERS["newest"]).limit(limit)).all()


def product_with_group(session: Session, product_id: int) -> Product | None:
    """A product with its group and photos loaded (product page)."""
    stmt = (
        select(Product)
        .where(Product.id == product_id)
        .options(joinedload(Product.group), selectinload(Product.photos))
    )
    return session.scalars(stmt).first()


def group_products_for_owner(session: Session, group_id: int) -> list[Product]:
    """All products of a group (active first, then by name) for its members."""
    stmt = (
        select(Product)
        .where(Product.group_id == group_id)
        .order_by(Product.is_active.desc(), sa.func.lower(Product.name))
    )
    return list(session.scalars(stmt))
