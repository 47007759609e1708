"""The citizen's fields as the counter types them, checked before anything is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.offices.models import Region, RegionLevel
from loket.people.models import SexChoices, phone_validator
from loket.people.nik import validate_kk, validate_nik, validate_nik_matches

BIRTH_DATE_FUTURE = _("The date of birth cannot be in the future.")
BIRTH_DATE_TOO_OLD = _("Check the date of birth: it is more than 130 years ago.")

# Digits only, but typed on a phone or a numeric keypad: inputmode, not type=number (no spinner,
# no lost leading zeros).
_DIGITS = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}


class PersonForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        widget=forms.TextInput(attrs={**_DIGITS, "maxlength": 24}),
        help_text=_("16 digits, as on the KK."),
    )
    kk_number = forms.CharField(
        label=_("KK number"), max_length=24, widget=forms.TextInput(attrs={**_DIGITS, "maxlength": 24})
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    birth_place = forms.CharField(label=_("Place of birth"), max_length=80, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SexChoices.choices, widget=forms.RadioSelect)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}))
    village = forms.ModelChoiceField(
        label=_("Kelurahan/desa"), queryset=Region.objects.none(), required=False, empty_label="—"
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, villages: QuerySet[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            villages if villages is not None else Region.objects.filter(level=RegionLevel.VILLAGE)
        )

    def clean_nik(self) -> str:
        return validate_nik(self.cleaned_data["nik"])

    def clean_kk_number(self) -> str:
        return validate_kk(self.cleaned_data["kk_number"])

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today:
            raise ValidationError(BIRTH_DATE_FUTURE, code="birth_date_future")
        if value.year < today.year - 130:
            raise ValidationError(BIRTH_DATE_TOO_OLD, code="birth_date_too_old")
        return value

    def clean_phone(self) -> str:
        value = "".join(self.cleaned_data["phone"].split()).replace("-", "")
        if value:
            phone_validator(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) for name in ("nik", "birth_date", "sex")):
            try:
                validate_nik_matches(data["nik"], birth_date=data["birth_date"], sex=data["sex"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def person_kwargs(self) -> dict[str, Any]:
        """The cleaned fields as ``people.services.person_register`` takes them."""
        names = (
            "nik",
            "kk_number",
            "full_name",
            "birth_place",
            "birth_date",
            "sex",
            "address",
            "village",
            "phone",
            "email",
        )
        return {name: self.cleaned_data[name] for name in names}
