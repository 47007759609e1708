"""Forms of the staff workspace. They check the shape of the input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from loket.applications.lifecycle import Status
from loket.applications.models import Application, Channel, CollectorKind, IdentityCheck
from loket.applications.requirements import Requirement, requirements_for
from loket.applications.services.printing import MAX_DELIVERY
from loket.applications.services.registration import ContactChoice
from loket.offices.models import Office, Region, RegionLevel, ServiceType, Station, StationKind
from loket.people.forms import PersonForm

NEEDS_PHONE = _("Messages by WhatsApp or SMS need a mobile phone number.")
NEEDS_EMAIL = _("Messages by email need an email address.")
# The channels the notifications room delivers; "" records that the citizen wants no messages.
CONTACT_CHANNELS = [("", _("No messages")), ("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", _("Email"))]

CORRECTION_NOT_ZERO = _("Enter how many blanks to add (positive) or remove (negative), not zero.")

_NOTE = {"rows": 2, "maxlength": 1000}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Receipt number, NIK or name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "type": "search"}),
    )


def checklist(
    service_type: str, ticked: set[str] | frozenset[str] = frozenset()
) -> list[tuple[Requirement, bool]]:
    """The requirement lines of a service type, each with whether it is ticked, for the template."""
    return [(requirement, requirement.code in ticked) for requirement in requirements_for(service_type)]


def _office_villages(office: Office) -> Any:
    """The kelurahan the office serves; every kelurahan of its kecamatan when none is configured."""
    served = office.served_regions.filter(level=RegionLevel.VILLAGE)
    if served.exists():
        return served
    return Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{office.region_id}.")


class NewApplicationForm(PersonForm):
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices, initial=ServiceType.NEW)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.WALK_IN)
    fulfilled = forms.MultipleChoiceField(label=_("Documents brought"), required=False)
    station = forms.ModelChoiceField(
        label=_("Registration counter"), queryset=Station.objects.none(), required=False, empty_label="—"
    )
    notify_channel = forms.ChoiceField(
        label=_("Messages about this application"),
        choices=CONTACT_CHANNELS,
        required=False,
        help_text=_(
            "Only with the citizen's consent: when documents are missing, the card is ready, or it is late."
        ),
    )
    notify_language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        initial="id",
        required=False,
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, villages=_office_villages(office), **kwargs)
        station = self.fields["station"]
        assert isinstance(station, forms.ModelChoiceField)
        station.queryset = office.stations.filter(kind=StationKind.REGISTRATION, in_service=True)
        fulfilled = self.fields["fulfilled"]
        assert isinstance(fulfilled, forms.MultipleChoiceField)
        fulfilled.choices = [(r.code, r.label) for r in requirements_for(self.chosen_service_type())]

    def chosen_service_type(self) -> str:
        """The service type typed in (or the default), so the checklist matches it."""
        value = self.data.get("service_type") if self.is_bound else None
        return value if value in ServiceType.values else ServiceType.NEW

    def checklist(self) -> list[tuple[Requirement, bool]]:
        ticked = set(self.data.getlist("fulfilled")) if isinstance(self.data, QueryDict) else set()
        return checklist(self.chosen_service_type(), ticked)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("notify_channel")
        if channel in ("whatsapp", "sms") and not data.get("phone"):
            self.add_error("phone", NEEDS_PHONE)
        if channel == "email" and not data.get("email"):
            self.add_error("email", NEEDS_EMAIL)
        return data

    def register_kwargs(self) -> dict[str, Any]:
        """The cleaned fields as ``services.application_register`` takes them."""
        data = self.cleaned_data
        channel = data.get("notify_channel")
        return {
            **self.person_kwargs(),
            "service_type": data["service_type"],
            "channel": data["channel"],
            "fulfilled": data["fulfilled"],
            "station": data["station"],
            "contact": ContactChoice(channel=channel, language=data.get("notify_language") or "id")
            if channel
            else None,
        }


class RequirementsForm(forms.Form):
    fulfilled = forms.MultipleChoiceField(required=False)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fulfilled"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(r.code, r.label) for r in requirements_for(application.service_type)]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Status.choices)
    # The status the officer saw when the page was drawn: a change made meanwhile is refused.
    expected_status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs=_NOTE)
    )


class PrintForm(forms.Form):
    expected_status = forms.ChoiceField(choices=Status.choices)
    station = forms.ModelChoiceField(
        label=_("Print station"), queryset=Station.objects.none(), empty_label=None
    )
    spoiled = forms.BooleanField(
        label=_("The print failed (card spoiled): record the lost blank, print again later"), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs=_NOTE)
    )

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["station"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = office.stations.filter(kind=StationKind.PRINT, in_service=True)


class PickupForm(forms.Form):
    expected_status = forms.ChoiceField(choices=Status.choices)
    collector_kind = forms.ChoiceField(
        label=_("Collected by"),
        choices=CollectorKind.choices,
        initial=CollectorKind.SELF,
        widget=forms.RadioSelect,
    )
    collector_name = forms.CharField(label=_("Representative's name"), required=False, max_length=120)
    collector_relation = forms.CharField(label=_("Relation to the applicant"), required=False, max_length=60)
    identity_check = forms.ChoiceField(
        label=_("Identity checked by"), choices=IdentityCheck.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs=_NOTE)
    )


class BlankReceiveForm(forms.Form):
    quantity = forms.IntegerField(label=_("Blanks received"), min_value=1, max_value=MAX_DELIVERY)
    reference = forms.CharField(label=_("Delivery note number"), required=False, max_length=80)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs=_NOTE)
    )


class BlankCorrectForm(forms.Form):
    delta = forms.IntegerField(
        label=_("Difference"),
        min_value=-MAX_DELIVERY,
        max_value=MAX_DELIVERY,
        help_text=_("Counted minus recorded: negative when blanks are missing."),
    )
    note = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs=_NOTE))

    def clean_delta(self) -> int:
        value: int = self.cleaned_data["delta"]
        if value == 0:
            raise ValidationError(CORRECTION_NOT_ZERO, code="correction_zero")
        return value
