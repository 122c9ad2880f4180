"""`flask demo load --scale large`: a big, skewed, deterministic data set for benchmarks.

2,000 groups, 100,000 products, 50,000 buyers and about 1,000,000 order lines over 24 months,
with reviews and the investors' monthly rollups. Rows go in with PostgreSQL COPY or SQLite
executemany (marketplace.demo.bulk), never one ORM object at a time; one Argon2 hash is computed
and shared by every generated account (password `demo12345`). Popularity follows a Zipf-like
law: a few groups and, inside each group, a few products take most of the orders.
Orders, lines and reviews are in marketplace.demo.large_orders.
"""

from __future__ import annotations

import random
import time as clock
from datetime import datetime, timedelta

import click
import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.services import hash_password
from marketplace.catalog import search_terms
from marketplace.catalog.constants import CATEGORIES
from marketplace.catalog.images import process_image
from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.storage import get_storage, new_key
from marketplace.core.regions import KECAMATAN
from marketplace.core.timeutil import utcnow
from marketplace.demo import large_orders as orders_part
from marketplace.demo.bulk import insert_rows, next_id, reset_sequences
from marketplace.demo.common import DEMO_PASSWORD, MARKER_SLUG, SEED, Sizes, World, zipf_cum
from marketplace.demo.large_procurement import load_large_procurement
from marketplace.demo.products import demo_photo
from marketplace.demo.words import PRICE_RANGE, WORDS
from marketplace.orders.models import DeliveryZone, PickupPoint, ShiftWindow


def load_large(session: Session, sizes: Sizes | None = None, echo=click.echo) -> dict:
    """Create the large data set unless it is there; return counts and seconds taken."""
    sizes = sizes or Sizes()
    if session.scalar(select(ProducerGroup.id).where(ProducerGroup.slug == MARKER_SLUG)):
        echo(gettext("Data besar sudah ada; tidak ada yang ditambahkan."))
        load_large_procurement(session, echo)  # added to data sets built before it existed
        return {"skipped": True}
    started = clock.monotonic()
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("PRAGMA cache_size = -524288"))  # 512 MB while loading
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
    now = utcnow().replace(microsecond=0)
    world = _catalog(session, rng, sizes, now, echo)
    counts = orders_part.load_orders(session, rng, sizes, world, echo)
    counts["purchase_orders"] = load_large_procurement(session, echo)
    counts["seconds"] = round(clock.monotonic() - started, 1)
    return counts


def _password_hash() -> str:
    return hash_password(DEMO_PASSWORD)  # once, shared by every generated account


