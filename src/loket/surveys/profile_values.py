"""Reading respondent-profile values as people write them in spreadsheets ("Laki-laki", "SMA",
"34", "Wiraswasta"), for the import. Pure: the choices and their labels in both languages."""

from __future__ import annotations

from django.utils import translation

from loket.surveys.definitions import PROFILE_FIELDS, AgeGroup, normalize_name

# Words seen on paper forms and in office spreadsheets, by field and code.
_EXTRA: dict[str, dict[str, tuple[str, ...]]] = {
    "sex": {"L": ("laki laki", "lakilaki", "pria", "l", "m"), "P": ("perempuan", "wanita", "p", "f", "w")},
    "education": {
        "sd": ("sd", "sd sederajat", "tidak sekolah", "tidak tamat sd"),
        "smp": ("smp", "sltp", "mts"),
        "sma": ("sma", "smk", "slta", "ma", "sma smk"),
        "diploma": ("d1", "d2", "d3", "diploma"),
        "s1": ("d4", "s1", "sarjana"),
        "s2": ("s2", "s3", "magister", "doktor"),
    },
    "occupation": {
        "pns": ("pns", "asn"),
        "tni": ("tni",),
        "polri": ("polri", "polisi"),
        "swasta": ("swasta", "pegawai swasta", "karyawan swasta", "karyawan"),
        "wirausaha": ("wirausaha", "wiraswasta", "pedagang", "usaha sendiri"),
        "pelajar": ("pelajar", "mahasiswa", "pelajar mahasiswa", "siswa"),
        "lainnya": ("lainnya", "lain lain", "irt", "ibu rumah tangga", "tidak bekerja"),
    },
}

_AGE_BOUNDS = (
    (17, 25, AgeGroup.A17_25),
    (26, 35, AgeGroup.A26_35),
    (36, 45, AgeGroup.A36_45),
    (46, 55, AgeGroup.A46_55),
    (56, 65, AgeGroup.A56_65),
    (66, 130, AgeGroup.A66),
)


def _lookup(field: str) -> dict[str, str]:
    table: dict[str, str] = {}
    choices = PROFILE_FIELDS[field]
    for code, label in choices.choices:
        table[normalize_name(code)] = code
        for language in ("id", "en"):
            with translation.override(language):
                table[normalize_name(str(label))] = code
    for code, words in _EXTRA.get(field, {}).items():
        for word in words:
            table[normalize_name(word)] = code
    return table


def profile_value(field: str, text: str) -> str:
    """The stored code for ``text``; "" for a blank cell; ValueError when it is not a choice."""
    text = (text or "").strip()
    if not text:
        return ""
    if field == "age_group" and text.isdigit():
        age = int(text)
        for low, high, group in _AGE_BOUNDS:
            if low <= age <= high:
                return str(group)
        raise ValueError(text)
    if text in PROFILE_FIELDS[field].values:
        return text
    code = _lookup(field).get(normalize_name(text))
    if code is None:
        raise ValueError(text)
    return code


def choices_hint(field: str) -> str:
    """The accepted codes, for an error message."""
    return ", ".join(PROFILE_FIELDS[field].values)
