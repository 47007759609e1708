"""Every write of the intake area goes through these functions."""

from loket.intake.services.booking import (
    booking_cancel,
    booking_check_in,
    booking_create,
    booking_expire_one,
    booking_mark_no_show,
    booking_reschedule,
    slots_ensure,
    slots_follow_counters,
)
from loket.intake.services.console import (
    ticket_call_next,
    ticket_call_number,
    ticket_cancel,
    ticket_finish,
    ticket_no_show,
    ticket_park,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from loket.intake.services.outreach import (
    outreach_event_close,
    outreach_event_schedule,
    outreach_outcome_record,
    outreach_participant_add,
    outreach_request_create,
)
from loket.intake.services.registration import ticket_link_application, ticket_register_application
from loket.intake.services.setup import board_touch, intake_setup
from loket.intake.services.sweep import ticket_close_day_one
from loket.intake.services.tickets import ticket_issue

__all__ = [
    "board_touch",
    "booking_cancel",
    "booking_check_in",
    "booking_create",
    "booking_expire_one",
    "booking_mark_no_show",
    "booking_reschedule",
    "intake_setup",
    "outreach_event_close",
    "outreach_event_schedule",
    "outreach_outcome_record",
    "outreach_participant_add",
    "outreach_request_create",
    "slots_ensure",
    "slots_follow_counters",
    "ticket_call_next",
    "ticket_call_number",
    "ticket_cancel",
    "ticket_close_day_one",
    "ticket_finish",
    "ticket_issue",
    "ticket_link_application",
    "ticket_no_show",
    "ticket_park",
    "ticket_recall",
    "ticket_register_application",
    "ticket_start",
    "ticket_transfer",
]
