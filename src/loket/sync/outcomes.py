"""Bringing an application to what the centre says about its packet, through the lifecycle's one
door (source: sync), without ever fighting staff.

Staff may have typed a status in by hand (offices that read SIAK), or moved on (printed the card),
or cancelled. The rule: walk forward along biometrics captured -> sent for enrollment -> received
at central -> outcome only from where the application is; if it is already there or past it
consistently, do nothing; if it disagrees with the centre, change nothing and say so (the note
goes on the packet and ``loket sync reconcile`` reports it).
"""

from __future__ import annotations

from dataclasses import dataclass

from loket.applications.lifecycle import Source, Status
from loket.applications.models import Application
from loket.applications.services import application_transition
from loket.core.errors import Conflict, ServiceError
from loket.sync.models import CentralState

# The way to "received at central"; from there the centre's outcome follows.
_PATH: tuple[str, ...] = (Status.BIOMETRICS_CAPTURED, Status.SENT_FOR_ENROLLMENT, Status.RECEIVED_AT_CENTRAL)
_CARD_DONE = frozenset({Status.PRINTED, Status.READY_FOR_PICKUP, Status.ISSUED})
# Where an application may consistently be once the centre has given this outcome.
_AT_OR_AFTER = {
    Status.PRINT_READY: frozenset({Status.PRINT_READY}) | _CARD_DONE,
    # A duplicate resolved at the centre becomes print ready.
    Status.DUPLICATE_RECORD: frozenset({Status.DUPLICATE_RECORD, Status.PRINT_READY}) | _CARD_DONE,
    # Failed, then (or not yet) recorded again: a new recording means a new packet.
    Status.ENROLLMENT_FAILED: frozenset({Status.ENROLLMENT_FAILED}),
}
_PAST_RECEIVED = frozenset({Status.RECEIVED_AT_CENTRAL, Status.ADJUDICATION}) | _CARD_DONE | set(_AT_OR_AFTER)


@dataclass(frozen=True)
class Advance:
    applied: int  # transitions written
    note: str = ""  # why the application does not follow the centre (empty when it does)
    retry: bool = False  # somebody changed it meanwhile: look again shortly


def steps_towards(status: str, central_state: str) -> list[str] | None:
    """The statuses to go through, [] if nothing is to be done, None if staff disagree with the centre."""
    on_the_way = list(_PATH[_PATH.index(status) + 1 :]) if status in _PATH else None
    if central_state == CentralState.RECEIVED:
        if on_the_way is not None:
            return on_the_way
        return [] if status in _PAST_RECEIVED else None
    outcome = Status(central_state)
    if status in _AT_OR_AFTER[outcome]:
        return []
    if on_the_way is not None:
        return [*on_the_way, outcome]
    if status == Status.ADJUDICATION:
        return [outcome]
    return None


def agreement(status: str, central_state: str) -> str:
    """For reconciliation, stricter than the worker: "ok", "behind" (the worker will catch up) or
    "differs" (a duplicate that staff resolved to print ready is still a difference to look at)."""
    steps = steps_towards(status, central_state)
    if steps:
        return "behind"
    if steps is None:
        return "differs"
    if central_state in (CentralState.RECEIVED, status) or (
        central_state == Status.PRINT_READY and status in _CARD_DONE
    ):
        return "ok"
    return "differs"


def advance_application(*, application_id: int, central_state: str, reason: str = "") -> Advance:
    current = Application.objects.only("status").get(pk=application_id)
    steps = steps_towards(current.status, central_state)
    if steps is None:
        return Advance(0, note=f"application is {current.status}; the centre says {central_state}")
    written = 0
    for target in steps:
        note = reason if target in (Status.DUPLICATE_RECORD, Status.ENROLLMENT_FAILED) else ""
        try:
            current = application_transition(
                application=current,
                to_status=target,
                source=Source.SYNC,
                expected_status=current.status,
                note=note,
            )
        except Conflict:
            return Advance(written, retry=True)
        except ServiceError as exc:
            return Advance(written, note=f"cannot become {target}: {exc.code}")
        written += 1
    return Advance(written)
