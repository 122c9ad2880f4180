"""Every route, every kind of user: nobody reads or changes what is not theirs.

The expected outcomes live in `authz_table.py`; a route without a row there fails. Each
request runs inside a savepoint that is rolled back, so one user's POST never changes what
the next user meets.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.security.authz_table import OWNED_PARAMS, TABLE
from tests.security.world import USERS, post_data, relogin, url_for_rule

METHODS = ("GET", "POST")
REDIRECTS = (301, 302, 303, 307, 308)


def outcome(response) -> str:
    """Classify a response as the table does."""
    code = response.status_code
    if code in REDIRECTS:
        return "login" if urlsplit(response.headers["Location"]).path == "/akun/masuk" else "ok"
    if 200 <= code < 300 or code in (409, 422):
        return "ok"
    return str(code)


def app_rules(app):
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.rule
    )


def test_every_route_has_a_row_with_its_methods(app):
    rules = {r.rule: r for r in app_rules(app)}
    missing = sorted(set(rules) - set(TABLE))
    assert not missing, f"routes without a row in authz_table.TABLE: {missing}"
    stale = sorted(set(TABLE) - set(rules))
    assert not stale, f"rows for routes that no longer exist: {stale}"
    wrong = {
        path: (sorted(rule.methods & set(METHODS)), sorted(TABLE[path]))
        for path, rule in rules.items()
        if rule.methods & set(METHODS) != set(TABLE[path])
    }
    assert not wrong, f"methods in the table differ from the app's: {wrong}"
    for path, methods in TABLE.items():
        for method, expected in methods.items():
            assert set(expected) == set(USERS), (path, method)


def _owned(rule) -> bool:
    """Whether the rule's URL names buyer1's or group A's own (non-public) object."""
    return bool(rule.arguments & OWNED_PARAMS) or rule.rule.startswith(
        ("/kelompok/saya/produk/<", "/produsen/investasi/proposal/<", "/produsen/pesanan/<")
    )


def test_authorization_matrix(app, db_session, security_world):
    world, clients = security_world
    connection = db_session.bind
    mismatches, leaks = [], []
    requests = 0
    for method in METHODS:
        for rule in app_rules(app):
            url = url_for_rule(rule.rule, world)
            if method not in rule.methods:
                response = clients["anon"].open(url, method=method)
                response.close()
                got = outcome(response)
                if got != "405":
                    mismatches.append((method, rule.rule, "anon", "405", got))
                continue
            data = post_data(rule.rule, world) if method == "POST" else None
            for kind in USERS:
                savepoint = connection.begin_nested()
                try:
                    response = clients[kind].open(url, method=method, data=data)
                finally:
                    savepoint.rollback()
                response.close()
                requests += 1
                got = outcome(response)
                expected = TABLE[rule.rule][method][kind]
                if got != expected:
                    mismatches.append((method, rule.rule, kind, expected, got))
                if kind in ("buyer2", "prodB", "compB") and _owned(rule) and got == "ok":
                    leaks.append((method, rule.rule, kind, response.status_code))
                if rule.rule == "/akun/keluar" and world.users[kind] is not None:
                    relogin(clients[kind], world.users[kind])
    assert not leaks, f"another user's object reached: {leaks}"
    assert not mismatches, "\n".join(
        f"{m} {r} as {k}: expected {e}, got {g}" for m, r, k, e, g in mismatches
    )
    assert requests > 500
