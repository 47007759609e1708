"""The later rooms' demo data, around the history: what each office's history hands them while it is
written (``office_rooms``), the queue written in bulk once the history is in (``office_queue``),
and outreach and complaints written through the models at the end (``later_rooms``).

Each draws from a random stream of its own, seeded from --seed, so the history itself is the same
with or without them and each room's data is the same for the same seed.
"""

from __future__ import annotations

from loket.demo import setup
from loket.demo.apologies import Apologies
from loket.demo.clock import WorkTime
from loket.demo.complaints import MAIN, SECOND, write_complaints
from loket.demo.consent import ConsentDesk
from loket.demo.fastrandom import FastRandom
from loket.demo.history import Rooms
from loket.demo.intake import QueueWriter, queue_days, queue_window
from loket.demo.outreach import write_outreach
from loket.demo.paths import DueDates
from loket.demo.plan import DayPlan
from loket.demo.traces import QueueLog
from loket.demo.writer import BulkWriter, Ids
from loket.notifications import conf as notifications
from loket.offices.models import Office, Role


def office_rooms(
    *,
    work: WorkTime,
    plan: DayPlan,
    first_day: int,
    dues: DueDates,
    horizon: int,
    staff: dict[str, list[int]],
    consent: ConsentDesk,
    writer: BulkWriter,
    ids: Ids,
) -> Rooms:
    counts = [count for count in plan.counts.values() if count]
    per_day = sum(counts) / len(counts) if counts else 0.0
    window = queue_window(
        work, first_day=first_day, last_day=work.day_of(horizon - 1), days=queue_days(per_day)
    )
    log = QueueLog(
        work=work,
        since=work.starts[window[0]] if window else horizon,
        recording_roles=frozenset(staff.get(Role.RECORDING_OFFICER.value, [])),
        window=window,
    )
    apologies = Apologies(
        dues=dues,
        horizon=horizon,
        every_seconds=notifications.overdue_check_minutes() * 60,
        writer=writer,
        ids=ids,
    )
    return Rooms(consent=consent, apologies=apologies, queue=log)


def office_queue(
    *,
    office: Office,
    work: WorkTime,
    log: QueueLog,
    horizon: int,
    staff: dict[str, list[int]],
    rng: FastRandom,
    writer: BulkWriter,
    ids: Ids,
) -> dict[str, int]:
    return QueueWriter(
        office=office,
        work=work,
        log=log,
        horizon=horizon,
        window=log.window,
        staff=staff,
        rng=rng,
        writer=writer,
        ids=ids,
    ).write()


def later_rooms(
    *,
    offices: list[Office],
    logs: dict[int, tuple[WorkTime, QueueLog]],
    first: dict[int, int],
    horizon: int,
    staff: dict[str, dict[str, list[int]]],
    seed: int,
) -> dict[str, int]:
    """Outreach events of the main office, and complaints at both."""
    counts = {"outreach events": 0, "complaints": 0}
    for office in offices:
        main = office.code == setup.MAIN_OFFICE
        if main and office.pk in logs:
            work, log = logs[office.pk]
            counts["outreach events"] += write_outreach(
                office=office,
                work=work,
                recordings=log.outreach,
                staff=staff[office.code],
                horizon=horizon,
                rng=FastRandom(f"{seed}:outreach:{office.code}"),
            )
        counts["complaints"] += write_complaints(
            office=office,
            scripts=MAIN if main else SECOND,
            first=first[office.pk],
            horizon=horizon,
            rng=FastRandom(f"{seed}:complaints:{office.code}"),
        )
    return counts
