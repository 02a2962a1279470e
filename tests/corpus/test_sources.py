import pytest
from django.urls import reverse

from arguments.models import Citation, Status
from corpus.models import Excerpt, Source
from tests.factories import ClaimFactory, SourceFactory, debate_with_thesis

pytestmark = pytest.mark.django_db


def test_source_library_lists_the_five_texts_by_date(client, seed):
    response = client.get(reverse("corpus:sources"))
    assert response.status_code == 200
    sources = list(response.context["sources"])
    assert len(sources) == 5
    assert sources[0].slug == "ips-clinton-2009"
    assert "Secretary Kerry Must Make Human Rights a Priority" in response.text


def test_reader_highlights_every_cited_excerpt_with_an_anchor_and_its_claims(client, seed):
    source = Source.objects.get(slug="freedom-house-kerry-2013")
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    cited = Excerpt.objects.filter(source=source, citations__isnull=False).distinct()
    assert cited.count() >= 6
    for excerpt in cited:
        assert f'id="excerpt-{excerpt.pk}"' in response.text
        for citation in excerpt.citations.select_related("claim__debate"):
            assert citation.claim.get_absolute_url() in response.text
    assert "Uyghur American Association" in response.text  # signatories


def test_reader_keeps_the_text_escaped_and_whole(client, db):
    source = SourceFactory(
        text="Tags like <script>alert(1)</script> stay text.\n\nSecond.",
        debates=[debate_with_thesis()],
    )
    response = client.get(source.get_absolute_url())
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_reader_does_not_list_pending_claims_or_their_excerpts(client, db):
    debate = debate_with_thesis()
    source = SourceFactory(debates=[debate])
    excerpt = Excerpt.locate(source, "pressure works")
    excerpt.save()
    pending = ClaimFactory(debate=debate, text="Unapproved idea.", status=Status.PENDING)
    Citation.objects.create(claim=pending, excerpt=excerpt)
    response = client.get(source.get_absolute_url())
    assert "Unapproved idea." not in response.text
    assert f'id="excerpt-{excerpt.pk}"' not in response.text
    listing = client.get(reverse("corpus:sources"))
    assert [s.excerpt_count for s in listing.context["sources"]] == [0]


def test_unknown_source_is_404(client, db):
    assert client.get("/sources/no-such-source/").status_code == 404


def test_reader_query_budget(client, seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/sources/prc-rebuttal-2021/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/sources/").status_code == 200


def test_a_malformed_pick_parameter_is_ignored(client, db):
    SourceFactory(slug="letter", debates=[debate_with_thesis()])
    for pick in ("bad slug!/3", "x/notanumber", "/", "a" * 200 + "/1"):
        response = client.get("/sources/letter/", {"pick": pick})
        assert response.status_code == 200
        assert "Choosing evidence" not in response.text


def test_an_excerpt_reads_as_its_words_and_its_source_never_as_offsets():
    source = SourceFactory(title="Letter to Kerry", slug="letter")
    start = source.text.index("pressure works")
    excerpt = Excerpt.objects.create(
        source=source, start=start, end=start + 14, quote="pressure works"
    )
    assert str(excerpt) == "Letter to Kerry: “pressure works”"
