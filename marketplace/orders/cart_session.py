"""The visitor's cookie cart across login: kept before login renews the session, merged into
the account's cart when the login succeeds (registered in orders/__init__)."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request, session

from marketplace.extensions import db
from marketplace.orders import cart

SESSION_CART = "cart"


def keep_cookie_cart_through_login() -> None:
    """Login renews the session (clearing it); remember the visitor's cart for the merge."""
    if request.method == "POST" and request.endpoint in (
        "accounts.login",
        "accounts.register",
    ):
        g.orders_cookie_cart = session.get(SESSION_CART)


def merge_cart_at_login(sender, user, **_extra: Any) -> None:
    """Flask-Login's `user_logged_in`: move the cookie cart into the account's cart."""
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
