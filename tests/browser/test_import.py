"""Someone uploads a newer Kialo export on the new-debate page, leaving the title empty and
the format to be guessed: the map comes in under the file's title, and the page after says
what was kept whole and what was not kept (issue 19)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arguments.models import Debate

pytestmark = pytest.mark.browser

LONG = "Fewer cars mean cleaner air, quieter streets and safer crossings for children. " * 7

EXPORT = "\r\n".join(
    [
        "Discussion Name:",
        "Should cities ban cars from their centres?",
        "",
        "1. Thesis:",
        "Cities should ban cars from their centres.",
        "",
        "  1.1. Pro:",
        f"  {LONG.strip()} [1]",
        "",
        "  1.2. Con:",
        "  Shops lose customers who come by car.",
        "",
        "Sources:",
        "[1] https://example.org/air",
        "[2] https://example.org/never-cited",
        "",
    ]
)


def test_a_newer_kialo_export_is_guessed_and_keeps_its_title(page, transactional_db, live_server):
    get_user_model().objects.create_user("organiser", password="Organise-this-42")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill("Organise-this-42")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="organiser")).to_be_visible()

    page.goto(f"{live_server.url}/debates/new/")
    page.get_by_label("File").set_input_files(
        {"name": "cars.txt", "mimeType": "text/plain", "buffer": EXPORT.encode()}
    )
    page.get_by_role("button", name="Create the debate").click()

    body = page.locator("body")
    expect(body).to_contain_text("Imported into “Should cities ban cars from their centres?”")
    expect(body).to_contain_text("kept whole: 1.1")
    expect(body).to_contain_text("source [2] is cited by no claim")
    assert Debate.objects.get().thesis.text == "Cities should ban cars from their centres."
