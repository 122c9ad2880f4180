"""The morning digest's detail lines, made from its JSON parameters in the reader's language:
one line per window (orders, and per place what to prepare), the cutoffs still ahead, the
products running low and those sold out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from marketplace.core.formatting import long_date, number, time_wib
from marketplace.orders.logistics import WINDOW_LABELS, window_label
from marketplace.orders.order_models import AgreedWindow


def _item(item: Mapping[str, Any]) -> str:
    """`12 × Nasi kotak ayam`; other units than pieces are named: `3 kg Keripik tempe`."""
    if item.get("unit", "pcs") == "pcs":
        return f"{number(item['qty'])} × {item['name']}"
    return f"{number(item['qty'])} {item['unit']} {item['name']}"


def _place(place: Mapping[str, Any]) -> str:
    """`Gerbang 1: 12 × Nasi kotak ayam, 3 × Es teh` (a delivery zone says so)."""
    name = _("Antar ke %(place)s", place=place["name"]) if place["delivery"] else place["name"]
    return f"{name}: {', '.join(_item(i) for i in place['items'])}"


def window_line(window: Mapping[str, Any]) -> str:
    """`Pagi 05.30–07.00 WIB · 4 pesanan · Gerbang 1: 12 × Nasi kotak ayam, 3 × Es teh`."""
    agreed = AgreedWindow(
        window["code"], time.fromisoformat(window["start"]), time.fromisoformat(window["end"])
    )
    parts = [
        window_label(agreed),
        ngettext("%(num)s pesanan", "%(num)s pesanan", window["orders"]),
        "; ".join(_place(p) for p in window["places"]),
    ]
    return " · ".join(p for p in parts if p)


def cutoff_line(cutoff: Mapping[str, Any], day: str) -> str:
    """`Batas pesan Siang: 09.45 WIB` (with the pickup day when it is not the digest's day)."""
    window = _(WINDOW_LABELS.get(cutoff["window"], cutoff["window"]))
    at = time_wib(time.fromisoformat(cutoff["time"]))
    if cutoff["day"] == day:
        return _("Batas pesan %(window)s: %(time)s", window=window, time=at)
    return _(
        "Batas pesan %(window)s %(day)s: %(time)s",
        window=window,
        day=long_date(date.fromisoformat(cutoff["day"])),
        time=at,
    )


def digest_lines(params: Mapping[str, Any]) -> list[str]:
    """The digest's lines, in the current locale (registered with outbox.render)."""
    lines = [window_line(w) for w in params.get("windows", ())]
    lines += [cutoff_line(c, params.get("day", "")) for c in params.get("cutoffs", ())]
    if params.get("low"):
        names = ", ".join(f"{p['name']} ({number(p['stock'])})" for p in params["low"])
        lines.append(_("Stok menipis: %(products)s", products=names))
    if params.get("sold_out"):
        lines.append(_("Stok habis: %(products)s", products=", ".join(params["sold_out"])))
    return lines
