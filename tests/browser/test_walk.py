"""A reader walks the seed debate in Chromium: thesis, a con, back, the outline, a quote, and
the mapper's note on why a claim stands where it does."""

import re

import pytest
from django.db.models import F
from playwright.sync_api import expect

from arguments.models import Claim, Status

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"


def test_reader_walks_from_home_to_a_con_and_back(page, seeded_server):
    page.goto(seeded_server + "/")
    page.get_by_role("link", name="Walk the map").first.click()
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/$"))
    thesis = page.locator("#focus h1").inner_text()

    con = page.locator(".column--con .premise__text").first
    con_text = con.inner_text()
    con.click()
    expect(page.locator("#focus h1")).to_have_text(con_text)
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/\d+/\?path=\d+$"))
    # The swap came from htmx: the page was not reloaded, and the breadcrumbs lead home.
    expect(page.locator(".crumbs li").first).to_contain_text(thesis[:40])

    page.go_back()
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/$"))
    expect(page.locator("#focus h1")).to_have_text(thesis)
    page.go_forward()
    expect(page.locator("#focus h1")).to_have_text(con_text)


def test_breadcrumb_swaps_back_to_the_parent(page, seeded_server):
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.locator(".column--pro .premise__text").first.click()
    child = page.locator("#focus .column .premise__text:not(.premise__text--back)").first
    child_text = child.inner_text()
    child.click()
    expect(page.locator("#focus h1")).to_have_text(child_text)
    page.locator(".crumbs li a").last.click()
    expect(page.locator(".crumbs li")).to_have_count(2)


def test_outline_node_loads_its_children_when_opened(page, seeded_server):
    page.goto(f"{seeded_server}/d/{SLUG}/outline/")
    href = page.locator("details:not([open]) > .lazy a").first.get_attribute("href")
    item = page.locator(f"#node-{href.rsplit('path=', 1)[1]}")
    details = item.locator("> details")
    expect(item).to_have_attribute("aria-expanded", "false")
    # The disclosure triangle opens the branch; the claim's text is a link to its page.
    details.locator("> summary").click(position={"x": 6, "y": 12})
    expect(item).to_have_attribute("aria-expanded", "true")
    expect(details.locator("> ul[role=group] > li[role=treeitem]").first).to_be_visible()
    expect(details.locator("> .lazy")).to_have_count(0)


def test_outline_is_operable_with_the_keyboard(page, seeded_server):
    page.goto(f"{seeded_server}/d/{SLUG}/outline/")
    first = page.locator("[role=tree] > [role=treeitem]").first
    first.focus()
    page.keyboard.press("ArrowDown")
    second = page.locator("[role=tree] [role=treeitem]").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/\d+/"))


def test_quote_leads_to_the_source_reader_and_back_to_the_claim(page, seeded_server):
    claim = (
        Claim.objects.filter(debate__slug=SLUG, status=Status.APPROVED, citations__isnull=False)
        .exclude(debate__thesis=F("id"))
        .order_by("pk")
        .first()
    )
    page.goto(f"{seeded_server}/d/{SLUG}/c/{claim.pk}/")
    page.locator(".quote figcaption a").first.click()
    expect(page).to_have_url(re.compile(r"/sources/[\w-]+/#excerpt-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()
    page.locator(f"#cited-{anchor.split('-')[1]} a[href='/d/{SLUG}/c/{claim.pk}/']").click()
    expect(page.locator("#focus h1")).to_have_text(claim.text)


@pytest.mark.parametrize("width", [375, 1280])
def test_why_it_is_here_opens_under_the_quotes_and_fits_the_screen(page, seeded_server, width):
    claim = Claim.objects.get(debate__slug=SLUG, key="delicate-balance")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{seeded_server}/d/{SLUG}/c/{claim.pk}/")
    note = page.locator(".mapper-note")
    expect(note.locator("p")).not_to_be_visible()
    note.get_by_text("Why it is here").click()
    expect(note.locator("p")).to_have_text(claim.note)
    quotes = page.locator(".quotes").bounding_box()
    box = note.bounding_box()
    assert box["y"] >= quotes["y"] + quotes["height"]
    assert box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
