"""Orders: cart, split checkout, pickup/delivery slots, order lifecycle, notifications, reviews."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Blueprint, current_app, g, request, session
from flask_login import current_user, user_logged_in
from sqlalchemy.exc import SQLAlchemyError

bp = Blueprint("orders", __name__)

SESSION_CART = "cart"


@bp.before_app_request
def _keep_cookie_cart_through_login() -> None:
    """Login renews the session (clearing it); remember the visitor's cart for the merge."""
    if request.method == "POST" and request.endpoint in (
        "accounts.login",
        "accounts.register",
    ):
        g.orders_cookie_cart = session.get(SESSION_CART)


def _merge_cart_at_login(sender, user, **_extra: Any) -> None:
    from marketplace.extensions import db
    from marketplace.orders import cart

    raw = session.pop(SESSION_CART, None) or g.pop("orders_cookie_cart", None)
    items = cart.clean_cookie_cart(raw)
    if not items:
        return
    try:
        cart.merge_into_db(db.session, user.id, items)
        db.session.commit()
    except Exception:  # never let the cart break a login; the visitor re-adds the items
        db.session.rollback()
        current_app.logger.exception("could not merge the cookie cart at login")


user_logged_in.connect(_merge_cart_at_login)


@bp.app_context_processor
def _nav_counts() -> dict[str, Any]:
    """Cart size and unread notifications for the nav; one cheap query each when logged in."""
    from marketplace.extensions import db
    from marketplace.orders import cart, notify

    if not current_user.is_authenticated:
        return {
            "nav_cart_count": len(cart.clean_cookie_cart(session.get(SESSION_CART))),
            "nav_unread": 0,
        }
    try:
        return {
            "nav_cart_count": g.nav_cart_count
            if "nav_cart_count" in g
            else cart.db_count(db.session, current_user.id),
            "nav_unread": notify.unread_count(db.session, current_user.id),
        }
    except SQLAlchemyError:  # the error page must render even with the database down
        db.session.rollback()
        return {"nav_cart_count": 0, "nav_unread": 0}


@bp.app_template_global()
def window_label(window) -> str:
    from marketplace.orders.logistics import window_label as label

    return label(window) if window is not None else "-"


@bp.app_template_global()
def short_day(day) -> str:
    """A slot's day, short for phone screens: `Sab, 29 Nov`."""
    from babel.dates import format_date

    from marketplace.core.formatting import _locale

    return format_date(day, "EEE, d MMM", locale=_locale())


@bp.app_template_global()
def slot_label(slot) -> str:
    """`Sab, 29 Nov · Pagi 06.00–08.00`: a checkout slot's option text (cached per locale)."""
    from marketplace.core.formatting import _locale

    window = slot.window
    return _slot_label(slot.day, window.code, window.span, str(_locale()))


@lru_cache(maxsize=1024)
def _slot_label(day, code: str, span: str, locale: str) -> str:
    # A checkout page lists up to 24 slots: Babel date formatting and gettext for each option
    # cost more than the rest of the page. `locale` is in the key because both depend on it.
    from flask_babel import gettext

    from marketplace.orders.logistics import WINDOW_LABELS

    return f"{short_day(day)} · {gettext(WINDOW_LABELS.get(code, code))} {span}"


@bp.app_template_global()
def status_label(status: str) -> str:
    from marketplace.orders.states import label

    return label(status)


@bp.app_template_global()
def payment_method_label(code: str) -> str:
    """`cod` → "tunai (COD)": a checkout's payment method for people."""
    from marketplace.orders.payment_step import method_label

    return method_label(code)


@bp.app_template_global()
def notification_text(notification) -> str:
    """A notification's text in the reader's language."""
    from marketplace.orders.notify import text_of

    return text_of(notification)


@bp.app_template_global()
def notification_url(notification) -> str | None:
    """Where a notification leads (url_for at display time), or None."""
    from marketplace.orders.notify import url_of

    return url_of(notification)


@bp.app_template_global()
def product_reviews(product_id: int, limit: int = 10):
    """The latest reviews of a product, for the product page (orders/_reviews.html)."""
    from marketplace.extensions import db
    from marketplace.orders.reviews import product_reviews as reviews

    return reviews(db.session, product_id, limit)


@bp.app_template_global()
def earliest_date_for(product):
    """The first day a (pre-order) product can be picked up."""
    from marketplace.orders.logistics import earliest_date

    return earliest_date([product])


from marketplace.orders import cart_views, views  # noqa: E402,F401
