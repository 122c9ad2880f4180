"""Features built on the catalog add what they show on its product page (orders: the cart
form's pre-order date and the reviews) and on the group's work page (orders: new orders and
pickups; payments: the balance) without the catalog importing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from marketplace.catalog.models import ProducerGroup
from marketplace.catalog.product_models import Product

ProductPageProvider = Callable[[Session, Product], dict[str, Any]]
_PRODUCT_PAGE: list[ProductPageProvider] = []


def on_product_page(provider: ProductPageProvider) -> ProductPageProvider:
    """Register `provider(session, product) -> template variables`; usable as decorator."""
    if provider not in _PRODUCT_PAGE:
        _PRODUCT_PAGE.append(provider)
    return provider


def product_page_context(session: Session, product: Product) -> dict[str, Any]:
    """The template variables every registered feature adds to this product's page."""
    context: dict[str, Any] = {}
    for provider in _PRODUCT_PAGE:
        context.update(provider(session, product))
    return context


# The group's work page (catalog.my_group): each feature adds panels, shown by rank.
# A panel is {"template": "<feature>/_work_….html", "rank": int, **variables}; the template
# reads its variables as `panel.<name>`. Providers run a fixed number of queries.
WorkPanel = dict[str, Any]
WorkPageProvider = Callable[[Session, ProducerGroup], list[WorkPanel]]
_WORK_PAGE: list[WorkPageProvider] = []


def on_work_page(provider: WorkPageProvider) -> WorkPageProvider:
    """Register `provider(session, group) -> [panel]`; usable as decorator."""
    if provider not in _WORK_PAGE:
        _WORK_PAGE.append(provider)
    return provider


def work_panels(session: Session, group: ProducerGroup) -> list[WorkPanel]:
    """Every registered feature's panels for this group's work page, by rank."""
    panels = [panel for provider in _WORK_PAGE for panel in provider(session, group)]
    return sorted(panels, key=lambda panel: panel["rank"])
