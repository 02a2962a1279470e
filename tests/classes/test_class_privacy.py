"""What of a class its members see that nobody else does, beyond the access matrix
(tests/security/test_access_matrix.py, which walks every URL for every role, a student of
another class among them): site staff read class debates, and a quote only a class debate
makes counts in the library for the class alone."""

import pytest
from django.urls import reverse

from arguments.models import Citation
from arguments.services.counts import refresh_counts
from corpus.models import Excerpt
from tests import classworld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return classworld.build()


def test_staff_read_class_debates(client, world):
    client.force_login(UserFactory(username="admin", is_staff=True))
    assert client.get(world.debate.get_absolute_url()).status_code == 200
    assert client.get(world.room.get_absolute_url()).status_code == 200


def test_class_quotes_count_in_the_library_for_members_only(client, world):
    quiet = Excerpt.locate(world.source, "Quiet words.")
    quiet.save()
    Citation.objects.create(claim=world.approved, excerpt=quiet)
    url = reverse("corpus:sources")

    def count(user):
        client.logout()
        if user:
            client.force_login(user)
        sources = client.get(url).context["sources"]
        return next(s.excerpt_count for s in sources if s.pk == world.source.pk)

    assert count(None) == count(world.stranger) == count(world.other_student) == 1
    assert count(world.student) == count(world.teacher) == 2
    refresh_counts(world.public.pk)
    world.public.refresh_from_db()
    assert world.public.claim_count == 3  # the class copy's claims are not the original's
