"""The central registry's records: offices and their keys, packets, enrolled NIKs, and the
behaviour switches (processing delay, outcome mix, injected faults) read on every request."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone


class CentralOffice(models.Model):
    """An office allowed to send packets. Only the SHA-256 of its key is kept."""

    code = models.SlugField(max_length=40, unique=True)
    key_sha256 = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    # Declared: mypy reads the office's settings, where this app is not installed.
    objects: ClassVar[models.Manager[CentralOffice]] = models.Manager()

    class Meta:
        app_label = "central"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Outcome(models.TextChoices):
    PRINT_READY = "print_ready"
    DUPLICATE_RECORD = "duplicate_record"
    ENROLLMENT_FAILED = "enrollment_failed"


# What a status query answers: "received" until the processing delay has passed, then the outcome.
RECEIVED = "received"
UNKNOWN = "unknown"


class Packet(models.Model):
    """One enrollment packet, stored once however many times it is delivered."""

    packet_id = models.UUIDField(unique=True)
    office = models.ForeignKey(CentralOffice, on_delete=models.PROTECT, related_name="packets")
    receipt_number = models.CharField(max_length=20)
    service_type = models.CharField(max_length=20)
    nik = models.CharField(max_length=16, db_index=True)
    payload = models.TextField()  # the packet as received (JSON); personal data, never logged
    payload_sha256 = models.CharField(max_length=64)
    first_received_at = models.DateTimeField()
    last_received_at = models.DateTimeField()
    deliveries = models.PositiveIntegerField(default=1)
    # Decided on arrival, revealed once ``decided_at`` has passed (the processing delay).
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField()

    # Declared: mypy reads the office's settings, where this app is not installed.
    objects: ClassVar[models.Manager[Packet]] = models.Manager()
    id: int
    office_id: int

    class Meta:
        app_label = "central"
        ordering = ["id"]
        indexes = [models.Index(fields=["office", "id"], name="central_packet_office_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="central_outcome_valid"),
            models.CheckConstraint(condition=Q(deliveries__gte=1), name="central_deliveries_positive"),
        ]

    def __str__(self) -> str:
        return str(self.packet_id)

    def state_at(self, now: dt.datetime) -> str:
        return self.outcome if now >= self.decided_at else RECEIVED

    def answer(self, now: dt.datetime) -> dict[str, str]:
        """What the office is told about this packet: its state, and the reason of an outcome."""
        state = self.state_at(now)
        answer = {"packet_id": str(self.packet_id), "state": state}
        if state == self.outcome and self.reason:
            answer["reason"] = self.reason
        return answer


class Enrollment(models.Model):
    """A NIK with a biometric record at the centre: a second *new-card* recording of it is a duplicate."""

    nik = models.CharField(max_length=16, unique=True)
    packet = models.ForeignKey(Packet, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(default=timezone.now)

    # Declared: mypy reads the office's settings, where this app is not installed.
    objects: ClassVar[models.Manager[Enrollment]] = models.Manager()

    class Meta:
        app_label = "central"

    def __str__(self) -> str:
        return f"enrollment {self.pk}"


class Behaviour(models.Model):
    """One row (pk=1): how the centre behaves now. ``loket central faults`` and ``loket central config``
    change it while the server runs; every API request reads it."""

    # Processing: the delay before an outcome is visible, and the share of packets that fail.
    processing_delay_seconds = models.FloatField(default=5.0)
    failed_rate = models.FloatField(default=0.02)
    # Faults.
    error_rate = models.FloatField(default=0.0)
    latency_min_ms = models.PositiveIntegerField(default=0)
    latency_max_ms = models.PositiveIntegerField(default=0)
    timeout_rate = models.FloatField(default=0.0)
    hang_seconds = models.FloatField(default=30.0)
    drop_rate = models.FloatField(default=0.0)
    outage = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    # Declared: mypy reads the office's settings, where this app is not installed.
    objects: ClassVar[models.Manager[Behaviour]] = models.Manager()

    class Meta:
        app_label = "central"
        constraints = [
            models.CheckConstraint(
                condition=Q(failed_rate__gte=0, failed_rate__lte=1)
                & Q(error_rate__gte=0, error_rate__lte=1)
                & Q(timeout_rate__gte=0, timeout_rate__lte=1)
                & Q(drop_rate__gte=0, drop_rate__lte=1),
                name="central_rates_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(latency_max_ms__gte=models.F("latency_min_ms")), name="central_latency_range"
            ),
        ]

    def __str__(self) -> str:
        return "behaviour"

    @classmethod
    def current(cls) -> Behaviour:
        behaviour, _created = cls.objects.get_or_create(pk=1)
        return behaviour


class Counter(models.Model):
    """Counts of things that leave no packet behind: injected faults, refused requests, rejected packets."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    # Declared: mypy reads the office's settings, where this app is not installed.
    objects: ClassVar[models.Manager[Counter]] = models.Manager()

    class Meta:
        app_label = "central"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def bump(cls, name: str, by: int = 1) -> None:
        if not cls.objects.filter(name=name).update(value=models.F("value") + by):
            cls.objects.get_or_create(name=name)
            cls.objects.filter(name=name).update(value=models.F("value") + by)
