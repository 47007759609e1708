"""Gap-free counters: consecutive numbers, a rolled-back number given back, and no number outside a
transaction. (Several processes at once: tests/concurrency/.)"""

from __future__ import annotations

import pytest
from django.db import transaction

from loket.core.models import Counter
from loket.core.sequences import next_value


@pytest.mark.django_db
def test_numbers_follow_each_other_per_key():
    with transaction.atomic():
        assert [next_value("suket:zona-8:2026") for _ in range(3)] == [1, 2, 3]
        assert next_value("suket:zona-1:2026") == 1
        assert next_value("suket:zona-8:2026") == 4
    assert dict(Counter.objects.values_list("key", "value")) == {
        "suket:zona-8:2026": 4,
        "suket:zona-1:2026": 1,
    }


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back():
    with transaction.atomic():
        next_value("queue:A")

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        assert next_value("queue:A") == 2
        raise Refused
    with transaction.atomic():
        assert next_value("queue:A") == 2


@pytest.mark.django_db
def test_the_first_number_of_a_rolled_back_new_key_is_given_back_too():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        next_value("new-key")
        _ = 1 / 0
    assert not Counter.objects.filter(key="new-key").exists()
    with transaction.atomic():
        assert next_value("new-key") == 1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        next_value("loose")
    assert not Counter.objects.filter(key="loose").exists()
