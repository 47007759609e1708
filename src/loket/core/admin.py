"""The gap-free counters, visible for troubleshooting and never editable: a changed value would
repeat or skip Suket and queue numbers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from loket.core.api_tokens import api_tokens_revoke
from loket.core.models import ApiToken, Counter


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("key", "value")
    search_fields = ("key",)
    readonly_fields = ("key", "value")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with ``loket tokens create`` (the token is shown once, there); here they are
    listed and revoked."""

    list_display = ("prefix", "staff", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "name", "staff__username")
    fields = list_display
    readonly_fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = api_tokens_revoke(queryset)
        self.message_user(request, _("Revoked: %(count)d.") % {"count": revoked})
