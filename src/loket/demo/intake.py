"""The intake room's demo data for one office: the queue of its last working days (tickets, visits,
calls), booking slots and bookings, written in bulk like the history; and the queue counters.

Numbers are what ``ticket_create`` gives: per office, day and prefix, 1, 2, 3 ... in the order the
tickets were issued, and the ``core.Counter`` row ``queue:<office>:<day>:<prefix>`` holds the last
one, so the kiosk's next ticket today continues from there. Ticket ids follow the issue order
(the display board reads the latest ticket id), visit ids the calls, call ids their moments.
Ticket tokens and booking codes are bearer secrets: drawn with ``secrets`` as the live services
draw them, not from the seed.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from bisect import bisect_right
from dataclasses import dataclass, field

from django.db import transaction

from loket.core.models import Counter
from loket.demo.bookings import Bookings
from loket.demo.clock import WorkTime
from loket.demo.queue import OfficeQueue, QueueDay
from loket.demo.stations import BookingDraft, SlotDraft, TicketDraft, VisitDraft
from loket.demo.traces import QueueLog
from loket.demo.writer import BulkWriter, Ids
from loket.intake.models import QueueService, TicketChannel
from loket.intake.services.booking import CODE_ALPHABET, CODE_LENGTH, counters_in_service, nik_hash
from loket.intake.services.setup import intake_setup
from loket.intake.services.tickets import new_token, queue_key
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Role, StationKind
from loket.people.models import Person

WINDOW_DAYS = 30  # working days of queue history at an ordinary volume
USUAL_PER_DAY = 150
AHEAD_DAYS = 5  # working days of bookings to come


def queue_days(per_day: float) -> int:
    """Working days of queue history: 30 at the usual volume, fewer when --applications packs many
    more citizens into each day, so the queue stays about the same size."""
    if per_day <= 1.5 * USUAL_PER_DAY:
        return WINDOW_DAYS
    return max(3, round(WINDOW_DAYS * USUAL_PER_DAY / per_day))


def queue_window(work: WorkTime, *, first_day: int, last_day: int, days: int) -> list[int]:
    """The last ``days`` working days up to ``last_day``, none before the office's history began."""
    end = bisect_right(work.working, last_day)
    return [day for day in work.working[max(0, end - days) : end] if day >= first_day]


