"""Reads for outreach: the office's requests and events, and each event's tally of outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from loket.intake.models import OutreachEvent, OutreachOutcome, OutreachRequest, OutreachRequestStatus
from loket.intake.services.outreach import FIELD_ROLES
from loket.offices.access import require_role, scope_to_offices
from loket.offices.models import Role, Staff


def outreach_requests(user: Staff, *, open_only: bool = True) -> QuerySet[OutreachRequest]:
    require_role(user, FIELD_ROLES | {Role.CITY_ADMIN})
    rows = scope_to_offices(OutreachRequest.objects.select_related("office", "village"), user)
    if open_only:
        rows = rows.filter(status__in=[OutreachRequestStatus.NEW, OutreachRequestStatus.SCHEDULED])
    return rows.order_by("status", "-created_at")


def outreach_events(user: Staff) -> QuerySet[OutreachEvent]:
    require_role(user, FIELD_ROLES | {Role.CITY_ADMIN})
    return (
        scope_to_offices(OutreachEvent.objects.select_related("office", "kit", "village"), user)
        .annotate(people=Count("participants"))
        .order_by("-date", "-starts")
    )


def outreach_event(user: Staff, pk: int) -> OutreachEvent:
    event = outreach_events(user).filter(pk=pk).prefetch_related("staff", "requests").first()
    if event is None:
        raise Http404
    return event


@dataclass(frozen=True)
class Tally:
    """The figures outreach trackers report: target, and the count of each outcome."""

    target: int
    listed: int
    counts: dict[str, int]

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        return [(o.value, str(o.label), self.counts.get(o.value, 0)) for o in OutreachOutcome]


def event_tally(event: OutreachEvent) -> Tally:
    counts = dict(
        event.participants.order_by().values("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    return Tally(target=event.target_count, listed=sum(counts.values()), counts=counts)
