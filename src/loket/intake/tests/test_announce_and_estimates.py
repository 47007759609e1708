"""Pure functions: the spoken call and the wait estimate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.intake.announce import announcement, number_words
from loket.intake.estimates import MIN_SAMPLES, estimate_wait


def test_the_call_reads_digits_one_by_one_and_the_station_as_a_number():
    assert announcement("A", 23, 2) == "Nomor antrian A nol dua tiga, silakan ke loket dua"
    assert announcement("B", 107, 12) == "Nomor antrian B satu nol tujuh, silakan ke loket dua belas"
    assert announcement("AB", 1, 1) == "Nomor antrian A B nol nol satu, silakan ke loket satu"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (15, "lima belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (2024, "dua ribu dua puluh empat"),
    ],
)
def test_indonesian_number_words(n, words):
    assert number_words(n) == words


def test_nobody_ahead_means_no_wait():
    estimate = estimate_wait(ahead=0, servers=2, recent_minutes=[10.0] * 20, standard_minutes=10)
    assert (estimate.low, estimate.high, estimate.is_now) == (0, 0, True)


def test_thin_data_gives_a_wide_rough_range_from_the_standard_time():
    estimate = estimate_wait(ahead=6, servers=1, recent_minutes=[3.0, 4.0], standard_minutes=10)
    assert estimate.rough
    assert (estimate.low, estimate.high) == (30, 90)  # half to one and a half times 60 minutes


def test_measured_service_times_give_a_narrower_range_around_the_mean():
    samples = [8.0, 12.0] * MIN_SAMPLES
    estimate = estimate_wait(ahead=9, servers=3, recent_minutes=samples, standard_minutes=30)
    assert not estimate.rough
    assert estimate.low <= 30 <= estimate.high  # 9 people x 10 min / 3 counters
    assert estimate.high - estimate.low <= 15


def test_more_counters_mean_a_shorter_wait():
    samples = [10.0] * MIN_SAMPLES
    one = estimate_wait(ahead=10, servers=1, recent_minutes=samples, standard_minutes=10)
    two = estimate_wait(ahead=10, servers=2, recent_minutes=samples, standard_minutes=10)
    assert two.high < one.high


@given(
    ahead=st.integers(min_value=0, max_value=300),
    servers=st.integers(min_value=0, max_value=10),
    samples=st.lists(st.floats(min_value=0.5, max_value=120), max_size=40),
    standard=st.floats(min_value=1, max_value=60),
)
def test_a_range_is_always_ordered_in_five_minute_steps(ahead, servers, samples, standard):
    estimate = estimate_wait(ahead=ahead, servers=servers, recent_minutes=samples, standard_minutes=standard)
    assert 0 <= estimate.low <= estimate.high
    assert estimate.low % 5 == 0 and estimate.high % 5 == 0
    assert (estimate.high == 0) == (ahead == 0)
