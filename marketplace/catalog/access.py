"""Who may touch which group: producers act only on their own group."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g
from flask_login import current_user, login_required

from marketplace.catalog.constants import MEMBER_CHAIR
from marketplace.catalog.models import ProducerGroup


def producer_required(view: Callable) -> Callable:
    """Only members of a group; the view finds its group in `g.group` (never from the URL)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        membership = current_user.group_membership
        if membership is None:
            abort(403)
        g.group = membership.group
        g.membership = membership
        return view(*args, **kwargs)

    return wrapped


def current_group() -> ProducerGroup:
    """The logged-in producer's group (set by producer_required)."""
    return g.group


def chair_required(view: Callable) -> Callable:
    """Only the chair of a group (the group in `g.group`, as for producer_required): members'
    profiles and certificates hold personal data the other members do not manage."""

    @wraps(view)
    @producer_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.membership.role != MEMBER_CHAIR:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
