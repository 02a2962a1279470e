"""Citing a source in a pro or con: the draft kept across a trip to the source reader, the
evidence list shown as words under their sources' titles, and quotes of whole words."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arguments.models import Citation, Claim, Status
from corpus.models import Excerpt
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    debate_with_thesis,
    pro,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = "First paragraph of the letter.\n\nSecond paragraph: pressure works, communications too.\n"
CLAIM = "Naming abuses in public has freed prisoners before."


@pytest.fixture
def debate():
    debate = debate_with_thesis(slug="open", title="Open debate")
    pro(ClaimFactory(debate=debate, text="Pressure on Beijing works."), debate.thesis)
    return debate


@pytest.fixture
def author(client, debate):
    # Writes a con under the thesis; may read the debate like anyone (it is public).
    user = UserFactory(username="author")
    client.force_login(user)
    return user


@pytest.fixture
def letter(debate):
    return SourceFactory(
        slug="letter", title="Letter to Secretary Kerry", text=TEXT, debates=[debate]
    )


def propose_url(claim, **query):
    url = reverse("arguments:propose", args=[claim.debate.slug, claim.pk])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def span(source, words):
    start = source.text.index(words)
    return {"source": source.slug, "start": start, "end": start + len(words)}


def cite(debate, source, words, status=Status.APPROVED):
    """A claim of `debate` quoting `words` of `source`; returns the excerpt."""
    where = span(source, words)
    excerpt = Excerpt.objects.create(
        source=source, start=where["start"], end=where["end"], quote=words
    )
    claim = ClaimFactory(debate=debate, text=f"Quotes {words}.", status=status)
    Citation.objects.create(claim=claim, excerpt=excerpt)
    return excerpt


# Bug 1: the typed claim was lost on the way to the reader and back.


def test_going_to_the_reader_keeps_everything_typed_and_saves_nothing(
    client, debate, author, letter
):
    speaker = ActorFactory(debate=debate, name="Human Rights Watch")
    quoted = cite(debate, letter, "First paragraph")
    response = client.post(
        propose_url(debate.thesis),
        {
            "stance": "attack",
            "text": CLAIM,
            "speaker": speaker.pk,
            "excerpt": quoted.pk,
            "path": str(debate.thesis.pk),
            "to_reader": "1",
        },
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("arguments:debate_sources", args=["open"])
    assert parse_qs(location.query)["pick"] == [f"open/{debate.thesis.pk}"]
    assert not Claim.objects.filter(text=CLAIM).exists()

    library = client.get(response["Location"])
    back = urlsplit(library.context["pick_url"])
    assert parse_qs(back.query)["draft"] == ["1"]

    page = client.get(propose_url(debate.thesis, draft=1, stance="attack"))
    form = page.context["form"]
    assert CLAIM in page.text
    assert (form["stance"].value(), form["speaker"].value()) == ("attack", str(speaker.pk))
    assert form["excerpt"].value() == str(quoted.pk)


def test_a_passage_picked_in_the_reader_comes_back_with_the_draft(client, debate, author, letter):
    listed = cite(debate, letter, "First paragraph")
    fields = {"stance": "attack", "text": CLAIM, "excerpt": listed.pk, "to_reader": "1"}
    client.post(propose_url(debate.thesis), fields)
    where = span(letter, "pressure works")
    page = client.get(propose_url(debate.thesis, draft=1, stance="support", **where))
    assert CLAIM in page.text
    assert page.context["form"]["stance"].value() == "attack"
    assert page.context["picked"].quote == "pressure works"
    # The new selection is the evidence now, not the passage listed before the trip.
    assert page.context["form"]["excerpt"].value() in (None, "")


def test_htmx_sends_the_embedded_form_to_the_reader_by_a_client_redirect(client, debate, author):
    response = client.post(
        propose_url(debate.thesis),
        {"stance": "support", "text": CLAIM, "embedded": "1", "to_reader": "1"},
        **HTMX,
    )
    assert response.status_code == 200
    library = reverse("arguments:debate_sources", args=["open"])
    assert response["HX-Redirect"].startswith(library + "?pick=open%2F")
    assert not Claim.objects.filter(text=CLAIM).exists()


def test_a_draft_is_given_back_only_to_its_claim_and_dropped_once_proposed(client, debate, author):
    other = Claim.objects.get(text="Pressure on Beijing works.")
    client.post(propose_url(debate.thesis), {"stance": "attack", "text": CLAIM, "to_reader": "1"})
    assert CLAIM not in client.get(propose_url(other, draft=1)).text
    assert CLAIM not in client.get(propose_url(debate.thesis)).text

    response = client.post(propose_url(debate.thesis), {"stance": "attack", "text": CLAIM})
    assert response.status_code == 302
    assert CLAIM not in client.get(propose_url(debate.thesis, draft=1)).text


def test_a_draft_is_kept_for_its_author_only(client, debate, author):
    client.post(propose_url(debate.thesis), {"stance": "attack", "text": CLAIM, "to_reader": "1"})
    client.force_login(UserFactory(username="someone-else"))
    assert CLAIM not in client.get(propose_url(debate.thesis, draft=1)).text


# Bug 2: the evidence list read `letter[3778:3917]` and still said "No quote" after a pick.


def test_the_evidence_list_shows_passages_as_words_under_their_sources_titles(
    client, debate, author, letter
):
    cite(debate, letter, "pressure works")
    cite(debate, letter, "First paragraph")
    other = SourceFactory(slug="report", title="Annual report", debates=[debate])
    cite(debate, other, "Second paragraph")
    page = client.get(propose_url(debate.thesis))
    assert '<optgroup label="Letter to Secretary Kerry">' in page.text
    assert '<optgroup label="Annual report">' in page.text
    assert "“pressure works”</option>" in page.text
    assert 'data-quote="pressure works"' in page.text
    assert "letter[" not in page.text
    # Within a source, in the order of its text.
    assert page.text.index("“First paragraph”") < page.text.index("“pressure works”")


def test_the_evidence_list_holds_no_quote_of_a_pending_claim_or_another_debate(
    client, debate, author, letter
):
    cite(debate, letter, "pressure works", status=Status.PENDING)
    cite(debate_with_thesis(slug="elsewhere"), letter, "First paragraph")
    page = client.get(propose_url(debate.thesis))
    assert "pressure works" not in page.text
    assert "First paragraph" not in page.text


def test_after_picking_a_passage_the_form_shows_it_and_not_no_quote(client, debate, author, letter):
    page = client.get(propose_url(debate.thesis, **span(letter, "pressure works")))
    assert "No quote" not in page.text
    assert "The chosen passage (above)" in page.text
    assert "Chosen passage, from <cite>Letter to Secretary Kerry</cite>" in page.text
    # In its sentence, the words quoted marked.
    assert "<p>Second paragraph: <mark>pressure works</mark>, communications too.</p>" in page.text


def test_a_passage_chosen_from_the_list_replaces_the_one_selected(client, debate, author, letter):
    listed = cite(debate, letter, "First paragraph")
    fields = {"stance": "attack", "text": CLAIM, "excerpt": listed.pk}
    client.post(propose_url(debate.thesis), {**fields, **span(letter, "pressure works")})
    claim = Claim.objects.get(text=CLAIM)
    assert [c.excerpt.quote for c in claim.citations.all()] == ["First paragraph"]


def test_after_an_error_the_selection_is_kept_unless_a_listed_passage_replaced_it(
    client, debate, author, letter
):
    where = span(letter, "pressure works")
    page = client.post(propose_url(debate.thesis), {"stance": "attack", "text": "", **where})
    assert "<mark>pressure works</mark>" in page.text
    assert "The chosen passage (above)" in page.text
    listed = cite(debate, letter, "First paragraph")
    fields = {"stance": "attack", "text": "", "excerpt": listed.pk, **where}
    page = client.post(propose_url(debate.thesis), fields)
    assert "<mark>pressure works</mark>" not in page.text
    assert "The chosen passage (above)" not in page.text
    assert not Claim.objects.filter(author=author).exists()


def test_quote_nothing_drops_the_passage_selected(client, debate, author, letter):
    fields = {"stance": "attack", "text": CLAIM, "unpick": "on"}
    client.post(propose_url(debate.thesis), {**fields, **span(letter, "pressure works")})
    assert not Claim.objects.get(text=CLAIM).citations.exists()


def test_a_selection_ending_mid_word_is_saved_as_whole_words(client, debate, author, letter):
    start = letter.text.index("works, communica")
    where = {"source": "letter", "start": start + 2, "end": start + len("works, communica")}
    response = client.post(propose_url(debate.thesis), {"stance": "attack", "text": CLAIM, **where})
    assert response.status_code == 302
    excerpt = Citation.objects.get(claim__text=CLAIM).excerpt
    assert excerpt.quote == "works, communications"
    assert letter.text[excerpt.start : excerpt.end] == excerpt.quote


def test_the_form_costs_the_same_queries_for_two_quoted_passages_or_twenty(
    client, debate, author, django_assert_max_num_queries
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(propose_url(debate.thesis)).status_code == 200
        return len(captured)

    for _ in range(2):
        cite(debate, SourceFactory(text=TEXT, debates=[debate]), "pressure works")
    few = queries()
    for _ in range(18):
        cite(debate, SourceFactory(text=TEXT, debates=[debate]), "pressure works")
    with django_assert_max_num_queries(few):
        page = client.get(propose_url(debate.thesis))
    assert page.text.count("“pressure works”</option>") == 20
