"""Steps 2 and 3 of the sync worker: bring the centre's outcomes into the lifecycle.

``apply_batch`` moves applications to what the centre said (``outcomes.advance_application``);
``poll_batch`` asks the centre about delivered packets still waiting for an outcome. Both claim
their packets like delivery does (``SyncWorker._claim``), so several workers never apply the same.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from loket.sync.client import CentralError
from loket.sync.models import FINAL_CENTRAL_STATES, CentralKey, CentralState, Packet, PacketState
from loket.sync.outcomes import advance_application

if TYPE_CHECKING:
    from collections.abc import Iterable

    from loket.sync.client import CentralClient
    from loket.sync.link import LinkKeeper

logger = logging.getLogger("loket.sync.delivery")

POLL_BATCH = 500
NO_KEY = CentralError("no_key", transient=True)
UNKNOWN_AT_CENTRE = "unknown_at_centre"


def by_office(packets: Iterable[Packet]) -> dict[int, list[Packet]]:
    groups: dict[int, list[Packet]] = {}
    for packet in packets:
        groups.setdefault(packet.office_id, []).append(packet)
    return groups


class CollectOutcomes:
    """Mixed into ``SyncWorker``, which provides the claims, the link and the configuration."""

    client: CentralClient
    link: LinkKeeper
    poll_seconds: float
    batch_size: int

    def _claim(self, candidates: QuerySet[Packet], limit: int) -> list[Packet]:
        raise NotImplementedError

    def _mine(self, packets: Iterable[Packet]) -> QuerySet[Packet]:
        raise NotImplementedError

    # --- 2. outcomes into the lifecycle --------------------------------------------------------

    def apply_batch(self, limit: int | None = None) -> int:
        waiting = Packet.objects.filter(state=PacketState.DELIVERED).exclude(applied_state=F("central_state"))
        packets = self._claim(waiting, limit or self.batch_size)
        for packet in packets:
            self._apply(packet)
        return len(packets)

    def _apply(self, packet: Packet) -> None:
        now = timezone.now()
        with transaction.atomic():
            advance = advance_application(
                application_id=packet.application_id,
                central_state=packet.central_state,
                reason=packet.central_reason,
            )
            if advance.retry:
                self._mine([packet]).update(claimed_by="", claimed_until=None)
                return
            final = packet.central_state in FINAL_CENTRAL_STATES
            changes: dict[str, Any] = {
                "applied_state": packet.central_state,
                "claimed_by": "",
                "claimed_until": None,
            }
            if advance.note:
                changes["sync_note"] = advance.note[:300]
            if final:
                changes.update(state=PacketState.COMPLETED, completed_at=now)
            self._mine([packet]).update(**changes)

    # --- 3. asking for outcomes ----------------------------------------------------------------

    def poll_batch(self) -> int:
        """Ask about delivered packets without an outcome; how many came back with news."""
        due = Packet.objects.filter(
            state=PacketState.DELIVERED, central_state=CentralState.RECEIVED, next_try_at__lte=timezone.now()
        )
        if not due.exists() or not self.link.usable():
            return 0
        packets = self._claim(due, POLL_BATCH)
        groups = by_office(packets)
        keys = dict(CentralKey.objects.filter(office_id__in=groups).values_list("office_id", "key"))
        news = 0
        for office_id, group in groups.items():
            try:
                if office_id not in keys:
                    raise NO_KEY
                ids = [str(p.pk) for p in group]
                answers = self.link.observe(
                    partial(self.client.packet_states, key=keys[office_id], packet_ids=ids)
                )
            except CentralError:
                self._poll_later(group)
                continue
            news += self._record_states(group, answers)
        return news

    def _poll_later(self, group: list[Packet]) -> None:
        self._mine(group).update(
            next_try_at=timezone.now() + timedelta(seconds=self.poll_seconds),
            claimed_by="",
            claimed_until=None,
        )

    def _record_states(self, group: list[Packet], answers: list[dict[str, Any]]) -> int:
        by_id = {str(answer.get("packet_id")): answer for answer in answers if isinstance(answer, dict)}
        now = timezone.now()
        news = 0
        waiting = []
        with transaction.atomic():
            for packet in group:
                answer = by_id.get(str(packet.pk), {})
                state = answer.get("state")
                if state in FINAL_CENTRAL_STATES:
                    news += 1
                    self._mine([packet]).update(
                        central_state=state,
                        central_reason=str(answer.get("reason", ""))[:200],
                        claimed_by="",
                        claimed_until=None,
                    )
                elif state == "unknown":
                    # The centre lost it (restored from a backup?): send it again.
                    logger.warning("poll: the centre does not know packet %s; sending it again", packet.pk)
                    news += 1
                    self._mine([packet]).update(
                        state=PacketState.PENDING,
                        central_state="",
                        last_error=UNKNOWN_AT_CENTRE,
                        next_try_at=now,
                        claimed_by="",
                        claimed_until=None,
                    )
                else:
                    waiting.append(packet)
            self._poll_later(waiting)
        return news
