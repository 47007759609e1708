"""The one settings module. Every value that differs between machines comes from the environment
through the typed helpers in ``loket.env``; see README.md ("Configuration") for the list."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from loket.env import env_bool, env_choice, env_float, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

# "development" is what `make run` and the tests use; "production" turns on every safety check.
LOKET_ENV = env_choice("LOKET_ENV", ("development", "production"), "development")
PRODUCTION = LOKET_ENV == "production"


def _default_data_dir() -> Path:
    # In a source checkout (how `make run` installs it) the data folder sits beside pyproject.toml,
    # whatever the current directory; an installed package uses ./data of where it is started.
    checkout = PACKAGE_DIR.parents[1]
    return checkout / "data" if (checkout / "pyproject.toml").exists() else Path.cwd() / "data"


# Databases, uploads, generated keys and logs live here, never inside the package.
DATA_DIR = env_path("LOKET_DATA_DIR", _default_data_dir())

DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        return ""  # refused below with a clear message
    # Development: a random key generated once per data folder, so no key is ever hard-coded.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies in front of the app that append to X-Forwarded-For (0: the client is REMOTE_ADDR).
# Set it behind nginx or a load balancer, or every citizen shares the proxy's rate limits.
LOKET_PROXY_HOPS = env_int("LOKET_PROXY_HOPS", 0, minimum=0)


def check_production_safety() -> None:
    """Refuse to start production with a setting that would expose the office's data."""
    if not PRODUCTION:
        return
    problems = []
    if DEBUG:
        problems.append("DEBUG must be off")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        problems.append("SECRET_KEY must be set to a long random value (50+ characters)")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the server's host names (and not '*')")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems) + ".")


check_production_safety()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "axes",
    "loket.core",
    "loket.offices",
    "loket.people",
    "loket.applications",
    "loket.intake",
    "loket.sync",
    "loket.notifications",
    "loket.portal",
    "loket.surveys",
    "loket.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loket.core.context_processors.workspace",
            ],
        },
    }
]


def _databases() -> dict[str, dict[str, object]]:
    url = env_str("DATABASE_URL")
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
        return {"default": dict(config)}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "loket.sqlite3",
            "OPTIONS": {
                # WAL lets the web server read while a worker writes; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue instead of failing half-way with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            "TEST": {"NAME": env_str("LOKET_TEST_SQLITE_NAME") or None},
        }
    }


DATABASES = _databases()

# A cache every process shares (gunicorn workers, the workers), so rate limits hold across them.
# Created by `loket createcachetable` (make run; the test runner does it by itself).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "loket_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "offices.Staff"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "login"

# Staff logins: five wrong passwords lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at every start when it is missing
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "uploads"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production the static files are served straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 10 * 60 * 60, minimum=300)  # one working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Offices often serve the LAN over plain HTTP; set LOKET_HTTPS=1 once TLS is in front.
LOKET_HTTPS = env_bool("LOKET_HTTPS", default=PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LOKET_HTTPS
if LOKET_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "loket@localhost")

# Public address of this office system, used in QR codes and printed documents.
LOKET_PUBLIC_URL = env_str("LOKET_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Request logs would carry query strings; personal data never goes in URLs, but keep them quiet anyway.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # seven INFO lines for every PDF otherwise
        "fontTools": {"level": "WARNING"},
        # httpx logs whole request URLs at INFO; a GET-style SMS gateway puts the number, the text
        # and the key in the URL.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

# Sync with the central registry ----------------------------------------------------------------
# (loket.sync; the worker is `loket worker`; see src/loket/sync/README.md). Each office's key is
# kept in the database (`loket sync keys`), not here.
LOKET_CENTRAL_URL = env_str("LOKET_CENTRAL_URL", "http://127.0.0.1:8100").rstrip("/")
LOKET_SYNC_TIMEOUT = env_float("LOKET_SYNC_TIMEOUT", 10.0)  # seconds, on every call to the centre
LOKET_SYNC_BATCH_SIZE = env_int("LOKET_SYNC_BATCH_SIZE", 100, minimum=1)
# A claim on packets expires after this long, so a killed worker's batch goes to another.
LOKET_SYNC_LEASE_SECONDS = env_float("LOKET_SYNC_LEASE_SECONDS", 120.0)
LOKET_SYNC_BACKOFF_BASE = env_float("LOKET_SYNC_BACKOFF_BASE", 0.5)  # seconds before the first retry
LOKET_SYNC_BACKOFF_CAP = env_float("LOKET_SYNC_BACKOFF_CAP", 300.0)
# Transient failures in a row that stop all calls (8: a link failing 30% of calls at random trips
# it about once in 20,000 calls); then a trial ping, each failed one doubling the wait up to the maximum.
LOKET_SYNC_BREAKER_FAILURES = env_int("LOKET_SYNC_BREAKER_FAILURES", 8, minimum=1)
LOKET_SYNC_BREAKER_OPEN_SECONDS = env_float("LOKET_SYNC_BREAKER_OPEN_SECONDS", 5.0)
LOKET_SYNC_BREAKER_MAX_OPEN_SECONDS = env_float("LOKET_SYNC_BREAKER_MAX_OPEN_SECONDS", 60.0)
LOKET_SYNC_POLL_SECONDS = env_float("LOKET_SYNC_POLL_SECONDS", 10.0)  # asking the centre for outcomes
LOKET_SYNC_IDLE_SECONDS = env_float("LOKET_SYNC_IDLE_SECONDS", 1.0)  # the worker's nap with nothing to do
LOKET_SYNC_STUCK_ATTEMPTS = env_int("LOKET_SYNC_STUCK_ATTEMPTS", 8, minimum=1)  # shown to the head from here
# ------------------------------------------------------------------- end of sync with the centre
