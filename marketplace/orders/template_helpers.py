"""What the orders feature offers every template: labels for windows, slots and statuses, and
the nav's cart and notification counts (registered as template globals in orders/__init__)."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date
from flask import g, session
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from marketplace.core.formatting import _locale
from marketplace.extensions import db
from marketplace.orders import cart, logistics, notify, payment_step, states
from marketplace.orders.cart_session import SESSION_CART


def nav_counts() -> dict[str, Any]:
    """Cart size and unread notifications for the nav; one cheap query each when logged in."""
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


def window_label(window) -> str:
    """A shift window's label with its hours, or `-` when there is none."""
    return logistics.window_label(window) if window is not None else "-"


def short_day(day: date) -> str:
    """A slot's day, short for phone screens: `Sab, 29 Nov`."""
    return format_date(day, "EEE, d MMM", locale=_locale())


def day_choice_label(day: date) -> str:
    """A checkout date option: `Besok · Sabtu, 29 Nov` (today and tomorrow named, WIB dates),
    short enough to show whole in its select on a 360 px screen."""
    offset = (day - logistics.now_wib().date()).days
    named = {0: gettext("Hari ini"), 1: gettext("Besok")}.get(offset)
    shown = format_date(day, "EEEE, d MMM", locale=_locale())
    return f"{named} · {shown}" if named else shown


def status_label(status: str) -> str:
    """An order status as the user reads it."""
    return states.label(status)


def payment_method_label(code: str) -> str:
    """`cod` → "tunai (COD)": a checkout's payment method for people."""
    return payment_step.method_label(code)


def payment_state(order) -> payment_step.PaymentState:
    """How an order is paid (method, paid or not, any refund), as its buyer reads it."""
    return payment_step.state_of(order)


def notification_text(notification) -> str:
    """A notification's text in the reader's language."""
    return notify.text_of(notification)


def notification_url(notification) -> str | None:
    """Where a notification leads (url_for at display time), or None."""
    return notify.url_of(notification)


TEMPLATE_GLOBALS = (
    window_label,
    short_day,
    day_choice_label,
    status_label,
    payment_method_label,
    payment_state,
    notification_text,
    notification_url,
)
