"""Who is asking, for the public pages' rate limits, and a simple per-minute limit.

Behind ``LOKET_PROXY_HOPS`` reverse proxies the client is the address they recorded in
X-Forwarded-For (counted from the right, so a client cannot forge it); an IPv6 client is counted by
its /64, which one household (or one attacker) holds.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR") or ""
    hops = settings.LOKET_PROXY_HOPS
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def over_minute_limit(request: HttpRequest, scope: str, *, per_minute: int) -> bool:
    """True once this client has made more than ``per_minute`` requests of ``scope`` in the current
    minute. A fixed window counted in the shared cache: cheap, and good enough to stop scanning."""
    key = f"{scope}:{client_address(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > per_minute
