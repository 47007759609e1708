"""One working day of an office's queue, drawn around the applications of that day.

Every citizen registered at a counter took a ticket (walk-in, or a checked-in booking): a visit at
the registration counter around the moment of registration, by the operator who registered them;
if the recording officer captured them that day, a transfer and a visit at a recording station
around the capture. Every card collected is a pickup ticket with a visit at the print station.
Around them: a few called who never came (no-show), a few who left before their turn (cancelled),
on busy days a few still waiting when the office closed (closed as unserved by the nightly sweep).

Tickets are issued first come, first served: the waits are drawn, then issue times are kept in the
order of the calls, so nobody was called before someone who took a ticket earlier (except priority
tickets and bookings, which the queue lets ahead). On the day the history ends at an hour when the
office is open, the queue is live: citizens still at a counter, others waiting (some sent on to
the recording room), newcomers waiting for registration who have no application yet.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from loket.demo.clock import WorkTime
from loket.demo.history import SERVICE_WEIGHTS, SERVICES
from loket.demo.stations import (
    NO_SHOW,
    PRINT,
    RECORDING,
    REGISTRATION,
    SERVED,
    TRANSFERRED,
    TicketDraft,
    VisitDraft,
    close_at,
    fit,
    place,
)
from loket.demo.traces import Collection, Registration
from loket.intake.models import PriorityReason, TicketStatus

PICKUP = "pickup"
ONLINE = "online"
MINUTE = 60
PRIORITY_SHARE = 0.05
PRIORITIES = (PriorityReason.ELDERLY.value, PriorityReason.DISABLED.value, PriorityReason.PREGNANT.value)
NO_SHOW_SHARE, LEFT_SHARE = 0.02, 0.03
# Median waits in minutes: the registration queue is long (the study), collecting a card quick.
MEDIAN_WAIT = {REGISTRATION: 20, PRINT: 6}


@dataclass(frozen=True)
class OfficeQueue:
    """What the queue of one office needs to know about it."""

    office_id: int
    work: WorkTime
    horizon: int
    recorder_at: dict[int, int]  # recording officer -> their recording station
    operator_at: dict[int, int]  # registration counter -> its operator
    print_station: int
    kiosk_from: int  # seconds before opening the kiosk issues tickets
    kiosk_until: int  # seconds before closing it stops


class QueueDay:
    def __init__(self, office: OfficeQueue, day: int, rng: random.Random) -> None:
        self.office, self.day, self.rng = office, day, rng
        work = office.work
        self.opens, self.closes = work.opens(day), work.closes(day)
        self.today = self.opens - office.kiosk_from <= office.horizon < work.starts[day + 1]
        self.tickets: list[TicketDraft] = []

    # 1. Tickets with visits, around the history ---------------------------------------------------

    def draw(self, registrations: list[Registration], collections: list[Collection]) -> None:
        for registration in registrations:
            self.tickets.append(self._registered(registration))
        for collection in collections:
            self.tickets.append(self._collected(collection))
        for _ in range(self._some(len(registrations) * NO_SHOW_SHARE)):
            moment = self.office.work.arrival(self.day, self.rng)
            if moment < self.office.horizon:
                self.tickets.append(self._no_show(moment))

    def _registered(self, r: Registration) -> TicketDraft:
        rng = self.rng
        if r.checked is not None and r.checked[0] - r.submitted <= 20 * MINUTE:
            post = r.checked[0] - r.submitted + rng.randrange(20, 90)  # checked at the counter
        else:
            post = rng.randrange(120, 420)
        if r.recorded is not None:
            post = min(post, r.recorded[0] - r.submitted - 1)
        on = r.recorded is not None or (r.waits_for_recording and self.today)
        first = self._visit(r.station, REGISTRATION, r.operator, r.submitted, (90, 300), post)
        first.outcome = TRANSFERRED if on else SERVED
        ticket = TicketDraft(
            kind=r.service, day=self.day, visits=[first], application=r.application, person=r.person
        )
        ticket.priority = rng.choice(PRIORITIES) if rng.random() < PRIORITY_SHARE else ""
        ticket.waits_for_recording = on and r.recorded is None
        if r.recorded is not None:
            at, recorder = r.recorded
            station = self.office.recorder_at.get(recorder, next(iter(self.office.recorder_at.values())))
            ticket.visits.append(
                self._visit(station, RECORDING, recorder, at, (180, 420), rng.randrange(20, 90))
            )
        ticket.online = r.channel == ONLINE
        return ticket

    def _collected(self, c: Collection) -> TicketDraft:
        visit = self._visit(
            self.office.print_station, PRINT, c.operator, c.at, (60, 180), self.rng.randrange(20, 90)
        )
        return TicketDraft(kind=PICKUP, day=self.day, visits=[visit], application=c.application)

    def _no_show(self, moment: int) -> TicketDraft:
        rng = self.rng
        station = rng.choice(sorted(self.office.operator_at))
        visit = self._visit(station, REGISTRATION, self.office.operator_at[station], moment, (0, 1), 0)
        visit.pre, visit.post, visit.outcome = 0, rng.randrange(120, 300), NO_SHOW
        visit.recall = rng.randrange(50, 100)
        return TicketDraft(kind=self._kind(), day=self.day, visits=[visit], status=TicketStatus.NO_SHOW)

    def _visit(
        self, station: int, stage: str, staff: int, anchor: int, pre: tuple[int, int], post: int
    ) -> VisitDraft:
        rng = self.rng
        recall = rng.randrange(20, 60) if rng.random() < 0.1 else 0
        return VisitDraft(
            station=station,
            stage=stage,
            staff=staff,
            anchor=anchor,
            pre=rng.randrange(*pre),
            post=max(post, 0),
            outcome=SERVED,
            walk=recall + rng.randrange(15, 60),
            recall=recall,
            earliest=self._period_start(anchor),
        )

    def _period_start(self, moment: int) -> int:
        periods = self.office.work.periods[self.day]
        return next((begin for begin, end in periods if begin <= moment < end), periods[0][0])

    # 2. Times ------------------------------------------------------------------------------------

    def place(self) -> None:
        """Counters and the print station first (a no-show is called when a counter is free); then
        the recording stations, whose citizens join the queue when their registration ends."""
        by_station: dict[int, list[VisitDraft]] = {}
        absent = []
        for ticket in self.tickets:
            if ticket.status == TicketStatus.NO_SHOW:
                absent.append(ticket)
            else:
                by_station.setdefault(ticket.visits[0].station, []).append(ticket.visits[0])
        for visits in by_station.values():
            place(visits)
        for ticket in sorted(absent, key=lambda t: t.visits[0].anchor):
            visit = ticket.visits[0]
            until = min(self.closes, self.office.horizon)
            if not fit(visit, by_station.setdefault(visit.station, []), until=until):
                self.tickets.remove(ticket)
        by_station = {}
        for ticket in self.tickets:
            for previous, visit in zip(ticket.visits, ticket.visits[1:], strict=False):
                visit.earliest = max(visit.earliest, previous.ended or previous.anchor)
                by_station.setdefault(visit.station, []).append(visit)
        for visits in by_station.values():
            place(visits)

    def issue(self) -> None:
        """Issue times from the calls: drawn waits, then first come, first served per queue."""
        rng, first_ticket = self.rng, self.opens - self.office.kiosk_from
        last = {REGISTRATION: first_ticket, PRINT: first_ticket}
        for ticket in sorted(self.tickets, key=lambda t: t.visits[0].called):
            called = ticket.visits[0].called
            if ticket.booking is not None and ticket.booking.checked_in is not None:
                ticket.issued = ticket.booking.checked_in
                continue
            stage = ticket.visits[0].stage
            median = 4 if ticket.priority else MEDIAN_WAIT[stage]
            wait = int(median * MINUTE * math.exp(0.6 * rng.gauss()))
            ticket.issued = min(called, max(called - wait, first_ticket))
            if not ticket.priority:
                ticket.issued = max(ticket.issued, last[stage])
                last[stage] = ticket.issued

    # 3. Those who never reached a counter, and the live end of the history -----------------------

    def complete(self, *, busy: bool) -> None:
        rng, office = self.rng, self.office
        last_ticket = self.closes - office.kiosk_until
        registered = sum(1 for t in self.tickets if t.kind != PICKUP)
        for _ in range(self._some(registered * LEFT_SHARE)):
            issued = min(office.work.arrival(self.day, rng), last_ticket)
            finished = issued + rng.randrange(15, 75) * MINUTE
            if finished < office.horizon:
                self._add(issued, status=TicketStatus.CANCELLED, finished=finished)
        if self.today:
            self._still_waiting(min(office.horizon, last_ticket))
            for ticket in self.tickets:
                for visit in ticket.visits:
                    close_at(visit, office.horizon)
            self._serve_now()
        elif busy:  # still waiting at closing: the night's sweep closes them as not served
            since, midnight = self._last_issued(REGISTRATION), office.work.starts[self.day + 1]
            for _ in range(rng.randint(0, 3) if since < last_ticket else 0):
                issued = since + rng.randrange(1, last_ticket - since + 1)
                self._add(issued, status=TicketStatus.UNSERVED, finished=midnight + rng.randrange(10, 70))

    def _still_waiting(self, until: int) -> None:
        """Newcomers waiting for registration (no application yet) and a card or two to collect,
        behind everybody already called (first come, first served)."""
        rng, horizon = self.rng, self.office.horizon
        recent = sum(1 for t in self.tickets if t.visits and horizon - 3600 <= t.visits[0].called <= horizon)
        since = max(horizon - 40 * MINUTE, self._last_issued(REGISTRATION))
        if since < until:
            for _ in range(max(2, min(12, round(recent * 0.5)))):
                self._add(since + rng.randrange(until - since))
        since = max(horizon - 15 * MINUTE, self._last_issued(PRINT))
        if since < until:
            for _ in range(rng.randint(0, 2)):
                self._add(since + rng.randrange(until - since), kind=PICKUP)

    def _serve_now(self) -> None:
        """A station that is free when the history ends has called the next citizen waiting for it
        (priority first, then in queue order), a few minutes ago."""
        rng, horizon = self.rng, self.office.horizon
        period = next((p for p in self.office.work.periods[self.day] if p[0] <= horizon < p[1]), None)
        if period is None:
            return  # before opening, in the break or after closing: nobody is being called
        busy_until: dict[int, int] = {}
        for ticket in self.tickets:
            for visit in ticket.visits:
                end = horizon + 1 if visit.is_open else (visit.ended or visit.called)
                busy_until[visit.station] = max(busy_until.get(visit.station, 0), end)
        queues: dict[str, list[tuple[int, int, int, int]]] = {REGISTRATION: [], RECORDING: [], PRINT: []}
        for position, ticket in enumerate(self.tickets):
            waiting = self._waiting_at(ticket)
            if waiting is not None:
                stage, order, queued = waiting
                queues[stage].append((0 if ticket.priority else 1, order, position, queued))
        for station, (stage, staff) in self._stations().items():
            if busy_until.get(station, 0) > horizon or not queues[stage]:
                continue
            first = min(queues[stage])
            queues[stage].remove(first)
            ticket = self.tickets[first[2]]
            called = max(busy_until.get(station, 0), first[3], period[0], horizon - rng.randrange(60, 420))
            visit = VisitDraft(station, stage, staff, anchor=called, pre=0, post=0, outcome=SERVED)
            visit.called, visit.walk, visit.is_open = called, rng.randrange(15, 90), True
            visit.started = called + visit.walk if called + visit.walk <= horizon else None
            ticket.visits.append(visit)

    def _waiting_at(self, ticket: TicketDraft) -> tuple[str, int, int] | None:
        """The stage a ticket waits for when the history ends, its place in that queue (the sort
        time the console orders by) and since when it waits there."""
        if not ticket.visits:
            if ticket.status != TicketStatus.WAITING:
                return None
            order = ticket.booking.slot.starts if ticket.booking is not None else ticket.issued
            return (PRINT if ticket.kind == PICKUP else REGISTRATION), order, ticket.issued
        first = ticket.visits[0]
        if ticket.waits_for_recording and len(ticket.visits) == 1 and not first.is_open:
            transferred = first.ended or first.anchor
            return RECORDING, transferred, transferred
        return None

    def _stations(self) -> dict[int, tuple[str, int]]:
        """Every station with its stage and who works there now."""
        office = self.office
        stations = {station: (REGISTRATION, staff) for station, staff in office.operator_at.items()}
        stations.update(
            {station: (RECORDING, staff) for staff, station in sorted(office.recorder_at.items())}
        )
        stations[office.print_station] = (PRINT, office.operator_at[min(office.operator_at)])
        return stations

    def _last_issued(self, stage: str) -> int:
        """The latest issue time of the first-come-first-served tickets of a queue so far."""
        return max(
            (
                t.issued
                for t in self.tickets
                if t.visits and t.visits[0].stage == stage and not t.priority and t.booking is None
            ),
            default=self.opens - self.office.kiosk_from,
        )

    def _add(
        self, issued: int, *, status: str = TicketStatus.WAITING, finished: int | None = None, kind: str = ""
    ) -> None:
        """A ticket that never reached a station: waiting, cancelled or closed unserved."""
        rng = self.rng
        ticket = TicketDraft(kind=kind or self._kind(), day=self.day, status=status, issued=issued)
        ticket.stage = PRINT if ticket.kind == PICKUP else REGISTRATION
        ticket.priority = rng.choice(PRIORITIES) if rng.random() < PRIORITY_SHARE else ""
        ticket.finished = finished
        self.tickets.append(ticket)

    # 4. What the console's actions left on each ticket -------------------------------------------

    def settle(self) -> None:
        for ticket in self.tickets:
            if ticket.visits:
                self._settle(ticket)
            else:
                ticket.queued = ticket.issued
                ticket.sort_at = ticket.booking.slot.starts if ticket.booking is not None else ticket.issued

    def _settle(self, ticket: TicketDraft) -> None:
        first, last = ticket.visits[0], ticket.visits[-1]
        ticket.stage = last.stage
        if last is first:
            ticket.queued = ticket.issued
            ticket.sort_at = ticket.booking.slot.starts if ticket.booking is not None else ticket.issued
        else:
            ticket.queued = ticket.sort_at = first.ended or first.anchor  # the transfer
        if last.is_open:
            ticket.status = TicketStatus.SERVING if last.started is not None else TicketStatus.CALLED
            ticket.station = last.station
        elif ticket.waits_for_recording:
            ticket.status, ticket.stage = TicketStatus.WAITING, RECORDING
            ticket.queued = ticket.sort_at = first.ended or first.anchor
        else:
            ticket.status = TicketStatus.NO_SHOW if last.outcome == NO_SHOW else TicketStatus.DONE
            ticket.finished = last.ended

    def _kind(self) -> str:
        return self.rng.choices(SERVICES, cum_weights=SERVICE_WEIGHTS)[0]

    def _some(self, expected: float) -> int:
        """A whole number with this expectation."""
        whole = int(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)
