"""The access matrix of sources: a source is read exactly where one of its debates is.

One world holds a source of each kind — of a public debate, pending in it (proposed by a
writer), of an unlisted debate only, a class's own reading, and a reading of one group's
copy kept apart — and every role asks for each of them where sources show: the reader,
the library (the site's and each debate's), search, the reader's cited-by list, the
library's counts, the overview's timeline, the propose form's evidence list and the
exports. Each source's text holds one word, `WORD`, so one search finds them all.
"""

import json

import pytest
from django.urls import reverse

from arguments.models import Citation, Debate, Role, Stance
from arguments.permissions import Access
from arguments.services import moderate, propose
from corpus.models import DebateSource, Excerpt
from tests import groupworld
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    UserFactory,
    debate_with_thesis,
    member,
    pro,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

WORD = "zirconium"

ROLES = [
    "anonymous",
    "outsider",  # signed in, member of nothing
    "writer",  # writer member of the public debate
    "proposer",  # signed in; proposed the pending source of the public debate
    "moderator",  # moderator of the public debate
    "owner",  # owns the public debate and the unlisted one
    "student",  # ann: student of the class, in group 1
    "other_group",  # bob: student of the class, in group 2 (groups kept apart)
    "teacher",  # teaches the class
    "staff",
]
EVERYONE = set(ROLES)
CLASS = {"student", "other_group", "teacher", "staff"}
GROUP_ONE = {"student", "teacher", "staff"}
PENDING_READERS = {"proposer", "moderator", "owner", "staff"}

# slug: (title, who may read it, who finds it in lists: the library, search, counts)
SOURCES = {
    "open-letter": ("Open letter on zirconium", EVERYONE, EVERYONE),
    "pending-memo": ("Pending memo on zirconium", PENDING_READERS, set()),
    "quiet-reading": ("Unlisted reading on zirconium", EVERYONE, {"owner", "staff"}),
    "class-reading": ("Class reading on zirconium", CLASS, CLASS),
    "group-reading": ("Group one reading on zirconium", GROUP_ONE, GROUP_ONE),
}
GROUP_CLAIM = "Group one quotes the open letter."


def source(slug, **kwargs):
    title = SOURCES[slug][0]
    return SourceFactory(
        slug=slug, title=title, text=f"{title}: the {WORD} paragraph.\n\nMore words.", **kwargs
    )


def quote(claim, quoted, words=WORD):
    excerpt = Excerpt.locate(quoted, words)
    excerpt.save()
    Citation.objects.create(claim=claim, excerpt=excerpt)
    return excerpt


def build_world():
    groups = groupworld.build()
    public = groups.public  # the class map and its groups are copies of it
    owner = UserFactory(username="owner")
    Debate.objects.filter(pk=public.pk).update(owner=owner)
    public.refresh_from_db()
    class_debate, one, two = groups.assignment.debate, groups.one.debate, groups.two.debate
    # Made after the class copied the public map: given to the copies as a copy would.
    open_letter = source("open-letter", debates=[public, class_debate, one, two])
    letter_passage = quote(public.thesis, open_letter)
    writer = member(public, Role.WRITER, username="writer")
    moderator = member(public, Role.MODERATOR, username="moderator")
    proposer = UserFactory(username="proposer")
    memo = source("pending-memo", added_by=proposer)
    DebateSource.objects.create(
        debate=public, source=memo, status=DebateSource.Status.PENDING, added_by=proposer
    )
    # An approved claim citing the pending source (as an old map might): the use is not
    # approved, so neither its quote nor its source shows anywhere.
    memo_claim = ClaimFactory(debate=public, text="Cites the pending memo.")
    pro(memo_claim, public.thesis)
    quote(memo_claim, memo)

    unlisted = debate_with_thesis(
        title="Quiet map", visibility=Debate.Visibility.UNLISTED, owner=owner
    )
    quiet = source("quiet-reading", debates=[unlisted])
    note = ClaimFactory(debate=unlisted, text="Quotes the unlisted reading.")
    pro(note, unlisted.thesis)
    quote(note, quiet)

    source("class-reading", debates=[class_debate, two, one])
    group_reading = source("group-reading", debates=[one])
    teacher = Access.load(groups.teacher, one)
    by_ann = Access.load(groups.ann, one)
    cited = propose.propose_claim(
        access=by_ann,
        target=one.thesis,
        stance=Stance.SUPPORT,
        text=GROUP_CLAIM,
        excerpts=[quote(one.thesis, group_reading), letter_passage],
    )
    moderate.approve(access=teacher, proposal=cited)
    return groups.__class__(
        public=public,
        unlisted=unlisted,
        class_debate=class_debate,
        one=one,
        outsider=UserFactory(username="outsider"),
        writer=writer,
        proposer=proposer,
        memo_claim=memo_claim,
        moderator=moderator,
        owner=owner,
        student=groups.ann,
        other_group=groups.bob,
        teacher=groups.teacher,
        staff=UserFactory(username="staff", is_staff=True),
    )


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(built_world, db):
    return built_world.fresh()


