"""Regions, offices, their stations and opening hours, and the staff who work there."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Regency/city")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Kelurahan/desa")


class Region(models.Model):
    """A Kemendagri region code: 16 (province), 16.71 (city), 16.71.16 (kecamatan), 16.71.16.1001."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=RegionLevel.values), name="region_level_valid"),
            models.CheckConstraint(
                condition=Q(level=RegionLevel.PROVINCE, parent__isnull=True)
                | Q(parent__isnull=False) & ~Q(level=RegionLevel.PROVINCE),
                name="region_parent_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ServiceType(models.TextChoices):
    NEW = "new", _("New card")
    DAMAGED = "damaged", _("Damaged card")
    LOST = "lost", _("Lost card")
    DATA_CHANGE = "data_change", _("Change of data")
    MOVING_IN = "moving_in", _("Moving in")
    IKD = "ikd", _("IKD activation")


class Office(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("kecamatan"))
    served_regions = models.ManyToManyField(
        Region, blank=True, related_name="serving_offices", verbose_name=_("kecamatan and kelurahan served")
    )
    address = models.TextField(_("address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=40, default="Asia/Jakarta")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """One weekday's hours. A weekday with no row is closed."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (i, day)
            for i, day in enumerate(
                [
                    _("Monday"),
                    _("Tuesday"),
                    _("Wednesday"),
                    _("Thursday"),
                    _("Friday"),
                    _("Saturday"),
                    _("Sunday"),
                ]
            )
        ],
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    break_start = models.TimeField(_("break starts"), null=True, blank=True)
    break_end = models.TimeField(_("break ends"), null=True, blank=True)

    class Meta:
        ordering = ["office", "weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "weekday"],
                name="opening_hours_one_per_weekday",
                violation_error_message=_("This weekday already has opening hours."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday_range"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="opening_hours_closes_after_opens",
                violation_error_message=_("Closing time must be after opening time."),
            ),
            models.CheckConstraint(
                condition=Q(break_start__isnull=True, break_end__isnull=True)
                | Q(
                    break_start__gt=models.F("opens"),
                    break_end__gt=models.F("break_start"),
                    closes__gt=models.F("break_end"),
                ),
                name="opening_hours_break_inside_day",
                violation_error_message=_("Give both ends of the break, inside the opening hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def intervals(self) -> list[tuple[dt.time, dt.time]]:
        """The open periods of the day, the break left out."""
        if self.break_start and self.break_end:
            return [(self.opens, self.break_start), (self.break_end, self.closes)]
        return [(self.opens, self.closes)]


class OfficeClosure(models.Model):
    """A day the office itself is closed (renovation, outage, local event), on top of national holidays."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "date"],
                name="office_closure_once_per_day",
                violation_error_message=_("The office is already closed on this date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"


class StandardUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")


class ServiceStandard(models.Model):
    """How long the office promises to take for one service type, counted in its working time."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="service_standards")
    service_type = models.CharField(_("service type"), max_length=20, choices=ServiceType.choices)
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=16, choices=StandardUnit.choices)

    class Meta:
        ordering = ["office", "service_type"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "service_type"],
                name="service_standard_one_per_type",
                violation_error_message=_("This service already has a standard at this office."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="service_standard_amount_positive",
                violation_error_message=_("The standard must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(unit__in=StandardUnit.values), name="service_standard_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(service_type__in=ServiceType.values), name="service_standard_service_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()}: {self.amount} {self.get_unit_display()}"


class StationKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration counter")
    RECORDING = "recording", _("Recording station")
    PRINT = "print", _("Print station")


class Station(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="stations")
    kind = models.CharField(_("kind"), max_length=16, choices=StationKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("The number called out: 'loket 2'."))
    name = models.CharField(_("name"), max_length=60)
    in_service = models.BooleanField(_("in service"), default=True)
    out_of_service_reason = models.CharField(_("reason out of service"), max_length=200, blank=True)

    class Meta:
        ordering = ["office", "number"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"],
                name="station_number_unique_per_office",
                violation_error_message=_("Another station of this office has this number."),
            ),
            models.CheckConstraint(condition=Q(kind__in=StationKind.values), name="station_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OPERATOR = "operator", _("Counter operator")
    RECORDING_OFFICER = "recording_officer", _("Recording officer")
    HEAD = "head", _("Head of office")
    CITY_ADMIN = "city_admin", _("City administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles whose work is tied to one office; the others see every office.
OFFICE_BOUND_ROLES = (Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD)


class Staff(AbstractUser):
    """A person who logs in. Citizens never do: they use the public portal."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("office"),
    )

    REQUIRED_FIELDS = ["email", "role"]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="staff_role_valid"),
            models.CheckConstraint(
                condition=~Q(role__in=OFFICE_BOUND_ROLES) | Q(office__isnull=False),
                name="staff_office_bound_role_has_office",
                violation_error_message=_(
                    "Operators, recording officers and heads of office belong to an office."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
