"""What one request may cost the import and export pages: the body's size is checked before
it is read, an import holds a bounded number of claims, imports and new debates are rate
limited, and an export is built once per debate version for all who may read it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from arguments.models import Claim, Debate, Role
from arguments.services.counts import touch
from arguments.views import exchange
from tests.factories import UserFactory, debate_with_thesis, member

pytestmark = pytest.mark.django_db

THREE_CLAIMS = b"[Thesis]: The thesis.\n  + [A]: A reason.\n  - [B]: An objection.\n"


def allow(settings, action, attempts):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, action: (attempts, 600)}


@pytest.fixture
def owner(client):
    user = UserFactory(username="owner")
    client.force_login(user)
    return user


def test_a_body_over_the_limit_is_refused_before_anything_reads_it(
    client, owner, settings, monkeypatch
):
    settings.IMPORT_MAX_MB = 1
    read = []
    original = MultiPartParser.parse
    monkeypatch.setattr(MultiPartParser, "parse", lambda self: read.append(1) or original(self))
    big = SimpleUploadedFile("big.argdown", b"[A]: a claim\n" * (2 * 2**20 // 13))
    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "Too big", "visibility": "public", "file": big},
    )
    assert response.status_code == 413
    assert "You sent 2.0 MB; the most this site accepts is 1 MB." in response.text
    assert read == []  # neither the CSRF check nor the form parsed the body
    assert not Debate.objects.exists()


def test_a_body_within_the_limit_is_read_as_before(client, owner, settings):
    settings.IMPORT_MAX_MB = 1
    upload = SimpleUploadedFile("map.argdown", THREE_CLAIMS)
    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "Small enough", "visibility": "public", "file": upload},
    )
    assert response.status_code == 302
    assert Debate.objects.get().claim_count == 3


def test_the_forms_state_the_upload_limit(client, owner):
    page = client.get(reverse("arguments:new_debate"))
    assert f"at most {exchange.UPLOAD_LIMIT // 2**20} MB" in page.text


def test_an_import_over_the_claim_cap_is_refused_with_the_counts(client, owner, settings):
    settings.IMPORT_MAX_CLAIMS = 2
    debate = debate_with_thesis(slug="mine", owner=owner)
    upload = SimpleUploadedFile("more.argdown", THREE_CLAIMS)
    response = client.post(reverse("arguments:import", args=[debate.slug]), {"file": upload})
    assert response.status_code == 200
    assert "more.argdown holds 3 claims; one import through the site takes at most 2." in (
        response.text
    )
    assert Claim.objects.count() == 1


def test_imports_over_the_limit_get_a_429_and_write_nothing(client, owner, settings):
    allow(settings, "import", 1)
    debate = debate_with_thesis(slug="mine", owner=owner)
    url = reverse("arguments:import", args=[debate.slug])
    client.post(url, {"file": SimpleUploadedFile("a.argdown", b"[A]: One claim.\n")})
    refused = client.post(url, {"file": SimpleUploadedFile("b.argdown", b"[B]: Another.\n")})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "You have imported files too often; try again in" in refused.text
    assert not Claim.objects.filter(text="Another.").exists()


def test_new_debates_over_the_limit_keep_the_typed_title(client, owner, settings):
    allow(settings, "new_debate", 1)
    url = reverse("arguments:new_debate")
    client.post(url, {"title": "First", "thesis": "One thesis.", "visibility": "public"})
    refused = client.post(
        url, {"title": "Keep this title", "thesis": "Another.", "visibility": "public"}
    )
    assert refused.status_code == 429
    assert "You have started debates too often" in refused.text
    assert 'value="Keep this title"' in refused.text
    assert list(Debate.objects.values_list("title", flat=True)) == ["First"]


@pytest.fixture
def built(monkeypatch):
    """Counts how often an export reads its debate out of the database."""
    calls = []
    original = exchange.graph_from_debate
    monkeypatch.setattr(
        exchange,
        "graph_from_debate",
        lambda debate, **options: calls.append(1) or original(debate, **options),
    )
    return calls


def test_exports_are_built_once_per_debate_version_for_every_reader(client, seed, built):
    url = reverse("arguments:export", args=[seed.slug, "aif.json"])
    first = client.get(url).getvalue()
    client.force_login(UserFactory(username="reader"))
    again = client.get(url)
    assert again.getvalue() == first
    assert again["Content-Disposition"] == f'attachment; filename="{seed.slug}.aif.json"'
    assert len(built) == 1
    touch(seed.pk)
    client.get(url).getvalue()
    assert len(built) == 2


def test_exports_larger_than_the_cache_cap_are_streamed_and_not_kept(client, seed, built, settings):
    settings.EXPORT_CACHE_MAX_MB = 0
    url = reverse("arguments:export", args=[seed.slug, "argdown"])
    for _ in range(2):
        response = client.get(url)
        assert response.streaming
        assert seed.thesis.text in response.getvalue().decode()
    assert len(built) == 2


def test_a_cached_export_of_a_class_debate_is_still_only_for_its_readers(client, built):
    debate = debate_with_thesis(slug="class-map", visibility=Debate.Visibility.CLASS)
    url = reverse("arguments:export", args=[debate.slug, "argdown"])
    client.force_login(member(debate, Role.OWNER, username="teacher"))
    assert debate.thesis.text in client.get(url).getvalue().decode()
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url).status_code == 404  # the cached copy is not theirs to have
    client.logout()
    assert client.get(url).status_code == 404
    assert len(built) == 1


def test_exports_not_served_from_the_cache_are_rate_limited(client, seed, settings):
    allow(settings, "export", 1)
    settings.EXPORT_CACHE_MAX_MB = 0  # nothing kept: each download is built
    url = reverse("arguments:export", args=[seed.slug, "kialo.txt"])
    assert client.get(url).status_code == 200
    refused = client.get(url, HTTP_ACCEPT="application/json")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/plain")
    assert refused.text.startswith("You have downloaded maps too often; try again in")
