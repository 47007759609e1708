"""The life of one application, step by step through ``lifecycle.TRANSITIONS``.

Every step goes through ``Walker.step``, which looks the change up in the transition table and
refuses one that is not there (or not for this service, source or without its note), then sets the
fields exactly as ``application_transition`` would: the due date counted from the moment the
documents are verified, ``completed_at`` on the first completed status, ``closed_at`` on a closed one.
The durations between steps are drawn from the distributions below; a step that would fall after
the end of the history does not happen, so the newest applications stay open where they are.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from loket.applications.lifecycle import (
    CLOSED_STATUSES,
    COMPLETED_STATUSES,
    TRANSITIONS,
    Source,
    Status,
)
from loket.applications.services.suket import SUKET_CODE_FOR_STATUS
from loket.demo import names
from loket.demo.clock import WorkTime
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Role

# The transition table with plain strings, so lookups need no enum conversion.
LEGAL = {
    (str(t.source.value), str(t.target.value)): (
        frozenset(str(r) for r in t.roles),
        frozenset(str(s) for s in t.sources),
        frozenset(str(s) for s in t.service_types),
        t.note_required,
    )
    for t in TRANSITIONS.values()
}
S = Status
SUBMITTED, INCOMPLETE, VERIFIED = S.SUBMITTED.value, S.DOCUMENTS_INCOMPLETE.value, S.DOCUMENTS_VERIFIED.value
CAPTURED, SENT, RECEIVED = (
    S.BIOMETRICS_CAPTURED.value,
    S.SENT_FOR_ENROLLMENT.value,
    S.RECEIVED_AT_CENTRAL.value,
)
PRINT_READY, DUPLICATE, FAILED = S.PRINT_READY.value, S.DUPLICATE_RECORD.value, S.ENROLLMENT_FAILED.value
ADJUDICATION, PRINTED, READY = S.ADJUDICATION.value, S.PRINTED.value, S.READY_FOR_PICKUP.value
ISSUED, CANCELLED = S.ISSUED.value, S.CANCELLED.value
STAFF, SYNC, SYSTEM = Source.STAFF.value, Source.SYNC.value, Source.SYSTEM.value
_COMPLETED = frozenset(str(s) for s in COMPLETED_STATUSES)
_CLOSED = frozenset(str(s) for s in CLOSED_STATUSES)
_SUKET_CODES = {str(k): str(v) for k, v in SUKET_CODE_FOR_STATUS.items()}
OPERATOR, RECORDING, HEAD, CITY = (
    r.value for r in (Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD, Role.CITY_ADMIN)
)
HOUR, DAY = 3600, 86400


class PastHorizon(Exception):
    """The next step would happen after the end of the history."""


class IllegalStep(AssertionError):
    """The generator tried a change the lifecycle does not allow: a bug in the generator."""


@dataclass(eq=False)
class Draft:
    """An application being generated; becomes rows when its history is final."""

    id: int
    person: int
    service: str
    channel: str
    receipt: str
    station: int | None
    creator: int
    submitted: int
    status: str = ""
    last: int = 0
    clock_started: int = 0
    due: int = 0
    completed: int | None = None
    closed: int | None = None
    events: list[tuple[int, int | None, str, str, str, str]] = field(default_factory=list)
    missing: str = ""  # the requirement not brought at submission
    missing_checked: tuple[int, int] | None = None  # when and by whom it was ticked later
    sukets: list[tuple[int, str, int]] = field(default_factory=list)
    movements: list[tuple[int, str, int, int, str]] = field(
        default_factory=list
    )  # id, kind, balance, at, note
    pickup: tuple[str, str, str, str, int, int | None] | None = None
    print_ready: int = 0
    prr_suket: bool = False


class StaffPool:
    """The office's staff by role; a step is done by someone holding one of its roles."""

    PREFERENCE = (OPERATOR, RECORDING, HEAD, CITY)

    def __init__(self, by_role: dict[str, list[int]], rng: random.Random) -> None:
        self.by_role = by_role
        self.rng = rng
        self._cache: dict[tuple[frozenset[str], str], list[int]] = {}

    def pick(self, roles: frozenset[str], wanted: str) -> int:
        key = (roles, wanted)
        candidates = self._cache.get(key)
        if candidates is None:
            order = (wanted, *self.PREFERENCE)
            role = next((r for r in order if r in roles and self.by_role.get(r)), None)
            if role is None:
                raise IllegalStep(f"no staff member holds any of {sorted(roles)}")
            candidates = self._cache[key] = self.by_role[role]
        return candidates[0] if len(candidates) == 1 else self.rng.choice(candidates)


