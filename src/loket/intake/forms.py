"""Forms of the intake pages. They check the shape of the input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from loket.applications.requirements import requirements_for
from loket.intake.models import (
    BookingSlot,
    OutreachOutcome,
    OutreachRequest,
    OutreachRequestStatus,
    PriorityReason,
    QueueService,
    RecordingKit,
    TargetGroup,
)
from loket.offices.models import Office, Region, RegionLevel, Staff, Station, StationKind
from loket.people.forms import PersonForm
from loket.people.nik import validate_nik

CODE_REQUIRED = _("Enter the booking code printed on your confirmation.")
NUMBER_REQUIRED = _("Type the queue number to call.")
NIK_REQUIRED = _("Enter the NIK of the person who will come (16 digits).")
SLOT_REQUIRED = _("Choose a time.")
TRANSFER_REQUIRED = _("Choose where to send the citizen.")

# Where a citizen usually goes next: the transfer form proposes it.
NEXT_STAGE: dict[str, str] = {
    StationKind.REGISTRATION: StationKind.RECORDING,
    StationKind.RECORDING: StationKind.PRINT,
    StationKind.PRINT: StationKind.REGISTRATION,
}

_DIGITS = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}


class KioskForm(forms.Form):
    service = forms.ModelChoiceField(queryset=QueueService.objects.none())
    priority = forms.ChoiceField(choices=[("", "-"), *PriorityReason.choices], required=False)

    def __init__(self, *args: Any, services: QuerySet[QueueService], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Booking code"),
        max_length=200,  # a scanner may type the whole URL of the QR code
        error_messages={"required": CODE_REQUIRED},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class BookingForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=QueueService.objects.none(), empty_label=None
    )
    slot = forms.ModelChoiceField(
        label=_("Time"),
        queryset=BookingSlot.objects.none(),
        error_messages={"required": SLOT_REQUIRED, "invalid_choice": SLOT_REQUIRED},
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name of the person who will come"), max_length=120)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("Used only to prevent double bookings; stored as an irreversible code, never in clear."),
        error_messages={"required": NIK_REQUIRED},
        widget=forms.TextInput(attrs={**_DIGITS, "maxlength": 24}),
    )
    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=20,
        required=False,
        help_text=_(
            "For a reminder the day before, a message when your turn in the queue is near, and news if "
            "the office has to close that day."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(
        self, *args: Any, services: QuerySet[QueueService], slots: QuerySet[BookingSlot], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["slot"].queryset = slots  # type: ignore[attr-defined]

    def clean_nik(self) -> str:
        return validate_nik(self.cleaned_data["nik"])


class RescheduleForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("New time"),
        queryset=BookingSlot.objects.none(),
        error_messages={"required": SLOT_REQUIRED, "invalid_choice": SLOT_REQUIRED},
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, slots: QuerySet[BookingSlot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots  # type: ignore[attr-defined]


class CallNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Queue number"),
        max_length=12,
        error_messages={"required": NUMBER_REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "A-023", "size": 8}),
    )


class TransferForm(forms.Form):
    """Where to: any station of a kind ("kind:recording") or one station ("station:12")."""

    to = forms.ChoiceField(label=_("Send to"), error_messages={"required": TRANSFER_REQUIRED})

    def __init__(self, *args: Any, station: Station, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Station.objects.filter(office_id=station.office_id, in_service=True).exclude(pk=station.pk)
        kinds = [
            (f"kind:{k}", _("Any %(kind)s") % {"kind": StationKind(k).label.lower()})
            for k in StationKind.values
        ]
        self.fields["to"].choices = [  # type: ignore[attr-defined]
            *kinds,
            *[(f"station:{s.pk}", s.name) for s in others.order_by("number")],
        ]
        self._stations = {s.pk: s for s in others}

        self.initial.setdefault("to", f"kind:{NEXT_STAGE[station.kind]}")

    def target(self) -> dict[str, Any]:
        kind, _sep, value = self.cleaned_data["to"].partition(":")
        if kind == "station":
            return {"to_station": self._stations[int(value)]}
        return {"to_kind": value}


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt number"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class TicketRegistrationForm(PersonForm):
    """The citizen's data typed at the counter, plus the documents they brought."""

    fulfilled = forms.MultipleChoiceField(
        label=_("Documents brought"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, service_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fulfilled"].choices = [  # type: ignore[attr-defined]
            (r.code, r.label) for r in requirements_for(service_type)
        ]


class OutreachRequestForm(forms.ModelForm):
    class Meta:
        model = OutreachRequest
        fields = [
            "requester_kind",
            "requester_name",
            "contact_phone",
            "target_group",
            "people_expected",
            "location",
            "village",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages(office)  # type: ignore[attr-defined]


class OutreachEventForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    location = forms.CharField(label=_("Place"), max_length=200)
    village = forms.ModelChoiceField(label=_("Kelurahan"), queryset=Region.objects.none(), required=False)
    target_group = forms.ChoiceField(label=_("For"), choices=TargetGroup.choices)
    target_count = forms.IntegerField(label=_("Target (people)"), min_value=0, max_value=10_000, initial=0)
    kit = forms.ModelChoiceField(
        label=_("Recording kit"), queryset=RecordingKit.objects.none(), empty_label=None
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Team"), queryset=Staff.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    requests = forms.ModelMultipleChoiceField(
        label=_("Requests served"),
        queryset=OutreachRequest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, office: Office, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages(office)  # type: ignore[attr-defined]
        self.fields["kit"].queryset = RecordingKit.objects.filter(office=office, active=True)  # type: ignore[attr-defined]
        self.fields["team"].queryset = Staff.objects.filter(office=office, is_active=True).order_by(  # type: ignore[attr-defined]
            "first_name", "last_name"
        )
        self.fields["requests"].queryset = OutreachRequest.objects.filter(  # type: ignore[attr-defined]
            office=office, status=OutreachRequestStatus.NEW
        )


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    nik = forms.CharField(
        label=_("NIK (if known)"), max_length=24, required=False, widget=forms.TextInput(attrs={**_DIGITS})
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in OutreachOutcome.choices if c[0] != OutreachOutcome.PENDING],
        widget=forms.RadioSelect,
    )


def _villages(office: Office) -> QuerySet[Region]:
    served = office.served_regions.filter(level=RegionLevel.VILLAGE)
    if served.exists():
        return served
    return Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{office.region_id}.")
