"""The survey arithmetic, as pure functions on plain data (no ORM), shared by the pages, the
reports and ``loket survey analyze``.

Exactness: every NRR, weight and index is a ``Fraction``; the weight is exactly 1/9 (agencies that
round it to 0.111 get a different index). Numbers are rounded only for display, half up.

Boundary rule: the conversion table of PermenPANRB 14/2017 gives two-decimal ranges on the 25-100
scale (25.00-64.99 D, 65.00-76.60 C, 76.61-88.30 B, 88.31-100.00 A). A value is classified after
rounding it half up to two decimals, the number that is published, so 76.604 is 76.60 (C) and
76.605 is 76.61 (B): the published number and its letter always agree, and no value falls between
two ranges.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

from loket.surveys.definitions import ELEMENT_KEYS, ELEMENTS_BY_KEY, Indicator

SCALE = (1, 2, 3, 4)
ELEMENT_WEIGHT = Fraction(1, len(ELEMENT_KEYS))  # exactly 1/9
CONVERSION = 25  # the 1-4 scale times 25 is the 25-100 scale

# Krejcie & Morgan (1970): chi-square for 1 degree of freedom at 95%, P = 0.5, d = 0.05.
CHI_SQUARE = Fraction(3841, 1000)
PROPORTION = Fraction(1, 2)
DEGREE_OF_ACCURACY = Fraction(5, 100)


def round_half_up(value: Fraction | int, places: int = 2) -> Decimal:
    """Round a non-negative exact number half up (not half to even) to ``places`` decimals."""
    scaled = Fraction(value) * 10**places
    quotient, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        quotient += 1
    return Decimal(quotient).scaleb(-places)


@dataclass(frozen=True)
class Grade:
    letter: str
    low: Decimal
    high: Decimal
    label: str  # the regulation's own words, used as they are in published reports
    label_display: Any  # the same, in the interface language

    def __str__(self) -> str:
        return f"{self.letter} ({self.label})"


GRADES: tuple[Grade, ...] = (
    Grade("A", Decimal("88.31"), Decimal("100.00"), "Sangat Baik", _("Very good")),
    Grade("B", Decimal("76.61"), Decimal("88.30"), "Baik", _("Good")),
    Grade("C", Decimal("65.00"), Decimal("76.60"), "Kurang Baik", _("Less than good")),
    Grade("D", Decimal("25.00"), Decimal("64.99"), "Tidak Baik", _("Not good")),
)


def classify(converted: Fraction | Decimal | int) -> Grade:
    """The quality letter of a value on the 25-100 scale, by the boundary rule above."""
    if isinstance(converted, Decimal):
        converted = Fraction(converted)
    shown = round_half_up(converted, 2)
    for grade in GRADES:
        if grade.low <= shown <= grade.high:
            return grade
    raise ValueError(f"{shown} is outside the 25-100 scale")


@dataclass(frozen=True)
class Distribution:
    """How often each answer 1-4 was given."""

    counts: tuple[int, int, int, int] = (0, 0, 0, 0)

    @classmethod
    def of(cls, values: Iterable[int | None]) -> Distribution:
        counts = [0, 0, 0, 0]
        for value in values:
            if value is None:
                continue
            if value not in SCALE:
                raise ValueError(f"answer {value!r} is not one of 1-4")
            counts[value - 1] += 1
        return cls(tuple(counts))  # type: ignore[arg-type]

    def __add__(self, other: Distribution) -> Distribution:
        return Distribution(tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)))  # type: ignore[arg-type]

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def total(self) -> int:
        return sum(value * count for value, count in zip(SCALE, self.counts, strict=True))

    @property
    def mean(self) -> Fraction | None:
        """The NRR when this is an SKM element: sum of answers / respondents who answered."""
        return Fraction(self.total, self.answered) if self.answered else None

    @property
    def percentages(self) -> tuple[Decimal, ...]:
        """Share of each answer 1-4 among those who answered, as the study reports them."""
        if not self.answered:
            return tuple(Decimal("0.00") for _ in SCALE)
        return tuple(round_half_up(Fraction(100 * count, self.answered)) for count in self.counts)

    @property
    def positive_percentage(self) -> Decimal:
        """Answers 3 and 4 together ("baik" or better)."""
        if not self.answered:
            return Decimal("0.00")
        return round_half_up(Fraction(100 * (self.counts[2] + self.counts[3]), self.answered))


@dataclass(frozen=True)
class QuestionMeta:
    key: str
    text: str
    labels: tuple[str, ...] = ("1", "2", "3", "4")
    element: str = ""  # an SKM element key, or ""
    indicator: str = ""  # an Indicator value, or ""


@dataclass(frozen=True)
class Record:
    """One respondent: answers by question key (missing = not answered), and the profile."""

    answers: Mapping[str, int]
    profile: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    """A mean on the 1-4 scale, converted to 25-100 and graded."""

    mean: Fraction

    @property
    def converted(self) -> Fraction:
        return self.mean * CONVERSION

    @property
    def shown(self) -> Decimal:
        return round_half_up(self.converted, 2)

    @property
    def grade(self) -> Grade:
        return classify(self.converted)


@dataclass(frozen=True)
class ElementResult:
    key: str
    distribution: Distribution
    nrr: Fraction

    @property
    def name(self) -> str:
        return ELEMENTS_BY_KEY[self.key].name

    @property
    def weighted(self) -> Fraction:
        return self.nrr * ELEMENT_WEIGHT

    @property
    def score(self) -> Score:
        return Score(self.nrr)


@dataclass(frozen=True)
class Ikm:
    elements: tuple[ElementResult, ...]

    @property
    def weighted_total(self) -> Fraction:
        """The sum of weighted NRR: the index on the 1-4 scale."""
        return sum((e.weighted for e in self.elements), Fraction(0))

    @property
    def value(self) -> Fraction:
        return self.weighted_total * CONVERSION

    @property
    def shown(self) -> Decimal:
        return round_half_up(self.value, 2)

    @property
    def grade(self) -> Grade:
        return classify(self.value)

    def weakest(self, count: int = 3) -> list[ElementResult]:
        return sorted(self.elements, key=lambda e: (e.nrr, ELEMENT_KEYS.index(e.key)))[:count]


def element_results(distributions: Mapping[str, Distribution]) -> list[ElementResult]:
    """NRR per element answered at least once, in the regulation's order."""
    return [
        ElementResult(key, distributions[key], distributions[key].mean)  # type: ignore[arg-type]
        for key in ELEMENT_KEYS
        if key in distributions and distributions[key].answered
    ]


