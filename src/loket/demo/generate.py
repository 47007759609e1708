"""``loket demo`` without the command-line: set up the offices, generate their history, finish off.

Everything in the data comes from one ``random.Random(seed)`` consumed in a fixed order, so the same
seed, span and end date give the same persons, NIKs, receipts and times on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from loket.applications.models import Application, BlankStock, Suket
from loket.core.models import Counter
from loket.demo import setup
from loket.demo.citizens import Citizens, NikRegistry
from loket.demo.clock import WorkTime
from loket.demo.consent import ConsentDesk
from loket.demo.fastrandom import FastRandom
from loket.demo.history import OfficeContext, OfficeHistory
from loket.demo.intake import counter_of
from loket.demo.paths import DueDates, StaffPool, Walker
from loket.demo.plan import DayPlan, plan_days
from loket.demo.receipts import ReceiptSequence
from loket.demo.rooms import later_rooms, office_queue, office_rooms
from loket.demo.writer import TABLES, BulkWriter, Ids
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Region, Role, StationKind
from loket.people.models import Person

TZ = ZoneInfo("Asia/Jakarta")
PER_DAY = 150  # an ordinary day at Zona VIII (see plan.py)
SECOND_OFFICE_DAYS = 30
SECOND_OFFICE_PER_DAY = 20
SECOND_OFFICE_SHARE = 0.02  # of --applications
# Below this many persons already in the database their NIKs are loaded so none is generated twice.
_KNOWN_NIK_LIMIT = 200_000


class DemoError(Exception):
    pass


@dataclass
class Options:
    seed: int = 1
    days: int = 365
    until: dt.date | None = None
    applications: int | None = None


@dataclass
class Summary:
    horizon: dt.datetime
    rows: dict[str, int] = field(default_factory=dict)
    stockout_days: int = 0
    survey_responses: int = 0
    consents: int = 0
    apologies: int = 0
    rooms: dict[str, int] = field(default_factory=dict)  # tickets, visits, bookings, outreach, complaints
    logins: list[dict[str, str]] = field(default_factory=list)

    def add(self, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            self.rooms[name] = self.rooms.get(name, 0) + count


def horizon_for(until: dt.date | None) -> dt.datetime:
    """The end of the history: now, or the end (midnight) of the ``until`` day in the office's zone."""
    if until is None:
        return timezone.now().replace(microsecond=0)
    return dt.datetime.combine(until + dt.timedelta(days=1), dt.time(0), tzinfo=TZ)


def prepare(options: Options) -> tuple[dict[str, Office], list[dict[str, str]], dt.datetime]:
    horizon = horizon_for(options.until)
    offices = setup.ensure_offices(closures_around=horizon.astimezone(TZ).date())
    logins = setup.ensure_staff(offices)
    return offices, logins, horizon


