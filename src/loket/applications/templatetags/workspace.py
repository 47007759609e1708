"""Presentation helpers for the staff workspace: status badges, due dates, action labels."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from loket.applications.due_dates import DueInfo
from loket.applications.lifecycle import Status, Transition

register = template.Library()

# What the button says, as a verb the officer understands; the status label alone reads like a state.
ACTION_LABELS = {
    Status.DOCUMENTS_VERIFIED: _("Documents complete: verify"),
    Status.DOCUMENTS_INCOMPLETE: _("Documents incomplete"),
    Status.BIOMETRICS_CAPTURED: _("Biometrics recorded"),
    Status.SENT_FOR_ENROLLMENT: _("Sent for enrollment"),
    Status.RECEIVED_AT_CENTRAL: _("Received at central"),
    Status.PRINT_READY: _("Print ready (PRR)"),
    Status.DUPLICATE_RECORD: _("Duplicate record"),
    Status.ENROLLMENT_FAILED: _("Enrollment failed"),
    Status.ADJUDICATION: _("Adjudication"),
    Status.READY_FOR_PICKUP: _("Ready for pickup"),
    Status.ISSUED: _("IKD activated"),
    Status.CANCELLED: _("Cancel application"),
}


@register.simple_tag
def status_badge(status: str) -> SafeString:
    label = Status(status).label if status in Status.values else status
    return format_html('<span class="badge badge-{}">{}</span>', status, label)


@register.filter
def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


@register.filter
def action_label(transition: Transition) -> str:
    return str(ACTION_LABELS.get(transition.target, Status(transition.target).label))


@register.filter
def time_left(info: DueInfo | None) -> str:
    """Words for the time left: 3 working days left, due today, 2 working days overdue, completed on time."""
    if info is None:
        return str(_("no due date"))
    if info.completed_on_time is not None:
        return str(_("completed on time") if info.completed_on_time else _("completed late"))
    days = info.working_days_left
    if info.overdue:
        late = max(-days, 0)
        if late == 0:
            return str(_("overdue today"))
        return ngettext("%(n)d working day overdue", "%(n)d working days overdue", late) % {"n": late}
    if days <= 0:
        return str(_("due today"))
    return ngettext("%(n)d working day left", "%(n)d working days left", days) % {"n": days}


@register.filter
def due_class(info: DueInfo | None) -> str:
    """A CSS class so the eye finds late and nearly-late work first."""
    if info is None or info.completed_on_time is not None:
        return "due-done"
    if info.overdue:
        return "due-overdue"
    return "due-soon" if info.working_days_left <= 1 else "due-ok"