def client_as(world, role):
    return signed_in_client(world.person(role))


def ours(slugs):
    """The sources of this module among `slugs` (the group world brings one of its own)."""
    return set(slugs) & set(SOURCES)


def titles_in(text):
    return {slug for slug, (title, _, _) in SOURCES.items() if title in text}


@pytest.mark.parametrize("role", ROLES)
def test_the_reader_opens_a_source_only_for_who_may_read_one_of_its_debates(world, role):
    client = client_as(world, role)
    got = {slug: client.get(reverse("corpus:source", args=[slug])).status_code for slug in SOURCES}
    assert got == {slug: 200 if role in SOURCES[slug][1] else 404 for slug in SOURCES}


@pytest.mark.parametrize("role", ROLES)
def test_the_library_and_search_list_a_source_only_where_its_debate_is_findable(world, role):
    client = client_as(world, role)
    listed = {slug for slug, (_, _, finders) in SOURCES.items() if role in finders}
    library = client.get(reverse("corpus:sources"))
    assert ours(source.slug for source in library.context["sources"]) == listed
    # The count too: the group world's own letter, public, is listed to everyone.
    assert library.context["page"].paginator.count == len(listed) + 1
    assert titles_in(library.text) == listed
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        found = client.get(reverse("arguments:search"), {"q": WORD}, **headers)
        assert ours(hit.source.slug for hit in found.context["results"].sources) == listed
        assert titles_in(found.text) == listed


@pytest.mark.parametrize("role", ROLES)
def test_each_debates_library_shows_its_own_sources_to_its_readers(world, role):
    client = client_as(world, role)
    pending_shown = role in PENDING_READERS
    libraries = {
        "public": (
            world.public,
            EVERYONE,
            {"open-letter", "pending-memo"} if pending_shown else {"open-letter"},
        ),
        "unlisted": (world.unlisted, EVERYONE, {"quiet-reading"}),
        "class": (world.class_debate, CLASS, {"open-letter", "class-reading"}),
        "group one": (
            world.one,
            GROUP_ONE,
            {"open-letter", "class-reading", "group-reading"},
        ),
    }
    for label, (debate, readers, shown) in libraries.items():
        response = client.get(reverse("arguments:debate_sources", args=[debate.slug]))
        if role not in readers:
            assert response.status_code == 404, label
            assert titles_in(response.content.decode()) == set(), label
            continue
        assert response.status_code == 200, label
        assert titles_in(response.text) == shown, label
        assert ("Pending review" in response.text) == (label == "public" and pending_shown)


@pytest.mark.parametrize("role", ROLES)
def test_the_readers_cited_by_list_and_counts_leave_out_other_groups_claims(world, role):
    client = client_as(world, role)
    reader = client.get(reverse("corpus:source", args=["open-letter"])).text
    assert (GROUP_CLAIM in reader) == (role in GROUP_ONE)
    library = client.get(reverse("corpus:sources")).context["sources"]
    counts = {source.slug: source.excerpt_count for source in library}
    # The open letter's one passage is quoted by the public thesis (everyone) and by group
    # one's claim: still one passage, counted once.
    assert counts["open-letter"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_timeline_evidence_list_and_exports_hold_only_the_debates_approved_sources(world, role):
    client = client_as(world, role)
    overview = client.get(reverse("arguments:overview", args=[world.public.slug])).text
    assert titles_in(overview) == {"open-letter"}
    claim = reverse("arguments:claim", args=[world.public.slug, world.memo_claim.pk])
    assert titles_in(client.get(claim).text) == set()  # its quote is of an unapproved use
    export = client.get(reverse("arguments:export", args=[world.public.slug, "aif.json"]))
    body = b"".join(export).decode() if export.streaming else export.content.decode()
    assert "open-letter" in body and "pending-memo" not in body
    json.loads(body)
    if role != "anonymous":
        form = client.get(
            reverse("arguments:propose", args=[world.public.slug, world.public.thesis_id])
        )
        assert titles_in(form.text) == {"open-letter"}
