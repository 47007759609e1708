"""Settings of the public portal, from the environment through ``loket.env``.

LOKET_COMPLAINT_RESPONSE_DAYS   working days the office has to answer a complaint (default 5)
LOKET_COMPLAINT_MAX_UPLOAD_MB   largest attachment accepted (default 5)
(LOKET_PROXY_HOPS, the reverse proxies in front of the app, is a project setting: loket.core.clients.)
"""

from __future__ import annotations

from loket.env import env_int


def complaint_response_days() -> int:
    return env_int("LOKET_COMPLAINT_RESPONSE_DAYS", 5, minimum=1)


def max_upload_bytes() -> int:
    return env_int("LOKET_COMPLAINT_MAX_UPLOAD_MB", 5, minimum=1) * 1024 * 1024
