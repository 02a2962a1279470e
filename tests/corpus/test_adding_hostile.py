"""Hostile text brought in as a source: pasted, uploaded, typed into the review and edit
forms. It is stored as text and shown only as text on every page that shows it (review,
reader, queue card, moderation item, edit page); NUL characters are refused with a message
and nothing is saved."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from arguments.models import Proposal, Role
from corpus.adding.extraction import clean_text
from corpus.models import Source
from tests.factories import UserFactory, debate_with_thesis, member, signed_in_client
from tests.hostile import LONG_WORD, NUL, PAYLOADS, fits, injections, shown

pytestmark = pytest.mark.django_db

TEXT = "\n\n".join([*PAYLOADS, LONG_WORD])


@pytest.fixture
def debate():
    owner = UserFactory(username="owner")
    debate = debate_with_thesis(slug="open", title="Open debate", owner=owner)
    member(debate, Role.WRITER, username="writer")
    member(debate, Role.MODERATOR, username="moderator")
    return debate


def client_of(username):
    return signed_in_client(UserFactory(username=username))


def safe_page(response, *texts):
    html = response.content.decode()
    assert injections(html) == []
    for text in texts:
        assert shown(html, text), text
    return html


def token_of(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def review(title):
    return {
        "step": "save",
        "text": TEXT,
        "title": title,
        "byline": title[:200],
        "publisher": title[:200],
        "precision": "day",
        "genre": "article",
        "language": "en",
    }


def add(client, debate, title, *, upload=False):
    url = reverse("arguments:source_new", args=[debate.slug])
    if upload:
        file = SimpleUploadedFile("hostile.txt", TEXT.encode(), content_type="text/plain")
        first = client.post(url, {"way": "file", "file": file})
    else:
        first = client.post(url, {"way": "paste", "text": TEXT})
    safe_page(first, PAYLOADS[0], LONG_WORD)
    return client.post(url, review(title) | {"token": token_of(first.content.decode())})


@pytest.mark.parametrize("title", fits(200))
def test_a_hostile_pasted_source_is_only_ever_text(debate, title):
    owner = client_of("owner")
    response = add(owner, debate, title)
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.text == clean_text(TEXT) and source.title == " ".join(title.split())
    safe_page(owner.get(source.get_absolute_url()), source.title, PAYLOADS[1])
    edit = reverse("arguments:source_edit", args=[source.slug])
    safe_page(owner.get(edit), source.title, PAYLOADS[2])


def test_a_hostile_uploaded_source_proposed_by_a_writer_is_text_in_the_queue(debate):
    title = PAYLOADS[1]
    add(client_of("writer"), debate, title, upload=True)
    proposal = Proposal.objects.get(kind=Proposal.Kind.SOURCE)
    moderator = client_of("moderator")
    safe_page(moderator.get(reverse("arguments:moderation")), title, PAYLOADS[0])
    item = reverse("arguments:moderation_item", args=[proposal.pk])
    safe_page(moderator.get(item), title)
    decided = moderator.post(
        reverse("arguments:decide", args=[proposal.pk]),
        {"action": "reject", "reason": PAYLOADS[3]},
        follow=True,
    )
    safe_page(decided)
    safe_page(client_of("writer").get(reverse("arguments:inbox")), PAYLOADS[3][:40])


def test_nul_characters_are_refused_with_a_message_and_nothing_is_saved(debate):
    client = client_of("owner")
    url = reverse("arguments:source_new", args=[debate.slug])
    first = client.post(url, {"way": "paste", "text": NUL})
    assert "Null characters are not allowed." in first.content.decode()
    good = client.post(url, {"way": "paste", "text": "Fine words."})
    token = token_of(good.content.decode())
    second = client.post(url, review("A title") | {"token": token, "text": NUL})
    html = second.content.decode()
    assert second.status_code == 200 and "Null characters are not allowed." in html
    assert Source.objects.count() == 0


def test_control_characters_in_a_file_are_cleaned_away_before_the_review(debate):
    client = client_of("owner")
    url = reverse("arguments:source_new", args=[debate.slug])
    file = SimpleUploadedFile("odd.txt", b"Clean\x07 words\x1b here.", content_type="text/plain")
    response = client.post(url, {"way": "file", "file": file})
    html = response.content.decode()
    assert "Clean words here.\n</textarea>" in html
    assert "\x07" not in html and "\x1b" not in html


def test_a_file_with_a_nul_is_refused_with_its_reason(debate):
    client = client_of("owner")
    url = reverse("arguments:source_new", args=[debate.slug])
    file = SimpleUploadedFile("odd.txt", b"before\x00after", content_type="text/plain")
    html = client.post(url, {"way": "file", "file": file}).content.decode()
    assert "The text holds a NUL character" in html and "Check the source" not in html
    assert Source.objects.count() == 0


def test_bytes_that_would_decode_to_lone_surrogates_never_reach_the_review(debate):
    client = client_of("owner")
    url = reverse("arguments:source_new", args=[debate.slug])
    data = "lone \ud800 half".encode("utf-8", "surrogatepass")
    file = SimpleUploadedFile("odd.txt", data, content_type="text/plain")
    html = client.post(url, {"way": "file", "file": file}).content.decode()
    assert not any("\ud800" <= character <= "\udfff" for character in html)
    assert "Check the source" in html and "lone " in html


def test_a_paste_too_large_for_a_form_field_gets_the_form_back_with_the_reason(debate):
    # A field over DATA_UPLOAD_MAX_MEMORY_SIZE used to end in Django's bare "Bad Request".
    client = Client(enforce_csrf_checks=True)
    client.force_login(debate.owner)
    url = reverse("arguments:source_new", args=[debate.slug])
    token = str(client.get(url).context["csrf_token"])
    text = "word " * 600_000  # 3,000,000 bytes
    response = client.post(url, {"way": "paste", "text": text, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and "too_long=" in response["Location"]
    page = client.get(response["Location"])
    assert "The text sent was 2.9 MB; a pasted text may be at most 2.5 MB" in page.text
    assert "Nothing was read or saved" in page.text
    assert not Source.objects.filter(origin=Source.Origin.PASTE).exists()


def test_any_other_form_too_large_says_so_instead_of_a_bare_bad_request(debate):
    client = client_of("writer2")
    response = client.post(reverse("arguments:new_debate"), {"title": "x" * 3_000_000})
    assert response.status_code == 400
    assert "That form was too large" in response.text
    assert "the most this site accepts in a form's fields is 2.5 MB" in response.text
