"""Online booking for the demo: slots written as ``intake.services.booking.slots_ensure`` writes them
(``intake.hours.plan_slots`` and ``booking_slot_capacity``, from the office's hours and registration
counters in service), and the bookings in them.

- Past days: online applicants came with a booking when their slot (the last one begun before
  they were called) had a place; they checked in at the kiosk shortly before it started. A few
  others never came (marked no-show by the sweep after the check-in window) or cancelled.
- Today: the same for the slots already over; those open for check-in now have citizens checked in
  and waiting, or still expected; later slots are partly booked.
- The coming working days: partly booked, some bookings rescheduled once.
A slot's ``booked`` counts its bookings that hold a place (booked, checked in, no-show): never more
than its capacity. Codes are bearer secrets (they reschedule and cancel) and are drawn with
``secrets`` like the live service's, not from the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right

from loket.demo import names
from loket.demo.stations import BookingDraft, SlotDraft, TicketDraft
from loket.intake.hours import plan_slots
from loket.intake.models import BookingStatus, IntakeSettings, TicketStatus
from loket.intake.services.booking import booking_slot_capacity
from loket.offices.calendar import WorkingCalendar

DAY, MINUTE = 86400, 60
NO_SHOW_RATE, CANCEL_RATE = 0.12, 0.06
BOOKABLE = ("new", "damaged", "lost", "data_change", "moving_in", "ikd")
BOOKABLE_WEIGHTS = (50, 60, 70, 82, 90, 100)  # cumulative: mostly new cards
AHEAD_FILL = 0.35  # share of places taken in the coming days


class Bookings:
    def __init__(
        self,
        *,
        calendar: WorkingCalendar,
        settings: IntakeSettings,
        counters: int,
        horizon: int,
        rng: random.Random,
    ) -> None:
        self.calendar, self.settings, self.horizon, self.rng = calendar, settings, horizon, rng
        self.capacity = booking_slot_capacity(settings, stations=counters, slot_minutes=settings.slot_minutes)
        self.grace = settings.no_show_grace_minutes * MINUTE
        self.early = settings.checkin_early_minutes * MINUTE
        self.cutoff = settings.booking_change_cutoff_minutes * MINUTE
        self.slots: dict[dt.date, list[SlotDraft]] = {}

    def slots_of(self, date: dt.date) -> list[SlotDraft]:
        if date not in self.slots:
            hours = self.calendar.hours.get(date.weekday())
            plans = (
                plan_slots(
                    hours,
                    date,
                    tz=self.calendar.tz,
                    slot_minutes=self.settings.slot_minutes,
                    capacity=self.capacity,
                )
                if hours is not None and self.calendar.closed_reason(date) is None
                else []
            )
            self.slots[date] = [
                SlotDraft(date, int(p.starts_at.timestamp()), int(p.ends_at.timestamp()), p.capacity)
                for p in plans
            ]
        return self.slots[date]

    # Registered citizens who came with a booking ----------------------------------------------

    def check_in(self, ticket: TicketDraft, date: dt.date) -> None:
        """An online applicant's booking, if the slot begun last before their call has a place."""
        slots = self.slots_of(date)
        called = ticket.visits[0].called
        position = bisect_right([s.starts for s in slots], called) - 1
        if position < 0 or slots[position].free <= 0:
            return
        slot, rng = slots[position], self.rng
        booking = self._book(slot, ticket.kind, BookingStatus.CHECKED_IN.value, person=ticket.person)
        booking.checked_in = slot.starts - rng.randrange(0, 15 * MINUTE)
        ticket.booking = booking

    # Those who did not come, cancelled, are expected or checked in now --------------------------

    def around(self, date: dt.date, *, day: int) -> list[TicketDraft]:
        """The day's other bookings; returns the tickets of those checked in and waiting now."""
        rng, waiting = self.rng, []
        for slot in self.slots_of(date):
            if slot.starts - self.early > self.horizon:
                if rng.random() < AHEAD_FILL:
                    self._book(slot, self._kind(), BookingStatus.BOOKED.value)
                continue
            if slot.ends + self.grace < self.horizon:  # over: the sweep marked the absent as no-show
                if slot.free > 0 and rng.random() < NO_SHOW_RATE:
                    booking = self._book(slot, self._kind(), BookingStatus.NO_SHOW.value)
                    booking.no_show = booking.changed = slot.ends + self.grace + rng.randrange(5, 65)
            elif slot.free > 0 and rng.random() < 0.6:  # check-in is open now
                waiting.append(self._checked_in_now(slot, day))
            if rng.random() < CANCEL_RATE:
                self._cancelled(slot)
        return waiting

    def _checked_in_now(self, slot: SlotDraft, day: int) -> TicketDraft:
        booking = self._book(slot, self._kind(), BookingStatus.CHECKED_IN.value)
        opened = max(slot.starts - self.early, booking.created + 1)
        booking.checked_in = opened + self.rng.randrange(max(1, self.horizon - opened))
        return TicketDraft(
            kind=booking.kind,
            day=day,
            status=TicketStatus.WAITING,
            issued=booking.checked_in,
            booking=booking,
        )

    def ahead(self, dates: list[dt.date]) -> None:
        """The coming working days: partly booked."""
        for date in dates:
            for slot in self.slots_of(date):
                if self.rng.random() < AHEAD_FILL:
                    self._book(slot, self._kind(), BookingStatus.BOOKED.value)
                if self.rng.random() < CANCEL_RATE:
                    self._cancelled(slot)

    # Rows ---------------------------------------------------------------------------------------

    def _book(self, slot: SlotDraft, kind: str, status: str, *, person: int | None = None) -> BookingDraft:
        rng = self.rng
        # Booked up to ten days ahead (the horizon is 14), before check-in opens and before now.
        latest = min(self.horizon, slot.starts - self.early) - 1
        earliest = min(slot.starts - 10 * DAY, latest - DAY)
        created = earliest + rng.randrange(latest - earliest)
        booking = BookingDraft(slot=slot, kind=kind, status=status, created=created, changed=created)
        booking.person = person
        if person is None:
            booking.name, booking.phone, booking.nik = self._someone()
        until = min(self.horizon, slot.starts - self.cutoff) - 1  # a citizen changes it before the cut-off
        if status == BookingStatus.BOOKED.value and until > created and rng.random() < 0.1:
            booking.reschedules = 1
            booking.changed = created + rng.randrange(until - created)
        slot.booked += 1
        slot.bookings.append(booking)
        return booking

    def _cancelled(self, slot: SlotDraft) -> None:
        booking = self._book(slot, self._kind(), BookingStatus.CANCELLED.value)
        slot.booked -= 1  # a cancellation gives its place back
        until = min(slot.starts - self.cutoff, self.horizon) - 1
        booking.cancelled = booking.changed = booking.created + self.rng.randrange(
            max(1, until - booking.created)
        )

    def _kind(self) -> str:
        return self.rng.choices(BOOKABLE, cum_weights=BOOKABLE_WEIGHTS)[0]

    def _someone(self) -> tuple[str, str, str]:
        """A name, maybe a mobile number, and a NIK (only its keyed hash is kept) of a citizen who
        booked but never became an application here."""
        rng = self.rng
        name = names.someone(rng)
        phone = names.mobile(rng) if rng.random() < 0.8 else ""
        day, month, year, serial = (
            rng.randint(1, 71),
            rng.randint(1, 12),
            rng.randint(0, 99),
            rng.randint(1, 9999),
        )
        return name, phone, f"167116{day:02d}{month:02d}{year:02d}{serial:04d}"
