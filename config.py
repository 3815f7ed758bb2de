"""Configuration classes, read from environment variables with safe development defaults."""

import os


def _database_url(raw: str | None) -> str | None:
    """Return the SQLAlchemy URL for `raw`, choosing psycopg 3 for PostgreSQL URLs."""
    if not raw:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def _flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The key development and the demo sign with; production refuses it.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"
# Shortest SECRET_KEY production accepts: 32 characters (token_hex(16) and up).
MIN_SECRET_KEY_LENGTH = 32


class Config:
    """Development defaults; every setting can be overridden from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    # Earlier keys, comma-separated: sessions and status links made with them keep working.
    SECRET_KEY_FALLBACKS = [
        key.strip() for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()
    ]
    # None means "SQLite in the instance folder"; create_app fills in the path.
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("DATABASE_URL"))
    # Seconds a SQLite writer waits for the lock before giving up: concurrent
    # submissions queue instead of failing with "database is locked".
    SQLITE_BUSY_TIMEOUT = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "15"))
    # Largest request body accepted; a full partnership survey is well under 200 KB.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(512 * 1024)))
    WTF_CSRF_TIME_LIMIT = 6 * 3600  # a long survey may stay open in a tab for hours
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")
    # Number of proxies in front of the app whose X-Forwarded-* headers are trusted: the one
    # setting that trusts them (gunicorn.conf.py makes gunicorn trust none), so HTTPS, and
    # with it HSTS, follows it. 0 (the default) trusts none: clients can forge them.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    # argon2id cost; OWASP's minimum is 19 MiB of memory with 2 passes.
    ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", "2"))
    ARGON2_MEMORY_COST = int(os.environ.get("ARGON2_MEMORY_COST", str(19 * 1024)))  # KiB
    ARGON2_PARALLELISM = int(os.environ.get("ARGON2_PARALLELISM", "1"))
    # Where failed sign-ins and the lost-link forms' requests are counted: "database" (shared
    # by every worker and app server), a redis:// URL (e.g. redis://127.0.0.1:6379/0), or
    # memory:// (one process). GETs (suggestions) count in that Redis, else in memory.
    RATELIMIT_STORAGE_URL = os.environ.get("RATELIMIT_STORAGE_URL", "database")
    # Failed sign-ins allowed (app/auth/throttle.py says what each one counts).
    LOGIN_PAIR_LIMIT = os.environ.get("LOGIN_PAIR_LIMIT", "5 per 15 minutes")
    LOGIN_ADDRESS_LIMIT = os.environ.get("LOGIN_ADDRESS_LIMIT", "20 per 15 minutes")
    LOGIN_ACCOUNT_LIMIT = os.environ.get("LOGIN_ACCOUNT_LIMIT", "50 per 15 minutes")
    # Name suggestions a survey page may ask for, per address: typing, not harvesting.
    SUGGEST_RATE_LIMIT = os.environ.get("SUGGEST_RATE_LIMIT", "120 per minute")
    # "Lost your link?" and new-link requests per connection and mails per address: enough
    # for a typo or two, not for probing.
    LOST_LINK_RATE_LIMIT = os.environ.get("LOST_LINK_RATE_LIMIT", "5 per hour")
    # Days a partner's link to confirm, correct or decline a relationship works (app/partners).
    PARTNER_LINK_DAYS = int(os.environ.get("PARTNER_LINK_DAYS", "60"))
    # Mail: with MAIL_SERVER unset, messages stay in the outbox that moderators read.
    # The site's public address, e.g. https://constellation.example.org, used in mail links.
    SITE_URL = os.environ.get("SITE_URL", "")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS", default=True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "constellation@localhost")
    # "immediate": a notice per new submission; "daily": one digest from `flask notify-moderators`.
    MODERATOR_NOTICES = os.environ.get("MODERATOR_NOTICES", "immediate")
    # Background jobs (lay out, build and publish the public network): a Redis URL for a
    # queue that `flask worker` runs; unset, `flask worker` polls the database.
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL", "")
    # The queue's name on that Redis: servers and workers of one site must name the same.
    JOB_QUEUE_NAME = os.environ.get("JOB_QUEUE_NAME", "constellation")
    # "thread", "worker", "queue", "inline" or "off"; empty: "queue" with JOB_QUEUE_URL,
    # else LAYOUT_RUNNER_WITHOUT_QUEUE (app/graph/jobs.py).
    LAYOUT_RUNNER = os.environ.get("LAYOUT_RUNNER", "")
    # Development lays out in a thread of the app (make run starts no worker).
    LAYOUT_RUNNER_WITHOUT_QUEUE = "thread"
    # How much `flask worker` lowers its CPU priority (os.nice): the job shares the host's
    # cores with the web workers, and a visitor's request should not wait behind it.
    WORKER_NICENESS = int(os.environ.get("WORKER_NICENESS", "10"))
    # Seconds `flask worker` without JOB_QUEUE_URL waits between looks at the database.
    WORKER_POLL_SECONDS = float(os.environ.get("WORKER_POLL_SECONDS", "1"))
    # Where documents built from the public network (pages, /api/graph, downloads) are
    # kept per published state: unset, files in the instance folder shared by a host's
    # workers; a Redis URL, shared by every app server; memory://, per process (app/cache.py).
    CACHE_URL = os.environ.get("CACHE_URL", "")
    # How long (seconds) an app process goes on serving kept public pages before it asks
    # the database again whether the network changed; 0 asks on every request.
    PUBLIC_STATE_MAX_AGE = float(os.environ.get("PUBLIC_STATE_MAX_AGE", "1"))
    # Bytes from which a kept page in a file (CACHE_URL unset) is handed to the server as
    # that file (gunicorn sends it with sendfile); a smaller one is read into memory.
    KEPT_PAGE_SENDFILE_FROM = int(os.environ.get("KEPT_PAGE_SENDFILE_FROM", 64 * 1024))
    # A kept page not built yet for the state just published is answered with the
    # previous state's copy while it is built in the background (app/rebuilds.py).
    STALE_PAGES_WHILE_BUILDING = _flag("STALE_PAGES_WHILE_BUILDING", default=True)
    # From this many organizations the map opens on its largest group, not on all of them.
    MAP_GROUP_VIEW_FROM = int(os.environ.get("MAP_GROUP_VIEW_FROM", "1000"))
    SITE_NAME = "Constellation"
    TESTING = False
    DEBUG = False


class TestingConfig(Config):
    """Settings for the test suite: a throwaway database, CSRF still on."""

    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite://"
    # Cheap hashing keeps the suite fast; production uses the costs above.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    MAIL_SERVER = ""
    # Lay the map out right after each commit that changes it, so tests see the result.
    LAYOUT_RUNNER = "inline"
    # `flask worker` run in the test process must not slow the rest of the suite.
    WORKER_NICENESS = 0
    # Every change shows on the next request (tests/test_page_cache.py tests the delay,
    # tests/test_stale_pages.py the previous state's pages served while building).
    PUBLIC_STATE_MAX_AGE = 0.0
    STALE_PAGES_WHILE_BUILDING = False
    # Each test app keeps its documents to itself (files would outlive its database).
    CACHE_URL = os.environ.get("TEST_CACHE_URL", "memory://")


class ProductionConfig(Config):
    """Production: secure cookies, and no start without a real SECRET_KEY."""

    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", default=True)
    # Web workers never lay out: `flask --app wsgi worker` runs beside them (README).
    LAYOUT_RUNNER_WITHOUT_QUEUE = "worker"

    @classmethod
    def secret_key(cls) -> str:
        """Read SECRET_KEY from the environment at start-up; refuse a missing, short or dev key."""
        key = os.environ.get("SECRET_KEY", "").strip()
        if not key or key == DEVELOPMENT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
            raise RuntimeError(
                f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} "
                "characters in production (for example: "
                'python3 -c "import secrets; print(secrets.token_hex(32))").'
            )
        return key


CONFIGS = {
    "development": Config,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> type[Config]:
    """Pick the configuration class named by CONSTELLATION_ENV (development by default)."""
    name = os.environ.get("CONSTELLATION_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"CONSTELLATION_ENV={name!r} is not one of {', '.join(sorted(CONFIGS))}"
        ) from None
