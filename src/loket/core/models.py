"""Shared tables that belong to no single area of the domain."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Counter(models.Model):
    """A named gap-free counter (Suket numbers per office and year, queue numbers per office, day and
    prefix ...). Incremented only through ``loket.core.sequences.next_value``."""

    key = models.CharField(max_length=120, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="counter_value_not_negative")]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
