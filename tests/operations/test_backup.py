"""Backup and restore of the whole site: restored into an empty database, everything is found."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from arguments.models import (
    Argument,
    ClassMember,
    Debate,
    Feedback,
    Proposal,
    Stance,
    Status,
    Vote,
)
from arguments.permissions import Access
from arguments.services import moderate, propose
from arguments.services.counts import drift
from arguments.services.vote import cast_vote
from tests import classworld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def row_counts():
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in SKIPPED
    }


def empty_the_database():
    """`flush`, inside the test's transaction: on PostgreSQL the foreign keys' deferred
    checks must run first, or TRUNCATE refuses the tables with pending trigger events."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def build_site(seed):
    """The seed debate with a pending and a rejected proposal, a class world (class debate,
    students, a pending student claim, feedback) and votes in both debates."""
    world = classworld.build()
    author = UserFactory(username="writer")
    moderator = UserFactory(username="seed-moderator", is_staff=True)
    access = Access(author, seed)
    thesis = seed.thesis
    pending = propose.propose_claim(
        access=access,
        target=thesis,
        stance=Stance.SUPPORT,
        text="Backed-up pending claim about consular visits to Xinjiang.",
    )
    rejected = propose.propose_claim(
        access=access, target=thesis, stance=Stance.ATTACK, text="Backed-up rejected claim."
    )
    moderate.reject(
        access=Access(moderator, seed), proposal=rejected, reason="Not one proposition."
    )
    seed_argument = Argument.objects.filter(debate=seed, status=Status.APPROVED).first()
    cast_vote(access=Access(author, seed), argument=seed_argument, value=3)
    cast_vote(access=Access(moderator, seed), argument=seed_argument, value=0)
    student = world.student
    class_argument = Argument.objects.filter(debate=world.debate, status=Status.APPROVED).first()
    cast_vote(access=Access.load(student, world.debate), argument=class_argument, value=4)
    return {
        **vars(world),
        "pending_seed": pending,
        "rejected_seed": rejected,
        "seed_argument": seed_argument,
        "class_argument": class_argument,
    }


def test_a_backup_restored_into_an_empty_database_holds_everything(seed, tmp_path):
    site = build_site(seed)
    before = row_counts()
    backup = tmp_path / "site.json.gz"
    call_command("backup_site", str(backup), stdout=io.StringIO())

    empty_the_database()
    assert get_user_model().objects.count() == 0
    assert Debate.objects.count() == 0
    out = io.StringIO()
    call_command("restore_site", str(backup), stdout=out, stderr=io.StringIO())

    assert "Restored" in out.getvalue()
    assert row_counts() == before
    # Spot checks: proposals keep their state and author, classes their members and notes.
    pending = Proposal.objects.get(pk=site["pending_seed"].pk)
    assert pending.status == Proposal.State.PENDING
    assert pending.author.username == "writer"
    assert pending.claim.status == Status.PENDING
    rejected = Proposal.objects.get(pk=site["rejected_seed"].pk)
    assert rejected.status == Proposal.State.REJECTED
    assert rejected.decision_reason == "Not one proposition."
    assert ClassMember.objects.filter(
        classroom=site["room"], user__username="student", role="student"
    ).exists()
    assert Feedback.objects.get(pk=site["feedback"].pk).text == "Secret feedback note."
    assert Vote.objects.get(argument=site["class_argument"], user__username="student").value == 4
    seed_argument = Argument.objects.get(pk=site["seed_argument"].pk)
    assert (seed_argument.vote_count, seed_argument.impact) == (2, 1.5)
    # Passwords come back: the student signs in as before.
    client = Client()
    assert client.login(username="student", password="a-good-password-123")
    # Counters agree with a recount, search finds a claim, the focus view renders.
    restored = Debate.objects.get(slug="us-china-human-rights")
    assert drift(Debate.objects.values_list("pk", flat=True)) == []
    assert restored.claim_count == 107
    reader = Client()
    thesis = restored.thesis
    page = reader.get(f"/d/{restored.slug}/c/{thesis.pk}/")
    assert page.status_code == 200
    assert thesis.text in page.content.decode()
    universal = restored.claims.get(text__startswith="Human rights are universal")
    found = reader.get("/search/", {"q": "universal indivisible"})
    assert found.status_code == 200
    assert f"/c/{universal.pk}/" in found.content.decode()
    # A moderator still sees the pending claim in the search, nobody else does.
    staff = Client()
    staff.force_login(get_user_model().objects.get(username="seed-moderator"))
    assert "consular visits" in staff.get("/search/", {"q": "consular visits"}).content.decode()
    assert "consular visits" not in reader.get("/search/", {"q": "consular"}).content.decode()


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(seed, tmp_path):
    backup = tmp_path / "site.json"
    call_command("backup_site", str(backup), stdout=io.StringIO())
    before = row_counts()

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_site", str(backup), stdout=io.StringIO())

    assert row_counts() == before
