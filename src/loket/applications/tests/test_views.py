"""The staff workspace, reading side: who sees what, search, worklists, language, the receipt slip."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.offices.models import Role

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
MONDAY_MORNING = dt.datetime(2025, 2, 3, 9, 0, tzinfo=WIB)  # no holiday in the following two weeks


def _force_status(app, status):
    Application.objects.filter(pk=app.pk).update(status=status)
    app.refresh_from_db()
    return app


def _page_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', html)


@pytest.fixture
def app(office, operator):
    return testing.make_application(office=office, actor=operator)


# Access ---------------------------------------------------------------------------------------------


def test_every_workspace_page_asks_for_a_login(client, app):
    for url in (
        reverse("workspace:home"),
        reverse("workspace:application", args=[app.pk]),
        reverse("workspace:blanks"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_operator_of_another_office_gets_404_on_the_application_page(client, app, other_office):
    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))

    assert client.get(reverse("workspace:application", args=[app.pk])).status_code == 404
    assert client.get(reverse("workspace:slip", args=[app.pk])).status_code == 404
    assert client.post(reverse("workspace:suket_issue", args=[app.pk])).status_code == 404


def test_operator_of_another_office_finds_nothing_in_search(client, app, other_office):
    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))

    for query in (app.receipt_number, app.person.nik, app.person.full_name):
        response = client.post(reverse("workspace:search"), {"q": query})
        assert response.status_code == 200
        assert app.display_receipt not in response.content.decode()
        assert response.context["rows"] == []


def test_system_administrator_sees_a_notice_and_no_citizen_data(client, app, sysadmin):
    client.force_login(sysadmin)

    home = client.get(reverse("workspace:home"))
    page = client.get(reverse("workspace:application", args=[app.pk]))
    search = client.post(reverse("workspace:search"), {"q": app.person.nik})

    for response in (home, page, search):
        assert response.status_code == 403
        html = response.content.decode()
        assert app.person.nik not in html
        assert app.person.full_name not in html
        assert app.display_receipt not in html


def test_city_administrator_chooses_an_office_and_it_is_kept_in_the_session(
    client, office, other_office, city_admin
):
    testing.make_application(office=other_office)
    client.force_login(city_admin)

    everything = client.get(reverse("workspace:home"))
    chosen = client.get(reverse("workspace:home"), {"office": other_office.pk})
    later = client.get(reverse("workspace:worklist", args=[Status.SUBMITTED]))

    assert everything.context["ws"].office is None
    assert chosen.context["ws"].office == other_office
    assert later.context["ws"].office == other_office
    assert client.get(reverse("workspace:home"), {"office": "999999"}).status_code == 404


def test_recording_officer_cannot_open_the_registration_form(client, recorder):
    client.force_login(recorder)

    assert client.get(reverse("workspace:application_new")).status_code == 403


# Personal data ------------------------------------------------------------------------------------------


def test_search_only_runs_on_post_so_a_nik_never_sits_in_a_url(client, app, operator):
    client.force_login(operator)
    nik = app.person.nik

    by_get = client.get(reverse("workspace:search"), {"q": nik})
    by_post = client.post(reverse("workspace:search"), {"q": nik})

    assert by_get.context["rows"] is None  # the query string is ignored
    assert [row[0] for row in by_post.context["rows"]] == [app]
    assert 'method="post" action="{}"'.format(reverse("workspace:search")) in by_post.content.decode()
    assert not [url for url in _page_urls(by_post.content.decode()) if nik in url]


def test_no_link_or_form_on_the_application_pages_carries_the_nik(client, app, operator):
    client.force_login(operator)
    nik = app.person.nik

    for name in ("workspace:application", "workspace:slip"):
        html = client.get(reverse(name, args=[app.pk])).content.decode()
        assert not [url for url in _page_urls(html) if nik in url]


def test_receipt_slip_shows_receipt_service_due_date_and_cost_but_no_nik(client, app, operator):
    client.force_login(operator)

    html = client.get(reverse("workspace:slip", args=[app.pk])).content.decode()

    assert app.display_receipt in html
    assert "Rp 0" in html
    assert app.office.name in html
    assert app.person.nik not in html
    assert app.person.kk_number not in html
    assert app.person.address not in html


def test_application_page_shows_full_personal_data_to_the_office_operator(client, app, operator):
    client.force_login(operator)

    html = client.get(reverse("workspace:application", args=[app.pk])).content.decode()

    assert app.person.nik in html
    assert app.person.phone in html


# Search ----------------------------------------------------------------------------------------------


def test_search_by_receipt_in_any_format_goes_straight_to_the_application(client, app, operator):
    client.force_login(operator)
    typed = app.display_receipt.lower().replace("-", " ")

    response = client.post(reverse("workspace:search"), {"q": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:application", args=[app.pk])


def test_search_by_name_lists_the_matching_applications(client, office, operator):
    siti = testing.make_application(office=office, person=testing.make_person(full_name="Siti Aminah"))
    testing.make_application(office=office, person=testing.make_person(full_name="Budi Santoso"))
    client.force_login(operator)

    response = client.post(reverse("workspace:search"), {"q": "aminah"})

    assert [row[0] for row in response.context["rows"]] == [siti]


def test_search_by_a_ten_letter_name_still_finds_the_citizen(client, office, operator):
    siti = testing.make_application(office=office, person=testing.make_person(full_name="Siti Aminah"))
    client.force_login(operator)

    response = client.post(reverse("workspace:search"), {"q": "aminah siti"})

    assert [row[0] for row in response.context["rows"]] == [siti]


# Home and worklists ---------------------------------------------------------------------------------------


def test_home_counts_open_applications_per_status_with_links_to_worklists(client, office, operator):
    testing.make_application(office=office)
    _force_status(testing.make_application(office=office), Status.PRINT_READY)
    client.force_login(operator)

    response = client.get(reverse("workspace:home"))

    counts = dict(response.context["counts"])
    assert counts[Status.SUBMITTED] == 1
    assert counts[Status.PRINT_READY] == 1
    assert reverse("workspace:worklist", args=[Status.PRINT_READY]) in response.content.decode()


def test_home_warns_when_blank_stock_is_low_and_says_so_when_it_is_out(client, operator, head):
    client.force_login(operator)
    low = client.get(reverse("workspace:home")).content.decode()  # the office fixture holds 10 blanks
    from loket.applications.services import blank_stock_correct

    blank_stock_correct(office=operator.office, actor=head, delta=-10, note="counted")
    out = client.get(reverse("workspace:home")).content.decode()

    assert "msg-warning" in low
    assert "stock-out" in out and "stock-out" not in low


def test_overdue_applications_are_listed_for_the_head_but_not_on_the_operators_home(
    client, office, operator, head
):
    with time_machine.travel(MONDAY_MORNING - dt.timedelta(days=21)):
        late = testing.make_application(office=office)
    testing.make_application(office=office)

    client.force_login(head)
    head_home = client.get(reverse("workspace:home"))
    client.force_login(operator)
    operator_home = client.get(reverse("workspace:home"))

    assert [row[0] for row in head_home.context["overdue_rows"]] == [late]
    assert "overdue_rows" not in operator_home.context
    assert client.get(reverse("workspace:overdue")).status_code == 403


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_worklist_shows_due_date_and_working_days_left_and_highlights_overdue(client, office, operator):
    on_time = testing.make_application(office=office)
    late = _force_status(testing.make_application(office=office), Status.SUBMITTED)
    Application.objects.filter(pk=late.pk).update(
        clock_started_at=MONDAY_MORNING - dt.timedelta(days=14), due_at=MONDAY_MORNING - dt.timedelta(days=7)
    )
    client.force_login(operator)

    response = client.get(reverse("workspace:worklist", args=[Status.SUBMITTED]))

    rows = dict(response.context["rows"])
    assert rows[on_time].working_days_left == 5
    assert rows[late].overdue
    html = response.content.decode()
    assert "5 hari kerja lagi" in html
    assert "due-overdue" in html


def test_worklist_page_makes_the_same_few_queries_however_many_applications(
    client, office, operator, django_assert_max_num_queries
):
    for _ in range(30):
        testing.make_application(office=office)
    client.force_login(operator)

    # 9 for the page, 3 for the central-link banner every staff page carries.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workspace:worklist", args=[Status.SUBMITTED]))

    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.num_pages == 2


def test_worklist_of_an_unknown_status_is_404(client, operator):
    client.force_login(operator)

    assert client.get(reverse("workspace:worklist", args=["nonsense"])).status_code == 404


# Language -----------------------------------------------------------------------------------------------


def test_pages_are_in_indonesian_by_default_and_in_english_after_switching(client, app, operator):
    client.force_login(operator)
    url = reverse("workspace:application", args=[app.pk])

    default = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url).content.decode()

    assert 'lang="id"' in default and "Riwayat" in default and "Diajukan" in default
    assert 'lang="en"' in english and "History" in english and "Submitted" in english


def test_application_page_queries_do_not_grow_with_its_history(client, office, operator, recorder):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.applications.services import application_transition

    short = testing.make_application(office=office)
    long = testing.make_application(office=office)
    for target, actor in [
        (Status.DOCUMENTS_VERIFIED, operator),
        (Status.BIOMETRICS_CAPTURED, recorder),
        (Status.SENT_FOR_ENROLLMENT, recorder),
        (Status.RECEIVED_AT_CENTRAL, recorder),
        (Status.ADJUDICATION, recorder),
    ]:
        long = application_transition(application=long, to_status=target, actor=actor, note="ok")
    client.force_login(operator)
    client.get(reverse("workspace:application", args=[short.pk]))  # warm the session and caches

    with CaptureQueriesContext(connection) as one_event:
        client.get(reverse("workspace:application", args=[short.pk]))
    with CaptureQueriesContext(connection) as six_events:
        response = client.get(reverse("workspace:application", args=[long.pk]))

    assert len(response.context["events"]) == 6
    assert len(six_events) <= len(one_event) + 1  # a Suket may now be offered: one blank-stock read
    assert len(six_events) <= 15
