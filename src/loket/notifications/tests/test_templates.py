"""Message texts: seeded in both languages, edited by an administrator, placeholders checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from loket import testing
from loket.applications.lifecycle import Status
from loket.notifications.models import Kind, Language, MessageTemplate, OutboxMessage
from loket.notifications.rendering import fill
from loket.portal.tests.helpers import advance

pytestmark = pytest.mark.django_db


def test_every_message_is_seeded_in_indonesian_and_english():
    seeded = set(MessageTemplate.objects.values_list("kind", "language"))

    assert seeded == {(k, lang) for k in Kind.values for lang in Language.values}


def test_every_seeded_text_uses_only_known_placeholders():
    for template in MessageTemplate.objects.all():
        template.full_clean()


def test_an_administrators_edit_is_used_for_the_next_message(office, consenting):
    template = MessageTemplate.objects.get(kind=Kind.READY_FOR_PICKUP, language="id")
    template.sms_body = "Kartu {receipt} siap. Salam, {office}."
    template.save()

    app = advance(testing.make_application(office=office, person=consenting), Status.READY_FOR_PICKUP)

    message = OutboxMessage.objects.get(application=app)
    assert message.body == f"Kartu {app.display_receipt} siap. Salam, {office.name}."


def test_an_unknown_placeholder_is_refused_with_the_allowed_list():
    template = MessageTemplate.objects.get(kind=Kind.DUPLICATE_RECORD, language="id")
    template.body = "Halo {nik}"

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "{receipt}" in str(refused.value)


def test_placeholders_cannot_reach_attributes():
    assert fill("{receipt.__class__}", {"receipt": "X"}) == "{receipt.__class__}"
