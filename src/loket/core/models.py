"""Shared tables that belong to no single area of the domain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """A named gap-free counter (Suket numbers per office and year, queue numbers per office, day and
    prefix ...). Incremented only through ``loket.core.sequences.next_value``."""

    key = models.CharField(max_length=120, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="counter_value_not_negative")]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class ApiToken(models.Model):
    """A key a program sends instead of a password (``Authorization: Bearer lkt_...``), acting as one
    staff member with that member's role and office. Only a SHA-256 digest is kept: the token is
    shown once, when made. A fast digest is right here, unlike for passwords: a token is 256 random
    bits, so there is nothing to guess, and checking it costs microseconds where a password costs a
    deliberately slow PBKDF2 round on every request."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("what it is for"), max_length=80)
    # The first characters, to recognise a token in lists and revoke it, never enough to use it.
    prefix = models.CharField(_("starts with"), max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"))
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_after_made"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"