def ikm_of(distributions: Mapping[str, Distribution]) -> Ikm | None:
    """The IKM when all nine elements have answers; None otherwise (an index of fewer elements
    would not be the IKM of the regulation)."""
    results = element_results(distributions)
    return Ikm(tuple(results)) if len(results) == len(ELEMENT_KEYS) else None


@dataclass(frozen=True)
class IndicatorSummary:
    indicator: str
    question_keys: tuple[str, ...]
    distribution: Distribution

    @property
    def label(self) -> str:
        return str(Indicator(self.indicator).label)

    @property
    def score(self) -> Score | None:
        mean = self.distribution.mean
        return Score(mean) if mean is not None else None


@dataclass(frozen=True)
class SampleCheck:
    population: int
    required: int
    obtained: int
    margin_percent: Decimal | None

    @property
    def enough(self) -> bool:
        return self.obtained >= self.required


def krejcie_morgan(population: int) -> int:
    """The sample size for a population, rounded to the nearest whole respondent as in the
    published table (100 -> 80, 1,000 -> 278, 10,000 -> 370, very large -> 384)."""
    if population <= 0:
        return 0
    variance = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    size = variance * population / (DEGREE_OF_ACCURACY**2 * (population - 1) + variance)
    return min(population, int(round_half_up(size, 0)))


def margin_of_error(obtained: int, population: int | None = None) -> Decimal | None:
    """The d of the Krejcie & Morgan formula solved for the responses obtained, in percent with
    one decimal: d^2 = X2 P(1-P) (N-n) / (n (N-1)); without N, the infinite-population form."""
    if obtained <= 0:
        return None
    variance = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    if population is None or population <= 1:
        squared = variance / obtained
    elif obtained >= population:
        return Decimal("0.0")
    else:
        squared = variance * (population - obtained) / (obtained * (population - 1))
    # A square root is not exact in fractions; float is ample for a one-decimal percentage.
    return round_half_up(Fraction(math.sqrt(squared)) * 100, 1)


def sample_check(obtained: int, population: int) -> SampleCheck:
    return SampleCheck(
        population=population,
        required=krejcie_morgan(population),
        obtained=obtained,
        margin_percent=margin_of_error(obtained, population),
    )


@dataclass(frozen=True)
class Analysis:
    respondents: int
    questions: tuple[tuple[QuestionMeta, Distribution], ...]
    elements: tuple[ElementResult, ...]
    ikm: Ikm | None
    indicators: tuple[IndicatorSummary, ...]
    overall: Distribution

    @property
    def missing_elements(self) -> list[str]:
        present = {e.key for e in self.elements}
        return [key for key in ELEMENT_KEYS if key not in present]

    @property
    def index(self) -> Score | None:
        """The IKM when there is one, otherwise the mean of every answer on the same scale."""
        if self.ikm is not None:
            return Score(self.ikm.weighted_total)
        mean = self.overall.mean
        return Score(mean) if mean is not None else None


def analyze(questions: Sequence[QuestionMeta], records: Sequence[Record]) -> Analysis:
    per_question = {q.key: Distribution.of(r.answers.get(q.key) for r in records) for q in questions}
    by_element: dict[str, Distribution] = {}
    by_indicator: dict[str, tuple[list[str], Distribution]] = {}
    for q in questions:
        if q.element:
            by_element[q.element] = by_element.get(q.element, Distribution()) + per_question[q.key]
        if q.indicator:
            keys, dist = by_indicator.get(q.indicator, ([], Distribution()))
            by_indicator[q.indicator] = ([*keys, q.key], dist + per_question[q.key])
    overall = sum(per_question.values(), Distribution())
    indicators = tuple(
        IndicatorSummary(value, tuple(by_indicator[value][0]), by_indicator[value][1])
        for value in Indicator.values
        if value in by_indicator
    )
    return Analysis(
        respondents=len(records),
        questions=tuple((q, per_question[q.key]) for q in questions),
        elements=tuple(element_results(by_element)),
        ikm=ikm_of(by_element),
        indicators=indicators,
        overall=overall,
    )


@dataclass(frozen=True)
class Group:
    value: str
    respondents: int
    index: Score | None
    is_ikm: bool  # False: the group lacks answers to some SKM element, the index is the mean score


def breakdown(
    questions: Sequence[QuestionMeta], records: Sequence[Record], field_name: str, order: Sequence[str] = ()
) -> list[Group]:
    """The index (IKM, or mean score) for each value of one profile field, in ``order`` (the
    choices' order), other values after it and "not stated" last."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(record.profile.get(field_name, "") or "", []).append(record)
    rank = {value: i for i, value in enumerate(order)}
    ordered = sorted(groups, key=lambda value: (value == "", rank.get(value, len(rank)), value))
    result = []
    for value in ordered:
        group = analyze(questions, groups[value])
        result.append(Group(value, len(groups[value]), group.index, group.ikm is not None))
    return result
