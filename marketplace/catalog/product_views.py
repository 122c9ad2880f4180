"""Public catalog pages: home, /products (filters and search), product page, media files."""

from __future__ import annotations

import io

from flask import abort, current_app, render_template, request, send_file, url_for
from flask_login import current_user

from marketplace.catalog import bp, hooks, page_cache, queries
from marketplace.catalog.constants import CATEGORIES
from marketplace.catalog.storage import KEY_RE, SAMPLE_KEY, get_storage, valid_key
from marketplace.core import render
from marketplace.core.regions import KECAMATAN
from marketplace.extensions import db, read_only_request

MEDIA_MAX_AGE = 31_536_000  # one year: keys are random and never reused


def _member_of(group_id: int) -> bool:
    if not current_user.is_authenticated:
        return False
    membership = current_user.group_membership
    return membership is not None and membership.group_id == group_id


@bp.route("/")
@page_cache.cached_page
def home():
    """Home page: categories, fresh and popular products."""
    read_only_request()
    return render_template(
        "catalog/home.html",
        fresh=queries.fresh_products(db.session),
        popular=queries.popular_products(db.session),
    )


@bp.route("/products")
@page_cache.cached_page
def products():
    """The catalog: filters, sort, full-text search, pagination."""
    read_only_request()
    filters = queries.CatalogFilters.from_args(request.args)
    page_size = current_app.config.get("CATALOG_PAGE_SIZE", queries.DEFAULT_PAGE_SIZE)
    page = queries.catalog_page(db.session, filters, page_size)
    return render_template(
        "catalog/products.html",
        page=page,
        filters=filters,
        categories=render.translated(CATEGORIES),
        kecamatan=KECAMATAN,
    )


# Only the filters travel in pager links: any other argument (`endpoint`, `_scheme`) would be
# taken by url_for itself.
FILTER_ARGS = ("q", "kategori", "kecamatan", "harga_min", "harga_maks", "siap", "urut")


@bp.app_template_global()
def catalog_pager_url(q: str = "", **position) -> str:
    """This catalog URL (same filters, or search `q`) at another position: hal=N, setelah=id
    or sebelum=id."""
    args = {k: request.args[k] for k in FILTER_ARGS if request.args.get(k)}
    if q:
        args["q"] = q
    return url_for("catalog.products", **args, **position)


def _product_detail_url(product_id: int) -> str:
    return url_for("catalog.product_detail", product_id=product_id)


@bp.app_template_global()
def product_url(product_id: int) -> str:
    """url_for('catalog.product_detail', product_id=…), formatted from a prefix built once."""
    prefix = render.url_prefix("product", _product_detail_url, 1234567)
    if prefix is None:
        return _product_detail_url(product_id)
    return f"{prefix}{int(product_id)}"


_CARD_URLS: dict[tuple, tuple[object, dict]] = {}


@bp.app_context_processor
def card_urls() -> dict:
    """`product_url` and `media_url` bound to this request's URL prefixes, looked up once.

    The globals of the same names find the prefix on each call (app, request); a page of 24
    cards calls them 48 times. The bound pair is made once per prefix and storage backend.
    """
    storage = get_storage()
    product = render.url_prefix("product", _product_detail_url, 1234567)
    media = render.url_prefix("media", storage.url, SAMPLE_KEY)
    key = (product, media, id(storage))
    entry = _CARD_URLS.get(key)
    if entry is None or entry[0] is not storage:

        def bound_product_url(product_id: int) -> str:
            if product is None:
                return _product_detail_url(product_id)
            return f"{product}{int(product_id)}"

        def bound_media_url(key: str | None) -> str:
            if not key:
                return ""
            if media is not None and KEY_RE.fullmatch(key):
                return media + key
            return storage.url(key)

        entry = _CARD_URLS[key] = (
            storage,
            {"product_url": bound_product_url, "media_url": bound_media_url},
        )
    return entry[1]


@bp.route("/products/<int:product_id>")
@page_cache.cached_page
def product_detail(product_id: int):
    """A product page: gallery, price, stock or lead time, the group's card, more products."""
    read_only_request()
    product = queries.product_with_group(db.session, product_id)
    if product is None:
        abort(404)
    group = product.group
    is_member = _member_of(group.id)
    public = product.is_active and group.is_public
    officer = current_user.is_authenticated and current_user.is_officer
    if not (public or is_member or officer):
        abort(404)
    more = queries.group_cards(db.session, group.id, exclude=product.id, limit=8)
    return render_template(
        "catalog/product.html",
        product=product,
        group=group,
        more=more,
        is_member=is_member,
        **hooks.product_page_context(db.session, product),
    )


@bp.route("/media/<key>")
def media(key: str):
    """A stored file (photos), cached by browsers for a year."""
    if not valid_key(key):
        abort(404)
    handle = get_storage().open(key)
    if handle is None:
        abort(404)
    mimetype = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[key.rsplit(".")[-1]]
    # Photos are small (≤ 1024 px): read and close the file here, so a client that drops the
    # connection mid-response can never leave the handle open (the dev server skips close()).
    with handle:
        data = handle.read()
    response = send_file(io.BytesIO(data), mimetype=mimetype, max_age=MEDIA_MAX_AGE, etag=key)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response
