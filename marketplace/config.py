"""Settings from environment variables, one class per environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _dev_secret_key() -> str:
    """Generate a development secret once and keep it in instance/ (never a constant in code)."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    ENV_NAME = "base"
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'pasar_tkm.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    DB_POOL_SIZE = _int("DB_POOL_SIZE", 5)
    DB_MAX_OVERFLOW = _int("DB_MAX_OVERFLOW", 5)
    DB_PING_IDLE_SECONDS = _int("DB_PING_IDLE_SECONDS", 10)
    SQLITE_BUSY_TIMEOUT_MS = _int("SQLITE_BUSY_TIMEOUT_MS", 15000)
    # A PostgreSQL streaming replica for public reads (marketplace/core/replica.py); empty = none.
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
    REPLICA_MAX_LAG_SECONDS = _int("REPLICA_MAX_LAG_SECONDS", 5)  # further behind: primary
    REPLICA_CHECK_SECONDS = _int("REPLICA_CHECK_SECONDS", 2)  # how often a process checks lag
    REPLICA_CONNECT_TIMEOUT = _int("REPLICA_CONNECT_TIMEOUT", 2)
    # A visitor who changed something reads from the primary this long afterwards.
    READ_YOUR_WRITES_SECONDS = _int("READ_YOUR_WRITES_SECONDS", 10)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # Proxies (load balancer) in front of the app whose X-Forwarded-For/-Proto/-Host to trust;
    # 0 = none. Behind one load balancer set 1, or every user shares its address.
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 10 * 1024 * 1024)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("id", "en")

    # Limit counters must be shared by every worker process (else four workers make
    # "5 per 15 minutes" behave like 20): Redis when RATELIMIT_STORAGE_URI or REDIS_URL is
    # set. Memory storage is refused in production unless WEB_CONCURRENCY=1 (one process);
    # see check_rate_limit_storage.
    RATELIMIT_STORAGE_URI = (
        os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    )
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)  # off only for benchmarks
    # Worker processes serving the app (gunicorn.conf.py exports gunicorn's count); 0 = unknown.
    WEB_CONCURRENCY = _int("WEB_CONCURRENCY", 0)
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "pasar_tkm")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes")
    REGISTER_LIMIT_PER_ADDRESS = os.environ.get("REGISTER_LIMIT_PER_ADDRESS", "10 per hour")

    # Argon2id cost; tests lower it so the suite stays quick.
    ARGON2_TIME_COST = _int("ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_COST = _int("ARGON2_MEMORY_COST", 65536)

    PASSWORD_RESET_MAX_AGE = _int("PASSWORD_RESET_MAX_AGE", 3600)
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Pasar TKM <noreply@pasartkm.id>")

    # The outbox (marketplace/outbox/): what leaves the site, delivered by `flask outbox work`.
    # Links in messages are built on PUBLIC_BASE_URL (the worker has no request to build on).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Email: "smtp" (MAIL_SERVER above), "file" (one .eml per message in MAIL_FILE_DIR, for
    # development) or "" (off). Default: smtp when MAIL_SERVER is set, else off.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp" if os.environ.get("MAIL_SERVER") else "")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE / "mail"))
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    # Web push (VAPID). The private key as PEM or base64url; empty: no push.
    VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
    VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:admin@pasartkm.id")
    PUSH_TTL_SECONDS = _int("PUSH_TTL_SECONDS", 12 * 3600)
    PUSH_TIMEOUT = float(os.environ.get("PUSH_TIMEOUT", "10"))
    # WhatsApp Business Cloud API (message templates); off unless token and phone id are set.
    WHATSAPP_TOKEN = os.environ.get("WHATSAPP_TOKEN", "")
    WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "")
    WHATSAPP_API_BASE = os.environ.get("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
    WHATSAPP_TIMEOUT = float(os.environ.get("WHATSAPP_TIMEOUT", "10"))
    # The worker: rows claimed per batch, attempts before giving up, how long a claim holds
    # (a worker killed mid-send leaves rows that another takes after the lease), first retry
    # delay (doubling up to OUTBOX_BACKOFF_MAX_SECONDS), idle poll interval.
    OUTBOX_BATCH = _int("OUTBOX_BATCH", 50)
    OUTBOX_MAX_ATTEMPTS = _int("OUTBOX_MAX_ATTEMPTS", 8)
    OUTBOX_LEASE_SECONDS = _int("OUTBOX_LEASE_SECONDS", 120)
    OUTBOX_BACKOFF_SECONDS = _int("OUTBOX_BACKOFF_SECONDS", 30)
    OUTBOX_BACKOFF_MAX_SECONDS = _int("OUTBOX_BACKOFF_MAX_SECONDS", 6 * 3600)
    OUTBOX_POLL_SECONDS = float(os.environ.get("OUTBOX_POLL_SECONDS", "2"))

    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE / "uploads"))

    # Tier promotion pemula -> lanjutan: every criterion must be met (investors issue).
    PROMOTION_MIN_MONTHS = _int("PROMOTION_MIN_MONTHS", 6)
    PROMOTION_MIN_COMPLETED_ORDERS = _int("PROMOTION_MIN_COMPLETED_ORDERS", 50)
    PROMOTION_MIN_RATING = os.environ.get("PROMOTION_MIN_RATING", "4.0")  # parsed as Decimal
    PROMOTION_MIN_ON_TIME_PERCENT = _int("PROMOTION_MIN_ON_TIME_PERCENT", 90)
    MAX_DOCUMENT_BYTES = _int("MAX_DOCUMENT_BYTES", 5 * 1024 * 1024)
    # Where uploads are kept: empty = UPLOAD_FOLDER on this server; s3://bucket/prefix?... =
    # S3-compatible object storage shared by every app server (marketplace/catalog/s3storage.py).
    STORAGE_URL = os.environ.get("STORAGE_URL", "")
    MAX_IMAGE_PIXELS = _int("MAX_IMAGE_PIXELS", 40_000_000)  # refuse larger photos unread
    CATALOG_PAGE_SIZE = _int("CATALOG_PAGE_SIZE", 24)
    # Group summaries and the impact dashboard may be this many seconds old (per process).
    SUMMARY_CACHE_SECONDS = _int("SUMMARY_CACHE_SECONDS", 60)
    # Whole public catalog pages for anonymous visitors, valid while the catalog's version in
    # Redis holds (catalog/page_cache.py); empty: no page cache. PAGE_CACHE_SECONDS bounds age.
    PAGE_CACHE_URL = os.environ.get("PAGE_CACHE_URL", os.environ.get("REDIS_URL", ""))
    PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", 60)
    PAGE_CACHE_ENTRIES = _int("PAGE_CACHE_ENTRIES", 128)
    # The checkout page's pickup/delivery options per group (points, windows, zones, cutoff):
    # shown from a copy at most this old; placing the order always checks the database.
    CHECKOUT_OPTIONS_CACHE_SECONDS = _int("CHECKOUT_OPTIONS_CACHE_SECONDS", 10)
    # PDFs (purchase orders, BAST, invoices) through WeasyPrint (marketplace/core/pdf.py); False
    # disables them as if WeasyPrint were missing: buttons disabled, PDF views answer 503.
    PDF_ENABLED = _bool("PDF_ENABLED", True)

    # Midtrans. Without a server key the app offers cash payment only, unless the local
    # simulator (development and tests only) stands in for Midtrans.
    MIDTRANS_SERVER_KEY = os.environ.get("MIDTRANS_SERVER_KEY", "")
    MIDTRANS_CLIENT_KEY = os.environ.get("MIDTRANS_CLIENT_KEY", "")
    MIDTRANS_IS_PRODUCTION = _bool("MIDTRANS_IS_PRODUCTION", False)
    MIDTRANS_API_BASE_URL = os.environ.get("MIDTRANS_API_BASE_URL", "")
    MIDTRANS_SNAP_BASE_URL = os.environ.get("MIDTRANS_SNAP_BASE_URL", "")
    MIDTRANS_TIMEOUT = float(os.environ.get("MIDTRANS_TIMEOUT", "10"))
    MIDTRANS_EXPIRY_MINUTES = _int("MIDTRANS_EXPIRY_MINUTES", 60)
    MIDTRANS_ENABLED_PAYMENTS = os.environ.get(
        "MIDTRANS_ENABLED_PAYMENTS",
        "other_qris,gopay,shopeepay,bca_va,bni_va,bri_va,permata_va,other_va",
    )
    MIDTRANS_VERIFY_STATUS = _bool("MIDTRANS_VERIFY_STATUS", True)
    MIDTRANS_SIMULATOR = _bool("MIDTRANS_SIMULATOR", False)
    # Grace after the payment deadline before reconcile expires an attempt Midtrans never saw.
    MIDTRANS_RECONCILE_GRACE_MINUTES = _int("MIDTRANS_RECONCILE_GRACE_MINUTES", 10)
    PLATFORM_FEE_BASIS_POINTS = _int("PLATFORM_FEE_BASIS_POINTS", 0)  # 100 = 1 %


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = False
    # Emails of `make run` land as .eml files in instance/mail unless a server is set.
    MAIL_BACKEND = os.environ.get(
        "MAIL_BACKEND", "smtp" if os.environ.get("MAIL_SERVER") else "file"
    )
    MIDTRANS_SIMULATOR = _bool("MIDTRANS_SIMULATOR", True)


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    DATABASE_REPLICA_URL = ""
    RATELIMIT_STORAGE_URI = "memory://"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8192
    MAIL_SERVER = ""
    MAIL_BACKEND = ""
    VAPID_PRIVATE_KEY = ""
    WHATSAPP_TOKEN = ""
    WHATSAPP_PHONE_NUMBER_ID = ""
    PUBLIC_BASE_URL = "http://pasar.test"
    MIDTRANS_SIMULATOR = False
    SUMMARY_CACHE_SECONDS = 0
    CHECKOUT_OPTIONS_CACHE_SECONDS = 0
    PAGE_CACHE_URL = ""


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> type[Config]:
    """Pick the configuration class named by APP_ENV (development by default)."""
    name = name or os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown APP_ENV {name!r}; use one of {sorted(CONFIGS)}")
    return CONFIGS[name]


