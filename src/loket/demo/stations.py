"""Tickets and their visits to stations, and how a station's visits of one day are placed in time.

A visit is drawn around its *anchor*, the moment the history already fixes (the registration, the
capture, the card handed over): called a few minutes before, finished a few minutes after. At one
station visits never overlap (one citizen at a counter at a time, as the live console enforces):
where the drawn times would overlap, the earlier visit ends and the next is called at the same
moment, never past either anchor, so every anchor stays inside its own visit. A visit is never
called before the open period its anchor falls in (not before opening, not in the break), nor before
its ticket joined the station's queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

REGISTRATION, RECORDING, PRINT = "registration", "recording", "print"
SERVED, TRANSFERRED, NO_SHOW = "served", "transferred", "no_show"


@dataclass(eq=False)
class VisitDraft:
    station: int
    stage: str
    staff: int
    anchor: int  # a moment inside the visit
    pre: int  # drawn seconds from the call to the anchor
    post: int  # drawn seconds from the anchor to the end
    outcome: str
    walk: int = 30  # seconds from the call until service starts (the citizen walks to the counter)
    recall: int = 0  # seconds after the call of a recall (0: none)
    earliest: int = 0  # not called before this (the open period, the ticket's arrival at the stage)
    called: int = 0
    started: int | None = None
    ended: int | None = None
    recalled: int | None = None
    is_open: bool = False  # still at the station when the history ends
    id: int = 0


@dataclass(eq=False)
class BookingDraft:
    slot: SlotDraft
    kind: str
    status: str
    created: int
    changed: int
    person: int | None = None  # a registered citizen: name, phone and NIK come from their record
    name: str = ""
    phone: str = ""
    nik: str = ""
    reschedules: int = 0
    checked_in: int | None = None
    cancelled: int | None = None
    no_show: int | None = None
    id: int = 0


@dataclass(eq=False)
class SlotDraft:
    date: dt.date
    starts: int
    ends: int
    capacity: int
    booked: int = 0
    bookings: list[BookingDraft] = field(default_factory=list)
    id: int = 0

    @property
    def free(self) -> int:
        return self.capacity - self.booked


@dataclass(eq=False)
class TicketDraft:
    kind: str  # the queue service
    day: int
    visits: list[VisitDraft] = field(default_factory=list)
    application: int | None = None
    person: int | None = None
    priority: str = ""
    booking: BookingDraft | None = None
    status: str = "done"
    stage: str = REGISTRATION
    issued: int = 0
    queued: int = 0
    sort_at: int = 0
    finished: int | None = None
    station: int | None = None
    number: int = 0
    prefix: str = ""
    id: int = 0
    online: bool = False  # registered as an online application: came with a booking if a place was free
    waits_for_recording: bool = False


def place(visits: list[VisitDraft]) -> None:
    """Times of the visits of one station on one day (see the module's docstring)."""
    visits = sorted(visits, key=lambda v: v.anchor)
    previous: VisitDraft | None = None
    for visit in visits:
        visit.called = max(visit.anchor - visit.pre, visit.earliest)
        visit.ended = visit.anchor + visit.post
        if previous is not None and previous.ended is not None and previous.ended > visit.called:
            boundary = max(previous.anchor, visit.called)
            previous.ended = visit.called = boundary
        previous = visit
    for visit in visits:
        _service_times(visit)


def fit(visit: VisitDraft, placed: list[VisitDraft], *, until: int) -> bool:
    """Call a no-show in the first free moment of the station from its anchor on (the counter calls
    the next number only once free), long enough for the recall; False if the day has none."""
    moment, length = visit.anchor, visit.post
    for other in sorted(placed, key=lambda v: v.called):
        end = other.ended if other.ended is not None else other.anchor
        if other.called - moment >= length:
            break
        moment = max(moment, end)
    if moment + length > until:
        return False
    visit.called, visit.ended = moment, moment + length
    _service_times(visit)
    placed.append(visit)
    return True


def _service_times(visit: VisitDraft) -> None:
    ended = visit.ended if visit.ended is not None else visit.anchor
    if visit.outcome == NO_SHOW:
        visit.started = None
        recall = visit.called + visit.recall
        visit.recalled = recall if visit.recall and recall < ended else None
        return
    # The anchor (the registration, the capture ...) happens during service.
    visit.started = min(visit.called + visit.walk, visit.anchor)
    recall = visit.called + visit.recall
    visit.recalled = recall if visit.recall and recall < visit.started else None


def close_at(visit: VisitDraft, horizon: int) -> None:
    """The history ends while the citizen is at the station: the visit stays open."""
    if visit.ended is not None and visit.ended > horizon:
        visit.ended = None
        visit.is_open = True
        if visit.started is not None and visit.started > horizon:
            visit.started = None
        if visit.recalled is not None and visit.recalled > horizon:
            visit.recalled = None
