"""The first version of every message text, in Bahasa Indonesia and English.

Plain data, not gettext strings: administrators edit the texts in the admin (``MessageTemplate``), and
the data migration seeds the table from here. If a row is missing the renderer falls back to these.
Placeholders in braces are listed in ``rendering.PLACEHOLDERS``.
"""

from __future__ import annotations

from typing import Any

from loket.notifications.models import Kind

# kind -> language -> (subject, body, sms_body)
DEFAULT_TEXTS: dict[str, dict[str, tuple[str, str, str]]] = {
    Kind.DOCUMENTS_INCOMPLETE: {
        "id": (
            "Berkas KTP-el Anda belum lengkap ({receipt})",
            "Bapak/Ibu, berkas permohonan {service} dengan nomor tanda terima {receipt} di {office} "
            "belum lengkap.\n\nYang masih diperlukan: {missing}.\n\nSilakan bawa dokumen tersebut ke "
            "kantor pada jam layanan, agar permohonan dapat kami lanjutkan. Layanan ini gratis (Rp 0).\n\n"
            "Cek status: {track_url}\nInformasi: {office_phone}",
            "Berkas KTP-el {receipt} belum lengkap: {missing}. Mohon dibawa ke {office}. Gratis. "
            "Cek: {track_url}",
        ),
        "en": (
            "Your e-KTP documents are incomplete ({receipt})",
            "Dear citizen, the documents of your {service} application with receipt number {receipt} at "
            "{office} are not complete yet.\n\nStill needed: {missing}.\n\nPlease bring them to the office "
            "during opening hours so we can continue. This service is free (Rp 0).\n\n"
            "Check the status: {track_url}\nInformation: {office_phone}",
            "e-KTP {receipt}: documents missing: {missing}. Please bring them to {office}. Free. "
            "Check: {track_url}",
        ),
    },
    Kind.READY_FOR_PICKUP: {
        "id": (
            "KTP-el Anda sudah bisa diambil ({receipt})",
            "Bapak/Ibu, KTP-el dengan nomor tanda terima {receipt} sudah jadi dan dapat diambil di "
            "{office}, {office_address}, pada jam layanan.\n\nMohon bawa {bring}. Jika diwakilkan, wakil "
            "membawa KK, surat kuasa, dan KTP-el miliknya.\n\nPengambilan gratis (Rp 0): jangan membayar "
            "kepada siapa pun.\nInformasi: {office_phone}",
            "KTP-el {receipt} sudah jadi. Silakan ambil di {office} pada jam layanan, bawa tanda terima. "
            "Gratis.",
        ),
        "en": (
            "Your e-KTP is ready to collect ({receipt})",
            "Dear citizen, the e-KTP with receipt number {receipt} is ready. You can collect it at {office}, "
            "{office_address}, during opening hours.\n\nPlease bring {bring}. Someone collecting for you "
            "brings your family card (KK), a power of attorney and their own e-KTP.\n\nCollection is free "
            "(Rp 0): do not pay anyone.\nInformation: {office_phone}",
            "e-KTP {receipt} is ready. Collect it at {office} during opening hours; bring the receipt. Free.",
        ),
    },
    Kind.DUPLICATE_RECORD: {
        "id": (
            "Mohon datang ke kantor: data rekam ganda ({receipt})",
            "Bapak/Ibu, data perekaman KTP-el Anda (tanda terima {receipt}) terdeteksi ganda di pusat. "
            "Biasanya ini terjadi karena pernah merekam sebelumnya, misalnya setelah pindah domisili.\n\n"
            "KTP-el belum dapat dicetak sampai hal ini diselesaikan. Mohon datang ke {office} dengan "
            "membawa KK dan KTP-el lama (jika ada) agar petugas dapat membantu. Layanan ini gratis.\n\n"
            "Informasi: {office_phone}",
            "Data KTP-el {receipt} terdeteksi ganda. Mohon datang ke {office}, bawa KK & KTP-el lama. "
            "Gratis. Info: {office_phone}",
        ),
        "en": (
            "Please visit the office: duplicate record ({receipt})",
            "Dear citizen, the central system found a second recording of your e-KTP data (receipt "
            "{receipt}). This usually happens when someone was recorded before, for example before a move."
            "\n\nYour card cannot be printed until this is resolved. Please come to {office} with your "
            "family card (KK) and your old e-KTP if you have one, so an officer can help. This is free.\n\n"
            "Information: {office_phone}",
            "e-KTP {receipt}: duplicate record found. Please come to {office} with your KK and old e-KTP. "
            "Free. Info: {office_phone}",
        ),
    },
    Kind.OVERDUE: {
        "id": (
            "Mohon maaf, KTP-el Anda terlambat ({receipt})",
            "Bapak/Ibu, kami mohon maaf: permohonan {service} dengan nomor tanda terima {receipt} belum "
            "selesai sampai batas waktu {due_date}.\n\nPerkiraan selesai yang baru: {new_due_date}. "
            "Kami akan memberi kabar lagi begitu KTP-el siap diambil.\n\nCek status kapan saja: "
            "{track_url}\nInformasi: {office_phone}",
            "Mohon maaf, KTP-el {receipt} terlambat. Perkiraan selesai baru: {new_due_date}. "
            "Cek: {track_url}",
        ),
        "en": (
            "We are sorry: your e-KTP is late ({receipt})",
            "Dear citizen, we apologise: your {service} application with receipt number {receipt} was not "
            "completed by {due_date} as promised.\n\nNew expected date: {new_due_date}. We will let you "
            "know as soon as your card is ready.\n\nCheck the status at any time: {track_url}\n"
            "Information: {office_phone}",
            "Sorry, e-KTP {receipt} is late. New expected date: {new_due_date}. Check: {track_url}",
        ),
    },
    Kind.SURVEY_INVITATION: {
        "id": (
            "Bagaimana pelayanan kami? ({office})",
            "Terima kasih telah menggunakan layanan {office}.\n\nMohon luangkan dua menit untuk mengisi "
            "survei kepuasan masyarakat: {survey_url}\n\nSurvei ini tanpa nama dan membantu kami "
            "memperbaiki pelayanan.",
            "Terima kasih. Mohon isi survei kepuasan {office} (2 menit, tanpa nama): {survey_url}",
        ),
        "en": (
            "How did we do? ({office})",
            "Thank you for using the services of {office}.\n\nPlease take two minutes to answer the public "
            "satisfaction survey: {survey_url}\n\nThe survey is anonymous and helps us improve the service.",
            "Thank you. Please answer the {office} satisfaction survey (2 minutes, anonymous): {survey_url}",
        ),
    },
    Kind.BOOKING_REMINDER: {
        "id": (
            "Pengingat jadwal layanan {date} pukul {time} ({code})",
            "Bapak/Ibu, kami mengingatkan jadwal layanan {service} Anda di {office}, {office_address}: "
            "{date} pukul {time}. Kode booking: {code}.\n\nDatang 15 menit sebelumnya dan tunjukkan kode "
            "atau QR di mesin antrean. Bawa KK dan dokumen yang diperlukan. Layanan ini gratis (Rp 0).\n\n"
            "Tidak bisa datang? Ubah jadwal atau batalkan agar tempatnya dipakai warga lain: {booking_url}\n"
            "Informasi: {office_phone}",
            "Pengingat: {office}, {date} pukul {time}, kode {code}. Gratis. Ubah/batal: {booking_url}",
        ),
        "en": (
            "Reminder: your appointment on {date} at {time} ({code})",
            "Dear citizen, a reminder of your {service} appointment at {office}, {office_address}: "
            "{date} at {time}. Booking code: {code}.\n\nCome 15 minutes early and show the code or QR at "
            "the queue kiosk. Bring your KK and the documents needed. This service is free (Rp 0).\n\n"
            "Cannot come? Reschedule or cancel so another citizen can have the place: {booking_url}\n"
            "Information: {office_phone}",
            "Reminder: {office}, {date} at {time}, code {code}. Free. Change/cancel: {booking_url}",
        ),
    },
    Kind.BOOKING_DAY_CLOSED: {
        "id": (
            "Kantor tutup pada {date}: mohon pilih hari lain ({code})",
            "Bapak/Ibu, mohon maaf: {office} tutup pada {date} ({reason}), hari yang Anda pilih untuk "
            "layanan {service} (kode booking {code}).\n\nSilakan pilih hari dan jam lain di: {booking_url}\n"
            "Kode booking Anda tetap berlaku.\n\nInformasi: {office_phone}",
            "Maaf, {office} tutup {date} ({reason}). Booking {code}: pilih hari lain di {booking_url}",
        ),
        "en": (
            "The office is closed on {date}: please choose another day ({code})",
            "Dear citizen, we are sorry: {office} is closed on {date} ({reason}), the day you booked for "
            "{service} (booking code {code}).\n\nPlease choose another day and time at: {booking_url}\n"
            "Your booking code stays valid.\n\nInformation: {office_phone}",
            "Sorry, {office} is closed on {date} ({reason}). Booking {code}: choose another day at "
            "{booking_url}",
        ),
    },
    Kind.TURN_NEAR: {
        "id": (
            "Antrean {number}: giliran Anda sebentar lagi",
            "Bapak/Ibu, giliran nomor antrean {number} ({service}) di {office} sebentar lagi: {ahead} orang "
            "lagi di depan Anda.\n\nMohon kembali ke ruang tunggu dan tetap dekat loket. Ikuti antrean Anda: "
            "{ticket_url}",
            "Antrean {number} di {office}: tinggal {ahead} orang lagi. Mohon kembali ke ruang tunggu. "
            "{ticket_url}",
        ),
        "en": (
            "Queue number {number}: your turn is near",
            "Dear citizen, the turn of queue number {number} ({service}) at {office} is near: {ahead} people "
            "ahead of you.\n\nPlease come back to the waiting room and stay close to the counters. Follow "
            "your turn: {ticket_url}",
            "Queue {number} at {office}: {ahead} people ahead. Please come back to the waiting room. "
            "{ticket_url}",
        ),
    },
}


def seed_templates(template_model: Any) -> int:
    """Create the missing rows (an administrator's edits are left alone). Used by the data migrations:
    each seeds only the kinds its historical model allows, so a kind added later waits for its own."""
    known = {value for value, _label in template_model._meta.get_field("kind").choices}
    created = 0
    for kind, languages in DEFAULT_TEXTS.items():
        if str(kind) not in known:
            continue
        for language, (subject, body, sms_body) in languages.items():
            _row, was_created = template_model.objects.get_or_create(
                kind=str(kind),
                language=language,
                defaults={"subject": subject, "body": body, "sms_body": sms_body},
            )
            created += was_created
    return created
