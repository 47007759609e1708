"""The public information pages: same requirements as the counter, Rp 0 with its legal basis, the
procedure drawn inline, light pages with nothing loaded from elsewhere, Indonesian by default."""

from __future__ import annotations

import datetime as dt
import re
from importlib.util import find_spec
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders

from loket import testing
from loket.applications.requirements import REQUIREMENTS
from loket.offices.models import OfficeClosure, Role
from loket.portal import queue_hook
from loket.portal.models import ComplaintCategory
from loket.portal.selectors import complaint_monthly_figures
from loket.portal.services import complaint_file

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/persyaratan/",
    "/standar-pelayanan/",
    "/tanya-jawab/",
    "/lacak/",
    "/pengaduan/",
    "/pengaduan/lacak/",
]
# A slow 3G connection moves about 50 KB a second: every public page with its styles stays well under.
PAGE_BUDGET = 60_000


def _static_size(path):
    found = finders.find(path) or settings.PACKAGE_DIR / "static" / path
    return Path(found).stat().st_size


def _page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_single_office_portal_opens_on_the_office_page(client, office):
    office.phone, office.latitude, office.longitude = "0711-123456", "-2.9201", "104.7902"
    office.save()

    page = _page(client, "/")

    assert office.name in page
    assert "0711-123456" in page
    assert "openstreetmap.org/?mlat=-2.920100&amp;mlon=104.790200" in page


def test_with_several_offices_the_home_page_lists_them(client, office, other_office):
    page = _page(client, "/")

    assert f"/kantor/{office.code}/" in page and f"/kantor/{other_office.code}/" in page
    assert other_office.name in _page(client, f"/kantor/{other_office.code}/")


def test_the_office_page_shows_opening_hours_and_upcoming_closures(client, office):
    with time_machine.travel(dt.datetime(2026, 3, 2, 3, tzinfo=dt.UTC)):
        OfficeClosure.objects.create(office=office, date=dt.date(2026, 3, 5), reason="Pemadaman listrik")
        page = _page(client, "/")

    assert "08.00–16.00" in page
    assert "Pemadaman listrik" in page


def test_the_office_page_survives_a_failing_queue_room(client, office, monkeypatch):
    monkeypatch.setattr(queue_hook, "import_module", lambda name: (_ for _ in ()).throw(ImportError(name)))

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["queue"] is None


def test_the_requirements_page_lists_exactly_what_the_counter_checks(client, office):
    client.cookies["django_language"] = "en"  # chosen with the language switch
    page = _page(client, "/persyaratan/")

    for service_type, requirements in REQUIREMENTS.items():
        assert f'id="{service_type}"' in page
        for requirement in requirements:
            assert f'id="{service_type}-{requirement.code}"' in page
            assert str(requirement.label).replace("'", "&#x27;") in page


def test_the_fee_is_stated_as_rp_0_with_its_legal_basis(client, office):
    page = _page(client, "/standar-pelayanan/")

    assert "Rp 0" in page
    assert "79A" in page
    assert "24 Tahun 2013" in page and "23 Tahun 2006" in page


def test_the_service_standard_shows_each_services_time_and_the_procedure_as_inline_svg(client, office):
    page = _page(client, "/standar-pelayanan/")

    assert "<svg" in page and 'role="img"' in page
    assert page.count('<g transform="translate(0 ') == 5
    assert "5 hari kerja" in page


def test_pages_are_in_indonesian_by_default_and_english_on_request(client, office):
    assert "Gratis" in _page(client, "/standar-pelayanan/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Free of charge" in _page(client, "/standar-pelayanan/")


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_are_light_and_load_nothing_from_other_sites(client, office, url):
    page = _page(client, url)
    styles = sum(_static_size(path) for path in re.findall(r'href="/static/([^"]+\.css)"', page))

    assert len(page.encode()) + styles < PAGE_BUDGET
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', page)
    assert "<script" not in page  # the public pages need no JavaScript at all


def test_every_public_form_posts_with_a_csrf_token(client, office):
    for url in ("/lacak/", "/pengaduan/", "/pengaduan/lacak/"):
        page = _page(client, url)
        assert 'method="post"' in page and "csrfmiddlewaretoken" in page


def test_the_faq_answers_the_fee_question(client, office):
    assert "Rp 0" in _page(client, "/tanya-jawab/")


def test_monthly_figures_count_per_category_and_hide_pungli_from_operators(office, head, operator):
    with time_machine.travel(dt.datetime(2026, 2, 10, 3, tzinfo=dt.UTC)):
        for category in (ComplaintCategory.TIME, ComplaintCategory.TIME, ComplaintCategory.PUNGLI):
            complaint_file(office=office, category=category, description="x")

    for_head = complaint_monthly_figures(head, year=2026)
    for_operator = complaint_monthly_figures(operator, year=2026)

    february = for_head[1]
    assert (february.received, february.by_category["time"], february.by_category["pungli"]) == (3, 2, 1)
    assert for_operator[1].received == 2 and "pungli" not in for_operator[1].by_category
    assert sum(m.received for m in for_head) == 3


def test_the_figures_page_answers_staff(client, office):
    client.force_login(testing.make_staff(role=Role.HEAD, office=office))

    response = client.get("/complaints/figures/?year=abc")

    assert response.status_code == 200
    assert len(response.context["rows"]) == 12


def test_on_an_open_day_the_office_page_shows_the_queue_from_the_intake_room(client, office):
    if find_spec("loket.intake.selectors.board") is None:
        pytest.skip("the intake room is not installed")
    with time_machine.travel(dt.datetime(2026, 3, 2, 3, tzinfo=dt.UTC)):  # Monday 10:00 in Palembang
        response = client.get("/")

    assert response.context["queue"] is not None
    assert "orang menunggu" in response.content.decode()
