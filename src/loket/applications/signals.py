"""Hooks for rooms above this one (sync, notifications) to react to a status change.

Sent *inside* the transaction of the change, so a receiver that writes (an outbox row, a message)
commits or rolls back together with the status. Receivers must not do slow work or network calls.
"""

from django.dispatch import Signal

# sender=Application class; kwargs: application, event, previous_status
status_changed = Signal()

# Sent inside the registration's transaction. kwargs: application, actor, contact (a ContactChoice or
# None). The notifications room records the citizen's consent from it; a receiver that refuses
# (ServiceError) rolls the whole registration back.
application_registered = Signal()
