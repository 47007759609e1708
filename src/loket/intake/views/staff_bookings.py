"""The office's bookings of a day, for staff: check a citizen in at the counter, mark a no-show, cancel."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.core.errors import NotPermitted, ServiceError
from loket.intake.hours import office_today
from loket.intake.models import Booking, BookingStatus
from loket.intake.selectors.booking import bookings_for_day
from loket.intake.services import booking_cancel, booking_check_in, booking_mark_no_show
from loket.offices.access import visible_offices
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Staff

CHECKED_IN = _("Checked in: ticket %(number)s.")
MARKED_NO_SHOW = _("Booking %(code)s marked as a no-show.")
CANCELLED = _("Booking %(code)s cancelled.")


def _office(request: HttpRequest, user: Staff) -> Office:
    offices = visible_offices(user)
    raw = request.GET.get("office") or request.POST.get("office") or ""
    office = offices.filter(pk=raw).first() if raw.isdigit() else (user.office or offices.first())
    if office is None:
        raise Http404
    return office


@login_required
def bookings(request: HttpRequest) -> HttpResponse:
    user = cast(Staff, request.user)
    office = _office(request, user)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = office_today(office)
    try:
        rows = list(bookings_for_day(user, office, day))
    except NotPermitted:
        return TemplateResponse(request, "403.html", {}, status=403)
    tally = [(label, sum(1 for b in rows if b.status == value)) for value, label in BookingStatus.choices]
    return TemplateResponse(
        request,
        "intake/staff_bookings.html",
        {
            "office": office,
            "offices": visible_offices(user) if user.office_id is None else None,
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "rows": rows,
            "tally": tally,
            # Bookings made before a closure or holiday was declared for this day still stand.
            "closed_reason": WorkingCalendar.for_office(office).closed_reason(day),
            "standing": sum(1 for b in rows if b.status == BookingStatus.BOOKED),
        },
    )


def _back(booking: Booking) -> HttpResponse:
    return redirect(
        reverse("intake:bookings") + f"?office={booking.office_id}&day={booking.date.isoformat()}"
    )


@login_required
@require_POST
def booking_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = cast(Staff, request.user)
    booking = get_object_or_404(Booking.objects.select_related("office"), pk=pk)
    if user.office_id is not None and booking.office_id != user.office_id:
        raise Http404
    try:
        if action == "check-in":
            ticket = booking_check_in(office=booking.office, code=booking.code, actor=user)
            messages.success(request, CHECKED_IN % {"number": ticket.display_number})
        elif action == "no-show":
            booking_mark_no_show(actor=user, booking=booking)
            messages.success(request, MARKED_NO_SHOW % {"code": booking.display_code})
        elif action == "cancel":
            booking_cancel(booking=booking, actor=user)
            messages.success(request, CANCELLED % {"code": booking.display_code})
        else:
            raise Http404
    except ServiceError as exc:
        messages.error(request, exc.message)
    return _back(booking)
