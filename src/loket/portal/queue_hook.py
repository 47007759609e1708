"""Today's queue at the office, as the intake room's waiting-room board shows it.

Read through ``loket.intake.selectors.board.board_state`` (public data only: ticket numbers, counts,
wait estimates). Imported at call time and tolerant: if the intake room is missing or fails, the
portal page says the queue status is unavailable instead of failing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loket.offices.models import Office

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueLine:
    kind: str
    waiting: int
    wait: str
    serving: tuple[str, ...]


def queue_today(office: Office) -> list[QueueLine] | None:
    try:
        board_state = import_module("loket.intake.selectors.board").board_state
    except (ImportError, AttributeError):
        return None
    try:
        state = board_state(office)
    except Exception:  # the portal must not fail because the queue room does
        logger.exception("queue status of office %s unavailable", office.pk)
        return None
    serving: dict[str, list[str]] = {}
    for station in state.get("stations", []):
        if station.get("serving"):
            serving.setdefault(str(station.get("kind", "")), []).append(str(station["serving"]))
    return [
        QueueLine(
            kind=str(queue.get("kind", "")),
            waiting=int(queue.get("waiting", 0)),
            wait=str(queue.get("wait", "")),
            serving=tuple(serving.get(str(queue.get("kind", "")), [])),
        )
        for queue in state.get("queues", [])
    ]
