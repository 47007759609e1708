"""A seeded generator with quicker integer and choice draws.

``random.Random`` draws integers by rejection sampling over ``getrandbits``, which costs a
microsecond a call; the history draws tens of millions of them. These take one ``random()`` each
(still the seeded Mersenne Twister, so a seed gives the same stream on every run); the bias of
scaling a 53-bit float is far below anything demo data can show.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class FastRandom(random.Random):
    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def choices(  # type: ignore[override]
        self,
        population: Sequence[T],
        weights: Any = None,
        *,
        cum_weights: Sequence[float] | None = None,
        k: int = 1,
    ) -> list[T]:
        if cum_weights is not None and k == 1:
            return [population[bisect(cum_weights, self.random() * cum_weights[-1])]]
        return super().choices(population, weights, cum_weights=cum_weights, k=k)
