"""Wrong class codes racing from many connections at once (PostgreSQL): no more codes are
looked up than the per-user limit allows."""

import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from arguments.classes import services
from arguments.models import Classroom, JoinFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent connections are what this proves; CI runs it on PostgreSQL",
)

ATTEMPTS = 12


@pytest.mark.django_db(transaction=True)
def test_racing_wrong_codes_never_look_up_more_than_the_limit(settings):
    settings.JOIN_FAILURES_PER_USER = 5
    guesser = UserFactory(username="guesser")
    looked_up = []
    real_filter = Classroom.objects.filter

    def slow_filter(*args, **kwargs):
        looked_up.append(kwargs)
        threading.Event().wait(0.2)  # widen the window a race needs
        return real_filter(*args, **kwargs)

    barrier = threading.Barrier(ATTEMPTS)
    messages = []

    def attempt(number):
        try:
            barrier.wait(timeout=20)
            services.join(user=guesser, code=f"WRONG{number:02d}", address="198.51.100.7")
        except ValidationError as error:
            messages.append(error.messages[0])
        finally:
            connections.close_all()

    with mock.patch.object(Classroom.objects, "filter", slow_filter):
        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert len(messages) == ATTEMPTS
    assert len(looked_up) <= 5, len(looked_up)
    assert JoinFailure.objects.filter(user=guesser).count() == len(looked_up)
    assert sum("Too many wrong class codes" in m for m in messages) == ATTEMPTS - len(looked_up)
