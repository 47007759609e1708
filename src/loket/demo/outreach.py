"""Outreach (jemput bola) for the demo: the office's latest outreach days as events with their team,
kit, request and each person's outcome; one event planned for the coming days; open requests.

The history already has outreach days: citizens registered with channel "outreach". Each of the
last two such days becomes a done event at a school (students turning 17): its recorded
participants are exactly those applications (``outreach_outcome_record`` registers them), with
the officer who registered them and when; around them those who were absent, under age, or whose
recording failed, as outreach trackers report them. Written through the models, as
``intake.services.outreach`` writes them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import transaction

from loket.applications.models import Application
from loket.demo import names
from loket.demo.clock import WorkTime
from loket.demo.traces import OutreachRecording
from loket.intake.models import (
    OutreachEvent,
    OutreachEventStatus,
    OutreachOutcome,
    OutreachParticipant,
    OutreachRequest,
    OutreachRequestStatus,
    RecordingKit,
    RequesterKind,
    TargetGroup,
)
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Region, Role

SCHOOLS = (
    ("SMA Bina Bangsa Sematang Borang", "Jl. Sematang Borang, aula sekolah"),
    ("MA Al-Hikmah Srimulya", "Kelurahan Srimulya, ruang serbaguna madrasah"),
    ("SMK Karya Mandiri Lebung Gajah", "Kelurahan Lebung Gajah, laboratorium komputer"),
)
ELDERLY = ("Kantor Kelurahan Karyamulya", "Balai pertemuan kantor kelurahan")
OTHER_OUTCOMES = (
    (OutreachOutcome.ABSENT, "Tidak hadir saat pelaksanaan"),
    (OutreachOutcome.ABSENT, "Sedang sakit, dijadwalkan ulang"),
    (OutreachOutcome.UNDER_AGE, "Baru berusia 17 tahun bulan depan"),
    (OutreachOutcome.FAILED, "Alat sidik jari tidak membaca jari pemohon; diminta datang ke kantor"),
)


@transaction.atomic
def write_outreach(
    *,
    office: Office,
    work: WorkTime,
    recordings: list[OutreachRecording],
    staff: dict[str, list[int]],
    horizon: int,
    rng: random.Random,
) -> int:
    """The office's outreach events (done and planned) and requests; how many events."""
    head = (staff.get(Role.HEAD.value) or staff[Role.OPERATOR.value])[0]
    team = [staff[Role.RECORDING_OFFICER.value][0], staff[Role.OPERATOR.value][0]]
    kit, _created = RecordingKit.objects.get_or_create(
        office=office, name="Kit Perekaman Keliling 1", defaults={"serial": "MRK-1671-0081"}
    )
    villages = list(Region.objects.filter(parent_id=office.region_id, level="village").order_by("code"))
    tz = ZoneInfo(office.timezone)
    by_day: dict[int, list[OutreachRecording]] = defaultdict(list)
    today = work.day_of(horizon)
    for recording in recordings:
        if recording.day < today:
            by_day[recording.day].append(recording)
    latest = sorted(day for day, found in by_day.items() if len(found) >= 3)[-2:]
    for position, day in enumerate(latest):
        school, place = SCHOOLS[position % len(SCHOOLS)]
        _done_event(
            office=office,
            date=work.date(day),
            recorded=sorted(by_day[day], key=lambda r: r.submitted),
            school=(school, place),
            village=villages[position % len(villages)] if villages else None,
            kit=kit,
            team=team,
            head=head,
            rng=rng,
            tz=tz,
        )
    today_date = dt.datetime.fromtimestamp(horizon, tz=tz).date()
    _planned_event(office=office, today=today_date, kit=kit, team=team, head=head, villages=villages, rng=rng)
    _requests(office=office, now=horizon, head=head, villages=villages, rng=rng)
    return len(latest) + 1


