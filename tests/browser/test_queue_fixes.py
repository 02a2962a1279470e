"""In Chromium, at a desk and on a phone: "Flag this link" opens its form where it was
clicked, focused; the tab's title follows the claim shown; and htmx's swaps write no
inline style the CSP would refuse (a console error on every swap)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.shots import shoot
from tests.browser.test_contribute import sign_in

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"
SIZES = {"desktop": (1280, 900), "phone": (375, 800)}


@pytest.fixture(params=sorted(SIZES))
def sized(request, browser):
    """A page at one of SIZES that fails its test on any console error or CSP refusal."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_default_timeout(10_000)
    page.size_name = request.param
    yield page
    context.close()
    assert errors == [], f"the page reported errors: {errors}"


@pytest.fixture
def reader(transactional_db):
    return get_user_model().objects.create_user("reader", password="Read-the-map-42")


def test_flag_this_link_opens_beside_the_link_focused_and_in_view(sized, seeded_server, reader):
    page = sized
    sign_in(page, seeded_server, "reader", "Read-the-map-42")
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.locator(".column--pro .premise__text").first.click()
    expect(page.locator(".crumbs li")).to_have_count(2)
    link = page.get_by_role("link", name="Flag this link").last
    link.scroll_into_view_if_needed()
    link.click()
    child = page.locator(".child", has=link)
    form = child.locator(".contribute-slot #contribute-form")
    expect(form.get_by_role("heading")).to_have_text("Flag this reason's link to its parent")
    # Nothing opened at the top of the card, and the form is where the reader is.
    expect(page.locator("#contribute")).to_be_empty()
    expect(form.locator("input[name=reason]").first).to_be_focused()
    box = form.bounding_box()
    height = page.viewport_size["height"]
    assert 0 <= box["y"] < height - 100, box
    shoot(page, f"flag-link-{page.size_name}")
    # Sending it thanks the reader in the same place.
    form.get_by_label("Off topic").check()
    form.get_by_role("button", name="Flag").click()
    expect(child.get_by_role("status")).to_contain_text("the moderators will look at your flag")


def test_the_tab_title_follows_the_claim_shown(sized, seeded_server):
    page = sized
    page.goto(f"{seeded_server}/d/{SLUG}/")
    first_title = page.title()
    pro = page.locator(".column--pro .premise__text").first
    text = pro.inner_text()
    pro.click()
    expect(page.locator("#focus h1")).to_have_text(text)
    expect(page).to_have_title(re.compile("^" + re.escape(text[:40])))
    assert page.title() != first_title
    page.go_back()
    expect(page).to_have_title(first_title)


def test_swaps_write_no_inline_style(sized, seeded_server, reader):
    page = sized
    sign_in(page, seeded_server, "reader", "Read-the-map-42")
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.get_by_role("link", name="Add a pro").first.click()
    claim_box = page.locator("#contribute-form textarea[name=text]")
    expect(claim_box).to_be_visible()
    # The reader drags the box taller (the browser gives it a style), then sends it empty:
    # the form comes back with its error, and the swap must not copy the style over.
    claim_box.evaluate("box => { box.style.height = '12rem'; }")
    page.locator("#contribute-form").get_by_role("button", name="Propose").click()
    expect(
        page.locator("#contribute-form .field__error, #contribute-form .form-errors").first
    ).to_be_visible()
    page.locator("#focus").evaluate("focus => { focus.style.minHeight = '10px'; }")
    page.locator(".column--pro .premise__text").first.click()
    expect(page.locator(".crumbs li")).to_have_count(2)
    assert page.evaluate("document.querySelectorAll('head style').length") == 0


