"""Office keys. An office sends ``Authorization: Bearer <key>``; the centre keeps only the key's
SHA-256, so a copy of its database does not hand out the offices' keys."""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest

from loket.central.models import CentralOffice


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(32)


def bearer_key(request: HttpRequest) -> str:
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


def office_for(request: HttpRequest) -> CentralOffice | None:
    """The office whose key the request carries, or None (no key, unknown key, office disabled)."""
    key = bearer_key(request)
    if not key:
        return None
    return CentralOffice.objects.filter(key_sha256=key_hash(key), is_active=True).first()
