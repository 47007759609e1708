"""Settings of the notification channels, read from the environment (``loket.env``) each time they are
needed, so a changed key takes effect at the worker's next message and tests can point a channel at a
server of their own.

SMS and WhatsApp go through an HTTP gateway described by a URL template and a key. Indonesian gateways
(Zenziva, Wablas, Fonnte ...) differ only in the URL, the method, where the key goes and the names of
the fields, so one adapter covers them:

    LOKET_SMS_URL=https://console.zenziva.net/reguler/api/sendsms/
    LOKET_SMS_METHOD=POST                        # GET or POST (default POST)
    LOKET_SMS_BODY=userkey={key}&passkey={secret}&to={to}&message={message}
    LOKET_SMS_KEY=...  LOKET_SMS_SECRET=...
    LOKET_SMS_AUTH_HEADER=Authorization: {key}   # Fonnte and Wablas put the token in a header
    LOKET_SMS_OK_TEXT="status":true              # optional: text a successful answer contains
    LOKET_SMS_TIMEOUT=10                         # seconds

The same variables with ``LOKET_WHATSAPP_`` configure WhatsApp. Placeholders: ``{to}`` (the number as
62812...), ``{message}``, ``{key}``, ``{secret}``; in the URL and a form body they are percent-encoded,
in a JSON body (one starting with ``{``) JSON-escaped. A channel without a URL writes its messages to
the demo file instead (``LOKET_NOTIFY_FILE``, default DATA_DIR/notifications-outbox.txt; ``-`` prints
them on the console).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from loket.env import env_choice, env_int, env_str

SMS = "sms"
WHATSAPP = "whatsapp"


@dataclass(frozen=True)
class GatewayConfig:
    url: str
    method: str
    body: str
    key: str
    secret: str
    auth_header: str
    ok_text: str
    timeout: int


def gateway(channel: str) -> GatewayConfig | None:
    """The HTTP gateway of ``channel`` (sms or whatsapp), or None when it has none configured."""
    prefix = f"LOKET_{channel.upper()}_"
    url = env_str(prefix + "URL")
    if not url:
        return None
    return GatewayConfig(
        url=url,
        method=env_choice(prefix + "METHOD", ("GET", "POST"), "POST"),
        body=env_str(prefix + "BODY"),
        key=env_str(prefix + "KEY"),
        secret=env_str(prefix + "SECRET"),
        auth_header=env_str(prefix + "AUTH_HEADER"),
        ok_text=env_str(prefix + "OK_TEXT"),
        timeout=env_int(prefix + "TIMEOUT", 10, minimum=1),
    )


def demo_file() -> Path | None:
    """Where the demo channel writes; None means the console."""
    value = env_str("LOKET_NOTIFY_FILE")
    if value == "-":
        return None
    return Path(value) if value else Path(settings.DATA_DIR) / "notifications-outbox.txt"


def email_timeout() -> int:
    return env_int("LOKET_EMAIL_TIMEOUT", 20, minimum=1)


# Delivery: how long a claimed message stays claimed (longer than any timeout above), how long a
# message keeps being retried through an outage before it is given up, and the worker's rhythm.
def claim_seconds() -> int:
    return env_int("LOKET_NOTIFY_CLAIM_SECONDS", 300, minimum=30)


def max_age_hours() -> int:
    return env_int("LOKET_NOTIFY_MAX_AGE_HOURS", 72, minimum=1)


def idle_seconds() -> int:
    return env_int("LOKET_NOTIFY_IDLE_SECONDS", 5, minimum=1)


def overdue_check_minutes() -> int:
    return env_int("LOKET_NOTIFY_OVERDUE_MINUTES", 15, minimum=1)


def booking_channel() -> str:
    """The channel of messages about a booking: the booking form asks for a mobile number only."""
    return env_choice("LOKET_BOOKING_CHANNEL", (WHATSAPP, SMS), WHATSAPP)


def booking_reminder_hour() -> int:
    """The local hour, on the day before the appointment, from which the reminder goes out."""
    hour = env_int("LOKET_BOOKING_REMINDER_HOUR", 16, minimum=0)
    if hour > 23:
        raise ImproperlyConfigured(f"LOKET_BOOKING_REMINDER_HOUR={hour} is not an hour of the day (0-23).")
    return hour


def keep_days() -> int:
    """Sent and failed messages (they hold a number or an address) are deleted after this many days."""
    return env_int("LOKET_NOTIFY_KEEP_DAYS", 90, minimum=1)


def public_url() -> str:
    return str(settings.LOKET_PUBLIC_URL).rstrip("/")
