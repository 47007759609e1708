"""The waiting-room display and its update endpoint.

The page polls ``state/?v=<version>`` every second. While nothing changed the answer is
``{"v": "<version>"}`` after one small query (see ``board_version``); when the version moved it is
the whole board (a dozen small queries). Calls carry their id, so the page announces each one once.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from loket.intake.selectors.board import board_state, board_version, today_hours
from loket.intake.services import intake_setup
from loket.offices.models import Office

POLL_MILLISECONDS = 1000


@require_GET
@never_cache
def board(request: HttpRequest, office: str) -> HttpResponse:
    place = get_object_or_404(Office, code=office, is_active=True)
    intake_setup(place)
    state = board_state(place)
    return TemplateResponse(
        request,
        "intake/board.html",
        {
            "office": place,
            "state": state,
            "hours": today_hours(place),
            "state_url": reverse("intake:board_state", args=[place.pk]),
            "announced": json.dumps([call["id"] for call in state["calls"]]),
            "poll_ms": POLL_MILLISECONDS,
            "texts": {
                "please_go": _("please go to %(name)s"),
                "closed": _("closed"),
                "waiting": _("waiting: %(n)s"),
                "sound_on": _("Sound on"),
            },
        },
    )


@require_GET
@never_cache
def board_update(request: HttpRequest, office_id: int) -> HttpResponse:
    seen = request.GET.get("v", "")
    version = board_version(office_id)
    if version is None:
        raise Http404
    if seen == version:
        return JsonResponse({"v": version})
    place = Office.objects.filter(pk=office_id, is_active=True).first()
    if place is None:
        raise Http404
    return JsonResponse(board_state(place))