def _catalog(session: Session, rng: random.Random, sizes: Sizes, now: datetime, echo) -> World:
    pw = _password_hash()
    t = clock.monotonic()
    user0, group0 = next_id(session, "users"), next_id(session, "producer_groups")
    chairs = list(range(user0, user0 + sizes.groups))
    buyers = list(range(user0 + sizes.groups, user0 + sizes.groups + sizes.buyers))
    start = now - timedelta(days=31 * sizes.months + 90)

    def users():
        for i, uid in enumerate(chairs + buyers):
            kind = "ketua" if i < sizes.groups else "pembeli"
            yield (
                uid,
                f"{kind.title()} Bench {i + 1}",
                f"{kind}{i + 1}@bench.pasartkm.id",
                f"62896{i + 1:08d}",  # stored normalised, as register() does
                pw,
                "buyer",
                None,
                None,
                True,
                start,
            )

    insert_rows(
        session,
        "users",
        (
            "id",
            "name",
            "email",
            "phone",
            "password_hash",
            "role",
            "investor_status",
            "organization",
            "is_active_account",
            "created_at",
        ),
        users(),
    )
    echo(f"  {len(chairs) + len(buyers):,} akun ({clock.monotonic() - t:.1f} s)")

    cats = list(CATEGORIES)
    kecs = list(KECAMATAN)
    group_ids = list(range(group0, group0 + sizes.groups))
    rows, sectors, tiers, aid = [], [], {}, []
    for i, gid in enumerate(group_ids):
        sector = cats[rng.randrange(len(cats))] if i else "konveksi"
        extra = cats[rng.randrange(len(cats))] if rng.random() < 0.2 else sector
        kec = kecs[rng.randrange(len(kecs))]
        # the most popular groups are mostly lanjutan
        tier = "lanjutan" if rng.random() < (0.7 if i < 50 else 0.15) else "pemula"
        tiers[gid] = tier
        status = "verified" if (i < 100 or rng.random() < 0.95) else "unverified"
        food = sector == "makanan-minuman"
        rows.append(
            (
                gid,
                f"Kelompok {sector.split('-')[0].title()} {kec} {i + 1}",
                f"bench-kelompok-{i + 1:05d}",
                tier,
                kec,
                f"Desa {i % 40 + 1}",
                f"Jl. Desa {i % 40 + 1} No. {i % 90 + 1}, {kec}, Batang",
                8 + rng.randrange(15),
                f"{9300000000000 + i:013d}",
                f"P-IRT {i:010d}" if food else None,
                None,
                f"62857{i:08d}",  # normalised, as the group form stores it
                f"Kelompok TKM {sector} di {kec}: produk lokal untuk pekerja KITB.",
                status,
                "",
                f"BENCH{i + 1:07d}",
                start,
                start if status == "verified" else None,
            )
        )
        sectors.append((gid, sector))
        aid.append((gid, 2019 + i % 6, "equipment", 25_000_000, "ministry", "", "", start))
        if extra != sector:
            sectors.append((gid, extra))
    insert_rows(
        session,
        "producer_groups",
        (
            "id",
            "name",
            "slug",
            "tier",
            "kecamatan",
            "village",
            "address",
            "member_count",
            "nib",
            "pirt_number",
            "halal_number",
            "whatsapp",
            "description",
            "status",
            "status_reason",
            "join_code",
            "created_at",
            "verified_at",
        ),
        rows,
    )
    verified = [r[0] for r in rows if r[13] == "verified"]  # 13: the "status" column
    sector_of = {g: s for g, s in reversed(sectors)}  # the first (main) sector wins
    insert_rows(session, "group_sectors", ("group_id", "sector"), sectors)
    insert_rows(
        session,
        "aid_records",
        ("group_id", "year", "kind", "amount", "source", "source_name", "note", "created_at"),
        aid,
    )
    m0 = next_id(session, "group_memberships")
    insert_rows(
        session,
        "group_memberships",
        ("id", "group_id", "user_id", "role", "joined_at"),
        ((m0 + k, g, chairs[k], "chair", start) for k, g in enumerate(group_ids)),
    )
    _services(session, verified, tiers, now)
    echo(f"  {sizes.groups:,} kelompok ({clock.monotonic() - t:.1f} s)")

    products = _products(session, rng, sizes, group_ids, sector_of, now, echo)
    reset_sequences(session, ("users", "producer_groups", "group_memberships"))
    # s = 0.8: the top group takes about 5 % of all orders, the top 20 about a third; steeper
    # skew gives one group more than Rp 2.1 billion a month, beyond the rollup's INTEGER.
    gcum = zipf_cum(len(verified), 0.8)
    return World(
        group_ids=verified,
        group_cum=gcum,
        chair_of={g: chairs[k] for k, g in enumerate(group_ids)},
        products={g: products[g] for g in verified},
        buyer_ids=buyers,
        now=now,
    )


def _services(session: Session, verified: list[int], tiers: dict, now: datetime) -> None:
    """Every verified group serves every pickup point, window and zone, without a cap."""
    points = list(session.scalars(select(PickupPoint.id)))
    windows = list(session.scalars(select(ShiftWindow.id)))
    zones = list(session.scalars(select(DeliveryZone.id)))
    insert_rows(
        session,
        "group_service_settings",
        ("group_id", "cutoff_minutes", "max_orders_per_window", "updated_at"),
        ((g, 60, None, now) for g in verified),
    )
    insert_rows(
        session,
        "group_pickup_points",
        ("group_id", "pickup_point_id"),
        ((g, p) for g in verified for p in points),
    )
    insert_rows(
        session,
        "group_windows",
        ("group_id", "window_id"),
        ((g, w) for g in verified for w in windows),
    )
    insert_rows(
        session,
        "group_delivery_zones",
        ("group_id", "zone_id", "fee"),
        ((g, z, 3000 + 1000 * (k % 3)) for g in verified for k, z in enumerate(zones)),
    )
    insert_rows(
        session,
        "group_vetting",
        (
            "group_id",
            "is_vetted",
            "vetted_at",
            "vetted_by",
            "vetting_notes",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
        ),
        (
            (g, True, now, None, "Data benchmark.", None, None, "")
            for g in verified
            if tiers[g] == "lanjutan"
        ),
    )


