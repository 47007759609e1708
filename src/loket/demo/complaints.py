"""Complaints (pengaduan) for the demo: a handful over the history, in every category and status.

Each is filed and worked as ``portal.services`` does it: filed with a deadline from
``complaint_deadline`` (working days), then taken up, answered and closed by the head of office,
each step a ``ComplaintEvent``. Older complaints are finished, the newest still waiting; one was
answered, reopened and answered again; one report of an illegal fee (pungli), filed anonymously.
A step that would fall after the end of the history has not happened yet. Tracking codes are the
filers' bearer secrets and are drawn with ``secrets`` as the live service draws them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from loket.applications.receipts import new_receipt
from loket.offices.calendar import WorkingCalendar
from loket.offices.models import Office, Role, Staff
from loket.portal.models import Complaint, ComplaintCategory, ComplaintEvent, ComplaintStatus
from loket.portal.services import complaint_deadline

C, S = ComplaintCategory, ComplaintStatus


@dataclass(frozen=True)
class Script:
    at: float  # where in the office's history it was filed (0 first day, 1 the end)
    category: str
    status: str  # how far it got, if the history is long enough
    text: str
    answer: str = ""
    filer: tuple[str, str] = ("", "")  # name, phone or email; empty: anonymous
    station: int | None = None  # the counter's number
    about: str = ""  # the staff member's username the head linked
    described: str = ""  # how the filer described them
    reopened: str = ""  # the first answer, before the filer wrote back


MAIN = (
    Script(
        0.06,
        C.TIME,
        S.CLOSED,
        "Sudah tiga minggu KTP-el saya belum jadi, padahal dijanjikan lima hari kerja. Setiap datang "
        "hanya disuruh menunggu tanpa penjelasan.",
        "Mohon maaf atas keterlambatannya. Data perekaman Bapak tertahan di server pusat dan sudah kami "
        "tindak lanjuti ke Disdukcapil. KTP-el sudah dapat diambil di Loket 5 dengan membawa resi.",
        ("Hendra Wijaya", "081278001122"),
    ),
    Script(
        0.15,
        C.STAFF,
        S.CLOSED,
        "Petugas di loket pendaftaran berbicara dengan nada tinggi dan tidak menjelaskan berkas apa "
        "yang kurang. Saya harus bertanya ke pemohon lain.",
        "Terima kasih atas laporannya. Petugas yang bersangkutan sudah kami tegur dan kami ingatkan "
        "kembali standar pelayanan pada apel pagi. Daftar persyaratan kini ditempel di setiap loket.",
        ("Sri Wahyuni", "sri.wahyuni81@gmail.com"),
        station=1,
        about="operator1",
        described="Petugas perempuan di loket 1, pagi hari",
    ),
    Script(
        0.24,
        C.SERVICE,
        S.CLOSED,
        "Tempat parkir sangat sempit, motor saya terpaksa diparkir di pinggir jalan dan kena tilang.",
        "Kami mohon maaf. Kantor sedang berkoordinasi dengan kelurahan untuk memakai halaman balai "
        "pertemuan sebagai tempat parkir tambahan pada jam pelayanan.",
        ("Rudi Hartono", "085377004411"),
    ),
    Script(
        0.33,
        C.PUNGLI,
        S.ANSWERED,
        "Ada orang di depan kantor yang menawarkan jasa KTP cepat jadi dengan bayaran Rp150.000 dan "
        "mengaku kenal dengan petugas di dalam.",
        "Layanan KTP-el tidak dipungut biaya. Laporan ini sudah kami teruskan ke Inspektorat dan Satgas "
        "Saber Pungli Kota Palembang. Tidak ditemukan petugas kami yang terlibat; pengumuman "
        "'Layanan Gratis' kini dipasang di pagar dan di setiap loket.",
    ),
    Script(
        0.45,
        C.TIME,
        S.CLOSED,
        "Antrean sangat panjang. Saya datang jam 7 pagi dan baru dipanggil jam 11.",
        "Mulai bulan ini warga dapat mengambil nomor antrean secara daring dan datang pada jam yang "
        "dipilih. Pada hari Senin kami membuka loket 2 sejak pukul 07.30.",
        ("Dewi Lestari", "081366002299"),
        reopened="Mohon maaf atas waktu tunggu yang lama. Jumlah pemohon hari itu di atas rata-rata.",
    ),
    Script(
        0.55,
        C.SERVICE,
        S.CLOSED,
        "Alat perekaman sidik jari sering error sehingga saya harus datang dua kali.",
        "Alat sidik jari di Loket 4 sudah diganti oleh Disdukcapil. Mohon maaf atas ketidaknyamanannya.",
        ("Ahmad Fauzi", "082180005577"),
        station=4,
    ),
    Script(
        0.68,
        C.TIME,
        S.ANSWERED,
        "Sudah lewat tanggal janji, tetapi di halaman lacak status masih 'dikirim ke pusat'.",
        "Data Ibu sudah diterima pusat dan sedang diverifikasi. Kami akan mengabari lewat WhatsApp "
        "begitu KTP-el siap dicetak.",
        ("Nur Aisyah", "089677003344"),
    ),
    Script(
        0.80,
        C.STAFF,
        S.ANSWERED,
        "Bukan keluhan: petugas perekaman sangat sabar membantu ibu saya yang memakai kursi roda. "
        "Terima kasih.",
        "Terima kasih atas apresiasinya. Pesan ini kami sampaikan kepada petugas yang bersangkutan.",
        ("Yuni Kartika", ""),
        station=3,
        about="perekam1",
    ),
    Script(
        0.90,
        C.SERVICE,
        S.IN_PROGRESS,
        "Nomor WhatsApp kantor yang tertera di papan pengumuman tidak pernah membalas pesan.",
        filer=("Joko Susilo", "081234009988"),
    ),
    Script(
        0.95,
        C.TIME,
        S.IN_PROGRESS,
        "Pengurusan KTP-el yang hilang sudah sejak bulan lalu dan belum ada kabar sama sekali.",
        filer=("Rina Marlina", "085211003366"),
    ),
    Script(
        0.985,
        C.STAFF,
        S.RECEIVED,
        "Petugas loket cetak meninggalkan loket lebih dari 30 menit pada jam pelayanan.",
        station=5,
        described="Petugas laki-laki, siang hari",
    ),
    Script(
        0.997,
        C.SERVICE,
        S.RECEIVED,
        "Mesin antrean di pintu masuk tidak mengeluarkan kertas nomor, warga berebut giliran.",
        filer=("Budi Santoso", "081399007755"),
    ),
)
SECOND = (
    Script(
        0.4,
        C.TIME,
        S.ANSWERED,
        "Sudah seminggu lebih KTP-el belum bisa dicetak karena blangko habis.",
        "Blangko sudah kami terima kembali dari Disdukcapil kemarin. KTP-el Bapak dapat diambil di Loket 3.",
        ("Ilyas Saputra", "081377001100"),
    ),
    Script(0.9, C.SERVICE, S.RECEIVED, "Ruang tunggu panas, kipas angin tidak menyala.", filer=("Marni", "")),
)
TAKEN_UP_NOTE = "Diklarifikasi dengan petugas dan kepala seksi pelayanan."
CLOSED_NOTE = "Pelapor tidak menanggapi lagi; pengaduan ditutup."
REOPENED_NOTE = "Pelapor membalas: belum puas dengan jawaban pertama."


@transaction.atomic
def write_complaints(
    *, office: Office, scripts: tuple[Script, ...], first: int, horizon: int, rng: random.Random
) -> int:
    head = Staff.objects.filter(office=office, role=Role.HEAD).order_by("username").first()
    stations = dict(office.stations.values_list("number", "id"))
    calendar = WorkingCalendar.for_office(office)
    tz = ZoneInfo(office.timezone)
    end = dt.datetime.fromtimestamp(horizon, tz=dt.UTC)
    codes: set[str] = set()
    written = 0
    for script in scripts:
        day = dt.datetime.fromtimestamp(first + script.at * (horizon - first), tz=tz).date()
        received = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randrange(60)), tzinfo=tz)
        if received >= end:
            continue
        complaint = Complaint(
            tracking_code=_code(codes),
            office=office,
            category=script.category,
            station_id=stations.get(script.station) if script.station else None,
            staff_description=script.described,
            staff_member=Staff.objects.filter(username=script.about).first() if script.about else None,
            description=script.text,
            filer_name=script.filer[0],
            filer_contact=script.filer[1],
            received_at=received,
            respond_by=complaint_deadline(office, received),
        )
        steps = _steps(script, received, calendar, rng)
        complaint.status = S.RECEIVED
        events = [ComplaintEvent(at=received, to_status=S.RECEIVED)]
        for at, status, note, answer in steps:
            if at >= end:
                break
            if status == S.ANSWERED:
                complaint.response, complaint.answered_at = answer, at
            if status == S.CLOSED:
                complaint.closed_at = at
            events.append(
                ComplaintEvent(at=at, actor=head, from_status=complaint.status, to_status=status, note=note)
            )
            complaint.status = status
        complaint.save()
        for event in events:
            event.complaint = complaint
        ComplaintEvent.objects.bulk_create(events)
        written += 1
    return written


def _steps(
    script: Script, received: dt.datetime, calendar: WorkingCalendar, rng: random.Random
) -> list[tuple[dt.datetime, str, str, str]]:
    """Taken up the next working day, answered some working days later, closed a few days after."""
    order = [S.RECEIVED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED]
    wanted = order.index(S(script.status))
    moment = received
    steps: list[tuple[dt.datetime, str, str, str]] = []
    path = [(S.IN_PROGRESS, TAKEN_UP_NOTE, "")]
    if script.reopened:
        path += [(S.ANSWERED, "", script.reopened), (S.IN_PROGRESS, REOPENED_NOTE, "")]
    path += [(S.ANSWERED, "", script.answer), (S.CLOSED, CLOSED_NOTE, "")]
    for status, note, answer in path:
        if order.index(status) > wanted:
            break
        days = rng.randint(1, 3) if status == S.ANSWERED else rng.randint(2, 5) if status == S.CLOSED else 1
        moment = _working_moment(calendar, moment, days=days, rng=rng)
        steps.append((moment, status, note, answer))
    return steps


def _working_moment(
    calendar: WorkingCalendar, after: dt.datetime, *, days: int, rng: random.Random
) -> dt.datetime:
    for count, day in enumerate(calendar.working_days_after(calendar.local(after).date()), start=1):
        if count == days:
            return dt.datetime.combine(
                day, dt.time(rng.randint(8, 14), rng.randrange(60)), tzinfo=calendar.tz
            )
    raise AssertionError("unreachable")  # pragma: no cover - working_days_after never ends early


def _code(taken: set[str]) -> str:
    while True:
        code = new_receipt()
        if code not in taken:
            taken.add(code)
            return code
