"""Settings of the reference central registry (``loket central ...``).

The centre stands in for the national Dukcapil system: a separate program with its own database
(``DATA_DIR/central.sqlite3``, or ``CENTRAL_DATABASE_URL``), its own URLs and nothing of the
office's apps. It has no sessions, no templates and no staff logins: offices talk to it over a
JSON API with their own keys, and it is configured from the command line.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from loket.env import env_bool, env_int, env_list, env_path, env_str

DATA_DIR = env_path("LOKET_DATA_DIR", Path.cwd() / "data")
DEBUG = env_bool("CENTRAL_DEBUG", default=False)
# Nothing is signed or kept between runs (no sessions, no cookies): a key per process is enough.
SECRET_KEY = env_str("CENTRAL_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = env_list("CENTRAL_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CENTRAL_BIND = env_str("CENTRAL_BIND", "127.0.0.1:8100")
CENTRAL_WORKERS = env_int("CENTRAL_WORKERS", 2, minimum=1)
CENTRAL_THREADS = env_int("CENTRAL_THREADS", 8, minimum=1)
# The largest batch one request may carry; larger is refused with 413 (the office sends smaller ones).
CENTRAL_MAX_BATCH = env_int("CENTRAL_MAX_BATCH", 500, minimum=1)

INSTALLED_APPS = ["loket.central"]
MIDDLEWARE = ["loket.central.middleware.FaultInjectionMiddleware"]
ROOT_URLCONF = "loket.central.urls"
WSGI_APPLICATION = "loket.central.wsgi.application"
TEMPLATES: list[dict[str, object]] = []
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024  # a batch of 500 packets with their photos


def _databases() -> dict[str, dict[str, object]]:
    url = env_str("CENTRAL_DATABASE_URL")
    if url:
        try:
            return {"default": dict(dj_database_url.parse(url, conn_max_age=60))}
        except ValueError as exc:
            raise ImproperlyConfigured(f"CENTRAL_DATABASE_URL is not a database URL: {exc}") from None
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "central.sqlite3",
            "OPTIONS": {
                # Several server processes write: WAL for readers, IMMEDIATE so writers queue.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_I18N = False
USE_TZ = True
TIME_ZONE = "UTC"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Packets travel in POST bodies only; nothing here ever logs a body. Injected faults are
    # counted (``loket central stats``) and show in the access log; Django need not repeat them.
    "loggers": {"django.request": {"level": "CRITICAL"}},
}
