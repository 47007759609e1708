"""The Suket as a printable A4 PDF (WeasyPrint from an HTML template).

An official document, so it is always in Bahasa Indonesia whatever the officer's interface
language. It identifies the citizen (it stands in for their KTP-el) and carries a QR code that
leads to the public check page, which shows only whether the number is valid, never who holds it.
Nothing is fetched from the network: fonts are the system's, the QR code is an inline data URI,
and the URL fetcher refuses anything else so a template change cannot make rendering hang.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from loket.applications.models import SuketCode
from loket.people.nik import Sex

if TYPE_CHECKING:
    from loket.applications.models import Suket
    from loket.offices.models import Region
    from loket.people.models import Person

TEMPLATE = "applications/documents/suket.html"

# How the code is printed: Dukcapil writes "Efac", the others in capitals.
CODE_PRINTED = {SuketCode.EFAC: "Efac"}

# What each status code means, in the words printed on the certificate.
CODE_MEANING = {
    SuketCode.PRO: "Data perekaman KTP-el sedang diproses.",
    SuketCode.SFE: "Sent For Enrollment: data perekaman telah dikirim ke pusat untuk diverifikasi.",
    SuketCode.PRR: "Print Ready Record: data telah terverifikasi dan siap dicetak; "
    "blangko KTP-el belum tersedia.",
    SuketCode.DUP: "Duplicate Record: terdapat data perekaman ganda yang sedang diselesaikan di pusat.",
    SuketCode.EFAC: "Enrollment failure at central: data belum lengkap atau gagal diproses di pusat.",
}

SEX_PRINTED = {Sex.MALE: "LAKI-LAKI", Sex.FEMALE: "PEREMPUAN"}


def printed_code(code: str) -> str:
    return CODE_PRINTED.get(SuketCode(code), str(code))


def verify_url(suket: Suket) -> str:
    """The public check page for this Suket. Only the number goes in the URL: it is not personal data."""
    query = urlencode({"number": suket.number}, safe="/")  # slashes may stay as they are in a query
    return f"{settings.LOKET_PUBLIC_URL}{reverse('suket_public:check')}?{query}"


def render_suket_pdf(suket: Suket) -> bytes:
    return suket_document(suket).write_pdf()


def suket_document(suket: Suket) -> Any:
    """The laid-out WeasyPrint document (its ``pages`` tell a test the Suket fits on one sheet)."""
    # Imported here: WeasyPrint is heavy, and only the processes that print documents need it.
    from weasyprint import HTML, URLFetcher

    with translation.override("id"):
        html = render_to_string(TEMPLATE, suket_context(suket))
    # Only data: URIs may load; an http(s) or file URL in the template fails the render loudly.
    fetcher = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).render()


def suket_context(suket: Suket) -> dict[str, Any]:
    application = suket.application
    office = application.office
    person = application.person
    city = _ancestor(office.region, "city")
    url = verify_url(suket)
    return {
        "suket": suket,
        "office": office,
        "person": person,
        "city": city.name if city else "",
        "city_upper": city.name.upper() if city else "",
        "place": _place_name(city),
        "code": printed_code(suket.status_code),
        "meaning": CODE_MEANING[SuketCode(suket.status_code)],
        "birth": _birth(person),
        "sex": SEX_PRINTED.get(person.sex, person.sex),
        "address_lines": _address_lines(person),
        "issued_on": _long_date(timezone.localtime(suket.issued_at).date()),
        "valid_until": _long_date(suket.valid_until),
        "officer": suket.issued_by.get_full_name() or suket.issued_by.get_username(),
        "verify_url": url,
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=4),
    }


def _long_date(day: dt.date) -> str:
    with translation.override("id"):
        return formats.date_format(day, "j F Y")  # "17 Agustus 2026", whatever the officer's language


def _birth(person: Person) -> str:
    day = _long_date(person.birth_date)
    return f"{person.birth_place.upper()}, {day}" if person.birth_place else day


def _ancestor(region: Region | None, level: str) -> Region | None:
    while region is not None and region.level != level:
        region = region.parent
    return region


def _place_name(city: Region | None) -> str:
    """ "Kota Palembang" is signed at "Palembang"."""
    if city is None:
        return ""
    for prefix in ("Kota ", "Kabupaten "):
        if city.name.startswith(prefix):
            return city.name[len(prefix) :]
    return city.name


def _address_lines(person: Person) -> list[str]:
    lines = [line.strip() for line in person.address.splitlines() if line.strip()]
    village = person.village
    if village is not None:
        district = _ancestor(village.parent, "district")
        lines.append(f"Kel./Desa {village.name}" + (f", Kec. {district.name}" if district else ""))
    return lines
