"""Importing files as other tools write them, through the command and the upload page: long
claims kept whole, titles kept, what the map cannot hold reported (issue 19)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from arguments.forms import ProposeClaimForm
from arguments.interchange.graph import MAX_CLAIM_CHARS
from arguments.models import Claim, Debate
from arguments.models.claim import CLAIM_MAX_LENGTH, CLAIM_STORED_LENGTH
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LONG = "A long claim, as real exports hold them. " * 14  # 574 characters

NEWER_KIALO = "\r\n".join(
    [
        "Discussion Name:",
        "Should cities ban cars?",
        "",
        "1. Thesis:",
        "Cities should ban cars.",
        "",
        "  1.1. Pro:",
        f"  {LONG.strip()}",
        "",
        "  1.2. Con:",
        "  Shops lose customers [1].",
        "",
        "Sources:",
        "[1] https://example.org/shops",
        "",
    ]
)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_stored_limit_is_the_readers_limit():
    assert CLAIM_STORED_LENGTH == MAX_CLAIM_CHARS > CLAIM_MAX_LENGTH == 500


def test_a_claim_over_500_characters_is_imported_whole_and_reported(tmp_path):
    path = tmp_path / "cars.txt"
    path.write_text(NEWER_KIALO, encoding="utf-8", newline="")

    output = run("import_debate", str(path))

    debate = Debate.objects.get()
    assert Claim.objects.filter(debate=debate, text=LONG.strip()).exists()
    assert (
        "1 claim(s) are longer than the 500 characters people may write here;"
        f" kept whole: 1.1 ({len(LONG.strip())})" in output
    )


def test_the_command_guesses_a_newer_kialo_export_and_keeps_its_title(tmp_path):
    path = tmp_path / "cars.txt"
    path.write_text(NEWER_KIALO, encoding="utf-8", newline="")

    output = run("import_debate", str(path))

    assert "Read Kialo text export." in output
    assert Debate.objects.get().title == "Should cities ban cars?"


def test_the_proposal_form_still_holds_people_to_500_characters():
    form = ProposeClaimForm(data={"stance": "support", "text": "x" * 501})

    assert not form.is_valid()
    assert "text" in form.errors


def test_the_upload_page_guesses_a_newer_kialo_export_and_takes_its_title(client):
    client.force_login(UserFactory(username="organiser"))
    upload = SimpleUploadedFile("cars.txt", NEWER_KIALO.encode())

    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "", "visibility": "public", "file": upload, "format": ""},
        follow=True,
    )

    debate = Debate.objects.get()
    assert debate.title == "Should cities ban cars?"
    assert Claim.objects.filter(debate=debate).count() == 3
    assert "kept whole" in response.text


def test_a_new_debate_without_a_file_still_needs_its_title(client):
    client.force_login(UserFactory(username="organiser"))

    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "", "thesis": "Cars out.", "visibility": "public"},
    )

    assert response.status_code == 200
    assert "Write the question the debate weighs." in response.text
    assert "Cars out." in response.text
    assert not Debate.objects.exists()


TAGGED_ARGDOWN = (
    "===\ntitle: Tagged\n===\n\n"
    "[Cars]: Cities should ban cars. #policy #urban\n"
    "  + [Air]: Cleaner air. {weight: 3, source: https://example.org/air}\n"
    "  - <Shops>: Shops lose customers.\n"
    "\n<Shops>\n\n(1) Shops depend on drivers.\n----\n(2) Shops would close.\n"
)


def test_the_command_lists_every_kind_of_loss_with_counts(tmp_path):
    path = tmp_path / "tagged.argdown"
    path.write_text(TAGGED_ARGDOWN, encoding="utf-8")

    output = run("import_debate", str(path))

    assert (
        "Kept: the titles of 2 claim(s) and 1 argument(s); 2 tag(s) on 1 claim(s) and"
        " argument(s); the descriptions of 1 argument(s)." in output
    )
    assert "tag(s) on 1 claim(s) (#policy" not in output  # tags are no loss any more
    assert "Not kept: the titles" not in output
    assert "Not kept: data on 1 claim(s) (keys weight)." in output
    assert "Not kept: the premise–conclusion structures of 1 argument(s)" in output
    assert "Not kept: 1 reference(s) without a quote, on 1 claim(s)" in output
    assert "https://example.org/air" in output


def test_the_upload_page_lists_the_losses(client):
    client.force_login(UserFactory(username="organiser"))
    upload = SimpleUploadedFile("tagged.argdown", TAGGED_ARGDOWN.encode())

    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "", "visibility": "public", "file": upload},
        follow=True,
    )

    assert Debate.objects.get().title == "Tagged"
    assert "Kept: the titles of 2 claim(s) and 1 argument(s); 2 tag(s)" in response.text
    assert "Not kept: data on 1 claim(s) (keys weight)." in response.text


PARAGRAPHS = "Cars pollute.\n\nCities should ban cars.\n\nShops need customers.\n"


def test_several_roots_are_named_when_joined_under_a_generated_thesis(tmp_path):
    path = tmp_path / "prose.argdown"
    path.write_text(PARAGRAPHS, encoding="utf-8")

    output = run("import_debate", str(path), "--title", "Prose")

    assert (
        "The file has 3 top-level claims, placed as pros of a generated thesis worded as the"
        " title (or choose one as the thesis when importing): “Cars pollute.”,"
        " “Cities should ban cars.”, “Shops need customers.”."
    ) in output


def test_the_uploader_may_choose_one_root_as_the_thesis(client):
    client.force_login(UserFactory(username="organiser"))
    upload = SimpleUploadedFile("prose.argdown", PARAGRAPHS.encode())

    client.post(
        reverse("arguments:new_debate"),
        {
            "title": "Prose",
            "visibility": "public",
            "file": upload,
            "root": "cities should  ban cars.",
        },
    )

    debate = Debate.objects.get()
    assert debate.thesis.text == "Cities should ban cars."
    pros = Claim.objects.filter(debate=debate, premise_of__target_claim=debate.thesis)
    assert sorted(pros.values_list("text", flat=True)) == ["Cars pollute.", "Shops need customers."]
    assert Claim.objects.filter(debate=debate).count() == 3


def test_a_chosen_thesis_not_in_the_file_is_refused_listing_the_roots(client):
    client.force_login(UserFactory(username="organiser"))
    upload = SimpleUploadedFile("prose.argdown", PARAGRAPHS.encode())

    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "Prose", "visibility": "public", "file": upload, "root": "Trains"},
    )

    assert response.status_code == 200
    assert "No top-level claim of the file is worded so" in response.text
    assert "“Shops need customers.”" in response.text
    assert 'value="Trains"' in response.text
    assert not Debate.objects.exists()
