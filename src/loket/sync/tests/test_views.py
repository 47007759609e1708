"""The link banner on staff pages and the head of office's stuck packets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from loket import testing
from loket.applications.lifecycle import Status
from loket.offices.models import Role
from loket.sync.models import Link, LinkState, Packet, PacketState

pytestmark = pytest.mark.django_db


def _banner(user) -> str:
    request = RequestFactory().get("/staff/")
    request.user = user
    with translation.override("en"):
        return " ".join(render_to_string("sync/link_state.html", request=request).split())


def _refused(packet: Packet, reason: str = "invalid: person.nik: must be 16 digits") -> Packet:
    Packet.objects.filter(pk=packet.pk).update(
        state=PacketState.FAILED, failed_at=timezone.now(), failure_reason=reason, attempts=1
    )
    packet.refresh_from_db()
    return packet


def test_the_banner_shows_the_link_state_backlog_oldest_age_and_last_success(capture, operator):
    with_age = capture()
    capture()
    Packet.objects.filter(application=with_age).update(created_at=timezone.now() - dt.timedelta(hours=3))
    now = timezone.now()
    Link.objects.create(
        pk=1, state=LinkState.OFFLINE, worker_seen_at=now, last_success_at=now - dt.timedelta(hours=4)
    )

    html = _banner(operator)

    assert "Central registry: Offline" in html
    assert "2 packets waiting to be sent" in html
    assert "the oldest for 3 hours" in html
    assert "last success 4 hours ago" in html
    assert "msg-error" in html


def test_the_banner_says_unknown_when_the_worker_has_stopped(operator):
    Link.objects.create(pk=1, state=LinkState.ONLINE, worker_seen_at=timezone.now() - dt.timedelta(hours=1))
    html = _banner(operator)
    assert "Central registry: Unknown" in html  # not the calm "online" of an hour ago
    assert "the sync worker is not running" in html


def test_the_banner_counts_only_the_users_own_office(capture, other_office):
    capture()
    stranger = testing.make_staff(role=Role.OPERATOR, office=other_office)
    Link.objects.create(pk=1, state=LinkState.ONLINE, worker_seen_at=timezone.now())
    html = _banner(stranger)
    assert "0 packets waiting to be sent" in html


def test_the_banner_is_not_shown_to_anyone_not_logged_in():
    from django.contrib.auth.models import AnonymousUser

    assert _banner(AnonymousUser()).strip() == ""


def test_the_banner_fragment_view_renders_for_staff(client, operator):
    client.force_login(operator)
    response = client.get(reverse("sync:link_state"))
    assert response.status_code == 200
    assert b'id="sync-link"' in response.content


def test_the_head_sees_a_refused_packet_and_sends_it_again(client, head, capture):
    app = capture()
    packet = _refused(Packet.objects.get(application=app))
    client.force_login(head)

    page = client.get(reverse("sync:stuck"))
    assert page.status_code == 200
    assert app.display_receipt.encode() in page.content
    assert app.person.nik.encode() not in page.content

    response = client.post(reverse("sync:retry", args=[packet.pk]))
    assert response.status_code == 302
    packet.refresh_from_db()
    assert packet.state == PacketState.PENDING and packet.failure_reason == ""


def test_the_head_closes_a_packet_as_failed_and_the_application_can_be_recorded_again(client, head, capture):
    app = capture()
    packet = Packet.objects.get(application=app)
    client.force_login(head)

    client.post(reverse("sync:close", args=[packet.pk]), {"reason": "Sidik jari rusak, rekam ulang"})

    packet.refresh_from_db()
    app.refresh_from_db()
    assert packet.state == PacketState.FAILED and packet.closed_by == head
    assert packet.failure_reason == "Sidik jari rusak, rekam ulang"
    assert app.status == Status.ENROLLMENT_FAILED
    assert app.events.get(to_status=Status.ENROLLMENT_FAILED).note == "Sidik jari rusak, rekam ulang"


def test_closing_without_a_reason_is_refused_and_changes_nothing(client, head, capture):
    app = capture()
    packet = Packet.objects.get(application=app)
    client.force_login(head)

    response = client.post(reverse("sync:close", args=[packet.pk]), {"reason": "  "}, follow=True)

    assert response.status_code == 200
    packet.refresh_from_db()
    app.refresh_from_db()
    assert packet.state == PacketState.PENDING and app.status == Status.BIOMETRICS_CAPTURED
    assert list(response.context["messages"])


def test_a_packet_being_sent_right_now_cannot_be_closed(client, head, capture):
    app = capture()
    Packet.objects.filter(application=app).update(
        claimed_by="worker", claimed_until=timezone.now() + dt.timedelta(seconds=60)
    )
    client.force_login(head)

    client.post(reverse("sync:close", args=[Packet.objects.get().pk]), {"reason": "gave up"})

    assert Packet.objects.get().state == PacketState.PENDING


def test_a_closed_packet_cannot_be_sent_again(client, head, capture):
    app = capture()
    packet = Packet.objects.get(application=app)
    client.force_login(head)
    client.post(reverse("sync:close", args=[packet.pk]), {"reason": "gave up"})

    client.post(reverse("sync:retry", args=[packet.pk]))

    packet.refresh_from_db()
    assert packet.state == PacketState.FAILED


def test_an_operator_may_not_see_or_act_on_stuck_packets(client, operator, capture):
    packet = _refused(Packet.objects.get(application=capture()))
    client.force_login(operator)

    assert client.get(reverse("sync:stuck")).status_code == 403
    client.post(reverse("sync:close", args=[packet.pk]), {"reason": "x"})
    packet.refresh_from_db()
    assert packet.closed_by is None


def test_another_offices_head_gets_404_for_the_packet(client, capture, other_office):
    packet = _refused(Packet.objects.get(application=capture()))
    client.force_login(testing.make_staff(role=Role.HEAD, office=other_office))

    assert client.post(reverse("sync:retry", args=[packet.pk])).status_code == 404
    packet.refresh_from_db()
    assert packet.state == PacketState.FAILED


def test_a_packet_retried_many_times_shows_as_stuck_but_a_fresh_one_does_not(client, head, capture, settings):
    settings.LOKET_SYNC_STUCK_ATTEMPTS = 3
    tried, fresh = capture(), capture()
    Packet.objects.filter(application=tried).update(attempts=3, last_error="timeout")
    client.force_login(head)

    page = client.get(reverse("sync:stuck")).content.decode()

    assert tried.display_receipt in page and "timeout" in page
    assert fresh.display_receipt not in page


def test_the_api_gives_the_link_state_and_backlog_of_the_callers_office(client, head, capture, other_office):
    capture()
    client.force_login(head)
    body = client.get("/api/sync/link").json()
    assert body["backlog"] == 1 and body["state"] == "unknown" and body["stuck"] == 0

    client.force_login(testing.make_staff(role=Role.OPERATOR, office=other_office))
    body = client.get("/api/sync/link").json()
    assert body["backlog"] == 0 and body["stuck"] is None


def test_the_api_refuses_anyone_not_logged_in(client):
    assert client.get("/api/sync/link").status_code == 401
