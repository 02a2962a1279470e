"""Unlisted debates: reached by their link only. Their address carries a random part, made
when a debate is created, imported or switched to unlisted; nothing lists them (the home
page, search, the source reader and the library's counts) for people who are not members.
The access matrix checks the lists for every role; this module the addresses."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arguments.models import Citation, Debate
from corpus.models import Excerpt
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    UserFactory,
    debate_with_thesis,
    pro,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"-[a-z0-9]{12}\Z")


def test_a_new_unlisted_debate_gets_an_address_nobody_can_guess_from_its_title(client):
    client.force_login(UserFactory(username="owner"))
    addresses = []
    for _ in range(2):
        response = client.post(
            reverse("arguments:new_debate"),
            {
                "title": "Climate policy",
                "thesis": "Carbon should be taxed.",
                "visibility": "unlisted",
            },
        )
        assert response.status_code == 302
        addresses.append(response["Location"])
    slugs = list(Debate.objects.order_by("pk").values_list("slug", flat=True))
    assert [reverse("arguments:debate", args=[slug]) for slug in slugs] == addresses
    for slug in slugs:
        assert slug.startswith("climate-policy-") and SECRET.search(slug), slug
    assert slugs[0] != slugs[1]
    assert client.get(addresses[0]).status_code == 200
    assert client.get("/d/climate-policy/").status_code == 404
    assert client.get("/d/climate-policy-2/").status_code == 404


def test_a_public_debate_keeps_the_address_made_from_its_title(client):
    client.force_login(UserFactory(username="owner"))
    client.post(
        reverse("arguments:new_debate"),
        {"title": "Climate policy", "thesis": "Carbon should be taxed.", "visibility": "public"},
    )
    assert Debate.objects.get().slug == "climate-policy"


def test_an_imported_unlisted_debate_gets_a_random_address(client):
    client.force_login(UserFactory(username="owner"))
    upload = SimpleUploadedFile("map.argdown", b"[Thesis]: Carbon should be taxed.\n")
    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "Climate policy", "visibility": "unlisted", "file": upload},
    )
    debate = Debate.objects.get()
    assert debate.visibility == Debate.Visibility.UNLISTED
    assert SECRET.search(debate.slug), debate.slug
    assert response["Location"] == debate.get_absolute_url()


def test_switching_a_debate_to_unlisted_gives_it_a_new_address_and_the_old_one_stops(client):
    debate = debate_with_thesis(slug="climate-policy", title="Climate policy")
    old = debate.get_absolute_url()
    assert client.get(old).status_code == 200
    debate = Debate.objects.get(pk=debate.pk)  # as the admin's form loads it
    debate.visibility = Debate.Visibility.UNLISTED
    debate.save()
    debate.refresh_from_db()
    assert SECRET.search(debate.slug), debate.slug
    assert client.get(old).status_code == 404  # no redirect: it would give the new one away
    assert client.get(debate.get_absolute_url()).status_code == 200
    # Saved again while unlisted, and switched back to public: the address stays.
    kept = debate.slug
    debate.title = "Climate policy, revised"
    debate.save()
    debate.visibility = Debate.Visibility.PUBLIC
    debate.save(update_fields=["visibility"])
    assert Debate.objects.get(pk=debate.pk).slug == kept


def test_a_deferred_load_of_an_unlisted_debate_never_changes_its_address():
    debate = debate_with_thesis(title="Climate policy", visibility=Debate.Visibility.UNLISTED)
    kept = debate.slug
    loaded = Debate.objects.only("title").get(pk=debate.pk)
    loaded.title = "Renamed"
    loaded.save()
    assert Debate.objects.get(pk=debate.pk).slug == kept


def test_an_unlisted_debates_source_is_read_by_its_link_and_listed_to_its_owner_only(client):
    owner = UserFactory(username="owner")
    debate = debate_with_thesis(
        title="Climate policy", visibility=Debate.Visibility.UNLISTED, owner=owner
    )
    claim = ClaimFactory(debate=debate, text="Carbon taxes work where they are tried.")
    pro(claim, debate.thesis)
    source = SourceFactory(slug="report", text="Carbon taxes work.", debates=[debate])
    excerpt = Excerpt.locate(source, "Carbon taxes work.")
    excerpt.save()
    Citation.objects.create(claim=claim, excerpt=excerpt)
    reader = reverse("corpus:source", args=["report"])
    for visitor in (client, signed_in_client(UserFactory(username="stranger"))):
        # The source's link opens it, as the debate's does; nothing lists either.
        page = visitor.get(reader).text
        assert claim.text not in page and debate.slug not in page
        library = visitor.get(reverse("corpus:sources"))
        assert list(library.context["sources"]) == []
    mine = signed_in_client(owner)
    page = mine.get(reader).text
    assert claim.text in page and debate.slug in page
    assert re.search(r"\b1 quoted passage\b", mine.get(reverse("corpus:sources")).text)
    # Who has the link reads the debate all the same.
    assert client.get(debate.get_absolute_url()).status_code == 200
