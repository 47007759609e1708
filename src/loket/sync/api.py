"""The link to the central registry as the caller sees it. Mounted at /api/sync/.

The same figures as the banner on every staff page: scoped to the caller's office (every office for
the city administrator); the stuck count only for the head of office and the city administrator.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.views.decorators.cache import never_cache
from ninja import Router, Schema

from loket.core.api_auth import staff_auth
from loket.sync.selectors import link_summary

router = Router(auth=staff_auth(), tags=["sync"])
router.add_decorator(never_cache, mode="view")


class LinkOut(Schema):
    state: str
    state_label: str
    worker_running: bool
    backlog: int
    oldest_waiting_since: dt.datetime | None
    last_success_at: dt.datetime | None
    stuck: int | None


@router.get("/link", response=LinkOut, summary="State of the link to the central registry")
def link(request: HttpRequest) -> LinkOut:
    summary = link_summary(request.auth)  # type: ignore[attr-defined]
    assert summary is not None  # staff_auth lets only staff through
    return LinkOut(
        state=summary.state,
        state_label=summary.state_label,
        worker_running=summary.worker_running,
        backlog=summary.backlog,
        oldest_waiting_since=summary.oldest_waiting_since,
        last_success_at=summary.last_success_at,
        stuck=summary.stuck if summary.can_see_stuck else None,
    )
