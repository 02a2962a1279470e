"""A reader finds claims by a few words, from the header box and from a debate's jump box."""

import re

import pytest
from playwright.sync_api import expect

from arguments.models import Debate

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"


def test_typing_in_the_header_shows_live_results_that_open_the_focus_view(page, seeded_server):
    page.goto(seeded_server + "/sources/")
    page.locator("header input[type=search]").press_sequentially("tiananmen massacre", delay=20)
    hit = page.locator("#search .hit__text").first
    expect(hit).to_be_visible()
    expect(hit.locator("mark").first).to_have_text(re.compile("tiananmen", re.I))
    # Live results came by htmx: the URL is the search's, ready to share.
    expect(page).to_have_url(re.compile(r"/search/\?q=tiananmen(\+|%20)massacre$"))
    text = hit.inner_text()
    hit.click()
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/\d+/$"))
    expect(page.locator("#focus h1")).to_have_text(text)
    # No path in the link: the focus view found the way to the thesis.
    thesis = Debate.objects.get(slug=SLUG).thesis.text
    expect(page.locator(".crumbs li").first).to_contain_text(thesis[:40])


def test_a_facet_narrows_the_live_results(page, seeded_server):
    page.goto(seeded_server + "/search/?q=xinjiang")
    before = page.locator("#search .hit").count()
    page.locator("#facets input[name=camp][value=prc_government]").check()
    expect(page).to_have_url(re.compile(r"camp=prc_government"))
    expect(page.locator("#search .hit-group--sources")).to_have_count(0)
    after = page.locator("#search .hit .camp")
    expect(after.first).to_have_text("PRC government")
    assert after.count() < before
    for camp in after.all_inner_texts():
        assert camp == "PRC government"


def test_the_jump_box_finds_a_claim_of_this_debate_and_opens_it(page, seeded_server):
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.locator("#jump-to").press_sequentially("tibet censorship", delay=20)
    hit = page.locator("#jump-results .hit__text").first
    expect(hit).to_be_visible()
    expect(hit.locator("mark")).to_have_count(2)
    text = hit.inner_text()
    hit.click()
    expect(page.locator("#focus h1")).to_have_text(text)
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/\d+/$"))
    expect(page.locator(".crumbs li").first).to_be_visible()
    page.locator("#jump-to").press_sequentially("tibet", delay=20)
    expect(page.locator("#jump-results .hit").first).to_be_visible()
    page.locator("#jump-to").press("Escape")
    expect(page.locator("#jump-results .hit")).to_have_count(0)
