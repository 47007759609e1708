"""The spoken call, in Indonesian: "Nomor antrian A nol dua tiga, silakan ke loket dua".

The number is read digit by digit (as queue systems do, so "023" is not "dua puluh tiga"), the
station as a number word. Always Indonesian, whatever the page language: it is what the waiting
room hears.
"""

from __future__ import annotations

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def number_words(n: int) -> str:
    """A whole number 0-999,999 in Indonesian words: 11 sebelas, 21 dua puluh satu, 100 seratus."""
    if n < 0 or n >= 1_000_000:
        raise ValueError(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n) or f"{DIGITS[n - 10]} belas"
    if n < 100:
        return _join(f"{DIGITS[n // 10]} puluh", n % 10)
    if n < 1000:
        head = "seratus" if n // 100 == 1 else f"{DIGITS[n // 100]} ratus"
        return _join(head, n % 100)
    head = "seribu" if n // 1000 == 1 else f"{number_words(n // 1000)} ribu"
    return _join(head, n % 1000)


def _join(head: str, rest: int) -> str:
    return f"{head} {number_words(rest)}" if rest else head


def digits_words(text: str) -> str:
    return " ".join(DIGITS[int(ch)] for ch in text if ch.isdigit())


def announcement(prefix: str, number: int, station_number: int) -> str:
    spoken_prefix = " ".join(prefix.upper())
    return (
        f"Nomor antrian {spoken_prefix} {digits_words(f'{number:03d}')}, "
        f"silakan ke loket {number_words(station_number)}"
    )
