from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    # Staff go to their workspace; the public portal takes this page over in its own issue.
    return redirect("workspace:home")


def healthz(request: HttpRequest) -> JsonResponse:
    """For the process manager and the office's monitoring: is the database answering?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
