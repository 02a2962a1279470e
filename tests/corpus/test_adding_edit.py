"""Editing a source: details always, the text while no quote cites it, and once one does,
a correction as a new version the old one's reader links to."""

import pytest
from django.urls import reverse

from arguments.models import Role
from corpus.adding import services
from corpus.models import DebateSource, Excerpt, Source
from tests.factories import UserFactory, World, debate_with_thesis, member, signed_in_client

pytestmark = pytest.mark.django_db

TEXT = "Pressure works, says the report.\n\nQuiet words do not.\n"


@pytest.fixture
def world():
    owner = UserFactory(username="owner")
    debate = debate_with_thesis(slug="open", title="Open debate", owner=owner)
    writer = member(debate, Role.WRITER, username="writer")
    source, _ = services.add_source(
        debate=debate, user=owner, text=TEXT, title="The report", genre="report", origin="paste"
    )
    proposed, _ = services.add_source(
        debate=debate,
        user=writer,
        text="A writer's text.",
        title="Proposed",
        genre="article",
        origin="paste",
    )
    return World(
        debate=debate,
        # owner: owns the debate; edits its sources
        owner=owner,
        # writer: proposed `proposed` (pending); edits it until it is decided
        writer=writer,
        # moderator: moderates the debate; edits its sources
        moderator=member(debate, Role.MODERATOR, username="moderator"),
        # stranger: signed in, no role; edits nothing
        stranger=UserFactory(username="stranger"),
        source=source,
        proposed=proposed,
    )


def edit_url(source):
    return reverse("arguments:source_edit", args=[source.slug])


def details(source, **changes):
    data = {
        "title": source.title,
        "byline": source.byline,
        "publisher": source.publisher,
        "published": "",
        "precision": "day",
        "url": source.url,
        "genre": source.genre,
        "language": source.language,
        "text": source.text,
        "action": "save",
    }
    return data | changes


def cite(source, quote="Pressure works"):
    return Excerpt.locate(source, quote).save()


def test_before_any_quote_the_text_and_details_may_change(world):
    client = signed_in_client(world.moderator)
    response = client.post(
        edit_url(world.source),
        details(world.source, title="The report, corrected", text="New words.", publisher="P"),
    )
    world.source.refresh_from_db()
    assert response.status_code == 302
    assert (world.source.title, world.source.text, world.source.publisher) == (
        "The report, corrected",
        "New words.\n",
        "P",
    )


def test_an_edited_text_loses_its_page_numbers(world):
    Source.objects.filter(pk=world.source.pk).update(pages=[0, 20])
    signed_in_client(world.owner).post(edit_url(world.source), details(world.source, text="Other."))
    world.source.refresh_from_db()
    assert world.source.pages == []


def test_once_quoted_the_details_change_but_the_text_stays(world):
    cite(world.source)
    client = signed_in_client(world.owner)
    page = client.get(edit_url(world.source)).content.decode()
    assert "Correct the text" in page
    client.post(edit_url(world.source), details(world.source, title="Renamed", text="Changed."))
    world.source.refresh_from_db()
    assert (world.source.title, world.source.text) == ("Renamed", TEXT)


def test_the_service_refuses_to_change_a_quoted_text(world):
    cite(world.source)
    with pytest.raises(services.ValidationError, match="A quote cites this text"):
        services.edit_source(
            source=world.source, user=world.owner, text="Changed.", title="T", genre="report"
        )


def test_correcting_a_quoted_text_makes_a_new_version_the_old_reader_links_to(world):
    cite(world.source)
    client = signed_in_client(world.owner)
    corrected = TEXT.replace("Quiet", "Soft")
    response = client.post(
        edit_url(world.source), details(world.source, text=corrected, action="correct")
    )
    new = Source.objects.get(supersedes=world.source)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.text == corrected and new.slug != world.source.slug
    assert list(new.debate_links.values_list("debate", "status")) == [
        (world.debate.pk, DebateSource.Status.APPROVED)
    ]
    world.source.refresh_from_db()
    assert world.source.text == TEXT and world.source.excerpts.count() == 1
    old_reader = client.get(world.source.get_absolute_url()).content.decode()
    assert "A corrected version exists" in old_reader and new.get_absolute_url() in old_reader
    new_reader = client.get(new.get_absolute_url()).content.decode()
    assert "This is a corrected version of" in new_reader


def test_a_correction_that_changes_nothing_is_refused_with_the_form_kept(world):
    cite(world.source)
    response = signed_in_client(world.owner).post(
        edit_url(world.source), details(world.source, action="correct", byline="Typed byline")
    )
    html = response.content.decode()
    assert "The text is as it was" in html and "Typed byline" in html
    assert not Source.objects.filter(supersedes=world.source).exists()


def test_the_adder_edits_a_pending_source_but_not_after_the_decision(world):
    client = signed_in_client(world.writer)
    assert client.get(edit_url(world.proposed)).status_code == 200
    assert client.get(edit_url(world.source)).status_code == 404
    DebateSource.objects.filter(source=world.proposed).update(status="approved")
    assert client.get(edit_url(world.proposed)).status_code == 404


def test_nobody_else_may_edit_and_a_signed_out_reader_is_sent_to_sign_in(world):
    assert signed_in_client(world.stranger).get(edit_url(world.source)).status_code == 404
    assert (
        signed_in_client(world.stranger)
        .post(edit_url(world.source), details(world.source, title="Vandal"))
        .status_code
        == 404
    )
    response = signed_in_client(None).get(edit_url(world.source))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    world.source.refresh_from_db()
    assert world.source.title == "The report"


def test_saving_the_details_of_a_quoted_text_not_in_clean_form_leaves_it_alone(world):
    """A seed text may lack the final newline clean_text adds; saving its details alone
    must not count that as a change of a quoted text (it was refused as one)."""
    Source.objects.filter(pk=world.source.pk).update(text=TEXT.rstrip("\n"))
    world.source.refresh_from_db()
    cite(world.source)
    response = signed_in_client(world.owner).post(
        edit_url(world.source), details(world.source, title="Renamed", action="save")
    )
    world.source.refresh_from_db()
    assert response.status_code == 302
    assert (world.source.title, world.source.text) == ("Renamed", TEXT.rstrip("\n"))


@pytest.mark.parametrize(
    "role, source, sees",
    [
        ("owner", "source", True),
        ("moderator", "source", True),
        ("writer", "source", False),
        ("writer", "proposed", True),
        ("stranger", "source", False),
        ("anonymous", "source", False),
    ],
)
def test_the_reader_links_to_the_edit_page_for_those_who_may_edit(world, role, source, sees):
    source = getattr(world, source)
    client = signed_in_client(None if role == "anonymous" else world.person(role))
    page = client.get(reverse("corpus:source", args=[source.slug]))
    assert page.status_code == 200
    assert (f'href="{edit_url(source)}"' in page.text) is sees
