"""An office's intake configuration, created with sensible defaults the first time it is needed."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from loket.intake.models import BoardState, IntakeSettings, QueueService, QueueServiceKind
from loket.offices.models import Office, StationKind

# kind, prefix, standard minutes per citizen, first station, bookable online
DEFAULT_SERVICES = (
    (QueueServiceKind.NEW, "A", 12, StationKind.REGISTRATION, True),
    (QueueServiceKind.DAMAGED, "B", 8, StationKind.REGISTRATION, True),
    (QueueServiceKind.LOST, "C", 10, StationKind.REGISTRATION, True),
    (QueueServiceKind.DATA_CHANGE, "D", 12, StationKind.REGISTRATION, True),
    (QueueServiceKind.MOVING_IN, "E", 12, StationKind.REGISTRATION, True),
    (QueueServiceKind.IKD, "F", 10, StationKind.REGISTRATION, True),
    # Collecting a printed card goes straight to the print station.
    (QueueServiceKind.PICKUP, "G", 5, StationKind.PRINT, False),
)


def intake_setup(office: Office) -> IntakeSettings:
    """The office's settings; on first use also its default services and its board row.

    Safe when two requests do it at once: the loser of the race reads what the winner wrote.
    """
    found = IntakeSettings.objects.filter(office=office).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            settings = IntakeSettings.objects.create(office=office)
            QueueService.objects.bulk_create(
                QueueService(
                    office=office,
                    kind=kind,
                    prefix=prefix,
                    minutes_per_citizen=minutes,
                    first_stage=stage,
                    bookable=bookable,
                    position=position,
                )
                for position, (kind, prefix, minutes, stage, bookable) in enumerate(DEFAULT_SERVICES)
            )
            BoardState.objects.create(office=office)
            return settings
    except IntegrityError:
        return IntakeSettings.objects.get(office=office)


def board_touch(office_id: int) -> None:
    """Tell every display board of the office that something changed. Call it last in the
    transaction that made the change: it holds the board row's lock until the commit."""
    if not BoardState.objects.filter(office_id=office_id).update(version=F("version") + 1):
        BoardState.objects.get_or_create(office_id=office_id)
