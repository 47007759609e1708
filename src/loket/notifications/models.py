"""Messages to citizens: their consent and chosen channel, the texts an administrator edits, the outbox
every message goes through, and the apologies sent when an application runs late."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class Kind(models.TextChoices):
    DOCUMENTS_INCOMPLETE = "documents_incomplete", _("Documents incomplete")
    READY_FOR_PICKUP = "ready_for_pickup", _("Card ready for pickup")
    DUPLICATE_RECORD = "duplicate_record", _("Duplicate record: visit needed")
    OVERDUE = "overdue", _("Late: apology and new date")
    SURVEY_INVITATION = "survey_invitation", _("Invitation to the satisfaction survey")
    BOOKING_REMINDER = "booking_reminder", _("Booking reminder (the day before)")
    BOOKING_DAY_CLOSED = "booking_day_closed", _("Booked day closed: choose another")
    TURN_NEAR = "turn_near", _("Queue: your turn is near")


class Language(models.TextChoices):
    INDONESIAN = "id", _("Bahasa Indonesia")
    ENGLISH = "en", _("English")


class ConsentSource(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    PORTAL = "portal", _("On the portal")
    API = "api", _("Through the API")


class NotificationPreference(models.Model):
    """What the citizen agreed to: whether to receive messages, by which channel, in which language.
    The number or address is the one on the person's record, so there is one place to correct it."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="notification_preference"
    )
    consent = models.BooleanField(_("agrees to receive messages"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WHATSAPP)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="notif_pref_channel_valid"),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="notif_pref_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ({'+' if self.consent else '-'})"


class ConsentEvent(models.Model):
    """Every change of consent, kept: who recorded it, when, and where (UU 27/2022 asks for proof)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consent_events")
    consent = models.BooleanField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    source = models.CharField(max_length=10, choices=ConsentSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=ConsentSource.values), name="consent_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {'+' if self.consent else '-'}{self.channel}"


class MessageTemplate(models.Model):
    """The text of one kind of message in one language, edited by an administrator in the admin.
    ``body`` goes by WhatsApp and email, ``sms_body`` (kept short: one SMS is 160 characters) by SMS."""

    kind = models.CharField(_("message"), max_length=24, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("email subject"), max_length=200)
    body = models.TextField(_("text (WhatsApp and email)"))
    sms_body = models.TextField(_("short text (SMS)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"], name="message_template_one_per_kind_language"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="message_template_kind_valid"),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="message_template_lang_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"

    def clean(self) -> None:
        from loket.notifications.rendering import check_placeholders

        check_placeholders(self.kind, {"subject": self.subject, "body": self.body, "sms_body": self.sms_body})


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One message to one citizen. Written in the transaction of the event that caused it; delivered
    later by the worker (``loket notifications run``), which claims it so no two workers send it."""

    kind = models.CharField(_("message"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Messages about a booking go to the number given when booking: there may be no application yet.
    booking = models.ForeignKey(
        "intake.Booking", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    destination = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    # One message per cause: the same event never queues two messages, even if two workers see it.
    dedupe_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Through an outage a message is retried until this moment, then marked failed for an administrator;
    # one not yet sent by then (no worker ran) is failed too, not sent late.
    give_up_at = models.DateTimeField(_("retried until"))
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    provider_reference = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="outbox_due_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OutboxStatus.values), name="outbox_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="outbox_channel_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="outbox_kind_valid"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_sent_at"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_until__isnull=False),
                name="outbox_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        # Never the destination: str() ends up in logs and admin messages.
        return f"{self.get_kind_display()} #{self.pk}"


class OverdueNotice(models.Model):
    """An apology for an application past its due date, with the new date promised. The portal shows
    the latest new date; when that passes too, the next check apologises again (sequence 2, 3 ...)."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="overdue_notices"
    )
    sequence = models.PositiveSmallIntegerField()
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "sequence"]
        constraints = [
            # Two workers checking at once cannot both apologise for the same lateness.
            models.UniqueConstraint(
                fields=["application", "sequence"], name="overdue_notice_once_per_sequence"
            ),
            models.CheckConstraint(
                condition=Q(new_due_at__gt=models.F("previous_due_at")), name="overdue_notice_new_date_later"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.application_id}/{self.sequence}"