def check_rate_limit_storage(cfg: dict) -> str | None:
    """Refuse per-process limit counters in production; return a warning for development.

    Memory storage counts per worker process, so login, reset and registration limits would
    multiply by the number of workers. Production must share them (Redis) unless it runs
    exactly one process (WEB_CONCURRENCY=1). Development only warns: `flask run` is one
    process, and a database-backed limiter would add a write to every login attempt for a
    setting nobody uses in production.
    """
    uri = cfg.get("RATELIMIT_STORAGE_URI") or "memory://"
    workers = int(cfg.get("WEB_CONCURRENCY") or 0)
    if not uri.startswith("memory://") or workers == 1 or not cfg.get("RATELIMIT_ENABLED", True):
        return None
    problem = (
        "Rate limits are kept in memory, so each worker process counts on its own "
        f"({workers or 'an unknown number of'} workers). Set REDIS_URL or RATELIMIT_STORAGE_URI "
        "(redis://…) to share them, or WEB_CONCURRENCY=1 to run a single process."
    )
    if cfg.get("ENV_NAME") == "production":
        raise RuntimeError(problem)
    return problem if workers > 1 and cfg.get("ENV_NAME") == "development" else None


def resolve_secret_key(config: type[Config] | dict) -> str:
    """Return the secret key, generating a kept dev key; production must set SECRET_KEY."""
    get = config.get if isinstance(config, dict) else lambda k, d=None: getattr(config, k, d)
    key = get("SECRET_KEY")
    if key:
        return key
    if get("ENV_NAME") == "production":
        raise RuntimeError("SECRET_KEY must be set in production")
    return _dev_secret_key()
