"""Bar charts as inline SVG drawn on the server: no scripts, readable at 360 px."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from marketplace.core.formatting import decimal
from marketplace.investors.summary import Summary

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 360, 200, 22, 34, 4


def _short_month(iso: str, locale: str) -> str:
    return format_date(date.fromisoformat(iso), "MMM yy", locale=locale)


def _compact(value: int, locale: str) -> str:
    """1.250.000 -> `1,3 jt` (en `1.3M`); 25.000 -> `25 rb` (en `25K`): labels above bars."""
    if value >= 1_000_000:
        return _("%(n)s jt", n=decimal(round(value / 1_000_000, 1), 1, locale))
    if value >= 1_000:
        return _("%(n)s rb", n=value // 1_000)
    return str(value)


def bar_chart(
    months: list[dict], key: str, title: str, locale: str = "id", color: str = "#198754"
) -> Markup:
    """An accessible SVG bar chart of months[i][key], with month labels and values on top."""
    values = [int(m[key]) for m in months]
    peak = max(values) or 1
    n = max(len(values), 1)
    slot = (WIDTH - LEFT * 2) / n
    bar = slot * 0.7
    area = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart w-100 h-auto" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - LEFT}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#adb5bd" stroke-width="1"/>',
    ]
    for i, (m, v) in enumerate(zip(months, values, strict=True)):
        h = round(area * v / peak, 1)
        x = round(LEFT + i * slot + (slot - bar) / 2, 1)
        y = round(HEIGHT - BOTTOM - h, 1)
        cx = round(x + bar / 2, 1)
        label = _short_month(m["month"], locale)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{round(bar, 1)}" height="{h}" fill="{color}">'
            f"<title>{escape(label)}: {escape(decimal(v, 0, locale))}</title></rect>"
        )
        if v:
            parts.append(
                f'<text x="{cx}" y="{y - 3}" font-size="8" text-anchor="middle" '
                f'fill="#212529">{escape(_compact(v, locale))}</text>'
            )
        parts.append(
            f'<text x="{cx}" y="{HEIGHT - BOTTOM + 12}" font-size="8" text-anchor="middle" '
            f'fill="#495057">{escape(label.split(" ")[0])}</text>'
        )
        if i == 0 or label.startswith(("Jan", "jan")):
            parts.append(
                f'<text x="{cx}" y="{HEIGHT - BOTTOM + 24}" font-size="8" text-anchor="middle" '
                f'fill="#6c757d">{escape(m["month"][:4])}</text>'
            )
    parts.append("</svg>")
    # Every interpolated value is a number or escaped above; `color` is a code constant.
    return Markup("".join(parts))  # noqa: S704 # nosec B704


def summary_charts(s: Summary) -> tuple[Markup, Markup]:
    """The revenue and orders charts of a performance summary, in the reader's language."""
    loc = str(get_locale() or "id")
    return (
        bar_chart(s.months, "revenue", _("Omzet per bulan (Rp)"), loc),
        bar_chart(s.months, "orders", _("Pesanan selesai per bulan"), loc, "#0d6efd"),
    )
