"""A debate's library (`/d/<slug>/sources/`) and the rule that a debate quotes only the
sources it uses: the propose form, imports, class copies, the timeline and page numbers."""

import datetime

import pytest
from django.urls import reverse

from arguments.classes import services as classes
from arguments.interchange.graph import SUPPORT, Edge, Graph, Node, Quote
from arguments.models import Citation, Claim, Role, Status
from arguments.services.importing import import_graph
from arguments.services.propose import NOT_A_DEBATE_SOURCE
from arguments.views import paging
from corpus.models import DebateSource, Excerpt
from corpus.reader import covered, page_of
from tests.classworld import teacher_user
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

TEXT = "Pressure works. " * 5 + "\n\nQuiet talks work too.\n"  # 103 characters


def library_url(debate):
    return reverse("arguments:debate_sources", args=[debate.slug])


def cite(claim, source, start, end):
    excerpt = Excerpt.objects.create(
        source=source, start=start, end=end, quote=source.text[start:end]
    )
    Citation.objects.create(claim=claim, excerpt=excerpt)
    return excerpt


@pytest.fixture
def debate():
    return debate_with_thesis(slug="open", title="Open debate")


def test_page_of_counts_pages_from_one_and_none_for_an_unpaged_text():
    assert page_of([], 40) is None
    assert [page_of([0, 100, 250], offset) for offset in (0, 99, 100, 249, 250, 9000)] == [
        1,
        1,
        2,
        2,
        3,
        3,
    ]
    assert page_of([10, 20], 3) == 1  # before the first page's start: still page 1


def test_covered_counts_overlapping_spans_once():
    assert covered([]) == 0
    assert covered([(0, 10), (5, 15), (20, 25), (21, 22)]) == 20


def test_the_library_lists_the_debates_sources_with_how_much_of_each_is_quoted(client, debate):
    quoted = SourceFactory(title="Quoted letter", text=TEXT, debates=[debate])
    claim = ClaimFactory(debate=debate)
    pro(claim, debate.thesis)
    cite(claim, quoted, 0, 15)
    cite(debate.thesis, quoted, 5, 31)  # overlaps: 31 characters covered in all
    pending_claim = ClaimFactory(debate=debate, status=Status.PENDING)
    cite(pending_claim, quoted, 40, 90)  # a pending claim's quote is not counted
    SourceFactory(title="Unquoted report", debates=[debate])
    SourceFactory(title="Another debate's text", debates=[debate_with_thesis()])
    page = client.get(library_url(debate))
    assert page.status_code == 200
    entries = {entry.source.title: entry for entry in page.context["entries"]}
    assert set(entries) == {"Quoted letter", "Unquoted report"}
    assert entries["Quoted letter"].passages == 2
    assert entries["Quoted letter"].percent == str(round(31 / len(TEXT) * 100))
    assert "2 passages quoted in this map, covering 30% of the text" in page.text
    assert "Not quoted in this map yet" in page.text
    assert "Another debate" not in page.text


def test_pending_sources_show_to_moderators_and_their_proposer_only(debate):
    writer = member(debate, Role.WRITER, username="writer")
    moderator = member(debate, Role.MODERATOR, username="moderator")
    proposer = UserFactory(username="proposer")
    memo = SourceFactory(title="Proposed memo", added_by=proposer)
    DebateSource.objects.create(
        debate=debate, source=memo, status=DebateSource.Status.PENDING, added_by=proposer
    )
    refused = SourceFactory(title="Refused memo", added_by=proposer)
    DebateSource.objects.create(
        debate=debate, source=refused, status=DebateSource.Status.REJECTED, added_by=proposer
    )
    for who, sees in ((None, False), (writer, False), (moderator, True), (proposer, True)):
        page = signed_in_client(who).get(library_url(debate)).text
        assert ("Proposed memo" in page) is sees, who
        assert ("Pending review" in page) is sees, who
        assert "Refused memo" not in page
    # The reader follows the same rule; the proposer still reads what was refused.
    for who, status in ((None, 404), (writer, 404), (moderator, 200), (proposer, 200)):
        reader = signed_in_client(who).get(memo.get_absolute_url())
        assert reader.status_code == status, who
    assert signed_in_client(moderator).get(refused.get_absolute_url()).status_code == 404
    assert signed_in_client(proposer).get(refused.get_absolute_url()).status_code == 200


def test_undated_sources_come_after_the_dated_ones(client, debate):
    SourceFactory(title="Undated note", published=None, debates=[debate])
    SourceFactory(title="Old letter", published=datetime.date(2001, 1, 1), debates=[debate])
    SourceFactory(title="New letter", published=datetime.date(2021, 1, 1), debates=[debate])
    page = client.get(library_url(debate))
    titles = [entry.source.title for entry in page.context["entries"]]
    assert titles == ["Old letter", "New letter", "Undated note"]
    assert "undated" in page.text


