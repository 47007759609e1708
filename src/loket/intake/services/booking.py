"""Online booking: slots, booking, reschedule, cancel, check-in and no-shows.

A place in a slot is taken with one conditional UPDATE (``booked < capacity``): on PostgreSQL a
concurrent UPDATE waits for the row and re-checks the condition against the committed value, so
the last place goes to exactly one citizen; the check constraint ``booked <= capacity`` backs it.
The person is identified by a keyed hash of the NIK (never stored in clear), and a partial unique
index refuses a second active booking of the same hash on the same day.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from loket.core.errors import Conflict, NotPermitted, ServiceError
from loket.intake.hours import plan_slots, slot_capacity
from loket.intake.models import Booking, BookingSlot, BookingStatus, IntakeSettings, QueueService, Ticket
from loket.intake.models.booking import ACTIVE_BOOKING
from loket.intake.services.setup import intake_setup
from loket.intake.services.tickets import ticket_create
from loket.offices.access import require
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Role, Staff, Station, StationKind
from loket.people.models import phone_validator
from loket.people.nik import validate_nik

BOOKING_LANGUAGES = ("id", "en")  # the interface's languages; messages about the booking use it
BOOKING_IN_PAST = _("This time has already passed. Choose a later time.")
BOOKING_TOO_FAR = _("Bookings open %(days)s days ahead. Choose an earlier date.")
BOOKING_CLOSED_DAY = _("The office is closed on %(date)s (%(reason)s). Choose another day.")
BOOKING_TWICE = _(
    "This NIK already has a booking on %(date)s. Reschedule or cancel that booking instead of booking again."
)
SLOT_FULL = _("Sorry, the %(time)s slot has just been filled. Choose another time.")
SLOT_OTHER_OFFICE = _("This time slot belongs to another office.")
SERVICE_NOT_BOOKABLE = _("This service cannot be booked online.")
NAME_REQUIRED = _("Enter the name of the person who will come.")
CHANGE_TOO_LATE = _(
    "Bookings can be changed or cancelled until %(minutes)s minutes before the appointment. "
    "Please contact the office."
)
NOT_CHANGEABLE = _("This booking is “%(status)s” and can no longer be changed.")
SAME_SLOT = _("The booking is already at this time.")
BOOKING_NOT_FOUND = _("No booking with code %(entered)s at this office. Check the code on the confirmation.")
BOOKING_NOT_TODAY = _("This booking is for %(date)s, not today.")
CHECKIN_TOO_EARLY = _("Check-in for your %(time)s appointment opens at %(opens)s.")
CHECKIN_TOO_LATE = _(
    "Your appointment at %(time)s has passed (check-in closed at %(closed)s). Please take a walk-in ticket."
)
ALREADY_CHECKED_IN = _("This booking has already been checked in: ticket %(number)s.")
NO_SHOW_TOO_EARLY = _("A booking can be marked as a no-show only after its time has started.")

STAFF_BOOKING_ROLES = frozenset({Role.OPERATOR, Role.HEAD})
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
CODE_LENGTH = 8
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What a citizen typed or a scanner read (a code, or the URL in the QR code) as stored, or ""."""
    text = (text or "").strip().rstrip("/").rsplit("/", 1)[-1]
    compact = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)
    if len(compact) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in compact):
        return ""
    return compact


def nik_hash(nik: str) -> str:
    """Keyed (HMAC-SHA256 with the site's SECRET_KEY), so the table cannot be reversed by hashing
    every possible NIK: the NIK space is small enough to enumerate."""
    return salted_hmac("loket.intake.booking.nik", nik, algorithm="sha256").hexdigest()


def _local(moment: dt.datetime, office: Office) -> str:
    from zoneinfo import ZoneInfo

    return formats.time_format(moment.astimezone(ZoneInfo(office.timezone)).time(), "H:i")


def _date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


# Slots -------------------------------------------------------------------------------------------


