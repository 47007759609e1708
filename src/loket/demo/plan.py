"""How many citizens come on each working day, and which days are special.

The weekly pattern: Monday busiest (the weekend's backlog), Friday quietest (short day, long
prayer break); the first working day after a holiday or closure busier still; a mild season (the
new school year in July, the quiet end of December); and day-to-day noise. A plain run scales the
pattern to about 150 citizens on an ordinary day (100-200 as the brief asks); with a fixed total the
same pattern is scaled so the days add up to exactly that total.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from loket.demo.clock import WorkTime

WEEKDAY_FACTOR = (1.25, 1.05, 1.0, 0.95, 0.75, 0.5, 0.5)
AFTER_CLOSURE_FACTOR = 1.3
SEASON = {
    1: 1.05,
    2: 1.0,
    3: 1.0,
    4: 0.95,
    5: 1.0,
    6: 1.0,
    7: 1.12,
    8: 1.08,
    9: 1.0,
    10: 1.0,
    11: 0.97,
    12: 0.88,
}
USUAL_GAP = (3, 1, 1, 1, 1, 1, 1)  # days since the previous working day, Monday after a weekend


@dataclass(frozen=True)
class DayPlan:
    counts: dict[int, int]
    outreach_days: set[int]  # jemput bola: officers record a school class or house-bound citizens
    network_down: set[int]  # the office's internet fails: packets go the next working day


def plan_days(
    work: WorkTime, rng: random.Random, *, first_day: int, horizon: int, per_day: float, total: int | None
) -> DayPlan:
    weights = _weights(work, rng, first_day=first_day, horizon=horizon)
    counts = (
        _scale(weights, total) if total is not None else {i: round(per_day * w) for i, w in weights.items()}
    )
    outreach = {i for i in weights if rng.random() < 0.06 and work.date(i).weekday() != 4}
    network_down = {i for i in weights if rng.random() < 0.08}
    return DayPlan(counts, outreach, network_down)


def _weights(work: WorkTime, rng: random.Random, *, first_day: int, horizon: int) -> dict[int, float]:
    weights: dict[int, float] = {}
    previous = None
    for index in work.working:
        if index < first_day:
            previous = index
            continue
        opens, closes = work.opens(index), work.closes(index)
        if opens >= horizon:
            break
        day = work.date(index)
        weight = WEEKDAY_FACTOR[day.weekday()] * SEASON[day.month] * rng.uniform(0.85, 1.15)
        if previous is not None and index - previous > USUAL_GAP[day.weekday()]:
            weight *= AFTER_CLOSURE_FACTOR
        if horizon < closes:  # today: only the part of the day before "now"
            weight *= (horizon - opens) / (closes - opens)
        weights[index] = weight
        previous = index
    return weights


def _scale(weights: dict[int, float], total: int) -> dict[int, int]:
    """Exactly ``total`` split in proportion to the weights (largest remainder)."""
    if not weights:
        return {}
    whole = sum(weights.values())
    shares = {i: total * w / whole for i, w in weights.items()}
    counts = {i: int(share) for i, share in shares.items()}
    short = total - sum(counts.values())
    for index in sorted(shares, key=lambda i: (counts[i] - shares[i], i))[:short]:
        counts[index] += 1
    return counts
