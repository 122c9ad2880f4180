"""Orders: cart, split checkout, pickup/delivery slots, order lifecycle, notifications, reviews."""

from __future__ import annotations

from flask import Blueprint
from flask_login import user_logged_in

from marketplace.catalog import hooks as catalog_hooks
from marketplace.orders import cart_session, queries, template_helpers, work_page

# The views add their routes to `bp` when the factory imports them (they import this module for
# `bp`, so this module does not import them back).
bp = Blueprint("orders", __name__)

bp.before_app_request(cart_session.keep_cookie_cart_through_login)
user_logged_in.connect(cart_session.merge_cart_at_login)
bp.app_context_processor(template_helpers.nav_counts)
for _helper in template_helpers.TEMPLATE_GLOBALS:
    bp.add_app_template_global(_helper)
catalog_hooks.on_product_page(queries.product_page)
catalog_hooks.on_work_page(work_page.work_panels)