def generate(options: Options, *, progress: Callable[[int, int], None] | None = None) -> Summary:
    """Set up the offices and write their history. ``progress(total, done)`` is told of each batch."""
    offices, logins, horizon = prepare(options)
    if Application.objects.filter(office__in=offices.values()).exists():
        raise DemoError("The demo offices already have applications. Use --reset to generate them again.")
    rng = FastRandom(options.seed)
    end = int(horizon.timestamp())
    last_day = (horizon - dt.timedelta(seconds=1)).astimezone(TZ).date()  # the last day with any history
    staff = setup.staff_ids(offices)
    total_second = round(options.applications * SECOND_OFFICE_SHARE) if options.applications else None
    specs = [
        (
            offices[setup.MAIN_OFFICE],
            options.days,
            None if options.applications is None else options.applications - (total_second or 0),
        ),
        (offices[setup.SECOND_OFFICE], min(SECOND_OFFICE_DAYS, options.days), total_second),
    ]
    first_day = last_day - dt.timedelta(days=options.days - 1)
    contexts = []
    for office, days, total in specs:
        work = WorkTime(WorkingCalendar.for_office(office), first_day, last_day + dt.timedelta(days=1))
        begin = (last_day - dt.timedelta(days=days - 1) - first_day).days
        per_day = PER_DAY if office.code == setup.MAIN_OFFICE else SECOND_OFFICE_PER_DAY
        plan = plan_days(work, rng, first_day=begin, horizon=end, per_day=per_day, total=total)
        if total and not plan.counts:
            raise DemoError("The history has no working day to put applications on; choose more --days.")
        contexts.append((office, work, plan, begin))
    grand_total = sum(sum(plan.counts.values()) for _o, _w, plan, _b in contexts)
    done = 0

    def flushed(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(grand_total, done)

    ids = Ids()
    writer = BulkWriter(on_flush=flushed)
    writer.start(ids)
    writer.days_ahead(
        int(dt.datetime.combine(first_day, dt.time(0), tzinfo=TZ).timestamp()) - 86400, end + 400 * 86400
    )
    citizens = Citizens(rng=rng, registry=NikRegistry(_known_niks()))
    receipts = ReceiptSequence(rng)
    summary = Summary(horizon=horizon, logins=logins)
    stocks = {}
    # The later rooms draw from streams of their own: the history is the same with or without them.
    consent = ConsentDesk(rng=FastRandom(f"{options.seed}:consent"), writer=writer, ids=ids)
    queues = []
    try:
        for office, work, plan, begin in contexts:
            history = _office_history(
                office,
                work,
                plan,
                begin,
                rng=rng,
                staff=staff[office.code],
                horizon=end,
                writer=writer,
                ids=ids,
                citizens=citizens,
                receipts=receipts,
                consent=consent,
            )
            history.run()
            stocks[office.pk] = history.room.on_hand
            summary.stockout_days += history.room.stockout_days
            summary.apologies += history.rooms.apologies.recorded
            queues.append((office, work, history.rooms.queue))
        writer.flush()  # the citizens are in: the bookings read their names
        for office, work, log in queues:
            summary.add(
                office_queue(
                    office=office,
                    work=work,
                    log=log,
                    horizon=end,
                    staff=staff[office.code],
                    rng=FastRandom(f"{options.seed}:queue:{office.code}"),
                    writer=writer,
                    ids=ids,
                )
            )
        writer.finish()
    finally:
        writer.release()
    _finish(offices, stocks)
    summary.rows = dict(writer.written)
    summary.survey_responses = _survey_responses(
        offices[setup.MAIN_OFFICE], first_day, last_day, options.seed
    )
    summary.consents = consent.recorded
    summary.add(
        later_rooms(
            offices=[office for office, _w, _p, _b in contexts],
            logs={office.pk: (work, log) for office, work, log in queues},
            first={office.pk: work.starts[begin] for office, work, _p, begin in contexts},
            horizon=end,
            staff=staff,
            seed=options.seed,
        )
    )
    return summary


def _office_history(
    office: Office,
    work: WorkTime,
    plan: DayPlan,
    first_day: int,
    *,
    rng: random.Random,
    staff: dict[str, list[int]],
    horizon: int,
    writer: BulkWriter,
    ids: Ids,
    citizens: Citizens,
    receipts: ReceiptSequence,
    consent: ConsentDesk,
) -> OfficeHistory:
    pool = StaffPool(staff, rng)
    standards = {s.service_type: (s.amount, s.unit) for s in office.service_standards.all()}
    calendar = WorkingCalendar.for_office(office)
    dues = DueDates(calendar, standards, work)
    walker = Walker(
        rng=rng, work=work, horizon=horizon, staff=pool, dues=dues, network_down=plan.network_down
    )
    stations = list(office.stations.order_by("number").values_list("id", "kind"))
    counters = [pk for pk, kind in stations if kind == StationKind.REGISTRATION]
    context = OfficeContext(
        office_id=office.pk,
        kecamatan=office.region_id,
        villages=list(
            Region.objects.filter(parent_id=office.region_id, level="village").values_list("code", "name")
        ),
        counters=counter_of(staff.get(Role.OPERATOR.value, []), counters),
        print_station=next(pk for pk, kind in stations if kind == StationKind.PRINT),
        staff=pool,
        work=work,
        walker=walker,
    )
    return OfficeHistory(
        context=context,
        rng=rng,
        writer=writer,
        ids=ids,
        citizens=citizens,
        receipts=receipts,
        horizon=horizon,
        counts=plan.counts,
        outreach_days=plan.outreach_days,
        ikd_pool=deque(maxlen=5000),
        first_day=first_day,
        rooms=office_rooms(
            work=work,
            plan=plan,
            first_day=first_day,
            dues=dues,
            horizon=horizon,
            staff=staff,
            consent=consent,
            writer=writer,
            ids=ids,
        ),
    )


def _known_niks() -> set[str]:
    if Person.objects.count() > _KNOWN_NIK_LIMIT:
        return set()  # a big database of someone else's: collisions stay as unlikely as they are
    return set(Person.objects.values_list("nik", flat=True))


@transaction.atomic
def _finish(offices: dict[str, Office], stocks: dict[int, int]) -> None:
    """What is left once every row is in: Suket numbers in issue order, the stock counters and, on
    PostgreSQL, the id sequences moved past the ids the generator chose."""
    for office in offices.values():
        BlankStock.objects.update_or_create(office=office, defaults={"on_hand": stocks.get(office.pk, 0)})
        _number_sukets(office)
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        models = [model for model, _fields in TABLES.values()]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def _number_sukets(office: Office) -> None:
    """Suket numbers as ``suket_issue`` gives them: 470/<serial>/<OFFICE>/<year>, gap-free per office
    and year in the order of issue; the counters continue from there for live issuing."""
    serials: dict[int, int] = {}
    updates = []
    rows = (
        Suket.objects.filter(application__office=office)
        .order_by("issued_at", "id")
        .values_list("id", "issued_at")
    )
    for suket_id, issued_at in rows.iterator(chunk_size=10_000):
        year = issued_at.astimezone(TZ).year
        serials[year] = serials.get(year, 0) + 1
        updates.append((f"470/{serials[year]:05d}/{office.code.upper()}/{year}", suket_id))
    table = connection.ops.quote_name(Suket._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET number = %s WHERE id = %s", updates)  # noqa: S608
    for year, value in serials.items():
        Counter.objects.update_or_create(key=f"suket:{office.code}:{year}", defaults={"value": value})


def _survey_responses(office: Office, first: dt.date, last: dt.date, seed: int) -> int:
    """Satisfaction survey answers for the same span, from the surveys room (when its SKM
    questionnaire is installed), so its reports have something to show."""
    from loket.surveys.demo import demo_responses
    from loket.surveys.models import Questionnaire

    if not Questionnaire.objects.filter(key="skm").exists():
        return 0
    return demo_responses(office=office, start=first, end=last, seed=seed)
