"""Consent to messages, recorded at the counter with the registration, for a share of the citizens.

At the counter the operator asks whether the citizen wants to hear about the application and how
(``applications.signals.application_registered`` -> ``notifications.notification_preference_set``):
the current choice (``NotificationPreference``) and its record (``ConsentEvent``, source counter,
who recorded it, when). About six in ten say yes, most by WhatsApp, some by SMS, a few by email;
a citizen who has no mobile number can only choose email. With these rows the notifier's demo file
(DATA_DIR/notifications-outbox.txt) gets a message whenever staff move such a citizen's application.
"""

from __future__ import annotations

import random

from loket.demo.writer import BulkWriter, Ids
from loket.notifications.models import Channel, ConsentSource, Language

SHARE = 0.6
# Cumulative shares among those with a mobile number: WhatsApp 80%, SMS 15%, email 5% (if they have one).
CHANNEL_WEIGHTS = ((Channel.WHATSAPP.value, 0.80), (Channel.SMS.value, 0.95), (Channel.EMAIL.value, 1.0))
ENGLISH_SHARE = 0.03
COUNTER = ConsentSource.COUNTER.value


class ConsentDesk:
    def __init__(self, *, rng: random.Random, writer: BulkWriter, ids: Ids) -> None:
        self.rng, self.writer, self.ids = rng, writer, ids
        self.recorded = 0

    def record(self, person: int, *, phone: str, email: str, actor: int, at: str | None) -> None:
        """Maybe record the consent of a new citizen registered by ``actor`` at ``at``."""
        rng = self.rng
        if rng.random() >= SHARE:
            return
        channel = self._channel(bool(phone), bool(email))
        if channel is None:
            return
        language = Language.ENGLISH.value if rng.random() < ENGLISH_SHARE else Language.INDONESIAN.value
        rows = self.writer.rows
        rows["preference"].append((self.ids.take("preference"), person, True, channel, language, at))
        rows["consent"].append(
            (self.ids.take("consent"), person, True, channel, language, COUNTER, actor, at)
        )
        self.recorded += 1

    def _channel(self, phone: bool, email: bool) -> str | None:
        if not phone:
            return Channel.EMAIL.value if email else None
        roll = self.rng.random()
        channel = next(name for name, upto in CHANNEL_WEIGHTS if roll < upto)
        if channel == Channel.EMAIL.value and not email:
            return Channel.WHATSAPP.value
        return channel
