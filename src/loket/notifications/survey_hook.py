"""The invitation to the satisfaction survey after pickup, made by the survey room.

``loket.surveys.services`` provides ``survey_invitation_create(application=...)`` (the same invitation
when asked again) and ``invitation_link(invitation)``. The import is at call time and tolerant: if the
survey room is missing or refuses (no questionnaire configured), no invitation is queued and every
other message goes on unchanged.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING

from loket.core.errors import ServiceError

if TYPE_CHECKING:
    from loket.applications.models import Application

logger = logging.getLogger(__name__)


def survey_link(application: Application) -> str:
    try:
        services = import_module("loket.surveys.services")
        create, link = services.survey_invitation_create, services.invitation_link
    except (ImportError, AttributeError):
        return ""
    try:
        return str(link(create(application=application)))
    except ServiceError as exc:
        logger.info("no survey invitation for application %s: %s", application.pk, exc.code)
        return ""
