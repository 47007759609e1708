"""What the waiting-room display shows: who is at each station, the next numbers, recent calls to
announce, and the wait for a newcomer. Built only when the board's version has changed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from loket.intake.announce import announcement
from loket.intake.estimates import WaitEstimate
from loket.intake.hours import local_now
from loket.intake.models import BoardState, Call, Ticket
from loket.intake.selectors.queue import estimate_for, waiting_at
from loket.intake.services.console import CALL_ORDER
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Station, StationKind

NEXT_SHOWN = 6
CALLS_SHOWN = 5


def board_version(office_id: int) -> int | None:
    """One primary-key lookup: all an unchanged board costs."""
    return BoardState.objects.filter(office_id=office_id).values_list("version", flat=True).first()


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
    version = board_version(office.pk) or 0
    stations = list(Station.objects.filter(office=office).order_by("number"))
    serving = dict(
        Ticket.objects.filter(office=office, status__in=["called", "serving"]).values_list("station_id", "id")
    )
    numbers = {
        t.pk: t.display_number
        for t in Ticket.objects.filter(pk__in=serving.values()).only("prefix", "number")
    }
    by_number = {s.pk: s for s in stations}
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
                "serving": numbers.get(serving.get(s.pk, 0), ""),
            }
            for s in stations
        ],
        "queues": [_queue(office, day, kind) for kind in StationKind.values if _has(by_number, kind)],
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


def _has(stations: dict[int, Station], kind: str) -> bool:
    return any(s.kind == kind and s.in_service for s in stations.values())


def _queue(office: Office, day: Any, kind: str) -> dict[str, Any]:
    waiting = waiting_at(office.pk, day, kind)
    count = waiting.count()
    shown = waiting.order_by(*CALL_ORDER).only("prefix", "number")[:NEXT_SHOWN]
    return {
        "kind": str(StationKind(kind).label),
        "waiting": count,
        "next": [t.display_number for t in shown],
        "wait": wait_label(estimate_for(office.pk, kind, count)),
    }
