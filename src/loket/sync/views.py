"""The head of office's stuck packets (retry one, or close it as failed) and the link banner's
fragment for htmx refreshes. Thin: reads from selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.applications.views.base import Workspace, render_page, workspace_view
from loket.core.errors import ServiceError
from loket.offices.models import Role
from loket.sync.selectors import STUCK_ROLES, packet_get, stuck_packets
from loket.sync.services import packet_close, packet_retry

STUCK_LIMIT = 200
RETRIED = _("The packet for %(receipt)s will be sent again in a moment.")
CLOSED = _("The packet for %(receipt)s is closed as failed; the application can be recorded again.")


@workspace_view
def stuck(request: HttpRequest, ws: Workspace) -> HttpResponse:
    if ws.role not in STUCK_ROLES:
        return render_page(request, ws, "403.html", http_status=403)
    packets = stuck_packets(ws.user, office=ws.office)[:STUCK_LIMIT]
    return render_page(request, ws, "sync/stuck.html", packets=packets, can_act=ws.role == Role.HEAD)


@require_POST
@workspace_view
def retry(request: HttpRequest, ws: Workspace, pk: str) -> HttpResponse:
    packet = packet_get(ws.user, pk)
    try:
        packet_retry(actor=ws.user, packet=packet)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, RETRIED % {"receipt": packet.application.display_receipt})
    return redirect("sync:stuck")


@require_POST
@workspace_view
def close(request: HttpRequest, ws: Workspace, pk: str) -> HttpResponse:
    packet = packet_get(ws.user, pk)
    try:
        packet_close(actor=ws.user, packet=packet, reason=request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, CLOSED % {"receipt": packet.application.display_receipt})
    return redirect("sync:stuck")


@login_required
def link_state(request: HttpRequest) -> HttpResponse:
    """The banner alone, for its every-30-seconds refresh."""
    return render(request, "sync/link_state.html")
