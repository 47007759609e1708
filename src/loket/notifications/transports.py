"""Delivering one message: email through Django's mail, SMS and WhatsApp through an HTTP gateway, or
the demo file. Every failure is classified: ``TransientError`` (try again later: the gateway is down,
times out, is rate limiting, or refuses our key until an administrator fixes it) or ``PermanentError``
(this message can never go: the gateway rejects the number or the text). Every HTTP call has a timeout.
"""

from __future__ import annotations

import json
import logging
import re
import smtplib
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from loket.notifications import conf
from loket.notifications.models import Channel

if TYPE_CHECKING:
    from loket.notifications.models import OutboxMessage


class DeliveryError(Exception):
    transient = True


class TransientError(DeliveryError):
    transient = True


class PermanentError(DeliveryError):
    transient = False


# httpx logs every request's full URL at INFO; a GET gateway's URL carries the number, the text and
# the key. Keep it quiet whatever the logging configuration says.
logging.getLogger("httpx").setLevel(logging.WARNING)

# A gateway answering 400/410/422 has read our request and refuses it (bad number, text too long):
# the same message would be refused again. Anything else that is not 2xx (401/403 from a wrong key,
# 404 from a wrong URL, 429, 5xx) is a problem of the gateway or its configuration that passes.
PERMANENT_HTTP = frozenset({400, 410, 422})
_FIELD = re.compile(r"\{(to|message|key|secret|subject)\}")
_LONG_DIGITS = re.compile(r"\d{6,}")


def scrub(text: str) -> str:
    """An error text safe to store and log: gateways echo the number back; keep no digits runs."""
    return _LONG_DIGITS.sub("…", " ".join(str(text).split()))[:300]


def mask_destination(destination: str) -> str:
    if "@" in destination:
        name, _at, domain = destination.partition("@")
        return f"{name[:1]}***@{domain}"
    return destination[:4] + "*" * max(len(destination) - 7, 0) + destination[-3:]


def send(message: OutboxMessage) -> str:
    """Deliver ``message``; returns the provider's reference (may be ""), or raises DeliveryError."""
    if message.channel == Channel.EMAIL:
        return send_email(message)
    gateway = conf.gateway(message.channel)
    if gateway is None:
        return send_to_demo_file(message)
    return send_http(message, gateway)


def send_email(message: OutboxMessage) -> str:
    connection = get_connection(timeout=conf.email_timeout())
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.destination],
        connection=connection,
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentError(scrub(f"recipient refused: {exc}")) from None
    except smtplib.SMTPResponseException as exc:
        error = PermanentError if 500 <= exc.smtp_code < 600 else TransientError
        raise error(scrub(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}")) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientError(scrub(f"SMTP unavailable: {type(exc).__name__}: {exc}")) from None
    return ""


def _encode(value: str, *, json_body: bool) -> str:
    return json.dumps(value)[1:-1] if json_body else quote(value, safe="")


def _fill(template: str, values: dict[str, str], *, json_body: bool = False) -> str:
    return _FIELD.sub(lambda m: _encode(values[m.group(1)], json_body=json_body), template)


def build_request(message: OutboxMessage, gateway: conf.GatewayConfig) -> httpx.Request:
    values = {
        "to": message.destination,
        "message": message.body,
        "key": gateway.key,
        "secret": gateway.secret,
        "subject": message.subject,
    }
    headers = {"User-Agent": "loket-notifications/1"}
    if gateway.auth_header:
        name, _colon, value = gateway.auth_header.partition(":")
        headers[name.strip()] = _FIELD.sub(lambda m: values[m.group(1)], value.strip())
    content = None
    if gateway.method == "POST" and gateway.body:
        json_body = gateway.body.lstrip().startswith("{")
        content = _fill(gateway.body, values, json_body=json_body).encode()
        headers["Content-Type"] = (
            "application/json" if json_body else "application/x-www-form-urlencoded; charset=utf-8"
        )
    return httpx.Request(gateway.method, _fill(gateway.url, values), headers=headers, content=content)


def send_http(message: OutboxMessage, gateway: conf.GatewayConfig) -> str:
    request = build_request(message, gateway)
    try:
        with httpx.Client(timeout=gateway.timeout, follow_redirects=False) as client:
            response = client.send(request)
    except httpx.TimeoutException:
        raise TransientError(f"gateway timed out after {gateway.timeout} s") from None
    except httpx.HTTPError as exc:
        raise TransientError(scrub(f"gateway unreachable: {type(exc).__name__}")) from None
    text = response.text[:500]
    if response.status_code in PERMANENT_HTTP:
        raise PermanentError(scrub(f"gateway refused the message: HTTP {response.status_code} {text}"))
    if not response.is_success:
        raise TransientError(scrub(f"gateway answered HTTP {response.status_code} {text}"))
    if gateway.ok_text and gateway.ok_text not in response.text:
        # Several Indonesian gateways answer 200 with an error in the body (no credit, device offline).
        raise TransientError(scrub(f"gateway did not confirm: {text}"))
    return scrub(text)[:120]


def send_to_demo_file(message: OutboxMessage) -> str:
    """The demo "phone": one block per message in a text file (or the console). The number is masked:
    this file is read by whoever runs the demo, not by the citizen."""
    block = (
        f"--- {timezone.localtime():%Y-%m-%d %H:%M:%S} {message.get_channel_display()} "
        f"to {mask_destination(message.destination)} ({message.get_kind_display()})\n{message.body}\n"
    )
    path = conf.demo_file()
    if path is None:
        print(block, flush=True)  # the console channel
        return "console"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(block)
    except OSError as exc:
        raise TransientError(scrub(f"demo file not writable: {exc}")) from None
    return "file"
