"""Adding a source in the browser: the three ways in, the review step, who adds and who
proposes, the moderators' decision, and the limits on what comes in."""

import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arguments.models import Debate, Notification, Proposal, Role
from corpus.adding import review, services
from corpus.adding import views as adding_views
from corpus.adding.extraction import Extracted, IngestError
from corpus.adding.views import PAGES_DROPPED
from corpus.models import DebateSource, Source
from tests import classworld
from tests.factories import (
    UserFactory,
    World,
    debate_with_thesis,
    member,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

TEXT = "The first paragraph of the report.\n\nThe second paragraph, where pressure works.\n"


@pytest.fixture
def world():
    owner = UserFactory(username="owner")
    debate = debate_with_thesis(slug="open", title="Open debate", owner=owner)
    return World(
        debate=debate,
        # owner: owns the debate; adds sources directly
        owner=owner,
        # moderator: moderates it; adds directly and decides proposed sources
        moderator=member(debate, Role.MODERATOR, username="moderator"),
        # writer: a writer member; proposes sources
        writer=member(debate, Role.WRITER, username="writer"),
        # viewer: reads only
        viewer=member(debate, Role.VIEWER, username="viewer"),
        # stranger: signed in, no membership; writes in a public debate, so proposes too
        stranger=UserFactory(username="stranger"),
    )


def new_url(debate):
    return reverse("arguments:source_new", args=[debate.slug])


def paste(client, debate, text=TEXT):
    return client.post(new_url(debate), {"way": "paste", "text": text})


def token_of(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def review_data(token, **changes):
    data = {
        "step": "save",
        "token": token,
        "text": TEXT,
        "title": "A report on pressure",
        "byline": "A. Writer",
        "publisher": "Rights Watch",
        "published": "2024-05-01",
        "precision": "month",
        "url": "https://example.org/report",
        "genre": "report",
        "language": "en",
    }
    return data | changes


def add_by_paste(client, debate, **changes):
    response = paste(client, debate)
    assert response.status_code == 200
    return client.post(new_url(debate), review_data(token_of(response.content.decode()), **changes))


def test_the_page_offers_three_ways_in_and_states_the_size_limit(world, settings):
    settings.SOURCE_MAX_BYTES = 10 * 2**20
    html = signed_in_client(world.owner).get(new_url(world.debate)).content.decode()
    assert "Paste the text" in html and "Upload a file" in html and "Fetch it" in html
    assert "at most 10 MB" in html
    assert 'enctype="multipart/form-data"' in html


def test_pasted_text_is_shown_for_review_and_nothing_is_saved_yet(world):
    response = paste(signed_in_client(world.owner), world.debate, "Line one.  \r\n\r\n\r\nTwo.")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the source" in html
    assert "Line one.\n\nTwo.\n</textarea>" in html  # cleaned: line ends, trailing spaces, blanks
    assert Source.objects.count() == 0


def test_owner_adds_a_pasted_source_with_the_details_as_corrected(world):
    version = world.debate.version
    response = add_by_paste(
        signed_in_client(world.owner), world.debate, text=TEXT + "\n\nA third paragraph."
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == source.get_absolute_url()
    assert source.text.endswith("A third paragraph.\n")
    assert (source.title, source.byline, source.publisher) == (
        "A report on pressure",
        "A. Writer",
        "Rights Watch",
    )
    assert source.published_display == "May 2024"
    assert (source.origin, source.genre, source.added_by) == ("paste", "report", world.owner)
    link = DebateSource.objects.get()
    assert (link.debate, link.status) == (world.debate, DebateSource.Status.APPROVED)
    assert Proposal.objects.count() == 0
    world.debate.refresh_from_db()
    assert world.debate.version > version


def test_the_slug_comes_from_the_title_and_stays_unique(world):
    client = signed_in_client(world.owner)
    add_by_paste(client, world.debate)
    add_by_paste(client, world.debate, text="Another text entirely.")
    assert sorted(Source.objects.values_list("slug", flat=True)) == [
        "a-report-on-pressure",
        "a-report-on-pressure-2",
    ]


@pytest.mark.parametrize("visibility", [Debate.Visibility.UNLISTED, Debate.Visibility.CLASS])
def test_a_source_of_an_unlisted_or_class_debate_gets_an_unguessable_slug(visibility):
    owner = UserFactory(username="hidden-owner")
    debate = debate_with_thesis(title="Hidden", visibility=visibility, owner=owner)
    add_by_paste(signed_in_client(owner), debate)
    slug = Source.objects.get().slug
    assert re.fullmatch(r"a-report-on-pressure-[a-z0-9]{12}", slug)


def test_a_review_with_a_mistake_keeps_everything_typed_and_saves_nothing(world):
    client = signed_in_client(world.owner)
    token = token_of(paste(client, world.debate).content.decode())
    edited = "My corrected words of the source."
    response = client.post(
        new_url(world.debate), review_data(token, text=edited, title="", byline="Kept Byline")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert edited in html and "Kept Byline" in html
    assert "This field is required." in html
    assert Source.objects.count() == 0


def test_a_forged_or_foreign_review_token_is_refused(world):
    client = signed_in_client(world.owner)
    other = debate_with_thesis(title="Other", owner=world.owner)
    foreign = review.sign(debate_id=other.pk, origin="file", kind="pdf", pages=[0], text=TEXT)
    for token in ("forged", foreign):
        response = client.post(new_url(world.debate), review_data(token))
        assert "expired or was altered" in response.content.decode()
    assert Source.objects.count() == 0


def paged_token(debate):
    return review.sign(debate_id=debate.pk, origin="file", kind="pdf", pages=(0, 36), text=TEXT)


def test_a_paged_text_saved_as_read_keeps_its_page_numbers(world):
    client = signed_in_client(world.owner)
    client.post(new_url(world.debate), review_data(paged_token(world.debate)))
    source = Source.objects.get()
    assert (source.pages, source.origin) == ([0, 36], "file")


def test_editing_a_paged_text_drops_its_page_numbers_and_says_so(world):
    client = signed_in_client(world.owner)
    response = client.post(
        new_url(world.debate),
        review_data(paged_token(world.debate), text=TEXT.replace("first", "opening")),
        follow=True,
    )
    assert Source.objects.get().pages == []
    assert PAGES_DROPPED in response.content.decode()


def test_a_textarea_s_crlf_line_ends_are_not_an_edit(world):
    client = signed_in_client(world.owner)
    client.post(
        new_url(world.debate),
        review_data(paged_token(world.debate), text=TEXT.replace("\n", "\r\n")),
    )
    assert Source.objects.get().pages == [0, 36]


def test_the_same_review_sent_twice_adds_one_source(world):
    client = signed_in_client(world.owner)
    token = token_of(paste(client, world.debate).content.decode())
    client.post(new_url(world.debate), review_data(token))
    again = client.post(new_url(world.debate), review_data(token))
    assert "You added this source to this debate already." in again.content.decode()
    assert Source.objects.count() == 1


# Who adds, who proposes ----------------------------------------------------------------


def test_a_writer_proposes_a_source_which_waits_in_the_moderators_queue(world):
    response = add_by_paste(signed_in_client(world.writer), world.debate)
    assert response.status_code == 302
    assert response["Location"] == world.debate.get_absolute_url()
    link = DebateSource.objects.get()
    assert link.status == DebateSource.Status.PENDING
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.source, proposal.author) == (
        "source",
        link.source,
        world.writer,
    )
    queue = signed_in_client(world.moderator).get(reverse("arguments:moderation"))
    html = queue.content.decode()
    assert "New source" in html and "A report on pressure" in html
    assert "pasted text" in html and "The first paragraph of the report." in html
    assert signed_in_client(world.writer).get(reverse("arguments:moderation")).status_code == 403


def test_the_queue_card_shows_only_the_opening_of_a_long_text(world):
    long_text = "Opening words. " + "middle " * 5000 + "THE-VERY-END"
    response = paste(signed_in_client(world.writer), world.debate, long_text)
    signed_in_client(world.writer).post(
        new_url(world.debate), review_data(token_of(response.content.decode()), text=long_text)
    )
    html = signed_in_client(world.moderator).get(reverse("arguments:moderation")).content.decode()
    assert "Opening words." in html and "THE-VERY-END" not in html


def proposed(world):
    add_by_paste(signed_in_client(world.writer), world.debate)
    return Proposal.objects.get()


def test_approving_a_proposed_source_makes_it_the_debate_s_and_tells_the_writer(world):
    proposal = proposed(world)
    world.debate.refresh_from_db()
    version = world.debate.version
    response = signed_in_client(world.moderator).post(
        reverse("arguments:decide", args=[proposal.pk]), {"action": "approve"}
    )
    assert response.status_code == 302
    assert DebateSource.objects.get().status == DebateSource.Status.APPROVED
    proposal.refresh_from_db()
    assert proposal.status == Proposal.State.APPROVED
    world.debate.refresh_from_db()
    assert world.debate.version > version
    notice = Notification.objects.get(user=world.writer)
    assert notice.message == (
        "Your source “A report on pressure” was approved: it is now a source of the debate."
    )
    assert notice.url == proposal.source.get_absolute_url()


def test_rejecting_a_proposed_source_needs_a_reason_which_the_writer_reads(world):
    proposal = proposed(world)
    decide = reverse("arguments:decide", args=[proposal.pk])
    client = signed_in_client(world.moderator)
    client.post(decide, {"action": "reject", "reason": ""})
    assert DebateSource.objects.get().status == DebateSource.Status.PENDING
    client.post(decide, {"action": "reject", "reason": "Not about this question."})
    assert DebateSource.objects.get().status == DebateSource.Status.REJECTED
    notice = Notification.objects.get(user=world.writer)
    assert (
        notice.message
        == "Your source “A report on pressure” was not accepted: Not about this question."
    )


def test_a_proposed_source_cannot_be_merged(world):
    proposal = proposed(world)
    response = signed_in_client(world.moderator).post(
        reverse("arguments:decide", args=[proposal.pk]),
        {"action": "merge", "kept": world.debate.thesis_id},
        follow=True,
    )
    assert "Only a claim can be merged into another." in response.content.decode()
    assert DebateSource.objects.get().status == DebateSource.Status.PENDING


def test_the_moderation_item_page_shows_a_proposed_source(world):
    proposal = proposed(world)
    html = (
        signed_in_client(world.moderator)
        .get(reverse("arguments:moderation_item", args=[proposal.pk]))
        .content.decode()
    )
    assert "A report on pressure" in html and "Rights Watch" in html
    assert reverse("arguments:source_edit", args=[proposal.source.slug]) in html


def test_a_viewer_may_not_add_and_a_signed_out_reader_is_sent_to_sign_in(world):
    assert signed_in_client(world.viewer).get(new_url(world.debate)).status_code == 403
    assert paste(signed_in_client(world.viewer), world.debate).status_code == 403
    response = signed_in_client(None).get(new_url(world.debate))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert Source.objects.count() == 0


def test_adding_is_limited_per_user_and_the_form_keeps_what_was_typed(world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "add_source": (1, 3600)}
    client = signed_in_client(world.owner)
    add_by_paste(client, world.debate)
    response = add_by_paste(client, world.debate, title="A second report", text="Other words.")
    html = response.content.decode()
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert "You have added sources too often" in html and "A second report" in html
    assert Source.objects.count() == 1


# Files and size -------------------------------------------------------------------------


def upload(client, debate, name, data, content_type="text/plain"):
    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(new_url(debate), {"way": "file", "file": file})


def test_an_uploaded_text_file_is_read_for_review(world):
    response = upload(signed_in_client(world.owner), world.debate, "notes.txt", TEXT.encode())
    html = response.content.decode()
    assert response.status_code == 200 and "Check the source" in html
    assert "The second paragraph, where pressure works.\n</textarea>" in html
    token = token_of(html)
    signed_in_client(world.owner).post(new_url(world.debate), review_data(token))
    assert Source.objects.get().origin == "file"


def test_an_upload_over_the_limit_gets_the_form_back_with_the_limit(world, settings):
    settings.SOURCE_MAX_BYTES = 2048
    response = upload(signed_in_client(world.owner), world.debate, "big.txt", b"x" * 4096)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file is 4 KB; the most a source may come from is 2 KB." in html
    assert Source.objects.count() == 0


def test_a_body_declared_over_the_limit_is_refused_unread_and_the_form_says_why(world, settings):
    settings.SOURCE_MAX_BYTES = 2048
    client = signed_in_client(world.owner)
    declared = 2048 + 256 * 1024 + 1
    response = client.post(
        new_url(world.debate), b"", content_type="application/octet-stream", CONTENT_LENGTH=declared
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "the most a source may come from is 2 KB. Nothing was read or saved." in page


def test_reading_files_is_limited_per_user(world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "bring_source": (1, 3600)}
    client = signed_in_client(world.owner)
    upload(client, world.debate, "a.txt", b"One.")
    response = upload(client, world.debate, "b.txt", b"Two.")
    assert response.status_code == 429
    assert "read files or fetched pages for sources too often" in response.content.decode()


def test_an_address_is_fetched_with_the_limits_and_its_page_read_for_review(
    world, settings, monkeypatch
):
    settings.SOURCE_FETCH_TRUSTED_HOSTS = ["127.0.0.1:8123"]
    asked = {}

    def fake_fetch(url, **kwargs):
        asked.update(kwargs, url=url)
        return SimpleNamespace(
            data=TEXT.encode(), content_type="text/plain; charset=utf-8", url=url + "final"
        )

    monkeypatch.setattr(adding_views, "fetch", fake_fetch)
    client = signed_in_client(world.owner)
    response = client.post(new_url(world.debate), {"way": "url", "url": "https://example.org/"})
    html = response.content.decode()
    assert "The second paragraph, where pressure works.\n</textarea>" in html
    assert 'value="https://example.org/final"' in html
    assert asked == {
        "url": "https://example.org/",
        "max_bytes": settings.SOURCE_MAX_BYTES,
        "timeout": float(settings.SOURCE_FETCH_TIMEOUT),
        "trusted_hosts": ["127.0.0.1:8123"],
    }
    client.post(new_url(world.debate), review_data(token_of(html)))
    assert Source.objects.get().origin == "url"


def test_a_refused_fetch_gives_the_form_back_with_its_reason(world, monkeypatch):
    def refuse(url, **kwargs):
        raise IngestError("That address is on a private network, so it is not fetched.")

    monkeypatch.setattr(adding_views, "fetch", refuse)
    response = signed_in_client(world.owner).post(
        new_url(world.debate), {"way": "url", "url": "http://10.0.0.1/"}
    )
    html = response.content.decode()
    assert "That address is on a private network, so it is not fetched." in html
    assert 'value="http://10.0.0.1/"' in html
    assert Source.objects.count() == 0


# Query budgets ---------------------------------------------------------------------------


def propose_sources(world, count):
    for number in range(count):
        services.add_source(
            debate=world.debate,
            user=world.writer,
            text=f"Text number {number} of a proposed source.",
            title=f"Proposed source {number}",
            genre="article",
            origin="paste",
        )


@pytest.mark.parametrize("count", [1, 8])
def test_the_queue_shows_proposed_sources_in_a_fixed_number_of_queries(
    world, count, django_assert_max_num_queries
):
    propose_sources(world, count)
    client = signed_in_client(world.moderator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("arguments:moderation"))
    assert response.content.decode().count("Source for the debate") == count


def test_the_pages_of_adding_stay_within_their_query_budgets(world, django_assert_max_num_queries):
    client = signed_in_client(world.owner)
    with django_assert_max_num_queries(8):
        client.get(new_url(world.debate))
    with django_assert_max_num_queries(8):
        response = paste(client, world.debate)
    token = token_of(response.content.decode())
    with django_assert_max_num_queries(20):
        client.post(new_url(world.debate), review_data(token))
    source = Source.objects.get()
    with django_assert_max_num_queries(10):
        client.get(reverse("arguments:source_edit", args=[source.slug]))


def test_the_debate_page_links_to_adding_a_source_for_who_may(world):
    link = f'href="{new_url(world.debate)}"'
    for person in (world.owner, world.writer):
        assert link in signed_in_client(person).get(world.debate.get_absolute_url()).text
    for person in (world.viewer, None):
        assert link not in signed_in_client(person).get(world.debate.get_absolute_url()).text


def test_details_read_from_a_file_are_cut_to_fit_so_the_review_opens_without_errors(
    world, monkeypatch
):
    def long_details(data, **kwargs):
        return Extracted(text=TEXT, kind="html", title="T" * 400, language="en_GB")

    monkeypatch.setattr(adding_views, "extract", long_details)
    html = upload(signed_in_client(world.owner), world.debate, "a.html", b"<p>x</p>").text
    assert f'value="{"T" * 300}"' in html and 'value="en-gb"' in html
    assert "field__error" not in html


def test_in_a_class_debate_a_student_proposes_and_the_teacher_approves():
    world = classworld.build()
    student = signed_in_client(world.student)
    response = paste(student, world.debate)
    sent = student.post(new_url(world.debate), review_data(token_of(response.text)), follow=True)
    assert "it joins the debate once your teacher approves it" in sent.text
    proposal = Proposal.objects.get(kind=Proposal.Kind.SOURCE)
    assert DebateSource.objects.get(source=proposal.source).status == "pending"
    for outsider in (world.other_student, world.stranger):
        assert signed_in_client(outsider).get(new_url(world.debate)).status_code == 404
    teacher = signed_in_client(world.teacher)
    assert "A report on pressure" in teacher.get(reverse("arguments:moderation")).text
    teacher.post(reverse("arguments:decide", args=[proposal.pk]), {"action": "approve"})
    assert DebateSource.objects.get(source=proposal.source).status == "approved"
    assert Notification.objects.filter(user=world.student, proposal=proposal).exists()
