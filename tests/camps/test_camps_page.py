"""/d/<slug>/camps/: the owner and moderators add, rename, reorder, restyle and delete camps
and add and edit speakers; what they type is kept when a change is refused."""

import pytest
from django.urls import reverse

from arguments.models import Role
from arguments.views import paging
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
from tests.hostile import fits, injections, normalised, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate():
    return debate_with_thesis(slug="uniforms", title="Should school uniforms be compulsory?")


@pytest.fixture
def owner(debate):
    debate.owner = UserFactory(username="owner")
    debate.save(update_fields=["owner"])
    return debate.owner


def camps_url(debate):
    return reverse("arguments:camps", args=[debate.slug])


def post(client, debate, **data):
    return client.post(camps_url(debate), {key.replace("_", "-"): v for key, v in data.items()})


def add_camp(client, debate, name, style="green"):
    return client.post(
        camps_url(debate),
        {"action": "add_camp", "new-camp-name": name, "new-camp-style": style},
    )


def test_a_new_debate_has_no_camps_and_who_answers_whom_sends_its_owner_to_the_camps_page(
    client, debate, owner
):
    overview = reverse("arguments:overview", args=[debate.slug])
    anonymous = client.get(overview).text
    assert "This debate has no camps yet" in anonymous
    assert camps_url(debate) not in anonymous  # a reader is not pointed to a page they may not open
    mine = signed_in_client(owner).get(overview).text
    assert f'href="{camps_url(debate)}"' in mine


def test_the_owner_adds_camps_in_order_and_they_are_the_answer_tables_rows(debate, owner):
    client = signed_in_client(owner)
    assert add_camp(client, debate, "  For   uniforms ", "blue").status_code == 302
    assert add_camp(client, debate, "Against uniforms", "red").status_code == 302
    camps = list(Camp.objects.filter(debate=debate))
    assert [(c.name, c.key, c.style, c.order) for c in camps] == [
        ("For uniforms", "for-uniforms", "blue", 0),
        ("Against uniforms", "against-uniforms", "red", 1),
    ]
    for_them, against = camps
    parent = ClaimFactory(debate=debate, speaker=ActorFactory(debate=debate, camp=for_them))
    child = ClaimFactory(debate=debate, speaker=ActorFactory(debate=debate, camp=against))
    pro(parent, debate.thesis)
    pro(child, parent)
    response = client.get(reverse("arguments:answers", args=[debate.slug]))
    rows = response.context["camp_rows"]
    assert [row.label for row in rows] == ["For uniforms", "Against uniforms"]
    assert rows[1].cells[0].supports == 1  # against answers for
    assert 'class="camp camp--red">Against uniforms<' in response.text


def test_a_renamed_camp_keeps_its_key_and_links(debate, owner):
    client = signed_in_client(owner)
    camp = CampFactory(debate=debate, key="pro", name="Pro", style="green")
    response = post(
        client,
        debate,
        action="edit_camp",
        camp=camp.pk,
        **{f"camp_{camp.pk}_name": "In favour", f"camp_{camp.pk}_style": "teal"},
    )
    assert response.status_code == 302
    camp.refresh_from_db()
    assert (camp.key, camp.name, camp.style) == ("pro", "In favour", "teal")


def test_camps_move_up_and_down(debate, owner):
    client = signed_in_client(owner)
    first, second, third = (CampFactory(debate=debate, order=n) for n in range(3))
    post(client, debate, action="up", camp=third.pk)
    assert list(Camp.objects.filter(debate=debate)) == [first, third, second]
    post(client, debate, action="down", camp=first.pk)
    assert list(Camp.objects.filter(debate=debate)) == [third, first, second]
    post(client, debate, action="up", camp=third.pk)  # already first: nothing moves
    assert list(Camp.objects.filter(debate=debate)) == [third, first, second]


def test_a_camp_with_speakers_is_not_deleted_until_they_move(debate, owner):
    client = signed_in_client(owner)
    used, empty = CampFactory(debate=debate, name="Parents"), CampFactory(debate=debate)
    ActorFactory(debate=debate, camp=used)
    response = post(client, debate, action="delete_camp", camp=used.pk)
    assert response.status_code == 200
    assert "“Parents” still has 1 speaker: move it to another camp before deleting it." in (
        response.content.decode()
    )
    assert Camp.objects.filter(pk=used.pk).exists()
    assert post(client, debate, action="delete_camp", camp=empty.pk).status_code == 302
    assert not Camp.objects.filter(pk=empty.pk).exists()


@pytest.mark.parametrize(
    ("name", "style", "message"),
    [
        ("", "green", "This field is required."),
        ("parents", "green", "This debate already has a camp called “parents”."),
        ("Teachers", "neon", "Select a valid choice. neon is not one of the available choices."),
        ("x" * 61, "green", "Ensure this value has at most 60 characters (it has 61)."),
    ],
)
def test_a_refused_camp_says_why_and_keeps_what_was_typed(debate, owner, name, style, message):
    CampFactory(debate=debate, name="Parents")
    response = add_camp(signed_in_client(owner), debate, name, style)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    if name:
        assert f'value="{name}"' in html
    assert Camp.objects.filter(debate=debate).count() == 1


