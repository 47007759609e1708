"""Applies the fault plan of ``faults.py`` to every API request, reading the behaviour row each time
so ``loket central faults`` takes effect on a running server."""

from __future__ import annotations

import contextlib
import logging
import random
import socket
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from loket.central.faults import FaultPlan, plan_faults
from loket.central.models import Behaviour, Counter

logger = logging.getLogger(__name__)
_rng = random.SystemRandom()


def _drop_connection(request: HttpRequest) -> HttpResponse:
    """Close the client's connection without an answer. gunicorn then fails to write the response,
    which it ignores (EPIPE); the client sees the server disconnect."""
    sock = request.META.get("gunicorn.socket")
    if sock is None:  # not under gunicorn (a test client): the nearest thing is a gateway error
        return JsonResponse({"code": "dropped"}, status=502)
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    return HttpResponse(status=502)


class FaultInjectionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        plan = plan_faults(Behaviour.current(), _rng)
        if plan.kind:
            Counter.bump(f"fault_{plan.kind}")
        return self._apply(plan, request)

    def _apply(self, plan: FaultPlan, request: HttpRequest) -> HttpResponse:
        if plan.drop_before:
            return _drop_connection(request)
        if plan.latency_seconds:
            time.sleep(plan.latency_seconds)
        if plan.error_status:
            response: HttpResponse = JsonResponse(
                {"code": "injected_fault", "message": "Injected fault."}, status=plan.error_status
            )
            if plan.error_status == 429:
                response["Retry-After"] = "1"
            return response
        response = self.get_response(request)
        if plan.hang_after_seconds:
            time.sleep(plan.hang_after_seconds)
        if plan.drop_after:
            return _drop_connection(request)
        return response
