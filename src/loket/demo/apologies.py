"""The apologies for lateness that the notifier would have recorded while the history happened.

A live office runs ``loket notifications run``, whose overdue check (every
``LOKET_NOTIFY_OVERDUE_MINUTES``, 15) apologises once for each application past its due date and
promises a new one: the office's standard again, counted from that moment
(``notifications.services.overdue_notice_create``); when the new date passes too, it apologises
again. The history is written in bulk, so nothing checked while it happened: without these rows the
notifier's first start would apologise for every application that ran late months ago (hundreds of
messages about made-up history). Here each application gets the ``OverdueNotice`` rows the checks
would have written, at the check moments (multiples of the period): the first start then apologises
only for what fell due since the last check, as a live office's would. No messages are written for
the past ones: they were sent (and pruned) long ago.

The rule, per check at moment t: the application is open and not completed at t, was not waiting for
the citizen's documents (``NO_APOLOGY_STATUSES``), and its last promised date is before t.
"""

from __future__ import annotations

from loket.demo.paths import INCOMPLETE, Draft, DueDates
from loket.demo.writer import BulkWriter, Ids


class Apologies:
    def __init__(
        self, *, dues: DueDates, horizon: int, every_seconds: int, writer: BulkWriter, ids: Ids
    ) -> None:
        self.dues, self.horizon, self.every = dues, horizon, every_seconds
        self.writer, self.ids = writer, ids
        self.recorded = 0

    def record(self, app: Draft) -> None:
        """Write the notices of one application whose history is final."""
        due = app.due
        if due >= self.horizon or (app.completed is not None and app.completed <= due):
            return  # on time, or not yet due: the common case, decided without a loop
        end = min(m for m in (app.completed, app.closed, self.horizon) if m is not None)
        rows, when, sequence, promised = self.writer.rows["notice"], self.writer.when, 0, due
        while True:
            check = (promised // self.every + 1) * self.every  # the first check after the promise
            if check >= end:
                return
            if _status_at(app, check) == INCOMPLETE:
                return  # never verified: the clock waits for the citizen, no apology is due
            new = self.dues.due(app.service, check)
            sequence += 1
            rows.append((self.ids.take("notice"), app.id, sequence, when(promised), when(new), when(check)))
            self.recorded += 1
            promised = new


def _status_at(app: Draft, moment: int) -> str:
    status = ""
    for event in app.events:
        if event[0] > moment:
            break
        status = event[4]
    return status
