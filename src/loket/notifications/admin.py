"""Administrators edit the message texts here, and watch (and retry) the outbox. Numbers and addresses
are masked: the admin is also used by the system administrator, who does not see personal data."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from loket.core.errors import ServiceError
from loket.notifications.models import MessageTemplate, OutboxMessage
from loket.notifications.rendering import PLACEHOLDERS
from loket.notifications.services import outbox_message_retry
from loket.notifications.transports import mask_destination


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "language", "subject", "updated_at")
    list_filter = ("kind", "language")
    readonly_fields = ("kind", "language", "placeholders", "updated_at")
    fields = ("kind", "language", "placeholders", "subject", "body", "sms_body", "updated_at")

    @admin.display(description=_("placeholders you may use"))
    def placeholders(self, obj: MessageTemplate) -> str:
        return " ".join(f"{{{name}}}" for name in PLACEHOLDERS.get(obj.kind, ()))

    # The set of messages is fixed by the code (each is queued by a moment of the lifecycle).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "channel", "masked_destination", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "kind")
    fields = (
        "kind",
        "channel",
        "masked_destination",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "give_up_at",
        "last_error",
        "created_at",
        "sent_at",
        "failed_at",
    )
    readonly_fields = fields
    actions = ["retry"]

    @admin.display(description=_("to"))
    def masked_destination(self, obj: OutboxMessage) -> str:
        return mask_destination(obj.destination)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed messages again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        done = 0
        for message in queryset:
            try:
                outbox_message_retry(actor=request.user, message=message)  # type: ignore[arg-type]
                done += 1
            except ServiceError as exc:
                self.message_user(request, f"#{message.pk}: {exc.message}", messages.WARNING)
        if done:
            self.message_user(request, _("%(n)d messages queued again.") % {"n": done}, messages.SUCCESS)
