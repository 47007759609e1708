"""Intake in the admin: the settings an office tunes (hours-based booking, prefixes, quotas, kits)
are editable; tickets, visits and bookings are records of what happened, so read-only, and the
booking's name, phone and NIK hash are left out."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from loket.intake.models import (
    Booking,
    BookingSlot,
    IntakeSettings,
    QueueService,
    RecordingKit,
    Ticket,
    Visit,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IntakeSettings)
class IntakeSettingsAdmin(admin.ModelAdmin):
    list_display = ["office", "slot_minutes", "booking_minutes_per_citizen", "booking_share_percent"]


@admin.register(QueueService)
class QueueServiceAdmin(admin.ModelAdmin):
    list_display = ["office", "prefix", "kind", "minutes_per_citizen", "daily_quota", "bookable", "active"]
    list_filter = ["office", "active"]
    list_editable = ["minutes_per_citizen", "daily_quota", "bookable", "active"]


@admin.register(RecordingKit)
class RecordingKitAdmin(admin.ModelAdmin):
    list_display = ["office", "name", "serial", "active"]
    list_filter = ["office", "active"]


@admin.register(Ticket)
class TicketAdmin(ReadOnly):
    list_display = ["day", "office", "display_number", "service", "channel", "status", "stage", "issued_at"]
    list_filter = ["office", "status", "channel", "day"]
    date_hierarchy = "day"


@admin.register(Visit)
class VisitAdmin(ReadOnly):
    list_display = ["day", "ticket", "station", "queued_at", "called_at", "started_at", "ended_at", "outcome"]
    list_filter = ["office", "stage", "outcome"]
    date_hierarchy = "day"


@admin.register(BookingSlot)
class BookingSlotAdmin(ReadOnly):
    list_display = ["office", "starts_at", "ends_at", "capacity", "booked"]
    list_filter = ["office", "date"]


@admin.register(Booking)
class BookingAdmin(ReadOnly):
    list_display = ["date", "office", "display_code", "service", "status", "reschedules"]
    list_filter = ["office", "status", "date"]
    fields = [
        "office",
        "slot",
        "date",
        "service",
        "code",
        "status",
        "created_at",
        "changed_at",
        "checked_in_at",
    ]
