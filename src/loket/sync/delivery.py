"""The sync worker (``loket worker`` loops over ``SyncWorker.run_once``).

1. ``deliver_batch``: claim due packets, post them to the centre in one request per office, record
   each packet's answer (delivered, or rejected for good), or on a failure of the whole call retry
   later with exponential backoff (transient) or fail the packets (permanent). While one batch's
   call is in flight (in a helper thread), the next batch is claimed and read (here): the database
   work of the office overlaps the centre's.
2. and 3. ``apply_batch`` and ``poll_batch`` (``collect.py``): outcomes into the lifecycle.

Claims: a packet is claimed by writing the worker's name and a lease end on it, in a short
transaction that selects rows ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; on SQLite the write lock
of the IMMEDIATE transaction serialises claims). No transaction is held during a call. A worker
killed mid-batch leaves its claims to expire; the packets go out again and the centre, idempotent
by packet id, counts a duplicate delivery but stores nothing twice.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from loket.sync.client import CentralClient, CentralError
from loket.sync.collect import NO_KEY, CollectOutcomes, by_office
from loket.sync.link import LinkKeeper
from loket.sync.models import CentralKey, CentralState, Packet, PacketState
from loket.sync.resilience import BreakerState, CircuitBreaker, backoff_delay

logger = logging.getLogger(__name__)

# While a backlog drains, delivery comes first; every COLLECT_EVERY seconds a slice of APPLY_SLICE
# outcomes is still applied (each is a couple of lifecycle transitions, slower than sending).
COLLECT_EVERY = 5.0
APPLY_SLICE = 10


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


@dataclass
class Batch:
    """Packets of one office, claimed, with their JSON as stored."""

    office_id: int
    key: str | None
    packets: list[Packet]
    payloads: list[str]


class SyncWorker(CollectOutcomes):
    def __init__(
        self,
        *,
        client: CentralClient | None = None,
        config: SyncConfig | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
        stopping: threading.Event | None = None,
    ) -> None:
        self.config = config or SyncConfig.from_settings()
        self.batch_size, self.poll_seconds = self.config.batch_size, self.config.poll
        self.client = client or CentralClient(settings.LOKET_CENTRAL_URL, timeout=self.config.timeout)
        self.rng = rng or random.Random()
        self.clock = clock
        self.stopping = stopping or threading.Event()
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        breaker = CircuitBreaker(
            failure_threshold=self.config.breaker_failures,
            open_seconds=self.config.breaker_open,
            max_open_seconds=self.config.breaker_max_open,
            clock=clock,
        )
        self.link = LinkKeeper(client=self.client, breaker=breaker, clock=clock)
        self.breaker = breaker
        # One call at a time, made from this helper thread; every database write stays in ours.
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-send")
        self._last_collect = -COLLECT_EVERY

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
        if not work:
            self.link.ping_if_quiet()
        self.link.heartbeat()
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

    def close(self) -> None:
        self._sender.shutdown(wait=True)
        self.client.close()

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
        # The payloads stay in the database until they are sent (``_claim_batches``): no decoding.
        return list(
            Packet.objects.filter(pk__in=ids, claimed_by=self.name).defer("payload").order_by("created_at")
        )

    def _mine(self, packets: Iterable[Packet]) -> QuerySet[Packet]:
        """Only rows this worker still holds: if its lease ran out and another took them, hands off."""
        return Packet.objects.filter(pk__in=[p.pk for p in packets], claimed_by=self.name)

    # --- 1. delivery ---------------------------------------------------------------------------

    def _due(self) -> QuerySet[Packet]:
        return Packet.objects.filter(state=PacketState.PENDING, next_try_at__lte=timezone.now())

    def _claim_batches(self) -> list[Batch]:
        packets = self._claim(self._due(), self.config.batch_size)
        if not packets:
            return []
        groups = by_office(packets)
        keys = dict(CentralKey.objects.filter(office_id__in=groups).values_list("office_id", "key"))
        raw = dict(
            Packet.objects.filter(pk__in=[p.pk for p in packets])
            .annotate(text=Cast("payload", TextField()))
            .values_list("pk", "text")
        )
        return [
            Batch(office_id, keys.get(office_id), group, [raw[p.pk] for p in group])
            for office_id, group in groups.items()
        ]

    def deliver_batch(self) -> int:
        """Deliver due packets, a batch per call, for up to COLLECT_EVERY seconds; how many were tried."""
        if not self._due().exists() or not self.link.usable():
            return 0
        started = self.clock()
        waiting = deque(self._claim_batches())
        tried = 0
        while waiting:
            batch = waiting.popleft()
            if self.breaker.state != BreakerState.CLOSED or self.stopping.is_set():
                self._mine([p for b in (batch, *waiting) for p in b.packets]).update(
                    claimed_by="", claimed_until=None
                )
                break
            tried += len(batch.packets)
            if batch.key is None:
                self._retry_later(batch.packets, NO_KEY)
                continue
            logger.info("delivery: sending %d packet(s) of office %s", len(batch.packets), batch.office_id)
            in_flight = self._sender.submit(self.client.send_packets, key=batch.key, packets=batch.payloads)
            if not waiting and self.clock() - started < COLLECT_EVERY and not self.stopping.is_set():
                waiting.extend(self._claim_batches())  # while the call is in flight
            try:
                results = self.link.observe(in_flight.result)
            except CentralError as error:
                (self._retry_later if error.transient else self._fail)(batch.packets, error)
                continue
            self._record_answers(batch.packets, results)
        return tried

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
