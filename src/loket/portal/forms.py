"""Forms of the public pages. Spam protection without a third-party CAPTCHA: a honeypot field that
people never see (bots fill every field), a signed time stamp (a person needs more than a few seconds
to describe a problem) and the rate limits in ``ratelimit.py``."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from loket.applications.receipts import normalize_receipt
from loket.env import env_int
from loket.offices.models import Office, Staff, Station
from loket.portal.models import ComplaintCategory, ComplaintStatus
from loket.portal.services import DESCRIPTION_LIMIT

RECEIPT_REQUIRED = _("Enter the receipt number printed on your receipt.")
RECEIPT_FORMAT = _("A receipt number has 10 letters and digits, e.g. 7K3-QM9X-D2A. Check what you typed.")
BIRTH_DATE_REQUIRED = _("Enter your date of birth.")
BIRTH_DATE_FORMAT = _("Enter the date of birth as day-month-year, e.g. 17-05-1990.")
BIRTH_DATE_FUTURE = _("The date of birth cannot be in the future.")
CODE_FORMAT = _("A tracking code has 10 letters and digits, e.g. 7K3-QM9X-D2A. Check what you typed.")
FORM_EXPIRED = _("The form was open too long. Please check your complaint and send it again.")
FORM_TOO_FAST = _("That was very quick. Please check your complaint and send it again.")
FORM_REFUSED = _("Your complaint could not be sent. Please try again.")

FORM_SALT = "loket.portal.complaint-form"
FORM_MAX_AGE = 4 * 60 * 60
BIRTH_DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %m %Y"]


def min_fill_seconds() -> int:
    return env_int("LOKET_COMPLAINT_MIN_SECONDS", 5, minimum=0)


class TrackForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt number"),
        max_length=20,
        error_messages={"required": RECEIPT_REQUIRED, "max_length": RECEIPT_FORMAT},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "7K3-QM9X-D2A",
            }
        ),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        input_formats=BIRTH_DATE_FORMATS,
        error_messages={"required": BIRTH_DATE_REQUIRED, "invalid": BIRTH_DATE_FORMAT},
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )

    def clean_receipt(self) -> str:
        receipt = normalize_receipt(self.cleaned_data["receipt"])
        if not receipt:
            raise forms.ValidationError(RECEIPT_FORMAT, code="format")
        return receipt

    def clean_birth_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["birth_date"]
        if value > dt.date.today() or value.year < 1900:  # noqa: DTZ011 - a date of birth has no zone
            raise forms.ValidationError(BIRTH_DATE_FUTURE, code="future")
        return value


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        error_messages={"required": CODE_FORMAT, "max_length": CODE_FORMAT},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalize_receipt(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(CODE_FORMAT, code="format")
        return code


def new_form_stamp() -> str:
    return signing.TimestampSigner(salt=FORM_SALT).sign(str(int(time.time())))


class ComplaintForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.filter(is_active=True), empty_label=None
    )
    category = forms.ChoiceField(
        label=_("What is your complaint about?"), choices=ComplaintCategory.choices, widget=forms.RadioSelect
    )
    station = forms.ModelChoiceField(
        label=_("Counter (optional)"),
        queryset=Station.objects.filter(office__is_active=True).select_related("office"),
        required=False,
        empty_label=_("I do not know / not about a counter"),
    )
    staff_description = forms.CharField(
        label=_("Staff member (optional)"),
        help_text=_(
            "A name from the name tag, or a description (for example: the officer at the recording desk)."
        ),
        max_length=120,
        required=False,
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("When and where it happened, and what was said or asked. Do not write your NIK."),
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachment = forms.FileField(
        label=_("Photo or document (optional)"),
        help_text=_("A photo (JPEG, PNG, WebP) or a PDF, at most 5 MB."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    filer_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    filer_contact = forms.CharField(
        label=_("Phone or email (optional)"),
        help_text=_("Only if you want the office to contact you. Leave both empty to stay anonymous."),
        max_length=120,
        required=False,
    )
    # Spam protection: people never see "website"; "started" proves when the form was shown.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = new_form_stamp()
        offices = self.fields["office"].queryset  # type: ignore[attr-defined]
        if offices.count() == 1:
            self.fields["office"].initial = offices.first()
        self.fields["station"].label_from_instance = self._station_label  # type: ignore[attr-defined]

    @staticmethod
    def _station_label(station: Station) -> str:
        return f"{station.office.name}: {station.name}"

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(FORM_REFUSED, code="honeypot")
        return ""

    def clean_started(self) -> str:
        value = self.cleaned_data.get("started", "")
        try:
            started = int(signing.TimestampSigner(salt=FORM_SALT).unsign(value, max_age=FORM_MAX_AGE))
        except signing.SignatureExpired:
            raise forms.ValidationError(FORM_EXPIRED, code="expired") from None
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(FORM_REFUSED, code="tampered") from None
        if time.time() - started < min_fill_seconds():
            raise forms.ValidationError(FORM_TOO_FAST, code="too_fast")
        return value

    def spam_errors(self) -> bool:
        """The form failed only on the anti-spam fields (shown as one message, not per field)."""
        return any(name in self.errors for name in ("website", "started"))


class ComplaintStaffForm(forms.Form):
    staff_member = forms.ModelChoiceField(
        label=_("Staff account concerned"), queryset=Staff.objects.none(), required=False
    )

    def __init__(self, *args: Any, office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = Staff.objects.filter(  # type: ignore[attr-defined]
            office_id=office_id, is_active=True
        ).order_by("first_name", "last_name")


class ComplaintActionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ComplaintStatus.choices, widget=forms.HiddenInput)
    expected_status = forms.ChoiceField(choices=ComplaintStatus.choices, widget=forms.HiddenInput)
    response = forms.CharField(
        label=_("Answer to the filer"),
        help_text=_("The filer reads this with their tracking code. Do not name other citizens."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DESCRIPTION_LIMIT,
    )
    note = forms.CharField(
        label=_("Internal note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
