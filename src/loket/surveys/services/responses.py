"""Storing responses: from the public page (invitation, poster, kiosk) and from paper forms.

Every way in ends in ``_response_create``, which checks the answers against the questionnaire
version and writes the response and its answers together or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.errors import Conflict, ServiceError
from loket.offices.access import require
from loket.offices.models import Office, Role
from loket.surveys.definitions import PROFILE_FIELDS, PROFILE_LABELS
from loket.surveys.models import (
    Answer,
    Channel,
    EntryKind,
    EntryPoint,
    EntryUse,
    ImportBatch,
    Invitation,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)

if TYPE_CHECKING:
    from loket.offices.models import Staff

INVITATION_UNKNOWN = _("This survey link is not valid. Check that it was copied completely.")
INVITATION_USED = _(
    "This survey link has already been used: each link counts one response. Thank you for taking part."
)
INVITATION_EXPIRED = _("This survey link has expired.")
ENTRY_CLOSED = _("This survey poster or kiosk is no longer in use.")
ALREADY_ANSWERED_HERE = _("A response was already sent from this device today. Thank you for taking part!")
ENTRY_BUSY = _("Many responses arrived here in a short time. Please try again in a few minutes.")
KIOSK_TOO_SOON = _("The previous response was sent a moment ago. Please wait a few seconds and try again.")
NO_ANSWERS = _("Answer at least one question.")
ANSWERS_MISSING = _("Answer every question (missing: %(questions)s).")
UNKNOWN_QUESTIONS = _("These are not questions of this questionnaire: %(keys)s.")
ANSWER_OUT_OF_RANGE = _("Each answer must be 1, 2, 3 or 4 (question %(key)s has “%(value)s”).")
PROFILE_INVALID = _("“%(value)s” is not a choice for “%(field)s”.")
DATE_IN_FUTURE = _("The date of the response cannot be in the future.")
NO_VERSION = _("This questionnaire has no questions yet.")
SUGGESTION_TOO_LONG = _("The suggestion is too long (at most 1,000 characters).")

DATA_ENTRY_ROLES = frozenset({Role.OPERATOR, Role.HEAD, Role.CITY_ADMIN})

# Limits against stuffing the ballot box through a poster or kiosk (see README.md, "Collection").
POSTER_PER_HOUR = 30  # every device together, per poster
KIOSK_PER_HOUR = 40
KIOSK_MIN_GAP = dt.timedelta(seconds=20)


def office_today(office: Office) -> dt.date:
    """The date at the office (offices in WITA or WIT are an hour or two ahead of Jakarta)."""
    return timezone.localdate(timezone=ZoneInfo(office.timezone))


def current_version(questionnaire: Questionnaire) -> QuestionnaireVersion:
    version = questionnaire.current_version()
    if version is None:
        raise ServiceError(NO_VERSION, code="no_version")
    return version


def _clean_profile(profile: Mapping[str, str]) -> dict[str, str]:
    cleaned = {}
    for name, choices in PROFILE_FIELDS.items():
        value = (profile.get(name) or "").strip()
        if value and value not in choices.values:
            raise ServiceError(
                PROFILE_INVALID, code="profile_invalid", value=value, field=PROFILE_LABELS[name]
            )
        cleaned[name] = value
    return cleaned


def _clean_answers(
    version: QuestionnaireVersion, answers: Mapping[str, int | None], *, require_all: bool
) -> dict[int, int]:
    """Answers by question id; refused when a key is unknown, a value is not 1-4, or (public
    forms) a question is left out."""
    questions = {q.key: q for q in version.questions.all()}
    given = {k: v for k, v in answers.items() if v not in (None, "")}
    if unknown := sorted(set(given) - set(questions)):
        raise ServiceError(UNKNOWN_QUESTIONS, code="unknown_question", keys=", ".join(unknown))
    cleaned: dict[int, int] = {}
    for key, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int) or value not in (1, 2, 3, 4):
            raise ServiceError(ANSWER_OUT_OF_RANGE, code="answer_out_of_range", key=key, value=value)
        cleaned[questions[key].pk] = value
    if not cleaned:
        raise ServiceError(NO_ANSWERS, code="no_answers")
    missing = [q.position for q in questions.values() if q.pk not in cleaned]
    if require_all and missing:
        raise ServiceError(
            ANSWERS_MISSING, code="answers_missing", questions=", ".join(str(p) for p in sorted(missing))
        )
    return cleaned


def _response_create(
    *,
    office: Office,
    version: QuestionnaireVersion,
    answers: Mapping[str, int | None],
    profile: Mapping[str, str],
    channel: str,
    submitted_on: dt.date,
    suggestion: str = "",
    require_all: bool,
    entered_by: Staff | None = None,
    import_batch: ImportBatch | None = None,
) -> Response:
    cleaned_profile = _clean_profile(profile)
    cleaned_answers = _clean_answers(version, answers, require_all=require_all)
    suggestion = (suggestion or "").strip()
    if len(suggestion) > 1000:
        raise ServiceError(SUGGESTION_TOO_LONG, code="suggestion_too_long")
    if submitted_on > office_today(office):
        raise ServiceError(DATE_IN_FUTURE, code="date_in_future")
    response = Response.objects.create(
        office=office,
        version=version,
        submitted_on=submitted_on,
        channel=channel,
        suggestion=suggestion,
        entered_by=entered_by,
        import_batch=import_batch,
        **cleaned_profile,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question_id=qid, value=value) for qid, value in cleaned_answers.items()
    )
    return response


def invitation_for_token(token: str) -> Invitation:
    invitation = Invitation.objects.select_related("office", "questionnaire").filter(token=token).first()
    if invitation is None:
        raise ServiceError(INVITATION_UNKNOWN, code="invitation_unknown")
    if invitation.used_at is not None:
        raise Conflict(INVITATION_USED, code="invitation_used")
    if invitation.expires_at <= timezone.now():
        raise ServiceError(INVITATION_EXPIRED, code="invitation_expired")
    return invitation


@transaction.atomic
def survey_response_submit_invitation(
    *, token: str, answers: Mapping[str, int | None], profile: Mapping[str, str], suggestion: str = ""
) -> Response:
    """A citizen's response through their invitation link; a second response is refused."""
    invitation = invitation_for_token(token)
    # Claimed with a conditional update: of two simultaneous submissions only one changes the row.
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not claimed:
        raise Conflict(INVITATION_USED, code="invitation_used")
    profile = {**profile, "service_type": invitation.service_type or profile.get("service_type", "")}
    return _response_create(
        office=invitation.office,
        version=current_version(invitation.questionnaire),
        answers=answers,
        profile=profile,
        channel=Channel.INVITATION,
        submitted_on=office_today(invitation.office),
        suggestion=suggestion,
        require_all=True,
    )


