"""Fixtures for the security tests: the shared world, and one client per kind of user."""

from __future__ import annotations

import pytest

from tests.security.world import build_world, clients, start_payment


@pytest.fixture
def security_world(app, db_session, monkeypatch):
    """(world, {kind: client}) with buyer1's simulator payment started."""
    monkeypatch.setitem(app.config, "MIDTRANS_SIMULATOR", True)
    monkeypatch.setitem(app.config, "MIDTRANS_SERVER_KEY", "")
    world = build_world(app, db_session)
    by_kind = clients(app, world)
    names = app.extensions.get("asset_names") or {"css/app.css": "css/app.css"}
    world.ids["asset"] = names.get("css/app.css") or next(iter(names.values()))
    world.ids["provider_order_id"] = start_payment(by_kind["buyer"], db_session, world)
    return world, by_kind
