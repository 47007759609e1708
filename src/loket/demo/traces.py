"""What the queue, booking and outreach data need to know about the applications, noted as each
application's history is written (``QueueLog.add``), so they match it: a citizen registered at
Loket 1 at 09:42 was called there a few minutes before, by the operator who registered them.

Only the last working days (the queue's window) are noted in full; outreach registrations are
noted for the whole history (there are few), so the latest outreach days can be chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loket.demo.clock import WorkTime
from loket.demo.paths import CAPTURED, INCOMPLETE, ISSUED, STAFF, SUBMITTED, VERIFIED, Draft

OUTREACH = "outreach"


@dataclass(frozen=True, slots=True)
class Registration:
    """A citizen registered at a registration counter, and what followed at the office that day."""

    application: int
    person: int
    service: str
    channel: str
    station: int
    operator: int
    submitted: int
    checked: tuple[int, int] | None  # the documents checked at the counter by the same operator
    recorded: tuple[int, int] | None  # capture (or IKD activation) at a recording station that day
    waits_for_recording: bool  # verified and not yet recorded when the history ends


@dataclass(frozen=True, slots=True)
class Collection:
    """A card collected at the print station."""

    application: int
    at: int
    operator: int


@dataclass(frozen=True, slots=True)
class OutreachRecording:
    application: int
    day: int
    submitted: int
    operator: int


@dataclass
class QueueLog:
    work: WorkTime
    since: int  # the start of the queue's window (epoch seconds)
    recording_roles: frozenset[int]  # ids of the staff who record at a recording station
    window: list[int] = field(default_factory=list)  # the queue's working days (indices)
    registrations: dict[int, list[Registration]] = field(default_factory=dict)  # by day index
    collections: dict[int, list[Collection]] = field(default_factory=dict)
    outreach: list[OutreachRecording] = field(default_factory=list)

    def add(self, app: Draft) -> None:
        work = self.work
        if app.channel == OUTREACH:
            self.outreach.append(
                OutreachRecording(app.id, work.day_of(app.submitted), app.submitted, app.creator)
            )
        elif app.submitted >= self.since and app.station is not None:
            day = work.day_of(app.submitted)
            self.registrations.setdefault(day, []).append(self._registration(app, day))
        if app.pickup is not None and app.pickup[4] >= self.since and app.pickup[5] is not None:
            at = app.pickup[4]
            self.collections.setdefault(work.day_of(at), []).append(Collection(app.id, at, app.pickup[5]))

    def _registration(self, app: Draft, day: int) -> Registration:
        checked = recorded = None
        verified_today = False
        for at, actor, source, before, after, _note in app.events:
            if self.work.day_of(at) != day or source != STAFF or actor is None:
                break
            if before == SUBMITTED and after in (VERIFIED, INCOMPLETE) and actor == app.creator:
                checked = (at, actor)
            verified_today = verified_today or after == VERIFIED
            if before == VERIFIED and after in (CAPTURED, ISSUED) and actor in self.recording_roles:
                recorded = (at, actor)
                break
        return Registration(
            application=app.id,
            person=app.person,
            service=app.service,
            channel=app.channel,
            station=app.station or 0,
            operator=app.creator,
            submitted=app.submitted,
            checked=checked,
            recorded=recorded,
            waits_for_recording=verified_today and app.status == VERIFIED,
        )
