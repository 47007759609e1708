"""Online booking for citizens: choose an office, a service, a day and a time; the confirmation with
its code and QR; reschedule and cancel. The NIK goes in a POST form only; pages and addresses
carry the booking code and nothing personal."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from loket.core.errors import ServiceError
from loket.intake.forms import BookingForm, CodeForm, RescheduleForm
from loket.intake.hours import office_today
from loket.intake.models import BookingSlot, BookingStatus, QueueService
from loket.intake.selectors.booking import booking_by_code, booking_days, open_slots
from loket.intake.services import booking_cancel, booking_create, booking_reschedule, intake_setup
from loket.intake.services.booking import normalize_code
from loket.intake.views.common import over_rate_limit, public_url, qr_svg
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office

BOOKED = _("Your booking is confirmed. Keep the code: you need it to check in, reschedule or cancel.")
CANCELLED = _("Your booking has been cancelled.")
RESCHEDULED = _("Your booking has been moved.")
TOO_MANY = _("Too many attempts from your address. Wait a minute and try again.")
NOT_FOUND = _("No booking has this code. Check the code on your confirmation.")

BOOKINGS_PER_MINUTE = 10
LOOKUPS_PER_MINUTE = 20


def offices(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "intake/booking_offices.html", {"offices": Office.objects.filter(is_active=True)}
    )


def _chosen_day(request: HttpRequest, office: Office) -> dt.date:
    raw = request.POST.get("day") or request.GET.get("day") or ""
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return office_today(office)


def _slot_queryset(office: Office, day: dt.date) -> object:
    return BookingSlot.objects.filter(pk__in=[s.pk for s in open_slots(office, day)]).order_by("starts_at")


@never_cache
def book(request: HttpRequest, office: str) -> HttpResponse:
    place = get_object_or_404(Office, code=office, is_active=True)
    intake_setup(place)
    days = booking_days(place)
    if request.GET.get("day") or request.POST.get("day"):
        day = _chosen_day(request, place)
    else:  # the first day with a free place, so the page opens on something bookable
        day = next((d.date for d in days if d.free), office_today(place))
    services = QueueService.objects.filter(office=place, active=True, bookable=True)
    slots = _slot_queryset(place, day)
    form = BookingForm(request.POST or None, services=services, slots=slots)  # type: ignore[arg-type]
    status = 200
    if request.method == "POST":
        if over_rate_limit(request, "book", per_minute=BOOKINGS_PER_MINUTE):
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                booking = booking_create(
                    office=place,
                    slot=data["slot"],
                    service=data["service"],
                    name=data["name"],
                    nik=data["nik"],
                    phone=data["phone"],
                    language=(translation.get_language() or "id")[:2],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
                status = exc.http_status
            else:
                messages.success(request, BOOKED)
                return redirect("intake:booking", code=booking.code)
        else:
            status = 400
    return TemplateResponse(
        request,
        "intake/book.html",
        {"office": place, "form": form, "day": day, "days": days, "slots": open_slots(place, day)},
        status=status,
    )


@never_cache
def find(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if over_rate_limit(request, "lookup", per_minute=LOOKUPS_PER_MINUTE):
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            code = normalize_code(form.cleaned_data["code"])
            if code and booking_exists(code):
                return redirect("intake:booking", code=code)
            form.add_error("code", NOT_FOUND)
            status = 404
        else:
            status = 400
    return TemplateResponse(request, "intake/booking_find.html", {"form": form}, status=status)


def booking_exists(code: str) -> bool:
    from loket.intake.models import Booking

    return Booking.objects.filter(code=code).exists()


def _booking_context(code: str) -> dict[str, object]:
    booking = booking_by_code(code)
    url = public_url("intake:booking", booking.code)
    settings = intake_setup(booking.office)
    return {
        "booking": booking,
        "qr": qr_svg(url, scale=5),
        "url": url,
        "changeable": booking.status == BookingStatus.BOOKED,
        # A closure or holiday declared after the citizen booked: say so, and offer to reschedule.
        "closed_reason": WorkingCalendar.for_office(booking.office).closed_reason(booking.date)
        if booking.status == BookingStatus.BOOKED
        else None,
        "cutoff_minutes": settings.booking_change_cutoff_minutes,
        "early_minutes": settings.checkin_early_minutes,
    }


@never_cache
def booking(request: HttpRequest, code: str) -> HttpResponse:
    if over_rate_limit(request, "lookup", per_minute=LOOKUPS_PER_MINUTE * 3):
        return TemplateResponse(
            request, "intake/booking_find.html", {"form": CodeForm(), "error": TOO_MANY}, status=429
        )
    response = TemplateResponse(request, "intake/booking.html", _booking_context(code))
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_POST
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    item = booking_by_code(code)
    try:
        booking_cancel(booking=item)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, CANCELLED)
    return redirect("intake:booking", code=item.code)


@never_cache
def reschedule(request: HttpRequest, code: str) -> HttpResponse:
    item = booking_by_code(code)
    day = _chosen_day(request, item.office)
    form = RescheduleForm(request.POST or None, slots=_slot_queryset(item.office, day))  # type: ignore[arg-type]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                booking_reschedule(booking=item, slot=form.cleaned_data["slot"])
            except ServiceError as exc:
                form.add_error(None, exc.message)
                status = exc.http_status
            else:
                messages.success(request, RESCHEDULED)
                return redirect("intake:booking", code=item.code)
        else:
            status = 400
    return TemplateResponse(
        request,
        "intake/booking_reschedule.html",
        {
            **_booking_context(item.code),
            "form": form,
            "day": day,
            "days": booking_days(item.office),
            "slots": open_slots(item.office, day),
        },
        status=status,
    )
