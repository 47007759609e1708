"""What the waiting-room display shows: who is at each station, the next numbers, recent calls to
announce, and the wait for a newcomer. Built only when the board's version has changed."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from loket.intake.announce import announcement
from loket.intake.estimates import WaitEstimate
from loket.intake.hours import local_now
from loket.intake.models import BoardState, Call, Ticket
from loket.intake.models.queue import format_number
from loket.intake.selectors.queue import estimate_for, standard_minutes_by_stage, waiting_at
from loket.intake.services.console import CALL_ORDER
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Station, StationKind

NEXT_SHOWN = 6
CALLS_SHOWN = 5


def board_version(office_id: int) -> str | None:
    """What an unchanged board costs: one query (the board row by primary key, and the office's
    latest ticket id by index). Changes when a station acts or a ticket is issued.

    Plain SQL: every waiting-room TV asks every second, and building this query with the ORM cost
    several times what the database spends answering it."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [office_id])
        row = cursor.fetchone()
    return None if row is None else f"{row[0]}.{row[1] or 0}"


# The table names come from the models, never from input; the office id is a parameter.
_VERSION_SQL = " ".join(
    (
        f"SELECT b.version, (SELECT t.id FROM {Ticket._meta.db_table} t",  # noqa: S608
        "WHERE t.office_id = b.office_id ORDER BY t.id DESC LIMIT 1)",
        f"FROM {BoardState._meta.db_table} b WHERE b.office_id = %s",
    )
)


def wait_label(estimate: WaitEstimate) -> str:
    if estimate.is_now:
        return _("no wait")
    text = _("%(low)s–%(high)s min") % {"low": estimate.low, "high": estimate.high}
    return f"± {text}" if estimate.rough else text


def today_hours(office: Office) -> dict[str, Any]:
    calendar = WorkingCalendar.for_office(office)
    day = local_now(office).date()
    reason = calendar.closed_reason(day)
    if reason is not None:
        return {"open": False, "text": _("Closed today: %(reason)s") % {"reason": reason}}
    hours = calendar.hours[day.weekday()]
    text = f"{hours.opens:%H.%M}–{hours.closes:%H.%M}"
    if hours.break_start and hours.break_end:
        text += " · " + _("break %(start)s–%(end)s") % {
            "start": f"{hours.break_start:%H.%M}",
            "end": f"{hours.break_end:%H.%M}",
        }
    return {"open": True, "text": text}


def board_state(office: Office) -> dict[str, Any]:
    now = local_now(office)
    day = now.date()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    version = board_version(office.pk) or ""
    stations = list(Station.objects.filter(office=office).order_by("number"))
    serving = {
        station_id: format_number(prefix, number)
        for station_id, prefix, number in Ticket.objects.filter(
            office=office, status__in=["called", "serving"]
        ).values_list("station_id", "prefix", "number")
    }
    standards = standard_minutes_by_stage(office.pk)
    calls = (
        Call.objects.filter(office=office, at__gte=midnight)
        .select_related("ticket", "station")
        .order_by("-id")[:CALLS_SHOWN]
    )
    return {
        "v": version,
        "day": day.isoformat(),
        "stations": [
            {
                "number": s.number,
                "name": s.name,
                "kind": str(StationKind(s.kind).label),
                "in_service": s.in_service,
                "serving": serving.get(s.pk, ""),
            }
            for s in stations
        ],
        "queues": [
            _queue(office, day, kind, servers=count, standard=standards.get(kind, 10.0))
            for kind in StationKind.values
            if (count := sum(1 for s in stations if s.kind == kind and s.in_service))
        ],
        "calls": [
            {
                "id": c.pk,
                "number": c.ticket.display_number,
                "station": c.station.number,
                "station_name": c.station.name,
                "text": announcement(c.ticket.prefix, c.ticket.number, c.station.number),
                "at": c.at.astimezone(now.tzinfo).strftime("%H:%M:%S"),
            }
            for c in calls
        ],
    }


def _queue(office: Office, day: Any, kind: str, *, servers: int, standard: float) -> dict[str, Any]:
    waiting = waiting_at(office.pk, day, kind)
    count = waiting.count()
    shown = waiting.order_by(*CALL_ORDER).only("prefix", "number")[:NEXT_SHOWN]
    estimate = estimate_for(office.pk, kind, count, servers_in_service=servers, standard_minutes=standard)
    return {
        "kind": str(StationKind(kind).label),
        "waiting": count,
        "next": [t.display_number for t in shown],
        "wait": wait_label(estimate),
    }