def _photos(session: Session, per_category: int) -> dict[str, list[tuple[str, str, int, int]]]:
    """A few real thumbnails per category, drawn once and reused by every product."""
    storage = get_storage()
    keys: dict[str, list[tuple[str, str, int, int]]] = {}
    for cat, (nouns, _adj, _units) in WORDS.items():
        for k in range(per_category):
            image = process_image(demo_photo(nouns[k], "Pasar TKM", cat))
            thumb, large = new_key("t"), new_key("l")
            storage.save(thumb, image.thumb, "image/jpeg")
            storage.save(large, image.large, "image/jpeg")
            keys.setdefault(cat, []).append((thumb, large, image.width, image.height))
    return keys


def _products(session, rng, sizes, group_ids, sector_of, now, echo) -> dict[int, list]:
    t = clock.monotonic()
    photos = _photos(session, sizes.photos_per_category)
    # products per group are skewed too: popular groups list more
    weights = [1.0 / (k**0.6) for k in range(1, len(group_ids) + 1)]
    scale = (sizes.products - len(group_ids)) / sum(weights)
    counts = [1 + int(w * scale) for w in weights]
    counts[0] += sizes.products - sum(counts)
    p0, ph0 = next_id(session, "products"), next_id(session, "product_photos")
    by_group: dict[int, list] = {}
    rows, photo_rows = [], []
    pid = p0
    for gid, n in zip(group_ids, counts, strict=True):
        cat = sector_of[gid]
        nouns, adjs, units = WORDS[cat]
        lo, hi = PRICE_RANGE[cat]
        mine = by_group.setdefault(gid, [])
        for _ in range(n):
            name = f"{rng.choice(nouns)} {rng.choice(adjs)}"
            price = rng.randrange(lo // 500, hi // 500) * 500
            unit = rng.choice(units)
            pre = rng.random() < 0.1
            created = now - timedelta(minutes=rng.randrange(60 * 24 * 31 * sizes.months))
            thumb, large, w, h = photos[cat][pid % sizes.photos_per_category]
            rows.append(
                (
                    pid,
                    gid,
                    name,
                    cat,
                    f"{name} buatan kelompok TKM Batang. Cocok untuk pekerja KITB.",
                    price,
                    unit,
                    0 if pre else rng.randrange(200, 5000),
                    1,
                    pre,
                    rng.randrange(1, 8) if pre else 0,
                    rng.random() > 0.02,
                    thumb,
                    0,
                    0,
                    0,
                    0.0,
                    False,
                    created,
                    created,
                )
            )
            photo_rows.append((ph0 + pid - p0, pid, 0, thumb, large, w, h, created))
            mine.append((pid, price, name, unit))
            pid += 1
        if len(rows) >= 20_000:
            _flush_products(session, rows, photo_rows)
            echo(f"  produk {pid - p0:,}/{sizes.products:,} ({clock.monotonic() - t:.1f} s)")
    _flush_products(session, rows, photo_rows)
    reset_sequences(session, ("products", "product_photos"))
    echo(f"  {pid - p0:,} produk dengan foto ({clock.monotonic() - t:.1f} s)")
    words = search_terms.rebuild(session)  # bulk rows bypass its upkeep
    echo(f"  {words:,} kata pencarian ({clock.monotonic() - t:.1f} s)")
    return by_group


def _flush_products(session, rows: list, photo_rows: list) -> None:
    insert_rows(
        session,
        "products",
        (
            "id",
            "group_id",
            "name",
            "category",
            "description",
            "price",
            "unit",
            "stock",
            "min_order",
            "is_preorder",
            "lead_time_days",
            "is_active",
            "main_thumb_key",
            "sold_count",
            "rating_count",
            "rating_sum",
            "rating_avg",
            "ever_ordered",
            "created_at",
            "updated_at",
        ),
        rows,
    )
    insert_rows(
        session,
        "product_photos",
        ("id", "product_id", "position", "thumb_key", "large_key", "width", "height", "created_at"),
        photo_rows,
    )
    rows.clear()
    photo_rows.clear()
