"""The owner of a new debate gives it camps and a speaker on the camps page, at desktop and
phone widths: what they add shows in "who answers whom", a camp in use is not deleted, and
the page never scrolls sideways."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser.shots import shoot
from tests.factories import UserFactory, debate_with_thesis

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 375}


def signed_in_page(browser, server, user, width):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server}])
    return context, context.new_page()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", WIDTHS)
def test_the_owner_gives_a_new_debate_its_camps_and_speakers(
    browser, live_server, transactional_db, size
):
    owner = UserFactory(username="owner")
    debate = debate_with_thesis(
        slug="uniforms", title="Should school uniforms be compulsory?", owner=owner
    )
    context, page = signed_in_page(browser, live_server.url, owner, WIDTHS[size])
    try:
        page.goto(f"{live_server.url}/d/{debate.slug}/overview/")
        expect(page.get_by_text("This debate has no camps yet")).to_be_visible()
        page.get_by_role("link", name="Add its camps and speakers").click()
        expect(page.get_by_role("heading", name="Camps and speakers")).to_be_visible()
        shoot(page, f"camps-empty-{size}")

        adding = page.locator("#new-camp")
        for name in ("Against uniforms", "For uniforms"):
            adding.get_by_label("Name").fill(name)
            adding.get_by_role("button", name="Add the camp").click()
            expect(page.get_by_text(f"The camp “{name}” was added.")).to_be_visible()
        # The second was given the next free style; move it first.
        page.get_by_role("button", name="Move up For uniforms").click()
        expect(page.locator(".camp-list__shown .camp")).to_have_text(
            ["For uniforms", "Against uniforms"]
        )

        speaker = page.locator("#new-speaker")
        speaker.get_by_label("Name").fill("Parents' association")
        speaker.get_by_label("Kind").select_option("organisation")
        speaker.get_by_label("Camp").select_option(label="Against uniforms")
        speaker.get_by_role("button", name="Add the speaker").click()
        expect(page.locator(".speaker-table")).to_contain_text("Parents' association")

        page.get_by_role("button", name="Delete Against uniforms").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "“Against uniforms” still has 1 speaker: move it to another camp before deleting it."
        )
        assert no_sideways_scroll(page)
        shoot(page, f"camps-filled-{size}")

        page.goto(f"{live_server.url}/d/{debate.slug}/answers/")
        headers = page.locator(".camp-table thead th .camp")
        expect(headers).to_have_text(["For uniforms", "Against uniforms"])
        shoot(page, f"camps-answers-{size}")
    finally:
        context.close()


def test_the_seeds_camps_still_head_its_table_in_their_order(page, seeded_server):
    page.goto(f"{seeded_server}/d/us-china-human-rights/answers/")
    expect(page.locator(".camp-table thead th .camp")).to_have_text(
        ["Rights groups", "US government", "PRC government", "Analysts and press"]
    )
    shoot(page, "camps-seed-answers-desktop")
    page.goto(f"{seeded_server}/d/us-china-human-rights/")
    shoot(page, "camps-seed-focus-desktop", full_page=False)
