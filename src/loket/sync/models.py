"""The outbox of enrollment packets, the state of the link to the centre, and each office's key.

A packet is written in the transaction that moves its application to biometrics captured (see
``receivers.py``), so an application at that status always has its packet, and a rolled-back
capture leaves none. The worker (``loket worker``) delivers it and brings back the outcome.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.models import Application
from loket.offices.models import Office


class PacketState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("At the centre, waiting for the result")
    COMPLETED = "completed", _("Result received")
    FAILED = "failed", _("Failed")


OPEN_STATES = (PacketState.PENDING, PacketState.DELIVERED)
_OPEN = sorted(str(s) for s in OPEN_STATES)


class CentralState(models.TextChoices):
    """What the centre says about a packet (``loket.central`` answers with these)."""

    NONE = "", _("Not yet at the centre")
    RECEIVED = "received", _("Received at central")
    PRINT_READY = "print_ready", _("Print ready record")
    DUPLICATE_RECORD = "duplicate_record", _("Duplicate record")
    ENROLLMENT_FAILED = "enrollment_failed", _("Enrollment failed")


FINAL_CENTRAL_STATES = frozenset(
    {CentralState.PRINT_READY, CentralState.DUPLICATE_RECORD, CentralState.ENROLLMENT_FAILED}
)


class PacketQuerySet(models.QuerySet["Packet"]):
    def backlog(self) -> PacketQuerySet:
        """Not yet at the centre."""
        return self.filter(state=PacketState.PENDING)

    def unclaimed(self, now: object) -> PacketQuerySet:
        return self.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


class Packet(models.Model):
    # The id is the packet's identity at the centre too: re-sending it can never enrol it twice.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="sync_packets")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=12, choices=PacketState.choices, default=PacketState.PENDING
    )
    # The packet as sent: demographics, the recording's references and photo. Personal data:
    # never logged, never shown, never in a URL.
    payload = models.JSONField(editable=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    # Delivery.
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_try_at = models.DateTimeField(default=timezone.now)  # next delivery attempt, or next outcome query
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # What the centre said last, and how far the application has been moved to match it.
    central_state = models.CharField(max_length=20, choices=CentralState.choices, blank=True)
    central_reason = models.CharField(max_length=200, blank=True)
    applied_state = models.CharField(max_length=20, choices=CentralState.choices, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Set when the application could not follow the centre (staff had already moved it): reconcile reports it.
    sync_note = models.CharField(max_length=300, blank=True)
    # Failure: refused by the centre for good, or closed by the head of office.
    failed_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(_("reason"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PacketQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("enrollment packet")
        verbose_name_plural = _("enrollment packets")
        indexes = [
            models.Index(fields=["state", "next_try_at"], name="sync_packet_due_idx"),
            models.Index(fields=["office", "state", "created_at"], name="sync_packet_office_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=PacketState.values), name="sync_packet_state_valid"),
            models.CheckConstraint(
                condition=Q(central_state__in=CentralState.values) & Q(applied_state__in=CentralState.values),
                name="sync_packet_central_state_valid",
            ),
            # An application has at most one packet on its way: a new recording replaces the old packet.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=_OPEN),
                name="sync_one_open_packet_per_application",
            ),
            models.CheckConstraint(
                condition=~Q(state=PacketState.FAILED) | Q(failed_at__isnull=False),
                name="sync_failed_packet_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[PacketState.DELIVERED, PacketState.COMPLETED])
                | Q(delivered_at__isnull=False),
                name="sync_delivered_packet_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class LinkState(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    ONLINE = "online", _("Online")
    DEGRADED = "degraded", _("Degraded")
    OFFLINE = "offline", _("Offline")


class Link(models.Model):
    """One row (pk=1): how the link to the centre was when a worker last used it."""

    state = models.CharField(max_length=10, choices=LinkState.choices, default=LinkState.UNKNOWN)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    breaker_open_until = models.DateTimeField(null=True, blank=True)
    worker_seen_at = models.DateTimeField(null=True, blank=True)  # the worker's heartbeat
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(state__in=LinkState.values), name="sync_link_state_valid")
        ]

    def __str__(self) -> str:
        return self.state

    @classmethod
    def current(cls) -> Link:
        link, _created = cls.objects.get_or_create(pk=1)
        return link


class CentralKey(models.Model):
    """The key an office presents to the centre (``Authorization: Bearer``). Set with
    ``loket sync keys``; the centre keeps only its hash."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, primary_key=True, related_name="central_key"
    )
    key = models.CharField(max_length=200)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("central registry key")

    def __str__(self) -> str:
        return f"key of office {self.office_id}"
