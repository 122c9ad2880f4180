"""Catalog: TKM groups (profiles, membership), products, photos, search."""

from flask import Blueprint

bp = Blueprint("catalog", __name__)

from marketplace.catalog import group_views, producer_views, product_views  # noqa: E402,F401
from marketplace.catalog.storage import media_url  # noqa: E402

bp.add_app_template_global(media_url, "media_url")
