"""The centre's JSON API (version 1). Thin: parse, authenticate, hand over to services/selectors.

    POST /api/v1/packets          {"packets": [packet, ...]}     -> {"results": [...]} one per packet
    POST /api/v1/packets/status   {"packet_ids": [id, ...]}      -> {"results": [{"packet_id", "state"}]}
    GET  /api/v1/packets?after=N  the office's packets, a page at a time (reconciliation)
    GET  /api/v1/ping             is the centre there, and is my key good?
    GET  /healthz                 for process managers: no key, no faults

Every /api/ request needs ``Authorization: Bearer <office key>``; anything else gets 401.
Personal data travels only in POST bodies, so access logs (request lines) never contain it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from loket.central.auth import office_for
from loket.central.models import CentralOffice, Counter
from loket.central.selectors import packets_page, packets_state
from loket.central.services import packets_receive

PAGE_LIMIT = 1000
OfficeView = Callable[[HttpRequest, CentralOffice], HttpResponse]


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def office_api(*methods: str) -> Callable[[OfficeView], Callable[[HttpRequest], HttpResponse]]:
    def decorate(view: OfficeView) -> Callable[[HttpRequest], HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest) -> HttpResponse:
            if request.method not in methods:
                return _error(405, "method_not_allowed", f"Use {' or '.join(methods)}.")
            office = office_for(request)
            if office is None:
                Counter.bump("requests_refused")
                response = _error(401, "unauthorized", "A valid office key is required.")
                response["WWW-Authenticate"] = 'Bearer realm="central"'
                return response
            return view(request, office)

        return wrapper

    return decorate


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@office_api("GET")
def ping(request: HttpRequest, office: CentralOffice) -> HttpResponse:
    return JsonResponse({"status": "ok", "office": office.code, "time": timezone.now().isoformat()})


@office_api("GET", "POST")
def packets(request: HttpRequest, office: CentralOffice) -> HttpResponse:
    if request.method == "GET":
        return _packets_list(request, office)
    body = _json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("packets"), list) or not body["packets"]:
        return _error(400, "malformed", 'Send {"packets": [...]} with at least one packet.')
    limit = settings.CENTRAL_MAX_BATCH  # type: ignore[misc]  # the centre's settings, not the office's
    if len(body["packets"]) > limit:
        return _error(413, "batch_too_large", f"At most {limit} packets per request.")
    return JsonResponse({"results": packets_receive(office=office, items=body["packets"])})


def _packets_list(request: HttpRequest, office: CentralOffice) -> HttpResponse:
    try:
        after = int(request.GET.get("after", "0"))
        limit = min(int(request.GET.get("limit", str(PAGE_LIMIT))), PAGE_LIMIT)
    except ValueError:
        return _error(400, "malformed", "after and limit are whole numbers.")
    items, cursor = packets_page(office=office, after=max(after, 0), limit=max(limit, 1))
    return JsonResponse({"packets": items, "next": cursor})


@office_api("POST")
def packets_status(request: HttpRequest, office: CentralOffice) -> HttpResponse:
    body = _json_body(request)
    raw = body.get("packet_ids") if isinstance(body, dict) else None
    if not isinstance(raw, list) or not raw or len(raw) > PAGE_LIMIT:
        return _error(400, "malformed", f'Send {{"packet_ids": [...]}} with 1 to {PAGE_LIMIT} ids.')
    try:
        ids = [uuid.UUID(str(value)) for value in raw]
    except ValueError:
        return _error(400, "malformed", "Every packet id is a UUID.")
    return JsonResponse({"results": packets_state(office=office, packet_ids=ids)})
