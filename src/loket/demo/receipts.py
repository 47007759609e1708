"""Receipt numbers for generated applications: unique and reproducible from the seed.

The live system draws each receipt from ``secrets``; the demo must give the same receipts for the
same seed, and a million random draws could collide. So the n-th application gets a keyed
permutation of n (a small Feistel network over the 50 bits a receipt holds, keys from the seeded
generator), written in the receipt alphabet: distinct numbers for distinct n, scattered like random
ones, the same on every run with the same seed.
"""

from __future__ import annotations

import random

from loket.applications.receipts import ALPHABET, LENGTH

_BITS = 5 * LENGTH  # 32 symbols = 5 bits each
_HALF = _BITS // 2
_MASK = (1 << _HALF) - 1
_PAIRS = [a + b for a in ALPHABET for b in ALPHABET]


class ReceiptSequence:
    def __init__(self, rng: random.Random, *, rounds: int = 4) -> None:
        self._keys = [rng.getrandbits(_HALF) for _ in range(rounds)]
        self._count = 0

    def next(self) -> str:
        value = self._permute(self._count)
        self._count += 1
        pairs = _PAIRS  # two symbols per 10 bits
        return (
            pairs[value >> 40]
            + pairs[(value >> 30) & 1023]
            + pairs[(value >> 20) & 1023]
            + pairs[(value >> 10) & 1023]
            + pairs[value & 1023]
        )

    def _permute(self, number: int) -> int:
        left, right = number >> _HALF, number & _MASK
        for key in self._keys:
            mixed = ((right * 0x9E3779B1) ^ key ^ (right >> 7)) & _MASK
            left, right = right, left ^ mixed
        return (left << _HALF) | right
