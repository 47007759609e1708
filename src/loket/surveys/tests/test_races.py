"""Simultaneous submissions on PostgreSQL: one invitation link opened on two phones, a kiosk tapped
twice at once. Threads get their own database connections; a barrier releases them together.

SQLite is skipped: it takes one writer at a time (IMMEDIATE transactions), so it cannot race."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from loket.core.errors import ServiceError
from loket.surveys.models import EntryKind, Response
from loket.surveys.seed import seed_questionnaires
from loket.surveys.services import (
    survey_entry_point_create,
    survey_invitation_create,
    survey_response_submit_entry,
    survey_response_submit_invitation,
)
from loket.surveys.tests.conftest import ALL_FOUR, issued_application

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://...)"
    ),
    pytest.mark.django_db(transaction=True),
]
THREADS = 6


def _race(submit) -> list[str]:
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def run(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            submit(n)
            outcomes.append("ok")
        except ServiceError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _seed():
    from loket.surveys.models import Question, Questionnaire, QuestionnaireVersion

    seed_questionnaires(Questionnaire, QuestionnaireVersion, Question)


def test_one_link_submitted_from_several_phones_at_once_counts_once(office):
    _seed()
    token = survey_invitation_create(application=issued_application(office)).token
    outcomes = _race(lambda n: survey_response_submit_invitation(token=token, answers=ALL_FOUR, profile={}))
    assert sorted(outcomes) == ["invitation_used"] * (THREADS - 1) + ["ok"]
    assert Response.objects.count() == 1


def test_a_kiosk_tapped_several_times_at_once_takes_one_response(office, head):
    _seed()
    kiosk = survey_entry_point_create(actor=head, office=office, kind=EntryKind.KIOSK, name="Tablet")
    outcomes = _race(
        lambda n: survey_response_submit_entry(
            token=kiosk.token, client="kiosk", answers=ALL_FOUR, profile={}
        )
    )
    assert sorted(outcomes) == ["kiosk_too_soon"] * (THREADS - 1) + ["ok"]
    assert Response.objects.count() == 1
