"""Display helpers registered as Jinja filters: Rupiah, WIB dates, WhatsApp links."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from flask_babel import get_locale

from marketplace.core.phone import normalize_phone
from marketplace.core.timeutil import WIB, to_wib


def _locale() -> str:
    try:
        loc = get_locale()
    except RuntimeError:  # outside a request
        loc = None
    return str(loc) if loc else "id"


def rupiah(amount: int | None) -> str:
    """Format whole Rupiah as `Rp 15.000` (a no-break space; a dot every 3 digits).

    Same output as Babel's `format_decimal(n, locale='id_ID')` for whole numbers, about 50
    times faster (a catalog page formats dozens of prices; Babel's was its largest cost).
    """
    if amount is None:
        return "-"
    sign = "-" if amount < 0 else ""
    # A no-break space: on a narrow screen `Rp` never wraps away from its number.
    return f"{sign}Rp\u00a0{abs(int(amount)):,}".replace(",", ".")


def wib_datetime(value: datetime | None, fmt: str = "d MMM yyyy HH:mm") -> str:
    """Show a stored UTC datetime in WIB, e.g. `5 Des 2026 11.30 WIB`."""
    if value is None:
        return "-"
    return f"{format_datetime(to_wib(value), fmt, tzinfo=WIB, locale=_locale())} WIB"


def long_date(value: date | datetime | None) -> str:
    """Show a date as `5 Desember 2026`."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return format_date(value, "d MMMM yyyy", locale=_locale())


def wa_link(phone: str | None, text: str | None = None) -> str:
    """A https://wa.me/628… link, optionally with a prefilled message."""
    number = normalize_phone(phone or "")
    if not number:
        return ""
    url = f"https://wa.me/{number}"
    if text:
        url += "?text=" + quote(text, safe="")
    return url


FILTERS = {
    "rupiah": rupiah,
    "wib": wib_datetime,
    "long_date": long_date,
    "wa_link": wa_link,
}
