"""Survey responses for the demo office, so the analysis and the reports have something to show.

For ``loket demo`` (another module calls it): ``demo_responses(office=..., start=..., end=...)``.
The answers lean the way the study found the office: waiting and behaviour weak, cost strong.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction

from loket.offices.models import Office, ServiceType
from loket.surveys.definitions import AgeGroup, Education, Occupation, Sex
from loket.surveys.models import Answer, Channel, Questionnaire, Response
from loket.surveys.services.responses import current_version

# Weights of answers 1-4 per question key; the rest use USUAL.
LEANINGS = {
    "waktu": (25, 40, 27, 8),
    "perilaku": (18, 35, 37, 10),
    "sarana": (12, 33, 42, 13),
    "biaya": (0, 2, 35, 63),
    "kualitas-pelayanan": (27, 33, 30, 10),  # the study: 33% kurang baik, 27% tidak baik
    "kuantitas-hasil": (24, 43, 25, 8),  # 43% kurang baik, 24% tidak baik
    "biaya-gratis": (12, 25, 38, 25),  # 25% sangat baik, 38% baik
    "komitmen-disdukcapil": (10, 30, 45, 15),
}
USUAL = (6, 22, 50, 22)
CHANNELS = ((Channel.INVITATION, 5), (Channel.POSTER, 2), (Channel.KIOSK, 1), (Channel.PAPER, 2))


@transaction.atomic
def demo_responses(
    *,
    office: Office,
    start: dt.date,
    end: dt.date,
    per_day: float = 2.5,
    questionnaire_key: str = "skm",
    seed: int = 6,
) -> int:
    """About ``per_day`` responses on each weekday from ``start`` to ``end``; none when the office
    already has responses in that range (so running the demo twice adds nothing). Returns how many."""
    questionnaire = Questionnaire.objects.get(key=questionnaire_key)
    if Response.objects.filter(
        office=office, version__questionnaire=questionnaire, submitted_on__range=(start, end)
    ).exists():
        return 0
    version = current_version(questionnaire)
    questions = list(version.questions.all())
    rng = random.Random(seed)
    days = [start + dt.timedelta(n) for n in range((end - start).days + 1)]
    responses = [
        Response(
            office=office,
            version=version,
            submitted_on=day,
            channel=rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
            age_group=rng.choice(AgeGroup.values),
            sex=rng.choice(Sex.values),
            education=rng.choices(Education.values, (15, 20, 40, 8, 15, 2))[0],
            occupation=rng.choice(Occupation.values),
            service_type=rng.choices(ServiceType.values, (45, 10, 15, 15, 5, 10))[0],
        )
        for day in days
        if day.weekday() < 5
        for _ in range(_poisson(rng, per_day))
    ]
    created = Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        (
            Answer(
                response=response, question=q, value=rng.choices((1, 2, 3, 4), LEANINGS.get(q.key, USUAL))[0]
            )
            for response in created
            for q in questions
        ),
        batch_size=2000,
    )
    return len(created)


def _poisson(rng: random.Random, mean: float) -> int:
    """A small Poisson draw (Knuth), so quiet and busy days both happen."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
