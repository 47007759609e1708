"""Forms of the survey pages. They check the shape of the input; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.surveys.definitions import PROFILE_FIELDS, PROFILE_LABELS
from loket.surveys.models import EntryKind, Question, Questionnaire
from loket.surveys.periods import PERIOD_HELP, PeriodError, parse_period
from loket.surveys.tabular import MAX_BYTES

CHOOSE_AN_ANSWER = _("Choose one answer.")
FILE_TOO_BIG = _("The file is too large (at most 10 MB).")
SUGGESTION_HELP = _("Optional. Please do not write your name, NIK or phone number.")


class ResponseForm(forms.Form):
    """One field per question (q_<key>), the optional profile and a suggestion.

    ``public``: every question must be answered and the service comes from the invitation when
    there is one; on paper forms questions may stay blank."""

    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a honeypot bots fill in

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        language: str,
        public: bool = True,
        ask_service: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            labels = question.labels_for(language)
            self.fields[f"q_{question.key}"] = forms.TypedChoiceField(
                label=question.text_for(language),
                choices=[(str(value), label) for value, label in enumerate(labels, start=1)],
                coerce=int,
                empty_value=None,
                required=public,
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_AN_ANSWER},
            )
        for name, choices in PROFILE_FIELDS.items():
            if name == "service_type" and not ask_service:
                continue
            self.fields[name] = forms.ChoiceField(
                label=PROFILE_LABELS[name], choices=[("", "—"), *choices.choices], required=False
            )
        self.fields["suggestion"] = forms.CharField(
            label=_("Suggestions for this office"),
            required=False,
            max_length=1000,
            help_text=SUGGESTION_HELP,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        )

    def question_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(q.position, self[f"q_{q.key}"]) for q in self.questions]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PROFILE_FIELDS if name in self.fields]

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def answers(self) -> dict[str, int | None]:
        return {q.key: self.cleaned_data.get(f"q_{q.key}") for q in self.questions}

    def profile(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in PROFILE_FIELDS if name in self.fields}


class PaperResponseForm(ResponseForm):
    submitted_on = forms.DateField(
        label=_("Date on the form"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


def _period_field() -> forms.CharField:
    return forms.CharField(label=_("Period"), max_length=10, help_text=PERIOD_HELP)


def current_semester(day: dt.date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{day.year}-S{1 if day.month <= 6 else 2}"


class AnalysisForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.all(), to_field_name="key", empty_label=None
    )
    period = _period_field()

    def clean_period(self) -> Any:
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None


class ImportForm(AnalysisForm):
    file = forms.FileField(label=_("CSV or XLSX file"))
    skip_bad_rows = forms.BooleanField(label=_("Import the good rows and skip the bad ones"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(FILE_TOO_BIG)
        return upload


class EntryPointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("Where it hangs or stands."))
    survey = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.all(), to_field_name="key", empty_label=None
    )
