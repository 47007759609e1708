"""A year (or any span) of one office's work, generated day by day and written in bulk.

Each working day gets its citizens (how many: ``plan.py``), each citizen an application whose path
``paths.Walker`` draws; applications that reach print ready queue in the office's ``PrintRoom``
until a blank is free. An application becomes rows (application, requirements, events, blank
movements, Sukets, pickup) once its history is final, so memory holds only the print queue.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from loket.applications.models import Channel
from loket.applications.requirements import requirement_codes
from loket.applications.services.suket import add_months
from loket.demo.apologies import Apologies
from loket.demo.citizens import Citizens
from loket.demo.clock import WorkTime
from loket.demo.consent import ConsentDesk
from loket.demo.paths import DAY, Draft, StaffPool, Walker
from loket.demo.receipts import ReceiptSequence
from loket.demo.stock import PrintRoom
from loket.demo.traces import QueueLog
from loket.demo.writer import BulkWriter, Ids

SERVICES = ("new", "damaged", "lost", "data_change", "moving_in", "ikd")
REQUIREMENTS = {service: tuple(requirement_codes(service)) for service in SERVICES}
OPERATORS = frozenset({"operator"})
SERVICE_WEIGHTS = (42, 54, 64, 77, 85, 100)  # cumulative: new 42%, damaged 12, lost 10, data change 13 ...


@dataclass
class Rooms:
    """What the later rooms take from each citizen and application as the history is written."""

    consent: ConsentDesk
    apologies: Apologies
    queue: QueueLog


@dataclass
class OfficeContext:
    office_id: int
    kecamatan: str  # "16.71.16"
    villages: list[tuple[str, str]]
    counters: dict[int, int]  # operator -> the registration counter they sit at
    print_station: int
    staff: StaffPool
    work: WorkTime
    walker: Walker


class OfficeHistory:
    def __init__(
        self,
        *,
        context: OfficeContext,
        rng: random.Random,
        writer: BulkWriter,
        ids: Ids,
        citizens: Citizens,
        receipts: ReceiptSequence,
        horizon: int,
        counts: dict[int, int],
        outreach_days: set[int],
        ikd_pool: deque[tuple[int, int]],
        first_day: int,
        rooms: Rooms,
    ) -> None:
        self.ctx, self.rng, self.writer, self.ids = context, rng, writer, ids
        self.citizens, self.receipts, self.horizon = citizens, receipts, horizon
        self.counts, self.outreach_days, self.ikd_pool = counts, outreach_days, ikd_pool
        self.rooms = rooms
        working = [n for n in counts.values() if n] or [0]
        self.room = PrintRoom(
            rng=rng,
            work=context.work,
            walker=context.walker,
            staff=context.staff,
            horizon=horizon,
            first_day=first_day,
            daily_demand=0.8 * sum(working) / len(working),
            take_id=lambda: ids.take("movement"),
            emit_delivery=self._delivery,
            emit_application=self._emit,
        )
        self.when: Callable[[int | None], str | None] = writer.when
        self.applications = 0

    def run(self) -> None:
        work = self.ctx.work
        for index in range(work.days):
            if not work.is_working(index):
                continue
            for _ in range(self.counts.get(index, 0)):
                self._arrive(index)
            self.room.run_day(index)
        self.room.finish()

    # One citizen --------------------------------------------------------------------------------

    def _arrive(self, index: int) -> None:
        rng, ctx = self.rng, self.ctx
        outreach = index in self.outreach_days and rng.random() < 0.35
        service = "new" if outreach else rng.choices(SERVICES, cum_weights=SERVICE_WEIGHTS)[0]
        channel = (
            Channel.OUTREACH.value
            if outreach
            else Channel.ONLINE.value
            if rng.random() < 0.2
            else Channel.WALK_IN.value
        )
        submitted = self._arrival_moment(index)
        creator = ctx.staff.pick(OPERATORS, "operator")
        station = ctx.counters[creator]
        app = Draft(
            id=self.ids.take("application"),
            person=self._person(service, submitted, creator),
            service=service,
            channel=channel,
            receipt=self.receipts.next(),
            station=station,
            creator=creator,
            submitted=submitted,
        )
        if ctx.walker.walk(app):
            self.room.add(app)
        else:
            ctx.walker.waiting_sukets(app, self.horizon)
            self._emit(app)

    def _arrival_moment(self, index: int) -> int:
        work, rng = self.ctx.work, self.rng
        for _ in range(20):
            moment = work.arrival(index, rng)
            if moment < self.horizon:
                return moment
        return work.opens(index) + rng.randrange(max(1, self.horizon - work.opens(index)))

    def _person(self, service: str, moment: int, creator: int) -> int:
        if service == "ikd" and self.ikd_pool and self.ikd_pool[0][1] < moment and self.rng.random() < 0.5:
            return self.ikd_pool.popleft()[0]  # collected a card here earlier, now activates the IKD
        fields = self.citizens.person(
            service=service,
            on=self.ctx.work.date(self.ctx.work.day_of(moment)),
            kecamatan=self.ctx.kecamatan,
            villages=self.ctx.villages,
        )
        person_id = self.ids.take("person")
        created = self.when(moment - self.rng.randrange(60, 600))
        self.writer.rows["person"].append(
            (person_id, *fields[:4], fields.birth_date.isoformat(), *fields[5:], created, created)
        )
        # Consent to messages, recorded with the registration.
        self.rooms.consent.record(
            person_id, phone=fields.phone, email=fields.email, actor=creator, at=self.when(moment)
        )
        return person_id

    # Rows ---------------------------------------------------------------------------------------

    def _delivery(self, at: int, quantity: int, balance: int, actor: int, reference: str) -> None:
        self.writer.add(
            "movement",
            (
                self.ids.take("movement"),
                self.ctx.office_id,
                "delivery",
                quantity,
                balance,
                None,
                None,
                actor,
                self.when(at),
                reference,
                "Blangko KTP-el dari Disdukcapil Kota Palembang",
            ),
        )

    def _emit(self, app: Draft) -> None:
        rows, when, office, creator = self.writer.rows, self.when, self.ctx.office_id, app.creator
        rows["application"].append(
            (
                app.id,
                office,
                app.person,
                app.service,
                app.channel,
                app.receipt,
                app.status,
                when(app.submitted),
                when(app.last),
                when(app.clock_started),
                when(app.due),
                when(app.completed),
                when(app.closed),
                app.station,
                creator,
            )
        )
        codes = REQUIREMENTS[app.service]
        first = self.ids.take("requirement", len(codes))
        submitted = when(app.submitted)
        requirements = rows["requirement"]
        for offset, code in enumerate(codes):
            if code != app.missing:
                requirements.append((first + offset, app.id, code, True, submitted, creator))
            elif app.missing_checked:
                at, actor = app.missing_checked
                requirements.append((first + offset, app.id, code, True, when(at), actor))
            else:
                requirements.append((first + offset, app.id, code, False, None, None))
        first = self.ids.take("event", len(app.events))
        rows["event"].extend(
            (first + offset, app.id, when(at), actor, source, before, after, note)
            for offset, (at, actor, source, before, after, note) in enumerate(app.events)
        )
        if app.movements:
            printer = self._printer(app)
            station = self.ctx.print_station
            rows["movement"].extend(
                (movement_id, office, kind, -1, balance, app.id, station, printer, when(at), "", note)
                for movement_id, kind, balance, at, note in app.movements
            )
        work = self.ctx.work
        for at, code, actor in app.sukets:
            suket_id = self.ids.take("suket")
            valid = add_months(work.date(work.day_of(at)), 6).isoformat()
            # Numbered properly (per office and year, in issue order) once the whole history is in.
            rows["suket"].append((suket_id, app.id, f"TMP/{suket_id}", code, when(at), valid, actor))
        if app.pickup:
            kind, name, relation, check, picked, picker = app.pickup
            rows["pickup"].append(
                (self.ids.take("pickup"), app.id, kind, name, relation, check, "", when(picked), picker)
            )
            if app.service != "ikd":
                self.ikd_pool.append((app.person, picked + DAY))
        self.rooms.apologies.record(app)
        self.rooms.queue.add(app)
        self.applications += 1
        self.writer.application_done()

    def _printer(self, app: Draft) -> int:
        """Who took the blanks: the operator who printed the card (and spoiled one before, if so)."""
        for event in app.events:
            if event[4] == "printed" and event[1] is not None:
                return event[1]
        return self.ctx.staff.pick(OPERATORS, "operator")
