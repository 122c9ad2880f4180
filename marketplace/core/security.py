"""Security helpers: safe redirects and role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user, login_required


def safe_next(target: str | None, default: str = "/") -> str:
    """Return `target` only when it is a local path (`/x`), never `//host`, `/\\host` or a URL."""
    if not target:
        return default
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def role_required(*roles: str) -> Callable:
    """Allow only logged-in users whose `role` is one of `roles` (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
