"""Every write of the survey app (see each module's docstring)."""

from loket.surveys.services.importing import ImportRejected, ImportResult, survey_import
from loket.surveys.services.invitations import (
    invitation_link,
    public_link,
    questionnaire_by_key,
    survey_entry_point_create,
    survey_entry_point_deactivate,
    survey_invitation_create,
)
from loket.surveys.services.questionnaires import QuestionDraft, questionnaire_revise
from loket.surveys.services.responses import (
    survey_response_enter,
    survey_response_submit_entry,
    survey_response_submit_invitation,
)

__all__ = [
    "ImportRejected",
    "ImportResult",
    "QuestionDraft",
    "invitation_link",
    "public_link",
    "questionnaire_by_key",
    "questionnaire_revise",
    "survey_entry_point_create",
    "survey_entry_point_deactivate",
    "survey_import",
    "survey_invitation_create",
    "survey_response_enter",
    "survey_response_submit_entry",
    "survey_response_submit_invitation",
]
