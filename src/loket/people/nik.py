"""NIK (Nomor Induk Kependudukan) checks.

``stdnum.id.nik`` checks the length, the province/regency code and that the date part is a date,
but it reads the day modulo 40, so it accepts a day field of 99 (read as 19) and a serial of
0000. We add those checks, and check the NIK against the person's date of birth and sex: the
day field is the day of birth for men and the day plus 40 for women.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.exceptions import InvalidComponent
from stdnum.id import nik as stdnum_nik

NIK_NOT_DIGITS = _("A NIK has only digits.")
NIK_LENGTH = _("A NIK has exactly 16 digits.")
NIK_REGION = _("The first four digits of this NIK are not a known province and regency/city.")
NIK_DATE = _("Digits 7 to 12 of this NIK are not a valid date of birth.")
NIK_DAY_FIELD = _("Digits 7-8 of a NIK are the day of birth (01-31), or the day plus 40 for women (41-71).")
NIK_SERIAL = _("The last four digits of a NIK (the serial number) cannot be 0000.")
NIK_BIRTH_DATE_MISMATCH = _("The NIK does not match the date of birth (%(expected)s in the NIK).")
NIK_SEX_MISMATCH = _(
    "The NIK does not match the sex: in a NIK the day of birth of a woman is increased by 40."
)


class Sex:
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True)
class NikParts:
    region: str  # PPRRKK, the kecamatan of first registration
    day: int
    month: int
    year_2digits: int
    sex: str
    serial: str


def compact(value: str) -> str:
    return stdnum_nik.compact(value or "")


# Provinces created after python-stdnum's region table was made: Kalimantan Utara (2012) and the four
# Papua provinces of 2022 (Kepmendagri 100.1.1-6117/2022: Papua Selatan, Tengah, Pegunungan, Barat Daya).
NEWER_PROVINCES = frozenset({"65", "93", "94", "95", "96"})


def province_known(number: str) -> bool:
    """Digits 1-2 are a province. Regencies are not checked: stdnum's table lacks those created since
    2012 (16.12 PALI, 16.13 Musi Rawas Utara ...), and refusing a real citizen is worse than letting a
    made-up regency through the counter, where the officer sees the KK anyway."""
    if number[:2] in NEWER_PROVINCES:
        return True
    found = numdb.get("id/loc").info(number[:4])
    return len(found) == 2 and bool(found[0][1])


def validate_nik(value: str) -> str:
    """The NIK without separators, or a ValidationError saying what is wrong."""
    number = compact(value)
    if not number.isdigit():
        raise ValidationError(NIK_NOT_DIGITS, code="nik_format")
    if len(number) != 16:
        raise ValidationError(NIK_LENGTH, code="nik_length")
    day_field = int(number[6:8])
    if not (1 <= day_field <= 31 or 41 <= day_field <= 71):
        raise ValidationError(NIK_DAY_FIELD, code="nik_day")
    if number[12:] == "0000":
        raise ValidationError(NIK_SERIAL, code="nik_serial")
    try:
        stdnum_nik.get_birth_date(number)
    except InvalidComponent:
        raise ValidationError(NIK_DATE, code="nik_date") from None
    if not province_known(number):
        raise ValidationError(NIK_REGION, code="nik_region")
    return number


def nik_field_validator(value: str) -> None:
    """Model-field validator form of validate_nik."""
    validate_nik(value)


def kk_field_validator(value: str) -> None:
    validate_kk(value)


def parts(number: str) -> NikParts:
    day_field = int(number[6:8])
    return NikParts(
        region=number[:6],
        day=day_field % 40,
        month=int(number[8:10]),
        year_2digits=int(number[10:12]),
        sex=Sex.FEMALE if day_field > 40 else Sex.MALE,
        serial=number[12:],
    )


def validate_nik_matches(number: str, *, birth_date: dt.date, sex: str) -> None:
    """The NIK's date and sex must be the person's; raises ValidationError naming the field."""
    nik = parts(validate_nik(number))
    if (nik.day, nik.month, nik.year_2digits) != (birth_date.day, birth_date.month, birth_date.year % 100):
        expected = f"{nik.day:02d}-{nik.month:02d}-..{nik.year_2digits:02d}"
        raise ValidationError(
            {
                "birth_date": ValidationError(
                    NIK_BIRTH_DATE_MISMATCH, code="nik_birth_date", params={"expected": expected}
                )
            }
        )
    if nik.sex != sex:
        raise ValidationError({"sex": ValidationError(NIK_SEX_MISMATCH, code="nik_sex")})


def mask(number: str) -> str:
    """For screens and documents that need to show *which* NIK without showing it: 1671********0001."""
    return number[:4] + "*" * 8 + number[12:] if len(number) == 16 else "*" * len(number)


KK_FORMAT = _("A KK (family card) number has exactly 16 digits.")
KK_REGION = _("The first four digits of this KK number are not a known province and regency/city.")


def validate_kk(value: str) -> str:
    """A KK number is 16 digits starting with the region code of the family's kecamatan."""
    number = compact(value)
    if not number.isdigit() or len(number) != 16:
        raise ValidationError(KK_FORMAT, code="kk_format")
    if not province_known(number):
        raise ValidationError(KK_REGION, code="kk_region")
    return number
