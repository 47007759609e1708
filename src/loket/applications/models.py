"""Applications, their immutable event history, blank card stock, Suket and pickup.

Nothing here writes a status: ``services.application_transition`` is the one door.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import CLOSED_STATUSES, Source, Status
from loket.applications.receipts import format_receipt
from loket.offices.models import Office, ServiceType, Station
from loket.people.models import Person

# Plain sorted strings so migrations serialise the same way every time.
_CLOSED = sorted(str(s) for s in CLOSED_STATUSES)


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    ONLINE = "online", _("Online")
    OUTREACH = "outreach", _("Outreach (jemput bola)")


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, now: object = None) -> ApplicationQuerySet:
        """Not yet completed (card not ready, IKD not active) and past the due date."""
        return self.open().filter(completed_at__isnull=True, due_at__lt=now or timezone.now())


class Application(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WALK_IN)
    receipt_number = models.CharField(_("receipt number"), max_length=10, unique=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    # The service standard runs from the moment the requirements are complete; until then from submission.
    clock_started_at = models.DateTimeField(_("clock started"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    registered_at = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("counter")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["office", "status", "-submitted_at"], name="application_worklist_idx"),
            models.Index(
                fields=["office", "due_at"],
                condition=Q(completed_at__isnull=True) & ~Q(status__in=_CLOSED),
                name="application_open_due_idx",
            ),
            models.Index(fields=["office", "-submitted_at"], name="application_office_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="application_status_valid"),
            models.CheckConstraint(
                condition=Q(service_type__in=ServiceType.values), name="application_service_valid"
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="application_channel_valid"),
            models.CheckConstraint(
                condition=Q(status__in=_CLOSED, closed_at__isnull=False)
                | ~Q(status__in=_CLOSED) & Q(closed_at__isnull=True),
                name="application_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("clock_started_at")), name="application_due_after_start"
            ),
            # One open application per citizen and service, even when two counters register at once.
            models.UniqueConstraint(
                fields=["person", "service_type"],
                condition=~Q(status__in=_CLOSED),
                name="application_one_open_per_person_service",
            ),
        ]

    def __str__(self) -> str:
        return self.display_receipt

    @property
    def display_receipt(self) -> str:
        return format_receipt(self.receipt_number)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


class ApplicationRequirement(models.Model):
    """One line of the checklist of documents for the application's service type."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="requirements")
    code = models.CharField(max_length=40)
    fulfilled = models.BooleanField(default=False)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "code"], name="requirement_once_per_application")
        ]

    def __str__(self) -> str:
        return self.code


class ImmutableError(Exception):
    pass


class ApplicationEvent(models.Model):
    """One step in an application's history. Written once, in the transaction that changed the status;
    never updated (a database trigger refuses UPDATE) and never deleted (PROTECT)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="event_application_at_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=Source.values), name="event_source_valid"),
            models.CheckConstraint(condition=Q(to_status__in=Status.values), name="event_to_status_valid"),
            models.CheckConstraint(
                condition=Q(from_status="") | Q(from_status__in=Status.values), name="event_from_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source=Source.STAFF) | Q(actor__isnull=False),
                name="event_staff_source_has_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ImmutableError("application events are written once and never changed")
        super().save(*args, **kwargs)


class BlankStock(models.Model):
    """Blank cards (blangko) on hand at one office. Changed only by ``services.blank_stock_*`` and
    ``card_print``, each writing a BlankMovement; the constraint makes a negative stock impossible."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, primary_key=True, related_name="blank_stock"
    )
    on_hand = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(on_hand__gte=0), name="blank_stock_never_negative")]

    def __str__(self) -> str:
        return f"{self.office}: {self.on_hand}"


class BlankMovementKind(models.TextChoices):
    DELIVERY = "delivery", _("Delivery received")
    PRINT = "print", _("Card printed")
    SPOILED = "spoiled", _("Spoiled print")
    CORRECTION = "correction", _("Stock count correction")


class BlankMovement(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="blank_movements")
    kind = models.CharField(max_length=12, choices=BlankMovementKind.choices)
    quantity = models.IntegerField(help_text="Positive in, negative out.")
    balance_after = models.IntegerField()
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="blank_movements"
    )
    station = models.ForeignKey(Station, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "-at"], name="blank_movement_office_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BlankMovementKind.values), name="blank_movement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="blank_movement_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind=BlankMovementKind.DELIVERY) | Q(quantity__gt=0),
                name="blank_delivery_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[BlankMovementKind.PRINT, BlankMovementKind.SPOILED])
                | Q(quantity=-1, application__isnull=False),
                name="blank_print_takes_one_for_an_application",
            ),
            models.CheckConstraint(condition=~Q(quantity=0), name="blank_movement_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity:+d}"


class SuketCode(models.TextChoices):
    PRO = "PRO", _("PRO: being processed")
    SFE = "SFE", _("SFE: sent for enrollment")
    PRR = "PRR", _("PRR: print ready record")
    DUP = "DUP", _("DUP: duplicate record")
    EFAC = "EFAC", _("Efac: incomplete data at central")


class Suket(models.Model):
    """Surat keterangan: the temporary certificate given while the card cannot be printed."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="sukets")
    number = models.CharField(_("number"), max_length=40, unique=True)
    status_code = models.CharField(_("status code"), max_length=4, choices=SuketCode.choices)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("Suket")
        verbose_name_plural = _("Sukets")
        constraints = [
            models.CheckConstraint(condition=Q(status_code__in=SuketCode.values), name="suket_code_valid"),
        ]

    def __str__(self) -> str:
        return self.number


class CollectorKind(models.TextChoices):
    SELF = "self", _("The applicant in person")
    REPRESENTATIVE = "representative", _("A family member with a power of attorney")


class IdentityCheck(models.TextChoices):
    FINGERPRINT = "fingerprint", _("Fingerprint matched 1:1")
    OLD_CARD = "old_card", _("Old e-KTP shown")
    SUKET = "suket", _("Suket returned")
    KK_AND_LETTER = "kk_and_letter", _("KK and power of attorney checked")


class Pickup(models.Model):
    """Who collected the card, and how their identity was checked."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="pickup")
    collector_kind = models.CharField(_("collected by"), max_length=16, choices=CollectorKind.choices)
    collector_name = models.CharField(_("collector's name"), max_length=120, blank=True)
    collector_relation = models.CharField(_("relation to the applicant"), max_length=60, blank=True)
    identity_check = models.CharField(_("identity check"), max_length=16, choices=IdentityCheck.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(collector_kind__in=CollectorKind.values), name="pickup_collector_valid"
            ),
            models.CheckConstraint(
                condition=Q(identity_check__in=IdentityCheck.values), name="pickup_check_valid"
            ),
            models.CheckConstraint(
                condition=Q(collector_kind=CollectorKind.SELF)
                | ~Q(collector_name="") & ~Q(collector_relation=""),
                name="pickup_representative_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.collector_kind}"