def entry_point_for_token(token: str) -> EntryPoint:
    entry = EntryPoint.objects.select_related("office", "questionnaire").filter(token=token).first()
    if entry is None or not entry.is_active or not entry.office.is_active:
        raise ServiceError(ENTRY_CLOSED, code="entry_closed")
    return entry


def client_fingerprint(entry: EntryPoint, client: str, day: dt.date) -> str:
    """A keyed hash of the device's address and browser for one entry point and one day."""
    message = f"{entry.pk}|{day.isoformat()}|{client}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def _check_entry_limits(entry: EntryPoint, fingerprint: str) -> None:
    now = timezone.now()
    recent = EntryUse.objects.filter(entry_point=entry, at__gt=now - dt.timedelta(hours=1))
    if entry.kind == EntryKind.KIOSK:
        # A kiosk is one device that many citizens share: limit the pace, not the device.
        if recent.filter(at__gt=now - KIOSK_MIN_GAP).exists():
            raise Conflict(KIOSK_TOO_SOON, code="kiosk_too_soon")
        if recent.count() >= KIOSK_PER_HOUR:
            raise Conflict(ENTRY_BUSY, code="entry_busy")
        return
    zone = ZoneInfo(entry.office.timezone)
    start_of_day = dt.datetime.combine(office_today(entry.office), dt.time.min, tzinfo=zone)
    if EntryUse.objects.filter(entry_point=entry, client=fingerprint, at__gte=start_of_day).exists():
        raise Conflict(ALREADY_ANSWERED_HERE, code="already_answered")
    if recent.count() >= POSTER_PER_HOUR:
        raise Conflict(ENTRY_BUSY, code="entry_busy")


@transaction.atomic
def survey_response_submit_entry(
    *,
    token: str,
    client: str,
    answers: Mapping[str, int | None],
    profile: Mapping[str, str],
    suggestion: str = "",
) -> Response:
    """A response through a QR poster or a kiosk. ``client`` is the device's address and browser;
    only a keyed hash of it is kept, for the limits."""
    entry = entry_point_for_token(token)
    EntryPoint.objects.select_for_update().filter(pk=entry.pk).first()  # one submission at a time
    fingerprint = client_fingerprint(entry, client, office_today(entry.office))
    _check_entry_limits(entry, fingerprint)
    response = _response_create(
        office=entry.office,
        version=current_version(entry.questionnaire),
        answers=answers,
        profile=profile,
        channel=Channel.KIOSK if entry.kind == EntryKind.KIOSK else Channel.POSTER,
        submitted_on=office_today(entry.office),
        suggestion=suggestion,
        require_all=True,
    )
    EntryUse.objects.create(entry_point=entry, client=fingerprint)
    return response


@transaction.atomic
def survey_response_enter(
    *,
    actor: Staff,
    office: Office,
    questionnaire: Questionnaire,
    answers: Mapping[str, int | None],
    profile: Mapping[str, str],
    submitted_on: dt.date,
    suggestion: str = "",
) -> Response:
    """A paper form typed in by staff. Questions left blank on paper stay unanswered."""
    require(actor, roles=DATA_ENTRY_ROLES, office_id=office.pk)
    return _response_create(
        office=office,
        version=current_version(questionnaire),
        answers=answers,
        profile=profile,
        channel=Channel.PAPER,
        submitted_on=submitted_on,
        suggestion=suggestion,
        require_all=False,
        entered_by=actor,
    )
