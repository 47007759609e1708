"""Subscribers to the lifecycle's ``status_changed`` signal, sent inside the transaction of the
change: the outbox packet commits or rolls back together with the capture."""

from __future__ import annotations

from typing import Any

from loket.applications.lifecycle import Status
from loket.applications.models import Application, ApplicationEvent
from loket.sync.services import packet_write, packets_withdraw


def on_status_changed(
    sender: type[Application], *, application: Application, event: ApplicationEvent, **kwargs: Any
) -> None:
    if event.to_status == Status.BIOMETRICS_CAPTURED:
        packet_write(application=application)
    elif event.to_status == Status.CANCELLED:
        packets_withdraw(application=application)
