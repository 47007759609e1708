"""What the questionnaires say: the nine SKM elements (PermenPANRB 14/2017), the study's five
indicators, the respondent profile, and the first version of each questionnaire.

Plain data and functions, no ORM: the analysis, the file reader, the data migration and the seed
command all read from here. Question texts are data (Indonesian first, English second), not
gettext strings, because administrators edit them and every edit makes a new version.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.offices.models import ServiceType


@dataclass(frozen=True)
class Element:
    key: str
    name: str  # as PermenPANRB 14/2017 names it
    name_en: str
    aliases: tuple[str, ...] = ()


# The order of the regulation's list; agencies number the last two differently, so every lookup
# goes by name (``element_for``), never by position.
ELEMENTS: tuple[Element, ...] = (
    Element("persyaratan", "Persyaratan", "Requirements", ("persyaratan pelayanan",)),
    Element(
        "prosedur",
        "Sistem, Mekanisme, dan Prosedur",
        "Systems, mechanisms and procedures",
        ("sistem mekanisme prosedur", "prosedur", "prosedur pelayanan"),
    ),
    Element(
        "waktu", "Waktu Penyelesaian", "Completion time", ("waktu pelayanan", "kecepatan waktu", "waktu")
    ),
    Element("biaya", "Biaya/Tarif", "Cost/fee", ("biaya", "tarif", "biaya tarif pelayanan")),
    Element(
        "produk",
        "Produk Spesifikasi Jenis Pelayanan",
        "Product: specification of the service",
        ("produk pelayanan", "produk spesifikasi pelayanan", "produk"),
    ),
    Element("kompetensi", "Kompetensi Pelaksana", "Competence of the staff", ("kompetensi petugas",)),
    Element("perilaku", "Perilaku Pelaksana", "Behaviour of the staff", ("perilaku petugas",)),
    Element(
        "pengaduan",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Handling of complaints, suggestions and feedback",
        ("penanganan pengaduan", "pengaduan"),
    ),
    Element("sarana", "Sarana dan Prasarana", "Facilities and infrastructure", ("sarana prasarana",)),
)
ELEMENT_KEYS = tuple(e.key for e in ELEMENTS)
ELEMENTS_BY_KEY = {e.key: e for e in ELEMENTS}

# Words that agencies add or drop without changing the meaning ("Sistem, Mekanisme, dan Prosedur").
_FILLER_WORDS = frozenset({"dan", "and", "u", "unsur"})


def normalize_name(text: str) -> str:
    """Lower case, accents and punctuation gone, filler words and numbering ("U1.", "1)") dropped."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    words = [w for w in words if w not in _FILLER_WORDS and not re.fullmatch(r"u?\d+", w)]
    return " ".join(words)


_ELEMENT_LOOKUP: dict[str, str] = {}
for _element in ELEMENTS:
    for _name in (_element.key, _element.name, _element.name_en, *_element.aliases):
        _ELEMENT_LOOKUP[normalize_name(_name)] = _element.key


def element_for(name: str) -> str | None:
    """The SKM element a column or question name stands for, ignoring case, spacing and punctuation."""
    return _ELEMENT_LOOKUP.get(normalize_name(name))


class Indicator(models.TextChoices):
    """The study's indicators: Robbins (quality, quantity, commitment) and Nuronniah et al. (cost, time)."""

    QUALITY = "quality", _("Quality of work")
    QUANTITY = "quantity", _("Quantity of work")
    COST = "cost", _("Cost")
    TIME = "time", _("Time")
    COMMITMENT = "commitment", _("Commitment")


