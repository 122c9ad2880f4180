"""The orders feature's public service API (what views and the payments feature call).

Every function takes the SQLAlchemy session, flushes and never commits; the caller commits,
or rolls back when one raises.
"""

from marketplace.orders.capacity import (  # noqa: F401
    CapacityFull,
    available_units,
    capacity_for,
    free_units_by_day,
    release_units,
    reserve_units,
)
from marketplace.orders.cart import CartError  # noqa: F401
from marketplace.orders.checkout import (  # noqa: F401
    CheckoutError,
    NoCapacity,
    OutOfStock,
    Selection,
    place_checkout,
    take_stock,
)
from marketplace.orders.fulfilment import (  # noqa: F401
    TransitionInputError,
    find_by_code,
    release_stock,
    reorder,
    role_of,
    transition,
)
from marketplace.orders.queries import group_orders, prep_list  # noqa: F401
from marketplace.orders.reviews import ReviewError, add_review  # noqa: F401
from marketplace.orders.states import IllegalTransition  # noqa: F401
