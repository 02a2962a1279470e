"""Settings for Ledger of Reasons, read from the environment.

Development defaults need no environment at all: SQLite in the project folder,
DEBUG on, a throwaway secret key. With DEBUG=0 the production profile applies
(HTTPS, secure cookies, HSTS) and SECRET_KEY must be set.
"""

import importlib.util
import ipaddress
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


# Strict readers: a mistyped value stops the program with the variable's name, instead of
# quietly switching a feature off ("DEBUG=flase" read as false would serve production
# settings to a developer, or the reverse).
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes or no: use 1 or 0 (or true/false, yes/no, on/off)."
        )
    return word in TRUE_WORDS


def env_int(name, default, *, minimum=0):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number of at least {minimum}.")
    return number


RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def env_rate(name, default):
    """(attempts, seconds) from `ATTEMPTS/PERIOD`, the period a unit (s, m, h, d) with an
    optional count before it: `60/10m` is 60 attempts in 10 minutes; `0/h` means no limit."""
    value = os.environ.get(name)
    text = default if value is None or not value.strip() else value.strip()
    attempts, _, period = text.partition("/")
    count, unit = period[:-1], period[-1:]
    if not (attempts.isdigit() and unit in RATE_UNITS and (count == "" or count.isdigit())):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write attempts/period, such as 60/10m or 5/h."
        )
    seconds = RATE_UNITS[unit] * int(count or 1)
    if seconds <= 0:
        raise ImproperlyConfigured(f"{name}={value!r} has a period of no time.")
    return int(attempts), seconds


def env_choice(name, default, choices):
    """One of `choices` (a word, any case); anything else stops the program."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return word


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name):
    """Comma-separated addresses or CIDR networks, as `ipaddress` networks."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={os.environ[name]!r}: {item!r} is not an IP address or network "
                "(e.g. 10.0.0.0/8)."
            ) from None
    return networks


