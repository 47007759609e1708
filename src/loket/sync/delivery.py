"""The sync worker's work, one step at a time (``loket worker`` loops over ``run_once``).

1. ``deliver_batch``: claim due packets, post them to the centre in one request per office, record
   each packet's answer (delivered, or rejected for good), or on a failure of the whole call retry
   later with exponential backoff (transient) or fail the packets (permanent).
2. ``apply_batch``: move applications to what the centre said (``outcomes.advance_application``).
3. ``poll_batch``: ask the centre about delivered packets that still wait for an outcome.

Claims: a packet is claimed by writing the worker's name and a lease end on it, in a short
transaction that selects rows ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; on SQLite the write lock
of the IMMEDIATE transaction serialises claims). No transaction is held during a call. A worker
killed mid-batch leaves its claims to expire; the packets go out again and the centre, idempotent
by packet id, counts a duplicate delivery but stores nothing twice.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from loket.sync.client import CentralClient, CentralError
from loket.sync.models import FINAL_CENTRAL_STATES, CentralKey, CentralState, Link, Packet, PacketState
from loket.sync.outcomes import advance_application
from loket.sync.resilience import BreakerState, CircuitBreaker, LinkMonitor, backoff_delay

logger = logging.getLogger(__name__)

POLL_BATCH = 500
# While a backlog drains, delivery comes first; every COLLECT_EVERY seconds a slice of APPLY_SLICE
# outcomes is still applied (each is a couple of lifecycle transitions, slower than sending).
COLLECT_EVERY = 5.0
APPLY_SLICE = 10
HEARTBEAT_EVERY = 5.0
PING_EVERY = 60.0  # with nothing to send, ask the centre this often so the link state stays true
NO_KEY = CentralError("no_key", transient=True)
UNKNOWN_AT_CENTRE = "unknown_at_centre"


@dataclass(frozen=True)
class SyncConfig:
    timeout: float
    batch_size: int
    lease: float
    backoff_base: float
    backoff_cap: float
    breaker_failures: int
    breaker_open: float
    breaker_max_open: float
    poll: float
    idle: float

    @classmethod
    def from_settings(cls) -> SyncConfig:
        return cls(
            timeout=settings.LOKET_SYNC_TIMEOUT,
            batch_size=settings.LOKET_SYNC_BATCH_SIZE,
            lease=settings.LOKET_SYNC_LEASE_SECONDS,
            backoff_base=settings.LOKET_SYNC_BACKOFF_BASE,
            backoff_cap=settings.LOKET_SYNC_BACKOFF_CAP,
            breaker_failures=settings.LOKET_SYNC_BREAKER_FAILURES,
            breaker_open=settings.LOKET_SYNC_BREAKER_OPEN_SECONDS,
            breaker_max_open=settings.LOKET_SYNC_BREAKER_MAX_OPEN_SECONDS,
            poll=settings.LOKET_SYNC_POLL_SECONDS,
            idle=settings.LOKET_SYNC_IDLE_SECONDS,
        )


def _by_office(packets: Iterable[Packet]) -> dict[int, list[Packet]]:
    groups: dict[int, list[Packet]] = defaultdict(list)
    for packet in packets:
        groups[packet.office_id].append(packet)
    return groups


class SyncWorker:
    def __init__(
        self,
        *,
        client: CentralClient | None = None,
        config: SyncConfig | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or SyncConfig.from_settings()
        self.client = client or CentralClient(settings.LOKET_CENTRAL_URL, timeout=self.config.timeout)
        self.rng = rng or random.Random()
        self.clock = clock
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.breaker = CircuitBreaker(
            failure_threshold=self.config.breaker_failures,
            open_seconds=self.config.breaker_open,
            max_open_seconds=self.config.breaker_max_open,
            clock=clock,
        )
        self.monitor = LinkMonitor()
        self._last_collect = -COLLECT_EVERY
        self._last_heartbeat = -HEARTBEAT_EVERY
        self._last_call = clock()

    # --- the loop ------------------------------------------------------------------------------

    def run_once(self) -> int:
        """One round; how many packets it moved (0: nothing to do, the caller may nap)."""
        work = self.deliver_batch()
        if not work:
            work += self.apply_batch() + self.poll_batch()
            self._last_collect = self.clock()
        elif self.clock() - self._last_collect >= COLLECT_EVERY:
            work += self.apply_batch(limit=APPLY_SLICE) + self.poll_batch()
            self._last_collect = self.clock()
        if not work and self.clock() - self._last_call >= PING_EVERY:
            self.ping()
        self.heartbeat()
        return work

    def nap_seconds(self) -> float:
        """How long to sleep with nothing to do: until the next packet is due, at most ``idle``."""
        upcoming = Packet.objects.filter(state=PacketState.PENDING).aggregate(at=Min("next_try_at"))["at"]
        if upcoming is None:
            return self.config.idle
        return min(self.config.idle, max(0.02, (upcoming - timezone.now()).total_seconds()))

    def release_claims(self) -> int:
        """Give back whatever this worker holds (on a clean stop)."""
        return Packet.objects.filter(claimed_by=self.name).update(claimed_by="", claimed_until=None)

    # --- claims --------------------------------------------------------------------------------

    def _claim(self, candidates: QuerySet[Packet], limit: int) -> list[Packet]:
        now = timezone.now()
        with transaction.atomic():
            ids = list(
                candidates.unclaimed(now)  # type: ignore[attr-defined]
                .order_by("next_try_at")  # the index alone: no sort of the whole backlog
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:limit]
            )
            if not ids:
                return []
            Packet.objects.filter(pk__in=ids).update(
                claimed_by=self.name, claimed_until=now + timedelta(seconds=self.config.lease)
            )
        # The payloads stay in the database until they are sent (``_payloads``): no decoding.
        return list(
            Packet.objects.filter(pk__in=ids, claimed_by=self.name).defer("payload").order_by("created_at")
        )

    @staticmethod
    def _payloads(group: list[Packet]) -> list[str]:
        """The packets' JSON as stored, in the group's order."""
        raw = dict(
            Packet.objects.filter(pk__in=[p.pk for p in group])
            .annotate(text=Cast("payload", TextField()))
            .values_list("pk", "text")
        )
        return [raw[p.pk] for p in group]

    def _mine(self, packets: Iterable[Packet]) -> QuerySet[Packet]:
        """Only rows this worker still holds: if its lease ran out and another took them, hands off."""
        return Packet.objects.filter(pk__in=[p.pk for p in packets], claimed_by=self.name)

    # --- 1. delivery ---------------------------------------------------------------------------

    def deliver_batch(self) -> int:
        due = Packet.objects.filter(state=PacketState.PENDING, next_try_at__lte=timezone.now())
        if not due.exists() or not self._link_usable():
            return 0
        packets = self._claim(due, self.config.batch_size)
        groups = _by_office(packets)
        keys = dict(CentralKey.objects.filter(office_id__in=groups).values_list("office_id", "key"))
        for office_id, group in groups.items():
            if self.breaker.state == BreakerState.OPEN:  # opened by an earlier group: leave the rest
                self._mine(group).update(claimed_by="", claimed_until=None)
                continue
            key = keys.get(office_id)
            if key is None:
                self._retry_later(group, NO_KEY)
                continue
            try:
                logger.info("delivery: sending %d packet(s) of office %s", len(group), office_id)
                results = self._call(
                    partial(self.client.send_packets, key=key, packets=self._payloads(group))
                )
            except CentralError as error:
                (self._retry_later if error.transient else self._fail)(group, error)
                continue
            self._record_answers(group, results)
        return len(packets)

    def _record_answers(self, group: list[Packet], results: list[dict[str, Any]]) -> None:
        now = timezone.now()
        delivered: dict[tuple[str, str], list[Packet]] = defaultdict(list)
        with transaction.atomic():
            for packet, answer in zip(group, results, strict=True):
                state = answer.get("state")
                if answer.get("packet_id") != str(packet.pk):
                    self._retry_later([packet], CentralError("bad_response", transient=True))
                elif (
                    answer.get("status") in ("accepted", "already_received") and state in CentralState.values
                ):
                    delivered[(state, str(answer.get("reason", ""))[:200])].append(packet)
                else:
                    refusal = f"{answer.get('code', 'rejected')}: {answer.get('detail', '')}"[:200]
                    self._fail([packet], CentralError(refusal, transient=False))
            for (state, reason), packets in delivered.items():
                self._mine(packets).update(
                    state=PacketState.DELIVERED,
                    central_state=state,
                    central_reason=reason,
                    delivered_at=now,
                    attempts=F("attempts") + 1,
                    last_attempt_at=now,
                    last_error="",
                    next_try_at=now + timedelta(seconds=self.config.poll),
                    claimed_by="",
                    claimed_until=None,
                )

    def _retry_later(self, group: list[Packet], error: CentralError) -> None:
        """Count the attempt and schedule the next one. Packets that failed in the same call with the
        same number of attempts share one jittered delay (one UPDATE; they come back as one batch)."""
        now = timezone.now()
        by_attempts: dict[int, list[Packet]] = defaultdict(list)
        for packet in group:
            by_attempts[packet.attempts].append(packet)
        with transaction.atomic():
            for attempts, packets in by_attempts.items():
                delay = backoff_delay(
                    attempts + 1, base=self.config.backoff_base, cap=self.config.backoff_cap, rng=self.rng
                )
                self._mine(packets).update(
                    attempts=F("attempts") + 1,
                    last_error=error.summary[:200],
                    last_attempt_at=now,
                    next_try_at=now + timedelta(seconds=max(delay, error.retry_after)),
                    claimed_by="",
                    claimed_until=None,
                )

    def _fail(self, group: list[Packet], error: CentralError) -> None:
        now = timezone.now()
        logger.warning("delivery: %d packet(s) refused for good: %s", len(group), error.summary)
        self._mine(group).update(
            state=PacketState.FAILED,
            attempts=F("attempts") + 1,
            last_error=error.summary[:200],
            last_attempt_at=now,
            failed_at=now,
            failure_reason=error.summary,
            claimed_by="",
            claimed_until=None,
        )

    # --- 2. outcomes into the lifecycle --------------------------------------------------------

    def apply_batch(self, limit: int | None = None) -> int:
        waiting = Packet.objects.filter(state=PacketState.DELIVERED).exclude(applied_state=F("central_state"))
        packets = self._claim(waiting, limit or self.config.batch_size)
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
        if not due.exists() or not self._link_usable():
            return 0
        packets = self._claim(due, POLL_BATCH)
        groups = _by_office(packets)
        keys = dict(CentralKey.objects.filter(office_id__in=groups).values_list("office_id", "key"))
        news = 0
        for office_id, group in groups.items():
            try:
                if office_id not in keys:
                    raise NO_KEY
                ids = [str(p.pk) for p in group]
                answers = self._call(partial(self.client.packet_states, key=keys[office_id], packet_ids=ids))
            except CentralError:
                self._poll_later(group)
                continue
            news += self._record_states(group, answers)
        return news

    def _poll_later(self, group: list[Packet]) -> None:
        self._mine(group).update(
            next_try_at=timezone.now() + timedelta(seconds=self.config.poll),
            claimed_by="",
            claimed_until=None,
        )

    def _record_states(self, group: list[Packet], answers: list[dict[str, Any]]) -> int:
        by_id = {str(answer.get("packet_id")): answer for answer in answers if isinstance(answer, dict)}
        now = timezone.now()
        news = 0
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
                    self._poll_later([packet])
        return news

    # --- the link --------------------------------------------------------------------------------

    def _call(self, call: Callable[[], Any]) -> Any:
        """Make one call to the centre, feeding the breaker and the link state."""
        self._last_call = self.clock()
        try:
            result = call()
        except CentralError as error:
            if error.transient:
                was_closed = self.breaker.state == BreakerState.CLOSED
                self.breaker.record_failure()
                if self.breaker.state == BreakerState.OPEN and was_closed:
                    wait = self.breaker.seconds_until_retry()
                    logger.warning("link: %s; no calls to the centre for %.0f s", error.summary, wait)
            self.monitor.record(False)
            self._save_link(error=error)
            raise
        self.breaker.record_success()
        self.monitor.record(True)
        self._save_link()
        return result

    def _link_usable(self) -> bool:
        """May the worker call the centre now? While the breaker is open, no. When its open period
        is over, the trial call is a ping (cheap), not a batch."""
        if not self.breaker.allow():
            return False
        if self.breaker.state == BreakerState.HALF_OPEN:
            self.ping()
        return self.breaker.state == BreakerState.CLOSED

    def ping(self) -> None:
        key = CentralKey.objects.values_list("key", flat=True).first()
        if key is None or not self.breaker.allow():
            return
        with contextlib.suppress(CentralError):
            self._call(partial(self.client.ping, key=key))

    def _save_link(self, error: CentralError | None = None) -> None:
        now = timezone.now()
        changes: dict[str, Any] = {
            "state": self.monitor.state(self.breaker),
            "updated_at": now,
            "worker_seen_at": now,
        }
        if error is None:
            changes["last_success_at"] = now
        else:
            changes.update(last_failure_at=now, last_error=error.summary[:200])
        wait = self.breaker.seconds_until_retry()
        changes["breaker_open_until"] = now + timedelta(seconds=wait) if wait else None
        if not Link.objects.filter(pk=1).update(**changes):
            Link.objects.get_or_create(pk=1, defaults=changes)
        self._last_heartbeat = self.clock()

    def heartbeat(self, *, force: bool = False) -> None:
        if not force and self.clock() - self._last_heartbeat < HEARTBEAT_EVERY:
            return
        now = timezone.now()
        if not Link.objects.filter(pk=1).update(worker_seen_at=now):
            Link.objects.get_or_create(pk=1, defaults={"worker_seen_at": now})
        self._last_heartbeat = self.clock()
