"""The SKM arithmetic against cases computed by hand, the conversion table's boundaries, the
percentages the study reports, and the Krejcie & Morgan sample size."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from loket.surveys.analysis import (
    Distribution,
    QuestionMeta,
    Record,
    analyze,
    breakdown,
    classify,
    krejcie_morgan,
    margin_of_error,
    round_half_up,
)
from loket.surveys.definitions import element_for
from loket.surveys.tests.helpers import SKM_METAS, records_from_columns, uniform_records


def test_ikm_of_a_hand_computed_office_with_different_elements():
    # NRR: 3.5 + 3.0 + 2.0 + 4.0 + 3.5 + 2.5 + 2.25 + 2.0 + 3.25 = 26.0;
    # IKM = 25 * 26/9 = 72.222... -> 72.22, C (Kurang Baik).
    records = records_from_columns(
        {
            "persyaratan": [4, 4, 3, 3],
            "prosedur": [3, 3, 3, 3],
            "waktu": [2, 2, 3, 1],
            "biaya": [4, 4, 4, 4],
            "produk": [3, 3, 4, 4],
            "kompetensi": [3, 2, 3, 2],
            "perilaku": [2, 2, 2, 3],
            "pengaduan": [1, 2, 2, 3],
            "sarana": [3, 3, 3, 4],
        }
    )
    ikm = analyze(SKM_METAS, records).ikm
    assert ikm is not None
    nrr = {e.key: e.nrr for e in ikm.elements}
    assert nrr["waktu"] == 2 and nrr["perilaku"] == Fraction(9, 4) and nrr["sarana"] == Fraction(13, 4)
    assert ikm.weighted_total == Fraction(26, 9)
    assert ikm.value == Fraction(650, 9)
    assert ikm.shown == Decimal("72.22")
    assert (ikm.grade.letter, ikm.grade.label) == ("C", "Kurang Baik")
    assert [e.key for e in ikm.weakest()] == ["waktu", "pengaduan", "perilaku"]


def test_weight_is_exactly_one_ninth_not_0_111():
    # 19 people, answers adding up to 524: IKM = 25 * 524 / 171 = 76.608 -> 76.61 (B).
    # With the weight rounded to 0.111 it would be 76.53 (C): the letter would change.
    ikm = analyze(SKM_METAS, uniform_records(19, 524)).ikm
    assert ikm is not None
    assert all(e.weighted == e.nrr / 9 for e in ikm.elements)
    assert ikm.shown == Decimal("76.61") and ikm.grade.letter == "B"
    rounded_weight = sum(e.nrr for e in ikm.elements) * Fraction("0.111") * 25
    assert round_half_up(rounded_weight) == Decimal("76.53")


@pytest.mark.parametrize(
    ("respondents", "total", "shown", "letter", "label"),
    [
        (1, 9, "25.00", "D", "Tidak Baik"),  # everyone answers 1
        (38, 889, "64.99", "D", "Tidak Baik"),  # 25*889/342 = 64.985
        (5, 117, "65.00", "C", "Kurang Baik"),  # every NRR 2.6 exactly
        (26, 717, "76.60", "C", "Kurang Baik"),  # 25*717/234 = 76.6026
        (19, 524, "76.61", "B", "Baik"),  # 25*524/171 = 76.6082
        (19, 604, "88.30", "B", "Baik"),  # 25*604/171 = 88.3041
        (24, 763, "88.31", "A", "Sangat Baik"),  # 25*763/216 = 88.3102
        (1, 36, "100.00", "A", "Sangat Baik"),  # everyone answers 4
    ],
)
def test_ikm_at_the_boundaries_of_the_conversion_table(respondents, total, shown, letter, label):
    ikm = analyze(SKM_METAS, uniform_records(respondents, total)).ikm
    assert ikm is not None
    assert ikm.value == Fraction(25 * total, 9 * respondents)
    assert ikm.shown == Decimal(shown)
    assert (ikm.grade.letter, ikm.grade.label) == (letter, label)


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        (Fraction(64994, 1000), "D"),  # shown 64.99
        (Fraction(64995, 1000), "C"),  # half up: shown 65.00
        (Fraction(7660499, 100000), "C"),  # shown 76.60
        (Fraction(76605, 1000), "B"),  # half up: shown 76.61, never between C and B
        (Decimal("88.304"), "B"),
        (Decimal("88.305"), "A"),
    ],
)
def test_classification_goes_by_the_value_rounded_to_two_decimals(value, letter):
    assert classify(value).letter == letter


def test_values_outside_the_25_to_100_scale_are_refused():
    with pytest.raises(ValueError):
        classify(Decimal("24.99"))
    with pytest.raises(ValueError):
        classify(Decimal("100.01"))


def test_no_ikm_without_all_nine_elements():
    records = [Record({"persyaratan": 4, "prosedur": 3})]
    result = analyze(SKM_METAS, records)
    assert result.ikm is None
    assert "waktu" in result.missing_elements and "persyaratan" not in result.missing_elements


def test_nrr_divides_by_the_respondents_who_answered_that_element():
    records = uniform_records(2, 54)  # every answer 3
    records.append(Record({"persyaratan": 1}))  # answered only one element
    ikm = analyze(SKM_METAS, records).ikm
    assert ikm is not None
    nrr = {e.key: e.nrr for e in ikm.elements}
    assert nrr["persyaratan"] == Fraction(7, 3) and nrr["waktu"] == 3


def test_percentages_of_each_answer_as_the_study_reports_them():
    # The study: "33% kurang baik and 27% tidak baik" among 100 respondents.
    dist = Distribution.of([1] * 27 + [2] * 33 + [3] * 30 + [4] * 10 + [None] * 3)
    assert dist.answered == 100
    assert dist.percentages == (Decimal("27.00"), Decimal("33.00"), Decimal("30.00"), Decimal("10.00"))
    assert dist.positive_percentage == Decimal("40.00")


def test_percentages_round_half_up_to_two_decimals():
    assert Distribution.of([1, 2, 3]).percentages == (
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("0.00"),
    )
    assert Distribution.of([4, 4, 3]).percentages[3] == Decimal("66.67")
    assert Distribution.of([1] + [4] * 7).percentages == (
        Decimal("12.50"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("87.50"),
    )
    assert Distribution.of([]).percentages == (Decimal("0.00"),) * 4


def test_an_answer_outside_1_to_4_is_refused():
    with pytest.raises(ValueError):
        Distribution.of([1, 5])


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (0, 0),
        (1, 1),
        (10, 10),
        (50, 44),
        (100, 80),
        (500, 217),
        (1000, 278),
        (10_000, 370),
        (75_000, 382),
        (1_000_000, 384),
    ],
)
def test_krejcie_morgan_sample_size_matches_the_published_table(population, sample):
    assert krejcie_morgan(population) == sample


def test_margin_of_error_for_the_responses_obtained():
    assert margin_of_error(80, 100) == Decimal("4.9")  # the table's sample: about 5%
    assert margin_of_error(278, 1000) == Decimal("5.0")
    assert margin_of_error(100) == Decimal("9.8")  # 1.96 * 0.5 / sqrt(100)
    assert margin_of_error(100, 1000) == Decimal("9.3")
    assert margin_of_error(120, 100) == Decimal("0.0")
    assert margin_of_error(0, 100) is None


@pytest.mark.parametrize(
    "name",
    [
        "Sistem, Mekanisme, dan Prosedur",
        "sistem mekanisme dan prosedur",
        "SISTEM  MEKANISME   DAN PROSEDUR",
        "U2. Sistem, Mekanisme & Prosedur",
    ],
)
def test_element_names_match_ignoring_case_spacing_and_punctuation(name):
    assert element_for(name) == "prosedur"


def test_other_element_spellings_and_non_elements():
    assert element_for("Biaya / Tarif") == "biaya"
    assert element_for("Penanganan Pengaduan Saran dan Masukan") == "pengaduan"
    assert element_for("Produk Spesifikasi Jenis Pelayanan") == "produk"
    assert element_for("sarana & prasarana") == "sarana"
    assert element_for("Kualitas pekerjaan") is None


def test_indicator_summary_pools_the_questions_of_each_indicator():
    metas = [
        QuestionMeta("q1", "Kualitas 1", indicator="quality"),
        QuestionMeta("q2", "Kualitas 2", indicator="quality"),
        QuestionMeta("c1", "Biaya", indicator="cost"),
    ]
    records = [Record({"q1": 1, "q2": 2, "c1": 4}), Record({"q1": 2, "q2": 3, "c1": 3})]
    result = analyze(metas, records)
    quality, cost = result.indicators  # in the study's order: quality ... cost
    assert (quality.indicator, quality.distribution.counts) == ("quality", (1, 2, 1, 0))
    assert quality.score is not None and quality.score.mean == 2  # (1+2+2+3)/4
    assert quality.score.shown == Decimal("50.00") and quality.score.grade.letter == "D"
    assert cost.distribution.positive_percentage == Decimal("100.00")
    assert result.ikm is None


def test_breakdown_gives_the_ikm_of_each_group_in_the_choices_order():
    men = [Record(r.answers, {"sex": "L"}) for r in uniform_records(5, 117)]  # 65.00
    women = [Record(r.answers, {"sex": "P"}) for r in uniform_records(1, 36)]  # 100.00
    unknown = [Record({"persyaratan": 2})]
    groups = breakdown(SKM_METAS, women + men + unknown, "sex", order=["L", "P"])
    assert [(g.value, g.respondents, g.is_ikm) for g in groups] == [
        ("L", 5, True),
        ("P", 1, True),
        ("", 1, False),
    ]
    assert groups[0].index is not None and groups[0].index.shown == Decimal("65.00")
    assert groups[1].index is not None and groups[1].index.shown == Decimal("100.00")
