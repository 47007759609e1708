"""The OpenAPI document and the interactive docs: served by the app, complete, and offline."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

EXPECTED = {
    ("get", "/api/applications/"),
    ("post", "/api/applications/"),
    ("post", "/api/applications/search"),
    ("get", "/api/applications/worklists"),
    ("get", "/api/applications/overdue"),
    ("get", "/api/applications/service-types"),
    ("get", "/api/applications/{application_id}"),
    ("put", "/api/applications/{application_id}/requirements"),
    ("post", "/api/applications/{application_id}/transitions"),
    ("post", "/api/applications/{application_id}/print"),
    ("post", "/api/applications/{application_id}/pickup"),
    ("post", "/api/applications/{application_id}/sukets"),
    ("get", "/api/applications/{application_id}/sukets/{suket_id}/pdf"),
    ("get", "/api/applications/blank-stock"),
    ("get", "/api/applications/blank-stock/movements"),
    ("post", "/api/applications/blank-stock/deliveries"),
    ("post", "/api/applications/blank-stock/corrections"),
    ("get", "/api/offices/"),
    ("get", "/api/offices/me"),
    ("get", "/api/offices/{office_id}"),
    ("get", "/api/offices/{office_id}/stations"),
}


@pytest.fixture(scope="module")
def document():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path.startswith(("/api/applications/", "/api/offices/")):
                yield method, path, operation


def test_the_document_lists_every_endpoint(document):
    assert {(method, path) for method, path, _op in _operations(document)} == EXPECTED


def test_every_endpoint_has_a_summary_a_tag_auth_and_a_success_schema(document):
    for method, path, operation in _operations(document):
        assert operation.get("summary"), (method, path)
        assert operation.get("tags"), (method, path)
        schemes = {name for s in operation["security"] for name in s}
        assert {"TokenAuth", "BasicAuth", "SessionAuth"} <= schemes, (method, path)
        success = next(code for code in operation["responses"] if code.startswith("2"))
        assert operation["responses"][success].get("content"), (method, path)


def test_refusals_are_documented_with_their_shape(document):
    transition = document["paths"]["/api/applications/{application_id}/transitions"]["post"]

    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(transition["responses"])
    assert "ErrorOut" in json.dumps(transition["responses"]["409"])


def test_statuses_are_an_enum_in_the_document(document):
    statuses = document["components"]["schemas"]["Status"]["enum"]

    assert "print_ready" in statuses and "duplicate_record" in statuses


def test_search_takes_the_nik_in_the_body_not_the_query_string(document):
    search = document["paths"]["/api/applications/search"]["post"]

    assert "requestBody" in search
    assert not [p for p in search.get("parameters", []) if p["in"] == "query"]


def test_the_docs_page_loads_only_files_of_this_server():
    page = Client().get("/api/docs")

    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert sources and all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    for src in sources:
        assert Client().get(src).status_code == 200, src


def test_the_docs_page_does_not_call_the_online_validator():
    # Swagger UI's default validator badge is an <img> from validator.swagger.io carrying our URL.
    page = Client().get("/api/docs").content.decode()
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', page, re.S).group(1))

    assert settings.get("validatorUrl") in (None, "none") and "validatorUrl" in settings