def slots_ensure(office: Office, day: dt.date) -> list[BookingSlot]:
    """The day's slots, written on first use. Nothing for a closed day. Their capacity then follows
    the counters and settings (``slots_follow_counters``)."""
    settings = intake_setup(office)
    calendar = WorkingCalendar.for_office(office)
    if calendar.closed_reason(day) is not None:
        return []
    existing = list(BookingSlot.objects.filter(office=office, date=day).order_by("starts_at"))
    if existing:
        return existing
    capacity = booking_slot_capacity(
        settings, stations=counters_in_service(office), slot_minutes=settings.slot_minutes
    )
    plans = plan_slots(
        calendar.hours[day.weekday()],
        day,
        tz=calendar.tz,
        slot_minutes=settings.slot_minutes,
        capacity=capacity,
    )
    BookingSlot.objects.bulk_create(
        [
            BookingSlot(
                office=office, date=day, starts_at=p.starts_at, ends_at=p.ends_at, capacity=p.capacity
            )
            for p in plans
        ],
        ignore_conflicts=True,  # a concurrent request wrote them first
    )
    return list(BookingSlot.objects.filter(office=office, date=day).order_by("starts_at"))


def counters_in_service(office: Office) -> int:
    """The registration counters open for citizens: what the online places are made from."""
    return Station.objects.filter(office=office, kind=StationKind.REGISTRATION, in_service=True).count()


def booking_slot_capacity(settings: IntakeSettings, *, stations: int, slot_minutes: int) -> int:
    """Places in one slot of ``slot_minutes`` for ``stations`` counters, under the office's settings."""
    return slot_capacity(
        stations=stations,
        slot_minutes=slot_minutes,
        minutes_per_citizen=settings.booking_minutes_per_citizen,
        share_percent=settings.booking_share_percent,
    )


def slots_follow_counters(office: Office, *, now: dt.datetime | None = None) -> int:
    """Give the slots still to come the capacity the registration counters in service and the
    booking settings give now; the number of slots changed. A counter added, or back in service,
    opens more places; one out of service takes places away, but never below those already booked
    (nobody loses a booking). Run by the sweeper every minute; safe beside bookings being made: each
    slot is one conditional UPDATE, and booking takes a place with one too."""
    settings = intake_setup(office)
    stations = counters_in_service(office)
    now = now or timezone.now()
    changed = 0
    slots = BookingSlot.objects.filter(office=office, starts_at__gt=now)
    for pk, starts_at, ends_at, capacity in slots.values_list("pk", "starts_at", "ends_at", "capacity"):
        # Each slot by its own length: the slot length setting may have changed since it was written.
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        wanted = booking_slot_capacity(settings, stations=stations, slot_minutes=minutes)
        if wanted != capacity:
            changed += BookingSlot.objects.filter(pk=pk).update(capacity=Greatest(Value(wanted), F("booked")))
    return changed


def _check_slot(office: Office, slot: BookingSlot, settings: IntakeSettings, now: dt.datetime) -> None:
    if slot.office_id != office.pk:
        raise NotPermitted(SLOT_OTHER_OFFICE, code="other_office")
    if slot.starts_at <= now:
        raise ServiceError(BOOKING_IN_PAST, code="booking_in_past")
    calendar = WorkingCalendar.for_office(office)
    if (slot.date - calendar.local(now).date()).days > settings.booking_horizon_days:
        raise ServiceError(BOOKING_TOO_FAR, code="booking_too_far", days=settings.booking_horizon_days)
    reason = calendar.closed_reason(slot.date)
    if reason is not None:
        raise ServiceError(
            BOOKING_CLOSED_DAY, code="booking_closed_day", date=_date(slot.date), reason=reason
        )


def _check_not_twice(hashed: str, day: dt.date, *, exclude: int | None = None) -> None:
    others = Booking.objects.filter(nik_hash=hashed, date=day, status__in=ACTIVE_BOOKING)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise Conflict(BOOKING_TWICE, code="booking_twice", date=_date(day))


