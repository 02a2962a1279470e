"""The focus view's keyboard shortcuts and its minimap, in Chromium."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import expect

from arguments.models import Debate
from arguments.overview import selectors as overview
from arguments.permissions import Access
from arguments.selectors.focus import focus as load_focus

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"


def claim_path(claim_id):
    return rf"/d/{SLUG}/c/{claim_id}/"


def test_keys_move_to_the_first_reason_the_parent_and_the_siblings(page, seeded_server):
    debate = Debate.objects.get(slug=SLUG)
    thesis = load_focus(slug=SLUG, user=AnonymousUser())
    second = thesis.pros[1].premises[0].claim
    here = load_focus(
        slug=SLUG, user=AnonymousUser(), claim_id=second.pk, path=str(debate.thesis_id)
    )
    assert here.first_child and here.previous_sibling and here.next_sibling

    page.goto(f"{seeded_server}/d/{SLUG}/c/{second.pk}/?path={debate.thesis_id}")
    page.keyboard.press("d")
    expect(page).to_have_url(re.compile(claim_path(here.first_child.pk)))
    expect(page.locator("#focus h1")).to_have_text(here.first_child.text)
    page.keyboard.press("u")
    expect(page).to_have_url(re.compile(claim_path(second.pk)))
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(claim_path(here.next_sibling.pk)))
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(claim_path(second.pk)))
    page.keyboard.press("Alt+p")  # with a modifier the key is the browser's, not ours
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(claim_path(here.previous_sibling.pk)))
    expect(page.locator("#focus h1")).to_have_text(here.previous_sibling.text)
    page.keyboard.press("u")
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/{debate.thesis_id}/"))
    expect(page.locator("#focus h1")).to_have_text(debate.thesis.text)


def test_question_mark_opens_the_shortcuts_and_escape_closes_them(page, seeded_server):
    page.goto(f"{seeded_server}/d/{SLUG}/")
    help_panel = page.locator("#shortcuts")
    expect(help_panel).to_be_hidden()
    page.keyboard.press("?")
    expect(help_panel).to_be_visible()
    expect(help_panel).to_contain_text("Up to the claim above")
    page.keyboard.press("u")  # keys do nothing while the list is open
    page.keyboard.press("Escape")
    expect(help_panel).to_be_hidden()
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(help_panel).to_be_visible()
    help_panel.get_by_role("button", name="Close").click()
    expect(help_panel).to_be_hidden()


def test_slash_focuses_the_search_box_and_keys_are_ignored_while_typing(page, seeded_server):
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.keyboard.press("d")
    expect(page.locator(".crumbs")).to_be_visible()
    # A fresh load of that page: htmx gives focus back to the element that had it once a
    # swap settles, which could take it from the box on a slow machine.
    page.goto(page.url)
    url = page.url
    page.keyboard.press("/")
    box = page.locator("#jump-to")
    expect(box).to_be_focused()
    page.keyboard.type("ud")
    expect(box).to_have_value("ud")
    assert page.url == url


def test_clicking_a_minimap_segment_opens_that_claim(page, seeded_server):
    debate = Debate.objects.get(slug=SLUG)
    drawing = overview.drawing(
        access=Access(AnonymousUser(), debate), params=overview.MINIMAP
    ).drawing
    target = max(
        (s for s in drawing.segments if s.depth == 2 and not s.is_aggregate), key=lambda s: s.span
    )
    page.goto(f"{seeded_server}/d/{SLUG}/")
    box = page.locator(".minimap svg").bounding_box()
    scale = box["width"] / 202
    page.mouse.click(
        box["x"] + (target.label_x + 101) * scale, box["y"] + (target.label_y + 101) * scale
    )
    expect(page).to_have_url(re.compile(claim_path(target.claim_id)))
    expect(page.locator("#focus h1")).to_have_text(target.label)
    expect(page.locator(".minimap .sb-here")).to_have_count(1)


def test_a_camp_table_cell_lists_its_arguments_in_place(page, seeded_server):
    page.goto(f"{seeded_server}/d/{SLUG}/answers/")
    page.get_by_role("link", name=re.compile(r"^PRC government on Rights groups")).click()
    expect(page).to_have_url(re.compile(r"from=prc_government&to=rights_groups$"))
    expect(page.locator("#answers-list-heading")).to_have_text("PRC government on Rights groups")
    expect(page.locator(".answer").first).to_contain_text("PRC government")
    page.get_by_role("link", name="Attacks", exact=True).click()
    expect(page).to_have_url(re.compile(r"stance=attack$"))
    expect(page.locator(".answer--pro")).to_have_count(0)


# What inside the focus view reaches past its right edge (its border), by element.
PAST_THE_CARD = """() => {
  const edge = document.querySelector("#focus").getBoundingClientRect().right;
  return [...document.querySelectorAll("#focus *")]
    .filter((el) => el.getBoundingClientRect().width && el.getBoundingClientRect().right > edge)
    .map((el) => `${el.tagName}.${el.className}`);
}"""


@pytest.mark.parametrize("width", [375, 360])
def test_the_minimaps_moves_stay_inside_the_card_on_a_phone(browser, seeded_server, width):
    # "↓ First reason" and "Next →" ran over the card's right border at a phone's width.
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{seeded_server}/d/{SLUG}/")
    expect(page.locator(".moves")).to_be_visible()
    assert page.evaluate(PAST_THE_CARD) == []
    context.close()
