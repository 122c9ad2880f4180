"""Pasar TKM application factory.

The factory sits on top of every feature (see [tool.importlinter] in pyproject.toml), so it
imports them at module level: features import `marketplace.extensions` and `marketplace.core`,
never this module, so importing any `marketplace.*` module runs this file first and loads the
features in the order below without a circle. The views modules are imported here for what
importing them does, adding their routes to their feature's `bp`: a feature's __init__ holds the
blueprint and does not import its views, which import it for `bp`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from marketplace import accounts, catalog, investors, orders, payments, procurement, program
from marketplace import config as config_module
from marketplace.accounts import services as account_services
from marketplace.accounts import views as _accounts_views  # noqa: F401
from marketplace.accounts.cli import officer_cli
from marketplace.accounts.models import User
from marketplace.catalog import certificate_views as _catalog_certificate_views  # noqa: F401
from marketplace.catalog import group_views as _catalog_group_views  # noqa: F401
from marketplace.catalog import member_views as _catalog_member_views  # noqa: F401
from marketplace.catalog import (
    page_cache,
    product_models,  # noqa: F401 - registers the product models
)
from marketplace.catalog import producer_views as _catalog_producer_views  # noqa: F401
from marketplace.catalog import product_views as _catalog_product_views  # noqa: F401
from marketplace.catalog import workforce_models as _catalog_workforce  # noqa: F401 - model
from marketplace.catalog import workforce_views as _catalog_workforce_views  # noqa: F401
from marketplace.catalog.cli import catalog_cli  # its search_terms keeps the spelling table
from marketplace.catalog.constants import CATEGORIES, GROUP_STATUSES, TIERS
from marketplace.core import (
    assets,
    audit,  # noqa: F401 - registers the audit model
    pdf,
    pwa,  # noqa: F401 - adds the manifest, /sw.js and the offline page to core's routes
    render,
    replica,
)
from marketplace.core.backup import backup_command
from marketplace.core.dbpool import ping_when_idle
from marketplace.core.errors import register_error_handlers
from marketplace.core.formatting import FILTERS
from marketplace.core.security import DbIntConverter, parse_id, refuse_nul_characters
from marketplace.core.views import bp as core_bp
from marketplace.demo.cli import demo_cli
from marketplace.extensions import (
    babel,
    configure_sqlite,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
)
from marketplace.investors import deal_group_views as _investors_deal_group  # noqa: F401
from marketplace.investors import deal_investor_views as _investors_deal_inv  # noqa: F401
from marketplace.investors import deal_models as _inv_deal_models  # noqa: F401 - models
from marketplace.investors import models as _inv_models  # noqa: F401 - registers the models
from marketplace.investors import pitch_models as _inv_pitch_models  # noqa: F401
from marketplace.investors import producer_views as _investors_producer_views  # noqa: F401
from marketplace.investors import views as _investors_views  # noqa: F401
from marketplace.investors.cli import stats_cli
from marketplace.orders import capacity_views as _orders_capacity_views  # noqa: F401
from marketplace.orders import cart_views as _orders_cart_views  # noqa: F401
from marketplace.orders import models as order_models  # noqa: F401 - registers the orders models
from marketplace.orders import officer_views as _orders_officer_views  # noqa: F401
from marketplace.orders import producer_views as _orders_producer_views  # noqa: F401
from marketplace.orders import views as _orders_views  # noqa: F401
from marketplace.outbox import bp as outbox_bp
from marketplace.outbox import listeners as outbox_listeners
from marketplace.outbox import models as _outbox_models  # noqa: F401 - registers the models
from marketplace.outbox import push_views as _outbox_push_views  # noqa: F401 - routes
from marketplace.outbox import settings_views as _outbox_settings_views  # noqa: F401 - routes
from marketplace.outbox.channels import build_channels
from marketplace.outbox.cli import outbox_cli
from marketplace.payments import models as _payment_models  # noqa: F401 - registers the models
from marketplace.payments import simulator as _simulator  # noqa: F401 - registers its model
from marketplace.payments import views as _payments_views  # noqa: F401
from marketplace.payments.cli import payments_cli
from marketplace.procurement import billing_group_views as _procurement_billing_group  # noqa: F401
from marketplace.procurement import billing_models as _proc_billing  # noqa: F401 - models
from marketplace.procurement import billing_views as _procurement_billing_views  # noqa: F401
from marketplace.procurement import catering_group_views as _procurement_catering_group  # noqa: F401
from marketplace.procurement import catering_views as _procurement_catering_views  # noqa: F401
from marketplace.procurement import company_views as _procurement_company_views  # noqa: F401
from marketplace.procurement import contract_models as _proc_contracts  # noqa: F401 - models
from marketplace.procurement import delivery_list_views as _procurement_delivery_lists  # noqa: F401
from marketplace.procurement import delivery_views as _procurement_delivery_views  # noqa: F401
from marketplace.procurement import officer_views as _procurement_officer_views  # noqa: F401
from marketplace.procurement import po_group_views as _procurement_po_group_views  # noqa: F401
from marketplace.procurement import po_views as _procurement_po_views  # noqa: F401
from marketplace.procurement import quote_views as _procurement_quote_views  # noqa: F401
from marketplace.procurement import rfq_views as _procurement_rfq_views  # noqa: F401
from marketplace.procurement import tax_views as _procurement_tax_views  # noqa: F401
from marketplace.procurement.cli import procurement_cli
from marketplace.program import aid_views as _program_aid_views  # noqa: F401
from marketplace.program import deal_views as _program_deal_views  # noqa: F401
from marketplace.program import decision_views as _program_decision_views  # noqa: F401
from marketplace.program import impact_views as _program_impact_views  # noqa: F401
from marketplace.program import incentive_views as _program_incentive_views  # noqa: F401
from marketplace.program import jobs_views as _program_jobs_views  # noqa: F401
from marketplace.program import mentoring_group_views as _program_mentoring_group  # noqa: F401
from marketplace.program import mentoring_models as _program_mentoring_models  # noqa: F401
from marketplace.program import mentoring_views as _program_mentoring_views  # noqa: F401
from marketplace.program import pitch_views as _program_pitch_views  # noqa: F401
from marketplace.program import promotion_views as _program_promotion_views  # noqa: F401
from marketplace.program import skill_views as _program_skill_views  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent

# GET pages that only read and may be a few seconds behind: served from DATABASE_REPLICA_URL
# when it is set (marketplace/core/replica.py), unless the visitor changed something just now.
REPLICA_READ_ENDPOINTS = {
    "catalog.home",
    "catalog.products",  # the catalog and its search
    "catalog.product_detail",
    "catalog.shop",
    "investors.browse",
    "investors.compare",
    "investors.group_summary",
    "program.impact_dashboard",
    "program.impact_csv",
}


def _csp(form_action: str) -> str:
    return (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        f"frame-ancestors 'none'; base-uri 'self'; form-action {form_action}; "
        "object-src 'none'"
    )


CSP = _csp("'self'")  # every page but the payment page's: built once, not per response


def _select_locale() -> str:
    lang = session.get("lang") if has_request_context() else None  # CLI jobs have no session
    if lang in current_app.config["LANGUAGES"]:
        return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _engine_options(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    opts = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("postgresql"):
        opts.setdefault("pool_size", app.config["DB_POOL_SIZE"])
        opts.setdefault("max_overflow", app.config["DB_MAX_OVERFLOW"])
        # Pinged only after DB_PING_IDLE_SECONDS idle (marketplace/core/dbpool.py); 0 pings
        # before every use, as pool_pre_ping does.
        opts.setdefault("pool_pre_ping", float(app.config["DB_PING_IDLE_SECONDS"]) <= 0)
        opts.setdefault("pool_timeout", 10)
        opts.setdefault("connect_args", {"connect_timeout": 5})
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = opts


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, overridden by `config` (used by tests)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config_module.INSTANCE),
        instance_relative_config=False,
    )
    env_name = (config or {}).get("APP_ENV")
    app.config.from_object(config_module.load_config(env_name))
    if config:
        app.config.update(config)
    app.config["SECRET_KEY"] = config_module.resolve_secret_key(app.config)
    if app.config.get("MIDTRANS_SIMULATOR") and (
        app.config.get("MIDTRANS_IS_PRODUCTION") or app.config.get("ENV_NAME") == "production"
    ):
        raise RuntimeError("The Midtrans simulator must never run in production.")
    limits_warning = config_module.check_rate_limit_storage(app.config)
    if limits_warning:
        logging.getLogger(__name__).warning("!!! %s !!!", limits_warning)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _engine_options(app)
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:  # behind a load balancer: the client's address and scheme come from its headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk untuk melanjutkan.")
    # Flask-Login flashes the message into the cookie session, which stores only plain
    # strings: str() turns the lazy string into the request's language at that moment.
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        elif not db.engine.pool._pre_ping:
            ping_when_idle(db.engine, float(app.config["DB_PING_IDLE_SECONDS"]))

    app.url_map.converters["int"] = DbIntConverter  # before any route is added
    _register_models_and_blueprints(app)
    _register_template_helpers(app)

    register_error_handlers(app)
    refuse_nul_characters(app)
    assets.init_app(app)
    replica.init_app(app, REPLICA_READ_ENDPOINTS)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    return app


def _register_models_and_blueprints(app: Flask) -> None:
    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        uid = parse_id(user_id)
        if uid is None:
            return None
        user = db.session.get(User, uid)
        # Sessions started before the password last changed, or before the user's session
        # generation was bumped (logout, suspension), are over (ASVS 3.3.1, 3.3.3).
        if user is None or session.get("pw") != account_services.session_fingerprint(user):
            return None
        return user

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(catalog.bp)
    app.register_blueprint(program.bp)
    app.register_blueprint(program.group_bp)
    app.register_blueprint(investors.bp)
    app.cli.add_command(stats_cli)
    app.register_blueprint(orders.bp)
    app.register_blueprint(payments.bp)
    app.register_blueprint(procurement.bp)
    app.register_blueprint(outbox_bp)
    outbox_listeners.register()
    app.extensions["outbox.channels"] = build_channels(app.config)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(payments_cli)
    app.cli.add_command(procurement_cli)
    app.cli.add_command(officer_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(backup_command)


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    render.init_app(app)
    page_cache.init_app(app)
    pdf.init_app(app)

    @app.context_processor
    def inject_globals() -> dict[str, Any]:
        # Plain strings of the request's language, made once per locale: a lazy label would
        # be translated again on every card that shows it.
        return {
            "CATEGORIES": render.translated(CATEGORIES),
            "TIERS": render.translated(TIERS),
            "GROUP_STATUSES": render.translated(GROUP_STATUSES),
            "current_lang": _select_locale(),
        }

    public_prefixes = ("/static/", "/media/", "/assets/")

    @app.after_request
    def private_pages_not_stored(response):
        # Pages for a logged-in user (pickup codes, balances, CSVs…) and pages with a form
        # (their CSRF token) must not stay in a shared or back-button cache; only public
        # assets and product photos are cacheable.
        if request.path.startswith(public_prefixes) or response.cache_control.no_store:
            return response
        if (
            app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g
            or session.modified
            or current_user.is_authenticated
        ):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        # A page whose form is redirected to another site (the payment page's "Bayar" button
        # goes on to Midtrans' Snap page) lists that site in g.csp_form_action: browsers check
        # form-action against every redirect of a form submission.
        extra = g.get("csp_form_action")
        response.headers.setdefault(
            "Content-Security-Policy", _csp(" ".join(("'self'", *extra))) if extra else CSP
        )
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
