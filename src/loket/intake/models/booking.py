"""Online booking: slots generated from the office's hours and capacity, and the bookings in them.

A slot's ``booked`` only changes through a conditional UPDATE (``booked < capacity``), and a check
constraint refuses ``booked > capacity``: a slot cannot be overbooked however many citizens book
its last place at once.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from loket.intake.models.queue import QueueService
from loket.offices.models import Office


class BookingSlot(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="booking_slots")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        ordering = ["office", "starts_at"]
        verbose_name = _("booking slot")
        verbose_name_plural = _("booking slots")
        constraints = [
            models.UniqueConstraint(fields=["office", "starts_at"], name="booking_slot_unique_start"),
            models.CheckConstraint(condition=Q(booked__gte=0), name="booking_slot_booked_not_negative"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="booking_slot_not_overbooked"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_slot_ends_after"),
        ]
        indexes = [models.Index(fields=["office", "date"], name="booking_slot_office_date_idx")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Did not come")


ACTIVE_BOOKING = ["booked", "checked_in"]  # plain strings for stable migrations


class Booking(models.Model):
    """A citizen's appointment. The NIK is never stored: only its keyed hash, to refuse a second
    booking of the same person on the same day (see the README)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="bookings")
    slot = models.ForeignKey(BookingSlot, on_delete=models.PROTECT, related_name="bookings")
    date = models.DateField(_("date"))
    service = models.ForeignKey(
        QueueService, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("service")
    )
    code = models.CharField(_("booking code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    # The language of the booking page, so the reminder and any notice come in the same language.
    language = models.CharField(_("language"), max_length=2, default="id")
    nik_hash = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"))
    changed_at = models.DateTimeField(_("last changed"))
    reschedules = models.PositiveSmallIntegerField(_("times rescheduled"), default=0)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("marked no-show"), null=True, blank=True)

    class Meta:
        ordering = ["date", "slot__starts_at", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [
            models.Index(fields=["office", "date", "status"], name="booking_office_day_idx"),
            models.Index(fields=["status", "date"], name="booking_status_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nik_hash", "date"],
                condition=Q(status__in=ACTIVE_BOOKING),
                name="booking_once_per_person_and_day",
            ),
            models.CheckConstraint(condition=Q(status__in=BookingStatus.values), name="booking_status_valid"),
            models.CheckConstraint(condition=Q(language__in=["id", "en"]), name="booking_language_valid"),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.CHECKED_IN) | Q(checked_in_at__isnull=False),
                name="booking_checked_in_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="booking_cancelled_has_time",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs.
        return self.display_code

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"
