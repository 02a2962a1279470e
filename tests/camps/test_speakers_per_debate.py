"""Speakers belong to one debate: the contribution form lists that debate's approved ones
(and the writer's own pending ones); a writer names a new speaker with a claim, pending
until the claim is approved; imports and class copies keep speakers to their debate."""

import pytest
from django.urls import reverse

from arguments.classes import services as classes
from arguments.interchange.graph import SUPPORT, Edge, Graph, Node
from arguments.models import Claim, Proposal, Role, Stance, Status
from arguments.permissions import Access
from arguments.services import moderate
from arguments.services.importing import import_graph
from corpus.models import Actor, Camp
from tests.factories import (
    ActorFactory,
    CampFactory,
    ClaimFactory,
    UserFactory,
    debate_with_thesis,
    member,
    pro,
    signed_in_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate():
    return debate_with_thesis(slug="uniforms", title="Should school uniforms be compulsory?")


@pytest.fixture
def camp(debate):
    return CampFactory(debate=debate, name="Parents")


def propose_url(debate):
    return reverse("arguments:propose", args=[debate.slug, debate.thesis_id])


def options(response):
    return {speaker.name for speaker in response.context["form"].fields["speaker"].queryset}


def propose_with_new_speaker(client, debate, camp, name="Parents' association", **extra):
    return client.post(
        propose_url(debate),
        {
            "stance": Stance.SUPPORT,
            "text": "Uniforms spare parents the cost of fashion.",
            "new_speaker_name": name,
            "new_speaker_kind": "organisation",
            "new_speaker_camp": camp.pk if camp else "",
            **extra,
        },
    )


def test_the_form_lists_only_this_debates_approved_speakers(debate, camp):
    ActorFactory(debate=debate, camp=camp, name="Head teacher")
    ActorFactory(debate=debate, camp=camp, name="Someone else's pending", status="pending")
    elsewhere = ActorFactory(name="A speaker of another debate")
    client = signed_in_client(UserFactory())
    assert options(client.get(propose_url(debate))) == {"Head teacher"}
    refused = client.post(
        propose_url(debate),
        {"stance": Stance.SUPPORT, "text": "Uniforms level the field.", "speaker": elsewhere.pk},
    )
    assert refused.status_code == 200
    assert "Select a valid choice." in refused.content.decode()
    assert not Claim.objects.filter(text="Uniforms level the field.").exists()


def test_a_writer_names_a_new_speaker_who_waits_with_the_claim(debate, camp):
    writer, other = UserFactory(username="writer"), UserFactory(username="other")
    moderator = member(debate, Role.MODERATOR, username="moderator")
    response = propose_with_new_speaker(signed_in_client(writer), debate, camp)
    assert response.status_code == 302
    speaker = Actor.objects.get(name="Parents' association")
    claim = Claim.objects.get(speaker=speaker)
    assert (speaker.debate, speaker.camp, speaker.status, speaker.proposed_by) == (
        debate,
        camp,
        Actor.Status.PENDING,
        writer,
    )
    assert claim.status == Status.PENDING
    # Listed to its proposer (for a second claim), to nobody else.
    assert "Parents' association" in options(signed_in_client(writer).get(propose_url(debate)))
    assert "Parents' association" not in options(signed_in_client(other).get(propose_url(debate)))
    owner_page = signed_in_client(moderator).get(reverse("arguments:camps", args=[debate.slug]))
    assert "Parents" not in {s.name for s in owner_page.context["speakers"]}
    # The moderator sees it in the queue, with what approving it does.
    queue = signed_in_client(moderator).get(reverse("arguments:moderation")).content.decode()
    assert "Parents&#x27; association" in queue
    assert "approving the claim adds this speaker to the debate" in queue
    proposal = Proposal.objects.get(claim=claim, kind=Proposal.Kind.CLAIM)
    moderate.approve(access=Access(moderator, debate, Role.MODERATOR), proposal=proposal)
    speaker.refresh_from_db()
    assert speaker.status == Actor.Status.APPROVED
    assert "Parents' association" in options(signed_in_client(other).get(propose_url(debate)))


def test_a_rejected_claim_takes_its_new_speaker_with_it(debate, camp):
    writer = UserFactory(username="writer")
    moderator = member(debate, Role.MODERATOR, username="moderator")
    propose_with_new_speaker(signed_in_client(writer), debate, camp)
    claim = Claim.objects.get(speaker__name="Parents' association")
    moderate.reject(
        access=Access(moderator, debate, Role.MODERATOR),
        proposal=Proposal.objects.get(claim=claim, kind=Proposal.Kind.CLAIM),
        reason="Not a source.",
    )
    assert Actor.objects.get(name="Parents' association").status == Actor.Status.REJECTED
    assert "Parents' association" not in options(signed_in_client(writer).get(propose_url(debate)))


@pytest.mark.parametrize(
    ("extra", "camp_given", "message"),
    [
        ({"new_speaker_kind": ""}, True, "Say what kind of speaker this is."),
        ({}, False, "Choose the camp this speaker belongs to."),
    ],
)
def test_a_new_speaker_without_kind_or_camp_is_refused_keeping_the_claim(
    debate, camp, extra, camp_given, message
):
    response = propose_with_new_speaker(
        signed_in_client(UserFactory()), debate, camp if camp_given else None, **extra
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Uniforms spare parents the cost of fashion." in html
    assert 'value="Parents&#x27; association"' in html
    assert not Actor.objects.exists() and not Claim.objects.filter(author__isnull=False).exists()


def test_a_moderators_new_speaker_is_listed_at_once(debate, camp):
    moderator = member(debate, Role.MODERATOR, username="moderator")
    propose_with_new_speaker(signed_in_client(moderator), debate, camp)
    assert Actor.objects.get(name="Parents' association").status == Actor.Status.APPROVED


def test_a_debate_without_camps_offers_no_new_speaker(debate):
    html = signed_in_client(UserFactory()).get(propose_url(debate)).content.decode()
    assert "A speaker not listed" not in html


def imported_graph():
    return Graph(
        title="Uniforms",
        nodes={
            "t": Node(id="t", text="Uniforms should be compulsory."),
            "a": Node(id="a", text="They cost less.", speaker="Made-up Speaker"),
            "b": Node(id="b", text="They are fair.", speaker="Head teacher"),
        },
        edges=[
            Edge(id="e1", premises=["a"], stance=SUPPORT, target="t"),
            Edge(id="e2", premises=["b"], stance=SUPPORT, target="t"),
        ],
        roots=["t"],
    )


def test_an_import_makes_speakers_in_its_own_debate_only(debate, camp):
    head = ActorFactory(debate=debate, camp=camp, name="Head teacher")
    summary = import_graph(graph=imported_graph(), owner=UserFactory())
    imported = summary.debate
    made = Actor.objects.filter(debate=imported).select_related("camp")
    assert {(a.name, a.camp.name) for a in made} == {
        ("Made-up Speaker", "From the imported file"),
        ("Head teacher", "From the imported file"),  # the other debate's is not reused
    }
    assert list(Actor.objects.filter(debate=debate)) == [head]
    for claim in Claim.objects.filter(debate=imported, speaker__isnull=False):
        assert claim.speaker.debate_id == imported.pk
    # Into an existing debate: its own speakers are matched by name.
    import_graph(graph=imported_graph(), into=debate, owner=UserFactory())
    assert Claim.objects.get(debate=debate, text="They are fair.").speaker == head
    assert set(Actor.objects.filter(debate=debate).values_list("name", flat=True)) == {
        "Head teacher",
        "Made-up Speaker",
    }


def test_a_class_copy_copies_the_camps_and_speakers(debate, camp):
    from tests import classworld

    world = classworld.build()
    teachers = CampFactory(debate=debate, name="Teachers", style="blue")
    head = ActorFactory(debate=debate, camp=teachers, name="Head teacher")
    ActorFactory(debate=debate, camp=camp, name="Pending parent", status="pending")
    said = ClaimFactory(debate=debate, text="They are fair.", speaker=head)
    pro(said, debate.thesis)
    copy = classes.copy_debate(classroom=world.room, teacher=world.teacher, source=debate)
    assert [(c.key, c.name, c.style) for c in Camp.objects.filter(debate=copy)] == [
        (c.key, c.name, c.style) for c in Camp.objects.filter(debate=debate)
    ]
    assert set(Actor.objects.filter(debate=copy).values_list("name", "camp__name")) == {
        ("Head teacher", "Teachers")
    }
    copied = Claim.objects.get(debate=copy, text="They are fair.")
    assert (copied.speaker.debate, copied.speaker.name) == (copy, "Head teacher")


def test_the_moderation_item_shows_the_new_speaker(debate, camp):
    moderator = member(debate, Role.MODERATOR, username="moderator")
    propose_with_new_speaker(signed_in_client(UserFactory()), debate, camp)
    proposal = Proposal.objects.get(claim__speaker__name="Parents' association")
    page = signed_in_client(moderator).get(reverse("arguments:moderation_item", args=[proposal.pk]))
    html = page.content.decode()
    assert "Speaker: Parents&#x27; association" in html
    assert "approving the claim adds this speaker to the debate" in html