@dataclass
class QueueWriter:
    office: Office
    work: WorkTime
    log: QueueLog
    horizon: int
    window: list[int]
    staff: dict[str, list[int]]
    rng: random.Random
    writer: BulkWriter
    ids: Ids
    services: dict[str, int] = field(default_factory=dict)  # queue service kind -> id

    def write(self) -> dict[str, int]:
        office, work = self.office, self.work
        settings = intake_setup(office)
        calendar = WorkingCalendar.for_office(office)
        queue = self._office_queue(
            settings.tickets_from_minutes_before_open, settings.last_ticket_minutes_before_close
        )
        bookings = Bookings(
            calendar=calendar,
            settings=settings,
            counters=counters_in_service(office),
            horizon=self.horizon,
            rng=self.rng,
        )
        self.services = dict(QueueService.objects.filter(office=self.office).values_list("kind", "id"))
        sizes = [len(self.log.registrations.get(day, [])) for day in self.window] or [0]
        average = sum(sizes) / len(sizes)
        tickets: list[TicketDraft] = []
        for day in self._days():
            registrations = self.log.registrations.get(day, [])
            queue_day = QueueDay(queue, day, self.rng)
            queue_day.draw(registrations, self.log.collections.get(day, []))
            queue_day.place()
            for ticket in queue_day.tickets:
                if ticket.online:
                    bookings.check_in(ticket, work.date(day))
            queue_day.issue()
            queue_day.tickets += bookings.around(work.date(day), day=day)
            queue_day.complete(busy=len(registrations) > 1.15 * average)
            queue_day.settle()
            tickets += queue_day.tickets
        bookings.ahead(self._coming_days(calendar))
        slots = [slot for day_slots in bookings.slots.values() for slot in day_slots]
        self._write_slots(slots)
        self._write_tickets(tickets)
        self._write_counters(tickets)
        return {
            "tickets": len(tickets),
            "visits": sum(len(t.visits) for t in tickets),
            "bookings": sum(len(s.bookings) for s in slots),
        }

    def _office_queue(self, before_open: int, before_close: int) -> OfficeQueue:
        stations = list(self.office.stations.order_by("number").values_list("id", "kind"))
        counters = [pk for pk, kind in stations if kind == StationKind.REGISTRATION]
        rooms = [pk for pk, kind in stations if kind == StationKind.RECORDING]
        operators = self.staff.get(Role.OPERATOR.value, [])
        recorders = self.staff.get(Role.RECORDING_OFFICER.value, [])
        return OfficeQueue(
            office_id=self.office.pk,
            work=self.work,
            horizon=self.horizon,
            recorder_at=counter_of(recorders, rooms),
            operator_at={station: operator for operator, station in counter_of(operators, counters).items()},
            print_station=next(pk for pk, kind in stations if kind == StationKind.PRINT),
            kiosk_from=before_open * 60,
            kiosk_until=before_close * 60,
        )

    def _days(self) -> list[int]:
        days = list(self.window)
        today = self.work.day_of(self.horizon)
        if self.work.is_working(today) and today not in days and days and today > days[-1]:
            days.append(today)
        return days

    def _coming_days(self, calendar: WorkingCalendar) -> list[dt.date]:
        today = dt.datetime.fromtimestamp(self.horizon, tz=calendar.tz).date()
        coming = []
        for day in calendar.working_days_after(today):
            coming.append(day)
            if len(coming) == AHEAD_DAYS:
                return coming
        return coming  # pragma: no cover - working_days_after never ends early

    # Rows ---------------------------------------------------------------------------------------

    def _write_slots(self, slots: list[SlotDraft]) -> None:
        when, rows = self.writer.when, self.writer.rows
        persons = self._persons([b for s in slots for b in s.bookings])
        codes: set[str] = set()
        for slot in sorted(slots, key=lambda s: s.starts):
            slot.id = self.ids.take("slot")
            rows["slot"].append(
                (
                    slot.id,
                    self.office.pk,
                    slot.date.isoformat(),
                    when(slot.starts),
                    when(slot.ends),
                    slot.capacity,
                    slot.booked,
                )
            )
        bookings = sorted((b for s in slots for b in s.bookings), key=lambda b: (b.created, b.slot.starts))
        for booking in bookings:
            booking.id = self.ids.take("booking")
            name, phone, nik = persons.get(booking.person, ("", "", "")) if booking.person else ("", "", "")
            rows["booking"].append(
                (
                    booking.id,
                    self.office.pk,
                    booking.slot.id,
                    booking.slot.date.isoformat(),
                    self._service(booking.kind),
                    _code(codes),
                    (name or booking.name)[:120],
                    phone or booking.phone,
                    "id",  # booked on the Indonesian pages: their reminders come in Indonesian
                    nik_hash(nik or booking.nik),
                    booking.status,
                    when(booking.created),
                    when(booking.changed),
                    booking.reschedules,
                    when(booking.checked_in),
                    when(booking.cancelled),
                    when(booking.no_show),
                )
            )

    def _persons(self, bookings: list[BookingDraft]) -> dict[int | None, tuple[str, str, str]]:
        wanted = {b.person for b in bookings if b.person is not None}
        rows = Person.objects.filter(pk__in=wanted).values_list("pk", "full_name", "phone", "nik")
        return {pk: (name, phone, nik) for pk, name, phone, nik in rows}

    def _service(self, kind: str) -> int:
        return self.services[kind]

    def _write_tickets(self, tickets: list[TicketDraft]) -> None:
        """Numbers per day and prefix in issue order; ids in issue order too."""
        ordered = sorted(enumerate(tickets), key=lambda pair: (pair[1].issued, pair[0]))
        numbers: dict[tuple[int, str], int] = {}
        prefixes = dict(QueueService.objects.filter(office=self.office).values_list("kind", "prefix"))
        when, rows, office = self.writer.when, self.writer.rows, self.office.pk
        visits: list[tuple[VisitDraft, TicketDraft, int | None]] = []
        for _position, ticket in ordered:
            prefix = prefixes[ticket.kind]
            ticket.prefix = prefix
            ticket.number = numbers[(ticket.day, prefix)] = numbers.get((ticket.day, prefix), 0) + 1
            ticket.id = self.ids.take("ticket")
            day = self.work.date(ticket.day).isoformat()
            rows["ticket"].append(
                (
                    ticket.id,
                    office,
                    self._service(ticket.kind),
                    day,
                    prefix,
                    ticket.number,
                    new_token(),
                    TicketChannel.BOOKING.value if ticket.booking else TicketChannel.WALK_IN.value,
                    ticket.priority,
                    ticket.booking.id if ticket.booking else None,
                    ticket.status,
                    ticket.stage,
                    ticket.station,
                    None,
                    when(ticket.issued),
                    when(ticket.queued),
                    when(ticket.sort_at),
                    when(ticket.finished),
                    ticket.application,
                )
            )
            previous = None
            for visit in ticket.visits:
                visits.append((visit, ticket, ticket.issued if previous is None else previous.ended))
                previous = visit
        self._write_visits(visits)

    def _write_visits(self, visits: list[tuple[VisitDraft, TicketDraft, int | None]]) -> None:
        when, rows, office = self.writer.when, self.writer.rows, self.office.pk
        calls = []
        for visit, ticket, queued in sorted(visits, key=lambda v: (v[0].called, v[1].issued)):
            visit.id = self.ids.take("visit")
            rows["visit"].append(
                (
                    visit.id,
                    ticket.id,
                    office,
                    self.work.date(ticket.day).isoformat(),
                    visit.station,
                    visit.stage,
                    visit.staff,
                    when(queued),
                    when(visit.called),
                    when(visit.started),
                    when(visit.ended),
                    "" if visit.is_open else visit.outcome,
                    1 if visit.recalled is not None else 0,
                )
            )
            calls.append((visit.called, False, visit, ticket))
            if visit.recalled is not None:
                calls.append((visit.recalled, True, visit, ticket))
        for at, recall, visit, ticket in sorted(calls, key=lambda c: (c[0], c[2].id)):
            rows["call"].append(
                (self.ids.take("call"), office, ticket.id, visit.id, visit.station, when(at), recall)
            )

    @transaction.atomic
    def _write_counters(self, tickets: list[TicketDraft]) -> None:
        """The counters the live kiosk continues from: the last number of each day and prefix."""
        last: dict[str, int] = {}
        for ticket in tickets:
            key = queue_key(self.office.pk, self.work.date(ticket.day), ticket.prefix)
            last[key] = max(last.get(key, 0), ticket.number)
        Counter.objects.filter(key__in=list(last)).delete()
        Counter.objects.bulk_create(Counter(key=key, value=value) for key, value in last.items())


def counter_of(staff: list[int], stations: list[int]) -> dict[int, int]:
    """Where each member of staff works: the n-th (by username) at the n-th station of the kind."""
    return (
        {member: stations[position % len(stations)] for position, member in enumerate(staff)}
        if stations
        else {}
    )


def _code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code
