"""Outreach (jemput bola): requests from citizens, kelurahan and schools; events with their staff and
mobile recording kit; and the outcome for each person on the event's list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.offices.models import Office, Region, ServiceType
from loket.people.nik import nik_field_validator


class RequesterKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen or family")
    KELURAHAN = "kelurahan", _("Kelurahan/desa")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other institution")


class TargetGroup(models.TextChoices):
    ELDERLY = "elderly", _("Elderly")
    BEDRIDDEN = "bedridden", _("Bedridden")
    DISABLED = "disabled", _("People with disabilities")
    STUDENTS = "students", _("Students turning 17")
    OTHER = "other", _("Other")


class OutreachRequestStatus(models.TextChoices):
    NEW = "new", _("New")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class OutreachRequest(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="outreach_requests")
    requester_kind = models.CharField(_("requested by"), max_length=10, choices=RequesterKind.choices)
    requester_name = models.CharField(_("requester's name"), max_length=160)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    target_group = models.CharField(_("for"), max_length=10, choices=TargetGroup.choices)
    people_expected = models.PositiveIntegerField(_("people expected"), default=1)
    location = models.CharField(_("place"), max_length=200)
    village = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutreachRequestStatus.choices, default=OutreachRequestStatus.NEW
    )
    created_at = models.DateTimeField(_("received"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outreach request")
        verbose_name_plural = _("outreach requests")
        indexes = [models.Index(fields=["office", "status"], name="outreach_request_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(requester_kind__in=RequesterKind.values), name="outreach_requester_valid"
            ),
            models.CheckConstraint(
                condition=Q(target_group__in=TargetGroup.values), name="outreach_request_group_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OutreachRequestStatus.values), name="outreach_request_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_group_display()}: {self.location}"


class RecordingKit(models.Model):
    """A mobile recording kit (camera, fingerprint and iris scanners, signature pad, laptop)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="recording_kits")
    name = models.CharField(_("name"), max_length=60)
    serial = models.CharField(_("serial number"), max_length=60, blank=True)
    active = models.BooleanField(_("usable"), default=True)

    class Meta:
        ordering = ["office", "name"]
        verbose_name = _("mobile recording kit")
        verbose_name_plural = _("mobile recording kits")
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="recording_kit_name_unique")]

    def __str__(self) -> str:
        return self.name


class OutreachEventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class OutreachEvent(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="outreach_events")
    date = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    location = models.CharField(_("place"), max_length=200)
    village = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    target_group = models.CharField(_("for"), max_length=10, choices=TargetGroup.choices)
    target_count = models.PositiveIntegerField(_("target (people)"), default=0)
    kit = models.ForeignKey(
        RecordingKit, on_delete=models.PROTECT, related_name="events", verbose_name=_("recording kit")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="outreach_events", verbose_name=_("team")
    )
    requests = models.ManyToManyField(
        OutreachRequest, blank=True, related_name="events", verbose_name=_("requests served")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OutreachEventStatus.choices, default=OutreachEventStatus.PLANNED
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "-starts"]
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        indexes = [models.Index(fields=["office", "date"], name="outreach_event_office_date_idx")]
        constraints = [
            # One kit is in one place on a day.
            models.UniqueConstraint(
                fields=["kit", "date"],
                condition=~Q(status=OutreachEventStatus.CANCELLED),
                name="outreach_kit_once_per_day",
            ),
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="outreach_event_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(target_group__in=TargetGroup.values), name="outreach_event_group_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OutreachEventStatus.values), name="outreach_event_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.location}"


class OutreachOutcome(models.TextChoices):
    PENDING = "pending", _("Not yet seen")
    RECORDED = "recorded", _("Recorded")
    FAILED = "failed", _("Recording failed")
    ABSENT = "absent", _("Absent")
    UNDER_AGE = "under_age", _("Under age")
    IKD_ACTIVATED = "ikd_activated", _("IKD activated")


# Outcomes that register an application (the person was served).
SERVED_OUTCOMES = {OutreachOutcome.RECORDED: ServiceType.NEW, OutreachOutcome.IKD_ACTIVATED: ServiceType.IKD}
_SERVED = sorted(str(outcome) for outcome in SERVED_OUTCOMES)


class OutreachParticipant(models.Model):
    """A person on an event's list. Personal data: staff with PERSONAL_DATA_ROLES only."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField(_("full name"), max_length=120)
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_field_validator])
    note = models.CharField(_("note"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=14, choices=OutreachOutcome.choices, default=OutreachOutcome.PENDING
    )
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("outreach participant")
        verbose_name_plural = _("outreach participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=OutreachOutcome.values), name="outreach_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome=OutreachOutcome.PENDING) | Q(outcome_at__isnull=False),
                name="outreach_outcome_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=_SERVED) | Q(application__isnull=False),
                name="outreach_served_has_application",
            ),
            models.UniqueConstraint(
                fields=["event", "nik"], condition=~Q(nik=""), name="outreach_person_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
