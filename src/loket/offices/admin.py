"""The system administrator's reference data: regions, offices with their hours, closures, service
standards and stations, and the staff accounts. Nothing here touches citizens' records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from loket.offices.models import (
    OFFICE_BOUND_ROLES,
    Office,
    OfficeClosure,
    OpeningHours,
    Region,
    ServiceStandard,
    Staff,
    Station,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    ordering = ("code",)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


class OfficeClosureInline(admin.TabularInline):
    model = OfficeClosure
    extra = 0


class ServiceStandardInline(admin.TabularInline):
    model = ServiceStandard
    extra = 0


class StationInline(admin.TabularInline):
    model = Station
    extra = 0
    fields = ("number", "kind", "name", "in_service", "out_of_service_reason")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region", "phone", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    autocomplete_fields = ("region", "served_regions")
    fieldsets = (
        (None, {"fields": ("name", "code", "region", "served_regions", "is_active")}),
        (_("Contact"), {"fields": ("address", "phone", "email")}),
        (_("Location"), {"fields": ("timezone", "latitude", "longitude")}),
    )
    inlines = (OpeningHoursInline, OfficeClosureInline, ServiceStandardInline, StationInline)


OFFICE_REQUIRED = _(
    "Counter operators, recording officers and heads of office work at one office: choose it."
)


def _check_office(form: Any) -> None:
    """Say on the form what the database constraint would otherwise refuse with a generic message."""
    role, office = form.cleaned_data.get("role"), form.cleaned_data.get("office")
    if role in OFFICE_BOUND_ROLES and office is None:
        form.add_error("office", ValidationError(OFFICE_REQUIRED, code="office_required"))


class StaffChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Staff

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        _check_office(self)
        return cleaned


class StaffCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Staff
        fields = ("username",)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        _check_office(self)
        return cleaned


@admin.register(Staff)
class StaffAdmin(UserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ("username", "first_name", "last_name", "role", "office", "is_active", "last_login")
    list_filter = ("role", "office", "is_active", "is_staff")
    list_select_related = ("office",)
    autocomplete_fields = ("office",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Work"), {"fields": ("role", "office")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "office",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
