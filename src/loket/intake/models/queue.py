"""The queue: per-office settings and services, tickets, their visits to stations, and calls.

A ticket's life: issued (waiting at its first stage) -> called at a station -> serving -> done, or
transferred to the next stage (waiting again), parked, no-show. Each stay at a station is a Visit
with its own called/started/ended timestamps and outcome: the raw data of waiting and service
times. Every call and recall is a Call row, which the display board announces.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.offices.models import Office, ServiceType, Station, StationKind

PICKUP = "pickup"


class QueueServiceKind(models.TextChoices):
    NEW = ServiceType.NEW.value, ServiceType.NEW.label
    DAMAGED = ServiceType.DAMAGED.value, ServiceType.DAMAGED.label
    LOST = ServiceType.LOST.value, ServiceType.LOST.label
    DATA_CHANGE = ServiceType.DATA_CHANGE.value, ServiceType.DATA_CHANGE.label
    MOVING_IN = ServiceType.MOVING_IN.value, ServiceType.MOVING_IN.label
    IKD = ServiceType.IKD.value, ServiceType.IKD.label
    PICKUP = PICKUP, _("Card pickup")


class IntakeSettings(models.Model):
    """How one office runs its queue and its online booking. Created with defaults on first use."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, primary_key=True, related_name="intake_settings"
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("booking slot length (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    booking_minutes_per_citizen = models.PositiveSmallIntegerField(
        _("minutes per booked citizen at registration"), default=15, validators=[MinValueValidator(1)]
    )
    booking_share_percent = models.PositiveSmallIntegerField(
        _("share of registration capacity offered online (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    booking_horizon_days = models.PositiveSmallIntegerField(_("days ahead open for booking"), default=14)
    booking_change_cutoff_minutes = models.PositiveIntegerField(
        _("reschedule/cancel allowed until (minutes before the slot)"), default=120
    )
    checkin_early_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before the slot)"), default=60
    )
    no_show_grace_minutes = models.PositiveSmallIntegerField(
        _("a booking becomes a no-show (minutes after its slot ends)"), default=30
    )
    tickets_from_minutes_before_open = models.PositiveSmallIntegerField(
        _("kiosk issues tickets from (minutes before opening)"), default=60
    )
    last_ticket_minutes_before_close = models.PositiveSmallIntegerField(
        _("last ticket (minutes before closing)"), default=30
    )
    ticket_paper_mm = models.PositiveSmallIntegerField(
        _("ticket paper width (mm)"), choices=[(58, "58 mm"), (80, "80 mm")], default=80
    )

    class Meta:
        verbose_name = _("intake settings")
        verbose_name_plural = _("intake settings")
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="intake_slot_minutes_min"),
            models.CheckConstraint(
                condition=Q(booking_minutes_per_citizen__gte=1), name="intake_minutes_per_citizen_min"
            ),
            models.CheckConstraint(
                condition=Q(booking_share_percent__lte=100), name="intake_booking_share_max"
            ),
            models.CheckConstraint(condition=Q(ticket_paper_mm__in=[58, 80]), name="intake_paper_width"),
        ]

    def __str__(self) -> str:
        return str(self.office)


