"""Features built on the catalog add what they show on its product page (orders: the cart
form's pre-order date and the reviews) without the catalog importing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

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
