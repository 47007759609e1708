"""The public Suket check (/suket/check/): a bank, a hospital or the citizen types the number printed
on a Suket (or scans its QR code) and learns whether it is valid, its status code, when and where it
was issued. Never who holds it: the lookup reads only the Suket's own columns and the office name,
so the holder's name, NIK, birth date and address are not even loaded.

A Suket number is not personal data, but numbers are sequential per office and year, so the page is
rate limited per client address to stop anyone walking through them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from loket.applications.lifecycle import Status
from loket.applications.models import Suket, SuketCode
from loket.applications.suket_pdf import printed_code
from loket.core.clients import over_minute_limit

# About one check every two seconds, sustained: plenty for a counter, useless for scanning numbers.
CHECKS_PER_MINUTE = 30

NUMBER_REQUIRED = _("Enter the number printed on the Suket.")
NUMBER_FORMAT = _("A Suket number looks like 470/00001/ZONA-8/2026: check what you typed.")
TOO_MANY_CHECKS = _("Too many checks from your address. Wait a minute and try again.")

TEMPLATE = "applications/documents/suket_check.html"
NUMBER_PATTERN = re.compile(r"^470/[0-9]{5,}/[A-Z0-9_-]{1,40}/[0-9]{4}$")

VALID = "valid"
EXPIRED = "expired"
REPLACED = "replaced"  # the card was issued, the Suket has done its job


class SuketNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Suket number"),
        max_length=64,
        error_messages={"required": NUMBER_REQUIRED, "max_length": NUMBER_FORMAT},
    )

    def clean_number(self) -> str:
        # Accept what people type from paper: spaces, lower case, backslashes for slashes.
        number = re.sub(r"\s+", "", self.cleaned_data["number"]).upper().replace("\\", "/")
        if not NUMBER_PATTERN.match(number):
            raise forms.ValidationError(NUMBER_FORMAT, code="format")
        return number


@dataclass(frozen=True)
class PublicSuket:
    """Everything the public may learn about a Suket, and nothing more."""

    number: str
    state: str
    code: str
    code_meaning: str
    issued_on: dt.date
    valid_until: dt.date
    office_name: str


# The only columns read: the holder's person row is never joined.
_PUBLIC_COLUMNS = (
    "number",
    "status_code",
    "issued_at",
    "valid_until",
    "application__office__name",
    "application__status",
)


def suket_public_lookup(number: str, *, today: dt.date | None = None) -> PublicSuket | None:
    row = Suket.objects.filter(number=number).values(*_PUBLIC_COLUMNS).first()
    if row is None:
        return None
    today = today or timezone.localdate()
    if row["application__status"] == Status.ISSUED:
        state = REPLACED
    elif row["valid_until"] >= today:
        state = VALID
    else:
        state = EXPIRED
    return PublicSuket(
        number=row["number"],
        state=state,
        code=printed_code(row["status_code"]),
        code_meaning=str(SuketCode(row["status_code"]).label),
        issued_on=timezone.localtime(row["issued_at"]).date(),
        valid_until=row["valid_until"],
        office_name=row["application__office__name"],
    )


def _over_rate_limit(request: HttpRequest) -> bool:
    return over_minute_limit(request, "suket-check", per_minute=CHECKS_PER_MINUTE)


@never_cache
@require_GET
def suket_check(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"checks_per_minute": CHECKS_PER_MINUTE}
    status = 200
    if "number" not in request.GET:
        context["form"] = SuketNumberForm()
    elif _over_rate_limit(request):
        context.update(form=SuketNumberForm(), error=TOO_MANY_CHECKS)
        status = 429
    else:
        form = SuketNumberForm(request.GET)
        context["form"] = form
        if form.is_valid():
            context["checked"] = True
            context["result"] = suket_public_lookup(form.cleaned_data["number"])
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    response["X-Robots-Tag"] = "noindex"  # results are not for search engines
    return response
