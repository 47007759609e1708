"""Editing questionnaires (city and system administrators). Saving makes a new version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from loket.core.errors import ServiceError
from loket.offices.access import role_of
from loket.surveys.definitions import ELEMENTS, Indicator
from loket.surveys.models import Questionnaire, QuestionnaireKind
from loket.surveys.selectors import questionnaires
from loket.surveys.services import QuestionDraft, questionnaire_revise
from loket.surveys.services.questionnaires import EDITOR_ROLES

VERSION_SAVED = _("Saved as version %(number)s. Responses already given keep the version they answered.")


class QuestionForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40, required=False)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    label_1 = forms.CharField(label=_("Answer 1"), max_length=80, required=False)
    label_2 = forms.CharField(label=_("Answer 2"), max_length=80, required=False)
    label_3 = forms.CharField(label=_("Answer 3"), max_length=80, required=False)
    label_4 = forms.CharField(label=_("Answer 4"), max_length=80, required=False)
    text_en = forms.CharField(
        label=_("Question in English"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    labels_en = forms.CharField(
        label=_("Answers in English (four, separated by |)"), max_length=330, required=False
    )
    element = forms.ChoiceField(
        label=_("SKM element"), choices=[("", "—"), *((e.key, e.name) for e in ELEMENTS)], required=False
    )
    indicator = forms.ChoiceField(
        label=_("Indicator"), choices=[("", "—"), *Indicator.choices], required=False
    )

    def draft(self) -> QuestionDraft | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("key") or data.get("text")):
            return None  # an empty extra row, or a question removed
        return QuestionDraft(
            key=data["key"],
            text=data["text"],
            labels=(data["label_1"], data["label_2"], data["label_3"], data["label_4"]),
            text_en=data["text_en"],
            labels_en=data["labels_en"],
            element=data["element"],
            indicator=data["indicator"],
        )


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, can_delete=True, max_num=60)


def _editor_only(request: HttpRequest) -> HttpResponse | None:
    if role_of(request.user) not in EDITOR_ROLES:
        return render(request, "403.html", status=403)
    return None


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    if refused := _editor_only(request):
        return refused
    return render(request, "surveys/staff/questionnaires.html", {"questionnaires": questionnaires()})


def _initial(questionnaire: Questionnaire) -> list[dict[str, Any]]:
    version = questionnaire.current_version()
    return [
        {
            "key": q.key,
            "text": q.text,
            "label_1": q.label_1,
            "label_2": q.label_2,
            "label_3": q.label_3,
            "label_4": q.label_4,
            "text_en": q.text_en,
            "labels_en": q.labels_en,
            "element": q.element,
            "indicator": q.indicator,
        }
        for q in (version.questions.all() if version else [])
    ]


@login_required
def questionnaire_edit(request: HttpRequest, key: str) -> HttpResponse:
    if refused := _editor_only(request):
        return refused
    questionnaire = get_object_or_404(Questionnaire, key=key)
    current = questionnaire.current_version()
    formset = QuestionFormSet(
        request.POST if request.method == "POST" else None, initial=_initial(questionnaire)
    )
    if request.method == "POST" and formset.is_valid():
        drafts = [d for d in (form.draft() for form in formset.forms) if d is not None]
        based_on = request.POST.get("based_on")
        try:
            version = questionnaire_revise(
                actor=request.user,  # type: ignore[arg-type]
                questionnaire=questionnaire,
                questions=drafts,
                note=request.POST.get("note", ""),
                based_on=int(based_on) if based_on and based_on.isdigit() else None,
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, VERSION_SAVED % {"number": version.number})
            return redirect("surveys:questionnaire_edit", key=key)
    return render(
        request,
        "surveys/staff/questionnaire_edit.html",
        {
            "questionnaire": questionnaire,
            "current": current,
            "formset": formset,
            "is_skm": questionnaire.kind == QuestionnaireKind.SKM,
            "versions": questionnaire.versions.select_related("created_by"),
        },
        status=400 if request.method == "POST" else 200,
    )