def _done_event(
    *,
    office: Office,
    date: dt.date,
    recorded: list[OutreachRecording],
    school: tuple[str, str],
    village: Region | None,
    kit: RecordingKit,
    team: list[int],
    head: int,
    rng: random.Random,
    tz: ZoneInfo,
) -> None:
    name, place = school
    others = rng.sample(OTHER_OUTCOMES, k=rng.randint(2, len(OTHER_OUTCOMES)))
    expected = len(recorded) + len(others) + rng.randint(0, 3)
    asked = dt.datetime.combine(date - dt.timedelta(days=rng.randint(10, 20)), dt.time(9, 30), tzinfo=tz)
    request = OutreachRequest.objects.create(
        office=office,
        requester_kind=RequesterKind.SCHOOL,
        requester_name=f"Kepala Sekolah {name}",
        contact_phone=names.mobile(rng),
        target_group=TargetGroup.STUDENTS,
        people_expected=expected,
        location=f"{name}, {place}",
        village=village,
        note="Siswa kelas XII yang sudah atau segera berusia 17 tahun.",
        status=OutreachRequestStatus.DONE,
        created_at=asked,
        created_by_id=head,
    )
    last = dt.datetime.fromtimestamp(recorded[-1].submitted, tz=tz)
    event = OutreachEvent.objects.create(
        office=office,
        date=date,
        starts=dt.time(8, 0),
        ends=dt.time(min(16, max(13, last.hour + 1)), 0),
        location=f"{name}, {place}",
        village=village,
        target_group=TargetGroup.STUDENTS,
        target_count=expected,
        kit=kit,
        status=OutreachEventStatus.DONE,
        note="Perekaman KTP-el jemput bola bagi siswa pemilih pemula.",
        created_by_id=head,
    )
    event.staff.set(team)
    event.requests.set([request])
    people = {
        pk: (name, nik)
        for pk, name, nik in Application.objects.filter(pk__in=[r.application for r in recorded]).values_list(
            "pk", "person__full_name", "person__nik"
        )
    }
    participants = [
        OutreachParticipant(
            event=event,
            full_name=people[r.application][0],
            nik=people[r.application][1],
            outcome=OutreachOutcome.RECORDED,
            outcome_at=dt.datetime.fromtimestamp(r.submitted, tz=dt.UTC),
            outcome_by_id=r.operator,
            application_id=r.application,
        )
        for r in recorded
    ]
    opened = dt.datetime.combine(date, dt.time(8, 0), tzinfo=tz)
    for outcome, note in others:
        participants.append(
            OutreachParticipant(
                event=event,
                full_name=names.someone(rng),
                note=note,
                outcome=outcome,
                outcome_at=opened + dt.timedelta(minutes=rng.randrange(20, 300)),
                outcome_by_id=rng.choice(team),
            )
        )
    OutreachParticipant.objects.bulk_create(participants)


def _planned_event(
    *,
    office: Office,
    today: dt.date,
    kit: RecordingKit,
    team: list[int],
    head: int,
    villages: list[Region],
    rng: random.Random,
) -> None:
    """Elderly and house-bound citizens of a kelurahan, in the coming days, at their request."""
    calendar = WorkingCalendar.for_office(office)
    wanted = rng.randint(4, 8)  # working days from now
    date = next(
        day for position, day in enumerate(calendar.working_days_after(today), start=1) if position == wanted
    )
    name, place = ELDERLY
    village = villages[-1] if villages else None
    request = OutreachRequest.objects.create(
        office=office,
        requester_kind=RequesterKind.KELURAHAN,
        requester_name=f"Lurah, {name}",
        target_group=TargetGroup.ELDERLY,
        people_expected=12,
        location=f"{name}, {place}",
        village=village,
        note="Warga lansia yang belum perekaman; sebagian perlu didatangi ke rumah.",
        status=OutreachRequestStatus.SCHEDULED,
        created_at=dt.datetime.combine(today - dt.timedelta(days=6), dt.time(10, 15), tzinfo=calendar.tz),
        created_by_id=head,
    )
    event = OutreachEvent.objects.create(
        office=office,
        date=date,
        starts=dt.time(8, 30),
        ends=dt.time(12, 0),
        location=f"{name}, {place}",
        village=village,
        target_group=TargetGroup.ELDERLY,
        target_count=12,
        kit=kit,
        status=OutreachEventStatus.PLANNED,
        note="Bawa formulir F-1.21 cadangan; koordinasi dengan ketua RT untuk kunjungan rumah.",
        created_by_id=head,
    )
    event.staff.set(team)
    event.requests.set([request])
    OutreachParticipant.objects.bulk_create(
        OutreachParticipant(event=event, full_name=names.someone(rng)) for _ in range(rng.randint(5, 8))
    )


def _requests(*, office: Office, now: int, head: int, villages: list[Region], rng: random.Random) -> None:
    """Requests not scheduled yet: a family for a bedridden relative, and one the office declined."""
    at = dt.datetime.fromtimestamp(now, tz=dt.UTC)
    OutreachRequest.objects.create(
        office=office,
        requester_kind=RequesterKind.CITIZEN,
        requester_name=names.someone(rng),
        contact_phone=names.mobile(rng),
        target_group=TargetGroup.BEDRIDDEN,
        people_expected=1,
        location="Rumah warga, RT 014 RW 004",
        village=villages[0] if villages else None,
        note="Ibu kandung pemohon stroke dan tidak bisa datang ke kantor.",
        status=OutreachRequestStatus.NEW,
        created_at=at - dt.timedelta(days=2, hours=3),
        created_by_id=head,
    )
    OutreachRequest.objects.create(
        office=office,
        requester_kind=RequesterKind.OTHER,
        requester_name="Panitia bazar perumahan",
        target_group=TargetGroup.OTHER,
        people_expected=40,
        location="Lapangan perumahan, hari Minggu",
        note="Ditolak: kegiatan di hari libur tanpa penugasan dari Disdukcapil.",
        status=OutreachRequestStatus.DECLINED,
        created_at=at - dt.timedelta(days=25, hours=1),
        created_by_id=head,
    )
