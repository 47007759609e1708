"""Citizens. A Person is national (one NIK, one row) and reaches an office through its applications;
staff see a person only through an application of their own office."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.people.nik import (
    Sex,
    kk_field_validator,
    mask,
    nik_field_validator,
    validate_nik,
    validate_nik_matches,
)

PHONE_FORMAT = _("Enter a mobile number such as 0812xxxxxxxx or +62812xxxxxxxx.")
phone_validator = RegexValidator(r"^(\+62|62|0)8[1-9][0-9]{6,11}$", PHONE_FORMAT, code="phone_format")


class SexChoices(models.TextChoices):
    MALE = Sex.MALE, _("Male")
    FEMALE = Sex.FEMALE, _("Female")


class Person(models.Model):
    nik = models.CharField(_("NIK"), max_length=16, unique=True, validators=[nik_field_validator])
    kk_number = models.CharField(_("KK number"), max_length=16, validators=[kk_field_validator])
    full_name = models.CharField(_("full name"), max_length=120)
    birth_place = models.CharField(_("place of birth"), max_length=80, blank=True)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=SexChoices.choices)
    address = models.TextField(_("address"))
    village = models.ForeignKey(
        "offices.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("kelurahan/desa"),
        limit_choices_to={"level": "village"},
    )
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        indexes = [models.Index(fields=["full_name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(sex__in=SexChoices.values), name="person_sex_valid"),
            models.CheckConstraint(condition=Q(nik__regex=r"^[0-9]{16}$"), name="person_nik_16_digits"),
            models.CheckConstraint(condition=Q(kk_number__regex=r"^[0-9]{16}$"), name="person_kk_16_digits"),
        ]

    def __str__(self) -> str:
        # Never the NIK: str() ends up in logs, admin breadcrumbs and error messages.
        return self.full_name

    @property
    def masked_nik(self) -> str:
        return mask(self.nik)

    def clean(self) -> None:
        super().clean()
        if not (self.birth_date and self.sex):
            return
        try:
            validate_nik(self.nik)
        except ValidationError:
            return  # the field's own validator reports a malformed NIK
        validate_nik_matches(self.nik, birth_date=self.birth_date, sex=self.sex)