def _take_place(slot: BookingSlot, office: Office) -> None:
    taken = BookingSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise Conflict(SLOT_FULL, code="slot_full", time=_local(slot.starts_at, office))


def _release_place(slot_id: int) -> None:
    BookingSlot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


# Booking -----------------------------------------------------------------------------------------


def _clean_person(name: str, nik: str, phone: str) -> tuple[str, str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError(NAME_REQUIRED, code="name_required")
    phone = "".join((phone or "").split()).replace("-", "")
    try:
        number = validate_nik(nik)
        if phone:
            phone_validator(phone)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code=exc.error_list[0].code or "invalid") from None
    return name[:120], number, phone


@transaction.atomic
def booking_create(
    *,
    office: Office,
    slot: BookingSlot,
    service: QueueService,
    name: str,
    nik: str,
    phone: str = "",
    language: str = "id",
) -> Booking:
    name, number, phone = _clean_person(name, nik, phone)
    language = language if language in BOOKING_LANGUAGES else "id"
    settings = intake_setup(office)
    if service.office_id != office.pk or not (service.active and service.bookable):
        raise ServiceError(SERVICE_NOT_BOOKABLE, code="service_not_bookable")
    now = timezone.now()
    _check_slot(office, slot, settings, now)
    hashed = nik_hash(number)
    _check_not_twice(hashed, slot.date)
    _take_place(slot, office)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    office=office,
                    slot=slot,
                    date=slot.date,
                    service=service,
                    code=new_booking_code(),
                    name=name,
                    phone=phone,
                    language=language,
                    nik_hash=hashed,
                    created_at=now,
                    changed_at=now,
                )
        except IntegrityError as exc:
            if "code" not in str(exc):
                # The partial unique index: the same NIK booked this day a moment ago.
                raise Conflict(BOOKING_TWICE, code="booking_twice", date=_date(slot.date)) from None
    raise RuntimeError("could not draw an unused booking code in 5 attempts")  # 40 random bits


def _lock_changeable(
    booking: Booking, actor: Staff | None, now: dt.datetime
) -> tuple[Booking, IntakeSettings]:
    booking = Booking.objects.select_for_update().select_related("slot", "office").get(pk=booking.pk)
    if actor is not None:
        require(actor, roles=STAFF_BOOKING_ROLES, office_id=booking.office_id)
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(NOT_CHANGEABLE, code="not_changeable", status=booking.get_status_display())
    settings = intake_setup(booking.office)
    cutoff = booking.slot.starts_at - dt.timedelta(minutes=settings.booking_change_cutoff_minutes)
    # Staff may still change a booking after the citizen's cut-off (a phone call to the office).
    if actor is None and now > cutoff:
        raise ServiceError(
            CHANGE_TOO_LATE, code="change_too_late", minutes=settings.booking_change_cutoff_minutes
        )
    return booking, settings


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: Staff | None = None) -> Booking:
    """By the citizen (holding the code) until the cut-off, or by staff."""
    now = timezone.now()
    booking, _settings = _lock_changeable(booking, actor, now)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = booking.changed_at = now
    booking.save(update_fields=["status", "cancelled_at", "changed_at"])
    _release_place(booking.slot_id)
    return booking


@transaction.atomic
def booking_reschedule(*, booking: Booking, slot: BookingSlot, actor: Staff | None = None) -> Booking:
    now = timezone.now()
    booking, settings = _lock_changeable(booking, actor, now)
    if slot.pk == booking.slot_id:
        raise ServiceError(SAME_SLOT, code="same_slot")
    _check_slot(booking.office, slot, settings, now)
    _check_not_twice(booking.nik_hash, slot.date, exclude=booking.pk)
    _take_place(slot, booking.office)
    _release_place(booking.slot_id)
    booking.slot, booking.date = slot, slot.date
    booking.reschedules += 1
    booking.changed_at = now
    try:
        with transaction.atomic():
            booking.save(update_fields=["slot", "date", "reschedules", "changed_at"])
    except IntegrityError:
        raise Conflict(BOOKING_TWICE, code="booking_twice", date=_date(slot.date)) from None
    return booking


