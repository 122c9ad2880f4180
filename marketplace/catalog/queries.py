"""Read queries for public catalog pages: one query per list, only what a card shows.

Every public list joins the group (name, slug, tier, kecamatan) and keeps only active
products of verified groups; cards use the denormalised main_thumb_key, sold_count and
rating_avg, so a page costs a fixed number of queries whatever its size. Catalog listings
page by keyset (the next page starts after the last product shown), so a deep page costs
what the first does; ranked search results keep numbered pages, capped at MAX_SEARCH_PAGES.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from marketplace.catalog import search, search_terms
from marketplace.catalog.constants import CATEGORIES, STATUS_VERIFIED
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product
from marketplace.core.regions import KECAMATAN
from marketplace.core.security import parse_id

SORTS = ("newest", "cheapest", "bestselling", "rating")
DEFAULT_PAGE_SIZE = 24
# Search results are ranked, so they keep numbered OFFSET pages; past this many nobody reads
# on, and a capped OFFSET keeps a crafted `?hal=` from making the database skip 240,000 rows.
MAX_SEARCH_PAGES = 50


@dataclass
class CatalogFilters:
    q: str = ""
    category: str = ""
    kecamatan: str = ""
    min_price: int | None = None
    max_price: int | None = None
    ready_only: bool = False
    sort: str = ""
    page: int = 1  # search results only (`hal`)
    after: int | None = None  # listings: the page after this product (`setelah`)
    before: int | None = None  # listings: the page before this product (`sebelum`)

    @classmethod
    def from_args(cls, args) -> CatalogFilters:
        """Read filters from query-string args, ignoring anything unknown or malformed."""

        def _int(name: str, lo: int, hi: int) -> int | None:
            raw = (args.get(name) or "").replace(".", "").strip()
            if not (raw.isascii() and raw.isdigit()):  # "²".isdigit() is True, int() fails
                return None
            return min(max(int(raw[:12]), lo), hi)

        def _id(name: str) -> int | None:
            return parse_id(args.get(name))

        category = args.get("kategori", "")
        kecamatan = args.get("kecamatan", "")
        sort = args.get("urut", "")
        after = _id("setelah")
        return cls(
            q=(args.get("q") or "").strip()[:200],
            category=category if category in CATEGORIES else "",
            kecamatan=kecamatan if kecamatan in KECAMATAN else "",
            min_price=_int("harga_min", 0, 100_000_000),
            max_price=_int("harga_maks", 0, 100_000_000),
            ready_only=args.get("siap") in ("1", "on", "true"),
            sort=sort if sort in SORTS else "",
            page=_int("hal", 1, 10_000) or 1,
            after=after,
            before=None if after else _id("sebelum"),
        )


@dataclass
class Page:
    """One page of cards; listings link by cursor (first/last id), searches by number."""

    items: list = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    has_prev: bool = False
    numbered: bool = False  # search results: `?hal=N`
    capped: bool = False  # search results go on past MAX_SEARCH_PAGES
    typed: str = ""  # the buyer's words, when these are the results for `corrected`
    corrected: str = ""  # the misspelt search, corrected (pager links carry it)
    suggestions: list[str] = field(default_factory=list)  # "did you mean", when nothing matched

    @property
    def first_id(self) -> int | None:
        """Cursor for the previous page."""
        return self.items[0].id if self.items else None

    @property
    def last_id(self) -> int | None:
        """Cursor for the next page."""
        return self.items[-1].id if self.items else None


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


_PUBLIC_CARDS = (  # statements are immutable: built once, shared by every request
    select(*CARD_COLUMNS)
    .join(ProducerGroup, ProducerGroup.id == Product.group_id)
    .where(Product.is_active.is_(True), ProducerGroup.status == STATUS_VERIFIED)
)


def _public_cards() -> Select:
    return _PUBLIC_CARDS


# sort -> (key columns, descending?). Every column of a key runs in the same direction, ending
# with the unique id, so "after this product" is one row-value comparison with its key.
SORT_KEYS = {
    "newest": ((Product.created_at, Product.id), True),
    "cheapest": ((Product.price, Product.id), False),
    "bestselling": ((Product.sold_count, Product.id), True),
    "rating": ((Product.rating_avg, Product.rating_count, Product.id), True),
}
ORDERS = {
    sort: tuple(c.desc() if desc else c.asc() for c in cols)
    for sort, (cols, desc) in SORT_KEYS.items()
}


# No index hint: SQLAlchemy never rendered the former SQLite `INDEXED BY` (with_hint is a
# no-op there); on the analysed large data set SQLite already walks the newest, price and
# sold_count indexes for first and keyset pages (EXPLAIN QUERY PLAN).
_SEEK = aliased(Product, name="seek")


def _seek(stmt: Select, sort: str, kind: str) -> Select:
    """Order `stmt` by `sort`; kind "after"/"before" keeps rows after/before product :cursor.

    The cursor's key is read by a subquery in the same statement (no extra round trip) and
    from all products, so a cursor product deactivated since still marks its place.
    """
    cols, desc = SORT_KEYS[sort]
    descending = desc != (kind == "before")
    if kind != "first":
        cursor = sa.bindparam("cursor", type_=sa.Integer)
        key = select(*(getattr(_SEEK, c.key) for c in cols)).where(_SEEK.id == cursor)
        row, key = sa.tuple_(*cols), key.scalar_subquery()
        stmt = stmt.where(row < key if descending else row > key)
    return stmt.order_by(*(c.desc() if descending else c.asc() for c in cols))


# filter -> condition; values are bind parameters f_<filter> (see _statement)
_CONDITIONS = {
    "category": Product.category == sa.bindparam("f_category", type_=sa.String),
    "kecamatan": ProducerGroup.kecamatan == sa.bindparam("f_kecamatan", type_=sa.String),
    "min_price": Product.price >= sa.bindparam("f_min_price", type_=sa.Integer),
    "max_price": Product.price <= sa.bindparam("f_max_price", type_=sa.Integer),
    "ready_only": sa.and_(Product.is_preorder.is_(False), Product.stock > 0),
}


def _shape(filters: CatalogFilters) -> tuple[tuple[str, ...], dict]:
    """The active filters (the statement's shape) and their bind values."""
    active = {
        "category": filters.category or None,
        "kecamatan": filters.kecamatan or None,
        "min_price": filters.min_price,
        "max_price": filters.max_price,
        "ready_only": filters.ready_only or None,
    }
    shape = tuple(name for name, value in active.items() if value is not None)
    return shape, {f"f_{name}": active[name] for name in shape if name != "ready_only"}


@functools.lru_cache(maxsize=1024)
def _statement(dialect: str, shape: tuple[str, ...], sort: str, kind: str) -> Select:
    """The catalog statement for one shape of request, built once per process.

    Building and hashing the search statements cost 1-2 ms of Python per request, so every
    value is a bind parameter: f_* (filters), search_* (search.match_params), cursor, page_*.
    kind: "first", "after", "before" (listings), "sorted" or "relevance" (searches).
    """
    stmt = _PUBLIC_CARDS.where(*(_CONDITIONS[name] for name in shape))
    limit = sa.bindparam("page_limit", type_=sa.Integer)
    if kind == "relevance":
        return search.relevance_page(stmt, dialect)
    if kind == "sorted":
        offset = sa.bindparam("page_offset", type_=sa.Integer)
        return search.matching(stmt, dialect).order_by(*ORDERS[sort]).limit(limit).offset(offset)
    return _seek(stmt, sort, kind).limit(limit)


def catalog_page(
    session: Session, filters: CatalogFilters, page_size: int = DEFAULT_PAGE_SIZE
) -> Page:
    """One page of the public catalog (one SQL query; LIMIT n+1 tells if there is more).

    A search that finds nothing is tried again with its misspelt words corrected (two more
    queries, only then): the page says so, or suggests queries ("did you mean").
    """
    dialect = session.get_bind().dialect.name
    words = search.match_params(filters.q, dialect)
    if words is None:
        return _listing_page(session, filters, page_size)
    page = _search_page(session, filters, words, page_size)
    if page.items or filters.page > 1:  # later pages of a corrected search carry its words
        return page
    fix = search_terms.correction(session, search.tokens(filters.q))
    if fix.query:
        fixed = replace(filters, q=fix.query)
        found = _search_page(session, fixed, search.match_params(fix.query, dialect), page_size)
        if found.items:
            found.typed, found.corrected = filters.q, fix.query
            return found
    page.suggestions = fix.suggestions
    return page


def _search_page(session: Session, filters: CatalogFilters, words: dict, size: int) -> Page:
    """A numbered page of search results (match_params() values in `words`)."""
    shape, values = _shape(filters)
    page = min(filters.page, MAX_SEARCH_PAGES)
    offset = (page - 1) * size
    dialect = session.get_bind().dialect.name
    stmt = _statement(dialect, shape, filters.sort, "sorted" if filters.sort else "relevance")
    paging = {"page_limit": size + 1, "page_offset": offset}
    paging["page_wanted"] = offset + size + 1
    rows = session.execute(stmt, values | words | paging).all()
    more = len(rows) > size
    return Page(
        items=rows[:size],
        page=page,
        has_next=more and page < MAX_SEARCH_PAGES,
        has_prev=page > 1,
        numbered=True,
        capped=more and page == MAX_SEARCH_PAGES,
    )


def _listing_page(session: Session, filters: CatalogFilters, size: int) -> Page:
    """A keyset page: the `size` products after `filters.after` or before `filters.before`."""
    shape, values = _shape(filters)
    backwards = filters.before is not None
    cursor = filters.before if backwards else filters.after
    kind = "first" if cursor is None else "before" if backwards else "after"
    stmt = _statement(session.get_bind().dialect.name, shape, filters.sort or "newest", kind)
    rows = session.execute(stmt, values | {"page_limit": size + 1, "cursor": cursor}).all()
    if cursor is None:
        return Page(items=rows[:size], has_next=len(rows) > size)
    if backwards and len(rows) >= size:
        return Page(items=rows[:size][::-1], has_next=True, has_prev=len(rows) > size)
    if not backwards and rows:
        return Page(items=rows[:size], has_next=len(rows) > size, has_prev=True)
    # An unknown cursor, or fewer products before it than a page (the catalog changed since
    # the link was made): show the first page. Only these rare cases cost a second query.
    return _listing_page(session, replace(filters, after=None, before=None), size)


def fresh_products(session: Session, limit: int = 8) -> list:
    """Newest public products (home page)."""
    return session.execute(_public_cards().order_by(*ORDERS["newest"]).limit(limit)).all()


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
