"""The typed readers of environment variables fail loudly on a value they cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from loket.env import env_bool, env_choice, env_float, env_int, env_list, env_path, env_str

NAME = "LOKET_TEST_VARIABLE"


@pytest.fixture
def setenv(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)

    def _set(value: str) -> None:
        monkeypatch.setenv(NAME, value)

    return _set


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " On "])
def test_env_bool_reads_the_usual_ways_of_saying_yes(setenv, value):
    setenv(value)
    assert env_bool(NAME) is True


@pytest.mark.parametrize("value", ["0", "false", "no", "off", ""])
def test_env_bool_reads_the_usual_ways_of_saying_no(setenv, value):
    setenv(value)
    assert env_bool(NAME, default=True) is False


@pytest.mark.parametrize("value", ["ture", "2", "y", "enabled"])
def test_env_bool_refuses_a_typo_and_names_the_variable(setenv, value):
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME}='{value}' is not a boolean"):
        env_bool(NAME)


def test_unset_variables_take_the_default(setenv):
    assert env_bool(NAME, default=True) is True
    assert env_int(NAME, 7) == 7
    assert env_float(NAME, 1.5) == 1.5
    assert env_str(NAME, "x") == "x"
    assert env_list(NAME, ["a"]) == ["a"]
    assert env_choice(NAME, ("a", "b"), "b") == "b"


def test_env_int_reads_an_integer(setenv):
    setenv(" 8000 ")
    assert env_int(NAME, 0) == 8000


@pytest.mark.parametrize("value", ["abc", "80.5", "1e3", "8000x"])
def test_env_int_refuses_what_is_not_an_integer(setenv, value):
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME}=.* is not an integer"):
        env_int(NAME, 0)


def test_env_int_refuses_a_value_below_the_minimum(setenv):
    setenv("10")
    with pytest.raises(ImproperlyConfigured, match=f"{NAME}=10 is below the minimum of 300"):
        env_int(NAME, 3600, minimum=300)


def test_env_int_of_an_empty_value_is_the_default(setenv):
    setenv("")
    assert env_int(NAME, 5) == 5


def test_env_float_reads_and_refuses(setenv):
    setenv("0.25")
    assert env_float(NAME, 1.0) == 0.25
    setenv("quarter")
    with pytest.raises(ImproperlyConfigured, match="is not a number"):
        env_float(NAME, 1.0)


def test_env_list_splits_on_commas_and_drops_blanks(setenv):
    setenv(" loket.example.go.id, ,10.0.0.5 ,")
    assert env_list(NAME) == ["loket.example.go.id", "10.0.0.5"]
    setenv("")
    assert env_list(NAME, ["default"]) == []


def test_env_choice_refuses_a_value_outside_the_choices(setenv):
    setenv("prod")
    with pytest.raises(ImproperlyConfigured, match=f"{NAME}='prod' must be one of development, production"):
        env_choice(NAME, ("development", "production"), "development")


def test_env_path_is_absolute_and_expands_the_home_folder(setenv, tmp_path):
    setenv("~/loket-data")
    assert env_path(NAME, tmp_path) == Path.home() / "loket-data"
    setenv("")
    assert env_path(NAME, tmp_path) == tmp_path.resolve()