def database_from_url(url):
    """A DATABASES entry from `postgres://user:pass@host:port/name?opt=v` or `sqlite:///path`."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as dj-database-url reads them.
        # The background worker (manage.py db_worker) is a second process on the same file:
        # WAL lets the server read while it writes, and a writer waits up to 20 s for the
        # other's transaction (IMMEDIATE takes the write lock at BEGIN, so no transaction
        # fails half-way with "database is locked").
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parts.path)[1:],
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    if parts.scheme in {"postgres", "postgresql"}:
        options = dict(parse_qsl(parts.query))
        # DATABASE_POOL_SIZE > 0: each process keeps at most that many connections (psycopg's
        # pool, Django's "pool" option) and a request waits up to 20 s for one. Under ASGI a
        # burst of requests otherwise opens one connection each, past PostgreSQL's limit.
        pooled = env_int("DATABASE_POOL_SIZE", 0, minimum=0)
        if pooled:
            options["pool"] = {"min_size": 1, "max_size": pooled, "timeout": 20}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            # Under ASGI every request's synchronous part runs in a thread of its own, so a
            # kept connection would never be reused: each request closes its own there (or
            # gives it back to the pool, which needs CONN_MAX_AGE 0 too).
            "CONN_MAX_AGE": 0 if pooled or os.environ.get("LEDGER_ASGI") == "1" else 60,
            "CONN_HEALTH_CHECKS": not pooled,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported")


# The cache aliases and, in process memory, how many entries each may hold: downloads are
# few as each may be megabytes (at most 16 × EXPORT_CACHE_MAX_MB per process); the counters
# are never cleared by a deploy or a page purge.
CACHE_ENTRIES = {"default": 300, "pages": 2000, "exports": 16, "limits": 100_000}


def caches_from_url(url):
    """CACHES: in process memory when `url` is empty, else every alias on the Redis server
    and database of `redis://[:password@]host[:port][/db]` (or `rediss://` for TLS), each
    under a key prefix of its own (arguments/cache/backend.py: misses while Redis is away,
    the rate-limit counters kept in this process meanwhile)."""
    if not url.strip():
        return {
            alias: {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": alias,
                "OPTIONS": {"MAX_ENTRIES": entries},
            }
            for alias, entries in CACHE_ENTRIES.items()
        }
    how = "write redis://host:6379/0 (or rediss:// for TLS, with :password@ before the host)"
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - read for its check: a port that is no number raises here
    except ValueError:
        raise ImproperlyConfigured(f"CACHE_URL={url!r} is not an address: {how}.") from None
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(f"CACHE_URL={url!r} is not a Redis address: {how}.")
    database = parts.path.lstrip("/")
    if database and not database.isdigit():
        raise ImproperlyConfigured(
            f"CACHE_URL={url!r}: the database after the host is a number, such as /0."
        )
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"CACHE_URL={url!r} takes no options after the database.")
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "CACHE_URL is set but the Redis client is not installed: pip install -e '.[redis]'."
        )
    location = urlunsplit((parts.scheme, parts.netloc, f"/{database or 0}", "", ""))
    return {
        alias: {
            "BACKEND": "arguments.cache.backend.SharedRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"ledger:{alias}",
            # While Redis is away the counters go on in this process, as without it.
            **({"FALLBACK": CACHE_ENTRIES["limits"]} if alias == "limits" else {}),
        }
        for alias in CACHE_ENTRIES
    }


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "django_tasks_db",
    "corpus",
    "arguments",
]
# The benchmark, the load test and the data generator (arguments/devtools/): development
# commands, not installed in production unless asked for.
if env_bool("DEVTOOLS", default=DEBUG):
    INSTALLED_APPS.append("arguments.devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "arguments.limits.middleware.RequestBodyLimitMiddleware",
    "arguments.views.caching.PrivateForSignedInMiddleware",
    "arguments.accounts.middleware.RequireOwnPasswordMiddleware",
    "arguments.accounts.zones.TimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "arguments.context_processors.header",
                "arguments.context_processors.live",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's hashers (the first hashes every password people choose), plus a lighter one for
# the random one-time passwords of class sign-in sheets (arguments/accounts/hashers.py says why).
PASSWORD_HASHERS = [
    *global_settings.PASSWORD_HASHERS,
    "arguments.accounts.hashers.OneTimePasswordHasher",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Without CACHE_URL, local memory per process: "default" holds cached drawings of the
# overview, "pages" the rendered pages that anonymous readers get (arguments/views/caching.py),
# "exports" downloads, "limits" the rate-limit counters. Drawings, pages and downloads are
# keyed by a debate's version, so a stale entry is never read, only left to expire. With
# CACHE_URL every alias lives in that one Redis database (caches_from_url).
CACHE_URL = env_str("CACHE_URL")
CACHES = caches_from_url(CACHE_URL)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Scripts only from our own origin and with the page's nonce; htmx is configured
# (in base.html) not to inject inline styles, so no 'unsafe-inline' is needed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

ADMIN_PATH = env_str("ADMIN_PATH", "admin/")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
# Wrong class codes one user, or one address, may try per window before joining is refused.
JOIN_FAILURES_PER_USER = env_int("JOIN_FAILURES_PER_USER", 10)
JOIN_FAILURES_PER_ADDRESS = env_int("JOIN_FAILURES_PER_ADDRESS", 50)
JOIN_FAILURE_WINDOW_MINUTES = env_int("JOIN_FAILURE_WINDOW_MINUTES", 15)
# Who may create classes: "anyone" switches teaching on for their own account; "approved"
# asks staff, who approve or refuse each request (arguments/classes/teaching/).
TEACHING = env_choice("TEACHING", "anyone", ("anyone", "approved"))
# Reverse proxies whose X-Forwarded-For is believed (arguments/accounts/addresses.py).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
# How many claims, links, edits and flags one user may propose per debate per day.
PROPOSALS_PER_DAY = env_int("PROPOSALS_PER_DAY", 20)
# The longest a search may keep the database busy, in milliseconds (0: no limit); past it
# the page asks for a narrower search (arguments/search/limits.py).
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000)

# How often one person (a signed-in user; an address for anonymous requests) may do each
# costly thing, as (attempts, seconds): arguments/limits/counters.py counts them. Exports and
# what-ifs count only when they are not served from the cache.
RATE_LIMITS = {
    "vote": env_rate("RATE_LIMIT_VOTE", "60/10m"),
    "propose": env_rate("RATE_LIMIT_PROPOSE", "30/h"),
    "flag": env_rate("RATE_LIMIT_FLAG", "30/h"),
    "signup": env_rate("RATE_LIMIT_SIGNUP", "20/h"),
    "new_debate": env_rate("RATE_LIMIT_NEW_DEBATE", "10/h"),
    "import": env_rate("RATE_LIMIT_IMPORT", "10/h"),
    "password_reset": env_rate("RATE_LIMIT_PASSWORD_RESET", "5/h"),
    "what_if": env_rate("RATE_LIMIT_WHAT_IF", "30/m"),
    "export": env_rate("RATE_LIMIT_EXPORT", "20/10m"),
    "camps": env_rate("RATE_LIMIT_CAMPS", "120/h"),
    # Reading an uploaded file or fetching a page for a new source (corpus/adding/).
    "bring_source": env_rate("RATE_LIMIT_BRING_SOURCE", "20/h"),
    "add_source": env_rate("RATE_LIMIT_ADD_SOURCE", "20/h"),
}

# Uploads: a request body declared larger than an import file plus its form is refused
# before anything reads it (arguments/limits/middleware.py). Form fields other than files
# are held to Django's 2.5 MB; an uploaded file over 2.5 MB is spooled to a temporary file.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 5, minimum=1)
IMPORT_MAX_CLAIMS = env_int("IMPORT_MAX_CLAIMS", 20_000, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Bringing a source (corpus/ingest): the largest file or fetched page, how long a fetch may
# take in all, and the host:port pairs a fetch may reach although they resolve to a private
# address (for tests' local servers; empty in production, so no fetch reaches our network).
SOURCE_MAX_BYTES = env_int("SOURCE_MAX_BYTES", 10 * 2**20, minimum=1)
SOURCE_FETCH_TIMEOUT = env_int("SOURCE_FETCH_TIMEOUT", 10, minimum=1)
SOURCE_FETCH_TRUSTED_HOSTS = env_list("SOURCE_FETCH_TRUSTED_HOSTS")
# Exports are kept per debate version and format when they are at most this size.
EXPORT_CACHE_MAX_MB = env_int("EXPORT_CACHE_MAX_MB", 4)

# Background work (arguments/jobs/): big imports and exports run in a worker process,
# `manage.py db_worker`, which takes tasks from a table of this same database (the
# django-tasks-db backend), so a deployment needs no other server. An upload over
# BACKGROUND_IMPORT_BYTES, or holding more than BACKGROUND_CLAIMS claims, is imported there;
# a debate of more than BACKGROUND_CLAIMS claims is exported there, to a file in JOBS_ROOT
# (uploads waiting for the worker and progress are kept there too: the web servers and the
# workers must share it). Files are removed JOB_KEEP_HOURS after their job ends; one person
# may have JOBS_PER_USER jobs waiting or running at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BACKGROUND_IMPORT_BYTES = env_int("BACKGROUND_IMPORT_BYTES", 1_000_000)
BACKGROUND_CLAIMS = env_int("BACKGROUND_CLAIMS", 2000, minimum=1)
JOBS_ROOT = Path(env_str("JOBS_ROOT", str(BASE_DIR / "jobs")))
JOB_KEEP_HOURS = env_int("JOB_KEEP_HOURS", 24, minimum=1)
JOBS_PER_USER = env_int("JOBS_PER_USER", 3, minimum=1)

# Live rooms (arguments/live/): server-sent events, only under the ASGI server (`make live`).
# Events travel through LIVE_REDIS_URL, else a Redis CACHE_URL, else an in-process bus (one
# process). A stream ends after LIVE_MAX_SECONDS (the browser connects again), sends a comment
# every LIVE_HEARTBEAT_SECONDS; one person holds at most LIVE_MAX_PER_USER streams, and
# anonymous readers at one address (a school or office behind one NAT) LIVE_MAX_PER_ADDRESS.
LIVE_REDIS_URL = env_str("LIVE_REDIS_URL")
LIVE_CHANNEL_PREFIX = env_str("LIVE_CHANNEL_PREFIX", "ledger:live:")
LIVE_MAX_SECONDS = env_int("LIVE_MAX_SECONDS", 300, minimum=1)
LIVE_HEARTBEAT_SECONDS = env_int("LIVE_HEARTBEAT_SECONDS", 15, minimum=1)
LIVE_MAX_PER_USER = env_int("LIVE_MAX_PER_USER", 8, minimum=1)
LIVE_MAX_PER_ADDRESS = env_int("LIVE_MAX_PER_ADDRESS", 64, minimum=1)
# Under the WSGI server (`make run`) a live address answers at once and asks the browser to
# try again after this many seconds, so no thread is held by a stream.
LIVE_WSGI_RETRY_SECONDS = env_int("LIVE_WSGI_RETRY_SECONDS", 300, minimum=1)

# Mail: printed to the console in development, SMTP from the environment in production.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Ledger of Reasons <noreply@localhost>")
if env_str("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
