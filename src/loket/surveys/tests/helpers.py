"""Building respondents for hand-computed cases."""

from __future__ import annotations

from loket.surveys.analysis import QuestionMeta, Record
from loket.surveys.definitions import ELEMENT_KEYS, ELEMENTS_BY_KEY

SKM_METAS = [QuestionMeta(key=k, text=ELEMENTS_BY_KEY[k].name, element=k) for k in ELEMENT_KEYS]


def records_from_columns(columns: dict[str, list[int]]) -> list[Record]:
    """Respondent i answers columns[key][i] to each question."""
    count = len(next(iter(columns.values())))
    return [Record({key: values[i] for key, values in columns.items()}) for i in range(count)]


def uniform_records(respondents: int, total: int) -> list[Record]:
    """``respondents`` people answering all nine elements, the answers adding up to ``total``.
    Then every NRR sums to total/respondents and IKM = 25 * total / (9 * respondents)."""
    cells = 9 * respondents
    base, extra = divmod(total, cells)
    assert 1 <= base <= 4 and (base < 4 or extra == 0)
    values = [base + (1 if i < extra else 0) for i in range(cells)]
    return [
        Record({key: values[r * 9 + e] for e, key in enumerate(ELEMENT_KEYS)}) for r in range(respondents)
    ]
