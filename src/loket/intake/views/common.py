"""What the intake views share: QR codes, public addresses, the kiosk device cookie, rate limits."""

from __future__ import annotations

import segno
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from loket.core.clients import over_minute_limit

KIOSK_COOKIE = "loket_kiosk"
KIOSK_SALT = "loket.intake.kiosk"
KIOSK_MAX_AGE = 400 * 24 * 3600  # browsers cap cookies at 400 days


def public_url(name: str, *args: object) -> str:
    """The address printed in QR codes: the office's public URL, not the one this request came to."""
    return settings.LOKET_PUBLIC_URL + reverse(name, args=args)


def qr_svg(url: str, *, scale: int = 4) -> SafeString:
    # segno writes the SVG itself from a URL we built: nothing user-typed goes in unescaped.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, dark="#000"))  # noqa: S308


def kiosk_cookie_value(office_id: int) -> str:
    return signing.dumps({"office": office_id}, salt=KIOSK_SALT)


def kiosk_office_id(request: HttpRequest) -> int | None:
    """The office this browser was enrolled as a kiosk for, or None."""
    raw = request.COOKIES.get(KIOSK_COOKIE)
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=KIOSK_SALT, max_age=KIOSK_MAX_AGE)
    except signing.BadSignature:
        return None
    return value.get("office") if isinstance(value, dict) else None


def set_kiosk_cookie(response: HttpResponse, office_id: int) -> None:
    response.set_cookie(
        KIOSK_COOKIE,
        kiosk_cookie_value(office_id),
        max_age=KIOSK_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def over_rate_limit(request: HttpRequest, scope: str, *, per_minute: int) -> bool:
    return over_minute_limit(request, f"intake:{scope}", per_minute=per_minute)
