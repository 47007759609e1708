"""At the registration counter a ticket becomes an application: registered here from the console
(through ``applications.services.application_register``), or an existing one linked by receipt."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from loket.applications.models import Application, Channel
from loket.applications.receipts import normalize_receipt
from loket.applications.services import application_register
from loket.core.errors import ServiceError
from loket.intake.models import Ticket, TicketChannel
from loket.intake.services.console import CONSOLE_ROLES, NO_ACTIVE_TICKET
from loket.offices.access import require
from loket.offices.models import Staff, Station, StationKind

RECEIPT_NOT_FOUND = _("No application of this office has receipt number %(receipt)s.")
ALREADY_LINKED = _("Ticket %(number)s is already linked to application %(receipt)s.")
NOT_A_REGISTRATION_SERVICE = _("%(service)s does not register an application.")


def _active_ticket(station: Station) -> Ticket:
    ticket = (
        Ticket.objects.select_for_update()
        .select_related("service")
        .filter(station=station, status__in=["called", "serving"])
        .first()
    )
    if ticket is None:
        raise ServiceError(NO_ACTIVE_TICKET, code="no_active_ticket")
    if ticket.application_id is not None:
        raise ServiceError(
            ALREADY_LINKED,
            code="already_linked",
            number=ticket.display_number,
            receipt=ticket.application.display_receipt if ticket.application else "",
        )
    return ticket


@transaction.atomic
def ticket_register_application(
    *, actor: Staff, station: Station, person: dict[str, Any], fulfilled: tuple[str, ...] = ()
) -> Application:
    """Register the citizen at this counter and link the new application to the ticket being
    served, in one transaction: if the registration is refused, the ticket is not touched."""
    require(actor, roles=CONSOLE_ROLES, office_id=station.office_id)
    ticket = _active_ticket(station)
    service_type = ticket.service.application_service_type
    if service_type is None:
        raise ServiceError(NOT_A_REGISTRATION_SERVICE, code="not_registration", service=ticket.service.label)
    application = application_register(
        actor=actor,
        office=station.office,
        service_type=service_type,
        channel=Channel.ONLINE if ticket.channel == TicketChannel.BOOKING else Channel.WALK_IN,
        station=station if station.kind == StationKind.REGISTRATION else None,
        fulfilled=fulfilled,
        **person,
    )
    ticket.application = application
    ticket.save(update_fields=["application"])
    return application


@transaction.atomic
def ticket_link_application(*, actor: Staff, station: Station, receipt: str) -> Application:
    """Link the ticket being served to an application the citizen already has (a returning
    citizen, or one registered in the staff workspace)."""
    require(actor, roles=CONSOLE_ROLES, office_id=station.office_id)
    ticket = _active_ticket(station)
    number = normalize_receipt(receipt)
    application = Application.objects.filter(office_id=station.office_id, receipt_number=number).first()
    if not number or application is None:
        raise ServiceError(RECEIPT_NOT_FOUND, code="receipt_not_found", receipt=receipt.strip()[:20])
    ticket.application = application
    ticket.save(update_fields=["application"])
    return application
