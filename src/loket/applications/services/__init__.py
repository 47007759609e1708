"""Every write to applications goes through these functions (see each module's docstring)."""

from loket.applications.services.lifecycle import (
    application_requirements_set,
    application_submit,
    application_transition,
)
from loket.applications.services.pickup import card_pickup
from loket.applications.services.printing import blank_stock_correct, blank_stock_receive, card_print
from loket.applications.services.registration import application_register
from loket.applications.services.suket import suket_issue

__all__ = [
    "application_register",
    "application_requirements_set",
    "application_submit",
    "application_transition",
    "blank_stock_correct",
    "blank_stock_receive",
    "card_pickup",
    "card_print",
    "suket_issue",
]
