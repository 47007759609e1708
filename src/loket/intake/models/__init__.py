"""Intake: the office's queue (settings, services, tickets, visits, calls, the board's version),
online booking (slots and bookings) and outreach (requests, events, kits, participants)."""

from loket.intake.models.booking import Booking, BookingSlot, BookingStatus
from loket.intake.models.outreach import (
    OutreachEvent,
    OutreachEventStatus,
    OutreachOutcome,
    OutreachParticipant,
    OutreachRequest,
    OutreachRequestStatus,
    RecordingKit,
    RequesterKind,
    TargetGroup,
)
from loket.intake.models.queue import (
    BoardState,
    Call,
    IntakeSettings,
    PriorityReason,
    QueueService,
    QueueServiceKind,
    Ticket,
    TicketChannel,
    TicketStatus,
    Visit,
    VisitOutcome,
)

__all__ = [
    "BoardState",
    "Booking",
    "BookingSlot",
    "BookingStatus",
    "Call",
    "IntakeSettings",
    "OutreachEvent",
    "OutreachEventStatus",
    "OutreachOutcome",
    "OutreachParticipant",
    "OutreachRequest",
    "OutreachRequestStatus",
    "PriorityReason",
    "QueueService",
    "QueueServiceKind",
    "RecordingKit",
    "RequesterKind",
    "TargetGroup",
    "Ticket",
    "TicketChannel",
    "TicketStatus",
    "Visit",
    "VisitOutcome",
]
