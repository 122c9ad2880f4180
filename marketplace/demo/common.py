"""What the demo loaders share: the demo password, the large data set's sizes and random helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

DEMO_PASSWORD = "demo12345"  # noqa: S105 - demo accounts only, listed in the README

MARKER_SLUG = "bench-kelompok-00001"
SEED = 20261128


@dataclass
class Sizes:
    groups: int = 2_000
    products: int = 100_000
    buyers: int = 50_000
    order_lines: int = 1_000_000
    months: int = 24
    photos_per_category: int = 4


@dataclass
class World:
    """What the order generator needs to know about the generated catalog."""

    group_ids: list[int]
    group_cum: list[float]  # cumulative popularity weights of the groups
    chair_of: dict[int, int]  # group id -> chair user id
    products: dict[int, list[tuple[int, int, str, str]]]  # group -> [(id, price, name, unit)]
    buyer_ids: list[int]
    now: datetime


def zipf_cum(n: int, s: float) -> list[float]:
    """Cumulative weights 1/rank^s for ranks 1..n (for random.choices(cum_weights=…))."""
    return list(accumulate(1.0 / (k**s) for k in range(1, n + 1)))
