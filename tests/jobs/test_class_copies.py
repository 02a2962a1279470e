"""Class copies of big debates run as background jobs, like big imports."""

import pytest
from django.urls import reverse

from arguments.jobs.models import Job
from arguments.models import ClassMember, Debate
from arguments.services.counts import refresh_counts
from tests import classworld
from tests.jobs.test_jobs import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    built = classworld.build()
    refresh_counts(built.public.pk)  # its claims come from factories
    settings.BACKGROUND_CLAIMS = 2  # the public debate holds three: a big one here
    return built


def copy(client, world, **fields):
    client.force_login(world.teacher)
    url = reverse("arguments:new_class_debate", args=[world.room.pk])
    return client.post(url, {"source": world.public.pk, "title": "Big copy", **fields})


def test_a_big_debates_class_copy_is_made_by_a_job(client, world):
    response = copy(client, world)

    job = Job.objects.get()
    made = Debate.objects.get(title="Big copy")
    assert (job.kind, job.state, job.debate) == ("copy", "done", made)
    assert made.classroom == world.room and made.visibility == "class"
    assert made.claims.count() == 3
    assert response["Location"] == made.get_absolute_url()
    assert "Class debate “Big copy” is ready." in client.get(response["Location"]).text


def test_a_small_debate_is_still_copied_in_the_request(client, world, settings):
    settings.BACKGROUND_CLAIMS = 100

    copy(client, world)

    assert not Job.objects.exists() and Debate.objects.filter(title="Big copy").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_copies_and_refuses_a_teacher_who_left_meanwhile(client, world, settings):
    settings.TASKS = DATABASE_TASKS
    copy(client, world)
    first = Job.objects.get()
    assert first.state == "queued"
    assert "Waiting for the worker" in client.get(first.get_absolute_url()).text

    run_worker()

    first.refresh_from_db()
    assert first.state == "done" and first.debate.title == "Big copy"
    assert first.debate.claims.count() == 3
    # A second copy waits; its teacher leaves the class before the worker takes it.
    copy(client, world, title="Second copy")
    second = Job.objects.latest("id")
    ClassMember.objects.filter(classroom=world.room, user=world.teacher).delete()

    run_worker()

    second.refresh_from_db()
    assert second.state == "failed"
    assert second.message == "You no longer teach this class; nothing was copied."
    assert not Debate.objects.filter(title="Second copy").exists()


def split(client, world, **fields):
    client.force_login(world.teacher)
    url = reverse("arguments:assignment_groups", args=[world.assignment.pk])
    return client.post(url, {"action": "split", "count": "2", **fields})


def test_splitting_a_big_debates_assignment_into_groups_is_a_job(client, world, settings):
    """Each group's copy of a big debate was written while the teacher's request waited."""
    refresh_counts(world.assignment.debate.pk)
    settings.BACKGROUND_CLAIMS = world.assignment.debate.claim_count - 1
    response = split(client, world, members="by_hand")

    job = Job.objects.get()
    assert (job.kind, job.state) == ("split", "done")
    assert world.assignment.groups.count() == 2
    assert response["Location"] == world.assignment.get_absolute_url()
    page = client.get(response["Location"]).text
    assert "Split into 2 groups, each with its own copy. Place each student" in page


@pytest.mark.django_db(transaction=True)
def test_a_split_the_worker_refuses_writes_nothing_and_says_why(client, world, settings):
    refresh_counts(world.assignment.debate.pk)
    settings.BACKGROUND_CLAIMS = world.assignment.debate.claim_count - 1
    settings.TASKS = DATABASE_TASKS
    split(client, world, count="40")  # more groups than students

    run_worker()

    job = Job.objects.get()
    assert job.state == "failed"
    assert "Choose between 2 groups and one group per student." in job.message
    assert not world.assignment.groups.exists()
    page = client.get(job.get_absolute_url()).text
    assert "Back to the assignment" in page