def test_the_owner_adds_and_edits_a_speaker(debate, owner):
    client = signed_in_client(owner)
    parents, teachers = CampFactory(debate=debate), CampFactory(debate=debate)
    response = client.post(
        camps_url(debate),
        {
            "action": "add_speaker",
            "new-speaker-name": "Parents' association",
            "new-speaker-kind": "organisation",
            "new-speaker-camp": parents.pk,
            "new-speaker-url": "https://parents.example",
            "new-speaker-description": "The parents of the school's pupils.",
        },
    )
    assert response.status_code == 302
    speaker = Actor.objects.get(debate=debate)
    assert (speaker.name, speaker.camp, speaker.status) == (
        "Parents' association",
        parents,
        Actor.Status.APPROVED,
    )
    form = client.get(camps_url(debate), {"speaker": speaker.pk})
    assert 'value="Parents&#x27; association"' in form.content.decode()
    response = client.post(
        camps_url(debate),
        {
            "action": "edit_speaker",
            "speaker": speaker.pk,
            "speaker-name": "Parents' council",
            "speaker-kind": "coalition",
            "speaker-camp": teachers.pk,
            "speaker-url": "",
            "speaker-description": "",
        },
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.name, speaker.kind, speaker.camp) == ("Parents' council", "coalition", teachers)


def test_a_speaker_cannot_join_another_debates_camp(debate, owner):
    CampFactory(debate=debate)
    elsewhere = CampFactory()  # a camp of another debate
    response = signed_in_client(owner).post(
        camps_url(debate),
        {
            "action": "add_speaker",
            "new-speaker-name": "Somebody",
            "new-speaker-kind": "person",
            "new-speaker-camp": elsewhere.pk,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert 'value="Somebody"' in response.content.decode()
    assert not Actor.objects.exists()


def test_moderators_edit_camps_and_writers_may_not(debate, owner):
    moderator = member(debate, Role.MODERATOR, username="moderator")
    writer = member(debate, Role.WRITER, username="writer")
    assert add_camp(signed_in_client(moderator), debate, "Pupils").status_code == 302
    assert add_camp(signed_in_client(writer), debate, "Writers").status_code == 403
    assert list(Camp.objects.values_list("name", flat=True)) == ["Pupils"]


def test_the_speakers_list_is_paginated_and_never_lists_pending_speakers(debate, owner):
    camp = CampFactory(debate=debate)
    for n in range(paging.SPEAKERS + 1):
        ActorFactory(debate=debate, camp=camp, name=f"Speaker {n:03}")
    ActorFactory(debate=debate, camp=camp, name="Not yet approved", status=Actor.Status.PENDING)
    client = signed_in_client(owner)
    first = client.get(camps_url(debate))
    assert len(first.context["speakers"].object_list) == paging.SPEAKERS
    last = client.get(camps_url(debate), {"page": "2"})
    assert [s.name for s in last.context["speakers"]] == [f"Speaker {paging.SPEAKERS:03}"]
    assert "Not yet approved" not in first.content.decode() + last.content.decode()


def test_too_many_changes_are_refused_with_what_was_typed_kept(debate, owner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "camps": (1, 600)}
    client = signed_in_client(owner)
    assert add_camp(client, debate, "Pupils").status_code == 302
    refused = add_camp(client, debate, "Teachers")
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert 'value="Teachers"' in refused.content.decode()
    assert list(Camp.objects.values_list("name", flat=True)) == ["Pupils"]


@pytest.mark.parametrize("payload", fits(60))
def test_hostile_camp_and_speaker_names_are_shown_as_text(client, debate, owner, payload):
    owner_client = signed_in_client(owner)
    assert add_camp(owner_client, debate, payload).status_code == 302
    camp = Camp.objects.get(debate=debate)
    speaker = ActorFactory(debate=debate, camp=camp, name=normalised(payload))
    claim = ClaimFactory(debate=debate, speaker=speaker, text="Uniforms save money.")
    pro(claim, debate.thesis)
    pages = [
        owner_client.get(camps_url(debate)),
        client.get(reverse("arguments:answers", args=[debate.slug])),
        client.get(reverse("arguments:claim", args=[debate.slug, claim.pk])),
    ]
    for page in pages:
        html = page.content.decode()
        assert injections(html) == [], page.request["PATH_INFO"]
        assert shown(html, normalised(payload)), page.request["PATH_INFO"]


def test_a_debate_is_deleted_with_its_camps_and_speakers(debate):
    camp = CampFactory(debate=debate)
    speaker = ActorFactory(debate=debate, camp=camp)
    pro(ClaimFactory(debate=debate, speaker=speaker), debate.thesis)
    other = ActorFactory()  # another debate's speaker stays
    debate.delete()
    assert list(Actor.objects.all()) == [other]
    assert list(Camp.objects.all()) == [other.camp]


def test_the_camps_page_costs_the_same_queries_for_few_and_many_speakers(debate, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(owner)
    camps = [CampFactory(debate=debate) for _ in range(3)]
    ActorFactory(debate=debate, camp=camps[0])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(camps_url(debate)).status_code == 200
        return len(queries)

    few = count()
    for n in range(80):
        ActorFactory(debate=debate, camp=camps[n % 3])
    assert count() == few
    assert few <= 12