def test_the_library_is_paged_and_its_queries_do_not_grow_with_it(
    client, debate, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            source = SourceFactory(text=TEXT, debates=[debate])
            cite(ClaimFactory(debate=debate), source, 0, 15)

    add(2)
    with django_assert_max_num_queries(6):
        assert client.get(library_url(debate)).status_code == 200
    add(paging.SOURCES)
    with django_assert_max_num_queries(6):
        first = client.get(library_url(debate))
    assert len(first.context["entries"]) == paging.SOURCES
    assert f'href="{library_url(debate)}?page=2"' in first.text
    last = client.get(library_url(debate), {"page": 2})
    assert len(last.context["entries"]) == 2


def test_the_debates_pages_link_their_library(client, debate):
    url = library_url(debate)
    for page in (
        debate.get_absolute_url(),
        reverse("arguments:outline", args=[debate.slug]),
        reverse("arguments:overview", args=[debate.slug]),
    ):
        assert f'href="{url}"' in client.get(page).text, page


def test_the_seed_debate_library_lists_its_five_texts(client, seed):
    page = client.get(reverse("arguments:debate_sources", args=["us-china-human-rights"]))
    assert len(page.context["entries"]) == 5
    assert all(entry.passages > 0 for entry in page.context["entries"])


def test_a_quote_of_a_paged_source_says_its_page(client, debate):
    source = SourceFactory(text=TEXT, debates=[debate], pages=[0, 50])
    claim = ClaimFactory(debate=debate)
    pro(claim, debate.thesis)
    excerpt = cite(claim, source, TEXT.index("Quiet"), TEXT.index("Quiet") + 11)
    focus = client.get(reverse("arguments:claim", args=[debate.slug, claim.pk])).text
    assert ", p. 2" in focus
    assert "(p. 2) is cited by" in client.get(source.get_absolute_url()).text
    client.force_login(UserFactory())
    form = client.get(reverse("arguments:propose", args=[debate.slug, debate.thesis_id])).text
    assert f"“{excerpt.quote}” (p. 2)</option>" in form


def test_a_passage_of_another_debates_source_is_refused_with_nothing_written(client, debate):
    elsewhere = SourceFactory(slug="elsewhere", text=TEXT, debates=[debate_with_thesis()])
    author = UserFactory(username="author")
    client.force_login(author)
    url = reverse("arguments:propose", args=[debate.slug, debate.thesis_id])
    typed = "Pressure has worked before."
    response = client.post(
        url, {"stance": "support", "text": typed, "source": "elsewhere", "start": 0, "end": 15}
    )
    assert response.status_code == 200
    assert NOT_A_DEBATE_SOURCE.replace("'", "&#x27;") in response.text
    assert typed in response.text
    assert not Claim.objects.filter(author=author).exists()
    assert not Excerpt.objects.filter(source=elsewhere).exists()
    # Nor is it offered from a link to the form.
    page = client.get(url, {"source": "elsewhere", "start": 0, "end": 15})
    assert page.context["picked"] is None


def test_an_import_quotes_only_sources_its_importer_may_list_and_uses_them(debate):
    public = SourceFactory(slug="public-letter", text=TEXT, debates=[debate])
    room = classes.create_classroom(teacher=teacher_user("teacher"), name="Class A")
    reading = SourceFactory(slug="class-reading", text=TEXT)
    class_debate = classes.start_debate(
        classroom=room, teacher=room.members.get().user, title="Class map", thesis="T."
    )
    DebateSource.objects.create(debate=class_debate, source=reading)
    graph = Graph(
        title="Imported",
        nodes={
            "t": Node(id="t", text="Imported thesis."),
            "a": Node(
                id="a",
                text="A reason.",
                quotes=[Quote("Pressure works.", "public-letter"), Quote("Quiet", "class-reading")],
            ),
        },
        edges=[Edge(id="e", premises=["a"], stance=SUPPORT, target="t")],
        roots=["t"],
    )
    summary = import_graph(graph=graph, title="Imported", owner=UserFactory())
    new = summary.debate
    assert summary.counts["quotes"] == 1
    assert any("class-reading" in line for line in summary.reports)
    links = DebateSource.objects.filter(debate=new)
    assert [(link.source, link.status) for link in links] == [(public, "approved")]


def test_a_class_copy_uses_every_source_of_its_original(debate):
    quoted = SourceFactory(text=TEXT, debates=[debate])
    unquoted = SourceFactory(debates=[debate])
    proposed = SourceFactory()
    DebateSource.objects.create(debate=debate, source=proposed, status="pending")
    claim = ClaimFactory(debate=debate)
    pro(claim, debate.thesis)
    cite(claim, quoted, 0, 15)
    teacher = teacher_user("teacher")
    room = classes.create_classroom(teacher=teacher, name="Class A")
    copy = classes.copy_debate(classroom=room, teacher=teacher, source=debate)
    used = DebateSource.objects.filter(debate=copy)
    assert {(link.source_id, link.status) for link in used} == {
        (quoted.pk, "approved"),
        (unquoted.pk, "approved"),
    }
    assert Citation.objects.filter(claim__debate=copy, excerpt__source=quoted).count() == 1


def test_the_timeline_leaves_out_undated_and_unapproved_sources(client, debate):
    dated = SourceFactory(title="Dated letter", text=TEXT, debates=[debate])
    undated = SourceFactory(title="Undated note", text=TEXT, published=None, debates=[debate])
    stray = SourceFactory(title="Stray text", text=TEXT)
    for source in (dated, undated, stray):
        claim = ClaimFactory(debate=debate)
        pro(claim, debate.thesis)
        cite(claim, source, 0, 15)
    page = client.get(reverse("arguments:overview", args=[debate.slug])).text
    timeline = page[page.index('id="timeline"') :]
    assert "Dated letter" in timeline
    assert "Undated note" not in timeline and "Stray text" not in timeline


def test_a_generated_debate_quotes_public_sources_only_and_uses_them(debate):
    from arguments.devtools.generate import generate_debate

    public = SourceFactory(text=TEXT * 3, debates=[debate])
    private = SourceFactory(text=TEXT * 3)  # of no debate: nobody may list it
    generated = generate_debate(claims=60, seed=1)
    cited = set(
        Citation.objects.filter(claim__debate=generated).values_list(
            "excerpt__source_id", flat=True
        )
    )
    assert cited == {public.pk}
    assert set(
        DebateSource.objects.filter(debate=generated).values_list("source_id", flat=True)
    ) == {public.pk}
    assert private.pk not in cited
