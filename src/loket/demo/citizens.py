"""Made-up citizens: valid NIKs that match the birth date and sex, KK numbers, Palembang names,
addresses in the office's kelurahan and 08xx mobile numbers, all from the seeded generator."""

from __future__ import annotations

import datetime as dt
import random
from itertools import accumulate
from typing import NamedTuple

from loket.demo import names
from loket.people.nik import Sex

_PLACES, _PLACE_WEIGHTS = zip(*names.BIRTH_PLACES, strict=True)
_PLACE_CUMULATIVE = list(accumulate(_PLACE_WEIGHTS))
_DAY = dt.timedelta(days=1)


class NikRegistry:
    """Hands out NIK serials per (kecamatan, birth date) in order, as the population register does,
    so every generated NIK is new; NIKs already in the database are skipped."""

    def __init__(self, taken: set[str]) -> None:
        self._taken = taken
        self._last: dict[str, int] = {}

    def issue(self, region: str, date_part: str, rng: random.Random) -> str | None:
        key = region + date_part
        serial = self._last.get(key, 0)
        while True:
            serial += rng.randint(1, 3)  # some serials went to people who never come to this office
            if serial > 9999:
                return None
            nik = f"{key}{serial:04d}"
            if nik not in self._taken:
                self._last[key] = serial
                return nik


class Citizen(NamedTuple):
    nik: str
    kk_number: str
    full_name: str
    birth_place: str
    birth_date: dt.date
    sex: str
    address: str
    village: str
    phone: str
    email: str


class Citizens:
    def __init__(self, *, rng: random.Random, registry: NikRegistry) -> None:
        self.rng = rng
        self.registry = registry

    def person(
        self, *, service: str, on: dt.date, kecamatan: str, villages: list[tuple[str, str]]
    ) -> Citizen:
        """The fields of a Person applying for ``service`` on ``on`` who lives in one of ``villages``."""
        rng = self.rng
        sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
        birth = self._birth_date(service, on)
        nik = self._nik(service, kecamatan, birth, sex)
        given = self._name(sex)
        village_code, _village_name = rng.choice(villages)
        return Citizen(
            nik=nik,
            kk_number=self._kk(kecamatan),
            full_name=given,
            birth_place=rng.choices(_PLACES, cum_weights=_PLACE_CUMULATIVE)[0],
            birth_date=birth,
            sex=sex,
            address=self._address(kecamatan),
            village=village_code,
            phone=self._phone() if service == "ikd" or rng.random() < 0.85 else "",
            email=self._email(given) if service == "ikd" or rng.random() < 0.25 else "",
        )

    def _birth_date(self, service: str, on: dt.date) -> dt.date:
        rng = self.rng
        if service == "new":
            roll = rng.random()
            # Most first cards are for those just turned 17; some come years late, some married younger.
            years = 17 if roll < 0.7 else rng.randint(18, 25) if roll < 0.92 else rng.randint(26, 60)
        elif service == "ikd":
            years = rng.randint(18, 50)
        else:
            years = 18 + int(rng.triangular(0, 57, 12))
        try:
            birthday = on.replace(year=on.year - years)
        except ValueError:  # 29 February
            birthday = on.replace(year=on.year - years, day=28)
        return birthday - rng.randint(1, 364) * _DAY

    def _nik(self, service: str, kecamatan: str, birth: dt.date, sex: str) -> str:
        rng = self.rng
        day = birth.day + (40 if sex == Sex.FEMALE else 0)
        date_part = f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        while True:
            if service == "moving_in":
                region = rng.choice(names.MOVED_FROM)
            elif rng.random() < 0.85:
                region = kecamatan.replace(".", "")
            else:
                region = rng.choice(names.PALEMBANG_KECAMATAN)
            nik = self.registry.issue(region, date_part, rng)
            if nik is not None:
                return nik

    def _kk(self, kecamatan: str) -> str:
        rng = self.rng
        # Issued on some day of 2010-2024 (day 1-28 keeps every month valid).
        issued = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(10, 24):02d}"
        return f"{kecamatan.replace('.', '')}{issued}{rng.randint(1, 9999):04d}"

    def _name(self, sex: str) -> str:
        rng = self.rng
        male = sex == Sex.MALE
        parts = []
        if rng.random() < 0.06:
            parts.append(rng.choice(names.MALE_TITLES if male else names.FEMALE_TITLES))
        parts.append(rng.choice(names.MALE_GIVEN if male else names.FEMALE_GIVEN))
        if rng.random() < 0.3:
            parts.append(rng.choice(names.MIDDLE))
        if rng.random() < 0.6:
            family = names.FAMILY if male or rng.random() < 0.5 else names.FEMALE_FAMILY
            parts.append(rng.choice(family))
        return " ".join(dict.fromkeys(parts))  # "Nur Nur" reads as a typo: drop repeats

    def _address(self, kecamatan: str) -> str:
        rng = self.rng
        street = rng.choice(names.STREETS.get(kecamatan, names.STREETS["16.71.16"]))
        if rng.random() < 0.4:
            street += " " + rng.choice(names.SIDE_STREETS)
        return f"{street} No. {rng.randint(1, 250)} RT {rng.randint(1, 40):03d} RW {rng.randint(1, 12):03d}"

    def _phone(self) -> str:
        rng = self.rng
        digits = rng.randint(7, 8)
        return rng.choice(names.PHONE_PREFIXES) + str(rng.randrange(10 ** (digits - 1), 10**digits))

    def _email(self, full_name: str) -> str:
        rng = self.rng
        words = [w.lower() for w in full_name.replace(".", "").split() if len(w) > 2]
        local = ".".join(words[-2:]) if rng.random() < 0.5 else "".join(words[:1])
        return f"{local or 'warga'}{rng.randint(1, 999)}@{rng.choice(names.EMAIL_DOMAINS)}"
