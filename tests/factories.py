"""Test data builders: one place for every model the tests create."""

from __future__ import annotations

import itertools

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from accounts.models import INVESTOR_APPROVED, INVESTOR_PENDING, User
from catalog.constants import MEMBER_CHAIR, MEMBER_MEMBER, STATUS_VERIFIED
from catalog.models import GroupMembership, GroupSector, ProducerGroup
from catalog.product_models import Product

PASSWORD = "rahasia123"
_HASH = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
_seq = itertools.count(1)


def make_user(
    session: Session,
    *,
    role: str = "buyer",
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    approved: bool = True,
) -> User:
    """A user with password `rahasia123`."""
    n = next(_seq)
    user = User(
        name=name or f"Pengguna {n}",
        email=email or f"user{n}@contoh.id",
        phone=phone or f"62812{n:08d}",
        password_hash=_HASH,
        role=role,
        investor_status=(INVESTOR_APPROVED if approved else INVESTOR_PENDING)
        if role == "investor"
        else None,
    )
    session.add(user)
    session.flush()
    return user


def make_group(
    session: Session,
    *,
    chair: User | None = None,
    status: str = STATUS_VERIFIED,
    tier: str = "pemula",
    sectors: tuple[str, ...] = ("makanan-minuman",),
    name: str | None = None,
    kecamatan: str = "Gringsing",
    **fields,
) -> ProducerGroup:
    """A group (verified by default) with a chair."""
    n = next(_seq)
    group = ProducerGroup(
        name=name or f"Kelompok {n}",
        slug=f"kelompok-{n}",
        tier=tier,
        kecamatan=kecamatan,
        village="Plelen",
        address="Jl. Raya 1",
        aid_year=2022,
        member_count=12,
        nib=f"{n:013d}",
        whatsapp="6281234567890",
        description="Kelompok contoh",
        status=status,
        status_reason="",
        join_code=f"JOIN{n:04d}",
        **fields,
    )
    group.sector_rows = [GroupSector(sector=s) for s in sectors]
    session.add(group)
    session.flush()
    chair = chair or make_user(session)
    session.add(GroupMembership(group_id=group.id, user_id=chair.id, role=MEMBER_CHAIR))
    session.flush()
    return group


def add_member(session: Session, group: ProducerGroup, user: User | None = None) -> User:
    """Add a (new) user to `group` as a member."""
    user = user or make_user(session)
    session.add(GroupMembership(group_id=group.id, user_id=user.id, role=MEMBER_MEMBER))
    session.flush()
    return user


def make_product(
    session: Session,
    group: ProducerGroup,
    *,
    name: str | None = None,
    price: int = 15000,
    stock: int = 20,
    category: str = "makanan-minuman",
    **fields,
) -> Product:
    """An active product of `group`."""
    n = next(_seq)
    product = Product(
        group_id=group.id,
        name=name or f"Produk {n}",
        category=category,
        description=fields.pop("description", "Produk contoh"),
        price=price,
        unit=fields.pop("unit", "pcs"),
        stock=stock,
        **fields,
    )
    session.add(product)
    session.flush()
    return product
