"""Catalog: TKM groups (profiles, membership), products, photos, search."""

from flask import Blueprint

bp = Blueprint("catalog", __name__)

from catalog import group_views  # noqa: E402,F401
