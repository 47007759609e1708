"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live_server.

Playwright's own browser download cannot work on these machines, so the launch points at
/usr/bin/chromium (``scripts/install-system-packages chromium``, which `make test` runs).
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
    # `make test` installs Chromium first, so a missing browser is a broken set-up, not a reason to
    # pass quietly; LOKET_SKIP_BROWSER=1 skips these tests on purpose (say so when you do).
    if CHROMIUM.exists() or not os.environ.get("LOKET_SKIP_BROWSER"):
        return
    skip = pytest.mark.skip(reason="LOKET_SKIP_BROWSER is set")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # An office PC set to Indonesian: the interface must come up in Bahasa Indonesia.
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1280, "height": 900}}
