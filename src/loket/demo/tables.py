"""The tables ``loket demo`` writes in bulk: per table key, the model and its fields in row order.

The order of the keys is the order rows are written within a batch (a row's foreign keys point at
tables written before it, or at rows already in the database).
"""

from __future__ import annotations

from django.db.models import Model

from loket.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRequirement,
    BlankMovement,
    Pickup,
    Suket,
)
from loket.intake.models import Booking, BookingSlot, Call, Ticket, Visit
from loket.notifications.models import ConsentEvent, NotificationPreference, OverdueNotice
from loket.people.models import Person

TABLES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "person": (
        Person,
        (
            "id",
            "nik",
            "kk_number",
            "full_name",
            "birth_place",
            "birth_date",
            "sex",
            "address",
            "village",
            "phone",
            "email",
            "created_at",
            "updated_at",
        ),
    ),
    "application": (
        Application,
        (
            "id",
            "office",
            "person",
            "service_type",
            "channel",
            "receipt_number",
            "status",
            "submitted_at",
            "status_changed_at",
            "clock_started_at",
            "due_at",
            "completed_at",
            "closed_at",
            "registered_at",
            "created_by",
        ),
    ),
    "requirement": (
        ApplicationRequirement,
        ("id", "application", "code", "fulfilled", "checked_at", "checked_by"),
    ),
    "event": (
        ApplicationEvent,
        ("id", "application", "at", "actor", "source", "from_status", "to_status", "note"),
    ),
    "movement": (
        BlankMovement,
        (
            "id",
            "office",
            "kind",
            "quantity",
            "balance_after",
            "application",
            "station",
            "actor",
            "at",
            "reference",
            "note",
        ),
    ),
    "suket": (Suket, ("id", "application", "number", "status_code", "issued_at", "valid_until", "issued_by")),
    "pickup": (
        Pickup,
        (
            "id",
            "application",
            "collector_kind",
            "collector_name",
            "collector_relation",
            "identity_check",
            "note",
            "at",
            "actor",
        ),
    ),
    # The notification room: consent recorded at the counter, the apologies of the overdue check.
    "preference": (
        NotificationPreference,
        ("id", "person", "consent", "channel", "language", "updated_at"),
    ),
    "consent": (
        ConsentEvent,
        ("id", "person", "consent", "channel", "language", "source", "recorded_by", "at"),
    ),
    "notice": (OverdueNotice, ("id", "application", "sequence", "previous_due_at", "new_due_at", "at")),
    # The intake room: booking slots and bookings, tickets, their visits to stations and the calls.
    "slot": (BookingSlot, ("id", "office", "date", "starts_at", "ends_at", "capacity", "booked")),
    "booking": (
        Booking,
        (
            "id",
            "office",
            "slot",
            "date",
            "service",
            "code",
            "name",
            "phone",
            "language",
            "nik_hash",
            "status",
            "created_at",
            "changed_at",
            "reschedules",
            "checked_in_at",
            "cancelled_at",
            "no_show_at",
        ),
    ),
    "ticket": (
        Ticket,
        (
            "id",
            "office",
            "service",
            "day",
            "prefix",
            "number",
            "token",
            "channel",
            "priority_reason",
            "booking",
            "status",
            "stage",
            "station",
            "target_station",
            "issued_at",
            "queued_at",
            "sort_at",
            "finished_at",
            "application",
        ),
    ),
    "visit": (
        Visit,
        (
            "id",
            "ticket",
            "office",
            "day",
            "station",
            "stage",
            "staff",
            "queued_at",
            "called_at",
            "started_at",
            "ended_at",
            "outcome",
            "recalls",
        ),
    ),
    "call": (Call, ("id", "office", "ticket", "visit", "station", "at", "is_recall")),
}
