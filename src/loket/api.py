"""The JSON API (django-ninja). OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Each area of the domain keeps its endpoints in ``loket/<area>/api.py`` as a ``router``; they are
mounted here under ``/api/<area>/``. Refused operations (ServiceError) become JSON errors with the
message in the user's language and a stable ``code``.
"""

from __future__ import annotations

import json
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger

from loket.core.errors import ServiceError

NOT_FOUND = _("Not found.")

AREAS = ("applications", "offices", "intake", "sync", "notifications", "portal", "surveys")


class _OfflineSwagger(Swagger):
    """Swagger UI served from ninja's own static files, without the validator badge (an image from
    validator.swagger.io that would carry our URL off the LAN), and with the CSRF token so "Try it out"
    works with a staff login's session."""

    def __init__(self) -> None:
        super().__init__(settings={"validatorUrl": "none"})

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": True}
        return render(request, self.template, context)


api = NinjaAPI(
    docs=_OfflineSwagger(),
    title="loket API",
    version="1",
    urls_namespace="api",
    description="Applications, queue, sync and surveys of an e-KTP service office. "
    "Log in through the staff login page (session cookie + CSRF token) or use HTTP Basic over HTTPS.",
)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(request, {"code": exc.code, "message": exc.message}, status=exc.http_status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"code": "invalid", "errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"code": "forbidden", "message": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "message": str(NOT_FOUND)}, status=404)


for area in AREAS:
    if find_spec(f"loket.{area}.api") is not None:
        api.add_router(f"/{area}/", import_module(f"loket.{area}.api").router)
