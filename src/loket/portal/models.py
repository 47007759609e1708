"""Complaints (pengaduan) filed by citizens, their history, and the counters that slow down and then
block repeated guesses on the public pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintCategory(models.TextChoices):
    SERVICE = "service", _("The service")
    STAFF = "staff", _("Staff behaviour")
    TIME = "time", _("Time taken")
    PUNGLI = "pungli", _("Request for an illegal fee (pungli)")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("complaint status", "Closed")


def attachment_path(instance: Complaint, filename: str) -> str:
    # The name the filer's device gave the file is not kept (it may carry a name or a date); the
    # services pass a random one with the extension of the type found in the content.
    return f"complaints/{timezone.now():%Y/%m}/{filename}"


class Complaint(models.Model):
    """One complaint. The filer may stay anonymous; ``tracking_code`` is their only handle on it.
    Pungli reports are read only by the head of the office and the city administrator (selectors)."""

    tracking_code = models.CharField(_("tracking code"), max_length=10, unique=True)
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="complaints")
    category = models.CharField(_("about"), max_length=10, choices=ComplaintCategory.choices)
    station = models.ForeignKey(
        "offices.Station",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("counter or station"),
    )
    staff_description = models.CharField(_("staff member (name or description)"), max_length=120, blank=True)
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_about",
        verbose_name=_("staff member concerned"),
    )
    description = models.TextField(_("what happened"))
    filer_name = models.CharField(_("name"), max_length=120, blank=True)
    filer_contact = models.CharField(_("phone or email"), max_length=120, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True, max_length=200)
    attachment_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    respond_by = models.DateTimeField(_("answer due"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    response = models.TextField(_("answer to the filer"), blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["office", "status", "-received_at"], name="complaint_office_status_idx"),
            models.Index(fields=["office", "received_at"], name="complaint_office_month_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ComplaintCategory.values), name="complaint_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(respond_by__gt=models.F("received_at")), name="complaint_due_after_received"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "closed"])
                | Q(answered_at__isnull=False) & ~Q(response=""),
                name="complaint_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | ~Q(status="closed") & Q(closed_at__isnull=True),
                name="complaint_closed_at_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} #{self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return not (self.filer_name or self.filer_contact)


class ComplaintEvent(models.Model):
    """One step in a complaint's handling; ``note`` is internal (never shown to the filer)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ComplaintStatus.choices)
    note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=ComplaintStatus.values), name="complaint_event_to_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class RateLimitHit(models.Model):
    """One counted attempt (a wrong tracking guess, a complaint filed ...). A table rather than the
    cache so the limits hold across gunicorn's worker processes. ``key`` is a keyed hash of the
    address or receipt number: the table holds neither."""

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "key", "at"], name="ratelimit_scope_key_at_idx"),
            models.Index(fields=["at"], name="ratelimit_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%H:%M:%S}"
