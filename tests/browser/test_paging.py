"""A reader pages through a claim with many pros: "Show more" appends the next page in
place (htmx), and without JavaScript the same control is a link to the next page."""

import os

import pytest
from playwright.sync_api import expect

from arguments.models import Debate
from arguments.selectors.focus import CHILDREN_PAGE
from tests.factories import ClaimFactory, con, debate_with_thesis, pro

pytestmark = pytest.mark.browser

PROS = CHILDREN_PAGE * 2 + 10
SHOTS = os.environ.get("SCREENSHOTS", "")  # a folder to keep screenshots in, when set


@pytest.fixture
def crowded_server(transactional_db, live_server):
    debate = debate_with_thesis(slug="crowded", visibility=Debate.Visibility.PUBLIC)
    for number in range(PROS):
        pro(ClaimFactory(debate=debate, text=f"Pro {number} of the thesis."), debate.thesis)
    for number in range(3):
        con(ClaimFactory(debate=debate, text=f"Con {number} of the thesis."), debate.thesis)
    return f"{live_server.url}/d/crowded/"


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width", [1280, 375])
def test_show_more_appends_the_next_pros_in_place(browser, crowded_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(crowded_server)
    pros = page.locator("#pros-list > li.child")
    expect(pros).to_have_count(CHILDREN_PAGE)
    more = page.locator("#pros-pager").get_by_role("link", name="Show more")
    more.scroll_into_view_if_needed()
    _shot(page, f"paging-{width}-before")
    more.click()
    expect(pros).to_have_count(CHILDREN_PAGE * 2)
    expect(page.locator("#pros-pager .pager__where")).to_contain_text(
        f"1–{CHILDREN_PAGE * 2} of {PROS}"
    )
    assert page.url == crowded_server  # appended in place: the address is the claim's
    expect(page.locator("#pros-pager")).to_have_count(1)
    page.locator("#pros-pager").scroll_into_view_if_needed()
    _shot(page, f"paging-{width}-after")
    page.locator("#pros-pager").get_by_role("link", name="Show more").click()
    expect(pros).to_have_count(PROS)
    expect(page.locator("#pros-pager").get_by_role("link", name="Show more")).to_have_count(0)
    expect(page.locator("#cons-list > li.child")).to_have_count(3)
    # The pager fits the screen: no sideways scrolling at either width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert errors == []


def test_without_javascript_show_more_is_a_link_to_the_next_page(browser, crowded_server):
    context = browser.new_context(viewport={"width": 375, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(crowded_server)
    page.locator("#pros-pager").get_by_role("link", name="Show more").click()
    assert page.url == crowded_server + "?pros=2"
    expect(page.locator("#pros-list > li.child")).to_have_count(CHILDREN_PAGE)
    expect(page.locator("#pros-list")).to_contain_text(f"Pro {CHILDREN_PAGE} of the thesis.")
    page.locator("#pros-pager").get_by_role("link", name="← Previous").click()
    assert page.url == crowded_server + "?pros=1"
    expect(page.locator("#pros-list")).to_contain_text("Pro 0 of the thesis.")
    context.close()
