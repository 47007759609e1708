"""Reads of the notification room for other pages (the portal's tracking page)."""

from __future__ import annotations

import datetime as dt

from loket.notifications.models import OverdueNotice


def revised_due_at(application_id: int) -> dt.datetime | None:
    """The latest new date promised in an apology for lateness, if any."""
    return (
        OverdueNotice.objects.filter(application_id=application_id)
        .order_by("-sequence")
        .values_list("new_due_at", flat=True)
        .first()
    )
