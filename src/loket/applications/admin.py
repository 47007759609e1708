"""Applications in the admin: for looking, never for changing.

The status of an application changes only through ``application_transition`` (the lifecycle's one
door, which writes the event and checks role and office); the stock only through the blank-stock
services, which write the ledger. So every model here is read-only, and citizens' personal data
(the person, the collector at pickup) is left out: the system administrator does not need it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from loket.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRequirement,
    BlankMovement,
    BlankStock,
    Suket,
)
from loket.applications.receipts import normalize_receipt


class ReadOnlyMixin:
    """Viewable by whoever has the view permission; nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ApplicationEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationEvent
    fields = ("at", "source", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    extra = 0


class ApplicationRequirementInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationRequirement
    fields = ("code", "fulfilled", "checked_at", "checked_by")
    readonly_fields = fields
    extra = 0


@admin.register(Application)
class ApplicationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    # No person, NIK or name anywhere: the record is identified by its receipt number.
    list_display = ("receipt", "office", "service_type", "status", "submitted_at", "due_at")
    list_filter = ("status", "service_type", "channel", "office")
    list_select_related = ("office",)
    search_fields = ("receipt_number",)
    search_help_text = _("receipt number")
    date_hierarchy = "submitted_at"
    fields = (
        "receipt_number", "office", "service_type", "channel", "status", "submitted_at", "status_changed_at",
        "clock_started_at", "due_at", "completed_at", "closed_at", "registered_at", "created_by",
    )  # fmt: skip
    readonly_fields = fields
    inlines = (ApplicationRequirementInline, ApplicationEventInline)

    @admin.display(description=_("receipt number"), ordering="receipt_number")
    def receipt(self, application: Application) -> str:
        return application.display_receipt

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Application], search_term: str
    ) -> tuple[QuerySet[Application], bool]:
        # Receipts are read out as 7K3-QM9X-D2A; look them up however they were typed.
        receipt = normalize_receipt(search_term)
        if receipt:
            return queryset.filter(receipt_number=receipt), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "application", "source", "from_status", "to_status", "actor")
    list_filter = ("source", "to_status")
    list_select_related = ("application", "actor")
    fields = ("application", "at", "source", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


@admin.register(BlankStock)
class BlankStockAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("office", "on_hand", "updated_at")
    list_select_related = ("office",)
    fields = ("office", "on_hand", "updated_at")
    readonly_fields = fields


@admin.register(BlankMovement)
class BlankMovementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "office", "kind", "quantity", "balance_after", "station", "actor", "reference")
    list_filter = ("kind", "office")
    list_select_related = ("office", "station", "actor")
    fields = (
        "office", "at", "kind", "quantity", "balance_after",
        "application", "station", "actor", "reference", "note",
    )  # fmt: skip
    readonly_fields = fields


@admin.register(Suket)
class SuketAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "status_code", "issued_at", "valid_until", "office")
    list_filter = ("status_code",)
    list_select_related = ("application__office",)
    search_fields = ("number",)
    fields = ("number", "application", "status_code", "issued_at", "valid_until", "issued_by")
    readonly_fields = fields

    @admin.display(description=_("office"), ordering="application__office__name")
    def office(self, suket: Suket) -> str:
        return str(suket.application.office)
