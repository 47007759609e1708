"""Blank stock and the print station, day by day.

Print-ready records queue here in the order they became print ready. Each working day the
morning's delivery (if one is due) is booked, then the print station works through the queue one
card at a time, each taking a blank (a spoiled print takes one more). When the blanks run out the
rest wait for the next delivery, and some of those citizens come and get a Suket (PRR), which the
office may give only while it has no blanks. Deliveries come every two to four weeks, sized to the
expected demand plus the waiting queue, and some come late: that is when the stock-outs happen.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable

from loket.applications.services.printing import MAX_DELIVERY
from loket.demo import names
from loket.demo.clock import WorkTime
from loket.demo.paths import OPERATOR, PRINTED, Draft, PastHorizon, StaffPool, Walker
from loket.offices.models import Role

HEAD = Role.HEAD.value


class PrintRoom:
    def __init__(
        self,
        *,
        rng: random.Random,
        work: WorkTime,
        walker: Walker,
        staff: StaffPool,
        horizon: int,
        first_day: int,
        daily_demand: float,
        take_id: Callable[[], int],
        emit_delivery: Callable[[int, int, int, int, str], None],
        emit_application: Callable[[Draft], None],
    ) -> None:
        self.rng, self.work, self.walker, self.staff, self.horizon = rng, work, walker, staff, horizon
        self.daily_demand = daily_demand
        self.take_id = take_id
        self.emit_delivery = emit_delivery
        self.emit_application = emit_application
        self.on_hand = 0
        self.queue: list[tuple[int, int, Draft]] = []
        self.delivery_day: int | None = work.working_from(first_day)
        self.deliveries = 0
        self.stockout_days = 0
        # Roughly one card every 20-90 seconds at a normal office; faster when the volume is scaled up.
        working_seconds = 6.5 * 3600
        self.mean_gap = max(0.5, min(55.0, working_seconds / max(daily_demand * 1.6, 1.0)))

    def add(self, app: Draft) -> None:
        heapq.heappush(self.queue, (app.print_ready, app.id, app))

    def run_day(self, index: int) -> None:
        opened = self.work.opens(index)
        if opened >= self.horizon:
            return
        start = opened + self.rng.randrange(900, 2400)
        if index == self.delivery_day:
            start = max(start, self._deliver(index) + 300)
        if self.queue:
            self._print(index, start)

    def finish(self) -> None:
        """The end of the history: what is still queued stays print ready."""
        for _ready, _id, app in sorted(self.queue):
            self.walker.waiting_sukets(app, app.print_ready)
            self.emit_application(app)
        self.queue = []

    # Deliveries ---------------------------------------------------------------------------------

    def _deliver(self, index: int) -> int:
        rng, work = self.rng, self.work
        first = self.deliveries == 0
        cycle = rng.randint(10, 20)
        if first:  # the history opens near the end of a delivery cycle: a few days' stock, as the study found
            quantity = max(20, round(self.daily_demand * rng.uniform(3, 7)))
        else:  # the expected demand until the next one, plus part of the queue that waits for blanks
            quantity = max(
                20, round(self.daily_demand * cycle * rng.uniform(0.85, 1.15) + 0.8 * len(self.queue))
            )
        planned = work.working_after(index, cycle)
        late = rng.randint(3, 10) if rng.random() < 0.3 else 0
        self.delivery_day = work.working_after(planned, late) if planned is not None and late else planned
        at = work.opens(index) + rng.randrange(300, 1500)
        actor = self.staff.pick(frozenset({HEAD}), HEAD)
        while quantity > 0:
            part = min(quantity, MAX_DELIVERY)
            self.deliveries += 1
            self.on_hand += part
            year = work.date(index).year
            reference = "Saldo awal blangko" if first else f"BAST {self.deliveries:03d}/DISDUKCAPIL/{year}"
            self.emit_delivery(at, part, self.on_hand, actor, reference)
            quantity -= part
            at += 60
        return at

    # Printing -----------------------------------------------------------------------------------

    def _print(self, index: int, clock: int) -> None:
        rng, work = self.rng, self.work
        closes = min(work.closes(index), self.horizon)
        ran_out_at = clock if self.on_hand == 0 else None
        while self.queue and self.on_hand > 0 and self.queue[0][0] < closes:
            ready, app_id, app = self.queue[0]
            at = work.work_after(max(clock, ready), rng.expovariate(1 / self.mean_gap) + 1)
            if at >= closes or work.day_of(at) != index:
                break
            heapq.heappop(self.queue)
            if rng.random() < 0.015:  # the card jammed or printed badly: the blank is lost
                self._take(app, at, "spoiled", rng.choice(names.SPOILED_NOTES))
                if self.on_hand == 0:
                    heapq.heappush(self.queue, (ready, app_id, app))
                    ran_out_at = at
                    break
                at += rng.randrange(60, 240)
            try:
                self.walker.step(app, PRINTED, at)
            except PastHorizon:
                heapq.heappush(self.queue, (ready, app_id, app))
                break
            self._take(app, at, "print", "")
            clock = at
            self.walker.after_print(app)
            self.walker.waiting_sukets(app, app.print_ready)
            self.emit_application(app)
            if self.on_hand == 0:
                ran_out_at = at
        if self.on_hand == 0 and ran_out_at is not None:
            self.stockout_days += 1
            self._stockout_sukets(index, ran_out_at)

    def _take(self, app: Draft, at: int, kind: str, note: str) -> None:
        self.on_hand -= 1
        app.movements.append((self.take_id(), kind, self.on_hand, at, note))

    def _stockout_sukets(self, index: int, since: int) -> None:
        """No blanks: some waiting citizens come in and get a Suket PRR instead of their card."""
        rng, work = self.rng, self.work
        operator = frozenset({OPERATOR})
        closes = min(work.closes(index), self.horizon)
        for ready, _id, app in self.queue:
            if app.prr_suket or ready >= closes or rng.random() > 0.25:
                continue
            at = work.arrival(index, rng)
            if at <= max(ready, since):
                at = max(ready, since) + rng.randrange(60, 1800)
            if at < closes and work.day_of(at) == index:
                app.sukets.append((at, "PRR", self.staff.pick(operator, OPERATOR)))
                app.prr_suket = True
