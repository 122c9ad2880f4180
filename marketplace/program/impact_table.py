"""One table of the impact dashboard (also one CSV export)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    money_columns: tuple[int, ...] = ()
    # Shown through the page's locale (the CSV keeps the plain values): `2026-03` as a month
    # name, `66.7` with the locale's decimal comma or point.
    month_columns: tuple[int, ...] = ()
    decimal_columns: tuple[int, ...] = ()
