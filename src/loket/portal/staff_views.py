"""Staff pages for complaints (/complaints/): the list, one complaint with its actions, its attachment,
and the monthly figures. What a user sees is decided by ``selectors.complaints_for``: a complaint the
user may not see (another office's, or a pungli report for an operator) is a 404."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.core.errors import ServiceError
from loket.offices.access import role_of
from loket.offices.models import Staff
from loket.portal.forms import ComplaintActionForm, ComplaintStaffForm
from loket.portal.models import ComplaintCategory, ComplaintStatus
from loket.portal.selectors import (
    can_see_filer,
    can_work_complaint,
    complaint_get,
    complaint_list,
    complaint_monthly_figures,
    next_steps,
)
from loket.portal.services import complaint_staff_link, complaint_transition


def _staff(request: HttpRequest) -> Staff:
    # login_required has run: an authenticated user is a Staff (AUTH_USER_MODEL).
    return cast(Staff, request.user)


# The buttons say what the handler does, not the status it leads to.
STEP_ACTIONS = {
    ComplaintStatus.IN_PROGRESS: _("Start handling"),
    ComplaintStatus.ANSWERED: _("Send the answer"),
    ComplaintStatus.CLOSED: _("Close the complaint"),
}
REOPEN = _("Reopen")
STAFF_LINKED = _("The staff member concerned is recorded.")

STEP_DONE = _("The complaint is now “%(status)s”.")


@never_cache
@login_required
@require_GET
def complaint_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    category = request.GET.get("category", "")
    complaints = complaint_list(_staff(request), status=status, category=category)
    categories = [
        c
        for c in ComplaintCategory.choices
        if c[0] != ComplaintCategory.PUNGLI or can_see_filer(_staff(request))
    ]
    return TemplateResponse(
        request,
        "portal/staff/complaint_list.html",
        {
            "complaints": complaints[:200],
            "status": status,
            "category": category,
            "statuses": ComplaintStatus.choices,
            "categories": categories,
            "now": timezone.now(),
            "has_role": role_of(_staff(request)) is not None,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get(_staff(request), pk)
    may_work = can_work_complaint(_staff(request), complaint)
    form = ComplaintActionForm(request.POST or None, initial={"response": complaint.response})
    if request.method == "POST":
        if not may_work:
            raise Http404
        if form.is_valid():
            try:
                complaint = complaint_transition(
                    actor=_staff(request),
                    complaint=complaint,
                    to_status=form.cleaned_data["to_status"],
                    expected_status=form.cleaned_data["expected_status"],
                    response=form.cleaned_data["response"],
                    note=form.cleaned_data["note"],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, str(STEP_DONE) % {"status": complaint.get_status_display()})
                return redirect("portal:staff_complaint", pk=complaint.pk)
    return TemplateResponse(
        request,
        "portal/staff/complaint_detail.html",
        {
            "complaint": complaint,
            "events": complaint.events.all(),
            "form": form,
            "may_work": may_work,
            "steps": [(s, _step_label(complaint.status, s)) for s in next_steps(complaint)]
            if may_work
            else [],
            "show_filer": can_see_filer(_staff(request)),
            "staff_form": ComplaintStaffForm(
                initial={"staff_member": complaint.staff_member_id}, office_id=complaint.office_id
            )
            if may_work
            else None,
            "now": timezone.now(),
        },
    )


@never_cache
@login_required
@require_POST
def complaint_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the complaint to the staff account it is about (head of office, city administrator)."""
    complaint = complaint_get(_staff(request), pk)
    form = ComplaintStaffForm(request.POST, office_id=complaint.office_id)
    if not can_work_complaint(_staff(request), complaint):
        raise Http404
    if form.is_valid():
        try:
            complaint_staff_link(
                actor=_staff(request), complaint=complaint, staff_member=form.cleaned_data["staff_member"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(STAFF_LINKED))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("staff_member", [])))
    return redirect("portal:staff_complaint", pk=complaint.pk)


def _step_label(current: str, target: str) -> str:
    if current == ComplaintStatus.ANSWERED and target == ComplaintStatus.IN_PROGRESS:
        return str(REOPEN)
    return str(STEP_ACTIONS[ComplaintStatus(target)])


@never_cache
@login_required
@require_GET
def complaint_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The attachment, to staff who may see the complaint. Uploads live outside the static files and
    are only ever served here; the headers stop a browser from running anything in them."""
    complaint = complaint_get(_staff(request), pk)
    name = complaint.attachment.name or ""
    if not name or not default_storage.exists(name):
        raise Http404
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(
        complaint.attachment.open("rb"),
        content_type=complaint.attachment_type or "application/octet-stream",
        as_attachment=complaint.attachment_type == "application/pdf",
        filename=f"complaint-{complaint.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_GET
def complaint_figures(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    figures = complaint_monthly_figures(_staff(request), year=year)
    categories = list(figures[0].by_category) if figures else []
    return TemplateResponse(
        request,
        "portal/staff/complaint_figures.html",
        {
            "year": year,
            "figures": figures,
            "categories": [(c, ComplaintCategory(c).label) for c in categories],
            "rows": [(dt.date(year, f.month, 1), f, [f.by_category[c] for c in categories]) for f in figures],
        },
    )