def test_a_queue_card_rejected_without_a_reason_stays_and_is_then_rejected(
    sized, seeded_server, reader
):
    from arguments.models import Debate, Membership, Role, Stance
    from arguments.permissions import Access
    from arguments.services import propose

    page = sized
    debate = Debate.objects.get(slug=SLUG)
    Membership.objects.create(debate=debate, user=reader, role=Role.MODERATOR)
    author = get_user_model().objects.create_user("author", password="Write-the-map-42")
    propose.propose_claim(
        access=Access.load(author, debate),
        target=debate.thesis,
        stance=Stance.ATTACK,
        text="Reject me only with a reason.",
    )
    sign_in(page, seeded_server, "reader", "Read-the-map-42")
    page.goto(f"{seeded_server}/moderation/")
    card = page.locator(".queue__item", has_text="Reject me only with a reason.")
    card.get_by_role("button", name="Reject").click()
    expect(card.get_by_role("alert")).to_contain_text("Type a reason in")
    expect(card.get_by_role("button", name="Reject")).to_be_visible()
    expect(card).to_contain_text("Reject me only with a reason.")
    shoot(page, f"queue-card-{page.size_name}")
    reason = page.get_by_label("Reason (for rejections)")
    expect(reason).to_be_focused()
    reason.fill("Not one proposition.")
    card.get_by_role("button", name="Reject").click()
    expect(card.get_by_role("status")).to_contain_text("New claim rejected by reader")
    expect(card.get_by_role("button")).to_have_count(0)


def test_contributing_in_place_leaves_the_address_of_the_claim(sized, seeded_server, reader):
    # The forms opened inside the focus view inherited its hx-push-url: after a flag or a
    # proposal the address bar showed the form's POST address (…/flag/, …/propose/), and a
    # reload opened a blank form there (for a flagged link, a flag of its claim instead).
    page = sized
    sign_in(page, seeded_server, "reader", "Read-the-map-42")
    page.goto(f"{seeded_server}/d/{SLUG}/")
    thesis = page.url
    link = page.locator(".column--pro .child").first
    link.get_by_role("link", name="Flag this link").click()
    link.get_by_label("Off topic").check()
    link.get_by_role("button", name="Flag", exact=True).click()
    # The thanks shows in place, then atop the focus view as it refreshes.
    expect(page.get_by_text("the moderators will look at your flag").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.url == thesis
    page.get_by_role("link", name="Add a pro").first.click()
    page.locator("#contribute-form").get_by_role("textbox", name="Claim").fill(
        "Named prisoners are released sooner."
    )
    page.locator("#contribute-form").get_by_role("button", name="Propose").click()
    expect(page.locator(".column--pro .premise", has_text="Named prisoners")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.url == thesis
    page.reload()
    expect(page.locator("#focus h1")).not_to_have_text("")
    expect(page.locator("#contribute-form")).to_have_count(0)


def test_the_count_of_items_waiting_follows_each_decision_in_the_queue(
    sized, seeded_server, reader
):
    # It said "2 items waiting." until the page was reloaded, however many were decided.
    from arguments.models import Debate, Membership, Role, Stance
    from arguments.permissions import Access
    from arguments.services import propose

    page = sized
    debate = Debate.objects.get(slug=SLUG)
    Membership.objects.create(debate=debate, user=reader, role=Role.MODERATOR)
    author = get_user_model().objects.create_user("author", password="Write-the-map-42")
    for text in ("Approve me first.", "Approve me second."):
        propose.propose_claim(
            access=Access.load(author, debate),
            target=debate.thesis,
            stance=Stance.ATTACK,
            text=text,
        )
    sign_in(page, seeded_server, "reader", "Read-the-map-42")
    page.goto(f"{seeded_server}/moderation/")
    count = page.locator(".bulk__summary")
    expect(count).to_have_text("2 items waiting.")
    first, second = (
        page.locator(f"#{card.get_attribute('id')}") for card in page.locator(".queue__item").all()
    )
    first.get_by_role("button", name="Approve").click()
    expect(first.get_by_role("status")).to_contain_text("New claim approved by reader")
    expect(count).to_have_text("1 item waiting.")
    second.get_by_role("button", name="Approve").click()
    expect(count).to_have_text("0 items waiting.")
    expect(page.locator(".queue__item--decided")).to_have_count(2)  # the decisions stay shown
    assert page.url == f"{seeded_server}/moderation/"
