"""The worker's side of the link to the centre: every call goes through ``LinkKeeper.observe``,
which feeds the circuit breaker and the link monitor and records the link state (the ``Link``
row the banner shows). Also the worker's heartbeat and its idle pings."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from django.utils import timezone

from loket.sync.client import CentralClient, CentralError
from loket.sync.models import CentralKey, Link
from loket.sync.resilience import BreakerState, CircuitBreaker, LinkMonitor

logger = logging.getLogger("loket.sync.delivery")
T = TypeVar("T")

HEARTBEAT_EVERY = 5.0
PING_EVERY = 60.0  # with nothing to send, ask the centre this often so the link state stays true


class LinkKeeper:
    def __init__(self, *, client: CentralClient, breaker: CircuitBreaker, clock: Callable[[], float]) -> None:
        self.client = client
        self.breaker = breaker
        self.monitor = LinkMonitor()
        self.clock = clock
        self.last_call = clock()
        self._last_heartbeat = -HEARTBEAT_EVERY

    def usable(self) -> bool:
        """May the worker call the centre now? While the breaker is open, no. When its open period
        is over, the trial call is a ping (cheap), not a batch."""
        if not self.breaker.allow():
            return False
        if self.breaker.state == BreakerState.HALF_OPEN:
            self.ping()
        return self.breaker.state == BreakerState.CLOSED

    def observe(self, call: Callable[[], T]) -> T:
        """Make (or wait for) one call to the centre and account for its result. Runs in the
        worker's own thread: the breaker, the monitor and the database are not shared."""
        self.last_call = self.clock()
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
            self.save(error=error)
            raise
        self.breaker.record_success()
        self.monitor.record(True)
        self.save()
        return result

    def ping(self) -> None:
        key = CentralKey.objects.values_list("key", flat=True).first()
        if key is None or not self.breaker.allow():
            return
        with contextlib.suppress(CentralError):
            self.observe(partial(self.client.ping, key=key))

    def ping_if_quiet(self) -> None:
        if self.clock() - self.last_call >= PING_EVERY:
            self.ping()

    def save(self, error: CentralError | None = None) -> None:
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
