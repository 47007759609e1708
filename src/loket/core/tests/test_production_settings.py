"""Settings are read from the environment at start-up; production refuses to start with an unsafe value.

Each case starts a fresh Python process with a controlled environment, exactly as the server would.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SAFE_KEY = "q8V1r9mZ2xT4kL7nB0cW3yH6jD5sF8gA1pR4uE7iO0tY3wQ6zX9v"  # 52 varied characters
SAFE_PRODUCTION = {
    "LOKET_ENV": "production",
    "SECRET_KEY": SAFE_KEY,
    "ALLOWED_HOSTS": "loket.palembang.go.id",
    "DEBUG": "0",
}


def _start(tmp_path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "loket.settings",
        "LOKET_DATA_DIR": str(tmp_path / "data"),
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _refused(result: subprocess.CompletedProcess[str], message: str) -> bool:
    return result.returncode != 0 and "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_starts_with_safe_values(tmp_path):
    result = _start(tmp_path, **SAFE_PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_development_starts_with_nothing_set_and_makes_its_own_key(tmp_path):
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "data" / "secret_key"
    assert len(key_file.read_text()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_production_refuses_debug(tmp_path):
    assert _refused(_start(tmp_path, **{**SAFE_PRODUCTION, "DEBUG": "1"}), "DEBUG must be off")


@pytest.mark.parametrize(
    "key",
    [
        None,
        "short-key",
        "django-insecure-" + "x1y2z3" * 10,
        "a" * 64,
    ],
    ids=["missing", "short", "django-insecure", "one-character"],
)
def test_production_refuses_a_missing_or_weak_secret_key(tmp_path, key):
    variables = {k: v for k, v in SAFE_PRODUCTION.items() if k != "SECRET_KEY"}
    if key is not None:
        variables["SECRET_KEY"] = key
    assert _refused(_start(tmp_path, **variables), "SECRET_KEY must be set")
    assert not (tmp_path / "data" / "secret_key").exists()  # production never invents a key


@pytest.mark.parametrize("hosts", ["", "*", "loket.palembang.go.id,*"], ids=["empty", "star", "star-in-list"])
def test_production_refuses_empty_or_wildcard_allowed_hosts(tmp_path, hosts):
    assert _refused(
        _start(tmp_path, **{**SAFE_PRODUCTION, "ALLOWED_HOSTS": hosts}), "ALLOWED_HOSTS must list"
    )


def test_production_lists_every_problem_at_once(tmp_path):
    result = _start(tmp_path, LOKET_ENV="production", DEBUG="1")
    assert _refused(result, "DEBUG must be off")
    assert "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "ture"}, "DEBUG='ture' is not a boolean"),
        ({"LOKET_ENV": "prod"}, "LOKET_ENV='prod' must be one of"),
        ({"AXES_FAILURE_LIMIT": "abc"}, "AXES_FAILURE_LIMIT='abc' is not an integer"),
        ({"SESSION_COOKIE_AGE": "10"}, "SESSION_COOKIE_AGE=10 is below the minimum"),
        ({"LOKET_HTTPS": "maybe"}, "LOKET_HTTPS='maybe' is not a boolean"),
    ],
    ids=["debug-typo", "env-typo", "int-typo", "below-minimum", "https-typo"],
)
def test_a_typo_in_any_setting_stops_the_start_and_names_the_variable(tmp_path, variables, message):
    assert _refused(_start(tmp_path, **variables), message)
