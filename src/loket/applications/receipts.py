"""Receipt numbers: the public handle of an application, printed on the citizen's receipt.

Ten characters of Crockford's base32 (no I, L, O, U), about 50 random bits: not derived from the NIK,
the date or a counter, so knowing one receipt says nothing about another, and with the portal's
rate limit they cannot be guessed.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_receipt() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_receipt(text: str) -> str:
    """What a citizen typed (any case, dashes, spaces, O for 0) as stored, or "" if it cannot be one."""
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(_READ_AS)
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return ""
    return compact


def format_receipt(receipt: str) -> str:
    """3-4-3 groups, easy to read out over the phone: 7K3-QM9X-D2A."""
    return f"{receipt[:3]}-{receipt[3:7]}-{receipt[7:]}" if len(receipt) == LENGTH else receipt
