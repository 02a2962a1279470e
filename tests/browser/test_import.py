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


LABELLED = (
    "===\ntitle: Cars in the centre\n===\n\n"
    "[Ban cars]: Cities should ban private cars from their centres. #urban-policy"
    " #(a-tag-that-runs-on-and-on-without-a-single-break-to-test-the-narrow-screen)\n"
    "  - <Shops lose>: Small shops would lose the customers who drive in. #economy\n"
    "\n<Shops lose>\n\n(1) Small shops depend on drivers.\n-- Argument from consequences --\n"
    "(2) Small shops would close.\n"
)


@pytest.mark.parametrize("width", [1280, 375])
def test_imported_titles_and_tags_show_on_one_wrapping_line(
    page, transactional_db, live_server, width
):
    get_user_model().objects.create_user("organiser", password="Organise-this-42")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill("Organise-this-42")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/debates/new/")
    page.get_by_label("File").set_input_files(
        {"name": "cars.argdown", "mimeType": "text/plain", "buffer": LABELLED.encode()}
    )
    page.get_by_role("button", name="Create the debate").click()

    body = page.locator("body")
    expect(body).to_contain_text("Kept: the titles of 1 claim(s) and 1 argument(s)")
    expect(page.locator(".claim-card .labels__title")).to_contain_text("Ban cars")
    expect(page.locator(".labels__tag").first).to_have_text("#urban-policy")
    expect(body).to_contain_text("scheme: Argument from consequences")
    expect(body).to_contain_text("Small shops would lose the customers who drive in.")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for tag in page.locator(".labels__tag").all():
        box = tag.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
