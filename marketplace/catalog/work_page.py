"""The catalog's part of the group's work page: products running low, and the members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace.catalog.constants import MEMBER_CHAIR
from marketplace.catalog.hooks import WorkPanel
from marketplace.catalog.models import GroupMembership, ProducerGroup
from marketplace.catalog.product_models import Product

# A ready-stock product with this many or fewer left is flagged; pre-orders are made to order.
LOW_STOCK = 5


def low_stock(session: Session, group_id: int, limit: int = 5) -> list[Product]:
    """The group's active ready-stock products with the fewest left (at most LOW_STOCK)."""
    stmt = (
        select(Product)
        .where(
            Product.group_id == group_id,
            Product.is_active.is_(True),
            Product.is_preorder.is_(False),
            Product.stock <= LOW_STOCK,
        )
        .order_by(Product.stock, Product.name, Product.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def members(session: Session, group_id: int) -> list[GroupMembership]:
    """The group's memberships with their users, chair first (one query)."""
    stmt = (
        select(GroupMembership)
        .where(GroupMembership.group_id == group_id)
        .options(joinedload(GroupMembership.user))
        .order_by(GroupMembership.role != MEMBER_CHAIR, GroupMembership.id)
    )
    return list(session.scalars(stmt))


def low_stock_panel(session: Session, group: ProducerGroup) -> list[WorkPanel]:
    """The work page's "stock running low" panel (registered in catalog/__init__)."""
    return [
        {
            "template": "catalog/_work_stock.html",
            "rank": 30,
            "products": low_stock(session, group.id),
            "threshold": LOW_STOCK,
        }
    ]
