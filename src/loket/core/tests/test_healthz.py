"""The process manager's health check."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_ok_without_logging_in(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_asks_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("healthz"))
