"""Questionnaires, posters and imports in the admin, for looking. Questionnaires are edited on
their own page (/survey/staff/questionnaires/), where saving makes a new version; responses are
anonymous and are read through the analysis, not one by one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from loket.surveys.models import EntryPoint, ImportBatch, Question, Questionnaire, QuestionnaireVersion


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuestionInline(ReadOnly, admin.TabularInline):
    model = Question
    fields = ["position", "key", "element", "indicator", "text", "label_1", "label_2", "label_3", "label_4"]
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["key", "title", "kind"]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["questionnaire", "number", "created_at", "created_by", "note"]
    list_filter = ["questionnaire"]
    inlines = [QuestionInline]


@admin.register(EntryPoint)
class EntryPointAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "office", "questionnaire", "is_active", "created_at"]
    list_filter = ["kind", "is_active", "office"]
    exclude = ["token"]  # the token is the poster's address; it is printed, not browsed


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["filename", "office", "period", "rows", "skipped", "created_at", "created_by"]
    list_filter = ["office", "period"]