class QueueService(models.Model):
    """A button on the kiosk: one service with its ticket prefix, time per citizen and quota."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="queue_services")
    kind = models.CharField(_("service"), max_length=20, choices=QueueServiceKind.choices)
    prefix = models.CharField(
        _("ticket prefix"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{1,2}$", _("One or two capital letters."))],
    )
    minutes_per_citizen = models.PositiveSmallIntegerField(
        _("minutes per citizen (standard)"), default=10, validators=[MinValueValidator(1)]
    )
    daily_quota = models.PositiveIntegerField(
        _("walk-in tickets per day"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    bookable = models.BooleanField(_("bookable online"), default=True)
    first_stage = models.CharField(
        _("first station"), max_length=16, choices=StationKind.choices, default=StationKind.REGISTRATION
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position on the kiosk"), default=0)

    class Meta:
        ordering = ["office", "position", "prefix"]
        verbose_name = _("queue service")
        verbose_name_plural = _("queue services")
        constraints = [
            models.UniqueConstraint(fields=["office", "kind"], name="queue_service_once_per_office"),
            # Numbers run per prefix: two services sharing one would share (and confuse) a sequence.
            models.UniqueConstraint(fields=["office", "prefix"], name="queue_service_prefix_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=QueueServiceKind.values), name="queue_service_kind_valid"
            ),
            models.CheckConstraint(condition=Q(prefix__regex=r"^[A-Z]{1,2}$"), name="queue_service_prefix"),
            models.CheckConstraint(
                condition=Q(first_stage__in=StationKind.values), name="queue_service_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return str(QueueServiceKind(self.kind).label)

    @property
    def application_service_type(self) -> str | None:
        """The application service this queue service registers, if any (a pickup registers none)."""
        return self.kind if self.kind in ServiceType.values else None


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    PARKED = "parked", _("On hold")
    DONE = "done", _("Done")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    UNSERVED = "unserved", _("Not served (day ended)")


# Plain strings so migrations serialise the same way every time.
ACTIVE_AT_STATION = ["called", "serving"]
FINAL_STATUSES = ["cancelled", "done", "no_show", "unserved"]


class TicketChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    BOOKING = "booking", _("Online booking")


class PriorityReason(models.TextChoices):
    ELDERLY = "elderly", _("Elderly")
    DISABLED = "disabled", _("Person with a disability")
    PREGNANT = "pregnant", _("Pregnant woman")


class Ticket(models.Model):
    """A queue number. Holds no personal data: the live page reached by its QR code is public."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="tickets")
    service = models.ForeignKey(QueueService, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("day"))
    prefix = models.CharField(_("prefix"), max_length=2)
    number = models.PositiveIntegerField(_("number"))
    # The secret in the live page's URL: numbers are guessable, tokens are not.
    token = models.CharField(max_length=16, unique=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=TicketChannel.choices, default=TicketChannel.WALK_IN
    )
    priority_reason = models.CharField(
        _("priority"), max_length=10, choices=PriorityReason.choices, blank=True
    )
    booking = models.OneToOneField(
        "intake.Booking", null=True, blank=True, on_delete=models.PROTECT, related_name="ticket"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    stage = models.CharField(_("station kind"), max_length=16, choices=StationKind.choices)
    station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("station")
    )
    # A transfer to one particular station (not just the next kind of station).
    target_station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"))
    # When the ticket joined the queue of its current stage (issue or check-in, transfer, end of
    # a hold): the start of the wait the next Visit measures.
    queued_at = models.DateTimeField()
    # The queue order within a priority class: issue time for walk-ins, slot time for bookings,
    # transfer time after a transfer.
    sort_at = models.DateTimeField()
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        verbose_name=_("application"),
    )

    class Meta:
        ordering = ["day", "prefix", "number"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(
                fields=["office", "day", "stage", "status", "sort_at"], name="ticket_call_order_idx"
            ),
            models.Index(fields=["office", "issued_at"], name="ticket_office_issued_idx"),
            # The display board's change check reads the office's latest ticket through this.
            models.Index(fields=["office", "id"], name="ticket_office_latest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day", "prefix", "number"], name="ticket_number_unique_per_day"
            ),
            models.UniqueConstraint(
                fields=["station"],
                condition=Q(status__in=ACTIVE_AT_STATION),
                name="ticket_one_active_per_station",
            ),
            models.CheckConstraint(condition=Q(status__in=TicketStatus.values), name="ticket_status_valid"),
            models.CheckConstraint(condition=Q(stage__in=StationKind.values), name="ticket_stage_valid"),
            models.CheckConstraint(
                condition=Q(channel__in=TicketChannel.values), name="ticket_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority_reason="") | Q(priority_reason__in=PriorityReason.values),
                name="ticket_priority_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ACTIVE_AT_STATION, station__isnull=False)
                | ~Q(status__in=ACTIVE_AT_STATION) & Q(station__isnull=True),
                name="ticket_station_iff_at_station",
            ),
            models.CheckConstraint(
                condition=Q(channel=TicketChannel.BOOKING, booking__isnull=False)
                | Q(channel=TicketChannel.WALK_IN, booking__isnull=True),
                name="ticket_booking_iff_booked",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="ticket_number_positive"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return format_number(self.prefix, self.number)

    @property
    def is_priority(self) -> bool:
        return bool(self.priority_reason)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


def format_number(prefix: str, number: int) -> str:
    return f"{prefix}-{number:03d}"


class VisitOutcome(models.TextChoices):
    SERVED = "served", _("Served")
    TRANSFERRED = "transferred", _("Transferred")
    PARKED = "parked", _("Put on hold")
    NO_SHOW = "no_show", _("Did not come")
    UNSERVED = "unserved", _("Day ended")


class Visit(models.Model):
    """One stay of a ticket at one station: when it was called, when service started and ended."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="visits")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="visits")
    stage = models.CharField(max_length=16, choices=StationKind.choices)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # When the ticket joined this stage's queue (issue, transfer or return from hold): the
    # waiting time at this station is called_at - queued_at.
    queued_at = models.DateTimeField()
    called_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=VisitOutcome.choices, blank=True)
    recalls = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["called_at", "id"]
        indexes = [
            models.Index(fields=["office", "stage", "-ended_at"], name="visit_recent_service_idx"),
            models.Index(fields=["office", "day"], name="visit_office_day_idx"),
            models.Index(fields=["station", "called_at"], name="visit_station_called_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", ended_at__isnull=True)
                | Q(outcome__in=VisitOutcome.values, ended_at__isnull=False),
                name="visit_outcome_iff_ended",
            ),
            models.CheckConstraint(
                condition=Q(called_at__gte=models.F("queued_at")), name="visit_called_after"
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(started_at__gte=models.F("called_at")),
                name="visit_started_after_called",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("called_at")),
                name="visit_ended_after_called",
            ),
            models.UniqueConstraint(
                fields=["ticket"], condition=Q(ended_at__isnull=True), name="visit_one_open_per_ticket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} @ {self.station}"


class Call(models.Model):
    """A call (or recall) of a ticket to a station: what the board shows and announces."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="calls")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="calls")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    is_recall = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["office", "-at"], name="call_office_recent_idx")]

    def __str__(self) -> str:
        return f"{self.ticket} -> {self.station}"


class BoardState(models.Model):
    """A number bumped in the same transaction as every change at a station (call, recall,
    finish, transfer ...). With the office's latest ticket id it tells a display board whether
    anything changed, in one small query. Issuing a ticket does not bump it: that would make
    every kiosk in the office wait for this one row."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.office_id}@{self.version}"