@transaction.atomic
def booking_check_in(
    *, office: Office, code: str, actor: Staff | None = None, priority_reason: str = ""
) -> Ticket:
    """At the kiosk (scan or type the code) or at the counter: the booking becomes a ticket that
    queues at its slot time, so it goes ahead of walk-ins who came after that time."""
    if actor is not None:
        require(actor, roles=STAFF_BOOKING_ROLES, office_id=office.pk)
    settings = intake_setup(office)
    normalized = normalize_code(code)
    booking = (
        Booking.objects.select_for_update()
        .select_related("slot", "service")
        .filter(office=office, code=normalized)
        .first()
        if normalized
        else None
    )
    if booking is None:
        raise ServiceError(BOOKING_NOT_FOUND, code="booking_not_found", entered=(code or "").strip()[:20])
    now = timezone.now()
    _check_check_in(booking, office, settings, now)
    ticket = ticket_create(
        office=office,
        service=booking.service,
        day=booking.date,
        now=now,
        sort_at=booking.slot.starts_at,
        priority_reason=priority_reason,
        booking=booking,
    )
    booking.status = BookingStatus.CHECKED_IN
    booking.checked_in_at = now
    booking.save(update_fields=["status", "checked_in_at"])
    return ticket


def _check_check_in(booking: Booking, office: Office, settings: IntakeSettings, now: dt.datetime) -> None:
    if booking.status == BookingStatus.CHECKED_IN:
        number = Ticket.objects.filter(booking=booking).first()
        raise ServiceError(ALREADY_CHECKED_IN, code="already_checked_in", number=number or "-")
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(NOT_CHANGEABLE, code="not_changeable", status=booking.get_status_display())
    calendar = WorkingCalendar.for_office(office)
    if booking.date != calendar.local(now).date():
        raise ServiceError(BOOKING_NOT_TODAY, code="booking_not_today", date=_date(booking.date))
    slot = booking.slot
    opens = slot.starts_at - dt.timedelta(minutes=settings.checkin_early_minutes)
    closes = slot.ends_at + dt.timedelta(minutes=settings.no_show_grace_minutes)
    if now < opens:
        raise ServiceError(
            CHECKIN_TOO_EARLY,
            code="checkin_too_early",
            time=_local(slot.starts_at, office),
            opens=_local(opens, office),
        )
    if now > closes:
        raise ServiceError(
            CHECKIN_TOO_LATE,
            code="checkin_too_late",
            time=_local(slot.starts_at, office),
            closed=_local(closes, office),
        )


@transaction.atomic
def booking_mark_no_show(*, actor: Staff, booking: Booking) -> Booking:
    booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    require(actor, roles=STAFF_BOOKING_ROLES, office_id=booking.office_id)
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError(NOT_CHANGEABLE, code="not_changeable", status=booking.get_status_display())
    now = timezone.now()
    if now < booking.slot.starts_at:
        raise ServiceError(NO_SHOW_TOO_EARLY, code="no_show_too_early")
    _set_no_show(booking, now)
    return booking


def _set_no_show(booking: Booking, now: dt.datetime) -> None:
    booking.status = BookingStatus.NO_SHOW
    booking.no_show_at = booking.changed_at = now
    booking.save(update_fields=["status", "no_show_at", "changed_at"])


def booking_expire_one() -> Booking | None:
    """Mark one booking whose check-in window has closed as a no-show; None when there is none.
    Claims the row with SKIP LOCKED, so several sweepers can run at once."""
    now = timezone.now()
    for office_id, grace in IntakeSettings.objects.values_list("office_id", "no_show_grace_minutes"):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    office_id=office_id,
                    status=BookingStatus.BOOKED,
                    slot__ends_at__lt=now - dt.timedelta(minutes=grace),
                )
                .order_by("date", "id")
                .first()
            )
            if booking is not None:
                _set_no_show(booking, now)
                return booking
    return None
