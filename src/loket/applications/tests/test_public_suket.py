"""The public Suket check: anyone may check a number and learns whether it is valid, never who holds it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket import testing
from loket.applications import public_views
from loket.applications.lifecycle import Status
from loket.applications.models import Application, SuketCode
from loket.applications.services import suket_issue
from loket.applications.suket_pdf import verify_url

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
URL = reverse("suket_public:check")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person():
    return testing.make_person(
        birth_date=dt.date(1985, 8, 31),
        sex="F",
        full_name="Dewi Anggraini",
        birth_place="Muara Enim",
        address="Jl. Sukarela Lrg. Mawar No. 27",
    )


@pytest.fixture
def suket(office, operator, person):
    app = testing.make_application(office=office, person=person, actor=operator)
    Application.objects.filter(pk=app.pk).update(status=Status.ENROLLMENT_FAILED)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        return suket_issue(application=app, actor=operator)


def _check(client, number, *, when=dt.datetime(2026, 4, 1, 10, tzinfo=WIB), **extra):
    with time_machine.travel(when, tick=False):
        return client.get(URL, {"number": number}, **extra)


def test_the_page_opens_without_logging_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="number"' in response.content.decode()


def test_a_valid_suket_shows_its_status_dates_and_office(client, suket):
    response = _check(client, suket.number)
    assert response.status_code == 200
    result = response.context["result"]
    assert result == public_views.PublicSuket(
        number="470/00001/ZONA-8/2026",
        state=public_views.VALID,
        code="Efac",
        code_meaning=str(SuketCode.EFAC.label),
        issued_on=dt.date(2026, 3, 2),
        valid_until=dt.date(2026, 9, 2),
        office_name="UPT Zona VIII",
    )
    page = response.content.decode()
    assert "UPT Zona VIII" in page and "Efac" in page and suket.number in page


def test_the_page_never_shows_who_holds_the_suket(client, suket, person):
    page = _check(client, suket.number).content.decode()
    for secret in (
        person.full_name,
        person.full_name.upper(),
        person.nik,
        person.masked_nik,
        person.kk_number,
        person.address,
        person.birth_place,
        "31 Agustus 1985",
        "1985-08-31",
        "31/08/1985",
        "Perempuan",
        "PEREMPUAN",
    ):
        assert secret not in page, secret


def test_the_lookup_never_reads_the_citizens_record(client, suket):
    with CaptureQueriesContext(connection) as queries:
        _check(client, suket.number)
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if "people_person" in q["sql"]]


def test_a_suket_past_its_validity_is_shown_as_expired(client, suket):
    on_last_day = _check(client, suket.number, when=dt.datetime(2026, 9, 2, 15, tzinfo=WIB))
    day_after = _check(client, suket.number, when=dt.datetime(2026, 9, 3, 8, tzinfo=WIB))
    assert on_last_day.context["result"].state == public_views.VALID
    assert day_after.context["result"].state == public_views.EXPIRED


def test_a_suket_whose_card_has_been_issued_is_no_longer_valid(client, suket):
    Application.objects.filter(pk=suket.application_id).update(
        status=Status.ISSUED, closed_at=suket.issued_at
    )
    assert _check(client, suket.number).context["result"].state == public_views.REPLACED


def test_an_unknown_number_says_so(client, suket):
    response = _check(client, "470/00002/ZONA-8/2026")
    assert response.status_code == 200
    assert response.context["checked"] and response.context["result"] is None
    assert "470/00002/ZONA-8/2026" in response.content.decode()


@pytest.mark.parametrize(
    "typed", [" 470/00001/zona-8/2026 ", "470 / 00001 / ZONA-8 / 2026", "470\\00001\\ZONA-8\\2026"]
)
def test_the_number_may_be_typed_the_way_people_copy_it_from_paper(client, suket, typed):
    assert _check(client, typed).context["result"].number == suket.number


@pytest.mark.parametrize(
    "typed", ["abc", "470/1/ZONA-8/2026", "' OR 1=1 --", "470/00001/ZONA-8/26", "<script>", "x" * 500]
)
def test_bad_input_gets_a_clear_message_and_no_lookup(client, suket, typed):
    with CaptureQueriesContext(connection) as queries:
        response = _check(client, typed)
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [str(public_views.NUMBER_FORMAT)]
    assert "checked" not in response.context
    # The rate limiter's cache rows (loket_cache) are expected; the Suket table must not be read.
    assert not [q for q in queries.captured_queries if "applications_suket" in q["sql"]]
    assert "<script>" not in response.content.decode()


def test_an_empty_number_asks_for_one(client):
    response = _check(client, "")
    assert response.context["form"].errors["number"] == [str(public_views.NUMBER_REQUIRED)]


def test_the_qr_code_url_opens_the_check_of_its_suket(client, suket):
    parts = urlsplit(verify_url(suket))
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, tzinfo=WIB), tick=False):
        response = client.get(f"{parts.path}?{parts.query}")
    assert response.context["result"].number == suket.number


def test_checks_are_rate_limited_per_address(client, suket):
    for _ in range(public_views.CHECKS_PER_MINUTE):
        assert _check(client, suket.number).status_code == 200
    refused = _check(client, suket.number)
    assert refused.status_code == 429
    assert str(public_views.TOO_MANY_CHECKS) in refused.content.decode()
    assert "result" not in refused.context
    # Another address is not affected, and the next minute starts afresh.
    assert _check(client, suket.number, REMOTE_ADDR="10.0.0.7").status_code == 200
    later = dt.datetime(2026, 4, 1, 10, 1, 30, tzinfo=WIB)
    assert _check(client, suket.number, when=later).status_code == 200


def test_behind_a_reverse_proxy_the_forwarded_address_is_limited(client, settings):
    settings.LOKET_PROXY_HOPS = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(public_views.CHECKS_PER_MINUTE):
        _check(client, "nonsense", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert _check(client, "nonsense", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 429
    # Another citizen behind the same proxy is not affected; a spoofed first hop does not help either.
    assert _check(client, "nonsense", HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 200
    assert _check(client, "x", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", **proxy).status_code == 429


def test_an_ipv6_client_is_limited_by_its_64_network(client):
    for host in range(public_views.CHECKS_PER_MINUTE):
        _check(client, "nonsense", REMOTE_ADDR=f"2001:db8:1:2::{host + 1:x}")
    assert _check(client, "nonsense", REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert _check(client, "nonsense", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_bad_input_counts_towards_the_rate_limit(client):
    for _ in range(public_views.CHECKS_PER_MINUTE):
        _check(client, "nonsense")
    assert _check(client, "470/00001/ZONA-8/2026").status_code == 429


def test_opening_the_empty_form_does_not_count(client):
    with time_machine.travel(dt.datetime(2026, 4, 1, 10, tzinfo=WIB), tick=False):
        for _ in range(public_views.CHECKS_PER_MINUTE + 5):
            client.get(URL)
    assert _check(client, "470/00001/ZONA-8/2026").status_code == 200


def test_the_answer_is_not_cached_nor_indexed(client, suket):
    response = _check(client, suket.number)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_only_get_is_allowed(client):
    assert client.post(URL, {"number": "470/00001/ZONA-8/2026"}).status_code == 405
