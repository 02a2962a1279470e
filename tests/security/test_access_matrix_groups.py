"""The access matrix's group-isolation row: a student of group 2 asks for every URL of
group 1's map (its page and fragments, each claim's pages, outline, print, every export
format, votes and links), and every list that spans debates (search, its fragment, the
source reader, the library, the classroom), and gets nothing of group 1. Group 1's own
student, asking the same, is the control: each URL does show the work to someone.
"""

import pytest
from django.urls import reverse

from arguments.interchange.formats import BY_SUFFIX
from arguments.models import Vote
from tests import groupworld
from tests.factories import signed_in_client
from tests.security.urlnames import url_names

pytestmark = pytest.mark.django_db


def text_of(response):
    body = b"".join(response) if response.streaming else response.content
    return body.decode("utf-8", "replace")


HTMX = {"HTTP_HX_REQUEST": "true"}
MARKER = groupworld.GROUP_ONE_MARKER
# Markers of group 1 that no student of group 2 may meet while the groups are kept apart.
SECRETS = (MARKER, "pending in group one", groupworld.GROUP_ONE_TITLE)


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        return groupworld.build()


@pytest.fixture
def world(built_world, db):
    return built_world.fresh()


def debate_url_names():
    return url_names("d/<slug:slug>/")


def group_one_requests(world):
    """(label, method, url, data, headers) for every URL of group 1's map."""
    debate, claim = world.one.debate, world.approved
    slug = debate.slug
    argument = claim.premise_of.get()
    revision = claim.revisions.order_by("id").first()
    on_claim = [slug, claim.pk]
    gets = {
        "arguments:debate": [slug],
        "arguments:outline": [slug],
        "arguments:debate_live": [slug],
        "arguments:overview": [slug],
        "arguments:answers": [slug],
        "arguments:jump": [slug],
        "arguments:print": [slug],
        "arguments:debate_sources": [slug],
        "arguments:members": [slug],
        "arguments:import": [slug],
        "arguments:camps": [slug],
        "arguments:claim": on_claim,
        "arguments:children": [slug, debate.thesis_id],
        "arguments:history": on_claim,
        "arguments:what_if": on_claim,
        "arguments:propose": on_claim,
        "arguments:similar": on_claim,
        "arguments:edit": on_claim,
        "arguments:flag": on_claim,
        "arguments:source_ledger": [slug, world.source.slug],
        "arguments:source_new": [slug],
    }
    data = {"arguments:jump": {"q": groupworld.GROUP_ONE_WORD}, "arguments:similar": {"text": "x"}}
    requests = []
    for name, args in gets.items():
        url = reverse(name, args=args)
        requests.append((name, "get", url, data.get(name, {}), {}))
        requests.append((f"{name} (htmx)", "get", url, data.get(name, {}), HTMX))
    for suffix in sorted(BY_SUFFIX):
        url = reverse("arguments:export", args=[slug, suffix])
        requests.append((f"arguments:export {suffix}", "get", url, {}, {}))
    requests += [
        (
            "arguments:vote",
            "post",
            reverse("arguments:vote", args=[slug, argument.pk]),
            {"value": "2"},
            {},
        ),
        (
            "arguments:link",
            "post",
            reverse("arguments:link", args=on_claim),
            {"claim": debate.thesis_id, "stance": "support"},
            {},
        ),
        (
            "arguments:camps",
            "post",
            reverse("arguments:camps", args=[slug]),
            {"action": "add_camp", "new-camp-name": "Group two", "new-camp-style": "red"},
            {},
        ),
        (
            "arguments:source_new (paste)",
            "post",
            reverse("arguments:source_new", args=[slug]),
            {"way": "paste", "text": "Words for a source."},
            {},
        ),
        (
            "arguments:revert",
            "post",
            reverse("arguments:revert", args=[slug, claim.pk, revision.pk]),
            {},
            {},
        ),
    ]
    return requests


def spanning_requests(world):
    """(label, url, data, headers) of the lists that span debates."""
    search = reverse("arguments:search")
    word = {"q": groupworld.GROUP_ONE_WORD}
    return [
        ("search", search, word, {}),
        ("search fragment", search, word, HTMX),
        ("source reader", reverse("corpus:source", args=[world.source.slug]), {}, {}),
        ("classroom", world.room.get_absolute_url(), {}, {}),
        ("assignment", world.assignment.get_absolute_url(), {}, {}),
        ("inbox", reverse("arguments:inbox"), {}, {}),
    ]


def test_the_row_covers_every_url_of_a_debate(world):
    covered = {label.split(" ")[0] for label, *_ in group_one_requests(world)}
    assert debate_url_names() - covered == set()


def test_a_student_of_group_two_gets_nothing_of_group_ones_map(world):
    bob = signed_in_client(world.bob)
    answered = {}
    for label, method, url, data, headers in group_one_requests(world):
        response = getattr(bob, method)(url, data, **headers)
        body = text_of(response)
        answered[label] = (response.status_code, [s for s in SECRETS if s in body])
    assert {label: got for label, got in answered.items() if got != (404, [])} == {}
    assert not Vote.objects.filter(user=world.bob).exists()


def test_group_ones_student_reads_the_same_urls(world):
    """The control: the URLs above are the map's, and show its work to its own group."""
    ann = signed_in_client(world.ann)
    shown = []
    for label, method, url, data, headers in group_one_requests(world):
        if (
            method == "get"
            and not headers
            and label.split(" ")[0]
            in (
                "arguments:debate",
                "arguments:claim",
                "arguments:outline",
                "arguments:print",
                "arguments:export",
            )
        ):
            response = ann.get(url, data)
            shown.append((label, response.status_code, "quiet pressure" in text_of(response)))
    assert shown and all(status == 200 and found for _, status, found in shown), shown


def test_lists_across_debates_show_group_two_nothing_of_group_one(world):
    for who, may in ((world.bob, False), (world.ann, True)):
        client = signed_in_client(who)
        for label, url, data, headers in spanning_requests(world):
            body = client.get(url, data, **headers).content.decode()
            if may is False:
                assert [s for s in SECRETS if s in body] == [], label
        if may:
            found = client.get(reverse("arguments:search"), {"q": groupworld.GROUP_ONE_WORD})
            assert MARKER in found.content.decode()


def test_library_count_leaves_out_group_ones_quote(world):
    library = reverse("corpus:sources")
    bob = signed_in_client(world.bob).get(library).content.decode()
    ann = signed_in_client(world.ann).get(library).content.decode()
    assert "1 quoted passage" in bob and "2 quoted passages" in ann
