"""A debate's library in Chromium, wide and narrow: the seed's five texts with how much of
each the map quotes, a source pending review for its moderator, and the way to the reader."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arguments.models import Debate, Membership, Role
from corpus.models import DebateSource
from tests.factories import SourceFactory

from .shots import shoot
from .test_contribute import sign_in

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_library_of_the_seed_debate_reads_at_both_widths(browser, seeded_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.get_by_role("link", name="Library", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/sources/$"))
    cards = page.locator(".source-card")
    expect(cards).to_have_count(5)
    expect(cards.first).to_contain_text(re.compile(r"\d+ passages? quoted in this map"))
    expect(page.get_by_text("Pending review")).to_have_count(0)
    shoot(page, f"library-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    title = cards.first.locator("h2 a")
    name = title.inner_text()
    title.click()
    expect(page.locator("h1")).to_have_text(name)
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_moderator_sees_a_proposed_source_marked_pending(browser, seeded_server, width):
    moderator = get_user_model().objects.create_user("moderator", password="Moderate-this-42")
    debate = Debate.objects.get(slug=SLUG)
    Membership.objects.create(debate=debate, user=moderator, role=Role.MODERATOR)
    memo = SourceFactory(title="A memo someone proposed", published=None)
    DebateSource.objects.create(debate=debate, source=memo, status=DebateSource.Status.PENDING)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, seeded_server, "moderator", "Moderate-this-42")
    page.goto(f"{seeded_server}/d/{SLUG}/sources/")
    pending = page.locator(".source-card", has_text="A memo someone proposed")
    expect(pending).to_contain_text("Pending review")
    expect(pending).to_contain_text("undated")
    expect(pending).to_contain_text("Not quoted in this map yet")
    pending.scroll_into_view_if_needed()
    shoot(page, f"library-pending-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
