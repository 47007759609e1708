"""Questionnaires (versioned), invitations and entry points, and the anonymous responses.

Anonymity: a response carries no NIK, no name and no link to the invitation, the application or
the device it came from; it keeps only the office, the day, the channel, the respondent profile
(groups, not exact values) and the answers. The invitation only records *that* it was used.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.offices.models import Office, ServiceType
from loket.surveys.definitions import AgeGroup, Education, Indicator, Occupation, Sex


def new_token() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: not guessable, short enough for an SMS link


class QuestionnaireKind(models.TextChoices):
    SKM = "skm", _("Public satisfaction survey (SKM)")
    INDICATORS = "indicators", _("Performance indicators")


class Questionnaire(models.Model):
    """A questionnaire's identity across its versions ("skm", "kinerja")."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionnaireKind.choices)
    title = models.CharField(_("title"), max_length=160)
    title_en = models.CharField(_("title in English"), max_length=160, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionnaireKind.values), name="questionnaire_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> QuestionnaireVersion | None:
        return self.versions.order_by("-number").first()


class QuestionnaireVersion(models.Model):
    """One frozen wording of a questionnaire. A change makes a new version; responses keep theirs."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["questionnaire", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="questionnaire_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"


class Question(models.Model):
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    # Stable across versions, so answers to the same question in two versions are counted together.
    key = models.SlugField(_("key"), max_length=40)
    element = models.CharField(_("SKM element"), max_length=20, blank=True)
    indicator = models.CharField(_("indicator"), max_length=12, blank=True, choices=Indicator.choices)
    text = models.TextField(_("question"))
    text_en = models.TextField(_("question in English"), blank=True)
    label_1 = models.CharField(_("answer 1"), max_length=80)
    label_2 = models.CharField(_("answer 2"), max_length=80)
    label_3 = models.CharField(_("answer 3"), max_length=80)
    label_4 = models.CharField(_("answer 4"), max_length=80)
    labels_en = models.CharField(
        _("answers in English"), max_length=330, blank=True, help_text=_("Four labels separated by |.")
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique_per_version"),
            models.UniqueConstraint(fields=["version", "position"], name="question_position_unique"),
            models.CheckConstraint(
                condition=Q(indicator="") | Q(indicator__in=Indicator.values), name="question_indicator_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"

    @property
    def labels(self) -> tuple[str, str, str, str]:
        return (self.label_1, self.label_2, self.label_3, self.label_4)

    def labels_for(self, language: str) -> tuple[str, ...]:
        if language.startswith("en") and self.labels_en.count("|") == 3:
            return tuple(self.labels_en.split("|"))
        return self.labels

    def text_for(self, language: str) -> str:
        return self.text_en if language.startswith("en") and self.text_en else self.text


class Invitation(models.Model):
    """A one-time link sent to a citizen after pickup. One response per invitation."""

    token = models.CharField(max_length=32, unique=True, default=new_token)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="survey_invitations")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    # Kept to give one invitation per application; the response never points back here.
    application = models.OneToOneField(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_invitation",
    )
    service_type = models.CharField(_("service"), max_length=20, choices=ServiceType.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_creation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office}: {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:invitation", args=[self.token])


class EntryKind(models.TextChoices):
    POSTER = "poster", _("QR poster")
    KIOSK = "kiosk", _("Kiosk in the office")


class EntryPoint(models.Model):
    """A QR poster or a kiosk tablet: a way in without an invitation, with limits against stuffing."""

    token = models.CharField(max_length=32, unique=True, default=new_token)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="survey_entry_points")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=EntryKind.choices)
    name = models.CharField(_("name"), max_length=80, help_text=_("Where it hangs or stands."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["office", "name"]
        verbose_name = _("survey entry point")
        verbose_name_plural = _("survey entry points")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="entry_kind_valid")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("surveys:entry", args=[self.token])


class EntryUse(models.Model):
    """One response through an entry point, for the rate limits. ``client`` is a keyed hash of the
    address and the day: it tells two uses of the same device apart from two devices on the same
    day, but not who it was, and it cannot be joined across days or to a response."""

    entry_point = models.ForeignKey(EntryPoint, on_delete=models.CASCADE, related_name="uses")
    client = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["entry_point", "at"], name="entry_use_recent_idx")]

    def __str__(self) -> str:
        return f"{self.entry_point_id} {self.at:%Y-%m-%d %H:%M}"


class Channel(models.TextChoices):
    INVITATION = "invitation", _("Invitation link")
    POSTER = "poster", _("QR poster")
    KIOSK = "kiosk", _("Kiosk")
    PAPER = "paper", _("Paper form")
    IMPORT = "import", _("Imported file")


class ImportBatch(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10)
    filename = models.CharField(_("file"), max_length=200)
    rows = models.PositiveIntegerField(_("responses imported"))
    skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.rows})"


class Response(models.Model):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="survey_responses")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses")
    # The day only: a time of day would let someone match a response to an invitation.
    submitted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(_("education"), max_length=8, choices=Education.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=10, choices=Occupation.choices, blank=True)
    service_type = models.CharField(_("service used"), max_length=20, choices=ServiceType.choices, blank=True)
    suggestion = models.TextField(_("suggestion"), blank=True, max_length=1000)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["office", "submitted_on"], name="response_office_day_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="response_channel_valid"),
            models.CheckConstraint(
                condition=Q(age_group="") | Q(age_group__in=AgeGroup.values), name="response_age_valid"
            ),
            models.CheckConstraint(condition=Q(sex="") | Q(sex__in=Sex.values), name="response_sex_valid"),
            models.CheckConstraint(
                condition=Q(education="") | Q(education__in=Education.values), name="response_education_valid"
            ),
            models.CheckConstraint(
                condition=Q(occupation="") | Q(occupation__in=Occupation.values),
                name="response_occupation_valid",
            ),
            models.CheckConstraint(
                condition=Q(service_type="") | Q(service_type__in=ServiceType.values),
                name="response_service_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["paper", "import"]) | Q(entered_by__isnull=True),
                name="response_public_has_no_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.submitted_on}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=4), name="answer_value_1_to_4"),
        ]

    def __str__(self) -> str:
        return str(self.value)
