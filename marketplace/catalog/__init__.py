"""Catalog: TKM groups (profiles, membership), products, photos, search.

The views add their routes to `bp` when the factory imports them (they import this module for
`bp`, so this module does not import them back).
"""

from flask import Blueprint

from marketplace.catalog import hooks, work_page
from marketplace.catalog.permits import permit_number
from marketplace.catalog.storage import media_url

bp = Blueprint("catalog", __name__)
bp.add_app_template_global(media_url, "media_url")
hooks.on_work_page(work_page.low_stock_panel)
bp.add_app_template_filter(permit_number, "permit_number")