class DueDates:
    """``due_at`` as ``compute_due_at`` gives it, from the office's standards and WorkingCalendar;
    standards in working days depend only on the start's date, so those are remembered per day."""

    def __init__(
        self, calendar: WorkingCalendar, standards: dict[str, tuple[int, str]], work: WorkTime
    ) -> None:
        self.calendar = calendar
        self.standards = standards
        self.work = work
        self._by_day: dict[tuple[str, int], int] = {}

    def due(self, service: str, start: int) -> int:
        amount, unit = self.standards[service]
        if unit == "working_days":
            key = (service, self.work.day_of(start))
            cached = self._by_day.get(key)
            if cached is None:
                cached = self._by_day[key] = self._compute(start, amount, unit)
            return cached
        return self._compute(start, amount, unit)

    def _compute(self, start: int, amount: int, unit: str) -> int:
        moment = dt.datetime.fromtimestamp(start, tz=self.calendar.tz)
        return int(self.calendar.due_at(moment, amount=amount, unit=unit).timestamp())


def _lognormal(rng: random.Random, median: float, sigma: float) -> int:
    return int(median * math.exp(sigma * rng.gauss()))


class Walker:
    def __init__(
        self,
        *,
        rng: random.Random,
        work: WorkTime,
        horizon: int,
        staff: StaffPool,
        dues: DueDates,
        network_down: set[int],
    ) -> None:
        self.rng = rng
        self.work = work
        self.horizon = horizon
        self.staff = staff
        self.dues = dues
        self.network_down = network_down

    # The one door of the generator -------------------------------------------------------------

    def step(
        self, app: Draft, target: str, at: int, *, by: str = OPERATOR, source: str = STAFF, note: str = ""
    ) -> int:
        at = max(at, app.last + 1)
        if at >= self.horizon:
            raise PastHorizon
        rule = LEGAL.get((app.status, target))
        if rule is None:
            raise IllegalStep(f"{app.status} -> {target}")
        roles, sources, services, note_required = rule
        if app.service not in services or source not in sources or (note_required and not note):
            raise IllegalStep(f"{app.status} -> {target} ({app.service}, {source}, note={note!r})")
        actor = self.staff.pick(roles, by) if source == STAFF else None
        app.events.append((at, actor, source, app.status, target, note))
        if target == VERIFIED:
            app.clock_started = at
            app.due = self.dues.due(app.service, at)
        if target in _COMPLETED and app.completed is None:
            app.completed = at
        if target in _CLOSED:
            app.closed = at
        app.status, app.last = target, at
        return at

    def submit(self, app: Draft) -> None:
        if app.submitted >= self.horizon:
            raise IllegalStep("submitted after the horizon")
        app.events.append((app.submitted, app.creator, STAFF, "", SUBMITTED, ""))
        app.status, app.last = SUBMITTED, app.submitted
        app.clock_started = app.submitted
        app.due = self.dues.due(app.service, app.submitted)

    # Paths ----------------------------------------------------------------------------------------

    def walk(self, app: Draft) -> bool:
        """Generate the history up to print-ready (True: the print room takes over) or its end."""
        self.submit(app)
        try:
            if not self._documents(app):
                return False
            if app.service == "ikd":
                self._activate(app)
                return False
            return self._card(app)
        except PastHorizon:
            return False

    def _documents(self, app: Draft) -> bool:
        rng, work = self.rng, self.work
        checked = work.work_after(app.submitted, rng.randrange(120, 900))
        if rng.random() >= 0.09:
            self.step(app, VERIFIED, checked)
            return True
        note, app.missing = rng.choice(names.INCOMPLETE_NOTES[app.service])
        self.step(app, INCOMPLETE, checked, note=note)
        fate = rng.random()
        if fate < 0.8:  # comes back with the document, mostly within a week or two
            back = work.on_working_day(app.last, min(1 + int(rng.expovariate(1 / 4)), 25), rng)
            at = self.step(app, VERIFIED, back)
            app.missing_checked = (at, app.events[-1][1] or app.creator)
            return True
        if fate < 0.92:
            gone = work.on_working_day(app.last, rng.randint(20, 30), rng)
            self.step(app, CANCELLED, gone, note=rng.choice(names.NOTES["cancel_incomplete"]))
        return False  # the rest never came back: open, and overdue

    def _activate(self, app: Draft) -> None:
        rng = self.rng
        at = self.work.work_after(app.last, rng.randrange(300, 1800))
        if rng.random() < 0.05:
            self.step(app, CANCELLED, at, note=rng.choice(names.NOTES["cancel_ikd"]))
        else:
            self.step(app, ISSUED, at, by=RECORDING if rng.random() < 0.4 else OPERATOR)

    def _card(self, app: Draft) -> bool:
        rng, work = self.rng, self.work
        if rng.random() < 0.006:
            left = work.work_after(app.last, rng.randrange(600, 3600))
            self.step(app, CANCELLED, left, note=rng.choice(names.NOTES["cancel_early"]))
            return False
        # Waiting for the recording room: usually minutes, an hour when it is busy.
        self.step(app, CAPTURED, work.work_after(app.last, _lognormal(rng, 1200, 0.7)), by=RECORDING)
        for _attempt in range(3):
            outcome = self._enrol(app)
            if outcome == FAILED:
                fate = rng.random()
                if fate < 0.8:
                    again = work.on_working_day(app.last, rng.randint(2, 12), rng)
                    self.step(app, CAPTURED, again, by=RECORDING, note=rng.choice(names.NOTES["recapture"]))
                    continue
                if fate < 0.9:
                    gone = work.on_working_day(app.last, rng.randint(15, 30), rng)
                    self.step(app, CANCELLED, gone, note=rng.choice(names.NOTES["cancel_failed"]))
                return False
            if outcome == DUPLICATE:
                fate = rng.random()
                if fate < 0.55:  # the centre retires the older record, weeks later
                    source = SYNC if rng.random() < 0.7 else STAFF
                    self.step(
                        app,
                        PRINT_READY,
                        app.last + _lognormal(rng, 12 * DAY, 0.6),
                        source=source,
                        by=HEAD,
                        note=rng.choice(names.NOTES["duplicate_resolved"]),
                    )
                elif fate < 0.7:
                    gone = work.on_working_day(app.last, rng.randint(5, 20), rng)
                    self.step(app, CANCELLED, gone, note=rng.choice(names.NOTES["cancel_duplicate"]))
                    return False
                else:
                    return False
            app.print_ready = app.last
            return True
        return False

    def _enrol(self, app: Draft) -> str:
        """Send the packet and get the centre's answer: print ready, duplicate or failed."""
        rng, work = self.rng, self.work
        day = work.day_of(app.last)
        if day in self.network_down:  # the office's internet is down: the packet goes tomorrow
            following = work.working_after(day)
            sent = work.opens(following) + rng.randrange(600, 5400) if following is not None else self.horizon
        else:
            sent = work.work_after(app.last, rng.randrange(120, 2400))
        source = SYNC if rng.random() < 0.75 else STAFF
        self.step(app, SENT, sent, source=source, by=RECORDING)
        if rng.random() < 0.008:
            self.step(
                app,
                FAILED,
                app.last + rng.randrange(HOUR, DAY),
                source=SYSTEM,
                note=rng.choice(names.NOTES["enroll_failed_sfe"]),
            )
            return FAILED
        self.step(app, RECEIVED, app.last + _lognormal(rng, 3 * HOUR, 0.9), source=SYNC)
        # Central processing: a day or two for most, weeks for some (the long tail the study saw).
        answered = app.last + _lognormal(rng, 1.6 * DAY, 1.0)
        roll = rng.random()
        outcome = (
            PRINT_READY
            if roll < 0.885
            else DUPLICATE
            if roll < 0.925
            else ADJUDICATION
            if roll < 0.965
            else FAILED
        )
        if outcome == ADJUDICATION:  # an officer at the centre compares the records: a week or so
            self.step(app, ADJUDICATION, answered, source=SYNC)
            answered = app.last + _lognormal(rng, 6 * DAY, 0.7)
            outcome = rng.choices((PRINT_READY, DUPLICATE, FAILED), cum_weights=(8, 9, 10))[0]
        note = rng.choice(names.NOTES["enroll_failed"]) if outcome == FAILED else ""
        self.step(app, outcome, answered, source=SYNC, note=note)
        return outcome

    # After printing ----------------------------------------------------------------------------

    def after_print(self, app: Draft) -> None:
        """Card on the shelf, then handed over days later (or not yet)."""
        rng, work = self.rng, self.work
        try:
            self.step(app, READY, work.work_after(app.last, rng.randrange(120, 1800)))
            roll = rng.random()
            if roll < 0.05:
                return  # not collected (yet)
            days = (
                0
                if roll < 0.13
                else rng.randint(1, 3)
                if roll < 0.6
                else rng.randint(4, 10)
                if roll < 0.85
                else rng.randint(11, 45)
            )
            at = self.step(app, ISSUED, work.on_working_day(app.last, days, rng))
            app.pickup = self._pickup(app, at)
        except PastHorizon:
            return

    def _pickup(self, app: Draft, at: int) -> tuple[str, str, str, str, int, int | None]:
        rng = self.rng
        actor = app.events[-1][1]
        if rng.random() < 0.12:
            return (
                "representative",
                names.someone(rng),
                rng.choice(names.RELATIONS),
                "kk_and_letter",
                at,
                actor,
            )
        if app.sukets and rng.random() < 0.6:
            check = "suket"
        elif app.service in ("damaged", "data_change") and rng.random() < 0.3:
            check = "old_card"
        else:
            check = "fingerprint"
        return ("self", "", "", check, at, actor)

    # Sukets while waiting ---------------------------------------------------------------------

    def waiting_sukets(self, app: Draft, until: int) -> None:
        """Some citizens whose record waits for days at the centre ask for a Suket meanwhile."""
        rng, events = self.rng, app.events
        for position, event in enumerate(events):
            code = _SUKET_CODES.get(event[4])
            if code is None or code == "PRR":
                continue
            start = event[0]
            end = events[position + 1][0] if position + 1 < len(events) else until
            if end - start < 4 * DAY or rng.random() > 0.35:
                continue
            at = self.work.on_working_day(start, rng.randint(2, 5), rng)
            if at < min(end, self.horizon):
                app.sukets.append((at, code, self.staff.pick(frozenset({OPERATOR}), OPERATOR)))
                return