class AgeGroup(models.TextChoices):
    # Groups, not the exact age: an exact age next to the service and date would identify people.
    A17_25 = "17-25", "17–25"
    A26_35 = "26-35", "26–35"
    A36_45 = "36-45", "36–45"
    A46_55 = "46-55", "46–55"
    A56_65 = "56-65", "56–65"
    A66 = "66+", _("66 and over")


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Education(models.TextChoices):
    PRIMARY = "sd", _("Primary school or less")
    JUNIOR = "smp", _("Junior high school (SMP)")
    SENIOR = "sma", _("Senior high school (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "s1", _("Bachelor (D4/S1)")
    POSTGRADUATE = "s2", _("Master or doctorate (S2/S3)")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", _("Civil servant (PNS)")
    MILITARY = "tni", _("Military (TNI)")
    POLICE = "polri", _("Police (POLRI)")
    PRIVATE = "swasta", _("Private employee")
    SELF_EMPLOYED = "wirausaha", _("Self-employed")
    STUDENT = "pelajar", _("Student")
    OTHER = "lainnya", _("Other")


# Profile field -> its choices; the service used is the office's own service types.
PROFILE_FIELDS: dict[str, type[models.TextChoices]] = {
    "age_group": AgeGroup,
    "sex": Sex,
    "education": Education,
    "occupation": Occupation,
    "service_type": ServiceType,
}
PROFILE_LABELS = {
    "age_group": _("Age group"),
    "sex": _("Sex"),
    "education": _("Education"),
    "occupation": _("Occupation"),
    "service_type": _("Service used"),
}
# Column headings accepted in imported files, besides the field names themselves.
PROFILE_COLUMN_ALIASES = {
    "age_group": ("umur", "usia", "kelompok umur", "age", "age group"),
    "sex": ("jenis kelamin", "kelamin", "gender", "jk"),
    "education": ("pendidikan", "pendidikan terakhir"),
    "occupation": ("pekerjaan", "pekerjaan utama", "job"),
    "service_type": ("layanan", "jenis layanan", "service", "service used"),
}


# ---- the first version of each questionnaire -------------------------------------------------


@dataclass(frozen=True)
class QuestionSeed:
    key: str
    text: str
    text_en: str
    labels: tuple[str, str, str, str]  # for answers 1, 2, 3, 4
    labels_en: tuple[str, str, str, str]
    element: str = ""
    indicator: str = ""


def _skm(key: str, text: str, text_en: str, labels: str, labels_en: str) -> QuestionSeed:
    return QuestionSeed(
        key=key,
        text=text,
        text_en=text_en,
        labels=tuple(labels.split("|")),  # type: ignore[arg-type]
        labels_en=tuple(labels_en.split("|")),  # type: ignore[arg-type]
        element=key,
    )


# The model questionnaire of PermenPANRB 14/2017 (Lampiran), one question per element.
SKM_QUESTIONS: tuple[QuestionSeed, ...] = (
    _skm(
        "persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "How well do the requirements match the service you applied for?",
        "Tidak sesuai|Kurang sesuai|Sesuai|Sangat sesuai",
        "Not suitable|Somewhat unsuitable|Suitable|Very suitable",
    ),
    _skm(
        "prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "How easy was the service procedure at this office?",
        "Tidak mudah|Kurang mudah|Mudah|Sangat mudah",
        "Not easy|Not quite easy|Easy|Very easy",
    ),
    _skm(
        "waktu",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        "How fast was the service?",
        "Tidak cepat|Kurang cepat|Cepat|Sangat cepat",
        "Not fast|Not quite fast|Fast|Very fast",
    ),
    _skm(
        "biaya",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "How fair was the cost or fee of the service?",
        "Sangat mahal|Cukup mahal|Murah|Gratis",
        "Very expensive|Fairly expensive|Cheap|Free",
    ),
    _skm(
        "produk",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam "
        "standar pelayanan dengan hasil yang diberikan?",
        "How well did the result match what the service standard promises?",
        "Tidak sesuai|Kurang sesuai|Sesuai|Sangat sesuai",
        "Not suitable|Somewhat unsuitable|Suitable|Very suitable",
    ),
    _skm(
        "kompetensi",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "How competent were the staff who served you?",
        "Tidak kompeten|Kurang kompeten|Kompeten|Sangat kompeten",
        "Not competent|Not quite competent|Competent|Very competent",
    ),
    _skm(
        "perilaku",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan "
        "keramahan?",
        "How polite and friendly were the staff?",
        "Tidak sopan dan ramah|Kurang sopan dan ramah|Sopan dan ramah|Sangat sopan dan ramah",
        "Not polite and friendly|Not quite polite and friendly|Polite and friendly|Very polite and friendly",
    ),
    _skm(
        "pengaduan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        "How are complaints of service users handled?",
        "Tidak ada|Ada tetapi tidak berfungsi|Berfungsi kurang maksimal|Dikelola dengan baik",
        "There is none|There is one but it does not work|Works, but not fully|Well managed",
    ),
    _skm(
        "sarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "What do you think of the quality of the facilities?",
        "Buruk|Cukup|Baik|Sangat baik",
        "Poor|Adequate|Good|Very good",
    ),
)

# The study's scale: sangat baik / baik / kurang baik / tidak baik.
STUDY_LABELS = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")
STUDY_LABELS_EN = ("Not good", "Less than good", "Good", "Very good")


def _study(key: str, indicator: str, text: str, text_en: str) -> QuestionSeed:
    return QuestionSeed(key, text, text_en, STUDY_LABELS, STUDY_LABELS_EN, indicator=indicator)


# Questions written from what the study asked its 100 respondents about, one group per indicator.
INDICATOR_QUESTIONS: tuple[QuestionSeed, ...] = (
    _study(
        "kualitas-pelayanan",
        Indicator.QUALITY,
        "Bagaimana kualitas pelayanan e-KTP yang Saudara terima?",
        "How good was the e-KTP service you received?",
    ),
    _study(
        "kualitas-keramahan",
        Indicator.QUALITY,
        "Bagaimana keramahan dan kesigapan petugas saat melayani Saudara?",
        "How friendly and prompt were the staff when they served you?",
    ),
    _study(
        "kualitas-peralatan",
        Indicator.QUALITY,
        "Bagaimana kondisi peralatan dan jaringan (kamera, sidik jari, internet) saat Saudara dilayani?",
        "What was the state of the equipment and network (camera, fingerprint, internet)?",
    ),
    _study(
        "kuantitas-petugas",
        Indicator.QUANTITY,
        "Bagaimana kecukupan jumlah petugas dibanding banyaknya warga yang dilayani?",
        "Are there enough staff for the number of citizens served?",
    ),
    _study(
        "kuantitas-hasil",
        Indicator.QUANTITY,
        "Bagaimana hasil (output) pelayanan yang Saudara terima?",
        "How was the output of the service you received?",
    ),
    _study(
        "biaya-gratis",
        Indicator.COST,
        "Bagaimana penilaian Saudara tentang biaya pelayanan e-KTP (gratis, tanpa pungutan liar)?",
        "How do you rate the cost of the e-KTP service (free, no illegal fees)?",
    ),
    _study(
        "biaya-keterbukaan",
        Indicator.COST,
        "Bagaimana keterbukaan informasi bahwa pelayanan e-KTP tidak dipungut biaya?",
        "How clearly is it made known that the e-KTP service is free?",
    ),
    _study(
        "waktu-penyelesaian",
        Indicator.TIME,
        "Bagaimana ketepatan waktu penyelesaian e-KTP dibanding waktu yang dijanjikan?",
        "How well was the promised completion time of the e-KTP kept?",
    ),
    _study(
        "waktu-tunggu",
        Indicator.TIME,
        "Bagaimana lama waktu menunggu di kantor sampai Saudara dilayani?",
        "How long did you wait at the office before being served?",
    ),
    _study(
        "komitmen-disdukcapil",
        Indicator.COMMITMENT,
        "Bagaimana kerja sama kantor ini dengan Disdukcapil dalam menyelesaikan e-KTP Saudara?",
        "How well does this office work with Disdukcapil to complete your e-KTP?",
    ),
    _study(
        "komitmen-petugas",
        Indicator.COMMITMENT,
        "Bagaimana kesungguhan petugas membantu warga, termasuk layanan jemput bola?",
        "How committed are the staff to helping citizens, outreach (jemput bola) included?",
    ),
)

SKM_KEY = "skm"
INDICATORS_KEY = "kinerja"


@dataclass(frozen=True)
class QuestionnaireSeed:
    key: str
    kind: str
    title: str
    title_en: str
    questions: tuple[QuestionSeed, ...]


QUESTIONNAIRE_SEEDS: tuple[QuestionnaireSeed, ...] = (
    QuestionnaireSeed(
        SKM_KEY,
        "skm",
        "Survei Kepuasan Masyarakat (SKM)",
        "Public satisfaction survey (SKM)",
        SKM_QUESTIONS,
    ),
    QuestionnaireSeed(
        INDICATORS_KEY,
        "indicators",
        "Kinerja pelayanan e-KTP (lima indikator)",
        "Performance of the e-KTP service (five indicators)",
        INDICATOR_QUESTIONS,
    ),
)
