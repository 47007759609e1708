"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live_server.

Playwright's own browser download cannot work on these machines, so the launch points at
/usr/bin/chromium (``scripts/install-system-packages chromium``); without it the tests are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The live server runs in a thread while Playwright's sync API keeps an event loop in the test's
# thread; Django refuses database access from a thread with a running loop unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="needs /usr/bin/chromium (scripts/install-system-packages chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def project_static_files() -> None:
    """Serve src/loket/static (CSS, htmx) from the live server.

    That folder is not inside an app, so it needs STATICFILES_DIRS; until settings.py lists it,
    add it here so the pages get their stylesheet and htmx.
    """
    from django.conf import settings
    from django.contrib.staticfiles import finders

    import loket

    static = Path(loket.__file__).resolve().parent / "static"
    if static not in [Path(p) for p in settings.STATICFILES_DIRS]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, static]
        finders.get_finder.cache_clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # An office PC set to Indonesian: the interface must come up in Bahasa Indonesia.
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1280, "height": 900}}
