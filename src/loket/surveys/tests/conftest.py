from __future__ import annotations

import pytest

from loket import testing
from loket.applications.lifecycle import Status
from loket.applications.models import Application
from loket.surveys.models import Question, Questionnaire, QuestionnaireVersion
from loket.surveys.seed import seed_questionnaires


@pytest.fixture
def questionnaires(db):
    """The seeded questionnaires (the data migration made them; seeding again is harmless and
    brings them back after a transactional test flushed the tables)."""
    seed_questionnaires(Questionnaire, QuestionnaireVersion, Question)
    return {q.key: q for q in Questionnaire.objects.all()}


@pytest.fixture
def skm(questionnaires):
    return questionnaires["skm"]


@pytest.fixture
def kinerja(questionnaires):
    return questionnaires["kinerja"]


def issued_application(office, **kwargs) -> Application:
    """An application whose card has been handed over. Statuses are set directly: the lifecycle is
    another app's concern and tested there; here only "issued" matters."""
    application = testing.make_application(office=office, **kwargs)
    from django.utils import timezone

    Application.objects.filter(pk=application.pk).update(status=Status.ISSUED, closed_at=timezone.now())
    application.refresh_from_db()
    return application


ALL_FOUR = {
    key: 4
    for key in (
        "persyaratan",
        "prosedur",
        "waktu",
        "biaya",
        "produk",
        "kompetensi",
        "perilaku",
        "pengaduan",
        "sarana",
    )
}
